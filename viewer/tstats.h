/* tstats.h - traffic statistics for the HUD: live rate, sliding 1 min / 1 h / 24 h totals,
 * top destination ports and source countries, Mirai-fingerprinted hosts.
 * Owns: dgts (all counters, fixed size: memory never grows with uptime or traffic) and the
 * dgts_view snapshot the HUD reads. GL-free.
 * Threads: render thread only (fed with the dg_event batches it drains each frame).
 *
 * Time is packet (feed) time, never the wall clock, so replays at any speed and tests with
 * synthetic timestamps see the same windows:
 *   - 64 x 1 s buckets: the live rate (current partial second plus the previous second) and
 *     the 60 s sparkline; "last 1 min" sums the last 60 of them (59-60 s, sliding).
 *   - 60 x 1 min buckets: "last 1 h" (59-60 min).
 *   - 144 x 10 min buckets: "last 24 h" (23h50-24h).
 *   - ports: exact 64-bit counts per (port, TCP|UDP) plus per IP protocol for port-less
 *     protocols, since start; countries: exact counts per ISO code, since start.
 *     Top-10 lists are rescanned at most every DGTS_TOP_PERIOD s of feed time, not per packet.
 *   - Mirai hosts: HyperLogLog sketches (approx. distinct, ~1.6% error; exact-ish below a
 *     few hundred hosts): one per minute over the last DGTS_MIRAI_NOW_MIN minutes ("now",
 *     4-5 min sliding) and one since start (~0.8% error).
 * Packets older than the current second count in the current second; a jump back in time
 * of more than DGTS_BACKJUMP_S (a replay seek) clears the time windows (not the tops). */
#ifndef DG_TSTATS_H
#define DG_TSTATS_H

#include "event.h"
#include <stddef.h>
#include <stdint.h>

#define DGTS_TOP 10
#define DGTS_SPARK 60
#define DGTS_TOP_PERIOD 0.25
#define DGTS_MIRAI_NOW_MIN 5
#define DGTS_BACKJUMP_S 5.0

typedef struct dgts dgts;

/* A top destination: proto is the IP protocol number; port is meaningful only for TCP/UDP. */
typedef struct dgts_port {
    uint16_t port;
    uint8_t proto;
    uint64_t pkts;
    double share; /* of all packets since start, 0..1 */
} dgts_port;

typedef struct dgts_country {
    char cc[3]; /* "" for sources with no country */
    uint64_t pkts;
    double share;
} dgts_country;

typedef struct dgts_view {
    double now;  /* newest packet time seen (feed time) */
    double rate; /* packets/s over the last 1-2 s */
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
/* "23/TCP", "53/UDP", "ICMP", "proto 47" into buf; returns buf. */
const char *dgts_port_label(const dgts_port *p, char *buf, size_t cap);

#endif
