/* model.c - see model.h. */
#include "model.h"

#include <stdio.h>
#include <stdlib.h>

struct dgm_model {
    dgm_config cfg;
    dgts *stats;
    dgwl_list *watchlist;
    dgd_detector *detect;
    dgal_store *alerts;
    double now; /* display clock of the batch being processed, for raised alerts */
};

/* Detectors raise alerts from inside dgd_process; they go straight to the store. */
static void on_raised(const dg_alert *a, void *user)
{
    dgm_model *m = user;
    dgal_add(m->alerts, a, m->now);
    if (m->cfg.raised) m->cfg.raised(m->cfg.raised_ctx, a);
}

static bool start_detectors(dgm_model *m, char *err, size_t errcap)
{
    dgd_config dc;
    dgd_config_defaults(&dc);
    m->detect = dgd_create(&dc, m->watchlist, on_raised, m, err, errcap);
    return m->detect != NULL;
}

void dgm_time_jump(dgm_model *m)
{
    if (!m->detect) return;
    dgd_destroy(m->detect);
    char err[256];
    if (!start_detectors(m, err, sizeof err)) fprintf(stderr, "darkglobe: detectors: %s\n", err);
}

dgm_model *dgm_create(const dgm_config *cfg, char *err, size_t errcap)
{
    dgm_model *m = calloc(1, sizeof *m);
    if (!m) return NULL;
    dgal_config ac = {.expire_s = cfg->alert_expire_s,
                      .log_path = cfg->alerts_log,
                      .locate = cfg->locate,
                      .locate_ctx = cfg->locate_ctx};
    m->stats = dgts_create();
    m->alerts = m->stats ? dgal_create(&ac, err, errcap) : NULL;
    if (!m->alerts) goto fail;
    m->cfg = *cfg;
    if (cfg->watchlist && !(m->watchlist = dgwl_load(cfg->watchlist, err, errcap))) goto fail;
    if ((cfg->detectors || m->watchlist) && !start_detectors(m, err, errcap)) goto fail;
    return m;
fail:
    dgm_destroy(m);
    return NULL;
}

void dgm_destroy(dgm_model *m)
{
    if (!m) return;
    dgd_destroy(m->detect);
    dgwl_free(m->watchlist);
    dgal_destroy(m->alerts);
    dgts_destroy(m->stats);
    free(m);
}

void dgm_events(dgm_model *m, const dg_event *ev, size_t n, double now)
{
    m->now = now;
    dgts_add(m->stats, ev, n);
    if (m->detect) dgd_process(m->detect, ev, n);
}

void dgm_alert(dgm_model *m, const dg_alert *a, double now)
{
    dgal_add(m->alerts, a, now);
}

void dgm_tick(dgm_model *m, double now, double feed_now)
{
    dgal_tick(m->alerts, now);
    if (feed_now <= 0) return;
    dgts_advance(m->stats, feed_now);
    if (m->detect) dgd_advance(m->detect, feed_now);
}

dgts *dgm_stats(dgm_model *m)
{
    return m->stats;
}

dgal_store *dgm_alerts(dgm_model *m)
{
    return m->alerts;
}
