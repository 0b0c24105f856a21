/* arcagg.h - how packets become arcs at real rates. One arc per packet reads well up to a few
 * thousand packets/s; beyond that every arc is a hairline and the picture says "a lot", not
 * who. Per source, each (source address, destination port lane, class) launches at most one
 * arc per interval (to the sensor of the packet that launches it), and that arc carries the
 * packets its key sent since its last arc, so the heavy tail shows as width and brightness
 * (log scale) instead of as a thicket. A lane is a port's height on the scale, quantised
 * finely enough that every key port keeps its own: backscatter to thousands of random
 * ephemeral ports from one victim is a few arcs, not thousands.
 * Owns: the mode (per-packet, per-source, or auto: per-source while the drawn traffic runs
 * above DGAG_AUTO_ON_PPS, back below DGAG_AUTO_OFF_PPS), a fixed 4-way set-associative table
 * of keys, and exponentially weighted rates of the drawn traffic and of each sensor (for the
 * sensor rings). Counting elsewhere stays exact: this only decides how drawn packets group.
 * Threads: the render thread (the arc pool owns one). Allocates only in dgag_create. */
#ifndef DG_ARCAGG_H
#define DG_ARCAGG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "event.h"
#include "portscale.h"

enum dgag_mode { DGAG_AUTO, DGAG_PER_PACKET, DGAG_PER_SOURCE };

/* Auto mode draws per source above this rate of placed, drawn packets/s (per packet, about
 * rate x lifetime arcs would be live: 4,000 pkt/s is ~10,000 hairlines at the default 2.4 s),
 * and goes back below the lower figure (hysteresis: no flapping around one rate). */
#define DGAG_AUTO_ON_PPS 4000.0
#define DGAG_AUTO_OFF_PPS 3000.0
/* Rates are averaged over about this many seconds. */
#define DGAG_RATE_TAU_S 2.0
/* Sensor indices tracked for the rings (the viewer's sensor table is small). */
#define DGAG_MAX_SENSORS 64
/* A weight this large (packets in one arc) draws at full width and brightness. */
#define DGAG_WEIGHT_FULL 4096.0

typedef struct dgag dgag;

typedef struct dgag_sensor {
    float lat, lon; /* degrees */
    double pps;     /* packets/s of drawn traffic landing there */
} dgag_sensor;

/* keys: table size (rounded up to a power of two, at least 1024); interval_s: the shortest
 * time between two arcs of one key. NULL when out of memory. */
dgag *dgag_create(size_t keys, double interval_s);
void dgag_destroy(dgag *a);

void dgag_set_mode(dgag *a, enum dgag_mode mode);
enum dgag_mode dgag_mode(const dgag *a);
/* Whether events are grouped per source now (the mode, or what auto chose). */
bool dgag_per_source(const dgag *a);
/* Drawn packets/s, averaged over about DGAG_RATE_TAU_S. */
double dgag_rate(const dgag *a);

/* A batch in two passes: dgag_count for each placed event, then dgag_tick once (rates and the
 * auto choice move to now_s), then dgag_launch for each placed event. */
void dgag_count(dgag *a, const dg_event *e);
void dgag_tick(dgag *a, double now_s);
/* Packets the arc this event launches stands for (>= 1), or 0 when per source and its key
 * (with lane, dgag_lane) launched an arc less than an interval ago: the packets then wait for
 * the key's next arc. */
uint32_t dgag_launch(dgag *a, const dg_event *e, uint32_t lane, double now_s);
/* The port lane of an event: its port's position on the scale in 1/64 steps (a key port is at
 * least 0.018 from any other port, so each keeps a lane of its own; ports closer than that fly
 * at heights no eye tells apart), or a lane of its own for "unknown". */
uint32_t dgag_lane(const dg_event *e, enum dgps_scale scale);

/* Sensors that saw drawn traffic recently, with their rates; returns how many (<= cap). */
size_t dgag_sensors(const dgag *a, dgag_sensor *out, size_t cap);

/* Brightness and width level of an arc of w packets: 0 (one packet) .. 1 (DGAG_WEIGHT_FULL
 * or more), logarithmic. The shaders compute the same (arc_common.glsl arc_level). */
float dgag_level(double w);

/* "auto", "per-packet", "per-source" -> mode; false otherwise. */
bool dgag_parse_mode(const char *name, enum dgag_mode *out);
const char *dgag_mode_name(enum dgag_mode mode);

#endif
