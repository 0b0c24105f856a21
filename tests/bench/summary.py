#!/usr/bin/env python3
"""One table of the benchmark suite: every figure beside its same-run baseline and the
issue's target. Reads DIR/{ingest,geo,pcap,formats,kafka,detect,e2e,render}.json, writes
DIR/summary.json."""
import json
import os
import sys

d = sys.argv[1] if len(sys.argv) > 1 else "bench"
rows = []


def load(name):
    try:
        with open(os.path.join(d, name + ".json")) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def row(area, figure, value, baseline, target, ok):
    rows.append({"area": area, "figure": figure, "value": value, "baseline": baseline,
                 "target": target, "met": ok})


ing = load("ingest")
if ing:
    f = {x["name"]: x for x in ing["figures"]}
    cached = next(v for k, v in f.items() if k.startswith("ingest, cached"))
    plain = next(v for k, v in f.items() if k.startswith("ingest, uncached"))
    row("ingest", "network path, cached geo (pkt/s, 1 core)", "%.2fM" % (cached["median"] / 1e6),
        "uncached %.2fM (%.1fx)" % (plain["median"] / 1e6, cached["median"] / plain["median"]),
        ">= 2M", cached["median"] >= 2e6)
geo = load("geo")
if geo:
    row("geo", "lookups/s with cache", "%.2fM" % (geo["cached_per_s"] / 1e6),
        "uncached %.2fM (%.1fx)" % (geo["uncached_per_s"] / 1e6, geo["ratio"]), "-", None)
pc = load("pcap")
if pc:
    f = pc["figures"]
    row("pcap", "read + publish (rec/s)", "%.2fM" % (f[2]["median"] / 1e6),
        "plain libpcap %.2fM (%.2fx)" % (f[0]["median"] / 1e6, f[2]["median"] / f[0]["median"]),
        "-", None)
fm = load("formats")
if fm:
    base = fm["figures"][0]
    for x in fm["figures"][1:]:
        row("formats", x["name"] + " (rec/s)", "%.3fM" % (x["median"] / 1e6),
            "pcap source %.2fM (%.3fx)" % (base["median"] / 1e6, x["ratio"]), "-", None)
ka = load("kafka")
if ka:
    f = ka["figures"]
    row("kafka", "consume %d partitions (mock cluster) + publish (rec/s)" % ka["partitions"],
        "%.2fM (thread CPU %.1fM)" % (f[1]["median"] / 1e6, f[1]["thread_cpu"] / 1e6),
        "file + publish %.2fM (%.2fx)" % (f[0]["median"] / 1e6, f[1]["median"] / f[0]["median"]),
        ">= 1M on one core", f[1]["median"] >= 1e6)
det = load("detect")
if det:
    for s in det["sets"]:
        row("detect", "detectors on %s (rec/s, 1 core)" % s["name"],
            "%.2fM" % (s["detect_per_s"] / 1e6),
            "decode %.2fM (%.2fx)" % (s["decode_per_s"] / 1e6, s["ratio"]), "-", None)
e2e = load("e2e")
if e2e:
    best = e2e["highest_rate_99pct"]
    row("end to end", "highest offered rate with >= 99% received", "%d pkt/s" % best,
        "offered (ratio)", ">= 1,000,000", best >= 1e6)
    for r in e2e["runs"]:
        if r["offered_pps"] == 1000000 and "latency_ms_p99" in r and r["fps"]:
            # The publisher batches up to 10 ms (its flush interval): that is the transport.
            frame = 1000.0 / r["fps"]
            frames = (r["latency_ms_p99"] - 10) / frame
            row("latency", "publication to frame p50/p99 at 1M pkt/s",
                "%.1f / %.1f ms (%.1f frames)" % (r["latency_ms_p50"], r["latency_ms_p99"], frames),
                "frame %.1f ms at %.1f fps" % (frame, r["fps"]), "p99 < 3 frames + transport",
                frames < 3)
ren = load("render")
if ren:
    runs = ren["runs"]
    base = {r["size"]: r for r in runs if r["mode"] == "empty"}
    load_avg = ren.get("load", "?")
    sweep = [r for r in runs if r["mode"] == "per-packet" and r["arcs"] > 0]
    for r in sweep:
        b = base.get(r["size"], {"fps": 0})
        target, ok = "-", None
        if r["size"] in ("1280x720", "1920x1080"):
            target = ">= 30 fps, p99 <= 50 ms"
            ok = r["fps"] >= 30 and r["frame_ms_p99"] <= 50
        if r["size"] == "3840x2160" and r["arcs"] == 10000:
            target, ok = ">= 30 fps", r["fps"] >= 30
        row("render " + r["size"], "%d arcs (live %d): fps, p50/p99 ms" % (r["arcs"], r["live"]),
            "%.1f fps, %.1f/%.1f" % (r["fps"], r["frame_ms_p50"], r["frame_ms_p99"]),
            "empty globe %.1f fps (%.2fx), load %s" % (b["fps"], r["fps"] / max(b["fps"], 1e-9),
                                                      load_avg), target, ok)
    for size in sorted({r["size"] for r in sweep}):
        rs = [r for r in sweep if r["size"] == size]
        if len(rs) < 2:
            continue
        worst = min(rs, key=lambda r: r["fps"])
        ratios = [b["fps"] / a["fps"] for a, b in zip(rs, rs[1:]) if a["fps"] > 0]
        row("render " + size, "no cliff: lowest fps over the sweep; largest drop between counts",
            "%.1f fps at %d arcs; %.2fx" % (worst["fps"], worst["arcs"], min(ratios or [1])),
            "empty globe %.1f fps" % base.get(size, {"fps": 0})["fps"], "-", None)
    real = {r["mode"]: r for r in runs if r["rate"] == 20000 and r["arcs"] == 0}
    if "auto" in real and "per-packet" in real:
        a, p = real["auto"], real["per-packet"]
        row("picture", "20,000 pkt/s demo: arcs drawn (--arcs auto: per source and port)",
            "%d arcs, %.1f fps" % (a["live"], a["fps"]),
            "per packet %d arcs, %.1f fps" % (p["live"], p["fps"]),
            "about one per source and port", None)
    big = [r for r in sweep if r["size"] == "1280x720" and r["arcs"] == 100000]
    if big and "1280x720" in base:
        row("memory", "resident with 100k live arcs", "%.0f MiB" % big[0]["rss_mib"],
            "empty globe %.0f MiB" % base["1280x720"]["rss_mib"], "-", None)
    first = max(r["first_frame_s"] for r in runs)
    row("start-up", "start to first frame (worst run)", "%.2f s" % first, "-", "< 1 s", first < 1)

w = [max(len(str(r[k])) for r in rows + [{"area": "area", "figure": "figure", "value": "value",
                                            "baseline": "baseline (same run)", "target": "target"}])
     for k in ("area", "figure", "value", "baseline", "target")]
hdr = ("area", "figure", "value", "baseline (same run)", "target")
print("  ".join(h.ljust(n) for h, n in zip(hdr, w)) + "  met")
for r in rows:
    met = "-" if r["met"] is None else ("yes" if r["met"] else "NO")
    print("  ".join(str(r[k]).ljust(n) for k, n in zip(("area", "figure", "value", "baseline",
                                                          "target"), w)) + "  " + met)
with open(os.path.join(d, "summary.json"), "w") as f:
    json.dump(rows, f, indent=1)
