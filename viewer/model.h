/* model.h - what the viewer knows beyond the arcs: traffic statistics and alerts.
 * Owns: the dgts statistics, the watchlist (loaded here, read by the network thread's
 * detectors) and the dgal alert store, fed once per frame with the events drained from the
 * queue and the alerts received or raised on the network thread.
 * Threads: render thread only (dgm_watchlist's list is read-only and may be shared). */
#ifndef DG_MODEL_H
#define DG_MODEL_H

#include <stdbool.h>

#include "watchlist.h"
#include "alerts.h"
#include "tstats.h"

typedef struct dgm_config {
    const char *watchlist;  /* path or NULL */
    const char *alerts_log; /* path or NULL */
    double alert_expire_s;
    /* Places alerts without lat/lon (render thread; may be NULL). */
    bool (*locate)(void *ctx, const dg_alert *a, float *lat, float *lon);
    void *locate_ctx;
} dgm_config;

typedef struct dgm_model dgm_model;

/* NULL with err ("file:line: reason" for a bad watchlist). */
dgm_model *dgm_create(const dgm_config *cfg, char *err, size_t errcap);
void dgm_destroy(dgm_model *m);

/* Counts the events. */
void dgm_events(dgm_model *m, const dg_event *ev, size_t n);
/* An alert from the feed or the detectors. Returns the stored alert (valid until the next
 * dgm_alert or dgm_tick), or NULL if the store dropped it: the one to pass on to the views,
 * since only it has an id (the detectors raise alerts without one) and the place the store
 * found for it. */
const dg_alert *dgm_alert(dgm_model *m, const dg_alert *a, double now);
/* Once per frame: expiry of alerts (display clock now) and, so that rates fall while no
 * packets arrive, statistics moved on to feed time feed_now. */
void dgm_tick(dgm_model *m, double now, double feed_now);

/* The watchlist (--watchlist or the demo's), or NULL. */
const dgwl_list *dgm_watchlist(const dgm_model *m);

dgts *dgm_stats(dgm_model *m);
dgal_store *dgm_alerts(dgm_model *m);

#endif
