/* app.c - see app.h. */
#include "app.h"

#include <GL/glew.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ratelog.h"
#include "recording.h"
#include "source_kinds.h"
#include "../feedclock.h"
#include "geo.h"
#include "../queue.h"
#include "../viewfeed.h"
#include "../samples.h"
#include "../services.h"
#include "../statsout.h"
#include "overlay.h"
#include "render.h"
#include "station.h"
#include "timeline.h"
#include "window.h"

#define DEMO_URL "inproc://darkglobe-demo"
/* Room for about a second of a 1M packets/s feed between two frames. */
#define QUEUE_CAPACITY (1u << 20)
#define DRAIN_CHUNK 65536
/* Draining stops after this much of a frame, however much is queued: the frame, the stats
 * line and a stop signal are never held up by a flood (the queue counts what it refuses). */
#define DRAIN_BUDGET_NS 200000000ull

struct dgapp_app {
    dgo_options o;
    dgs_table sensors;
    dggeo *geo; /* used only by the network thread once it runs */
    dgq_queue *queue;
    dgvf *feed;        /* the network (and the demo), or --replay's file */
    dgtl *timeline;    /* a replay's */
    dgauth *auth;      /* --feed-key, used by the network thread */
    dgrec_writer *rec; /* --record, written by the network thread */
    dgwin_window win;
    dga_pool *arcs;
    dgc_camera cam;
    dgr_renderer *render;
    dgm_model *model;
    dgov_overlay *overlay;
    dgsv_table *services; /* ports' services and CVEs for the alert card */
    float home_zoom;      /* --home's ZOOM: 1 = the globe fitted between the panels */
    double swing_at;      /* sim_t when the swing's far end was last updated */
    dgstation *ws;
    int wall_w, wall_h;      /* the HUD's canvas: the window, or the whole video wall */
    _Atomic uint64_t sim_ns; /* sim_t for the replay thread (video export paces by frames) */
    dgfc clock;              /* feed time of a network feed (a replay has its own) */
    char feed_name[540];     /* the endpoint or the replayed file, for the HUD */
    char hint[200];          /* why packets draw no arc, for the HUD; "" when they do */
    bool unplaced_warned;
    bool dragging;
    dgso_writer stats;
    dg_event *chunk; /* drained events of this frame, DRAIN_CHUNK at a time */
    uint64_t start_mono_ns;
    uint64_t frames;
    double sim_t; /* seconds of animation time */
    double frame_feed; /* feed time of the frame being drawn: one reading for all of it */
    double fps;   /* frames per second over the last stats interval */
    uint64_t fps_frames, fps_mark_ns;
    uint64_t next_stats_ns;
    dgsm_ring frame_ms, latency_ms; /* since the last stats line */
    double first_frame_s;
    double drained_ts; /* newest packet time drained this frame, 0 if none */
    bool quit;
};

static bool load_sensors(dgapp_app *a)
{
    char err[256];
    for (int i = 0; i < a->o.nsensor; i++)
        if (!dgs_add_spec(&a->sensors, a->o.sensor[i], err, sizeof err)) {
            fprintf(stderr, "darkglobe: --sensor %s: %s\n", a->o.sensor[i], err);
            return false;
        }
    if (a->o.sensor_file[0] && !dgs_load_file(&a->sensors, a->o.sensor_file, err, sizeof err)) {
        fprintf(stderr, "darkglobe: --sensor-file: %s\n", err);
        return false;
    }
    if (a->sensors.count == 0) dgs_add_defaults(&a->sensors);
    return true;
}

/* Placement callback of the network thread: the source's city (or country) position. */
static bool geo_locate(void *ctx, int ip_ver, const uint8_t addr[16], float *lat, float *lon,
                       char cc[3])
{
    dggeo_result r;
    bool ok = dggeo_lookup(ctx, ip_ver, addr, &r);
    memcpy(cc, r.cc, 3);
    *lat = r.lat;
    *lon = r.lon;
    return ok;
}

/* Files the options name are read before anything starts: one that is missing or not of
 * its kind is the user's to fix (exit 2), with no fallback to another database or a file
 * skipped row by row. */
static bool check_inputs(const dgapp_app *a)
{
    char err[600];
    if (a->o.geoip[0] && !dggeo_check_path(a->o.geoip, err, sizeof err)) {
        fprintf(stderr, "darkglobe: --geoip: %s\n", err);
        return false;
    }
    if (!a->o.replay[0]) return true;
    dg_source *s =
        dgsrc_open_auto(a->o.replay, a->o.columns[0] ? a->o.columns : NULL, err, sizeof err);
    if (!s) fprintf(stderr, "darkglobe: --replay: %s\n", err);
    if (s) s->close(s);
    return s != NULL;
}

static bool open_geo(dgapp_app *a)
{
    dggeo_config cfg = {.paths = {a->o.geoip[0] ? a->o.geoip : NULL}};
    a->geo = dggeo_open(&cfg);
    if (a->geo && dggeo_has_db(a->geo) && !a->o.quiet)
        fprintf(stderr, "darkglobe: geolocation: %s\n", dggeo_describe(a->geo));
    return a->geo != NULL;
}

static bool open_auth(dgapp_app *a)
{
    if (!a->o.feed_key[0]) return true;
    char err[600];
    a->auth = dgauth_open(a->o.feed_key, err, sizeof err);
    if (!a->auth) fprintf(stderr, "darkglobe: --feed-key: %s\n", err);
    return a->auth != NULL;
}

/* Recorder sinks: called on the network thread for everything received. */
static void record_packets(void *ctx, const dgw_sensor_table *st, const dg_record *r, size_t n,
                           uint64_t recv_ns)
{
    dgrec_write_records(ctx, st, r, n, recv_ns);
}

