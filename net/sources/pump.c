/* pump.c - see pump.h. */
#include "pump.h"

#include <stdlib.h>
#include <time.h>

struct dgpump {
    dgpump_config c;
    dg_record *buf;
    size_t nbuf, pos; /* records read, and the next to decide about */
    size_t run_end;   /* [pos, run_end) is due and waits for room in the sink */
    dg_alert *alerts;
    size_t nalerts; /* alerts that precede buf[], not yet delivered */
    uint64_t delivered;
    uint64_t read_ts; /* time of the last record decided about: seeks before it go back */
    bool empty_pass;  /* nothing read since the last rewind: looping would spin */
    bool ended, rewind_failed;
};

dgpump *dgpump_create(const dgpump_config *cfg)
{
    if (!cfg || !cfg->src || !cfg->pace || !cfg->sink.records) return NULL;
    dgpump *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    p->c = *cfg;
    if (!p->c.batch) p->c.batch = DGPUMP_BATCH;
    if (!p->c.alerts) p->c.alerts = DGPUMP_ALERTS;
    p->buf = malloc(p->c.batch * sizeof *p->buf);
    p->alerts = malloc(p->c.alerts * sizeof *p->alerts);
    if (p->buf && p->alerts) return p;
    dgpump_destroy(p);
    return NULL;
}

void dgpump_destroy(dgpump *p)
{
    if (!p) return;
    free(p->buf);
    free(p->alerts);
    free(p);
}

static void deliver_alerts(dgpump *p)
{
    for (size_t i = 0; i < p->nalerts; i++)
        if (p->c.sink.alert) p->c.sink.alert(p->c.sink.ctx, &p->alerts[i]);
    p->nalerts = 0;
}

/* Offers the waiting run to the sink; true when all of it was taken. */
static bool offer(dgpump *p)
{
    size_t n = p->run_end - p->pos;
    size_t took = n ? p->c.sink.records(p->c.sink.ctx, p->buf + p->pos, n) : 0;
    if (took > n) took = n;
    p->pos += took;
    p->delivered += took;
    return p->pos == p->run_end;
}

/* End of the source or the window: rewind for --loop, else the end. */
static dgpump_state end_or_loop(dgpump *p)
{
    if (p->c.loop && !p->empty_pass) {
        if (p->c.src->rewind(p->c.src)) {
            dgpace_restart(p->c.pace);
            p->nbuf = p->pos = p->run_end = 0;
            p->nalerts = 0;
            p->read_ts = 0;
            p->empty_pass = true;
            if (p->c.sink.restarted) p->c.sink.restarted(p->c.sink.ctx);
            return DGPUMP_MORE;
        }
        p->rewind_failed = true;
    }
    p->ended = true;
    return DGPUMP_END;
}

/* Reads the next batch; the alerts passed meanwhile replace those of a batch skipped whole. */
static dgpump_state refill(dgpump *p)
{
    int n = p->c.src->next(p->c.src, p->buf, p->c.batch);
    if (n < 0) return p->ended = true, DGPUMP_FAILED;
    p->nalerts = 0;
    dg_alert a;
    while (dgsrc_alert(p->c.src, &a, NULL))
        if (p->nalerts < p->c.alerts) p->alerts[p->nalerts++] = a;
    p->nbuf = (size_t)n;
    p->pos = p->run_end = 0;
    if (n > 0) {
        p->empty_pass = false;
        return DGPUMP_MORE;
    }
    deliver_alerts(p); /* those after the last record */
    return end_or_loop(p);
}

/* The run of due records from pos (within the count), its batch's alerts first. */
static dgpump_state deliver_due(dgpump *p)
{
    uint64_t left = p->c.count ? p->c.count - p->delivered : UINT64_MAX;
    size_t i = p->pos;
    while (i < p->nbuf && i - p->pos < left &&
           dgpace_check(p->c.pace, p->buf[i].ts_ns) == DGSCH_DUE)
        p->read_ts = p->buf[i++].ts_ns;
    p->run_end = i;
    deliver_alerts(p);
    return offer(p) ? DGPUMP_MORE : DGPUMP_WAIT;
}

dgpump_state dgpump_step(dgpump *p, uint64_t *wait_ns)
{
    *wait_ns = DGPUMP_ROOM_WAIT_NS;
    if (p->ended) return DGPUMP_END;
    if (p->run_end > p->pos) return offer(p) ? DGPUMP_MORE : DGPUMP_WAIT;
    if (p->c.count && p->delivered >= p->c.count) return p->ended = true, DGPUMP_END;
    if (p->pos == p->nbuf) return refill(p);
    uint64_t ts = p->buf[p->pos].ts_ns;
    switch (dgpace_check(p->c.pace, ts)) {
    case DGSCH_SKIP:
        p->read_ts = ts;
        p->pos++;
        return DGPUMP_MORE;
    case DGSCH_END: return end_or_loop(p);
    case DGSCH_WAIT: *wait_ns = dgpace_wait_ns(p->c.pace, ts); return DGPUMP_WAIT;
    case DGSCH_DUE: break;
    }
    return deliver_due(p);
}

static void idle(uint64_t ns, uint64_t cap)
{
    if (ns > cap) ns = cap;
    struct timespec ts = {(time_t)(ns / 1000000000u), (long)(ns % 1000000000u)};
    nanosleep(&ts, NULL);
}

int dgpump_run(dgpump *p, uint64_t max_idle_ns, bool (*tick)(void *ctx), void *ctx)
{
    for (;;) {
        uint64_t wait;
        dgpump_state st = dgpump_step(p, &wait);
        if (st == DGPUMP_END) return 0;
        if (st == DGPUMP_FAILED) return 1;
        if (st == DGPUMP_WAIT) idle(wait, max_idle_ns);
        if (tick && !tick(ctx)) return 0;
    }
}

bool dgpump_seek(dgpump *p, uint64_t ts)
{
    bool ok = true;
    p->pos = p->run_end; /* due records not taken yet belong to the old time */
    if (ts < p->read_ts || (p->c.src->caps & DGSRC_CAP_INDEX)) {
        ok = dgsrc_seek(p->c.src, ts) || p->c.src->rewind(p->c.src);
        p->nbuf = p->pos = p->run_end = 0;
        p->nalerts = 0;
    }
    dgpace_seek(p->c.pace, ts);
    p->read_ts = ts;
    p->ended = false;
    return ok;
}

size_t dgpump_batch_done(const dgpump *p)
{
    return p->pos;
}

uint64_t dgpump_delivered(const dgpump *p)
{
    return p->delivered;
}

bool dgpump_rewind_failed(const dgpump *p)
{
    return p->rewind_failed;
}
