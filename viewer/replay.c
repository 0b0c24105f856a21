/* replay.c - the viewer's replay of a file: a paced replay thread and a scan thread (see
 * replay.h). The replay thread alone touches the source, the scheduler and the ingest; the
 * render thread leaves commands under the mutex and reads a published mirror of the
 * playhead, so it never waits for I/O (the lock is only held for short copies). */
#include "replay.h"

#include "ratelog.h"
#include "pump.h"
#include "source_kinds.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BATCH 1024              /* records per read of the scan */
#define STEPS 4096              /* pump steps between two looks at the commands */
#define WAIT_CAP_NS 10000000ull /* longest sleep: commands and fake clocks are seen soon */

static const double SPEEDS[] = {0.1, 0.25, 0.5, 1,   2,    5,    10,   20,
                                50,  100,  200, 500, 1000, 2000, 5000, 10000};
#define NSPEEDS (sizeof SPEEDS / sizeof SPEEDS[0])

struct dgrp {
    dgrp_config cfg;
    char path[4096], columns[512];
    dg_source *src;
    dgnt_ingest *in;
    dgpace *sch;
    pthread_t thr, scan_thr;
    bool scan_started;
    bool halted; /* threads joined (dgrp_halt) */
    atomic_bool quit;

    pthread_mutex_t mu; /* guards everything below up to the replay-thread section */
    pthread_cond_t cv;
    bool cmd_pause, want_paused, cmd_speed, cmd_seek;
    double want_speed;
    uint64_t seek_ns;
    uint64_t pause_at, speed_at, seek_at; /* clock when each command was given */
    /* published by the replay thread */
    bool paused, done, failed, anchored;
    double speed;
    uint64_t anchor_src, anchor_wall, last_ts, delivered, src_errors, bad_ts, refused, jumps;
    /* published by the scan thread (and dgrp_add_mark) */
    bool ready;
    uint64_t first_ns, last_ns, records, marks_lost;
    int nmarks;
    double marks[DGRP_MAX_MARKS];
    int hist_n;
    uint64_t hist_origin, hist_bin; /* ns */
    uint32_t hist[DGRP_HIST];

    /* replay thread only */
    dgpump *pump;
    _Atomic uint64_t clock_pin; /* nonzero: the scheduler's clock reads this (a command's time) */
};

static uint64_t now_mono(const dgrp *r)
{
    return r->cfg.clock(r->cfg.clock_ctx);
}

/* The scheduler's clock: normally the configured one; while a command is applied, the time
 * it was given, so the playhead changes where the user saw it, however late the thread is. */
static uint64_t sched_clock(void *ctx)
{
    dgrp *r = ctx;
    uint64_t pin = atomic_load(&r->clock_pin);
    return pin ? pin : now_mono(r);
}

/* Runs one scheduler change as of time `at`. */
#define AT_TIME(r, at, call)                                                                       \
    do {                                                                                           \
        atomic_store(&(r)->clock_pin, (at) ? (at) : 1);                                            \
        call;                                                                                      \
        atomic_store(&(r)->clock_pin, 0);                                                          \
    } while (0)

double dgrp_speed_step(double speed, int dir)
{
    if (speed == DGSCH_SPEED_MAX) return dir < 0 ? SPEEDS[NSPEEDS - 1] : DGSCH_SPEED_MAX;
    if (dir > 0) {
        for (size_t i = 0; i < NSPEEDS; i++)
            if (SPEEDS[i] > speed * 1.0001) return SPEEDS[i];
        return SPEEDS[NSPEEDS - 1];
    }
    for (size_t i = NSPEEDS; i-- > 0;)
        if (SPEEDS[i] < speed * 0.9999) return SPEEDS[i];
    return SPEEDS[0];
}

/* ------------------------------------------------------------------ delivery */

/* Room the queue has for events now; the ingest turns each record into one event. */
static size_t queue_room(const dgrp *r)
{
    size_t cap = dgq_capacity(r->cfg.ingest.queue), used = dgq_size(r->cfg.ingest.queue);
    return used < cap ? cap - used : 0;
}

