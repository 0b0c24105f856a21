/* viewfeed.c - see viewfeed.h. */
#include "viewfeed.h"

#include "demo.h"

#include <stdio.h>
#include <stdlib.h>

struct dgvf {
    dgnt_thread *net; /* live: the network thread */
    dgdemo *demo;     /* live with the demo: its publisher */
    dgrp *replay;     /* a file: instead of both */
};

static bool start_replay(dgvf *f, const dgvf_config *c, char *err, size_t errcap)
{
    dgrp_config rc = {.path = c->replay,
                      .columns = c->columns,
                      .speed = c->speed,
                      .ingest = c->ingest,
                      .clock = c->clock,
                      .clock_ctx = c->clock_ctx};
    f->replay = dgrp_start(&rc, err, errcap);
    return f->replay != NULL;
}

/* The network thread may connect to the demo's inproc URL before the demo binds it. */
static bool start_live(dgvf *f, const dgvf_config *c, char *err, size_t errcap)
{
    f->net = dgnt_start(&c->ingest, err, errcap);
    if (!f->net || !c->demo_url) return f->net != NULL;
    f->demo = dgdemo_start(c->demo_url, c->demo_rate, c->demo_seed, err, errcap);
    return f->demo != NULL;
}

dgvf *dgvf_start(const dgvf_config *cfg, char *err, size_t errcap)
{
    dgvf *f = calloc(1, sizeof *f);
    if (!f) return snprintf(err, errcap, "out of memory"), NULL;
    bool ok = cfg->replay && cfg->replay[0] ? start_replay(f, cfg, err, errcap)
                                            : start_live(f, cfg, err, errcap);
    if (ok) return f;
    dgvf_stop(f);
    return NULL;
}

void dgvf_halt(dgvf *f)
{
    if (!f) return;
    dgdemo_stop(f->demo);
    f->demo = NULL;
    dgnt_halt(f->net);
    dgrp_halt(f->replay);
}

void dgvf_stop(dgvf *f)
{
    if (!f) return;
    dgvf_halt(f);
    dgnt_stop(f->net);
    dgrp_stop(f->replay);
    free(f);
}

bool dgvf_is_replay(const dgvf *f)
{
    return f && f->replay;
}

void dgvf_counters(dgvf *f, dgnt_counters *out)
{
    if (f->replay) {
        dgrp_counters(f->replay, out);
        out->connected = true;
    } else {
        dgnt_counters_get(f->net, out);
    }
}

size_t dgvf_pop_alerts(dgvf *f, dg_alert *out, size_t max)
{
    return f->replay ? dgrp_pop_alerts(f->replay, out, max) : dgnt_pop_alerts(f->net, out, max);
}

bool dgvf_replay_status(const dgvf *f, dgrp_status *out)
{
    if (!f || !f->replay) return false;
    dgrp_status_get(f->replay, out);
    return true;
}

double dgvf_replay_now(const dgvf *f)
{
    return f && f->replay ? dgrp_now(f->replay) : 0;
}

void dgvf_toggle_pause(dgvf *f)
{
    if (f->replay) dgrp_toggle_pause(f->replay);
}

void dgvf_speed_up(dgvf *f)
{
    if (f->replay) dgrp_speed_up(f->replay);
}

void dgvf_speed_down(dgvf *f)
{
    if (f->replay) dgrp_speed_down(f->replay);
}

void dgvf_step(dgvf *f, double seconds)
{
    if (f->replay) dgrp_step(f->replay, seconds);
}

void dgvf_step_fraction(dgvf *f, double fraction)
{
    if (f->replay) dgrp_step_fraction(f->replay, fraction);
}

void dgvf_seek_fraction(dgvf *f, double fraction)
{
    if (f->replay) dgrp_seek_fraction(f->replay, fraction);
}

bool dgvf_next_mark(dgvf *f)
{
    return f->replay && dgrp_next_mark(f->replay);
}

void dgvf_add_mark(dgvf *f, double t)
{
    if (f->replay) dgrp_add_mark(f->replay, t);
}