static void record_alert(void *ctx, const dg_alert *al, uint64_t recv_ns)
{
    dgrec_write_alert(ctx, al, recv_ns);
}

static bool open_recording(dgapp_app *a)
{
    if (!a->o.record[0]) return true;
    char err[600];
    a->rec = dgrec_open_write(a->o.record, true, err, sizeof err);
    if (!a->rec) fprintf(stderr, "darkglobe: --record: %s\n", err);
    return a->rec != NULL;
}

static uint64_t sim_clock(void *ctx)
{
    dgapp_app *a = ctx;
    return atomic_load(&a->sim_ns);
}

/* The feed that drives the view: --replay's file, or the network with the demo's publisher
 * among the endpoints when asked for. */
static bool start_feed(dgapp_app *a)
{
    const char *urls[DGO_MAX_LIST + 1];
    int n = 0;
    for (; n < a->o.nconnect; n++)
        urls[n] = a->o.connect[n];
    if (a->o.demo) urls[n++] = DEMO_URL;
    dgvf_config c = {.ingest = {.urls = urls,
                                .nurls = n,
                                .queue = a->queue,
                                .sensors = &a->sensors,
                                .locate = geo_locate,
                                .locate_ctx = a->geo,
                                .auth = a->auth,
                                .quiet = a->o.quiet,
                                .detect = !a->o.no_detect,
                                .watchlist = dgm_watchlist(a->model)},
                     .replay = a->o.replay,
                     .columns = a->o.columns[0] ? a->o.columns : NULL,
                     .speed = a->o.speed,
                     .demo_url = a->o.demo ? DEMO_URL : NULL,
                     .demo_rate = a->o.rate,
                     .demo_seed = (uint64_t)a->o.seed};
    if (a->rec) c.ingest.sink = (dgnt_sink){record_packets, record_alert, a->rec};
    /* Exporting video, the replay runs on the frame clock: each frame is 1/framerate of
     * replay time however long it takes to render, so no frame is dropped or doubled. */
    if (a->o.output_ppm_stream[0]) c.clock = sim_clock, c.clock_ctx = a;
    char err[600];
    a->feed = dgvf_start(&c, err, sizeof err);
    if (!a->feed) fprintf(stderr, "darkglobe: %s%s\n", a->o.replay[0] ? "--replay: " : "", err);
    if (a->feed && dgvf_is_replay(a->feed)) a->timeline = dgtl_create();
    return a->feed && (a->timeline || !dgvf_is_replay(a->feed));
}

/* Home: --home, or the centre of the sensors' region; the distance is fitted each frame. */
static void init_camera(dgapp_app *a)
{
    float lat = 30.0f, lon = 100.0f, la[DGS_MAX_SENSORS], lo[DGS_MAX_SENSORS];
    int n = 0;
    a->home_zoom = 1.0f;
    if (a->o.home[0]) {
        dgc_parse_home(a->o.home, &lat, &lon, &a->home_zoom); /* validated at start */
    } else {
        for (int i = 0; i < a->sensors.count && n < DGS_MAX_SENSORS; i++, n++)
            la[n] = a->sensors.s[i].lat, lo[n] = a->sensors.s[i].lon;
        if (n) dgc_region_centre(la, lo, n, &lat, &lon);
    }
    dgc_init(&a->cam, lat, lon, 3.2f);
    dgc_set_autorotate(&a->cam, !a->o.no_autorotate);
}

/* The globe sits in the free space between the HUD's side columns, as large as fits there
 * (--home's zoom scales that); a user's zoom stays theirs. */
static void fit_view(dgapp_app *a)
{
    int w = a->wall_w > 0 ? a->wall_w : a->win.width, h = a->wall_h > 0 ? a->wall_h : a->win.height;
    dghud_input in = {.panels = dgov_panels(a->overlay)};
    dghud_rect r[DGHUD_P_COUNT];
    dghud_layout(w, h, &in, r);
    float left = 0, right = (float)w;
    for (int p = 0; p < DGHUD_P_COUNT; p++) {
        if (r[p].w <= 0) continue;
        if (r[p].x + r[p].w * 0.5f < w * 0.5f)
            left = fmaxf(left, r[p].x + r[p].w);
        else
            right = fminf(right, r[p].x);
    }
    if (right - left < w * 0.3f) left = 0, right = (float)w; /* too narrow: use the window */
    dgc_set_centre(&a->cam, (left + right) * 0.5f, h * 0.5f, w, h);
    float radius = fminf((right - left) * 0.5f, h * 0.46f) * 0.97f;
    float home = 1.0f + (dgc_dist_for_radius(&a->cam, radius, h) - 1.0f) / a->home_zoom;
    if (fabsf(home - a->cam.home_dist) < 1e-4f) return;
    bool at_home = fabsf(a->cam.target_dist - a->cam.home_dist) < 1e-3f;
    a->cam.home_dist = home;
    if (at_home) a->cam.target_dist = a->cam.dist = home;
}

/* Auto-rotation swings out to where the sources are (re-read every few seconds). */
static void update_swing(dgapp_app *a)
{
    float lat, lon;
    if (a->sim_t - a->swing_at < 5.0 && a->swing_at > 0) return;
    a->swing_at = a->sim_t;
    if (dgstation_sources(a->ws, a->cam.home_lat, a->cam.home_lon, &lat, &lon))
        dgc_set_swing(&a->cam, lat, lon);
}

/* --arcs: how packets group into arcs (the option parser has checked the name). */
static void set_arc_mode(dga_pool *arcs, const char *name)
{
    enum dgag_mode mode = DGAG_AUTO;
    dgag_parse_mode(name, &mode);
    dga_set_mode(arcs, mode);
}

