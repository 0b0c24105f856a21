/* test_render.c - headless pixel tests of the Atlas view, and a benchmark mode.
 *   test_render                 run the checks, write render-*.png into the working directory
 *   test_render --bench N [F [WxH]]   N live arcs for F frames (default 60) at WxH (default
 *                                     1280x720): prints fps and CPU time per frame
 *   test_render --shot PATH [N [WxH]] the demo scene with N live arcs (default 6000) as a PNG */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <GL/glew.h>

#include "check.h"
#include "render.h"
#include "render_harness.h"
#include "render_scene.h"

#define W 960
#define H 540

typedef struct frame {
    unsigned char *px;
    int w, h;
} frame;

static const unsigned char *pixel(const frame *f, int x, int y)
{
    x = x < 0 ? 0 : x >= f->w ? f->w - 1 : x;
    y = y < 0 ? 0 : y >= f->h ? f->h - 1 : y;
    return f->px + 4 * ((size_t)y * f->w + x);
}

static int luma(const unsigned char *p)
{
    return (p[0] * 3 + p[1] * 6 + p[2]) / 10;
}

static frame grab(rh_context *c, int w, int h, const char *png)
{
    frame f = {malloc((size_t)w * h * 4), w, h};
    rh_read(c, f.px);
    if (png && !rh_write_png(png, f.px, w, h)) fprintf(stderr, "could not write %s\n", png);
    rh_swap(c);
    return f;
}

static frame render(rh_context *c, dgr_renderer *r, const dgc_camera *cam, dga_pool *pool,
                    double now, const char *png)
{
    dgr_frame(r, cam, pool, now, W, H);
    return grab(c, W, H, png);
}

static const struct {
    float lat, lon;
    uint8_t cls;
    uint16_t port;
} fixed_arcs[] = {
    {39.9f, 116.4f, DG_CLS_SYN, 23},     /* Beijing */
    {28.6f, 77.2f, DG_CLS_UDP, 53},      /* Delhi */
    {-6.2f, 106.8f, DG_CLS_ICMP, 0},     /* Jakarta */
    {-33.9f, 151.2f, DG_CLS_SYNACK, 80}, /* Sydney */
    {13.7f, 100.5f, DG_CLS_TCP, 445},    /* Bangkok */
};
#define N_FIXED (sizeof fixed_arcs / sizeof fixed_arcs[0])

/* Point at t (0..1) along the great circle between two lat/lon points, as lat/lon. */
static void arc_point(float la1, float lo1, float la2, float lo2, double t, float *la, float *lo)
{
    double a[3], b[3], m[3];
    double p1 = la1 * M_PI / 180, q1 = lo1 * M_PI / 180, p2 = la2 * M_PI / 180,
           q2 = lo2 * M_PI / 180;
    a[0] = cos(p1) * sin(q1), a[1] = sin(p1), a[2] = cos(p1) * cos(q1);
    b[0] = cos(p2) * sin(q2), b[1] = sin(p2), b[2] = cos(p2) * cos(q2);
    double om = acos(a[0] * b[0] + a[1] * b[1] + a[2] * b[2]);
    for (int i = 0; i < 3; i++)
        m[i] = sin((1 - t) * om) * a[i] + sin(t * om) * b[i];
    *la = (float)(atan2(m[1], hypot(m[0], m[2])) * 180 / M_PI);
    *lo = (float)(atan2(m[0], m[2]) * 180 / M_PI);
}

/* Screen position of an arc's point at t, as the renderer lifts it. */
static bool arc_screen(const dgr_renderer *r, size_t i, double t, int *x, int *y)
{
    float la, lo, sx, sy;
    arc_point(fixed_arcs[i].lat, fixed_arcs[i].lon, RS_SENSOR_LAT, RS_SENSOR_LON, t, &la, &lo);
    float alt = 0.004f + dgps_height(fixed_arcs[i].port, DGPS_LOG) * (float)sin(M_PI * t);
    bool ok = dgr_project(r, la, lo, alt, &sx, &sy);
    *x = (int)lroundf(sx), *y = (int)lroundf(sy);
    return ok;
}

