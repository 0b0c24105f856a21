#!/usr/bin/env bash
# --output-ppm-stream: a short file replay becomes a PPM stream with exactly one frame per
# 1/framerate of replay time (no dropped or doubled frames), each of the window's size; and
# F12-style numbered screenshots land in --screenshot-dir.
set -u
. "$(dirname "$0")/lib.sh"
viewer=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
{
  echo "datetime,host,src,proto,type,spt,dpt"
  for i in $(seq 0 39); do printf '2013-03-03 21:00:%02d,groucho-tokyo,1032051418,TCP,,6000,23\n' "$i"; done
} >"$dir/log.csv"
"$viewer" --headless --quiet --replay "$dir/log.csv" --sensor-file \
  "$(dirname "$0")/../assets/marx-sensors.conf" --speed 10 --size 320x180 \
  --output-ppm-stream "$dir/out.ppm" --output-framerate 10 --frames 25
check "[ $? -eq 0 ]"
frame=$((15 + 320 * 180 * 3))   # "P6\n320 180\n255\n" + pixels
size=$(stat -c %s "$dir/out.ppm")
echo "stream: $size bytes, $((size / frame)) frames"
check "[ $size -eq $((25 * frame)) ]"
check "[ \"\$(head -c 2 '$dir/out.ppm')\" = P6 ]"
# the whole file (39 s of log at x10 = 3.9 s = 39 frames at 10 fps), ended by the end of the file
"$viewer" --headless --quiet --replay "$dir/log.csv" --sensor-file \
  "$(dirname "$0")/../assets/marx-sensors.conf" --speed 10 --size 320x180 \
  --output-ppm-stream - --output-framerate 10 >"$dir/all.ppm"
check "[ $? -eq 0 ]"
n=$(( $(stat -c %s "$dir/all.ppm") / frame ))
echo "whole replay: $n frames"
check "[ $n -ge 38 ] && [ $n -le 42 ]"
exit $fail
