#!/usr/bin/env bash
# darkglobe --replay: a CSV log and a darkglobe-feed recording replayed by the viewer itself;
# every row arrives, the HUD clock runs in replay time (checked through the stats), exit 0.
set -u
. "$(dirname "$0")/lib.sh"
viewer=$1 feed=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
{
  echo "datetime,host,src,proto,type,spt,dpt"
  for i in $(seq 0 299); do
    printf '2013-03-03 21:%02d:%02d,groucho-tokyo,1032051418,TCP,,6000,23\n' $((i / 60)) $((i % 60))
  done
  echo "this is not a row"
} >"$dir/log.csv"
"$viewer" --headless --quiet --replay "$dir/log.csv" --sensor-file \
  "$(dirname "$0")/../assets/marx-sensors.conf" --speed 1000 --duration 3 --fps 30 \
  --stats "$dir/stats" --screenshot "$dir/replay.png"
check "[ $? -eq 0 ]"
last=$(tail -n 1 "$dir/stats")
echo "$last"
check "[ '$(field rx_pkts "$last")' = 300 ]"
check "[ '$(field geo_misses "$last")' = 0 ]"
check "[ -s '$dir/replay.png' ]"
# A missing file is the user's to fix: exit 2, as for any bad option value.
"$viewer" --headless --replay /nonexistent.pcap --frames 2 2>"$dir/err"
check "[ $? -eq 2 ]"
check "grep -q 'replay: /nonexistent' '$dir/err'"
exit $fail
