/* tour.c - see tour.h. */
#include "tour.h"

#include <math.h>
#include <string.h>

#include "alert.h"

#define PI 3.14159265358979323846

static double or_default(double v, double d)
{
    return v > 0 ? v : d;
}

void dgtour_init(dgtour *t, const dgtour_config *cfg, double now)
{
    memset(t, 0, sizeof *t);
    t->cfg = *cfg;
    dgtour_config *c = &t->cfg;
    c->focus_dist = (float)or_default(c->focus_dist, 2.0);
    c->overview_s = or_default(c->overview_s, 20);
    c->hold_s = or_default(c->hold_s, 8);
    c->glide_s = or_default(c->glide_s, 3);
    c->half_life_s = or_default(c->half_life_s, 60);
    c->pause_s = or_default(c->pause_s, 30);
    c->min_packets = (float)or_default(c->min_packets, 20);
    t->phase = DGTOUR_OVERVIEW;
    t->phase_start = now;
    t->last_cell = -1;
    t->lat = c->home_lat;
    t->lon = c->home_lon;
    t->dist = c->home_dist;
}

static int cell_of(float lat, float lon, int *r, int *c)
{
    *r = (int)floorf((lat + 90.0f) / 10.0f);
    *c = (int)floorf((lon + 180.0f) / 10.0f);
    if (*r >= DGTOUR_ROWS) *r = DGTOUR_ROWS - 1;
    if (*c >= DGTOUR_COLS) *c = DGTOUR_COLS - 1;
    return *r >= 0 && *c >= 0;
}

void dgtour_events(dgtour *t, const dg_event *ev, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        int r, c;
        if (!(ev[k].flags & DGE_SRC_PLACED) || !cell_of(ev[k].src_lat, ev[k].src_lon, &r, &c))
            continue;
        t->count[r][c] += 1.0f;
        t->sum_lat[r][c] += ev[k].src_lat;
        t->sum_lon[r][c] += ev[k].src_lon;
    }
}

void dgtour_alert(dgtour *t, float lat, float lon, int severity)
{
    if (severity < DG_SEV_HIGH) return;
    t->alert_pending = true;
    t->alert_lat = lat;
    t->alert_lon = lon;
}

void dgtour_start(dgtour *t, double now)
{
    t->paused_until = now;
    t->phase = DGTOUR_OVERVIEW;
    t->phase_start = now - t->cfg.overview_s; /* the overview's wait is already over */
}

void dgtour_user_input(dgtour *t, double now)
{
    t->paused_until = now + t->cfg.pause_s;
    t->phase = DGTOUR_PAUSED;
    t->phase_start = now;
}

void dgtour_decay(dgtour *t, double dt)
{
    if (dt <= 0) return;
    float k = (float)exp2(-dt / t->cfg.half_life_s);
    for (int r = 0; r < DGTOUR_ROWS; r++)
        for (int c = 0; c < DGTOUR_COLS; c++) {
            t->count[r][c] *= k;
            t->sum_lat[r][c] *= k;
            t->sum_lon[r][c] *= k;
        }
}

/* Hottest cell, skipping `skip` unless nothing else has half its count. */
static int hottest(const dgtour *t, int skip)
{
    int best = -1, other = -1;
    for (int i = 0; i < DGTOUR_ROWS * DGTOUR_COLS; i++) {
        float v = t->count[i / DGTOUR_COLS][i % DGTOUR_COLS];
        if (v < t->cfg.min_packets) continue;
        if (best < 0 || v > t->count[best / DGTOUR_COLS][best % DGTOUR_COLS]) best = i;
        if (i != skip && (other < 0 || v > t->count[other / DGTOUR_COLS][other % DGTOUR_COLS]))
            other = i;
    }
    if (best == skip && other >= 0 &&
        t->count[other / DGTOUR_COLS][other % DGTOUR_COLS] >=
            0.5f * t->count[best / DGTOUR_COLS][best % DGTOUR_COLS])
        return other;
    return best;
}

