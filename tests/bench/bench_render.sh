#!/usr/bin/env bash
# Render: frames/s and frame-time percentiles of the real viewer (headless, HUD included) over
# a sweep of live-arc counts at each size, beside the empty globe (the baseline, same run), and
# the picture at a real rate: how many arcs 20,000 pkt/s of the demo feed draws with
# --arcs auto (per source) against per packet. Also resident memory and start-to-first-frame.
# The sweep holds its counts one arc per packet (--arcs per-packet; the demo feed's rate =
# arcs / lifetime). Each run's figures are the medians of its per-second stats lines after
# the first two seconds (the pool fills within a lifetime); p99_max is the worst second.
# Usage: bench_render.sh VIEWER [OUT.json] [SIZES] [COUNTS] [WALL_COUNTS]
#   SIZES default "1280x720 1920x1080", COUNTS "0 100 1000 5000 10000 20000 50000 100000";
#   a 3840x2160 wall runs WALL_COUNTS (default "0 10000"). SECONDS_PER_RUN=8 per run.
set -u
viewer=$1 out=${2:-bench_render.json}
sizes=${3:-"1280x720 1920x1080"}
counts=${4:-"0 100 1000 5000 10000 20000 50000 100000"}
wall_counts=${5:-"0 10000"}
secs=${SECONDS_PER_RUN:-8}
export SDL_VIDEODRIVER=offscreen
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT

# field NAME: that field of every stats line after the first two seconds, one per line
field() { awk -v k="\"$1\":" 'NR > 2 { i = index($0, k); if (i) { s = substr($0, i + length(k));
          sub(/[,}].*/, "", s); print s } }' "$tmp" | sed '$d'; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print 0 }'; }
maxof() { sort -g | tail -n 1 | awk '{ print ($1 == "" ? 0 : $1) }'; }

sep=""
echo '{"bench":"render","load":"'"$(cut -d' ' -f1-3 /proc/loadavg)"'","runs":[' >"$out"
printf '%-10s %-10s %8s %7s %7s %8s %8s %8s %8s %8s\n' size mode arcs live fps p50_ms p99_ms \
  p99_max rss_MiB start_s
run() { # SIZE ARCS MODE RATE ARGS...
  local size=$1 n=$2 mode=$3 rate=$4
  shift 4
  : >"$tmp"
  "$viewer" --headless --quiet "$@" --size "$size" --fps 0 --duration "$secs" \
    --stats "$tmp" >/dev/null 2>&1
  local live fps p50 p99 p99max rss start
  live=$(field arcs_live | median); fps=$(field fps | median)
  p50=$(field frame_ms_p50 | median); p99=$(field frame_ms_p99 | median)
  p99max=$(field frame_ms_p99 | maxof); rss=$(field rss_mib | maxof)
  start=$(field first_frame_s | maxof)
  printf '%-10s %-10s %8s %7s %7s %8s %8s %8s %8s %8s\n' "$size" "$mode" "$n" "$live" "$fps" \
    "$p50" "$p99" "$p99max" "$rss" "$start"
  printf '%s{"size":"%s","mode":"%s","arcs":%s,"rate":%s,"live":%s,"fps":%s,"frame_ms_p50":%s,"frame_ms_p99":%s,"frame_ms_p99_max":%s,"rss_mib":%s,"first_frame_s":%s}' \
    "$sep" "$size" "$mode" "$n" "$rate" "$live" "$fps" "$p50" "$p99" "$p99max" "$rss" \
    "$start" >>"$out"
  sep=","
}
sweep() { # SIZE COUNTS
  local size=$1 n
  for n in $2; do
    if [ "$n" -eq 0 ]; then
      run "$size" 0 empty 0 --connect tcp://127.0.0.1:1 --max-arcs 16
    else
      local rate=$((n * 10 / 24 + 1))
      run "$size" "$n" per-packet "$rate" --demo --rate "$rate" --arcs per-packet \
        --max-arcs $((n + n / 4 + 64))
    fi
  done
}
for size in $sizes; do sweep "$size" "$counts"; done
sweep 3840x2160 "$wall_counts"
# legible at real rates: the same 20,000 pkt/s drawn per source (auto) and per packet
run 1280x720 0 auto 20000 --demo --rate 20000
run 1280x720 0 per-packet 20000 --demo --rate 20000 --arcs per-packet
echo "]}" >>"$out"
