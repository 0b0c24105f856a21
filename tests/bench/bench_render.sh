#!/usr/bin/env bash
# Render: frames/s and frame-time percentiles of the real viewer (headless) with 0 (the
# baseline: globe and HUD only, same run), 1k, 10k, 100k and 1M live arcs, at each size.
# Also resident memory and start-to-first-frame. The demo feed fills the pool: rate =
# arcs / lifetime, so the pool stays full.
# Usage: bench_render.sh VIEWER [OUT.json] [SIZES] [COUNTS]   (SECONDS=6 per run)
set -u
viewer=$1 out=${2:-bench_render.json}
sizes=${3:-"1280x720 3840x2160"}
counts=${4:-"0 1000 10000 100000 1000000"}
secs=${SECONDS_PER_RUN:-6}
export SDL_VIDEODRIVER=offscreen
field() { echo "$2" | sed -n "s/.*\"$1\":\([-0-9.a-z]*\).*/\1/p"; }
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
printf '%-10s %9s %9s %8s %9s %9s %8s %8s\n' size arcs live fps p50_ms p99_ms rss_MiB start_s
echo '{"bench":"render","runs":[' >"$out"
sep=""
for size in $sizes; do
  for n in $counts; do
    if [ "$n" -eq 0 ]; then src="--connect tcp://127.0.0.1:1 --max-arcs 16"
    else src="--demo --rate $((n * 10 / 24 + 1)) --max-arcs $n"; fi
    "$viewer" --headless --quiet $src --size "$size" --fps 0 --duration "$secs" \
      --stats "$tmp" >/dev/null 2>&1
    # the last full second before exit
    line=$(tail -n 2 "$tmp" | head -n 1)
    live=$(field arcs_live "$line"); fps=$(field fps "$line")
    p50=$(field frame_ms_p50 "$line"); p99=$(field frame_ms_p99 "$line")
    rss=$(field rss_mib "$line"); start=$(field first_frame_s "$line")
    printf '%-10s %9s %9s %8s %9s %9s %8s %8s\n' "$size" "$n" "$live" "$fps" "$p50" "$p99" "$rss" "$start"
    printf '%s{"size":"%s","arcs":%s,"live":%s,"fps":%s,"frame_ms_p50":%s,"frame_ms_p99":%s,"rss_mib":%s,"first_frame_s":%s}' \
      "$sep" "$size" "$n" "$live" "$fps" "$p50" "$p99" "$rss" "$start" >>"$out"
    sep=","
    : >"$tmp"
  done
done
echo "]}" >>"$out"