/* The arc pool and the view; bad palette or texture options are the user's to fix (rc 2). */
static bool start_view(dgapp_app *a, int *rc)
{
    dgr_config cfg;
    dgr_config_defaults(&cfg);
    char err[256];
    if (!dgp_parse(&cfg.palette, a->o.palette, err, sizeof err)) {
        fprintf(stderr, "darkglobe: --palette: %s\n", err);
        *rc = 2;
        return false;
    }
    dgr_style_parse(a->o.globe_style, &cfg.style);
    if (a->o.globe_texture[0]) cfg.globe_texture = a->o.globe_texture;
    if (a->o.night_texture[0]) cfg.night_texture = a->o.night_texture;
    enum dgps_scale scale = DGPS_LOG;
    dgps_parse(a->o.port_scale, &scale);
    a->arcs = dga_create((size_t)a->o.max_arcs, a->o.flight_time, a->o.arc_lifetime);
    if (!a->arcs) return false;
    dga_set_port_scale(a->arcs, scale);
    dga_set_color_by_tool(a->arcs, strcmp(a->o.color_by, "tool") == 0);
    set_arc_mode(a->arcs, a->o.arcs);
    init_camera(a);
    if (!a->o.quiet)
        fprintf(stderr, "darkglobe: OpenGL: %s\n", (const char *)glGetString(GL_RENDERER));
    a->render = dgr_create(&cfg, err, sizeof err);
    if (!a->render) {
        fprintf(stderr, "darkglobe: renderer: %s\n", err);
        return false;
    }
    /* hold the frame rate by shedding arc detail, unless frames must be reproducible or the
     * tiles of a video wall must draw alike */
    dgr_set_adaptive(a->render, !(a->o.fixed_dt > 0) && !a->o.tile[0]);
    a->overlay = dgov_create(a->o.panels, &cfg.palette, scale, err, sizeof err);
    if (!a->overlay) {
        fprintf(stderr, "darkglobe: --panels: %s\n", err);
        *rc = 2;
    }
    return a->overlay != NULL;
}

/* The demo watches two of the synthetic feed's blocks, so its alerts show within seconds. */
static const char *demo_watchlist(const dgapp_app *a)
{
    static const char *const paths[] = {DG_SOURCE_ASSETDIR "/demo-watchlist.conf",
                                        DG_INSTALL_DATADIR "/assets/demo-watchlist.conf"};
    if (!a->o.demo || a->o.nconnect || a->o.no_detect) return NULL;
    for (size_t i = 0; i < sizeof paths / sizeof *paths; i++)
        if (access(paths[i], R_OK) == 0) return paths[i];
    return NULL;
}

static bool start_model(dgapp_app *a, int *rc)
{
    dgm_config cfg = {.watchlist = a->o.watchlist[0] ? a->o.watchlist : demo_watchlist(a),
                      .alerts_log = a->o.alerts_log[0] ? a->o.alerts_log : NULL,
                      .alert_expire_s = a->o.alert_expire};
    char err[600];
    a->model = dgm_create(&cfg, err, sizeof err);
    if (!a->model) {
        fprintf(stderr, "darkglobe: %s\n", err);
        *rc = 2;
        return false;
    }
    enum dgts_window win = DGTS_W_10M;
    dgts_window_parse(a->o.hud_window, &win); /* a choice option: validated */
    dgts_set_window(dgm_stats(a->model), win);
    return true;
}

/* The port/service/CVE table: --services, or assets/services.tsv; a bad file is an error. */
static bool load_services(dgapp_app *a, int *rc)
{
    char err[600];
    a->services = malloc(sizeof *a->services);
    if (!a->services) return false;
    dgsv_init(a->services);
    if (!dgsv_load_default(a->services, a->o.services, err, sizeof err)) {
        fprintf(stderr, "darkglobe: --services: %s\n", err);
        *rc = 2;
        return false;
    }
    dgov_set_services(a->overlay, a->services);
    return true;
}

static bool start_station(dgapp_app *a, int *rc)
{
    char err[600];
    a->ws = dgstation_create(&a->o, &a->sensors, &a->cam, err, sizeof err);
    if (!a->ws) {
        fprintf(stderr, "darkglobe: %s\n", err);
        *rc = 2;
        return false;
    }
    dgstation_apply_tile(a->ws, a->render);
    if (a->o.kiosk) {
        /* An unattended wall always shows the time and whether its feed is alive. */
        dgov_set_panels(a->overlay, dgov_panels(a->overlay) | DGHUD_BIT(DGHUD_P_CLOCK) |
                                        DGHUD_BIT(DGHUD_P_FEED));
        SDL_ShowCursor(SDL_DISABLE);
    }
    return true;
}

static bool open_window(dgapp_app *a, char *err, size_t errcap)
{
    const dgo_options *o = &a->o;
    dgwin_config c = {.width = o->width,
                      .height = o->height,
                      .headless = o->headless,
                      .fullscreen = o->fullscreen || o->kiosk,
                      .display = (int)o->display,
                      .span = o->span,
                      .frameless = o->frameless};
    if (o->window[0]) {
        dgo_parse_window(o->window, &c.width, &c.height, &c.x, &c.y); /* validated at start */
        c.has_pos = true;
    }
    return dgwin_open(&a->win, &c, err, errcap);
}

/* What the feed panel names: the file replayed, the endpoint (and how many more), the demo. */
static void name_feed(dgapp_app *a)
{
    const dgo_options *o = &a->o;
    const char *base = strrchr(o->replay, '/');
    if (o->replay[0])
        snprintf(a->feed_name, sizeof a->feed_name, "%s", base ? base + 1 : o->replay);
    else if (o->nconnect > 1)
        snprintf(a->feed_name, sizeof a->feed_name, "%s (+%d more)", o->connect[0],
                 o->nconnect - 1);
    else if (o->nconnect == 1)
        snprintf(a->feed_name, sizeof a->feed_name, "%s", o->connect[0]);
    else
        snprintf(a->feed_name, sizeof a->feed_name, "built-in demo feed");
}