/* The pump's record sink: as many due records as the queue has room for go to the ingest,
 * so the replay waits for the render thread instead of dropping. What a feed's decoder would
 * refuse never reaches the ingest here either. */
static size_t take_records(void *ctx, dg_record *recs, size_t n)
{
    dgrp *r = ctx;
    size_t room = queue_room(r), ok = 0;
    if (n > room) n = room;
    if (n == 0) return 0;
    for (size_t i = 0; i < n; i++)
        if (dgw_record_valid(&recs[i], r->src->sensors.count)) recs[ok++] = recs[i];
    uint64_t last = recs[n - 1].ts_ns;
    if (ok < n) last = ok ? recs[ok - 1].ts_ns : r->last_ts;
    dgnt_ingest_records(r->in, &r->src->sensors, recs, ok, dg_wall_ns());
    pthread_mutex_lock(&r->mu);
    r->refused += n - ok;
    r->delivered += n;
    r->last_ts = last;
    pthread_mutex_unlock(&r->mu);
    return n;
}

static void take_alert(void *ctx, const dg_alert *a)
{
    dgrp *r = ctx;
    dgnt_ingest_alert(r->in, a, dg_wall_ns());
}

/* --loop started the file again: the detectors start afresh, the timeline sees a jump. */
static void restarted(void *ctx)
{
    dgrp *r = ctx;
    dgnt_ingest_time_jump(r->in);
    pthread_mutex_lock(&r->mu);
    r->jumps++;
    pthread_mutex_unlock(&r->mu);
}

/* ------------------------------------------------------------------ the playhead mirror */

/* Replay time in ns as the render thread sees it; call with mu held. */
static uint64_t now_locked(const dgrp *r)
{
    if (!r->anchored || r->done) return r->last_ts;
    uint64_t t = r->anchor_src;
    if (!r->paused && r->speed != DGSCH_SPEED_MAX) {
        uint64_t wall = now_mono(r);
        if (wall > r->anchor_wall) t += (uint64_t)((double)(wall - r->anchor_wall) * r->speed);
    }
    if (r->ready && t > r->last_ns) t = r->last_ns;
    return t;
}

static bool command_pending(const dgrp *r)
{
    return r->cmd_pause || r->cmd_speed || r->cmd_seek;
}

/* Copies the scheduler's playhead into the mirror (replay thread, mu held). A command the
 * render thread left meanwhile has already updated the mirror; it wins until applied. */
static void publish_locked(dgrp *r)
{
    if (command_pending(r)) return;
    uint64_t pos = dgpace_position(r->sch);
    r->paused = dgpace_paused(r->sch);
    r->speed = dgpace_speed(r->sch);
    r->anchored = pos != 0 && pos != UINT64_MAX;
    r->anchor_src = pos;
    r->anchor_wall = now_mono(r);
    r->src_errors = r->src->src_errors;
    r->bad_ts = r->src->bad_ts;
}

/* ------------------------------------------------------------------ the replay thread */

static void set_done(dgrp *r, bool failed)
{
    pthread_mutex_lock(&r->mu);
    r->done = true;
    r->failed |= failed;
    pthread_mutex_unlock(&r->mu);
}

/* Delivers what is due now; returns how long to wait (0: go on). */
static uint64_t play_some(dgrp *r)
{
    uint64_t wait = 0;
    for (int i = 0; i < STEPS; i++) {
        switch (dgpump_step(r->pump, &wait)) {
        case DGPUMP_MORE: continue;
        case DGPUMP_WAIT: return wait;
        case DGPUMP_END: dgnt_ingest_finish(r->in); return set_done(r, false), 0;
        case DGPUMP_FAILED: dgnt_ingest_finish(r->in); return set_done(r, true), 0;
        }
    }
    return 0;
}

/* A seek repositions the source backwards always, forwards only through an index (other
 * kinds read on and skip, which is cheaper than their rewind-and-skip): see dgpump_seek. */
