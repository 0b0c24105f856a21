#!/usr/bin/env bash
# Alerts depend on feed time and the packets alone: a recording of the mirai-2017-jp scenario
# replayed at x60, x1000, x100000 and max, through darkglobe-feed --detect and in the viewer,
# raises the same alerts (kind, title, feed time, count) every time. Before the fix the
# viewer's detectors advanced on the replay clock, ahead of the packets: x100,000 raised
# hundreds of alerts at one timestamp and x10,000 none.
set -u
. "$(dirname "$0")/lib.sh"
viewer=$1 feed=$2 geo=$3
dir=$(mktemp -d)
trap 'kill $rpid 2>/dev/null; rm -rf "$dir"' EXIT
rpid=

# (kind, title, feed time, count) of each alert, sorted: what must not depend on speed.
summary() {
  python3 -c '
import json, sys
rows = []
for line in open(sys.argv[1]):
    line = line.strip()
    if line.startswith("alert "): line = line[6:]
    if not line.startswith("{"): continue
    a = json.loads(line)
    rows.append("%s|%s|%.6f|%d" % (a["kind"], a["title"], a["ts"], a.get("count", 1)))
print("\n".join(sorted(rows)))' "$1"
}

# The scenario recorded once (the synthetic feed is stamped from the wall clock).
record() {
  local url="tcp://127.0.0.1:$(free_port)"
  "$feed" --connect "$url" --record "$dir/rec.pcapng" --quiet --stats "$dir/rstats" &
  rpid=$!
  "$feed" --bind "$url" --delay 1 --synthetic --scenario mirai-2017-jp --rate 200 \
    --duration 1000 --speed 2000 --quiet
  sleep 1
  kill -TERM $rpid
  wait $rpid
  rpid=
  [ "$(field rx_pkts "$(tail -n 1 "$dir/rstats")")" = 200000 ]
}
for try in 1 2 3; do record && break; done
check "[ '$(field rx_pkts "$(tail -n 1 "$dir/rstats")")' = 200000 ]"

feed_alerts() {
  local url="tcp://127.0.0.1:$(free_port)" out="$dir/feed-$1"
  timeout 60 nanocat --sub --connect "$url" --subscribe alert -A >"$out" 2>/dev/null &
  local nc=$!
  sleep 0.3
  "$feed" --bind "$url" --delay 0.7 --replay "$dir/rec.pcapng" --speed "$1" --detect \
    --geoip "$geo" --quiet
  sleep 0.5
  kill $nc 2>/dev/null
  wait $nc 2>/dev/null
  summary "$out" >"$out.sum"
}

viewer_alerts() {
  local out="$dir/viewer-$1"
  "$viewer" --headless --quiet --replay "$dir/rec.pcapng" --speed "$1" --geoip "$geo" \
    --alerts-log "$out" --duration "$2" --fps 20 --size 320x180
  check "[ $? -eq 0 ]"
  summary "$out" >"$out.sum"
}

feed_alerts max
ref="$dir/feed-max.sum"
cat "$ref"
check "[ $(wc -l <"$ref") -ge 3 ]"
check "grep -q '^new-port|New port 52869/tcp' '$ref'"
check "grep -q '^port-surge|Surge on 52869/tcp' '$ref'"
check "grep -q '^mirai-surge|Mirai-family surge from JP' '$ref'"
for s in 60 1000 100000; do
  feed_alerts $s
  check "diff '$ref' '$dir/feed-$s.sum'"
done
viewer_alerts 60 26
viewer_alerts 1000 8
viewer_alerts 100000 6
for s in 60 1000 100000; do
  check "diff '$ref' '$dir/viewer-$s.sum'"
done
exit $fail
