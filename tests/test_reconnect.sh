#!/usr/bin/env bash
# Publisher gone: the viewer shows the feed lost, keeps running, and resumes by itself
# within a second of the publisher coming back.
set -u
. "$(dirname "$0")/lib.sh"
viewer=$1 pub=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
url="tcp://127.0.0.1:$(free_port)"
"$viewer" --headless --connect "$url" --duration 11 --fps 20 --stats "$dir/stats" &
vpid=$!
"$pub" "$url" steady 2 >/dev/null          # up for ~2 s, then gone
sleep 3                                       # lost for 3 s
lost=$(tail -n 1 "$dir/stats")
"$pub" "$url" steady 3.5 >/dev/null &         # back
ppid=$!
# Resumed: the first stats line after the publisher's return that is connected with more
# packets. A stats line comes each second, so this reads within about a second of it; a
# slow (sanitizer) publisher may take longer to connect, hence up to 2.5 s.
for i in $(seq 25); do
  sleep 0.1
  back=$(tail -n 1 "$dir/stats")
  [ "$(field feed_connected "$back")" = true ] &&
    [ "$(field rx_pkts "$back")" -gt "$(field rx_pkts "$lost")" ] && break
done
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