static void seek_to(dgrp *r, uint64_t ts, uint64_t at)
{
    bool ok = true;
    AT_TIME(r, at, ok = dgpump_seek(r->pump, ts));
    if (!ok) fprintf(stderr, "darkglobe: replay: %s cannot be rewound\n", r->path);
    dgnt_ingest_time_jump(r->in);
    pthread_mutex_lock(&r->mu);
    r->done = false;
    pthread_mutex_unlock(&r->mu);
}

/* Applies the render thread's commands; the I/O of a seek runs without the lock. */
static void run_commands(dgrp *r)
{
    pthread_mutex_lock(&r->mu);
    bool sp = r->cmd_speed, pa = r->cmd_pause, sk = r->cmd_seek;
    double speed = r->want_speed;
    bool paused = r->want_paused;
    uint64_t ts = r->seek_ns, speed_at = r->speed_at, pause_at = r->pause_at, seek_at = r->seek_at;
    r->cmd_speed = r->cmd_pause = r->cmd_seek = false;
    pthread_mutex_unlock(&r->mu);
    if (sp) AT_TIME(r, speed_at, dgpace_set_speed(r->sch, speed));
    if (pa) AT_TIME(r, pause_at, dgpace_pause(r->sch, paused));
    if (sk) seek_to(r, ts, seek_at);
}

static void sleep_ns(dgrp *r, uint64_t ns)
{
    if (ns > WAIT_CAP_NS) ns = WAIT_CAP_NS;
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    uint64_t t = (uint64_t)until.tv_nsec + ns;
    until.tv_sec += (time_t)(t / 1000000000u);
    until.tv_nsec = (long)(t % 1000000000u);
    pthread_mutex_lock(&r->mu);
    if (!command_pending(r) && !atomic_load(&r->quit))
        pthread_cond_timedwait(&r->cv, &r->mu, &until);
    pthread_mutex_unlock(&r->mu);
}

static void *replay_main(void *arg)
{
    dgrp *r = arg;
    while (!atomic_load(&r->quit)) {
        run_commands(r);
        pthread_mutex_lock(&r->mu);
        bool done = r->done;
        pthread_mutex_unlock(&r->mu);
        uint64_t wait = done ? WAIT_CAP_NS : play_some(r);
        pthread_mutex_lock(&r->mu);
        publish_locked(r);
        pthread_mutex_unlock(&r->mu);
        if (wait) sleep_ns(r, wait);
    }
    return NULL;
}

/* ------------------------------------------------------------------ the scan thread */

/* Keeps marks ascending; call with mu held. */
static void add_mark_locked(dgrp *r, double t)
{
    if (r->nmarks == DGRP_MAX_MARKS) {
        r->marks_lost++;
        return;
    }
    int i = r->nmarks++;
    for (; i > 0 && r->marks[i - 1] > t; i--)
        r->marks[i] = r->marks[i - 1];
    r->marks[i] = t;
}

typedef struct scan_result {
    uint64_t first, last, records;
    uint64_t mark_ns[DGRP_MAX_MARKS];
    int nmarks;
    uint64_t lost;
    uint64_t h_origin, h_bin; /* ns; h_bin 0 until the first record */
    uint32_t hist[DGRP_HIST];
} scan_result;

/* Counts a record in the histogram; the bins double in width whenever the file outgrows them,
 * so one pass fits any span (a record before the first counts in bin 0). */
static void hist_add(scan_result *res, uint64_t ts)
{
    if (!res->h_bin) res->h_origin = ts, res->h_bin = 1000000000ull;
    uint64_t i = ts > res->h_origin ? (ts - res->h_origin) / res->h_bin : 0;
    while (i >= DGRP_HIST) {
        for (int k = 0; k < DGRP_HIST / 2; k++)
            res->hist[k] = res->hist[2 * k] + res->hist[2 * k + 1];
        memset(res->hist + DGRP_HIST / 2, 0, sizeof res->hist / 2);
        res->h_bin *= 2;
        i = (ts - res->h_origin) / res->h_bin;
    }
    if (res->hist[i] < UINT32_MAX) res->hist[i]++;
}

