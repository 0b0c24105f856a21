/* station.c - see station.h. */
#include "station.h"

#include <GL/glew.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../anon.h"
#include "../asn.h"
#include "../filter.h"
#include "geo.h"
#include "../hosts.h"
#include "../sync.h"
#include "../tour.h"
#include "export.h"

#define HOSTS 16384
#define PICK_RADIUS_PX 14.0f
#define LIVE_S 10.0

struct dgstation {
    dgo_options o;
    dgfl_filter filter;
    dghost_tbl *hosts;
    dggeo *geo;
    dgasn *asn; /* AS organisation for the tooltip; may hold no database */
    dgtour tour;
    bool touring;
    dgsync *sync;
    dgsync_tile tile;
    dgex_ppm *ppm;
    bool want_shot, anonymize;
    int mx, my; /* pointer, window pixels; -1 when outside */
    double now;
};

static bool open_sync(dgstation *w, char *err, size_t errcap)
{
    w->tile = (dgsync_tile){1, 1, 0};
    if (w->o.tile[0] && !dgsync_parse_tile(w->o.tile, &w->tile, err, errcap)) return false;
    if (!w->o.sync[0]) return true;
    w->sync = dgsync_open(w->o.sync, w->tile.index == 0, err, errcap);
    return w->sync != NULL;
}

dgstation *dgstation_create(const dgo_options *o, const dgs_table *sensors, const dgc_camera *home, char *err,
                  size_t errcap)
{
    dgstation *w = calloc(1, sizeof *w);
    if (!w) return NULL;
    w->o = *o;
    w->anonymize = o->anonymize;
    w->touring = o->kiosk;
    w->mx = w->my = -1;
    dgfl_clear(&w->filter);
    if (o->filter[0] && !dgfl_parse(&w->filter, o->filter, sensors, err, errcap)) goto fail;
    if (!open_sync(w, err, errcap)) goto fail;
    if (o->output_ppm_stream[0] && !(w->ppm = dgex_ppm_open(o->output_ppm_stream, err, errcap)))
        goto fail;
    w->hosts = dghost_create(HOSTS);
    dggeo_config gc = {
        .paths = {o->geoip[0] ? o->geoip : NULL}, .quiet = true, .cache_entries = 1024};
    w->geo = dggeo_open(&gc);
    w->asn = dgasn_open(NULL, o->geoip[0] ? o->geoip : NULL);
    if (!o->quiet && w->asn && dgasn_has_db(w->asn))
        fprintf(stderr, "darkglobe: AS data: %s\n", dgasn_describe(w->asn));
    dgtour_config tc = {
        .home_lat = home->home_lat, .home_lon = home->home_lon, .home_dist = home->home_dist};
    dgtour_init(&w->tour, &tc, 0);
    if (w->hosts && w->geo && w->asn) return w;
    snprintf(err, errcap, "out of memory");
fail:
    dgstation_destroy(w);
    return NULL;
}

void dgstation_destroy(dgstation *w)
{
    if (!w) return;
    dgex_ppm_close(w->ppm);
    dgsync_close(w->sync);
    dghost_destroy(w->hosts);
    dggeo_close(w->geo);
    dgasn_close(w->asn);
    free(w);
}

size_t dgstation_events(dgstation *w, dg_event *ev, size_t n)
{
    dghost_observe(w->hosts, ev, n);
    dgtour_events(&w->tour, ev, n); /* the tour and the swing both look for the sources */
    if (!dgfl_active(&w->filter)) return n;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (dgfl_match(&w->filter, &ev[i])) ev[k++] = ev[i];
    return k;
}

void dgstation_alert(dgstation *w, const dg_alert *a)
{
    dghost_note_alert(w->hosts, a);
    if (w->touring && a->has_loc) dgtour_alert(&w->tour, a->lat, a->lon, a->severity);
}

