/* test_arcs.c - the GL-free half of the Atlas view: arc pool (ring wrap, expiry, fair sampling,
 * unplaced counting, no allocation after create), port scale, palette parsing, camera damping. */
#include <malloc.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "arcs.h"
#include "camera.h"
#include "check.h"
#include "palette.h"
#include "portscale.h"

static dg_event ev(uint32_t src, uint8_t cls, uint16_t port, uint8_t flags)
{
    dg_event e;
    memset(&e, 0, sizeof e);
    memcpy(e.src, &src, sizeof src);
    e.src_lat = 35, e.src_lon = 100, e.dst_lat = 36, e.dst_lon = 140;
    e.cls = cls, e.dport = port, e.flags = flags;
    return e;
}

#define PLACED (DGE_SRC_PLACED | DGE_DST_PLACED)

/* Arcs fill the crowd ring (a quarter of the capacity is the featured ring, unused while the
 * feature budget is 0), expire oldest first, and new ones wrap round to position 0. */
static void test_ring_and_expiry(void)
{
    dga_pool *p = dga_create(1000, 1.0, 2.0);
    dg_event e[200];
    for (int i = 0; i < 200; i++)
        e[i] = ev((uint32_t)i, DG_CLS_SYN, 23, PLACED);
    size_t base, cap, first, n;
    dga_tier_slots(p, DGA_CROWD, &base, &cap);
    CHECK_EQ_INT(base, 250);
    CHECK_EQ_INT(cap, 750);
    CHECK_EQ_INT(dga_capacity(p), 1000);
    double t = 0;
    for (int k = 0; k < 8; k++, t += 0.5)
        dga_add(p, e, 100, t);      /* 200 per second */
    CHECK_EQ_INT(dga_live(p), 400); /* lifetime 2 s */
    CHECK_EQ_INT(dga_tier_live(p, DGA_FEATURED), 0);
    dga_live_range(p, DGA_CROWD, &first, &n);
    CHECK_EQ_INT(n, 400);
    CHECK_EQ_INT(first, 400);
    for (int k = 0; k < 6; k++, t += 0.5)
        dga_add(p, e, 100, t);
    dga_live_range(p, DGA_CROWD, &first, &n);
    CHECK_EQ_INT(n, 400);
    CHECK_EQ_INT(first, (1400 - 400) % 750); /* wrapped past the end */
    dga_dirty_range(p, DGA_CROWD, &first, &n);
    CHECK_EQ_INT(n, 750); /* never cleared: everything is dirty */
    dga_clear_dirty(p);
    dga_add(p, e, 10, t);
    dga_dirty_range(p, DGA_CROWD, &first, &n);
    CHECK_EQ_INT(first, 1400 % 750);
    CHECK_EQ_INT(n, 10);
    dga_dirty_range(p, DGA_FEATURED, &first, &n);
    CHECK_EQ_INT(n, 0);
    CHECK_NEAR(dga_instances(p)[base + 1400 % 750].birth, fmod(t, DGA_TIME_PERIOD), 1e-3);
    CHECK_NEAR(dga_instances(p)[base + 1400 % 750].weight, 1.0, 1e-6);
    dga_expire(p, t - 0.5 + 1.99); /* the batch of 100 before keeps living until t + 1.5 */
    CHECK_EQ_INT(dga_live(p), 110);
    dga_expire(p, t + 1.99);
    CHECK_EQ_INT(dga_live(p), 10);
    dga_expire(p, t + 2.0);
    CHECK_EQ_INT(dga_live(p), 0);
    CHECK_EQ_INT(dga_get_counters(p).admitted, 1410);
    CHECK_EQ_INT(dga_get_counters(p).sampled_out, 0);
    dga_destroy(p);
}

/* Unplaced events are counted and never drawn. */
static void test_unplaced(void)
{
    dga_pool *p = dga_create(100, 1.0, 1.0);
    dg_event e[3] = {ev(1, DG_CLS_UDP, 53, DGE_SRC_PLACED), ev(2, DG_CLS_UDP, 53, DGE_DST_PLACED),
                     ev(3, DG_CLS_UDP, 53, PLACED)};
    dga_add(p, e, 3, 10.0);
    CHECK_EQ_INT(dga_live(p), 1);
    CHECK_EQ_INT(dga_get_counters(p).unplaced, 2);
    CHECK_EQ_INT(dga_get_counters(p).admitted, 1);
    dga_destroy(p);
}