dgapp_app *dgapp_create(const dgo_options *o, int *rc)
{
    dgapp_app *a = calloc(1, sizeof *a);
    *rc = 1;
    if (!a) return NULL;
    a->o = *o;
    a->start_mono_ns = dg_mono_ns();
    if (o->output_ppm_stream[0]) {
        a->o.fixed_dt = 1.0 / o->output_framerate;
        a->o.fps = 0;
    }
    if (!o->nconnect && !o->replay[0]) a->o.demo = true;
    dgfc_init(&a->clock);
    name_feed(a);
    if (!load_sensors(a) || !check_inputs(a)) {
        *rc = 2;
        goto fail;
    }
    if (!open_auth(a) || (o->stats[0] && !dgso_open(&a->stats, o->stats))) {
        *rc = 2;
        goto fail;
    }
    a->queue = dgq_create(QUEUE_CAPACITY);
    a->chunk = malloc(DRAIN_CHUNK * sizeof *a->chunk);
    if (!a->queue || !a->chunk) goto fail;
    char err[256];
    if (!open_window(a, err, sizeof err)) {
        fprintf(stderr, "darkglobe: %s\n", err);
        goto fail;
    }
    if (!start_model(a, rc) || !start_view(a, rc) || !load_services(a, rc) || !start_station(a, rc))
        goto fail;
    if (!open_geo(a) || !open_recording(a) || !start_feed(a)) goto fail;
    *rc = 0;
    return a;
fail:
    dgapp_destroy(a);
    return NULL;
}

/* Replay keys: space pauses, +/- change speed, arrows step 10 s (with shift 1 min, with ctrl
 * 1% of the file), page up/down 10% of the file, J jumps to the next alert. */
static bool replay_key(dgapp_app *a, SDL_Keycode k, Uint16 mod)
{
    double step = (mod & KMOD_SHIFT) ? 60 : 10;
    if ((k == SDLK_RIGHT || k == SDLK_LEFT) && (mod & KMOD_CTRL))
        dgvf_step_fraction(a->feed, k == SDLK_RIGHT ? 0.01 : -0.01);
    else if (k == SDLK_PAGEDOWN || k == SDLK_PAGEUP)
        dgvf_step_fraction(a->feed, k == SDLK_PAGEDOWN ? 0.1 : -0.1);
    else if (k == SDLK_j)
        dgvf_next_mark(a->feed);
    else if (k == SDLK_SPACE)
        dgvf_toggle_pause(a->feed);
    else if (k == SDLK_PLUS || k == SDLK_EQUALS || k == SDLK_KP_PLUS)
        dgvf_speed_up(a->feed);
    else if (k == SDLK_MINUS || k == SDLK_KP_MINUS)
        dgvf_speed_down(a->feed);
    else if (k == SDLK_RIGHT)
        dgvf_step(a->feed, step);
    else if (k == SDLK_LEFT)
        dgvf_step(a->feed, -step);
    else
        return false;
    return true;
}

/* W: the next window of the top lists (1 min, 10 min, 1 h, since start). */
static void cycle_window(dgapp_app *a)
{
    dgts *s = dgm_stats(a->model);
    dgts_set_window(s, (enum dgts_window)((dgts_get_window(s) + 1) % DGTS_W_COUNT));
}

static void handle_key(dgapp_app *a, SDL_Keycode k, Uint16 mod)
{
    if (dgvf_is_replay(a->feed) && replay_key(a, k, mod)) return;
    if (dgstation_key(a->ws, k)) return;
    if (k == SDLK_TAB)
        dgov_step_card(a->overlay, (mod & KMOD_SHIFT) ? -1 : 1);
    else if (k == SDLK_ESCAPE && dgov_close_card(a->overlay))
        return;
    else if (k == SDLK_w)
        cycle_window(a);
    else if (k == SDLK_ESCAPE || k == SDLK_q)
        a->quit = true;
    else if (k == SDLK_r)
        dgc_reset(&a->cam);
    else if (k == SDLK_a)
        dgc_set_autorotate(&a->cam, !a->cam.autorotate);
    else if (k == SDLK_t)
        dga_set_color_by_tool(a->arcs, !dga_color_by_tool(a->arcs));
    else if (k == SDLK_h)
        dgov_toggle(a->overlay, DGHUD_P_COUNT);
    else if (k >= SDLK_F1 && k < SDLK_F1 + DGHUD_P_COUNT)
        dgov_toggle(a->overlay, k - SDLK_F1);
    else if (k == SDLK_F11)
        dgwin_toggle_fullscreen(&a->win);
}

/* SDL reports the pointer in window points; drawing happens in drawable pixels. */
static void to_pixels(const dgapp_app *a, int x, int y, int *px, int *py)
{
    int ww, wh;
    SDL_GetWindowSize(a->win.win, &ww, &wh);
    *px = ww ? x * a->win.width / ww : x;
    *py = wh ? y * a->win.height / wh : y;
}

/* A click on the HUD (an alert row): tile pixels to the wall's HUD pixels. */
static bool hud_click(dgapp_app *a, int x, int y)
{
    int w = a->win.width, col = dgstation_tiled(a->ws) && w ? a->wall_w / w : 1;
    int tile = dgstation_tile_index(a->ws);
    return dgov_click(a->overlay, (float)(x + tile % col * w),
                      (float)(y + tile / col * a->win.height));
}

