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
#include "names.h"
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

/* Mean colour of the pixels an arc lit in a (2r+1)^2 window, and of the bare globe there. */
static void lit_colour(const frame *f, const frame *ref, int cx, int cy, int r, double lit[3],
                       double bare[3])
{
    double n = 0;
    for (int k = 0; k < 3; k++)
        lit[k] = bare[k] = 0;
    for (int y = cy - r; y <= cy + r; y++)
        for (int x = cx - r; x <= cx + r; x++) {
            const unsigned char *p = pixel(f, x, y), *q = pixel(ref, x, y);
            if ((p[0] + p[1] + p[2]) - (q[0] + q[1] + q[2]) < 30) continue;
            for (int k = 0; k < 3; k++)
                lit[k] += p[k], bare[k] += q[k];
            n++;
        }
    for (int k = 0; k < 3 && n > 0; k++)
        lit[k] /= n, bare[k] /= n;
}

/* The class whose colour, laid "over" the bare globe at the best coverage, explains the lit
 * colour best (least residual): how an arc of that class blends with what is under it. */
static int nearest_class(const dgp_palette *p, const double lit[3], const double bare[3])
{
    int best = -1;
    double best_res = 1e18;
    for (int c = 0; c < DG_CLS_COUNT; c++) {
        double d[3], e[3], de = 0, dd = 0, res = 0;
        for (int k = 0; k < 3; k++) {
            d[k] = 255.0 * p->rgb[c][k] - bare[k], e[k] = lit[k] - bare[k];
            de += d[k] * e[k], dd += d[k] * d[k];
        }
        double a = fmin(1.0, fmax(0.05, de / (dd + 1e-9)));
        for (int k = 0; k < 3; k++)
            res += (e[k] - a * d[k]) * (e[k] - a * d[k]);
        if (res < best_res) best_res = res, best = c;
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
        double add[3], far[3], tail[3], bare[3];
        excess(f, ref, x, y, 3, add);
        excess(f, ref, x + 40, y + 40, 3, far);
        lit_colour(f, ref, tx, ty, 2, tail, bare);
        double total = add[0] + add[1] + add[2], away = far[0] + far[1] + far[2];
        if (total < 1500 || away > total / 4)
            fprintf(stderr, "arc %zu head at %d,%d: light %.0f, 40px away %.0f\n", i, x, y, total,
                    away);
        CHECK(total >= 1500);
        CHECK(away <= total / 4);
        int got = nearest_class(pal, tail, bare);
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

/* The impact flash lights the sensor just after arrival (compared with the same pool in
 * mid-flight, so the sensor's ring is in both). */
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

/* Keeps about `live` arcs in flight: each frame adds the arcs born in that frame's slice of a
 * steady stream of live / lifetime packets per second, of one class (cls < DG_CLS_COUNT) or
 * the darknet mix. */
static void feed(dga_pool *pool, dg_event *buf, size_t live, double t0, double t1, uint32_t *seed,
                 int cls)
{
    double rate = (double)live / dga_lifetime_s(pool);
    size_t n = (size_t)(t1 * rate) - (size_t)(t0 * rate);
    for (size_t done = 0; done < n;) {
        size_t k = n - done < 4096 ? n - done : 4096;
        if (cls < DG_CLS_COUNT)
            rs_fill_class(buf, k, seed, (uint8_t)cls);
        else
            rs_fill_mix(buf, k, seed);
        dga_add(pool, buf, k, t1);
        done += k;
    }
}

/* Feeds a pool for one lifetime up to `now` in 1/30 s steps, so births are spread evenly. */
static void warm(dga_pool *pool, size_t live, double now, dg_event *buf, uint32_t *seed, int cls)
{
    for (double t = now - dga_lifetime_s(pool); t < now - 1e-9; t += 1.0 / 30)
        feed(pool, buf, live, t, t + 1.0 / 30, seed, cls);
}

/* A pool of about `live` arcs of class cls (or the mix) one per packet, births spread over the
 * lifetime before `now`; one frame first gives it the renderer's comet budget for w x h. */
static dga_pool *warm_pool(dgr_renderer *r, const dgc_camera *cam, size_t live, double now,
                           int cls, int w, int h)
{
    dga_pool *pool = dga_create(live + live / 4 + 64, 2.0, 3.0);
    dg_event *buf = malloc(4096 * sizeof *buf);
    uint32_t seed = 12345;
    dga_set_mode(pool, DGAG_PER_PACKET); /* the count is the point: no grouping per source */
    dgr_frame(r, cam, pool, now - dga_lifetime_s(pool), w, h);
    warm(pool, live, now, buf, &seed, cls);
    free(buf);
    return pool;
}

/* Hue (degrees), saturation and value of an RGB pixel, 0..1 for s and v. */
static void hsv(const double rgb[3], double *h, double *s, double *v)
{
    double mx = fmax(rgb[0], fmax(rgb[1], rgb[2])), mn = fmin(rgb[0], fmin(rgb[1], rgb[2]));
    double d = mx - mn;
    *v = mx, *s = mx > 0 ? d / mx : 0, *h = 0;
    if (d <= 0) return;
    if (mx == rgb[0])
        *h = 60 * fmod((rgb[1] - rgb[2]) / d + 6, 6);
    else if (mx == rgb[1])
        *h = 60 * ((rgb[2] - rgb[0]) / d + 2);
    else
        *h = 60 * ((rgb[0] - rgb[1]) / d + 4);
}

static double hue_apart(double a, double b)
{
    double d = fabs(a - b);
    return d > 180 ? 360 - d : d;
}

static void px_rgb(const unsigned char *p, double out[3])
{
    for (int k = 0; k < 3; k++)
        out[k] = p[k] / 255.0;
}

/* What a picture of one class's arcs shows: its bright arc pixels (brighter than the globe
 * there, value >= 0.35), how many have the swatch's hue (within 15 degrees) or are white
 * (saturation < 0.25), and the colour of the densest 16x16 block (most light added). */
typedef struct census {
    size_t bright, match, white;
    double dense_hue, dense_sat, dense_added;
} census;

static census take_census(const frame *f, const frame *ref, double want_hue)
{
    census c = {0};
    for (int y = 0; y < f->h; y++)
        for (int x = 0; x < f->w; x++) {
            const unsigned char *p = pixel(f, x, y), *q = pixel(ref, x, y);
            double rgb[3], h, s, v;
            px_rgb(p, rgb);
            hsv(rgb, &h, &s, &v);
            if (v < 0.35 || (p[0] + p[1] + p[2]) - (q[0] + q[1] + q[2]) < 60) continue;
            c.bright++;
            c.white += s < 0.25;
            c.match += s >= 0.25 && hue_apart(h, want_hue) <= 15;
        }
    for (int by = 0; by + 16 <= f->h; by += 8)
        for (int bx = 0; bx + 16 <= f->w; bx += 8) {
            double add[3], sum[3] = {0};
            excess(f, ref, bx + 8, by + 8, 8, add);
            if (add[0] + add[1] + add[2] <= c.dense_added) continue;
            c.dense_added = add[0] + add[1] + add[2];
            for (int y = by; y < by + 16; y++)
                for (int x = bx; x < bx + 16; x++)
                    for (int k = 0; k < 3; k++)
                        sum[k] += pixel(f, x, y)[k] / 255.0;
            double v;
            hsv(sum, &c.dense_hue, &c.dense_sat, &v);
        }
    return c;
}

/* An arc's colour on screen matches its legend swatch at any density: a feed of one class at
 * 100, 10,000 and 100,000 live arcs, and its densest area keeps the hue and most of the
 * swatch's saturation instead of washing to white (accumulation is bounded: premultiplied
 * "over", not additive). */
static void check_class_hues(rh_context *c, dgr_renderer *r, const dgc_camera *cam,
                             const frame *ref, const dgp_palette *pal)
{
    static const uint8_t classes[] = {DG_CLS_SYN, DG_CLS_UDP, DG_CLS_ICMP};
    static const size_t counts[] = {100, 10000, 100000};
    for (size_t i = 0; i < sizeof classes; i++)
        for (size_t j = 0; j < 3; j++) {
            dga_pool *pool = warm_pool(r, cam, counts[j], 100.0, classes[i], W, H);
            char png[64];
            snprintf(png, sizeof png, "render-hue-%s-%zu.png", dgn_class_key(classes[i]),
                     counts[j]);
            frame f = render(c, r, cam, pool, 100.0, png);
            const float *sw = pal->rgb[classes[i]];
            double swatch[3] = {sw[0], sw[1], sw[2]}, want, s, v;
            hsv(swatch, &want, &s, &v);
            census k = take_census(&f, ref, want);
            fprintf(stderr,
                    "%s x %zu (live %zu, %s): %zu bright px, %.1f%% swatch hue, %.1f%% white; "
                    "densest block hue %.0f (swatch %.0f), saturation %.2f\n",
                    dgn_class_key(classes[i]), counts[j], dga_live(pool), dgr_arc_lod(r),
                    k.bright, 100.0 * k.match / (k.bright + 1e-9),
                    100.0 * k.white / (k.bright + 1e-9), k.dense_hue, want, k.dense_sat);
            CHECK(k.bright >= (counts[j] >= 10000 ? 2000u : 100u));
            CHECK(k.match >= k.bright * 9 / 10);
            CHECK(k.white <= k.bright / 50);
            CHECK(hue_apart(k.dense_hue, want) <= 15);
            CHECK(k.dense_sat >= 0.6 * s); /* not washed out (ICMP's own swatch: 0.63) */
            free(f.px);
            dga_destroy(pool);
        }
}

/* sRGB (0..1) to CIELAB (D65). */
static void lab(const double rgb[3], double out[3])
{
    double l[3], f[3];
    for (int k = 0; k < 3; k++)
        l[k] = rgb[k] <= 0.04045 ? rgb[k] / 12.92 : pow((rgb[k] + 0.055) / 1.055, 2.4);
    double xyz[3] = {(0.4124 * l[0] + 0.3576 * l[1] + 0.1805 * l[2]) / 0.95047,
                     0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2],
                     (0.0193 * l[0] + 0.1192 * l[1] + 0.9505 * l[2]) / 1.08883};
    for (int k = 0; k < 3; k++)
        f[k] = xyz[k] > 0.008856 ? cbrt(xyz[k]) : 7.787 * xyz[k] + 16.0 / 116;
    out[0] = 116 * f[1] - 16, out[1] = 500 * (f[0] - f[1]), out[2] = 200 * (f[1] - f[2]);
}

static double delta_e(const double a[3], const double b[3])
{
    double la[3], lb[3];
    lab(a, la), lab(b, lb);
    return sqrt((la[0] - lb[0]) * (la[0] - lb[0]) + (la[1] - lb[1]) * (la[1] - lb[1]) +
                (la[2] - lb[2]) * (la[2] - lb[2]));
}

/* The default palette's classes stand apart from each other (CIELAB distance >= 30) and from
 * every colour the bare globe shows, coasts, lights, grid and atmosphere included (>= 25). */
static void check_palette_apart(const frame *globe, const dgp_palette *pal)
{
    for (int a = 0; a < DG_CLS_COUNT; a++) {
        double ca[3] = {pal->rgb[a][0], pal->rgb[a][1], pal->rgb[a][2]}, nearest = 1e9;
        for (int b = a + 1; b < DG_CLS_COUNT; b++) {
            double cb[3] = {pal->rgb[b][0], pal->rgb[b][1], pal->rgb[b][2]};
            CHECK(delta_e(ca, cb) >= 30);
        }
        for (int y = 0; y < globe->h; y += 2)
            for (int x = 0; x < globe->w; x += 2) {
                double g[3];
                px_rgb(pixel(globe, x, y), g);
                nearest = fmin(nearest, delta_e(ca, g));
            }
        if (nearest < 25)
            fprintf(stderr, "class %s is %.1f from a globe colour\n", dgn_class_key(a), nearest);
        CHECK(nearest >= 25);
    }
}

/* A source at its sensor (JP to Tokyo) loops over it: mid-flight the head is at its port's
 * height right above the sensor, well clear of the sensor on screen. */
static void check_loop(rh_context *c, dgr_renderer *r, const dgc_camera *cam, const frame *ref)
{
    dga_pool *pool = dga_create(64, 2.0, 3.0);
    dga_set_feature_budget(pool, 8);
    dg_event e = rs_event(RS_SENSOR_LAT, RS_SENSOR_LON, DG_CLS_SYN, 23, 0);
    dga_add(pool, &e, 1, 100.0);
    frame f = render(c, r, cam, pool, 101.0, "render-loop.png");
    float sx, sy, ax, ay;
    CHECK(dgr_project(r, RS_SENSOR_LAT, RS_SENSOR_LON, 0, &sx, &sy));
    CHECK(dgr_project(r, RS_SENSOR_LAT, RS_SENSOR_LON, 0.004f + dgps_height(23, DGPS_LOG), &ax,
                      &ay));
    double add[3];
    excess(&f, ref, (int)ax, (int)ay, 3, add);
    fprintf(stderr, "loop apex at %.0f,%.0f (sensor %.0f,%.0f): light %.0f\n", ax, ay, sx, sy,
            add[0] + add[1] + add[2]);
    CHECK(hypotf(ax - sx, ay - sy) >= 15);
    CHECK(add[0] + add[1] + add[2] >= 1500);
    free(f.px);
    dga_destroy(pool);
}

/* Sensor rings grow with the rate: at the radius a busy sensor's ring has, a quiet sensor
 * shows nothing. Traffic comes from the west, the ring is probed east of the sensor. */
static void check_sensor_ring(rh_context *c, dgr_renderer *r, const dgc_camera *cam,
                              const frame *ref)
{
    static dg_event ev[2000];
    double rates[2] = {2, 60000}, lit[2];
    float deg = dgr_sensor_ring_deg(60000 * (1 - exp(-1.5))), px, py;
    CHECK(deg > 2 * dgr_sensor_ring_deg(2));
    CHECK(dgr_project(r, RS_SENSOR_LAT,
                      RS_SENSOR_LON + deg / cosf(RS_SENSOR_LAT * (float)M_PI / 180), 0, &px,
                      &py));
    for (int k = 0; k < 2; k++) {
        dga_pool *pool = dga_create(4096, 2.0, 3.0);
        dga_set_mode(pool, DGAG_PER_SOURCE);
        for (int i = 0; i < 2000; i++)
            ev[i] = rs_event(39.9f, 116.4f, DG_CLS_UDP, 53, 0);
        for (double t = 97.0; t < 100.0; t += 0.1)
            for (size_t left = (size_t)ceil(rates[k] * 0.1); left > 0;) {
                size_t m = left < 2000 ? left : 2000;
                dga_add(pool, ev, m, t);
                left -= m;
            }
        frame f = render(c, r, cam, pool, 100.0, k ? "render-ring-busy.png" : NULL);
        double add[3];
        excess(&f, ref, (int)lroundf(px), (int)lroundf(py), 2, add);
        lit[k] = add[0] + add[1] + add[2];
        free(f.px);
        dga_destroy(pool);
    }
    fprintf(stderr, "sensor ring at %.1f deg: quiet %.0f, busy %.0f\n", deg, lit[0], lit[1]);
    CHECK(lit[1] >= 300);
    CHECK(lit[0] <= lit[1] / 4);
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
    dga_set_feature_budget(pool, 100); /* comets, as the renderer's budget gives a few arcs */
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
    check_flash(c, r, &cam, pool, &f1);
    check_ring(c, r, &cam, &ref);
    check_palette_apart(&ref, &cfg.palette);
    check_class_hues(c, r, &cam, &ref, &cfg.palette);
    check_loop(c, r, &cam, &ref);
    check_sensor_ring(c, r, &cam, &ref);
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
    uint32_t seed = 54321;
    double now = 1000.0;
    dga_pool *pool = warm_pool(r, &cam, live, now, DG_CLS_COUNT, w, h);
    double t0 = seconds(), cpu0 = seconds_of(CLOCK_PROCESS_CPUTIME_ID),
           main0 = seconds_of(CLOCK_THREAD_CPUTIME_ID);
    for (int i = 0; i < frames; i++) {
        feed(pool, buf, live, now, now + 1.0 / 30, &seed, DG_CLS_COUNT);
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