/* One pass over a second handle of the file: range, record count and alert positions (an
 * alert is marked at the first record after it, where the replay delivers it). */
static bool scan_file(dgrp *r, dg_source *s, scan_result *res, dg_record *buf)
{
    res->first = UINT64_MAX;
    for (;;) {
        if (atomic_load(&r->quit)) return false;
        int n = s->next(s, buf, BATCH);
        uint64_t at = n > 0 ? buf[0].ts_ns : res->last;
        dg_alert a;
        while (dgsrc_alert(s, &a, NULL)) {
            if (res->nmarks < DGRP_MAX_MARKS)
                res->mark_ns[res->nmarks++] = at;
            else
                res->lost++;
        }
        if (n <= 0) break;
        for (int i = 0; i < n; i++) {
            if (buf[i].ts_ns < res->first) res->first = buf[i].ts_ns;
            if (buf[i].ts_ns > res->last) res->last = buf[i].ts_ns;
            hist_add(res, buf[i].ts_ns);
        }
        res->records += (uint64_t)n;
    }
    if (res->records == 0) res->first = 0;
    return true;
}

static void *scan_main(void *arg)
{
    dgrp *r = arg;
    char err[256];
    dg_source *s = dgsrc_open_auto(r->path, r->columns[0] ? r->columns : NULL, err, sizeof err);
    scan_result *res = calloc(1, sizeof *res);
    dg_record *buf = malloc(BATCH * sizeof *buf);
    if (!s || !res || !buf) {
        fprintf(stderr, "darkglobe: replay scan: %s\n", s ? "out of memory" : err);
    } else if (scan_file(r, s, res, buf)) {
        pthread_mutex_lock(&r->mu);
        r->first_ns = res->first;
        r->last_ns = res->last;
        r->records = res->records;
        r->marks_lost += res->lost;
        for (int i = 0; i < res->nmarks; i++)
            add_mark_locked(r, (double)res->mark_ns[i] * 1e-9);
        r->hist_origin = res->h_origin;
        r->hist_bin = res->h_bin;
        r->hist_n = res->h_bin ? (int)((res->last - res->h_origin) / res->h_bin) + 1 : 0;
        if (r->hist_n > DGRP_HIST) r->hist_n = DGRP_HIST;
        memcpy(r->hist, res->hist, sizeof r->hist);
        r->ready = true;
        pthread_mutex_unlock(&r->mu);
    }
    if (s) s->close(s);
    free(res);
    free(buf);
    return NULL;
}

/* ------------------------------------------------------------------ start and stop */

static bool open_parts(dgrp *r, char *err, size_t errcap)
{
    r->src = dgsrc_open_auto(r->path, r->columns[0] ? r->columns : NULL, err, errcap);
    if (!r->src) return false;
    r->in = dgnt_ingest_create(&r->cfg.ingest);
    r->sch = dgpace_create(r->cfg.speed, sched_clock, r);
    dgpump_config pc = {.src = r->src,
                        .pace = r->sch,
                        .loop = r->cfg.loop,
                        .sink = {take_records, take_alert, restarted, r}};
    r->pump = r->sch ? dgpump_create(&pc) : NULL;
    if (!r->in || !r->pump) return snprintf(err, errcap, "out of memory"), false;
    dgpace_pause(r->sch, r->cfg.paused);
    r->paused = r->cfg.paused;
    r->speed = r->cfg.speed;
    return true;
}

static void free_parts(dgrp *r)
{
    dgpump_destroy(r->pump);
    if (r->src) r->src->close(r->src);
    dgnt_ingest_destroy(r->in);
    dgpace_destroy(r->sch);
    pthread_mutex_destroy(&r->mu);
    pthread_cond_destroy(&r->cv);
    free(r);
}

