#!/usr/bin/env bash
# A flood the viewer cannot keep up with: the publisher never blocks, the viewer counts
# what it drops, stays responsive and exits 0; nothing accepted is lost uncounted.
set -u
. "$(dirname "$0")/lib.sh"
viewer=$1 pub=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
url="tcp://127.0.0.1:$(free_port)"
# The viewer outlives the flood (about 2 s here, 8-9 s in a sanitizer build), so everything
# sent is either received or counted lost by the time it writes its last line.
"$viewer" --headless --connect "$url" --duration 12 --fps 30 --max-arcs 20000 --stats "$dir/stats" &
vpid=$!
start=$(date +%s.%N)
out=$("$pub" "$url" flood 3000000)
took=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN{print b - a}')
wait $vpid; rc=$?
last=$(tail -n 1 "$dir/stats")
echo "publisher: $out in ${took}s"; echo "viewer: $last"
check "[ $rc -eq 0 ]"
rx=$(field rx_pkts "$last"); dropped=$(field dropped "$last"); hits=$(field geo_hits "$last")
miss=$(field geo_misses "$last")
check "[ $rx -gt 0 ]"
check "[ $((hits + miss)) -eq $rx ]"
# What PUB dropped on the way shows as gaps in the batches' sequence: received plus lost
# batches account for everything sent (batches of 8192, the last one partial).
lost=$(field lost_msgs "$last")
echo "lost batches: $lost"
check "[ $((rx + lost * 8192)) -ge $((3000001 - 8192)) ] && [ $((rx + lost * 8192)) -le $((3000001 + 8192)) ]"
check "[ $(field frames "$last") -gt 30 ]"
check "awk 'BEGIN{exit !($took < 20)}'"
check "[ $lost -gt 0 ] || [ $rx -eq 3000001 ]"
exit $fail
