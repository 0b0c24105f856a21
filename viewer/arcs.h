/* arcs.h - the fixed-capacity pool of live packet arcs that the renderer draws.
 * Owns: a ring of per-arc GPU instances (all arcs share one lifetime, so the oldest is always
 * the first to expire), the range written since the renderer last uploaded, and the fair
 * sampler that decides which packets get drawn when more arrive than the pool can show.
 * Only what is DRAWN is decided here; every other counter in the app stays exact.
 * Threads: render thread only. Allocates only in dga_create. */
#ifndef DG_ARCS_H
#define DG_ARCS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "event.h"
#include "portscale.h"

/* Birth times are stored modulo this period so a float keeps ~1 ms precision after weeks of
 * uptime; lifetimes are clamped well below it. */
#define DGA_TIME_PERIOD 4096.0

#define DGA_DEFAULT_CAPACITY 100000
#define DGA_DEFAULT_FLIGHT_S 2.0
#define DGA_DEFAULT_LIFETIME_S 3.0

/* meta bits: colour slot in the low byte (the class, or the tool: palette.h), DGE_* flags
 * above it. */
#define DGA_META(cls, flags) ((uint32_t)(cls) | ((uint32_t)(flags) << 8))

/* One arc as the vertex shader reads it: 48 bytes, three RGBA32F texels of a buffer texture. */
typedef struct dga_inst {
    float src[3];  /* unit vector of the source */
    float dst[3];  /* unit vector of the sensor */
    float omega;   /* angle between them, radians (precomputed: no acos per vertex) */
    float birth;   /* app time modulo DGA_TIME_PERIOD, seconds */
    float height;  /* peak height, globe radii (portscale) */
    uint32_t meta; /* DGA_META(class, flags) */
    float seed;    /* 0..1 per arc, for small variations in width */
    float unused;  /* pads to three texels */
} dga_inst;

typedef struct dga_pool dga_pool;

typedef struct dga_counters {
    uint64_t admitted;    /* packets given an arc */
    uint64_t sampled_out; /* placed packets not drawn because the pool was at its budget */
    uint64_t unplaced;    /* packets without a placed source or sensor: never drawn */
} dga_counters;

/* capacity >= 1; flight_s > 0; lifetime_s >= flight_s (raised to flight_s if lower).
 * NULL when out of memory or arguments are invalid. */
dga_pool *dga_create(size_t capacity, double flight_s, double lifetime_s);
void dga_destroy(dga_pool *p);

/* Port scale for arcs added from now on (default DGPS_LOG). */
void dga_set_port_scale(dga_pool *p, enum dgps_scale scale);
/* Colour arcs added from now on by scanner tool instead of class (--color-by tool). */
void dga_set_color_by_tool(dga_pool *p, bool by_tool);
bool dga_color_by_tool(const dga_pool *p);

/* Adds a frame's batch of events born at now_s (expiring old arcs first). Call it once per
 * frame with the whole batch: fairness is computed within the batch. When the batch exceeds
 * the budget (the free slots, and a token bucket refilled at capacity/lifetime per second that
 * holds at most a quarter second of that flow, so the pool stays spread over a lifetime), the
 * slots are shared evenly across (source address, class) strata, and taken evenly spaced within
 * each stratum. */
void dga_add(dga_pool *p, const dg_event *ev, size_t n, double now_s);
/* Drops arcs whose lifetime has ended by now_s. */
void dga_expire(dga_pool *p, double now_s);

size_t dga_live(const dga_pool *p);
size_t dga_capacity(const dga_pool *p);
double dga_flight_s(const dga_pool *p);
double dga_lifetime_s(const dga_pool *p);
dga_counters dga_get_counters(const dga_pool *p);

/* The instance ring (capacity entries) and the live range in it: `*count` arcs starting at
 * slot `*first`, possibly wrapping past the end. */
const dga_inst *dga_instances(const dga_pool *p);
void dga_live_range(const dga_pool *p, size_t *first, size_t *count);
/* Slots written since the last dga_clear_dirty: `*count` slots from `*first` (may wrap). */
void dga_dirty_range(const dga_pool *p, size_t *first, size_t *count);
void dga_clear_dirty(dga_pool *p);
/* Unique per pool created in this process: a renderer that sees a new one re-uploads it all. */
uint32_t dga_generation(const dga_pool *p);

#endif
