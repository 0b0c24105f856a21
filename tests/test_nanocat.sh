#!/usr/bin/env bash
# Interop: nanocat (a nanomsg client that knows nothing of darkglobe) publishes a JSON
# packet; the headless viewer receives, decodes and counts it.
set -u
bin=$1
command -v nanocat >/dev/null || { echo "nanocat missing (package nanomsg-utils)" >&2; exit 1; }
port=$((20000 + RANDOM % 20000))
url="tcp://127.0.0.1:$port"
stats=$(mktemp)
trap 'kill $pid 2>/dev/null; rm -f "$stats"' EXIT
msg='pkt {"ts":1509408000.25,"src":"203.0.113.9","dst":"198.51.100.20","sport":40123,"dport":23,"proto":"tcp","flags":"S","seq":3325256980,"len":40,"ttl":64,"sensor":"tokyo"}'
nanocat --pub --bind "$url" --data "$msg" --interval 0.1 &
pid=$!
SDL_VIDEODRIVER=offscreen "$bin" --headless --connect "$url" --duration 5 --fps 30 --stats "$stats"
rc=$?
last=$(tail -n 1 "$stats")
echo "$last"
[ $rc -eq 0 ] || { echo "FAIL: viewer exit $rc" >&2; exit 1; }
pkts=$(echo "$last" | sed -n 's/.*"rx_pkts":\([0-9]*\).*/\1/p')
bad=$(echo "$last" | sed -n 's/.*"malformed":\([0-9]*\).*/\1/p')
[ "${pkts:-0}" -ge 5 ] || { echo "FAIL: rx_pkts=$pkts, expected >= 5" >&2; exit 1; }
[ "${bad:-1}" -eq 0 ] || { echo "FAIL: malformed=$bad" >&2; exit 1; }
echo "ok: rx_pkts=$pkts"
