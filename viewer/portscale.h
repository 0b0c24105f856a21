/* portscale.h - destination port -> arc peak height, and the legend ticks for that scale.
 * Owns: the "key port lanes" mapping documented in docs/rendering.md: a monotone scale
 * (linear or log) in which each key port (22, 23, 80, 445, 2323, 3389, 8080, 52869) owns an
 * exclusive lane, so its arcs form a crisp layer no other port can share.
 * Threads: any (pure functions over constant tables). */
#ifndef DG_PORTSCALE_H
#define DG_PORTSCALE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum dgps_scale { DGPS_LOG, DGPS_LINEAR };

/* Peak heights are in globe radii above the surface. */
#define DGPS_HEIGHT_MIN 0.04f
#define DGPS_HEIGHT_MAX 0.50f

/* Position of a port on the scale, 0 (port 0) .. 1 (port 65535); non-decreasing in port. */
float dgps_position(uint16_t port, enum dgps_scale scale);
/* Peak height of an arc to this port, DGPS_HEIGHT_MIN .. DGPS_HEIGHT_MAX globe radii. */
float dgps_height(uint16_t port, enum dgps_scale scale);

/* "log" or "linear" -> scale; false on anything else. */
bool dgps_parse(const char *name, enum dgps_scale *out);
const char *dgps_name(enum dgps_scale scale);

typedef struct dgps_tick {
    uint16_t port;
    float height;      /* as dgps_height() */
    const char *label; /* "23 telnet", "49152+ ephemeral", ... (static) */
    bool key;          /* a key port with its own lane (draw it bolder) */
} dgps_tick;

/* Fills up to cap legend ticks, lowest first; returns how many were written. */
size_t dgps_ticks(enum dgps_scale scale, dgps_tick *out, size_t cap);

#endif
