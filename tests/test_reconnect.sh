#!/usr/bin/env bash
# Publisher gone: the viewer shows the feed lost, keeps running, and resumes by itself
# within a second of the publisher coming back.
set -u
. "$(dirname "$0")/lib.sh"
viewer=$1 pub=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
url="tcp://127.0.0.1:$(free_port)"
"$viewer" --headless --connect "$url" --duration 9 --fps 20 --stats "$dir/stats" &
vpid=$!
"$pub" "$url" steady 2 >/dev/null          # up for ~2 s, then gone
sleep 3                                       # lost for 3 s
lost=$(tail -n 1 "$dir/stats")
"$pub" "$url" steady 2.5 >/dev/null &         # back
ppid=$!
sleep 1.2
back=$(tail -n 1 "$dir/stats")
wait $ppid
wait $vpid; rc=$?
echo "lost: $lost"; echo "back: $back"
check "[ $rc -eq 0 ]"
check "[ '$(field feed_connected "$lost")' = false ]"
check "awk 'BEGIN{exit !($(field feed_lost_s "$lost") >= 0.5)}'"
check "[ '$(field feed_connected "$back")' = true ]"
check "[ $(field rx_pkts "$back") -gt $(field rx_pkts "$lost") ]"
check "[ $(field frames "$lost") -gt 0 ]"
exit $fail