dgrp *dgrp_start(const dgrp_config *cfg, char *err, size_t errcap)
{
    if (!cfg || !cfg->path || !cfg->ingest.queue)
        return snprintf(err, errcap, "replay: a file and a queue are required"), NULL;
    double speed = cfg->speed == 0 ? 1 : cfg->speed;
    if (!dgpace_speed_valid(speed))
        return snprintf(err, errcap, "replay: speed %g out of range", cfg->speed), NULL;
    dgrp *r = calloc(1, sizeof *r);
    if (!r) return snprintf(err, errcap, "out of memory"), NULL;
    r->cfg = *cfg;
    r->cfg.speed = speed;
    if (!r->cfg.clock) r->cfg.clock = dgpace_monotonic_ns;
    snprintf(r->path, sizeof r->path, "%s", cfg->path);
    snprintf(r->columns, sizeof r->columns, "%s", cfg->columns ? cfg->columns : "");
    pthread_mutex_init(&r->mu, NULL);
    pthread_cond_init(&r->cv, NULL);
    if (!open_parts(r, err, errcap)) return free_parts(r), NULL;
    if (pthread_create(&r->thr, NULL, replay_main, r) != 0) {
        snprintf(err, errcap, "replay: cannot start a thread: %s", strerror(errno));
        return free_parts(r), NULL;
    }
    r->scan_started = pthread_create(&r->scan_thr, NULL, scan_main, r) == 0;
    if (!r->scan_started) fprintf(stderr, "darkglobe: replay: no scan thread, no timeline\n");
    return r;
}

void dgrp_halt(dgrp *r)
{
    if (!r || r->halted) return;
    atomic_store(&r->quit, true);
    pthread_mutex_lock(&r->mu);
    pthread_cond_broadcast(&r->cv);
    pthread_mutex_unlock(&r->mu);
    pthread_join(r->thr, NULL);
    if (r->scan_started) pthread_join(r->scan_thr, NULL);
    r->halted = true;
}

void dgrp_stop(dgrp *r)
{
    if (!r) return;
    dgrp_halt(r);
    free_parts(r);
}

/* ------------------------------------------------------------------ commands */

/* Re-anchors the mirror at the current replay time, so a change shows at once; mu held. */
static void reanchor_locked(dgrp *r)
{
    r->anchor_src = now_locked(r);
    r->anchor_wall = now_mono(r);
}

void dgrp_set_paused(dgrp *r, bool paused)
{
    pthread_mutex_lock(&r->mu);
    reanchor_locked(r);
    r->want_paused = r->paused = paused;
    r->pause_at = r->anchor_wall;
    r->cmd_pause = true;
    pthread_cond_signal(&r->cv);
    pthread_mutex_unlock(&r->mu);
}

void dgrp_toggle_pause(dgrp *r)
{
    pthread_mutex_lock(&r->mu);
    bool paused = !r->paused;
    pthread_mutex_unlock(&r->mu);
    dgrp_set_paused(r, paused);
}

bool dgrp_set_speed(dgrp *r, double speed)
{
    if (!dgpace_speed_valid(speed)) return false;
    pthread_mutex_lock(&r->mu);
    reanchor_locked(r);
    r->want_speed = r->speed = speed;
    r->speed_at = r->anchor_wall;
    r->cmd_speed = true;
    pthread_cond_signal(&r->cv);
    pthread_mutex_unlock(&r->mu);
    return true;
}

static double current_speed(dgrp *r)
{
    pthread_mutex_lock(&r->mu);
    double s = r->speed;
    pthread_mutex_unlock(&r->mu);
    return s;
}

void dgrp_speed_up(dgrp *r)
{
    dgrp_set_speed(r, dgrp_speed_step(current_speed(r), +1));
}

void dgrp_speed_down(dgrp *r)
{
    dgrp_set_speed(r, dgrp_speed_step(current_speed(r), -1));
}

