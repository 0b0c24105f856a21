/* test_view.c - the view that keeps the story in sight (issue 14): the home view on the
 * sensors' region, --home parsing, auto-rotation that swings between home and the sources
 * without carrying the sensors off the visible disc, the lens shift that puts the globe in
 * the free space between the panels, the distance that fits the globe there, and the tour
 * that K starts at once. */
#include "camera.h"
#include "check.h"
#include "tour.h"

#include <math.h>

/* Great-circle degrees between two points. */
static float gc_deg(float alat, float alon, float blat, float blon)
{
    double a = alat * M_PI / 180, b = blat * M_PI / 180, d = (blon - alon) * M_PI / 180;
    double c = sin(a) * sin(b) + cos(a) * cos(b) * cos(d);
    return (float)(acos(c > 1 ? 1 : c < -1 ? -1 : c) * 180 / M_PI);
}

static void test_home_parse(void)
{
    float lat, lon, zoom;
    CHECK(dgc_parse_home("35.68,139.69", &lat, &lon, &zoom));
    CHECK_NEAR(lat, 35.68, 1e-4);
    CHECK_NEAR(lon, 139.69, 1e-4);
    CHECK_NEAR(zoom, 1, 0);
    CHECK(dgc_parse_home("-10,20,2.5", &lat, &lon, &zoom) && zoom == 2.5f);
    CHECK(!dgc_parse_home("91,0", &lat, &lon, &zoom));
    CHECK(!dgc_parse_home("10,181", &lat, &lon, &zoom));
    CHECK(!dgc_parse_home("10", &lat, &lon, &zoom));
    CHECK(!dgc_parse_home("10,20,30", &lat, &lon, &zoom));
    CHECK(!dgc_parse_home("10,20,x", &lat, &lon, &zoom));
    CHECK(!dgc_parse_home("", &lat, &lon, &zoom));
}

/* The demo sensors (Tokyo, Okinawa, Sapporo): home is among them, in Japan. */
static void test_region(void)
{
    float la[] = {35.68f, 26.21f, 43.06f}, lo[] = {139.69f, 127.68f, 141.35f}, clat, clon;
    dgc_region_centre(la, lo, 3, &clat, &clon);
    CHECK(clat > 30 && clat < 40 && clon > 130 && clon < 142);
    float one_lat = 10, one_lon = -170;
    dgc_region_centre(&one_lat, &one_lon, 1, &clat, &clon);
    CHECK_NEAR(clat, 10, 1e-3);
    CHECK_NEAR(clon, -170, 1e-3);
}

/* Issue 14's picture: auto-rotation carried Tokyo under the right-hand panels. Now it swings
 * out to the sources (here Brazil, far beyond the limit) and back; Tokyo stays within the
 * swing limit of the view centre, so on the visible disc, and the view reaches the limit. */
static void test_swing(void)
{
    dgc_camera c;
    dgc_init(&c, 35.7f, 139.7f, 3.2f);
    dgc_set_swing(&c, -15.8f, -47.9f);
    CHECK_NEAR(gc_deg(c.home_lat, c.home_lon, c.swing_lat, c.swing_lon), DGC_SWING_MAX_DEG, 0.2);
    float worst = 0, far = 0;
    for (int i = 0; i < 30 * 150; i++) { /* 150 s at 30 fps: two and a half swings */
        dgc_update(&c, 1.0f / 30);
        float d = gc_deg(c.lat, c.lon, 35.7f, 139.7f);
        worst = fmaxf(worst, d);
        if (i > 30 * 60) far = fmaxf(far, d);
    }
    CHECK(worst <= DGC_SWING_MAX_DEG + 0.5f);
    CHECK(far > DGC_SWING_MAX_DEG - 3); /* it does go out to the sources */
    /* a near source is visited in full */
    dgc_set_swing(&c, 22.3f, 114.2f);
    CHECK_NEAR(c.swing_lat, 22.3, 1e-3);
    CHECK_NEAR(c.swing_lon, 114.2, 1e-3);
    /* and it comes home: at the swing's start the target is home */
    dgc_camera d;
    dgc_init(&d, 35.7f, 139.7f, 3.2f);
    dgc_update(&d, 0.1f);
    CHECK(gc_deg(d.target_lat, d.target_lon, 35.7f, 139.7f) < 0.5f);
}

/* The lens shift puts the globe's centre where the free space is; the fitted distance makes
 * its disc the asked radius. */
static void test_centre_and_fit(void)
{
    dgc_camera c;
    dgc_init(&c, 0, 0, 3.2f);
    dgc_set_centre(&c, 800, 360, 1280, 720);
    mat4 v, p, vp;
    dgc_matrices(&c, 1280.0f / 720, v, p);
    glm_mat4_mul(p, v, vp);
    vec4 o = {0, 0, 0, 1}, clip;
    glm_mat4_mulv(vp, o, clip);
    CHECK_NEAR((clip[0] / clip[3] * 0.5f + 0.5f) * 1280, 800, 0.5);
    CHECK_NEAR((0.5f - clip[1] / clip[3] * 0.5f) * 720, 360, 0.5);
    float d = dgc_dist_for_radius(&c, 300, 720);
    /* project the limb: a point on the globe at the tangent angle from the eye */
    c.dist = d;
    c.shift_x = c.shift_y = 0;
    dgc_matrices(&c, 1280.0f / 720, v, p);
    glm_mat4_mul(p, v, vp);
    float a = asinf(1.0f / d);             /* the limb seen from the eye: sin = 1 / dist */
    vec4 limb = {0, cosf(a), 1.0f / d, 1}; /* tangent point, eye on +z */
    glm_mat4_mulv(vp, limb, clip);
    CHECK_NEAR((0.5f - clip[1] / clip[3] * 0.5f) * 720, 360 - 300, 2.0);
    CHECK(dgc_dist_for_radius(&c, 5000, 720) == DGC_MIN_DIST);
}

/* K starts the tour at once: the key press does not pause it for 30 s. */
static void test_tour_start(void)
{
    dgtour t;
    dgtour_config cfg = {.home_lat = 35, .home_lon = 139, .home_dist = 3.2f};
    dgtour_init(&t, &cfg, 0);
    dgtour_alert(&t, 35.7f, 139.7f, 3);
    dgtour_user_input(&t, 100); /* the K key press itself */
    dgtour_start(&t, 100);
    dgtour_target g = dgtour_tick(&t, 100.05, 0.05);
    CHECK(g.phase != DGTOUR_PAUSED);
    g = dgtour_tick(&t, 100.1, 0.05);
    CHECK(g.phase == DGTOUR_FOCUS_ALERT || g.fly);
}

int main(void)
{
    test_home_parse();
    test_region();
    test_swing();
    test_centre_and_fit();
    test_tour_start();
    return check_report();
}
