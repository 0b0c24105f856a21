/* pace.c - replay pacing against an injected monotonic clock (see pace.h).
 * The playhead is an anchor pair (source time, wall time) plus a speed: position(now) =
 * anchor_src + (now - anchor_wall) * speed. Every change (speed, pause, seek) re-anchors, so
 * the playhead never jumps unless asked to.
 * Threads: one scheduler per thread. */
#include "pace.h"
#include "clock.h"

#include <stdlib.h>

struct dgpace {
    dgpace_clock_fn clock;
    void *ctx;
    double speed; /* DGSCH_SPEED_MAX: unpaced */
    bool paused;
    bool anchored;
    bool have_first;
    uint64_t anchor_src, anchor_wall;
    uint64_t first_ts;
    uint64_t skip_before; /* records before this are skipped (window start or seek target) */
    dgpace_time start, end;
};

uint64_t dgpace_monotonic_ns(void *ctx)
{
    (void)ctx;
    return dg_mono_ns();
}

bool dgpace_speed_valid(double speed)
{
    return speed == DGSCH_SPEED_MAX ||
           (speed >= DGSCH_SPEED_MIN_VALUE && speed <= DGSCH_SPEED_MAX_VALUE);
}

dgpace *dgpace_create(double speed, dgpace_clock_fn clock, void *clock_ctx)
{
    if (!clock || !dgpace_speed_valid(speed)) return NULL;
    dgpace *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    s->clock = clock;
    s->ctx = clock_ctx;
    s->speed = speed;
    return s;
}

void dgpace_destroy(dgpace *s)
{
    free(s);
}

static uint64_t position_at(const dgpace *s, uint64_t now)
{
    if (!s->anchored) return 0;
    if (s->speed == DGSCH_SPEED_MAX) return s->paused ? s->anchor_src : UINT64_MAX;
    if (s->paused || now <= s->anchor_wall) return s->anchor_src;
    double ahead = (double)(now - s->anchor_wall) * s->speed;
    if (ahead >= (double)(UINT64_MAX - s->anchor_src)) return UINT64_MAX;
    return s->anchor_src + (uint64_t)ahead;
}

uint64_t dgpace_position(const dgpace *s)
{
    return position_at(s, s->clock(s->ctx));
}

/* Pins the playhead to where it is now, so a change applies from now on. */
static void reanchor(dgpace *s, uint64_t now)
{
    if (s->anchored && s->speed != DGSCH_SPEED_MAX) s->anchor_src = position_at(s, now);
    s->anchor_wall = now;
}

bool dgpace_set_speed(dgpace *s, double speed)
{
    if (!dgpace_speed_valid(speed)) return false;
    uint64_t now = s->clock(s->ctx);
    reanchor(s, now);
    s->speed = speed;
    return true;
}

double dgpace_speed(const dgpace *s)
{
    return s->speed;
}

void dgpace_pause(dgpace *s, bool paused)
{
    if (paused == s->paused) return;
    reanchor(s, s->clock(s->ctx));
    s->paused = paused;
}

bool dgpace_paused(const dgpace *s)
{
    return s->paused;
}

void dgpace_set_window(dgpace *s, dgpace_time start, dgpace_time end)
{
    s->start = start;
    s->end = end;
    s->skip_before = dgpace_start_ts(s);
}

static uint64_t resolve(const dgpace *s, dgpace_time t, uint64_t unset)
{
    if (!t.set) return unset;
    if (!t.offset) return t.ns;
    if (!s->have_first) return unset;
    return s->first_ts + t.ns;
}

uint64_t dgpace_start_ts(const dgpace *s)
{
    return resolve(s, s->start, 0);
}

uint64_t dgpace_end_ts(const dgpace *s)
{
    return resolve(s, s->end, UINT64_MAX);
}

uint64_t dgpace_first_ts(const dgpace *s)
{
    return s->have_first ? s->first_ts : 0;
}

void dgpace_seek(dgpace *s, uint64_t ts_ns)
{
    s->anchored = true;
    s->anchor_src = ts_ns;
    s->anchor_wall = s->clock(s->ctx);
    s->skip_before = ts_ns;
}

void dgpace_restart(dgpace *s)
{
    s->anchored = false;
    s->skip_before = dgpace_start_ts(s);
}

/* Anchors the playhead for the first record that will be published. */
static void anchor_first(dgpace *s, uint64_t ts_ns)
{
    uint64_t start = dgpace_start_ts(s);
    s->anchored = true;
    s->anchor_src = start > s->first_ts && start <= ts_ns ? start : ts_ns;
    s->anchor_wall = s->clock(s->ctx);
}

dgpace_verdict dgpace_check(dgpace *s, uint64_t ts_ns)
{
    if (!s->have_first) {
        s->have_first = true;
        s->first_ts = ts_ns;
        s->skip_before = dgpace_start_ts(s);
    }
    if (ts_ns >= dgpace_end_ts(s)) return DGSCH_END;
    if (ts_ns < s->skip_before) return DGSCH_SKIP;
    s->skip_before = 0;
    if (!s->anchored) anchor_first(s, ts_ns);
    if (s->paused) return DGSCH_WAIT;
    return ts_ns <= position_at(s, s->clock(s->ctx)) ? DGSCH_DUE : DGSCH_WAIT;
}

bool dgpace_due(dgpace *s, uint64_t ts_ns)
{
    return dgpace_check(s, ts_ns) == DGSCH_DUE;
}

uint64_t dgpace_wait_ns(dgpace *s, uint64_t ts_ns)
{
    if (s->paused) return UINT64_MAX;
    if (!s->anchored || s->speed == DGSCH_SPEED_MAX) return 0;
    uint64_t pos = position_at(s, s->clock(s->ctx));
    if (ts_ns <= pos) return 0;
    double wall = (double)(ts_ns - pos) / s->speed;
    return wall >= 1.8e19 ? UINT64_MAX - 1 : (uint64_t)wall + 1;
}
