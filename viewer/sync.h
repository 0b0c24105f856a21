/* sync.h - video walls across machines: one picture spread over a grid of screens.
 * Owns: --tile COLSxROWS:INDEX parsing, the per-tile projection matrix, and the --sync
 * channel: the leader (tile 0) PUBlishes its camera and clocks every frame on a nanomsg PUB
 * socket, followers SUBscribe and take the newest state. Message (text, one line, so
 * `nanocat --sub --connect URL` shows it): "sync 1 SEQ LAT LON DIST FOV AUTOROTATE SIM FEED".
 * Sends and receives never block (NN_DONTWAIT): a follower that misses messages just shows
 * the next one.
 * URLs: the leader binds, followers connect, to the same URL; for tcp:// the leader binds the
 * URL's port on every interface (the wildcard host), so one URL serves every machine.
 * Threads: one dgsync belongs to the thread that opened it (the render thread). */
#ifndef DG_SYNC_H
#define DG_SYNC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cglm/cglm.h>

#include "camera.h"

#define DGSYNC_MAX_TILES 16 /* per side */

typedef struct dgsync_tile {
    int cols, rows, index; /* index row-major from the top-left tile, 0 .. cols*rows-1 */
} dgsync_tile;

/* "3x2:4" -> {3, 2, 4}; false with a one-line reason in err. */
bool dgsync_parse_tile(const char *text, dgsync_tile *out, char *err, size_t errcap);

/* T such that T * proj draws only this tile's part of proj's frustum, scaled to fill the
 * tile's viewport; tiles side by side then form one seamless picture. proj must be made
 * for the whole wall's aspect: (cols * tile_w) / (rows * tile_h). */
void dgsync_tile_matrix(int cols, int rows, int index, mat4 out);

/* What the leader shares each frame. */
typedef struct dgsync_state {
    uint32_t seq;
    float lat, lon, dist, fov_deg;
    bool autorotate;
    double sim_t;  /* animation clock, seconds */
    double feed_t; /* feed clock, seconds since the epoch (0: no packet yet) */
} dgsync_state;

typedef struct dgsync dgsync;

typedef struct dgsync_counters {
    uint64_t sent, send_failed, received, malformed;
} dgsync_counters;

/* Opens the leader's PUB (bound) or a follower's SUB (connected); NULL with a message. */
dgsync *dgsync_open(const char *url, bool leader, char *err, size_t errcap);
void dgsync_close(dgsync *s);
bool dgsync_is_leader(const dgsync *s);

/* Leader: publishes st (seq is filled in). Never blocks; false when nanomsg refused it. */
bool dgsync_publish(dgsync *s, const dgsync_state *st);
/* Follower: drains every waiting message and keeps the newest valid one in *st; true when
 * a new state arrived. Malformed messages are counted and skipped. */
bool dgsync_poll(dgsync *s, dgsync_state *st);
dgsync_counters dgsync_get_counters(const dgsync *s);

/* Message text of st (the wire format); returns the length written, or -1 if cap is short. */
int dgsync_encode(const dgsync_state *st, char *buf, size_t cap);
/* Parses a message; false when it is not a valid sync line. */
bool dgsync_decode(const char *msg, size_t len, dgsync_state *st);

/* Leader's state from its camera; the clocks are the caller's. */
void dgsync_from_camera(const dgc_camera *c, double sim_t, double feed_t, dgsync_state *st);
/* Follower: puts its camera exactly where the leader's is (no damping, no own rotation:
 * the leader's rotation arrives through lat/lon). */
void dgsync_apply_camera(const dgsync_state *st, dgc_camera *c);

#endif
