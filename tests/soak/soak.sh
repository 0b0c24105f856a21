#!/usr/bin/env bash
# soak.sh - endurance test: SOAK_SECONDS of synthetic feed at SOAK_RATE packets/s over tcp
# loopback into the headless viewer. Samples the viewer's resident memory every
# SOAK_SAMPLE s and reads its --stats line each second; after SOAK_WARMUP s reports memory
# growth (max-min, slope per hour), counters that decrease (a wrap or a reset), frame
# time per window (p50/p99 from fps) and delivery. Prints a table, writes OUTDIR/soak.json,
# exits 1 when a check fails. Not part of ctest: `cmake --build B --target soak`.
# Usage: soak.sh VIEWER FEED [OUTDIR]
# Environment: SOAK_SECONDS (600) SOAK_RATE (100000) SOAK_WARMUP (60) SOAK_SAMPLE (10)
#              SOAK_WINDOW (60, seconds per frame-time window)
#              SOAK_MAX_GROWTH_MB (32: allowed RSS max-min after warm-up)
set -u
viewer=${1:?usage: soak.sh VIEWER FEED [OUTDIR]} feed=${2:?usage: soak.sh VIEWER FEED [OUTDIR]}
out=${3:-soak-out}
secs=${SOAK_SECONDS:-600} rate=${SOAK_RATE:-100000} warm=${SOAK_WARMUP:-60}
sample=${SOAK_SAMPLE:-10} window=${SOAK_WINDOW:-60} maxgrowth=${SOAK_MAX_GROWTH_MB:-32}
if [ "$warm" -ge "$secs" ]; then warm=$((secs / 5)); fi
mkdir -p "$out"
rm -f "$out/viewer.jsonl" "$out/feed.jsonl" "$out/rss.tsv"
export SDL_VIDEODRIVER=offscreen
port=$((30000 + RANDOM % 20000))

"$viewer" --headless --quiet --connect "tcp://127.0.0.1:$port" --duration $((secs + 4)) \
  --fps 60 --stats "$out/viewer.jsonl" 2>"$out/viewer.err" &
vpid=$!
"$feed" --bind "tcp://127.0.0.1:$port" --rate "$rate" --duration "$secs" --delay 2 -q \
  --stats "$out/feed.jsonl" 2>"$out/feed.err" &
fpid=$!
trap 'kill $vpid $fpid 2>/dev/null' EXIT INT TERM
echo "soak: ${secs}s at ${rate} packets/s, viewer pid $vpid, feed pid $fpid, output $out/"

# Resident memory of the viewer every $sample s while it runs.
start=$(date +%s.%N)
while kill -0 "$vpid" 2>/dev/null; do
  rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$vpid/status" 2>/dev/null)
  [ -n "$rss" ] && echo "$(awk -v a="$(date +%s.%N)" -v b="$start" 'BEGIN{printf "%.1f", a-b}') $rss" >>"$out/rss.tsv"
  sleep "$sample"
done
wait "$vpid"; vrc=$?
wait "$fpid"; frc=$?
trap - EXIT INT TERM

python3 - "$out" "$warm" "$window" "$maxgrowth" "$vrc" "$frc" "$secs" "$rate" <<'PY'
import json, sys
out, warm, window, maxgrowth, vrc, frc, secs, rate = sys.argv[1:]
warm, window, maxgrowth, vrc, frc = float(warm), float(window), float(maxgrowth), int(vrc), int(frc)
def lines(p):
    rows = []
    for l in open(p):
        try: rows.append(json.loads(l))
        except ValueError: pass
    return rows
v, f = lines(out + "/viewer.jsonl"), lines(out + "/feed.jsonl")
rss = [tuple(map(float, l.split())) for l in open(out + "/rss.tsv") if l.strip()]
fails = []
if vrc: fails.append("viewer exit status %d" % vrc)
if frc: fails.append("feed exit status %d" % frc)
if not v or not rss: fails.append("no viewer stats or memory samples")

# Memory after warm-up: spread and least-squares slope.
after = [(t, kb / 1024.0) for t, kb in rss if t >= warm] or [(t, kb / 1024.0) for t, kb in rss]
mem = {"samples": len(rss), "first_mb": rss[0][1] / 1024 if rss else 0,
       "peak_mb": max(kb for _, kb in rss) / 1024 if rss else 0}
