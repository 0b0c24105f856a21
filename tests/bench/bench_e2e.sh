#!/usr/bin/env bash
# End to end: darkglobe-feed -> tcp loopback -> darkglobe rendering headless (1280x720).
# For each offered rate, 5 s of synthetic traffic; the figure is received/offered (the
# offered count, measured by the publisher in the same run, is the baseline). Reports the
# highest rate with >= 99% received. Usage: bench_e2e.sh VIEWER FEED [OUT.json] [RATES...]
set -u
viewer=$1 feed=$2 out=${3:-bench_e2e.json}
shift 3 2>/dev/null || shift $#
rates=${*:-"250000 500000 1000000 1500000 2000000"}
export SDL_VIDEODRIVER=offscreen
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
field() { echo "$2" | sed -n "s/.*\"$1\":\([-0-9.a-z]*\).*/\1/p"; }
best=0
printf '%-12s %12s %12s %9s %8s %12s %12s\n' "offered/s" "sent" "received" "ratio" "fps" \
  "lat_p50_ms" "lat_p99_ms"
echo '{"bench":"e2e","runs":[' >"$out"
sep=""
for r in $rates; do
  port=$((30000 + RANDOM % 20000))
  : >"$dir/v.json"
  "$viewer" --headless --quiet --connect "tcp://127.0.0.1:$port" --duration 8 --fps 60 \
    --stats "$dir/v.json" 2>/dev/null &
  vpid=$!
  ftail=$("$feed" --bind "tcp://127.0.0.1:$port" --rate "$r" --duration 5 --delay 1 -q \
    --stats - | tail -n 1)
  wait $vpid
  vtail=$(tail -n 1 "$dir/v.json")
  sent=$(field tx_pkts "$ftail"); got=$(field rx_pkts "$vtail")
  # mid-run second (the feed runs from 1 s to 6 s): frame rate and publication-to-frame latency
  mid=$(sed -n 4p "$dir/v.json")
  fps=$(field fps "$mid"); l50=$(field latency_ms_p50 "$mid"); l99=$(field latency_ms_p99 "$mid")
  ratio=$(awk -v a="$got" -v b="$sent" 'BEGIN{printf "%.4f", b ? a / b : 0}')
  printf '%-12s %12s %12s %9s %8s %12s %12s\n' "$r" "$sent" "$got" "$ratio" "$fps" "$l50" "$l99"
  printf '%s{"offered_pps":%s,"sent":%s,"received":%s,"ratio":%s,"fps":%s,"latency_ms_p50":%s,"latency_ms_p99":%s}' \
    "$sep" "$r" "$sent" "$got" "$ratio" "$fps" "$l50" "$l99" >>"$out"
  sep=","
  awk -v x="$ratio" 'BEGIN{exit !(x >= 0.99)}' && best=$r
done
echo "],\"highest_rate_99pct\":$best}" >>"$out"
echo "highest offered rate with >= 99% received: $best packets/s"