/* Sum of (arcs - reference) over a (2r+1)^2 window: the light an arc added there. */
static void excess(const frame *f, const frame *ref, int cx, int cy, int r, double out[3])
{
    out[0] = out[1] = out[2] = 0;
    for (int y = cy - r; y <= cy + r; y++)
        for (int x = cx - r; x <= cx + r; x++)
            for (int k = 0; k < 3; k++) {
                int d = pixel(f, x, y)[k] - pixel(ref, x, y)[k];
                out[k] += d > 0 ? d : 0;
            }
}

/* Colour minus its grey part: the white-hot core of a head adds grey, not hue. */
static void chroma(const double in[3], double out[3])
{
    double m = fmin(in[0], fmin(in[1], in[2]));
    for (int k = 0; k < 3; k++)
        out[k] = in[k] - m;
}

/* Index of the palette colour whose chroma is closest in direction (cosine) to rgb's. */
static int nearest_class(const dgp_palette *p, const double rgb_in[3])
{
    int best = -1;
    double best_cos = -2, rgb[3];
    chroma(rgb_in, rgb);
    for (int c = 0; c < DG_CLS_COUNT; c++) {
        double dot = 0, n1 = 0, n2 = 0, pal_in[3] = {p->rgb[c][0], p->rgb[c][1], p->rgb[c][2]},
               pal[3];
        chroma(pal_in, pal);
        for (int k = 0; k < 3; k++)
            dot += rgb[k] * pal[k], n1 += rgb[k] * rgb[k], n2 += pal[k] * pal[k];
        double cs = dot / (sqrt(n1 * n2) + 1e-9);
        if (cs > best_cos) best_cos = cs, best = c;
    }
    return best;
}

/* Each fixed arc's head (mid-flight) is drawn where dgr_project puts it, and its tail in its
 * class colour. */
static void check_heads(const dgr_renderer *r, const frame *f, const frame *ref,
                        const dgp_palette *pal)
{
    int classes_seen = 0;
    for (size_t i = 0; i < N_FIXED; i++) {
        int x, y, tx, ty;
        CHECK(arc_screen(r, i, 0.5, &x, &y));
        CHECK(arc_screen(r, i, 0.45, &tx, &ty));
        double add[3], far[3], tail[3];
        excess(f, ref, x, y, 3, add);
        excess(f, ref, x + 40, y + 40, 3, far);
        excess(f, ref, tx, ty, 2, tail);
        double total = add[0] + add[1] + add[2], away = far[0] + far[1] + far[2];
        if (total < 1500 || away > total / 4)
            fprintf(stderr, "arc %zu head at %d,%d: light %.0f, 40px away %.0f\n", i, x, y, total,
                    away);
        CHECK(total >= 1500);
        CHECK(away <= total / 4);
        int got = nearest_class(pal, tail);
        if (got != fixed_arcs[i].cls)
            fprintf(stderr, "arc %zu: tail colour (%.0f %.0f %.0f) reads as class %d, want %d\n", i,
                    tail[0], tail[1], tail[2], got, fixed_arcs[i].cls);
        CHECK_EQ_INT(got, fixed_arcs[i].cls);
        classes_seen += got == fixed_arcs[i].cls;
    }
    CHECK(classes_seen >= 4);
}

/* Globe at the centre, background at the corners, land and sea told apart. */
static void check_globe(const dgr_renderer *r, const frame *f, bool textured)
{
    const unsigned char *centre = pixel(f, W / 2, H / 2), *corner = pixel(f, 2, 2);
    CHECK(abs(centre[2] - corner[2]) + abs(centre[1] - corner[1]) >= 10);
    int corners[4][2] = {{2, 2}, {W - 3, 2}, {2, H - 3}, {W - 3, H - 3}};
    for (int i = 0; i < 4; i++)
        CHECK(luma(pixel(f, corners[i][0], corners[i][1])) < 12);
    float lx, ly, sx, sy;
    CHECK(dgr_project(r, 45.0f, 100.0f, 0, &lx, &ly)); /* Mongolia: land */
    CHECK(dgr_project(r, 15.0f, 88.0f, 0, &sx, &sy));  /* Bay of Bengal: sea */
    const unsigned char *land = pixel(f, (int)lx, (int)ly), *sea = pixel(f, (int)sx, (int)sy);
    if (textured)
        CHECK(luma(land) > luma(sea) + 6);
    else
        CHECK(abs(luma(land) - luma(sea)) <= 4);
    CHECK(!dgr_project(r, -35.0f, -80.0f, 0, &sx, &sy)); /* far side of the globe */
}