/* One heavy scanner cannot take the pool: light sources and other classes keep their share. */
static void test_fair_sampling(void)
{
    dga_pool *p = dga_create(400, 1.0, 1.0); /* budget: 100 per batch at most (0.25 s of flow) */
    dga_set_mode(p, DGAG_PER_PACKET);       /* the sampler alone: no grouping per source */
    static dg_event e[5000];
    size_t n = 0;
    for (int i = 0; i < 4000; i++)
        e[n++] = ev(7, DG_CLS_SYN, 23, PLACED | DGE_MIRAI);
    for (int s = 0; s < 20; s++)
        for (int i = 0; i < 10; i++)
            e[n++] = ev(100u + (uint32_t)s, DG_CLS_UDP, 53, PLACED);
    for (int i = 0; i < 30; i++)
        e[n++] = ev(7, DG_CLS_ICMP, 0, PLACED);
    dga_add(p, e, n, 5.0);
    size_t live = dga_live(p), first, cnt;
    CHECK(live >= 90 && live <= 100);
    dga_counters c = dga_get_counters(p);
    CHECK_EQ_INT(c.admitted + c.sampled_out, n);
    int syn = 0, udp = 0, icmp = 0;
    size_t base, cap;
    dga_tier_slots(p, DGA_CROWD, &base, &cap);
    dga_live_range(p, DGA_CROWD, &first, &cnt);
    for (size_t i = 0; i < cnt; i++) {
        uint32_t cls = dga_instances(p)[base + (first + i) % cap].meta & 0xFF;
        syn += cls == DG_CLS_SYN, udp += cls == DG_CLS_UDP, icmp += cls == DG_CLS_ICMP;
    }
    fprintf(stderr, "sampled: syn %d udp %d icmp %d\n", syn, udp, icmp);
    CHECK(syn <= 10); /* one stratum of 22: about 100/22 */
    CHECK(udp >= 60); /* 20 light sources keep most of the pool */
    CHECK(icmp >= 3); /* the scanner's other class is its own stratum */
    /* later batches refill at capacity/lifetime per second, never beyond capacity */
    for (int k = 1; k <= 40; k++)
        dga_add(p, e, n, 5.0 + k * 0.05);
    CHECK(dga_live(p) <= 300); /* the crowd ring: the featured quarter stays unused */
    CHECK(dga_live(p) >= 250);
    dga_destroy(p);
}

/* dga_add and dga_expire never allocate: heap use is flat over many batches. */
static void test_no_allocation(void)
{
    dga_pool *p = dga_create(50000, 2.0, 3.0);
    static dg_event e[20000];
    for (int i = 0; i < 20000; i++)
        e[i] = ev((uint32_t)i * 7919u, (uint8_t)(i % 6), 23, PLACED);
    dga_add(p, e, 20000, 0.0);
    struct mallinfo2 before = mallinfo2();
    for (int k = 1; k < 200; k++)
        dga_add(p, e, 20000, k * 0.033);
    dga_expire(p, 1000.0);
    struct mallinfo2 after = mallinfo2();
    CHECK_EQ_INT(after.uordblks, before.uordblks);
    CHECK_EQ_INT(dga_live(p), 0);
    dga_destroy(p);
}

