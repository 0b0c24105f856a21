/* overlay.c - see overlay.h. */
#include "overlay.h"

#include "../anon.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ROWS 12
#define MAX_LABELS 8

static const char *const panel_names[DGHUD_P_COUNT] = {
    "legend", "rate", "ports", "countries", "mirai", "feed", "clock", "credit", "alerts"};

/* Severity colours shared by rings and labels: info grey-blue .. critical magenta-red. */
static const float sev_rgb[DG_SEV_COUNT][3] = {{0.55f, 0.65f, 0.80f},
                                               {0.35f, 0.80f, 0.95f},
                                               {1.00f, 0.80f, 0.20f},
                                               {1.00f, 0.45f, 0.15f},
                                               {1.00f, 0.15f, 0.35f}};

struct dgov_overlay {
    dghud *hud;
    unsigned panels;
    dghud_legend_item classes[DG_CLS_COUNT];
    dghud_rgba mirai;
    dghud_tick ticks[24];
    int nticks;
    dghud_alert_row rows[MAX_ROWS];
    char titles[MAX_ROWS + MAX_LABELS][128]; /* masked copies when anonymizing */
};

bool dgov_parse_panels(const char *list, unsigned *mask, char *err, size_t errcap)
{
    if (!strcmp(list, "all")) return (*mask = DGHUD_ALL), true;
    *mask = 0;
    if (!strcmp(list, "none")) return true;
    char buf[256];
    snprintf(buf, sizeof buf, "%s", list);
    for (char *save, *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        int i = 0;
        while (i < DGHUD_P_COUNT && strcmp(panel_names[i], tok))
            i++;
        if (i == DGHUD_P_COUNT) {
            snprintf(err, errcap,
                     "unknown panel \"%s\" (legend, rate, ports, countries, mirai, "
                     "feed, clock, credit, alerts, all, none)",
                     tok);
            return false;
        }
        *mask |= DGHUD_BIT(i);
    }
    return true;
}

static dghud_rgba rgba(const float rgb[3])
{
    return (dghud_rgba){(uint8_t)(rgb[0] * 255), (uint8_t)(rgb[1] * 255), (uint8_t)(rgb[2] * 255),
                        255};
}

/* The legend's fixed content: class colours and the port-height axis. */
static void build_legend(dgov_overlay *o, const dgp_palette *pal, enum dgps_scale scale)
{
    for (int c = 0; c < DG_CLS_COUNT; c++)
        o->classes[c] = (dghud_legend_item){rgba(pal->rgb[c]), dgp_class_name(c)};
    o->mirai = rgba(pal->mirai);
    dgps_tick t[24];
    size_t n = dgps_ticks(scale, t, 24);
    for (size_t i = 0; i < n; i++) {
        float pos = (t[i].height - DGPS_HEIGHT_MIN) / (DGPS_HEIGHT_MAX - DGPS_HEIGHT_MIN);
        o->ticks[i] = (dghud_tick){t[i].label, pos};
    }
    o->nticks = (int)n;
}

dgov_overlay *dgov_create(const char *panels, const dgp_palette *pal, enum dgps_scale scale,
                          char *err, size_t errcap)
{
    dgov_overlay *o = calloc(1, sizeof *o);
    if (!o) return NULL;
    if (!dgov_parse_panels(panels, &o->panels, err, errcap)) {
        free(o);
        return NULL;
    }
    o->hud = dghud_create(NULL);
    if (!o->hud) {
        snprintf(err, errcap, "HUD: cannot create its GL resources");
        free(o);
        return NULL;
    }
    build_legend(o, pal, scale);
    return o;
}

void dgov_set_legend(dgov_overlay *o, const dgp_palette *pal, enum dgps_scale scale)
{
    build_legend(o, pal, scale);
}

void dgov_set_panels(dgov_overlay *o, unsigned mask)
{
    o->panels = mask;
}

dghud *dgov_hud(dgov_overlay *o)
{
    return o->hud;
}

void dgov_destroy(dgov_overlay *o)
{
    if (!o) return;
    dghud_destroy(o->hud);
    free(o);
}

void dgov_toggle(dgov_overlay *o, int panel)
{
    if (panel == DGHUD_P_COUNT)
        o->panels = o->panels ? 0 : DGHUD_ALL;
    else
        o->panels ^= DGHUD_BIT(panel);
}

unsigned dgov_panels(const dgov_overlay *o)
{
    return o->panels;
}

