/* tour.h - kiosk auto-tour: where the camera of an unattended wall screen should look.
 * Owns: dgtour (a plain state the shell keeps): a coarse 10-degree grid of recent packet
 * counts per source region with exponential decay, the newest high/critical alert, and the
 * phase machine overview -> focus (hottest region or newest alert) -> overview. It only
 * chooses targets; the camera's own damping (dgc_fly_to, target_dist) makes the glide.
 * Also the burn-in guard for static HUD elements: a slow sub-1% drift and a gentle fade.
 * Threads: render thread only (GL-free). */
#ifndef DG_TOUR_H
#define DG_TOUR_H

#include <stdbool.h>
#include <stddef.h>

#include "event.h"

#define DGTOUR_ROWS 18 /* 10-degree cells */
#define DGTOUR_COLS 36

enum dgtour_phase { DGTOUR_OVERVIEW, DGTOUR_FOCUS_HOT, DGTOUR_FOCUS_ALERT, DGTOUR_PAUSED };

typedef struct dgtour_config {
    float home_lat, home_lon, home_dist; /* the overview */
    float focus_dist;                    /* distance while focused; 0: 2.0 */
    double overview_s;                   /* time in the overview between focuses; 0: 20 */
    double hold_s;                       /* time held on a focus after the glide; 0: 8 */
    double glide_s;                      /* time allowed for the camera to get there; 0: 3 */
    double half_life_s;                  /* decay of the activity grid; 0: 60 */
    double pause_s;                      /* user input pauses the tour this long; 0: 30 */
    float min_packets; /* a region needs this much decayed activity to be visited; 0: 20 */
} dgtour_config;

typedef struct dgtour_target {
    float lat, lon, dist;
    bool fly;        /* a new target this tick: fly the camera there */
    bool autorotate; /* what auto-rotation should be (on in the overview) */
    enum dgtour_phase phase;
} dgtour_target;

typedef struct dgtour {
    dgtour_config cfg;
    float count[DGTOUR_ROWS][DGTOUR_COLS];
    float sum_lat[DGTOUR_ROWS][DGTOUR_COLS], sum_lon[DGTOUR_ROWS][DGTOUR_COLS];
    enum dgtour_phase phase;
    double phase_start, paused_until;
    bool alert_pending;
    float alert_lat, alert_lon;
    int last_cell;        /* the region focused last, so the tour moves on; -1 none */
    float lat, lon, dist; /* current target */
} dgtour;

/* Starts in the overview at time now (the same clock as dgtour_tick). */
void dgtour_init(dgtour *t, const dgtour_config *cfg, double now);
/* Counts placed sources of drained events into the grid. */
void dgtour_events(dgtour *t, const dg_event *ev, size_t n);
/* A new alert with a place: high and critical ones are visited next (newest wins). */
void dgtour_alert(dgtour *t, float lat, float lon, int severity);
/* The tour starts now (the K key): no pause, and the first focus comes on the next tick when
 * an alert or a hot region waits. */
void dgtour_start(dgtour *t, double now);
/* The user touched the controls: no targets until pause_s of quiet. */
void dgtour_user_input(dgtour *t, double now);
/* Advances to time now (dt since the last tick decays the grid); returns the target. When
 * out.fly: dgc_fly_to(cam, lat, lon) and cam->target_dist = dist. Apply out.autorotate only
 * outside DGTOUR_PAUSED (then the camera is the user's). */
dgtour_target dgtour_tick(dgtour *t, double now, double dt);
/* Decays the activity grid by dt seconds without touring (the swing still wants it). */
void dgtour_decay(dgtour *t, double dt);
/* The hottest region at least min_deg (great circle) from (lat, lon): where the sources are,
 * seen from the sensors' home; false when no such region reaches min_packets. */
bool dgtour_hotspot_away(const dgtour *t, float lat, float lon, float min_deg, float *olat,
                         float *olon);
/* The hottest region's mean position; false when no region reaches min_packets. */
bool dgtour_hotspot(const dgtour *t, float *lat, float *lon, float *count);

/* Burn-in guard for static HUD elements at time t seconds: an offset (dx, dy) as fractions of
 * the window size, below 0.5% each way, tracing a slow Lissajous figure (periods of several
 * minutes, so no motion is visible); multiply by the window width/height for pixels. */
void dgtour_burnin_offset(double t, float *dx, float *dy);
/* A fade factor between 0.85 and 1 for static HUD elements (period of minutes). */
float dgtour_burnin_fade(double t);

#endif