static void handle_mouse(dgapp_app *a, const SDL_Event *e)
{
    int x, y;
    double f;
    if (e->type == SDL_MOUSEBUTTONDOWN) to_pixels(a, e->button.x, e->button.y, &x, &y);
    if (e->type == SDL_MOUSEBUTTONDOWN && a->timeline && dgtl_hit(a->timeline, x, y, &f))
        dgvf_seek_fraction(a->feed, f);
    else if (e->type == SDL_MOUSEBUTTONDOWN && e->button.button == SDL_BUTTON_LEFT &&
             hud_click(a, x, y))
        return;
    else if (e->type == SDL_MOUSEBUTTONDOWN && e->button.button == SDL_BUTTON_LEFT)
        a->dragging = true;
    else if (e->type == SDL_MOUSEBUTTONUP && e->button.button == SDL_BUTTON_LEFT)
        a->dragging = false;
    else if (e->type == SDL_MOUSEMOTION && a->dragging)
        dgc_orbit(&a->cam, (float)e->motion.xrel, (float)e->motion.yrel, a->win.height);
    else if (e->type == SDL_MOUSEWHEEL)
        dgc_zoom(&a->cam, (float)e->wheel.y);
    if (e->type == SDL_MOUSEMOTION) {
        to_pixels(a, e->motion.x, e->motion.y, &x, &y);
        dgstation_pointer(a->ws, x, y);
    }
}

static void poll_input(dgapp_app *a)
{
    SDL_Event e;
    while (SDL_PollEvent(&e)) {
        if (e.type == SDL_QUIT) a->quit = true;
        if (e.type == SDL_WINDOWEVENT) dgwin_update_size(&a->win);
        if (e.type == SDL_QUIT || e.type == SDL_WINDOWEVENT ||
            dgstation_kiosk_blocks(a->ws, &e, &a->quit))
            continue;
        if (e.type == SDL_KEYDOWN || e.type == SDL_MOUSEBUTTONDOWN || e.type == SDL_MOUSEWHEEL)
            dgstation_user_input(a->ws, a->sim_t);
        if (e.type == SDL_KEYDOWN)
            handle_key(a, e.key.keysym.sym, e.key.keysym.mod);
        else
            handle_mouse(a, &e);
    }
}

static double mono_s(void)
{
    return (double)dg_mono_ns() * 1e-9;
}

/* Newest packet time of a drained chunk, for the feed clock. */
static double newest_ts(const dg_event *ev, size_t n)
{
    double t = 0;
    for (size_t i = 0; i < n; i++)
        if (ev[i].ts > t) t = ev[i].ts;
    return t;
}

/* Drains what the network thread queued since the last frame, once, within DRAIN_BUDGET_NS:
 * everything drained is counted and detected, then the view filter decides what is drawn. */
static void drain_queue(dgapp_app *a, uint64_t frame_start)
{
    size_t budget = dgq_size(a->queue);
    while (budget) {
        size_t n = dgq_pop(a->queue, a->chunk, budget < DRAIN_CHUNK ? budget : DRAIN_CHUNK);
        if (!n) break;
        budget -= n;
        double ts = newest_ts(a->chunk, n);
        /* A live feed that went back and stayed back (darkglobe-feed --loop, a restarted
         * publisher) restarts the rate windows with the clock, as a replay's seek does; late
         * rows alone do not (tstats.h). A replay marks its own jumps. */
        if (dgfc_observe(&a->clock, ts, mono_s()) && !dgvf_is_replay(a->feed))
            a->chunk[0].flags |= DGE_TIME_JUMP;
        dgm_events(a->model, a->chunk, n);
        if (ts > a->drained_ts) a->drained_ts = ts;
        dga_add(a->arcs, a->chunk, dgstation_events(a->ws, a->chunk, n), a->sim_t);
        if (dg_mono_ns() - frame_start > DRAIN_BUDGET_NS) break;
    }
}

/* Feed time: the replay clock, or the newest packet's time carried on at real pace, so
 * windows close and rates fall while the feed is quiet; 0 before the first packet. */
static double feed_now(dgapp_app *a)
{
    if (dgvf_is_replay(a->feed)) return dgvf_replay_now(a->feed);
    return dgfc_now(&a->clock, mono_s());
}

/* Feed seconds per wall second: the replay's setting, or estimated from the packets. */
static double feed_speed(dgapp_app *a)
{
    dgrp_status st;
    if (!dgvf_replay_status(a->feed, &st)) return dgfc_speed(&a->clock, mono_s());
    return st.paused ? 0 : st.speed;
}

/* The counters of every loss and refusal (statsout.h). */
static void fill_losses(dgapp_app *a, const dgnt_counters *c, dgso_stats *s)
{
    s->alerts_rx = c->alerts_rx;
    s->alerts_dropped = c->alerts_dropped;
    if (a->model) {
        dgal_counters al = dgal_get_counters(dgm_alerts(a->model));
        s->alerts_created = al.created;
        s->alerts_merged = al.merged;
        s->alerts_expired = al.expired;
        s->alerts_evicted = al.evicted;
        s->alerts_refused = al.dropped;
        s->alert_log_errors = al.log_errors;
    }
    dga_counters ac = dga_get_counters(a->arcs);
    s->arcs_admitted = ac.admitted;
    s->arcs_unplaced = ac.unplaced;
    dgrp_status st;
    if (dgvf_replay_status(a->feed, &st)) {
        s->src_errors = st.src_errors;
        s->bad_ts = st.bad_ts;
        s->replay_refused = st.refused;
        s->marks_lost = st.marks_lost;
    }
    dgrec_counters(a->rec, &s->recorded, &s->record_errors);
}

