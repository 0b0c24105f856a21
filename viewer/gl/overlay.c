/* overlay.c - see overlay.h. */
#include "overlay.h"
#include "names.h"

#include "../anon.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

/* Legend names of the scanner tools (fingerprint.h order), then untagged traffic. */
static const char *const tool_names[DG_TOOL_COUNT + 1] = {
    "Mirai", "Masscan", "ZMap", "Unicornscan", "large-scale scanner", "backscatter", "no tool tag"};

typedef struct group_key {
    char kind[32], title[128];
} group_key;

struct dgov_overlay {
    dghud *hud;
    unsigned panels;
    dghud_legend_item classes[DG_CLS_COUNT];
    dghud_legend_item tools[DG_TOOL_COUNT + 1];
    dghud_rgba mirai;
    enum dgps_scale scale;
    dghud_tick ticks[24 + DGTS_TOP];
    int nticks; /* the scale's own ticks; the top ports' come first each frame */
    dgps_tick scale_ticks[24];
    char top_lbl[DGTS_TOP][8];
    dghud_alert_row rows[MAX_ROWS];
    char titles[MAX_ROWS + MAX_LABELS][128]; /* masked copies when anonymizing */
    const dgsv_table *services;
    /* the rows of the last frame, and the open card's row */
    int nrows;
    group_key row_key[MAX_ROWS];
    bool card, card_moved;
    group_key sel;
    dghud_card cardv;
    char card_title[128], card_val[DGHUD_CARD_LINES][400];
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

static float tick_pos(float height)
{
    return (height - DGPS_HEIGHT_MIN) / (DGPS_HEIGHT_MAX - DGPS_HEIGHT_MIN);
}

/* The legend's fixed content: class and tool colours, the port-height scale. */
static void build_legend(dgov_overlay *o, const dgp_palette *pal, enum dgps_scale scale)
{
    for (int c = 0; c < DG_CLS_COUNT; c++)
        o->classes[c] = (dghud_legend_item){rgba(pal->rgb[c]), dgn_class_legend(c)};
    for (int t = 0; t <= DG_TOOL_COUNT; t++)
        o->tools[t] = (dghud_legend_item){rgba(pal->tool[t]), tool_names[t]};
    o->mirai = rgba(pal->mirai);
    o->scale = scale;
    o->nticks = (int)dgps_ticks(scale, o->scale_ticks, 24);
}

/* The port-height axis: the current top ports labelled (in rank order, so the busiest win
 * where labels would collide), over the scale's own ticks unlabelled. */
static int axis_ticks(dgov_overlay *o, const dgts_view *v)
{
    int n = 0;
    for (int i = 0; i < v->n_ports; i++) {
        const dgts_port *p = &v->ports[i];
        if (p->proto != DG_PROTO_TCP && p->proto != DG_PROTO_UDP) continue;
        snprintf(o->top_lbl[n], sizeof o->top_lbl[n], "%u", p->port);
        o->ticks[n] = (dghud_tick){o->top_lbl[n], tick_pos(dgps_height(p->port, o->scale))};
        n++;
    }
    for (int i = 0; i < o->nticks; i++)
        o->ticks[n++] = (dghud_tick){NULL, tick_pos(o->scale_ticks[i].height)};
    return n;
}

void dgov_set_services(dgov_overlay *o, const dgsv_table *services)
{
    o->services = services;
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

static bool same_group(const group_key *k, const dg_alert *a)
{
    return !strcmp(k->kind, a->kind) && !strcmp(k->title, a->title);
}

static bool key_eq(const group_key *a, const group_key *b)
{
    return !strcmp(a->kind, b->kind) && !strcmp(a->title, b->title);
}

/* Adds alert it to row r (a repeat of the row's alert, e.g. another host of one org). */
static void row_merge(dghud_alert_row *r, const dgal_item *it, double age, float fade)
{
    uint64_t c = (uint64_t)r->count + it->a.count;
    r->count = c > UINT32_MAX ? UINT32_MAX : (uint32_t)c;
    r->members++;
    if (it->a.severity > r->severity) r->severity = it->a.severity;
    if (age < r->age_s) r->age_s = age;
    if (fade > r->fade) r->fade = fade;
}

/* One row per group of repeats, newest group first. */
static int alert_rows(dgov_overlay *o, dgal_store *al, const dgov_frame *f)
{
    int n = 0;
    for (size_t i = 0; i < dgal_count(al); i++) {
        const dgal_item *it = dgal_at(al, i);
        double age = dgal_age(it, f->feed_now, f->now);
        float fade = dgal_fade(al, it, f->now);
        int r = 0;
        while (r < n && !same_group(&o->row_key[r], &it->a))
            r++;
        if (r < n) {
            row_merge(&o->rows[r], it, age, fade);
            continue;
        }
        if (n == MAX_ROWS) continue;
        snprintf(o->row_key[n].kind, sizeof o->row_key[n].kind, "%s", it->a.kind);
        snprintf(o->row_key[n].title, sizeof o->row_key[n].title, "%s", it->a.title);
        o->rows[n] = (dghud_alert_row){.severity = it->a.severity,
                                       .title = shown_title(o, &it->a, f->anonymize, n),
                                       .age_s = age,
                                       .count = it->a.count,
                                       .fade = fade,
                                       .members = 1,
                                       .selected = o->card && same_group(&o->sel, &it->a)};
        n++;
    }
    o->nrows = n;
    return n;
}

/* ---- the alert card ---- */

typedef struct group_info {
    const dgal_item *rep; /* the newest alert of the group */
    uint64_t first_ns, last_ns, count;
    uint32_t members;
    char srcs[192]; /* up to three sources, "+N more" */
    int nsrcs;
} group_info;

static void add_source(group_info *g, const char *src, bool anonymize)
{
    char masked[64];
    if (!src[0] || strstr(g->srcs, src)) return;
    if (++g->nsrcs > 3) return;
    size_t n = strlen(g->srcs);
    snprintf(g->srcs + n, sizeof g->srcs - n, "%s%s", n ? ", " : "",
             anonymize ? dg_anon_text(src, masked, sizeof masked) : src);
}

/* The group's members in the store: false when none is left (the card then closes). */
static bool group_find(dgal_store *al, const group_key *k, bool anonymize, group_info *g)
{
    memset(g, 0, sizeof *g);
    for (size_t i = 0; i < dgal_count(al); i++) {
        const dgal_item *it = dgal_at(al, i);
        if (!same_group(k, &it->a)) continue;
        if (!g->rep) g->rep = it;
        if (!g->first_ns || (it->a.ts_ns && it->a.ts_ns < g->first_ns)) g->first_ns = it->a.ts_ns;
        if (it->a.last_ns > g->last_ns) g->last_ns = it->a.last_ns;
        g->count += it->a.count;
        g->members++;
        add_source(g, it->a.src, anonymize);
    }
    if (g->nsrcs > 3) {
        size_t n = strlen(g->srcs);
        snprintf(g->srcs + n, sizeof g->srcs - n, " +%d more", g->nsrcs - 3);
    }
    return g->rep != NULL;
}

static void utc_text(uint64_t ns, char *buf, size_t cap)
{
    time_t t = (time_t)(ns / 1000000000ull);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, cap, "%Y-%m-%d %H:%M:%S UTC", &tm);
}

/* Adds a line to the card (skipped when value is empty). */
static void card_line(dgov_overlay *o, const char *label, const char *value)
{
    dghud_card *c = &o->cardv;
    if (!value || !value[0] || c->n == DGHUD_CARD_LINES) return;
    snprintf(o->card_val[c->n], sizeof o->card_val[c->n], "%s", value);
    c->label[c->n] = label;
    c->value[c->n] = o->card_val[c->n];
    c->n++;
}

/* Port, service and CVEs from the services table. */
static void card_port(dgov_overlay *o, const dg_alert *a)
{
    char b[160];
    if (!a->dport) return;
    const char *pn = a->proto == 6 ? "tcp" : a->proto == 17 ? "udp" : "";
    const dgsv_entry *e = o->services ? dgsv_find(o->services, a->dport, a->proto) : NULL;
    snprintf(b, sizeof b, "%u/%s%s%s", a->dport, pn, e ? "  \xC2\xB7  " : "", e ? e->service : "");
    card_line(o, "Port", b);
    if (!e) return;
    card_line(o, "CVEs", e->cves);
    card_line(o, "About", e->note);
}

static void card_times(dgov_overlay *o, const group_info *g, const dgov_frame *f)
{
    char a[48], b[96], age[16];
    utc_text(g->first_ns, a, sizeof a);
    card_line(o, "First seen", g->first_ns ? a : "");
    utc_text(g->last_ns, a, sizeof a);
    dghud_fmt_age(dgal_age(g->rep, f->feed_now, f->now), age, sizeof age);
    snprintf(b, sizeof b, "%s  \xC2\xB7  %s ago (feed time)", a, age);
    card_line(o, "Last seen", g->last_ns ? b : "");
}

static void build_card(dgov_overlay *o, const group_info *g, const dgov_frame *f)
{
    const dg_alert *a = &g->rep->a;
    char b[400], n1[32];
    o->cardv = (dghud_card){.severity = a->severity,
                            .footer = "Tab / Shift+Tab: next / previous alert  \xC2\xB7  "
                                      "click the row or Esc: close"};
    o->cardv.title =
        f->anonymize ? dg_anon_text(a->title, o->card_title, sizeof o->card_title) : a->title;
    snprintf(b, sizeof b, "%s  \xC2\xB7  severity %s", a->kind, dg_severity_name(a->severity));
    card_line(o, "Kind", b);
    card_times(o, g, f);
    dghud_fmt_group(g->count, n1, sizeof n1);
    if (g->members > 1)
        snprintf(b, sizeof b, "%s in %u alerts", n1, g->members);
    else
        snprintf(b, sizeof b, "%s", n1);
    card_line(o, "Count", b);
    card_line(o, g->nsrcs > 1 ? "Sources" : "Source", g->srcs);
    card_line(o, strcmp(a->kind, "mirai-surge") ? "Organisation" : "Country", a->org);
    card_port(o, a);
    card_line(o, "Sensor", a->sensor);
    card_line(o, "Detail", f->anonymize ? dg_anon_text(a->detail, b, sizeof b) : a->detail);
}

/* The open card's content for this frame; NULL (and the card closed) once its alerts left. */
static const dghud_card *card_for_frame(dgov_overlay *o, dgal_store *al, const dgov_frame *f)
{
    group_info g;
    if (!o->card) return NULL;
    if (!group_find(al, &o->sel, f->anonymize, &g)) {
        o->card = false;
        return NULL;
    }
    build_card(o, &g, f);
    return &o->cardv;
}

static void select_row(dgov_overlay *o, int r)
{
    o->sel = o->row_key[r];
    o->card = o->card_moved = true;
}

bool dgov_click(dgov_overlay *o, float x, float y)
{
    if (!(o->panels & DGHUD_BIT(DGHUD_P_ALERTS))) return false;
    int r = dghud_alert_at(o->hud, x, y);
    if (r < 0 || r >= o->nrows) return false;
    if (o->card && key_eq(&o->sel, &o->row_key[r]))
        o->card = false;
    else
        select_row(o, r);
    return true;
}

void dgov_step_card(dgov_overlay *o, int dir)
{
    int cur = -1;
    for (int r = 0; o->card && r < o->nrows; r++)
        if (key_eq(&o->sel, &o->row_key[r])) cur = r;
    int next = cur < 0 ? (dir > 0 ? 0 : o->nrows - 1) : cur + dir;
    if (next < 0 || next >= o->nrows)
        o->card = false;
    else
        select_row(o, next);
}

void dgov_show_alert(dgov_overlay *o, const dg_alert *a)
{
    snprintf(o->sel.kind, sizeof o->sel.kind, "%s", a->kind[0] ? a->kind : "external");
    snprintf(o->sel.title, sizeof o->sel.title, "%s", a->title);
    o->card = o->card_moved = true;
}

bool dgov_close_card(dgov_overlay *o)
{
    bool was = o->card;
    o->card = false;
    return was;
}

bool dgov_card_open(const dgov_overlay *o)
{
    return o->card;
}

bool dgov_card_place(dgov_overlay *o, dgm_model *m, float *lat, float *lon)
{
    group_info g;
    if (!o->card || !o->card_moved) return false;
    o->card_moved = false;
    if (!group_find(dgm_alerts(m), &o->sel, false, &g) || !g.rep->a.has_loc) return false;
    *lat = g.rep->a.lat;
    *lon = g.rep->a.lon;
    return true;
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
                      .tools = o->tools,
                      .n_tools = DG_TOOL_COUNT + 1,
                      .legend_tools = f->color_by_tool,
                      .hidden_classes = f->hidden_classes,
                      .window_caption = dgts_window_caption(view.window),
                      .bottom_reserve = f->bottom_reserve,
                      .mirai_colour = o->mirai,
                      .ticks = o->ticks,
                      .n_ticks = axis_ticks(o, &view),
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
    in.card = card_for_frame(o, al, f);
    dghud_begin(o->hud, w, h);
    if (o->panels & DGHUD_BIT(DGHUD_P_ALERTS)) ring_labels(o, r, al, f->now, f);
    if (f->extra) f->extra(f->extra_ctx, o->hud);
    dghud_draw(o->hud, &in);
    dghud_end(o->hud);
}
