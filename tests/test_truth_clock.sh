#!/usr/bin/env bash
# One clock on screen (issue 11), with the real programs: darkglobe-feed plays the 2017
# scenario at x60 with its detectors into a live darkglobe --connect. Everything on screen runs
# on feed time: the stats say 2017-10-31 and x60, the clock panel carries the amber feed label
# (a wall-time demo has none), alert log lines carry the feed's 2017 times, minutes of feed time
# apart, and their receive time; an absolute --start dates the scenario elsewhere.
set -u
. "$(dirname "$0")/lib.sh"
viewer=$1 feed=$2 probe=$3
dir=$(mktemp -d)
fpid=
trap '[ -n "$fpid" ] && kill $fpid 2>/dev/null; rm -rf "$dir"' EXIT
T2017=1509440400 # 2017-10-31T09:00:00Z, the scenario's date
url="tcp://127.0.0.1:$(free_port)"
"$feed" --scenario mirai-2017-jp --detect --speed 60 --rate 1500 --duration 1000 --bind "$url" \
  --delay 2 --quiet >/dev/null 2>&1 &
fpid=$!
t0=$(date +%s)
"$viewer" --headless --quiet --connect "$url" --no-detect --no-autorotate --duration 21 --fps 20 \
  --size 1280x720 --panels clock,feed --alerts-log "$dir/alerts.log" --stats "$dir/stats" \
  --screenshot "$dir/feed.png"
check "[ $? -eq 0 ]"
t1=$(date +%s)
wait $fpid; fpid=
last=$(tail -n 1 "$dir/stats")
echo "$last"
ft=$(field feed_time "$last")
check "awk 'BEGIN{exit !($ft > $T2017 + 900 && $ft < $T2017 + 1200)}'"
# the speed is estimated while packets flow (the feed ends before the viewer): the median
best=$(grep -o '"feed_speed":[0-9.]*' "$dir/stats" | cut -d: -f2 | grep -v '^0.00$' | sort -n |
  awk '{v[NR]=$1} END {print NR ? v[int((NR + 1) / 2)] : 0}')
echo "feed speed estimated at x$best (median)"
check "awk 'BEGIN{exit !($best > 50 && $best < 70)}'"
amber=$("$probe" "$dir/feed.png" 985 15 1265 112 amber)
echo "amber pixels in the clock panel: $amber"
check "[ ${amber:-0} -gt 150 ]"
cat "$dir/alerts.log"
n=$(grep -c '"ts":' "$dir/alerts.log")
check "[ $n -ge 3 ]"
ts=$(sed -n 's/.*"ts":\([0-9.]*\).*/\1/p' "$dir/alerts.log")
recv=$(sed -n 's/.*"recv_ts":\([0-9.]*\).*/\1/p' "$dir/alerts.log")
check "[ $(echo "$recv" | grep -c .) -eq $n ]"
for t in $ts; do check "awk 'BEGIN{exit !($t >= $T2017 + 700 && $t < $T2017 + 1000)}'"; done
for r in $recv; do check "awk 'BEGIN{exit !($r >= $t0 - 1 && $r <= $t1 + 1)}'"; done
span=$(echo "$ts" | sort -n | awk 'NR==1{a=$1} {b=$1} END{print b-a}')
echo "alerts span $span feed seconds"
check "awk 'BEGIN{exit !($span > 150)}'"

# The wall-time demo: one clock, no feed label.
"$viewer" --headless --quiet --demo --no-autorotate --frames 30 --fps 0 --panels clock,feed --filter port=1 \
  --screenshot "$dir/demo.png"
check "[ $? -eq 0 ]"
amber=$("$probe" "$dir/demo.png" 985 15 1265 112 amber)
check "[ '$amber' = 0 ]"

# An absolute --start dates the scenario (here 2020-02-02T00:00:00Z = 1580601600).
url="tcp://127.0.0.1:$(free_port)"
"$feed" --scenario mirai-2017-jp --start 2020-02-02T00:00:00Z --rate 300 --duration 30 \
  --bind "$url" --delay 1 --quiet >/dev/null 2>&1 &
fpid=$!
"$viewer" --headless --quiet --connect "$url" --no-detect --duration 4 --fps 20 \
  --stats "$dir/stats2"
kill $fpid; wait $fpid; fpid=
ft=$(field feed_time "$(tail -n 1 "$dir/stats2")")
echo "feed time with --start 2020-02-02: $ft"
check "awk 'BEGIN{exit !($ft >= 1580601600 && $ft < 1580601600 + 20)}'"
exit $fail