/* K: the tour starts at once (the key press itself is not input that pauses it). */
static void toggle_tour(dgstation *w)
{
    w->touring = !w->touring;
    if (w->touring) dgtour_start(&w->tour, w->now);
}

bool dgstation_key(dgstation *w, SDL_Keycode k)
{
    if (k >= SDLK_1 && k < SDLK_1 + DG_CLS_COUNT)
        dgfl_toggle_class(&w->filter, k - SDLK_1);
    else if (k == SDLK_m)
        dgfl_toggle_mirai(&w->filter);
    else if (k == SDLK_0)
        dgfl_clear(&w->filter);
    else if (k == SDLK_n)
        w->anonymize = !w->anonymize;
    else if (k == SDLK_k)
        toggle_tour(w);
    else if (k == SDLK_F12)
        w->want_shot = true;
    else
        return false;
    return true;
}

/* Kiosk: nothing but Ctrl+Alt+Q gets through (a wall has no operator at the keyboard). */
bool dgstation_kiosk_blocks(const dgstation *w, const SDL_Event *e, bool *quit)
{
    if (!w->o.kiosk) return false;
    if (e->type == SDL_KEYDOWN && e->key.keysym.sym == SDLK_q && (e->key.keysym.mod & KMOD_CTRL) &&
        (e->key.keysym.mod & KMOD_ALT))
        *quit = true;
    return e->type == SDL_KEYDOWN || e->type == SDL_KEYUP || e->type == SDL_MOUSEMOTION ||
           e->type == SDL_MOUSEBUTTONDOWN || e->type == SDL_MOUSEBUTTONUP ||
           e->type == SDL_MOUSEWHEEL;
}

void dgstation_pointer(dgstation *w, int x, int y)
{
    w->mx = x;
    w->my = y;
}

void dgstation_user_input(dgstation *w, double now)
{
    dgtour_user_input(&w->tour, now);
}

void dgstation_camera(dgstation *w, dgc_camera *cam, double *sim_t, double feed_now, double dt)
{
    w->now = *sim_t;
    dgsync_state st;
    if (w->sync && !dgsync_is_leader(w->sync)) {
        if (dgsync_poll(w->sync, &st)) {
            dgsync_apply_camera(&st, cam);
            *sim_t = st.sim_t;
        }
        return;
    }
    if (!w->touring) dgtour_decay(&w->tour, dt);
    if (w->touring) {
        dgtour_target g = dgtour_tick(&w->tour, *sim_t, dt);
        if (g.phase != DGTOUR_PAUSED) {
            if (g.fly) dgc_fly_to(cam, g.lat, g.lon), cam->target_dist = g.dist;
            dgc_set_autorotate(cam, g.autorotate);
        }
    }
    if (w->sync) {
        dgsync_from_camera(cam, *sim_t, feed_now, &st);
        dgsync_publish(w->sync, &st);
    }
}

bool dgstation_tiled(const dgstation *w)
{
    return w->tile.cols * w->tile.rows > 1;
}

int dgstation_tile_index(const dgstation *w)
{
    return w->tile.index;
}

void dgstation_apply_tile(const dgstation *w, dgr_renderer *r)
{
    dgr_set_tile(r, w->tile.cols, w->tile.rows, w->tile.index);
}

void dgstation_hud_viewport(const dgstation *w, int tile_w, int tile_h, double t, int *wall_w, int *wall_h)
{
    int col = w->tile.index % w->tile.cols, row = w->tile.index / w->tile.cols;
    *wall_w = tile_w * w->tile.cols;
    *wall_h = tile_h * w->tile.rows;
    float dx = 0, dy = 0;
    if (w->o.kiosk) dgtour_burnin_offset(t, &dx, &dy);
    /* The HUD is laid out for the whole wall; this tile shows its part of it. In kiosk mode
     * the whole HUD drifts slowly by a fraction of a percent so no pixel stays lit. */
    glViewport(-col * tile_w + (int)(dx * (float)*wall_w),
               -(w->tile.rows - 1 - row) * tile_h + (int)(dy * (float)*wall_h), *wall_w, *wall_h);
}

