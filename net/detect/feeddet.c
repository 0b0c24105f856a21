/* feeddet.c - the detectors in darkglobe-feed (see feeddet.h).
 * Threads: one feeddet per thread. */
#include "feeddet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct dgfd {
    dggeo *geo;
    dgd_detector *det;
    dgfp_tracker *fp; /* Unicornscan needs each source's history */
    dg_event ev[DGFD_BATCH];
};

dgfd *dgfd_open(const dgfd_config *c, dgd_emit_fn emit, void *user, char *err, size_t errcap)
{
    dgfd *f = calloc(1, sizeof *f);
    if (!f) {
        snprintf(err, errcap, "out of memory");
        return NULL;
    }
    f->det = dgd_create(&c->det, c->watchlist, emit, user, err, errcap);
    dggeo_config gc = {.quiet = c->geo_quiet};
    for (int i = 0; i < DGGEO_MAX_PATHS; i++)
        gc.paths[i] = c->geoip[i];
    if (f->det) f->geo = dggeo_open(&gc);
    if (f->geo) f->fp = dgfp_tracker_create();
    if (!f->det || !f->geo || !f->fp) {
        if (f->det) snprintf(err, errcap, "out of memory");
        dgfd_close(f);
        return NULL;
    }
    return f;
}

void dgfd_close(dgfd *f)
{
    if (!f) return;
    dgd_destroy(f->det);
    dggeo_close(f->geo);
    dgfp_tracker_destroy(f->fp);
    free(f);
}

void dgfd_event(dggeo *g, const dg_record *r, dg_event *ev)
{
    dg_event_from_record(ev, r);
    ev->sensor = r->sensor;
    dggeo_result res;
    if (!g) return;
    if (dggeo_lookup(g, r->ip_ver, r->src, &res)) {
        ev->src_lat = res.lat;
        ev->src_lon = res.lon;
        ev->flags |= DGE_SRC_PLACED;
    }
    memcpy(ev->cc, res.cc, sizeof ev->cc); /* a country-only entry still names the country */
}

void dgfd_process(dgfd *f, const dg_record *r, size_t n)
{
    while (n) {
        size_t k = n < DGFD_BATCH ? n : DGFD_BATCH;
        for (size_t i = 0; i < k; i++) {
            dgfd_event(f->geo, &r[i], &f->ev[i]);
            f->ev[i].tools = (uint8_t)dgfp_tags(f->fp, &r[i]);
        }
        dgd_process(f->det, f->ev, k);
        r += k;
        n -= k;
    }
}

void dgfd_finish(dgfd *f)
{
    dgd_flush(f->det);
}

const char *dgfd_geo_describe(const dgfd *f)
{
    return dggeo_describe(f->geo);
}

dgd_counters dgfd_counters(const dgfd *f)
{
    return dgd_get_counters(f->det);
}
