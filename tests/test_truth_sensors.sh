#!/usr/bin/env bash
# Sensor placement (issue 11), with the real programs: a Marx-style log replayed without its
# sensor file draws no arc; the viewer says so once on stderr (how many, and --sensor-file)
# and keeps an amber hint at the top of the screen. With the sensor file: no warning, no hint,
# every packet placed. The real Marx log too, when present (/work/shared/datasets/marx).
set -u
. "$(dirname "$0")/lib.sh"
viewer=$1 probe=$2
here=$(dirname "$0")
marx=${3:-$here/../../shared/datasets/marx/marx.csv.gz}
sensors="$here/../assets/marx-sensors.conf"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
top="330 0 950 60" # between the side panels, above the globe, at 1280x720
{
  echo "datetime,host,src,proto,type,spt,dpt"
  for i in $(seq 0 199); do
    printf '2013-03-03 21:%02d:%02d,groucho-tokyo,1032051418,TCP,,6000,23\n' $((i / 60)) $((i % 60))
  done
} >"$dir/log.csv"

run() { # NAME ARGS...: replay, stats in $dir/NAME.stats, stderr in $dir/NAME.err
  local name=$1
  shift
  "$viewer" --headless --quiet --replay "$@" --duration 3 --fps 20 --stats "$dir/$name.stats" \
    --screenshot "$dir/$name.png" 2>"$dir/$name.err"
  check "[ $? -eq 0 ]"
}

run bare "$dir/log.csv" --speed 1000
last=$(tail -n 1 "$dir/bare.stats")
cat "$dir/bare.err"
check "[ '$(field dst_unplaced "$last")' = 200 ]"
check "[ '$(field rx_pkts "$last")' = 200 ]"
check "[ $(grep -c 'match no sensor' "$dir/bare.err") -eq 1 ]"
check "grep -q -- '--sensor-file' '$dir/bare.err'"
check "grep -Eq '[0-9,]+ of [0-9,]+ packets' '$dir/bare.err'"
amber=$("$probe" "$dir/bare.png" $top amber)
echo "hint pixels without the sensor file: $amber"
check "[ ${amber:-0} -gt 300 ]"

run placed "$dir/log.csv" --speed 1000 --sensor-file "$sensors"
last=$(tail -n 1 "$dir/placed.stats")
check "[ '$(field dst_unplaced "$last")' = 0 ]"
check "[ '$(field geo_misses "$last")' = 0 ]"
check "! grep -q 'match no sensor' '$dir/placed.err'"
check "[ '$("$probe" "$dir/placed.png" $top amber)' = 0 ]"

if [ -r "$marx" ]; then
  run marx "$marx" --speed 100000
  last=$(tail -n 1 "$dir/marx.stats")
  cat "$dir/marx.err"
  echo "marx without sensors: $(field dst_unplaced "$last") of $(field rx_pkts "$last") unplaced"
  check "[ $(field dst_unplaced "$last") -gt 0 ]"
  check "[ $(grep -c 'match no sensor' "$dir/marx.err") -eq 1 ]"
  check "[ $("$probe" "$dir/marx.png" $top amber) -gt 300 ]"
  run marx_placed "$marx" --speed 100000 --sensor-file "$sensors"
  last=$(tail -n 1 "$dir/marx_placed.stats")
  check "[ '$(field dst_unplaced "$last")' = 0 ]"
  check "[ $(field geo_hits "$last") -gt 0 ]"
  check "! grep -q 'match no sensor' '$dir/marx_placed.err'"
else
  echo "SKIP the Marx part: $marx not found"
fi
exit $fail
