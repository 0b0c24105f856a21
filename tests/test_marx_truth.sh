#!/usr/bin/env bash
# The real Marx 2013 honeypot log, as a new user runs it (skips when the dataset is absent):
# - darkglobe-feed --detect publishes the whole file at --speed max in at most 5x the time
#   it takes without --detect (it took about 20 minutes, 300 rows/s, before the detectors
#   closed windows lazily), and raises no Mirai alert: the log has no seq or destination.
# - darkglobe --connect takes the same burst and keeps drawing: a stats line every second,
#   no Mirai packet, host or alert, and it ends on SIGTERM within a second.
set -u
. "$(dirname "$0")/lib.sh"
viewer=$1 feed=$2 marx=$3 sensors=$4
[ -r "$marx" ] || { echo "skip: $marx absent"; exit 77; }
dir=$(mktemp -d)
trap 'kill $vpid $nc 2>/dev/null; rm -rf "$dir"' EXIT
vpid= nc=

# Times from bash itself: a helper process would add its own start-up to what is measured.
secs() { echo "$EPOCHREALTIME"; }
elapsed() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { print b - a }'; }

t0=$(secs)
"$feed" --csv "$marx" --speed max --quiet --bind "tcp://127.0.0.1:$(free_port)" \
  --stats "$dir/plain"
plain=$(elapsed "$t0")
url="tcp://127.0.0.1:$(free_port)"
timeout 120 nanocat --sub --connect "$url" --subscribe alert -A >"$dir/alerts" 2>/dev/null &
nc=$!
sleep 0.3
t0=$(secs)
timeout 100 "$feed" --csv "$marx" --speed max --quiet --bind "$url" --detect --stats "$dir/det" \
  --sensor-file "$sensors"
check "[ $? -eq 0 ]"
det=$(elapsed "$t0")
sleep 0.5
kill $nc 2>/dev/null
echo "feed: ${plain}s plain, ${det}s with --detect; $(grep -c . "$dir/alerts") alerts"
check "[ '$(field tx_pkts "$(tail -n 1 "$dir/det")")' = 451581 ]"
check "python3 -c 'import sys; sys.exit(0 if $det <= 5 * max($plain, 0.2) else 1)'"
check "! grep -qi mirai '$dir/alerts'"

# The viewer under the same burst, over a real socket.
url="tcp://127.0.0.1:$(free_port)"
"$viewer" --headless --quiet --connect "$url" --sensor-file "$sensors" --size 640x360 \
  --stats "$dir/vstats" --alerts-log "$dir/valerts" &
vpid=$!
"$feed" --csv "$marx" --speed max --quiet --bind "$url" --delay 4
sleep 5
t0=$EPOCHREALTIME
kill -TERM $vpid
wait $vpid
rc=$?
t1=$EPOCHREALTIME
stop=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')
vpid=
echo "viewer: exit $rc ${stop}s after SIGTERM; $(wc -l <"$dir/vstats") stats lines"
tail -n 1 "$dir/vstats"
check "[ $rc -eq 0 ]"
check "python3 -c 'import sys; sys.exit(0 if $stop < 1.0 else 1)'"
check "[ $(wc -l <"$dir/vstats") -ge 6 ]"
last=$(tail -n 1 "$dir/vstats")
check "[ $(field rx_pkts "$last") -gt 100000 ]"
check "[ '$(field mirai_pkts "$last")' = 0 ]"
check "[ '$(field mirai_hosts "$last")' = 0 ]"
check "! grep -qi mirai '$dir/valerts' 2>/dev/null"
exit $fail
