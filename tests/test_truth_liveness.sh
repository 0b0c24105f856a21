#!/usr/bin/env bash
# Frame liveness (issue 11), with the real programs: whatever the feed does, the viewer draws
# and writes a stats line every second, and says in frame_ms_max how long its longest frame of
# that second was. Floods: a synthetic 2M packets/s with the viewer's detectors, and the Marx
# log at --speed max (no detectors; skipped when the data set is absent), each into a live
# darkglobe --connect.
set -u
. "$(dirname "$0")/lib.sh"
viewer=$1 feed=$2
marx=${3:-$(dirname "$0")/../../shared/datasets/marx/marx.csv.gz}
dir=$(mktemp -d)
fpid=
trap '[ -n "$fpid" ] && kill $fpid 2>/dev/null; rm -rf "$dir"' EXIT

flood() { # NAME VIEWER_ARGS -- FEED_ARGS...
  local name=$1 vargs=$2
  shift 2
  local url="tcp://127.0.0.1:$(free_port)" stats="$dir/$name.stats"
  "$viewer" --headless --quiet --connect "$url" --size 960x540 --duration 9 $vargs \
    --stats "$stats" 2>/dev/null &
  local vpid=$!
  sleep 1
  "$feed" "$@" --bind "$url" --quiet >/dev/null 2>&1 &
  fpid=$!
  wait $vpid
  check "[ $? -eq 0 ]"
  kill $fpid 2>/dev/null; wait $fpid 2>/dev/null; fpid=
  local lines gap worst pkts
  lines=$(wc -l <"$stats")
  gap=$(sed -n 's/.*"t":\([0-9.]*\).*/\1/p' "$stats" | awk 'NR>1 && $1-p>m {m=$1-p} {p=$1} END {print m+0}')
  worst=$(grep -o '"frame_ms_max":[0-9.]*' "$stats" | cut -d: -f2 | sort -n | tail -n 1)
  pkts=$(field rx_pkts "$(tail -n 1 "$stats")")
  echo "$name: $lines stats lines, longest gap $gap s, longest frame ${worst:-none} ms, $pkts packets"
  check "[ $lines -ge 4 ]" # one a second once started (start-up is slow on a busy box)
  check "awk 'BEGIN{exit !($gap < 1.7)}'" # a second, and at most a frame late
  check "[ -n '$worst' ] && awk 'BEGIN{exit !($worst < 1000)}'"
  check "[ ${pkts:-0} -gt 100000 ]"
}

flood synthetic "" --rate 2000000
if [ -r "$marx" ]; then
  flood marx "" --csv "$marx" --speed max --loop
else
  echo "SKIP the Marx flood: $marx not found"
fi
exit $fail