static size_t count_diff(const frame *a, const frame *b)
{
    size_t n = 0;
    for (size_t i = 0; i < (size_t)a->w * a->h * 4; i++)
        n += a->px[i] != b->px[i];
    return n;
}

/* The impact flash lights the sensor just after arrival. */
static void check_flash(rh_context *c, dgr_renderer *r, const dgc_camera *cam, dga_pool *pool,
                        const frame *ref)
{
    frame f = render(c, r, cam, pool, 100.0 + 2.15, "render-impact.png");
    float sx, sy;
    CHECK(dgr_project(r, RS_SENSOR_LAT, RS_SENSOR_LON, 0, &sx, &sy));
    double add[3];
    excess(&f, ref, (int)sx, (int)sy, 4, add);
    CHECK(add[0] + add[1] + add[2] > 3000);
    free(f.px);
}

/* A ring adds light around its centre. */
static void check_ring(rh_context *c, dgr_renderer *r, const dgc_camera *cam, const frame *ref)
{
    dgr_ring ring = {
        .lat = 45.0f, .lon = 100.0f, .radius_deg = 6.0f, .rgb = {1, 0.2f, 0.2f}, .start_s = 99.0};
    CHECK_EQ_INT(dgr_set_rings(r, &ring, 1), 1);
    frame f = render(c, r, cam, NULL, 101.0, "render-ring.png");
    CHECK(count_diff(&f, ref) > 500);
    dgr_set_rings(r, NULL, 0);
    free(f.px);
}

static int run_checks(rh_context *c)
{
    char err[512];
    dgr_config cfg;
    dgr_config_defaults(&cfg);
    dgr_renderer *r = dgr_create(&cfg, err, sizeof err);
    if (!r) fprintf(stderr, "dgr_create: %s\n", err);
    CHECK(r != NULL);
    if (!r) return check_report();
    dgc_camera cam;
    dgc_init(&cam, 25.0f, 115.0f, 3.3f);
    dga_pool *pool = dga_create(1000, 2.0, 3.0);
    dga_pool *empty = dga_create(16, 2.0, 3.0);
    for (size_t i = 0; i < N_FIXED; i++) {
        dg_event e = rs_event(fixed_arcs[i].lat, fixed_arcs[i].lon, fixed_arcs[i].cls,
                              fixed_arcs[i].port, 0);
        dga_add(pool, &e, 1, 100.0);
    }
    frame ref = render(c, r, &cam, empty, 101.0, "render-globe.png");
    frame f1 = render(c, r, &cam, pool, 101.0, "render-arcs.png");
    frame f2 = render(c, r, &cam, pool, 101.4, NULL);
    check_globe(r, &ref, true);
    check_heads(r, &f1, &ref, &cfg.palette);
    CHECK(count_diff(&f1, &f2) > 200);
    check_flash(c, r, &cam, pool, &ref);
    check_ring(c, r, &cam, &ref);
    dgr_destroy(r);

    cfg.globe_texture = NULL, cfg.night_texture = NULL;
    r = dgr_create(&cfg, err, sizeof err);
    CHECK(r != NULL);
    if (r) {
        frame nt = render(c, r, &cam, pool, 101.0, "render-notexture.png");
        check_globe(r, &nt, false);
        CHECK(count_diff(&nt, &f1) > 1000);
        free(nt.px);
        dgr_destroy(r);
    }
    free(ref.px), free(f1.px), free(f2.px);
    dga_destroy(pool), dga_destroy(empty);
    return check_report();
}

