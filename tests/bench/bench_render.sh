#!/usr/bin/env bash
# Render: frames/s and frame-time percentiles of the real viewer (headless, HUD included) over
# a sweep of live-arc counts at each size, beside the empty globe (the baseline, same run), and
# the picture at a real rate: how many arcs 20,000 pkt/s of the demo feed draws with
# --arcs auto (per source) against per packet. Also resident memory and start-to-first-frame.
# The sweep holds its counts one arc per packet (--arcs per-packet; the demo feed's rate =
# arcs / lifetime). A run's figures are the medians of its per-second stats lines after the
# first two seconds (the pool fills within a lifetime); p99_max is the worst second. With
# REPEAT=N every run is repeated N times, the repetitions interleaved (a burst of load from
# elsewhere on a shared machine then hits one repetition, not one row), and the medians of the
# repetitions are reported.
# Usage: bench_render.sh VIEWER [OUT.json] [SIZES] [COUNTS] [WALL_COUNTS]
#   SIZES default "1280x720 1920x1080", COUNTS "0 100 1000 5000 10000 20000 50000 100000";
#   a 3840x2160 wall runs WALL_COUNTS (default "0 10000"; "" for none). SECONDS_PER_RUN=8,
#   REPEAT=1.
set -u
viewer=$1 out=${2:-bench_render.json}
sizes=${3:-"1280x720 1920x1080"}
counts=${4:-"0 100 1000 5000 10000 20000 50000 100000"}
wall_counts=${5-"0 10000"}
secs=${SECONDS_PER_RUN:-8}
repeat=${REPEAT:-1}
export SDL_VIDEODRIVER=offscreen
tmp=$(mktemp)
results=$(mktemp -d)
trap 'rm -rf "$tmp" "$results"' EXIT

# field NAME: that field of every stats line after the first two seconds, one per line
field() { awk -v k="\"$1\":" 'NR > 2 { i = index($0, k); if (i) { s = substr($0, i + length(k));
          sub(/[,}].*/, "", s); print s } }' "$tmp" | sed '$d'; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print 0 }'; }
maxof() { sort -g | tail -n 1 | awk '{ print ($1 == "" ? 0 : $1) }'; }

# measure KEY ARGS...: one run of the viewer; appends its figures to $results/KEY
measure() {
  local key=$1
  shift
  : >"$tmp"
  "$viewer" --headless --quiet "$@" --fps 0 --duration "$secs" --stats "$tmp" >/dev/null 2>&1
  echo "$(field arcs_live | median) $(field fps | median) $(field frame_ms_p50 | median)" \
    "$(field frame_ms_p99 | median) $(field frame_ms_p99 | maxof) $(field rss_mib | maxof)" \
    "$(field first_frame_s | maxof)" >>"$results/$key"
}
col() { awk -v c="$2" '{ print $c }' "$results/$1"; }

sep=""
# report KEY SIZE MODE ARCS RATE: the medians of KEY's repetitions, as a line and a JSON run
report() {
  local k=$1 live fps p50 p99 p99max rss start
  live=$(col "$k" 1 | median); fps=$(col "$k" 2 | median); p50=$(col "$k" 3 | median)
  p99=$(col "$k" 4 | median); p99max=$(col "$k" 5 | maxof); rss=$(col "$k" 6 | maxof)
  start=$(col "$k" 7 | maxof)
  printf '%-10s %-10s %8s %7s %7s %8s %8s %8s %8s %8s\n' "$2" "$3" "$4" "$live" "$fps" "$p50" \
    "$p99" "$p99max" "$rss" "$start"
  printf '%s{"size":"%s","mode":"%s","arcs":%s,"rate":%s,"live":%s,"fps":%s,"frame_ms_p50":%s,"frame_ms_p99":%s,"frame_ms_p99_max":%s,"rss_mib":%s,"first_frame_s":%s}' \
    "$sep" "$2" "$3" "$4" "$5" "$live" "$fps" "$p50" "$p99" "$p99max" "$rss" "$start" >>"$out"
  sep=","
}

# The runs, each "KEY|SIZE|MODE|ARCS|RATE|VIEWER ARGS".
configs=()
add_sweep() { # SIZE COUNTS
  local n rate
  for n in $2; do
    if [ "$n" -eq 0 ]; then
      configs+=("$1-0|$1|empty|0|0|--connect tcp://127.0.0.1:1 --max-arcs 16")
    else
      rate=$((n * 10 / 24 + 1))
      configs+=("$1-$n|$1|per-packet|$n|$rate|--demo --rate $rate --arcs per-packet --max-arcs $((n + n / 4 + 64))")
    fi
  done
}
for size in $sizes; do add_sweep "$size" "$counts"; done
add_sweep 3840x2160 "$wall_counts"
# legible at real rates: the same 20,000 pkt/s drawn per source (auto) and per packet
configs+=("real-auto|1280x720|auto|0|20000|--demo --rate 20000")
configs+=("real-pp|1280x720|per-packet|0|20000|--demo --rate 20000 --arcs per-packet")

load0=$(cut -d' ' -f1-3 /proc/loadavg)
for ((r = 0; r < repeat; r++)); do
  for c in "${configs[@]}"; do
    IFS='|' read -r key size _ _ _ args <<<"$c"
    # shellcheck disable=SC2086
    measure "$key" $args --size "$size"
  done
done
load1=$(cut -d' ' -f1-3 /proc/loadavg)

echo "{\"bench\":\"render\",\"load\":\"$load0 -> $load1\",\"repeat\":$repeat,\"runs\":[" >"$out"
echo "load average $load0 -> $load1, $repeat repetition(s) of $secs s"
printf '%-10s %-10s %8s %7s %7s %8s %8s %8s %8s %8s\n' size mode arcs live fps p50_ms p99_ms \
  p99_max rss_MiB start_s
for c in "${configs[@]}"; do
  IFS='|' read -r key size mode n rate _ <<<"$c"
  report "$key" "$size" "$mode" "$n" "$rate"
done
echo "]}" >>"$out"
