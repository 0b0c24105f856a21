/* arcs.h - the fixed-capacity pool of live packet arcs that the renderer draws.
 * Owns: two rings of per-arc GPU instances - the featured arcs (drawn as comets, the heaviest
 * first, as many as the renderer's budget asks for) and the crowd (drawn as streaks or dots) -
 * each in birth order (all arcs share one lifetime, so the oldest is always the first to
 * expire), the ranges written since the renderer last uploaded, the fair sampler that decides
 * which packets get drawn when more arrive than the pool can show, and the per-source
 * aggregation (arcagg.h) that makes one arc of many packets at real rates.
 * Only what is DRAWN is decided here; every other counter in the app stays exact.
 * Threads: render thread only. Allocates only in dga_create. */
#ifndef DG_ARCS_H
#define DG_ARCS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arcagg.h"
#include "event.h"
#include "portscale.h"

/* Birth times are stored modulo this period so a float keeps ~1 ms precision after weeks of
 * uptime; lifetimes are clamped well below it. */
#define DGA_TIME_PERIOD 4096.0

#define DGA_DEFAULT_CAPACITY 100000
/* The featured ring holds at most this many arcs (comets cost ~20x a crowd arc to draw). */
#define DGA_FEATURE_MAX 4096
#define DGA_DEFAULT_FLIGHT_S 2.0
#define DGA_DEFAULT_LIFETIME_S 3.0

/* meta bits: colour slot in the low byte (the class, or the tool: palette.h), DGE_* flags
 * above it (DGE_MIRAI: bit 8, DGE_NO_DPORT: bit 11). */
#define DGA_META(cls, flags) ((uint32_t)(cls) | ((uint32_t)(flags) << 8))

/* One arc as the vertex shader reads it: 48 bytes, three RGBA32F texels of a buffer texture. */
typedef struct dga_inst {
    float src[3];  /* unit vector of the source */
    float dst[3];  /* unit vector of the sensor */
    float omega;   /* angle between them, radians (precomputed: no acos per vertex) */
    float birth;   /* app time modulo DGA_TIME_PERIOD, seconds */
    float height;  /* peak height, globe radii (portscale; DGA_HEIGHT_NO_PORT when unknown) */
    uint32_t meta; /* DGA_META(class, flags) */
    float seed;    /* uniform 0..1 per arc: width variation, which crowd arcs a sparse level of
                    * detail draws, the plane of a loop */
    float weight;  /* packets the arc stands for (>= 1): width and brightness, log scale */
} dga_inst;

/* Where an arc with an unknown destination port flies: hugging the globe, below the port-0
 * lane (DGPS_HEIGHT_MIN), so no port is implied. */
#define DGA_HEIGHT_NO_PORT 0.012f

enum dga_tier { DGA_FEATURED, DGA_CROWD, DGA_TIERS };

typedef struct dga_pool dga_pool;

typedef struct dga_counters {
    uint64_t admitted;    /* events that launched an arc */
    uint64_t folded;      /* events drawn as part of their source's next arc (per source) */
    uint64_t sampled_out; /* placed events not drawn because the pool was at its budget */
    uint64_t unplaced;    /* events without a placed source or sensor: never drawn */
} dga_counters;

/* capacity >= 2 (the featured ring takes a quarter, at most DGA_FEATURE_MAX; the crowd the
 * rest); flight_s > 0; lifetime_s >= flight_s (raised to flight_s if lower). Per-source
 * aggregation launches at most one arc per key per lifetime, so a busy key keeps about one
 * arc alive. NULL when out of memory or arguments are invalid. */
dga_pool *dga_create(size_t capacity, double flight_s, double lifetime_s);
void dga_destroy(dga_pool *p);

/* Port scale for arcs added from now on (default DGPS_LOG). */
void dga_set_port_scale(dga_pool *p, enum dgps_scale scale);
/* Colour arcs added from now on by scanner tool instead of class (--color-by tool). */
void dga_set_color_by_tool(dga_pool *p, bool by_tool);
bool dga_color_by_tool(const dga_pool *p);
/* How packets group into arcs (default DGAG_AUTO), and what that gives now. */
void dga_set_mode(dga_pool *p, enum dgag_mode mode);
const dgag *dga_aggregator(const dga_pool *p);
/* Featured arcs wanted live (the renderer's level of detail; 0 at create): new arcs join the
 * featured ring, the heaviest of a batch first, at a pace that keeps about n of them live. */
void dga_set_feature_budget(dga_pool *p, size_t n);

/* Adds a frame's batch of events born at now_s (expiring old arcs first). Call it once per
 * frame with the whole batch: fairness is computed within the batch. Events first group into
 * arcs (per packet: one each, weighted by the packets a flow record stands for; per source:
 * see arcagg.h). When the arcs exceed the budget (the free slots, and a token bucket refilled
 * at capacity/lifetime per second that holds at most a quarter second of that flow, so the
 * pool stays spread over a lifetime), the slots are shared evenly across (source address,
 * class) strata, and taken evenly spaced within each stratum. */
void dga_add(dga_pool *p, const dg_event *ev, size_t n, double now_s);
/* Drops arcs whose lifetime has ended by now_s. */
void dga_expire(dga_pool *p, double now_s);

/* Live arcs in both rings, or in one. */
size_t dga_live(const dga_pool *p);
size_t dga_tier_live(const dga_pool *p, enum dga_tier tier);
/* Slots of both rings together (the length of dga_instances). */
size_t dga_capacity(const dga_pool *p);
double dga_flight_s(const dga_pool *p);
double dga_lifetime_s(const dga_pool *p);
dga_counters dga_get_counters(const dga_pool *p);

/* Every slot (dga_capacity of them); a tier's ring is slots [base, base + cap) of it. */
const dga_inst *dga_instances(const dga_pool *p);
void dga_tier_slots(const dga_pool *p, enum dga_tier tier, size_t *base, size_t *cap);
/* A tier's live arcs: `*count` from ring position `*first` (relative to its base), possibly
 * wrapping past the ring's end. */
void dga_live_range(const dga_pool *p, enum dga_tier tier, size_t *first, size_t *count);
/* A tier's ring positions written since the last dga_clear_dirty: `*count` from `*first`
 * (relative to its base; may wrap). */
void dga_dirty_range(const dga_pool *p, enum dga_tier tier, size_t *first, size_t *count);
void dga_clear_dirty(dga_pool *p);
/* Unique per pool created in this process: a renderer that sees a new one re-uploads it all. */
uint32_t dga_generation(const dga_pool *p);

#endif