static void fill_stats(dgapp_app *a, dgso_stats *s)
{
    dgnt_counters c;
    dgvf_counters(a->feed, &c);
    memset(s, 0, sizeof *s);
    s->t = (double)dg_wall_ns() * 1e-9;
    s->uptime_s = (double)(dg_mono_ns() - a->start_mono_ns) * 1e-9;
    s->feed_connected = c.connected;
    s->rx_msgs = c.rx_msgs;
    s->rx_pkts = c.rx_pkts;
    s->malformed = c.malformed;
    s->dropped = c.dropped;
    s->geo_hits = c.geo_hits;
    s->geo_misses = c.geo_misses;
    s->mirai_pkts = c.mirai_pkts;
    if (a->model) {
        dgts_view v;
        dgts_read(dgm_stats(a->model), &v);
        dgal_counters al = dgal_get_counters(dgm_alerts(a->model));
        s->mirai_hosts = v.mirai_hosts_total;
        for (int t = 0; t < DG_TOOL_SCANNERS; t++) {
            s->tool_pkts[t] = v.tool_pkts[t];
            s->tool_hosts[t] = v.tool_hosts_total[t];
        }
        s->alerts_active = al.active;
        s->alerts_total = al.total;
    }
    s->fps = a->fps > 0 ? a->fps : (s->uptime_s > 0 ? (double)a->frames / s->uptime_s : 0);
    s->frames = a->frames;
    s->bad_elements = c.bad_elements;
    s->auth_rejected = c.auth_rejected;
    s->lost_msgs = c.lost_msgs;
    s->queue_len = dgq_size(a->queue);
    s->arcs_live = dga_live(a->arcs);
    s->arcs_sampled_out = dga_get_counters(a->arcs).sampled_out;
    s->frame_ms_p50 = dgsm_percentile(&a->frame_ms, 50);
    s->frame_ms_p99 = dgsm_percentile(&a->frame_ms, 99);
    s->latency_ms_p50 = dgsm_percentile(&a->latency_ms, 50);
    s->latency_ms_p99 = dgsm_percentile(&a->latency_ms, 99);
    s->first_frame_s = a->first_frame_s;
    s->rss_mib = dgsm_rss_mib();
    s->feed_lost_s =
        !c.connected && c.lost_since_ns ? (double)(dg_wall_ns() - c.lost_since_ns) * 1e-9 : 0;
    fill_losses(a, &c, s);
    s->frame_ms_max = dgsm_percentile(&a->frame_ms, 100);
    s->feed_state = dgvf_is_replay(a->feed) ? "replay"
                    : c.connected           ? "connected"
                    : c.lost_since_ns       ? "lost"
                                            : "waiting";
    s->feed_time = feed_now(a);
    s->feed_speed = feed_speed(a);
    s->dst_unplaced = c.dst_unplaced;
}

/* Packets that match no sensor and whose destination has no location draw no arc: a hint
 * on screen while it lasts (each frame), one warning on stderr (see warn_unplaced). */
static void check_placement(dgapp_app *a)
{
    dgnt_counters c;
    dgvf_counters(a->feed, &c);
    a->hint[0] = '\0';
    /* A stray packet or two is not worth a warning; a wrong sensor set is most of them. */
    if (!c.dst_unplaced || c.dst_unplaced * 100 < c.rx_pkts) return;
    char n[32], of[32];
    snprintf(a->hint, sizeof a->hint,
             "No arcs for %s of %s packets: no sensor matches them (--sensor-file FILE)",
             dghud_fmt_group(c.dst_unplaced, n, sizeof n),
             dghud_fmt_group(c.rx_pkts, of, sizeof of));
}

/* Once, at the first stats tick with the hint up (or at exit): how many and what fixes it. */
static void warn_unplaced(dgapp_app *a)
{
    if (a->unplaced_warned || !a->hint[0]) return;
    a->unplaced_warned = true;
    dgnt_counters c;
    dgvf_counters(a->feed, &c);
    char n[32], of[32];
    fprintf(stderr,
            "darkglobe: %s of %s packets so far match no sensor and their destination cannot "
            "be geolocated, so no arc is drawn for them: define the sensors that saw them with "
            "--sensor-file FILE (the Marx honeypot log: --sensor-file assets/marx-sensors.conf) "
            "or --sensor NAME=LAT,LON[,CIDR...]\n",
            dghud_fmt_group(c.dst_unplaced, n, sizeof n),
            dghud_fmt_group(c.rx_pkts, of, sizeof of));
}

static void tick_stats(dgapp_app *a, uint64_t now)
{
    if (now < a->next_stats_ns) return;
    warn_unplaced(a);
    double span = (double)(now - a->fps_mark_ns) * 1e-9;
    if (a->fps_mark_ns && span > 0) a->fps = (double)(a->frames - a->fps_frames) / span;
    a->fps_frames = a->frames;
    a->fps_mark_ns = now;
    /* On the second, not a second after a late frame: lines do not drift by frame times. */
    a->next_stats_ns += 1000000000ull;
    if (a->next_stats_ns <= now) a->next_stats_ns = now + 1000000000ull;
    if (!a->stats.f) return;
    dgso_stats s;
    fill_stats(a, &s);
    dgso_write(&a->stats, &s);
    dgsm_clear(&a->frame_ms);
    dgsm_clear(&a->latency_ms);
}

/* Alerts received or raised on the network thread (or the replay's) join the store on this
 * thread; in a replay each is marked on the timeline at its feed time. */
static void take_alerts(dgapp_app *a)
{
    dg_alert in[32];
    size_t n;
    while ((n = dgvf_pop_alerts(a->feed, in, 32)))
        for (size_t i = 0; i < n; i++) {
            /* The stored copy: a detector's alert gets its id and place only there, and the
             * tooltip and the tour need both. */
            const dg_alert *st = dgm_alert(a->model, &in[i], a->sim_t);
            if (!st) st = &in[i];
            dgstation_alert(a->ws, st);
            if (a->o.auto_card && st->severity >= DG_SEV_HIGH) dgov_show_alert(a->overlay, st);
            dgvf_add_mark(a->feed, (double)in[i].ts_ns * 1e-9); /* a replay's timeline */
        }
}