void dgov_rings(dgov_overlay *o, dgr_renderer *r, dgm_model *m, double now)
{
    (void)o;
    dgal_store *al = dgm_alerts(m);
    dgr_ring rings[DGR_MAX_RINGS];
    size_t n = 0;
    for (size_t i = 0; i < dgal_count(al) && n < DGR_MAX_RINGS; i++) {
        const dgal_item *it = dgal_at(al, i);
        if (!it->a.has_loc || dgal_fade(al, it, now) <= 0) continue;
        dgr_ring *g = &rings[n++];
        *g = (dgr_ring){
            .lat = it->a.lat, .lon = it->a.lon, .radius_deg = 2.5f, .start_s = it->first_seen};
        memcpy(g->rgb, sev_rgb[it->a.severity < DG_SEV_COUNT ? it->a.severity : 0], sizeof g->rgb);
    }
    dgr_set_rings(r, rings, n);
}

/* The title as shown: masked on an anonymized screen (slot picks the buffer). */
static const char *shown_title(dgov_overlay *o, const dg_alert *a, bool anonymize, int slot)
{
    return anonymize ? dg_anon_text(a->title, o->titles[slot], sizeof o->titles[slot]) : a->title;
}

static int alert_rows(dgov_overlay *o, dgal_store *al, const dgov_frame *f)
{
    int n = 0;
    for (size_t i = 0; i < dgal_count(al) && n < MAX_ROWS; i++) {
        const dgal_item *it = dgal_at(al, i);
        o->rows[n] = (dghud_alert_row){it->a.severity, shown_title(o, &it->a, f->anonymize, n),
                                       dgal_age(it, f->feed_now, f->now), it->a.count,
                                       dgal_fade(al, it, f->now)};
        n++;
    }
    return n;
}

/* Labels at the newest placed alerts' rings that face the camera; where rings crowd one
 * spot (hosts of one city) only the newest is labelled, so labels never print over each
 * other. */
static void ring_labels(dgov_overlay *o, const dgr_renderer *r, dgal_store *al, double now,
                        const dgov_frame *f)
{
    float xs[MAX_LABELS], ys[MAX_LABELS];
    int shown = 0;
    for (size_t i = 0; i < dgal_count(al) && shown < MAX_LABELS; i++) {
        const dgal_item *it = dgal_at(al, i);
        float x, y, fade = dgal_fade(al, it, now);
        if (!it->a.has_loc || fade <= 0 || !dgr_project(r, it->a.lat, it->a.lon, 0.0f, &x, &y))
            continue;
        bool crowded = false;
        for (int k = 0; k < shown && !crowded; k++)
            crowded = fabsf(xs[k] - x) < 120.0f && fabsf(ys[k] - y) < 24.0f;
        if (crowded) continue;
        dghud_rgba c = rgba(sev_rgb[it->a.severity < DG_SEV_COUNT ? it->a.severity : 0]);
        c.a = (uint8_t)(255 * fade);
        dghud_label(o->hud, x + f->label_dx, y + f->label_dy,
                    shown_title(o, &it->a, f->anonymize, MAX_ROWS + shown), c);
        xs[shown] = x, ys[shown] = y;
        shown++;
    }
}

void dgov_draw(dgov_overlay *o, const dgr_renderer *r, dgm_model *m, const dgov_frame *f, int w,
               int h)
{
    dgts_view view;
    dgts_read(dgm_stats(m), &view);
    dgal_store *al = dgm_alerts(m);
    dghud_input in = {.panels = o->panels,
                      .now = f->utc,
                      .stats = &view,
                      .classes = o->classes,
                      .n_classes = DG_CLS_COUNT,
                      .mirai_colour = o->mirai,
                      .ticks = o->ticks,
                      .n_ticks = o->nticks,
                      .credit = f->credit,
                      .alerts = o->rows,
                      .n_alerts = alert_rows(o, al, f),
                      .alerts_active = (int)dgal_count(al),
                      .alert_flash = dgal_flash(al, f->now, NULL),
                      .clock = f->clock,
                      .hint = f->hint,
                      .feed = {.connected = f->feed->connected,
                               .lost_since = (double)f->feed->lost_since_ns * 1e-9,
                               .drops = f->feed->dropped,
                               .malformed = f->feed->malformed,
                               .lost = f->feed->lost_msgs,
                               .name = f->feed_name,
                               .replay = f->replay}};
    dghud_begin(o->hud, w, h);
    if (o->panels & DGHUD_BIT(DGHUD_P_ALERTS)) ring_labels(o, r, al, f->now, f);
    if (f->extra) f->extra(f->extra_ctx, o->hud);
    dghud_draw(o->hud, &in);
    dghud_end(o->hud);
}
