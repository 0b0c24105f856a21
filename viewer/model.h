/* model.h - what the viewer knows beyond the arcs: traffic statistics, detectors, alerts.
 * Owns: the dgts statistics, the dgd detectors (with the watchlist) and the dgal alert store,
 * fed once per frame with the events drained from the queue and the alerts received.
 * Threads: render thread only. */
#ifndef DG_MODEL_H
#define DG_MODEL_H

#include <stdbool.h>

#include "../net/detect.h"
#include "../net/watchlist.h"
#include "alerts.h"
#include "tstats.h"

typedef struct dgm_config {
    const char *watchlist;  /* path or NULL */
    const char *alerts_log; /* path or NULL */
    double alert_expire_s;
    bool detectors; /* run the built-in detectors on the traffic */
    /* Places alerts without lat/lon (render thread; may be NULL). */
    bool (*locate)(void *ctx, const dg_alert *a, float *lat, float *lon);
    void *locate_ctx;
    /* Told of every alert the detectors raise (render thread; may be NULL). */
    void (*raised)(void *ctx, const dg_alert *a);
    void *raised_ctx;
} dgm_config;

typedef struct dgm_model dgm_model;

/* NULL with err ("file:line: reason" for a bad watchlist). */
dgm_model *dgm_create(const dgm_config *cfg, char *err, size_t errcap);
void dgm_destroy(dgm_model *m);

/* Counts, detects and (for raised alerts) stores; now is the display clock (seconds). */
void dgm_events(dgm_model *m, const dg_event *ev, size_t n, double now);
/* An alert from the feed. */
void dgm_alert(dgm_model *m, const dg_alert *a, double now);
/* Once per frame: expiry of alerts (display clock now) and, so that rates fall and windows
 * close while no packets arrive, statistics and detectors moved on to feed time feed_now. */
void dgm_tick(dgm_model *m, double now, double feed_now);

/* Feed time jumped (a replay seek or loop): detectors start afresh, since their windows
 * only move forward. Statistics handle jumps themselves. */
void dgm_time_jump(dgm_model *m);

dgts *dgm_stats(dgm_model *m);
dgal_store *dgm_alerts(dgm_model *m);

#endif
