/* feedclock.c - see feedclock.h. */
#include "feedclock.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define PERIOD_S 0.25  /* one speed sample per quarter second */
#define WINDOW_S 8.0   /* speed over at most the last 8 s */
#define MIN_SPAN_S 2.0 /* and at least 2 s of them */
#define STALE_S 2.0    /* no packet for 2 s: the speed is unknown */

void dgfc_init(dgfc *c)
{
    memset(c, 0, sizeof *c);
}

static void restart(dgfc *c, double ts, double mono)
{
    c->n = c->head = 0;
    c->behind_n = 0;
    c->ts = ts;
    c->ts_mono = mono;
    c->shown = 0;
}

bool dgfc_observe(dgfc *c, double ts, double mono)
{
    if (!(ts > 0) || !isfinite(ts)) return false;
    bool restarted = false;
    if (c->ts > 0 && ts < c->ts - DGFC_BACKJUMP_S) {
        if (c->behind_n++ == 0) c->behind_mono = mono;
        if (c->behind_n < DGFC_BACKJUMP_N || mono - c->behind_mono < DGFC_BACKJUMP_HOLD_S)
            return false; /* late rows so far, not (yet) a feed that went back */
        restart(c, ts, mono);
        restarted = true;
    } else {
        c->behind_n = 0;
    }
    if (ts > c->ts) {
        c->ts = ts;
        c->ts_mono = mono;
    }
    int last = (c->head + DGFC_SAMPLES - 1) % DGFC_SAMPLES;
    if (c->n && mono - c->ring[last].mono < PERIOD_S) return restarted;
    c->ring[c->head].mono = mono;
    c->ring[c->head].ts = c->ts;
    c->head = (c->head + 1) % DGFC_SAMPLES;
    if (c->n < DGFC_SAMPLES) c->n++;
    return restarted;
}

double dgfc_now(dgfc *c, double mono)
{
    if (c->ts <= 0) return 0;
    double gap = mono - c->ts_mono, t = c->ts + (gap > 0 ? gap : 0);
    if (t < c->shown) t = c->shown;
    c->shown = t;
    return t;
}

double dgfc_speed(const dgfc *c, double mono)
{
    if (c->n < 2 || mono - c->ts_mono > STALE_S) return 0;
    int newest = (c->head + DGFC_SAMPLES - 1) % DGFC_SAMPLES, oldest = newest;
    for (int k = 1; k < c->n; k++) {
        int i = (newest + DGFC_SAMPLES - k) % DGFC_SAMPLES;
        if (c->ring[newest].mono - c->ring[i].mono > WINDOW_S) break;
        oldest = i;
    }
    double span = c->ring[newest].mono - c->ring[oldest].mono;
    if (span < MIN_SPAN_S) return 0;
    return (c->ring[newest].ts - c->ring[oldest].ts) / span;
}

bool dgfc_apart(dgfc *c, double feed, double wall)
{
    double d = fabs(feed - wall);
    if (feed <= 0)
        c->apart = false;
    else if (d > DGFC_DIFFER_S)
        c->apart = true;
    else if (d < DGFC_SAME_S)
        c->apart = false;
    return c->apart;
}

char *dgfc_fmt_speed(double speed, char *buf, size_t cap)
{
    if (!(speed > 0) || !isfinite(speed)) {
        snprintf(buf, cap, "%s", "");
        return buf;
    }
    double mag = pow(10.0, floor(log10(speed)) - 1.0), v = round(speed / mag) * mag;
    if (v >= 10000)
        snprintf(buf, cap, "x%.0fk", v / 1000);
    else if (v >= 10)
        snprintf(buf, cap, "x%.0f", v);
    else
        snprintf(buf, cap, "x%.2g", v);
    return buf;
}