void dgrp_seek(dgrp *r, double t)
{
    uint64_t ns = t <= 0 ? 0 : (uint64_t)(t * 1e9 + 0.5);
    pthread_mutex_lock(&r->mu);
    if (r->ready && ns < r->first_ns) ns = r->first_ns;
    if (r->ready && ns > r->last_ns) ns = r->last_ns;
    r->seek_ns = ns;
    r->cmd_seek = true;
    r->jumps++;
    r->anchored = true;
    r->done = false;
    r->anchor_src = r->last_ts = ns;
    r->anchor_wall = r->seek_at = now_mono(r);
    pthread_cond_signal(&r->cv);
    pthread_mutex_unlock(&r->mu);
}

void dgrp_step(dgrp *r, double seconds)
{
    dgrp_seek(r, dgrp_now(r) + seconds);
}

void dgrp_seek_fraction(dgrp *r, double fraction)
{
    if (fraction < 0) fraction = 0;
    if (fraction > 1) fraction = 1;
    pthread_mutex_lock(&r->mu);
    bool ready = r->ready;
    double t = (double)r->first_ns * 1e-9 + fraction * (double)(r->last_ns - r->first_ns) * 1e-9;
    pthread_mutex_unlock(&r->mu);
    if (ready) dgrp_seek(r, t);
}

void dgrp_step_fraction(dgrp *r, double fraction)
{
    pthread_mutex_lock(&r->mu);
    bool ready = r->ready;
    double span = (double)(r->last_ns - r->first_ns) * 1e-9;
    pthread_mutex_unlock(&r->mu);
    if (ready) dgrp_step(r, fraction * span);
}

bool dgrp_next_mark(dgrp *r)
{
    double now = dgrp_now(r), t = 0;
    pthread_mutex_lock(&r->mu);
    for (int i = 0; i < r->nmarks && !t; i++)
        if (r->marks[i] > now + 1.5) t = r->marks[i];
    pthread_mutex_unlock(&r->mu);
    if (t) dgrp_seek(r, t - 1.0);
    return t > 0;
}

/* ------------------------------------------------------------------ queries */

double dgrp_now(const dgrp *r)
{
    dgrp *m = (dgrp *)r; /* the mutex, not the replay state, is written */
    pthread_mutex_lock(&m->mu);
    uint64_t t = now_locked(r);
    pthread_mutex_unlock(&m->mu);
    return (double)t * 1e-9;
}

void dgrp_status_get(const dgrp *r, dgrp_status *out)
{
    dgrp *m = (dgrp *)r;
    pthread_mutex_lock(&m->mu);
    out->ready = r->ready;
    out->done = r->done;
    out->paused = r->paused;
    out->failed = r->failed;
    out->speed = r->speed;
    out->first = (double)r->first_ns * 1e-9;
    out->last = (double)r->last_ns * 1e-9;
    out->now = (double)now_locked(r) * 1e-9;
    out->delivered = r->delivered;
    out->records = r->records;
    out->src_errors = r->src_errors;
    out->bad_ts = r->bad_ts;
    out->refused = r->refused;
    out->jumps = r->jumps;
    out->nmarks = r->nmarks;
    out->marks_lost = r->marks_lost;
    memcpy(out->marks, r->marks, (size_t)r->nmarks * sizeof r->marks[0]);
    out->hist_n = r->hist_n;
    out->hist_origin = (double)r->hist_origin * 1e-9;
    out->hist_bin = (double)r->hist_bin * 1e-9;
    memcpy(out->hist, r->hist, (size_t)r->hist_n * sizeof r->hist[0]);
    pthread_mutex_unlock(&m->mu);
}

void dgrp_add_mark(dgrp *r, double t)
{
    pthread_mutex_lock(&r->mu);
    add_mark_locked(r, t);
    pthread_mutex_unlock(&r->mu);
}

size_t dgrp_pop_alerts(dgrp *r, dg_alert *out, size_t max)
{
    return dgnt_ingest_pop_alerts(r->in, out, max);
}

void dgrp_counters(dgrp *r, dgnt_counters *out)
{
    dgnt_ingest_counters(r->in, out);
}
