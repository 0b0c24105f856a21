/* tstats.h - traffic statistics for the HUD: live rate, sliding 1 min / 1 h / 24 h totals,
 * top destination ports and source countries, Mirai-fingerprinted hosts.
 * Owns: dgts (all counters, fixed size: memory never grows with uptime or traffic) and the
 * dgts_view snapshot the HUD reads. GL-free.
 * Threads: render thread only (fed with the dg_event batches it drains each frame).
 *
 * Time is packet (feed) time, never the wall clock, so replays at any speed and tests with
 * synthetic timestamps see the same windows:
 *   - 64 x 1 s buckets: the live rate (the packets of the last completed second: a source
 *     whose timestamps have whole seconds delivers a second's packets at its start, so a
 *     partial second would read up to twice the rate) and the 60 s sparkline; "last 1 min"
 *     sums the last 60 of them (59-60 s, sliding).
 *   - 60 x 1 min buckets: "last 1 h" (59-60 min).
 *   - 144 x 10 min buckets: "last 24 h" (23h50-24h).
 *   - ports: exact 64-bit counts per (port, TCP|UDP) plus per IP protocol for port-less
 *     protocols, since start; countries: exact counts per ISO code, since start.
 *   - top lists over a chosen window (dgts_set_window: last 1 min, 10 min, 1 h or since
 *     start): ports from 10 s buckets that each keep their DGTS_BUCKET_TOP busiest ports
 *     (exact counts for the bucket in progress), countries from exact 10 s and 1 min rings.
 *     Each row carries a trend: the newest part of the window against the rest.
 *     Top-10 lists are rescanned at most every DGTS_TOP_PERIOD s of feed time, not per packet.
 *   - scanner-tool hosts per country: a fixed table of recent tagged sources (address hash,
 *     country, tools, the minutes it was active) gives hosts per (tool, country) over the
 *     last 5 minutes and the 5 before, for the top countries of each tool and their trend.
 *   - Mirai hosts: HyperLogLog sketches (approx. distinct, ~1.6% error; exact-ish below a
 *     few hundred hosts): one per minute over the last DGTS_MIRAI_NOW_MIN minutes ("now",
 *     4-5 min sliding) and one since start (~0.8% error).
 * Late packets (real feeds interleave sensors: the Marx log's run up to 22 minutes behind)
 * count in the windows' slots of their own time, while those are still inside the window;
 * an event marked DGE_TIME_JUMP (a replay's seek or loop; a live feed that went back and
 * stayed back, feedclock.h), or a jump back of more than
 * DGTS_LATE_S (a live feed whose clock was reset), restarts the time windows (not the tops). */
#ifndef DG_TSTATS_H
#define DG_TSTATS_H

#include "event.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DGTS_TOP 10
#define DGTS_SPARK 60
#define DGTS_TOP_PERIOD 0.25
#define DGTS_MIRAI_NOW_MIN 5
#define DGTS_LATE_S 1800 /* behind the newest by more: a jump back, not a late packet */
#define DGTS_BUCKET_S 10   /* port and country buckets of the windowed tops */
#define DGTS_BUCKET_TOP 48 /* ports kept per closed 10 s bucket */
#define DGTS_TOOL_CC 3     /* countries listed per scanner tool */
#define DGTS_HOSTS 16384   /* tagged sources remembered for the per-country host counts */

/* The window of the top lists. */
enum dgts_window { DGTS_W_1M, DGTS_W_10M, DGTS_W_1H, DGTS_W_ALL, DGTS_W_COUNT };

/* Trend of a row: the newest part of the window (10 s of 1 min, 1 min of 10 min, the last
 * 10 min of 1 h or since start) against the rest of it, as rates. */
enum dgts_trend { DGTS_STEADY = 0, DGTS_RISING = 1, DGTS_FALLING = -1 };

typedef struct dgts dgts;