static double seconds_of(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static double seconds(void)
{
    return seconds_of(CLOCK_MONOTONIC);
}

/* Keeps about `live` arcs in flight: each frame adds the arcs born in that frame's slice of a
 * steady stream of live / lifetime packets per second. */
static void feed(dga_pool *pool, dg_event *buf, size_t live, double t0, double t1, uint32_t *seed)
{
    double rate = (double)live / dga_lifetime_s(pool);
    size_t n = (size_t)(t1 * rate) - (size_t)(t0 * rate);
    for (size_t done = 0; done < n;) {
        size_t k = n - done < 4096 ? n - done : 4096;
        rs_fill_mix(buf, k, seed);
        dga_add(pool, buf, k, t1);
        done += k;
    }
}

/* A warm pool of `live` arcs whose births are spread over one lifetime before `now`. */
static dga_pool *warm_pool(size_t live, double now, dg_event *buf, uint32_t *seed)
{
    dga_pool *pool = dga_create(live + live / 4 + 16, 2.0, 3.0);
    for (double t = now - 3.0; t < now; t += 1.0 / 30)
        feed(pool, buf, live, t, t + 1.0 / 30, seed);
    return pool;
}

static int bench(rh_context *c, size_t live, int frames, int w, int h, const char *png)
{
    char err[512];
    dgr_config cfg;
    dgr_config_defaults(&cfg);
    dgr_renderer *r = dgr_create(&cfg, err, sizeof err);
    if (!r) {
        fprintf(stderr, "dgr_create: %s\n", err);
        return 1;
    }
    dgc_camera cam;
    dgc_init(&cam, 30.0f, 112.0f, 3.7f);
    dg_event *buf = malloc(4096 * sizeof *buf);
    uint32_t seed = 12345;
    double now = 1000.0;
    dga_pool *pool = warm_pool(live, now, buf, &seed);
    double t0 = seconds(), cpu0 = seconds_of(CLOCK_PROCESS_CPUTIME_ID),
           main0 = seconds_of(CLOCK_THREAD_CPUTIME_ID);
    for (int i = 0; i < frames; i++) {
        feed(pool, buf, live, now, now + 1.0 / 30, &seed);
        now += 1.0 / 30;
        dgc_update(&cam, 1.0f / 30);
        dgr_frame(r, &cam, pool, now, w, h);
        glFinish();
        if (png && i == frames - 1)
            free(grab(c, w, h, png).px);
        else
            rh_swap(c);
    }
    double dt = seconds() - t0, cpu = seconds_of(CLOCK_PROCESS_CPUTIME_ID) - cpu0,
           main_cpu = seconds_of(CLOCK_THREAD_CPUTIME_ID) - main0;
    /* CPU time per frame barely depends on what else loads the machine: the figure to compare
     * designs with on shared cores (main thread: vertices and the pool; the rest: fragments). */
    printf("bench: %zu live arcs (pool %zu), %dx%d, %d frames, %.1f fps, cpu %.2f ms/frame "
           "(main thread %.2f), lod %s, %s\n",
           dga_live(pool), dga_capacity(pool), w, h, frames, frames / dt, 1e3 * cpu / frames,
           1e3 * main_cpu / frames, dgr_arc_lod(r), rh_renderer());
    dga_destroy(pool);
    free(buf);
    dgr_destroy(r);
    return 0;
}

int main(int argc, char **argv)
{
    bool is_bench = argc > 2 && strcmp(argv[1], "--bench") == 0;
    bool is_shot = argc > 2 && strcmp(argv[1], "--shot") == 0;
    int w = 1280, h = 720;
    if ((is_bench || is_shot) && argc > 4 && sscanf(argv[4], "%dx%d", &w, &h) != 2) {
        fprintf(stderr, "test_render: bad size '%s' (WxH)\n", argv[4]);
        return 2;
    }
    char err[512];
    rh_context *c = rh_open(is_bench || is_shot ? w : W, is_bench || is_shot ? h : H, err,
                            sizeof err);
    if (!c) {
        fprintf(stderr, "test_render: no headless GL: %s\n", err);
        return 1;
    }
    printf("GL renderer: %s\n", rh_renderer());
    int rc;
    if (is_bench)
        rc = bench(c, strtoul(argv[2], NULL, 10), argc > 3 ? atoi(argv[3]) : 60, w, h, NULL);
    else if (is_shot)
        rc = bench(c, argc > 3 ? strtoul(argv[3], NULL, 10) : 6000, 45, w, h, argv[2]);
    else
        rc = run_checks(c);
    rh_close(c);
    return rc;
}