static void test_portscale(void)
{
    static const uint16_t keys[] = {22, 23, 80, 445, 2323, 3389, 8080, 52869};
    for (int s = 0; s < 2; s++) {
        enum dgps_scale sc = s ? DGPS_LINEAR : DGPS_LOG;
        float prev = -1;
        for (uint32_t port = 0; port <= 65535; port += 1) {
            float h = dgps_height((uint16_t)port, sc);
            if (h < prev) CHECK(h >= prev); /* monotone */
            prev = h;
        }
        /* each key port stands clear of its neighbours and of the ephemeral range */
        for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
            float h = dgps_position(keys[i], sc);
            CHECK(h - dgps_position((uint16_t)(keys[i] - 1), sc) >= 0.018f);
            CHECK(dgps_position((uint16_t)(keys[i] + 1), sc) - h >= 0.018f);
        }
        CHECK(dgps_height(0, sc) >= DGPS_HEIGHT_MIN - 1e-6f);
        CHECK(dgps_height(65535, sc) <= DGPS_HEIGHT_MAX + 1e-6f);
    }
    dgps_tick t[16];
    size_t n = dgps_ticks(DGPS_LOG, t, 16);
    CHECK(n >= 10);
    for (size_t i = 1; i < n; i++)
        CHECK(t[i].height > t[i - 1].height);
    enum dgps_scale sc;
    CHECK(dgps_parse("linear", &sc) && sc == DGPS_LINEAR);
    CHECK(!dgps_parse("cubic", &sc));
}

static void test_palette(void)
{
    dgp_palette p;
    char err[160];
    dgp_default(&p);
    CHECK_NEAR(p.rgb[DG_CLS_SYN][0], 0xE6 / 255.0, 1e-6);
    CHECK(dgp_parse(&p, "tol, udp=#00ff80,mirai=#FF0000", err, sizeof err));
    CHECK_NEAR(p.rgb[DG_CLS_UDP][1], 1.0, 1e-6);
    CHECK_NEAR(p.rgb[DG_CLS_UDP][2], 128 / 255.0, 1e-6);
    CHECK_NEAR(p.mirai[0], 1.0, 1e-6);
    CHECK_NEAR(p.rgb[DG_CLS_SYN][0], 0xEE / 255.0, 1e-6);
    dgp_palette before = p;
    CHECK(!dgp_parse(&p, "syn=#12345", err, sizeof err));
    CHECK(strstr(err, "#rrggbb") != NULL);
    CHECK(!dgp_parse(&p, "bogus=#123456", err, sizeof err));
    CHECK(!dgp_parse(&p, "neon", err, sizeof err));
    CHECK(memcmp(&p, &before, sizeof p) == 0);
    CHECK_STR_EQ(dgp_class_name(DG_CLS_SYNACK), "SYN-ACK backscatter");
}

/* The same wall-clock motion at 30 and 144 fps ends in the same place. */
static void test_camera(void)
{
    dgc_camera a, b;
    dgc_init(&a, 20, 100, 3.5f);
    dgc_init(&b, 20, 100, 3.5f);
    dgc_set_autorotate(&a, false), dgc_set_autorotate(&b, false);
    dgc_orbit(&a, 200, -50, 720), dgc_orbit(&b, 200, -50, 720);
    dgc_zoom(&a, 3), dgc_zoom(&b, 3);
    for (int i = 0; i < 30; i++)
        dgc_update(&a, 1.0f / 30);
    for (int i = 0; i < 144; i++)
        dgc_update(&b, 1.0f / 144);
    CHECK_NEAR(a.lon, b.lon, 0.05);
    CHECK_NEAR(a.lat, b.lat, 0.05);
    CHECK_NEAR(a.dist, b.dist, 0.005);
    CHECK(a.lon < 100 - 10); /* dragging right turns the view west */
    CHECK(a.dist < 3.5f);
    dgc_reset(&a);
    for (int i = 0; i < 120; i++)
        dgc_update(&a, 1.0f / 30);
    CHECK_NEAR(a.lat, 20, 0.1);
    CHECK_NEAR(a.dist, 3.5, 0.01);
    dgc_set_autorotate(&a, true);
    float lon = a.lon;
    for (int i = 0; i < 300; i++)
        dgc_update(&a, 1.0f / 30);
    CHECK(fabsf(a.lon - lon) > 5); /* auto-rotation resumed after the idle delay */
    mat4 v, pr;
    dgc_matrices(&a, 16.0f / 9, v, pr);
    CHECK(isfinite(v[3][2]) && isfinite(pr[0][0]));
}

int main(void)
{
    test_ring_and_expiry();
    test_unplaced();
    test_fair_sampling();
    test_no_allocation();
    test_portscale();
    test_palette();
    test_camera();
    return check_report();
}