/* The replay's timeline (the replay thread restarts the detectors on a seek or loop). */
static void draw_timeline(dgapp_app *a)
{
    dgrp_status st;
    if (!dgvf_replay_status(a->feed, &st)) return;
    st.now = a->frame_feed; /* the clock panel's time: the replay has moved on since */
    dgtl_draw(a->timeline, dgov_hud(a->overlay), a->wall_w, a->wall_h, &st);
}

/* Tooltip and filter line, in the HUD's pass. */
static void draw_station(void *ctx, dghud *hud)
{
    dgapp_app *a = ctx;
    dgstation_draw(a->ws, hud, a->render, a->wall_w, a->wall_h, a->frame_feed);
}

static void draw(dgapp_app *a)
{
    dgnt_counters c;
    dgvf_counters(a->feed, &c);
    int w = a->win.width, h = a->win.height;
    dga_expire(a->arcs, a->sim_t);
    /* Read once: a replay's clock runs on in its own thread, at x3600 by seconds within a
     * frame, and the clock panel, the alerts' ages and the timeline must agree. */
    a->frame_feed = feed_now(a);
    dgm_tick(a->model, a->sim_t, a->frame_feed);
    dgov_rings(a->overlay, a->render, a->model, a->sim_t);
    dgr_frame(a->render, &a->cam, a->arcs, a->sim_t, w, h);
    /* On a video wall the HUD is laid out for the whole wall; this tile shows its part. */
    dgstation_hud_viewport(a->ws, w, h, a->sim_t, &a->wall_w, &a->wall_h);
    int col = dgstation_tiled(a->ws) ? a->wall_w / w : 1;
    int tile = dgstation_tile_index(a->ws);
    double wall = (double)dg_wall_ns() * 1e-9, feed = a->frame_feed, speed = feed_speed(a);
    char sp[16];
    dgov_frame f = {.now = a->sim_t,
                    .utc = wall,
                    .feed_now = feed,
                    .clock = {.feed = dgfc_apart(&a->clock, feed, wall) ? feed : 0,
                              .label = dgvf_is_replay(a->feed) ? "REPLAY" : "FEED",
                              .speed = speed < 0 ? "max" : dgfc_fmt_speed(speed, sp, sizeof sp)},
                    .feed_name = a->feed_name,
                    .replay = dgvf_is_replay(a->feed),
                    .hint = a->hint[0] ? a->hint : NULL,
                    .feed = &c,
                    .credit = dggeo_credit(a->geo),
                    .anonymize = dgstation_anonymize(a->ws),
                    .hidden_classes = dgstation_hidden_classes(a->ws),
                    .color_by_tool = dga_color_by_tool(a->arcs),
                    .bottom_reserve =
                        a->timeline ? (float)a->wall_h - dgtl_rect(a->wall_w, a->wall_h).y : 0,
                    .label_dx = (float)(tile % col * w),
                    .label_dy = (float)(tile / col * h),
                    .extra = draw_station,
                    .extra_ctx = a};
    dgov_draw(a->overlay, a->render, a->model, &f, a->wall_w, a->wall_h);
    if (a->timeline) draw_timeline(a);
    glViewport(0, 0, w, h);
}

/* The view before the camera moves: fitted between the panels, swinging out to the sources,
 * and held on an alert whose card is open (flying there when it opens). */
static void view_tick(dgapp_app *a)
{
    float lat, lon;
    fit_view(a);
    update_swing(a);
    if (dgov_card_place(a->overlay, a->model, &lat, &lon)) dgc_fly_to(&a->cam, lat, lon);
    if (dgov_card_open(a->overlay)) a->cam.idle_s = 0.0f;
}

/* Sleeps the rest of the frame when --fps caps it. */
static void pace(const dgapp_app *a, uint64_t frame_start)
{
    if (a->o.fps <= 0) return;
    uint64_t budget = (uint64_t)(1e9 / a->o.fps), spent = dg_mono_ns() - frame_start;
    if (spent < budget) SDL_Delay((Uint32)((budget - spent) / 1000000));
}

/* A video of a file ends with the file. */
static bool replay_done(const dgapp_app *a)
{
    dgrp_status st;
    if (!dgvf_replay_status(a->feed, &st)) return false;
    /* The replay clock reaching the file's last timestamp ends it on the exact frame; the
     * replay thread's own "done" may come a few frames later on a busy machine. */
    return st.done || (st.ready && st.last > 0 && st.now >= st.last);
}

static bool finished(const dgapp_app *a, uint64_t now, atomic_int *stop_signal)
{
    /* A recording that can no longer be written ends the run (exit 1): the writer said why. */
    if (a->quit || atomic_load(stop_signal) || dgrec_failed(a->rec)) return true;
    if (a->o.frames && a->frames >= (uint64_t)a->o.frames) return true;
    if (a->o.output_ppm_stream[0] && replay_done(a)) return true;
    return a->o.duration > 0 && (double)(now - a->start_mono_ns) * 1e-9 >= a->o.duration;
}