/* A top destination: proto is the IP protocol number; port is meaningful only for TCP/UDP. */
typedef struct dgts_port {
    uint16_t port;
    uint8_t proto;
    uint64_t pkts; /* in the window */
    double share;  /* of all packets in the window, 0..1 */
    int8_t trend;  /* enum dgts_trend */
} dgts_port;

typedef struct dgts_country {
    char cc[3]; /* "" for sources with no country */
    uint64_t pkts;
    double share;
    int8_t trend;
} dgts_country;

/* Distinct sources of one scanner tool from one country: last 5 min and the 5 before. */
typedef struct dgts_tool_cc {
    char cc[3];
    uint32_t now, prev;
} dgts_tool_cc;

typedef struct dgts_view {
    double now;              /* newest packet time seen (feed time) */
    double rate;             /* packets in the last completed second of feed time */
    enum dgts_window window; /* of ports[] and countries[] */
    uint64_t window_pkts;    /* packets in that window (the shares' denominator) */
    uint64_t last_1m, last_1h, last_24h, total;
    float spark[DGTS_SPARK]; /* packets per completed second, oldest first */
    int n_ports, n_countries;
    dgts_port ports[DGTS_TOP]; /* most packets first */
    dgts_country countries[DGTS_TOP];
    uint64_t cls_pkts[DG_CLS_COUNT];
    uint64_t mirai_pkts;
    uint64_t mirai_hosts_now;   /* distinct Mirai-fingerprinted sources, last 5 min */
    uint64_t mirai_hosts_total; /* distinct since start */
    /* Per scanner tool (DG_TOOL_* bit index, fingerprint.h; index 0 is Mirai, as above). */
    uint64_t tool_pkts[DG_TOOL_COUNT];
    uint64_t tool_hosts_now[DG_TOOL_COUNT];   /* distinct sources, last 5 min */
    uint64_t tool_hosts_total[DG_TOOL_COUNT]; /* distinct since start */
    /* From the host table: sources per tool in the last 5 min and the 5 before (trend), and
     * the tool's top countries by sources now. */
    uint32_t tool_tbl_now[DG_TOOL_COUNT], tool_tbl_prev[DG_TOOL_COUNT];
    bool tool_trend_valid; /* 10 minutes seen: "the 5 before" is not just the start-up */
    int n_tool_cc[DG_TOOL_COUNT];
    dgts_tool_cc tool_cc[DG_TOOL_COUNT][DGTS_TOOL_CC];
} dgts_view;

/* NULL when out of memory. */
dgts *dgts_create(void);
void dgts_destroy(dgts *s);
/* Bytes held by one dgts: a constant. */
size_t dgts_memory_bytes(void);
/* Counts a batch of events (feed time order expected, small disorder tolerated). */
void dgts_add(dgts *s, const dg_event *ev, size_t n);
/* Moves the windows forward to feed time now (call when no packets arrive, so rates fall). */
void dgts_advance(dgts *s, double now);
/* Fills a snapshot; rescans the top lists when DGTS_TOP_PERIOD of feed time has passed. */
void dgts_read(dgts *s, dgts_view *out);
/* Forces the next dgts_read to rescan the top lists. */
void dgts_invalidate_tops(dgts *s);
/* Chooses the window of the top lists (default DGTS_W_ALL); rescans at the next read. */
void dgts_set_window(dgts *s, enum dgts_window w);
enum dgts_window dgts_get_window(const dgts *s);
/* "1m", "10m", "1h", "all" (--hud-window) -> window; false on anything else. */
bool dgts_window_parse(const char *name, enum dgts_window *out);
/* The option name ("10m") and the HUD's caption ("LAST 10 MIN", "SINCE START"). */
const char *dgts_window_name(enum dgts_window w);
const char *dgts_window_caption(enum dgts_window w);
/* The trend of a recent count r over rs seconds against an older count o over os seconds. */
int dgts_trend_of(double r, double rs, double o, double os);
/* "23/TCP", "53/UDP", "ICMP", "proto 47" into buf; returns buf. */
const char *dgts_port_label(const dgts_port *p, char *buf, size_t cap);

#endif