static void cell_mean(const dgtour *t, int i, float *lat, float *lon)
{
    int r = i / DGTOUR_COLS, c = i % DGTOUR_COLS;
    *lat = t->sum_lat[r][c] / t->count[r][c];
    *lon = t->sum_lon[r][c] / t->count[r][c];
}

bool dgtour_hotspot_away(const dgtour *t, float lat, float lon, float min_deg, float *olat,
                         float *olon)
{
    double la = lat * PI / 180, cos_min = cos(min_deg * PI / 180);
    float best = 0;
    for (int i = 0; i < DGTOUR_ROWS * DGTOUR_COLS; i++) {
        float v = t->count[i / DGTOUR_COLS][i % DGTOUR_COLS], clat, clon;
        if (v < t->cfg.min_packets || v <= best) continue;
        cell_mean(t, i, &clat, &clon);
        double lb = clat * PI / 180, dl = (clon - lon) * PI / 180;
        if (sin(la) * sin(lb) + cos(la) * cos(lb) * cos(dl) > cos_min) continue; /* too near */
        best = v, *olat = clat, *olon = clon;
    }
    return best > 0;
}

bool dgtour_hotspot(const dgtour *t, float *lat, float *lon, float *count)
{
    int i = hottest(t, -1);
    if (i < 0) return false;
    cell_mean(t, i, lat, lon);
    if (count) *count = t->count[i / DGTOUR_COLS][i % DGTOUR_COLS];
    return true;
}

static void go(dgtour *t, enum dgtour_phase p, float lat, float lon, float dist, double now,
               dgtour_target *out)
{
    t->phase = p;
    t->phase_start = now;
    t->lat = lat;
    t->lon = lon;
    t->dist = dist;
    out->fly = true;
}

/* From the overview: a pending alert cuts it short (after a glide's worth of overview), a hot
 * region waits for the overview's full time. */
static void from_overview(dgtour *t, double now, dgtour_target *out)
{
    double in = now - t->phase_start;
    if (t->alert_pending && in >= t->cfg.glide_s) {
        t->alert_pending = false;
        go(t, DGTOUR_FOCUS_ALERT, t->alert_lat, t->alert_lon, t->cfg.focus_dist, now, out);
        return;
    }
    if (in < t->cfg.overview_s) return;
    int i = hottest(t, t->last_cell);
    if (i < 0) {
        t->phase_start = now; /* nothing worth a visit: another overview */
        return;
    }
    float lat, lon;
    cell_mean(t, i, &lat, &lon);
    t->last_cell = i;
    go(t, DGTOUR_FOCUS_HOT, lat, lon, t->cfg.focus_dist, now, out);
}

dgtour_target dgtour_tick(dgtour *t, double now, double dt)
{
    dgtour_target out = {0};
    dgtour_decay(t, dt);
    const dgtour_config *c = &t->cfg;
    if (t->phase == DGTOUR_PAUSED) {
        if (now >= t->paused_until)
            go(t, DGTOUR_OVERVIEW, c->home_lat, c->home_lon, c->home_dist, now, &out);
    } else if (t->phase == DGTOUR_OVERVIEW) {
        from_overview(t, now, &out);
    } else if (now - t->phase_start >= c->glide_s + c->hold_s) {
        go(t, DGTOUR_OVERVIEW, c->home_lat, c->home_lon, c->home_dist, now, &out);
    }
    out.lat = t->lat;
    out.lon = t->lon;
    out.dist = t->dist;
    out.phase = t->phase;
    out.autorotate = t->phase == DGTOUR_OVERVIEW;
    if (t->phase == DGTOUR_PAUSED) out.fly = false;
    return out;
}

void dgtour_burnin_offset(double t, float *dx, float *dy)
{
    /* periods 7 and 11 minutes: incommensurate, so the path covers a small rectangle */
    *dx = (float)(0.004 * sin(2 * PI * t / 420.0));
    *dy = (float)(0.004 * sin(2 * PI * t / 660.0 + 1.0));
}

float dgtour_burnin_fade(double t)
{
    return (float)(0.925 + 0.075 * cos(2 * PI * t / 300.0));
}