/* Applies what can change without a restart; names the rest. */
static void apply_reload(dgapp_app *a, const dgo_options *n)
{
    dgp_palette pal;
    dgp_default(&pal);
    enum dgr_style style = DGR_STYLE_DARK;
    enum dgps_scale scale = DGPS_LOG;
    unsigned panels;
    char err[256];
    if (!dgp_parse(&pal, n->palette, err, sizeof err) ||
        !dgov_parse_panels(n->panels, &panels, err, sizeof err)) {
        fprintf(stderr, "darkglobe: reload refused: %s; configuration unchanged\n", err);
        return;
    }
    dgr_style_parse(n->globe_style, &style);
    dgps_parse(n->port_scale, &scale);
    dgr_set_palette(a->render, &pal);
    dgr_set_style(a->render, style);
    dga_set_port_scale(a->arcs, scale);
    dga_set_color_by_tool(a->arcs, strcmp(n->color_by, "tool") == 0);
    set_arc_mode(a->arcs, n->arcs);
    dgov_set_legend(a->overlay, &pal, scale);
    dgov_set_panels(a->overlay, panels);
    dgc_set_autorotate(&a->cam, !n->no_autorotate);
    a->o.fps = n->fps;
    const dgo_options *o = &a->o;
    struct {
        const char *name;
        bool changed;
    } later[] = {
        {"connect", memcmp(o->connect, n->connect, sizeof n->connect) != 0},
        {"geoip", strcmp(o->geoip, n->geoip) != 0},
        {"sensor", memcmp(o->sensor, n->sensor, sizeof n->sensor) != 0},
        {"record", strcmp(o->record, n->record) != 0},
        {"watchlist", strcmp(o->watchlist, n->watchlist) != 0},
        {"max-arcs", o->max_arcs != n->max_arcs},
        {"size", o->width != n->width || o->height != n->height},
    };
    for (size_t i = 0; i < sizeof later / sizeof *later; i++)
        if (later[i].changed)
            fprintf(stderr, "darkglobe: reload: --%s changes at the next start\n", later[i].name);
    fprintf(stderr, "darkglobe: configuration reloaded\n");
}

static void reload(dgapp_app *a, int argc, char **argv)
{
    dgo_options n;
    dgo_defaults(&n);
    if (dgo_parse(&n, argc, argv) != 0 || dgo_validate(&n) != 0) {
        fprintf(stderr, "darkglobe: reload refused; configuration unchanged\n");
        return;
    }
    apply_reload(a, &n);
}

/* After a swap: frame time, start-up time, and the latency of the newest packet drawn (only
 * for live packets: a replayed one's timestamp says nothing about our delay). */
static void frame_done(dgapp_app *a, uint64_t t0)
{
    uint64_t now = dg_mono_ns();
    dgsm_add(&a->frame_ms, (float)((double)(now - t0) * 1e-6));
    if (a->frames == 1) a->first_frame_s = (double)(now - a->start_mono_ns) * 1e-9;
    double lat = (double)dg_wall_ns() * 1e-9 - a->drained_ts;
    if (a->drained_ts > 0 && lat >= 0 && lat < 60) dgsm_add(&a->latency_ms, (float)(lat * 1e3));
    a->drained_ts = 0;
}

int dgapp_run(dgapp_app *a, atomic_int *stop_signal, atomic_int *reload_signal, int argc,
              char **argv)
{
    uint64_t last = dg_mono_ns();
    a->next_stats_ns = last + 1000000000ull;
    a->fps_mark_ns = last;
    for (bool done = false; !done;) {
        uint64_t t0 = dg_mono_ns();
        double dt = a->o.fixed_dt > 0 ? a->o.fixed_dt : (double)(t0 - last) * 1e-9;
        last = t0;
        a->sim_t += dt;
        poll_input(a);
        if (atomic_exchange(reload_signal, 0)) reload(a, argc, argv);
        view_tick(a);
        dgc_update(&a->cam, (float)dt);
        dgstation_camera(a->ws, &a->cam, &a->sim_t, feed_now(a), dt);
        atomic_store(&a->sim_ns, (uint64_t)(a->sim_t * 1e9));
        drain_queue(a, t0);
        take_alerts(a);
        check_placement(a);
        draw(a);
        a->frames++;
        tick_stats(a, dg_mono_ns());
        done = finished(a, dg_mono_ns(), stop_signal);
        if (done && a->o.screenshot[0] && !dgwin_save_png(&a->win, a->o.screenshot)) return 1;
        if (!dgstation_export(a->ws, a->win.width, a->win.height)) done = true;
        dgwin_swap(&a->win);
        frame_done(a, t0);
        if (!done) pace(a, t0);
    }
    return dgrec_failed(a->rec) ? 1 : 0;
}

int dgapp_destroy(dgapp_app *a)
{
    if (!a) return 0;
    /* Nothing may arrive after the last stats line: it must equal what was recorded. */
    dgvf_halt(a->feed);
    if (a->feed) warn_unplaced(a);
    if (!dgvf_is_replay(a->feed)) dgrec_flush(a->rec, true); /* `recorded` counts all there is */
    /* Those of the last frame are counted (and logged), a replay's too: a fast replay on a
     * busy machine may raise its alerts after the last frame drew. */
    if (a->feed && a->model && a->ws) take_alerts(a);
    if (a->feed && a->stats.f) {
        dgso_stats s;
        fill_stats(a, &s);
        dgso_write(&a->stats, &s);
    }
    dgvf_stop(a->feed);
    dgtl_destroy(a->timeline);
    int rc = a->rec && !dgrec_close_write(a->rec) ? 1 : 0;
    if (rc) fprintf(stderr, "darkglobe: --record %s: not every write succeeded\n", a->o.record);
    dggeo_close(a->geo);
    dgauth_close(a->auth);
    dgstation_destroy(a->ws);
    dgov_destroy(a->overlay);
    dgr_destroy(a->render);
    dgm_destroy(a->model);
    free(a->services);
    dga_destroy(a->arcs);
    dgwin_close(&a->win);
    dgso_close(&a->stats);
    dgq_destroy(a->queue);
    free(a->chunk);
    free(a);
    SDL_Quit();
    return rc;
}
