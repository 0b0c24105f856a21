#!/usr/bin/env bash
# Feed state (issue 11), with the real programs: a viewer connected where nothing listens is
# "waiting", never "lost", and names the endpoint; once a publisher came and went it is "lost"
# (red, with how long ago); a file replay is "replay", not "connected". Judged on the stats
# and on the feed panel of the screenshots (bottom left).
set -u
. "$(dirname "$0")/lib.sh"
viewer=$1 feed=$2 probe=$3
dir=$(mktemp -d)
fpid=
trap '[ -n "$fpid" ] && kill $fpid 2>/dev/null; rm -rf "$dir"' EXIT
sfield() { echo "$2" | sed -n "s/.*\"$1\":\"\([a-z]*\)\".*/\1/p"; }
box="0 610 330 720" # the feed panel at 1280x720

# Nothing listens: waiting, never connected; the endpoint is written in the panel.
url="tcp://127.0.0.1:$(free_port)"
"$viewer" --headless --quiet --connect "$url" --duration 2.5 --panels feed --stats "$dir/w" \
  --screenshot "$dir/waiting.png"
check "[ $? -eq 0 ]"
w=$(tail -n 1 "$dir/w")
echo "$w"
check "[ '$(sfield feed_state "$w")' = waiting ]"
check "[ '$(field feed_connected "$w")' = false ]"
check "[ '$(field feed_lost_s "$w")' = 0.0 ]"
red=$("$probe" "$dir/waiting.png" $box red)
text=$("$probe" "$dir/waiting.png" $box bright)
echo "waiting: red $red, text $text"
check "[ '$red' = 0 ]"
check "[ ${text:-0} -gt 150 ]"

# until_state FILE STATE: waits (up to 8 s) for a stats line in that state; prints the line.
until_state() {
  local i line
  for i in $(seq 80); do
    line=$(tail -n 1 "$1" 2>/dev/null)
    [ "$(sfield feed_state "$line")" = "$2" ] && break
    sleep 0.1
  done
  echo "$line"
}

# A publisher comes and goes: waiting, connected, lost.
url="tcp://127.0.0.1:$(free_port)"
"$viewer" --headless --quiet --connect "$url" --duration 12 --fps 20 --panels feed \
  --stats "$dir/s" --screenshot "$dir/lost.png" &
vpid=$!
before=$(until_state "$dir/s" waiting)
"$feed" --rate 500 --bind "$url" --quiet >/dev/null 2>&1 &
fpid=$!
during=$(until_state "$dir/s" connected)
kill $fpid; wait $fpid; fpid=
wait $vpid
check "[ $? -eq 0 ]"
after=$(tail -n 1 "$dir/s")
echo "before: $(sfield feed_state "$before"), during: $(sfield feed_state "$during"), after: $(sfield feed_state "$after") lost $(field feed_lost_s "$after") s"
check "[ '$(sfield feed_state "$before")' = waiting ]"
check "[ '$(sfield feed_state "$during")' = connected ]"
check "[ '$(sfield feed_state "$after")' = lost ]"
check "awk 'BEGIN{exit !($(field feed_lost_s "$after") >= 1)}'"
red=$("$probe" "$dir/lost.png" $box red)
echo "lost: red $red"
check "[ ${red:-0} -gt 100 ]"

# A file replay: REPLAY (green), not a connection.
{
  echo "datetime,host,src,proto,type,spt,dpt"
  for i in $(seq 0 59); do printf '2013-03-03 21:00:%02d,groucho-tokyo,1032051418,TCP,,6000,23\n' $i; done
} >"$dir/log.csv"
"$viewer" --headless --quiet --replay "$dir/log.csv" --speed 100 --duration 2 --panels feed \
  --sensor-file "$(dirname "$0")/../assets/marx-sensors.conf" --stats "$dir/r" \
  --screenshot "$dir/replay.png"
check "[ $? -eq 0 ]"
r=$(tail -n 1 "$dir/r")
check "[ '$(sfield feed_state "$r")' = replay ]"
red=$("$probe" "$dir/replay.png" $box red)
green=$("$probe" "$dir/replay.png" $box green)
echo "replay: red $red, green $green"
check "[ '$red' = 0 ]"
check "[ ${green:-0} -gt 50 ]"
exit $fail