static bool project(void *ctx, float lat, float lon, float *sx, float *sy)
{
    return dgr_project(ctx, lat, lon, 0.0f, sx, sy);
}

/* The tooltip of the source under the pointer: one box, with the AS data's credit. */
static void draw_tooltip(dgstation *w, dghud *hud, const dgr_renderer *r, int wall_w, int wall_h,
                         double feed_now)
{
    if (w->mx < 0 || w->o.kiosk) return;
    const dghost *h = dghost_pick(w->hosts, project, (void *)r, (float)w->mx, (float)w->my,
                                  PICK_RADIUS_PX, feed_now, LIVE_S);
    if (!h) return;
    dggeo_result g;
    dgasn_result as;
    dggeo_lookup(w->geo, h->ip_ver, h->addr, &g);
    bool has_as = dgasn_lookup(w->asn, h->ip_ver, h->addr, &as);
    char text[1200];
    dghost_format_tooltip(w->hosts, h, &g, has_as ? &as : NULL, w->anonymize, text, sizeof text);
    if (has_as) {
        size_t n = strlen(text);
        snprintf(text + n, sizeof text - n, "\n%s", dgasn_credit(w->asn));
    }
    /* The pointer and dgr_project speak tile pixels; the HUD draws in wall pixels. */
    int tile_w = wall_w / w->tile.cols, tile_h = wall_h / w->tile.rows;
    float x = (float)(w->mx + (w->tile.index % w->tile.cols) * tile_w);
    float y = (float)(w->my + (w->tile.index / w->tile.cols) * tile_h);
    dghud_tooltip(hud, x, y, text);
}

void dgstation_status_text(const dgstation *w, char *buf, size_t cap)
{
    size_t n = 0;
    buf[0] = '\0';
    if (dgfl_active(&w->filter)) {
        char line[256];
        dgfl_describe(&w->filter, line, sizeof line);
        n += (size_t)snprintf(buf, cap, "%s", line);
    }
    if (w->touring && n < cap)
        n += (size_t)snprintf(buf + n, cap - n, "%s%s", n ? "  \xC2\xB7  " : "",
                              w->o.kiosk ? "KIOSK TOUR" : "TOUR (K)");
    if (w->anonymize && n < cap)
        snprintf(buf + n, cap - n, "%sADDRESSES MASKED", n ? "  \xC2\xB7  " : "");
}

void dgstation_draw(dgstation *w, dghud *hud, const dgr_renderer *r, int wall_w, int wall_h, double feed_now)
{
    char line[400];
    dgstation_status_text(w, line, sizeof line);
    if (line[0])
        dghud_chip(hud, (float)wall_w * 0.5f, (float)wall_h * 0.06f, line,
                   (dghud_rgba){255, 210, 90, 255});
    draw_tooltip(w, hud, r, wall_w, wall_h, feed_now);
}

bool dgstation_sources(const dgstation *w, float home_lat, float home_lon, float *lat, float *lon)
{
    return dgtour_hotspot_away(&w->tour, home_lat, home_lon, 15.0f, lat, lon);
}

unsigned dgstation_hidden_classes(const dgstation *w)
{
    return (unsigned)(~w->filter.classes & ((1u << DG_CLS_COUNT) - 1u));
}

bool dgstation_export(dgstation *w, int fb_w, int fb_h)
{
    if (w->want_shot) {
        char path[600];
        if (dgex_screenshot(w->o.screenshot_dir, fb_w, fb_h, path, sizeof path))
            fprintf(stderr, "darkglobe: screenshot %s\n", path);
        w->want_shot = false;
    }
    return !w->ppm || dgex_ppm_frame(w->ppm, fb_w, fb_h);
}

bool dgstation_anonymize(const dgstation *w)
{
    return w->anonymize;
}
