/* model.c - see model.h. */
#include "model.h"

#include <stdio.h>
#include <stdlib.h>

struct dgm_model {
    dgm_config cfg;
    dgts *stats;
    dgwl_list *watchlist;
    dgal_store *alerts;
};

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
    return m;
fail:
    dgm_destroy(m);
    return NULL;
}

void dgm_destroy(dgm_model *m)
{
    if (!m) return;
    dgwl_free(m->watchlist);
    dgal_destroy(m->alerts);
    dgts_destroy(m->stats);
    free(m);
}

void dgm_events(dgm_model *m, const dg_event *ev, size_t n)
{
    dgts_add(m->stats, ev, n);
}

const dg_alert *dgm_alert(dgm_model *m, const dg_alert *a, double now)
{
    const dgal_item *it = dgal_add(m->alerts, a, now);
    return it ? &it->a : NULL;
}

void dgm_tick(dgm_model *m, double now, double feed_now)
{
    dgal_tick(m->alerts, now);
    if (feed_now > 0) dgts_advance(m->stats, feed_now);
}

const dgwl_list *dgm_watchlist(const dgm_model *m)
{
    return m->watchlist;
}

dgts *dgm_stats(dgm_model *m)
{
    return m->stats;
}

dgal_store *dgm_alerts(dgm_model *m)
{
    return m->alerts;
}
