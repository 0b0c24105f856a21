#!/usr/bin/env bash
# Video wall: two viewers drawing tiles 2x1:0 and 2x1:1 (the second follows the first's
# camera and clock over --sync) side by side match one double-width render of the same frame.
set -u
. "$(dirname "$0")/lib.sh"
viewer=$1 cmp=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
none="tcp://127.0.0.1:1"   # no feed: the picture is the globe, the rings and the HUD
common="--headless --quiet --connect $none --no-autorotate --fixed-dt 0.02 --frames 40 --fps 0 --panels legend,mirai"
sync="ipc://$dir/sync"
"$viewer" $common --size 1280x720 --screenshot "$dir/whole.png"
check "[ $? -eq 0 ]"
"$viewer" $common --size 640x720 --tile 2x1:0 --sync "$sync" --fps 30 --frames 80 \
  --screenshot "$dir/t0.png" &
lead=$!
"$viewer" $common --size 640x720 --tile 2x1:1 --sync "$sync" --screenshot "$dir/t1.png"
check "[ $? -eq 0 ]"
wait $lead
check "[ $? -eq 0 ]"
"$cmp" "$dir/whole.png" "$dir/t0.png" "$dir/t1.png"
check "[ $? -eq 0 ]"
"$viewer" --headless --tile 2x2:4 2>"$dir/err"
check "[ $? -eq 2 ]"
exit $fail
