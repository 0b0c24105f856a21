#!/usr/bin/env bash
# The 2017 story in the viewer (issue 14): darkglobe-feed plays mirai-2017-jp with its
# detectors at x200 into a viewer with --auto-card; the Mirai-surge alert (high) opens
# its detail card at the bottom centre, between the side panels. The same run without
# --auto-card draws no card there. Arcs are filtered out (--filter port=1; counting stays
# complete) so only the card can put its navy plate in that box.
set -u
. "$(dirname "$0")/lib.sh"
viewer=$1 feed=$2 probe=$3
dir=$(mktemp -d)
fpid=
trap '[ -n "$fpid" ] && kill $fpid 2>/dev/null; rm -rf "$dir"' EXIT

run() { # NAME VIEWER_ARGS
  local url="tcp://127.0.0.1:$(free_port)"
  "$viewer" --headless --quiet --connect "$url" --no-detect --filter port=1 --fps 20 \
    --duration 10 --screenshot "$dir/$1.png" --stats "$dir/$1.stats" --alerts-log "$dir/$1.log" $2 &
  local vpid=$!
  "$feed" --scenario mirai-2017-jp --detect --speed 200 --rate 400 --duration 1100 --bind "$url" --delay 1.5 \
    --quiet >/dev/null 2>&1 &
  fpid=$!
  wait $vpid
  check "[ $? -eq 0 ]"
  kill $fpid 2>/dev/null; wait $fpid 2>/dev/null; fpid=
}

run card --auto-card
run plain ""
grep -q '"kind":"mirai-surge"' "$dir/card.log"
check "[ $? -eq 0 ]"
# the card: bottom centre of a 1280x720 window, between the columns (x 311..969)
with=$("$probe" "$dir/card.png" 330 600 950 700 plate)
without=$("$probe" "$dir/plain.png" 330 600 950 700 plate)
text=$("$probe" "$dir/card.png" 330 600 950 700 bright)
echo "card plate pixels: $with with --auto-card, $without without; text pixels $text"
check "[ ${with:-0} -gt 30000 ]"
check "[ ${with:-0} -gt $(( ${without:-0} * 3 )) ]"
check "[ ${text:-0} -gt 800 ]"
exit $fail