if len(after) >= 2:
    n = len(after); mt = sum(t for t, _ in after) / n; mm = sum(m for _, m in after) / n
    den = sum((t - mt) ** 2 for t, _ in after)
    slope = sum((t - mt) * (m - mm) for t, m in after) / den * 3600 if den else 0.0
    lo, hi = min(m for _, m in after), max(m for _, m in after)
    mem.update(after_warmup_min_mb=lo, after_warmup_max_mb=hi, growth_mb=hi - lo,
               slope_mb_per_hour=slope, last_mb=after[-1][1])
    if hi - lo > maxgrowth: fails.append("RSS grew %.1f MB after warm-up (> %g)" % (hi - lo, maxgrowth))

# Counters must never decrease (a wrap or a reset would).
mono_v = ["rx_msgs", "rx_pkts", "malformed", "dropped", "geo_hits", "geo_misses", "alerts_total",
          "mirai_pkts", "frames", "bad_elements", "arcs_sampled_out", "auth_rejected"]
decreases = []
def check(rows, keys, who):
    for a, b in zip(rows, rows[1:]):
        for k in keys:
            if k in a and k in b and b[k] < a[k]:
                decreases.append("%s %s %d -> %d" % (who, k, a[k], b[k]))
check(v, mono_v, "viewer")
mono_f = sorted(k for k, x in (f[0] if f else {}).items()
                if isinstance(x, int) and not isinstance(x, bool))  # the feed's are all counters
check(f, mono_f, "feed")
if decreases: fails.append("%d counter decreases, first: %s" % (len(decreases), decreases[0]))

# Frame time per window after warm-up, from the once-a-second fps.
t0 = v[0]["uptime_s"] if v else 0
per = {}
for r in v[:-1]:  # the last line is the exit summary
    t = r["uptime_s"] - t0
    if t >= warm and r.get("fps", 0) > 0:
        per.setdefault(int((t - warm) // window), []).append(1000.0 / r["fps"])
def pct(xs, p):
    xs = sorted(xs); return xs[min(len(xs) - 1, int(round(p / 100.0 * (len(xs) - 1))))]
wins = [{"window": i, "start_s": warm + i * window, "samples": len(x), "frame_ms_p50": pct(x, 50),
         "frame_ms_p99": pct(x, 99), "fps_p50": 1000.0 / pct(x, 50)} for i, x in sorted(per.items())]
if len(wins) >= 2:
    a, b = wins[0]["frame_ms_p50"], wins[-1]["frame_ms_p50"]
    drift = (b - a) / a if a else 0
    if drift > 0.5: fails.append("median frame time grew %.0f%% from first to last window" % (drift * 100))
else:
    drift = 0.0

last_v = v[-1] if v else {}
last_f = f[-1] if f else {}
sent = last_f.get("tx_pkts", 0)
res = {"seconds": int(secs), "rate_pps": int(rate), "warmup_s": warm, "memory": mem,
       "frame_windows": wins, "frame_p50_drift": drift, "counter_decreases": decreases[:20],
       "viewer_final": last_v, "feed_final": last_f,
       "received_ratio": (last_v.get("rx_pkts", 0) / sent) if sent else 0,
       "failures": fails, "pass": not fails}
json.dump(res, open(out + "/soak.json", "w"), indent=1)

print("\nmemory (VmRSS, MB): first %.1f  peak %.1f" % (mem["first_mb"], mem["peak_mb"]))
if "growth_mb" in mem:
    print("after %gs warm-up: min %.1f  max %.1f  growth %.1f  slope %+.2f MB/h  last %.1f" %
          (warm, mem["after_warmup_min_mb"], mem["after_warmup_max_mb"], mem["growth_mb"],
           mem["slope_mb_per_hour"], mem["last_mb"]))
print("\n%-8s %8s %8s %12s %12s %8s" % ("window", "start_s", "samples", "frame_p50ms", "frame_p99ms", "fps_p50"))
for w in wins:
    print("%-8d %8.0f %8d %12.2f %12.2f %8.1f" % (w["window"], w["start_s"], w["samples"],
          w["frame_ms_p50"], w["frame_ms_p99"], w["fps_p50"]))
print("\nfeed sent %d packets; viewer received %d (%.4f), dropped %d, malformed %d, frames %d" %
      (sent, last_v.get("rx_pkts", 0), res["received_ratio"], last_v.get("dropped", 0),
       last_v.get("malformed", 0), last_v.get("frames", 0)))
print("counter decreases: %d" % len(decreases))
print("result: %s%s" % ("PASS" if not fails else "FAIL", "".join("\n  - " + x for x in fails)))
print("written: %s/soak.json" % out)
sys.exit(0 if not fails else 1)
PY
