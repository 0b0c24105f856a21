/* test_arcs.c - the GL-free half of the Atlas view: arc pool (ring wrap, expiry, fair sampling,
 * unplaced counting, no allocation after create), port scale, palette parsing, camera damping. */
#include <malloc.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "arcs.h"
#include "names.h"
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
    e.cls = cls, e.dport = port, e.flags = flags, e.pkts = 1;
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

/* Per source, a key (source, port lane, class) launches one arc per lifetime carrying the
 * packets it sent since its last arc; a flow record's packets count as many; counting is exact:
 * every placed event is admitted, folded or sampled out. */
static void test_per_source(void)
{
    dga_pool *p = dga_create(4000, 1.0, 2.0);
    dga_set_mode(p, DGAG_PER_SOURCE);
    dg_event e[400];
    for (int i = 0; i < 400; i++) /* 4 sources x 100 packets, two ports each */
        e[i] = ev((uint32_t)(i % 4), DG_CLS_SYN, i % 8 < 4 ? 23 : 2323, PLACED);
    e[5].pkts = 1000; /* a flow record from source 1 to port 2323 */
    double t = 10.0;
    dga_add(p, e, 400, t);
    CHECK_EQ_INT(dga_live(p), 8); /* 4 sources x 2 ports */
    dga_counters c = dga_get_counters(p);
    CHECK_EQ_INT(c.admitted, 8);
    CHECK_EQ_INT(c.folded, 392);
    CHECK_EQ_INT(c.admitted + c.folded + c.sampled_out, 400);
    for (int k = 1; k <= 19; k++) /* the same packets every 0.1 s: folded into the next arcs */
        dga_add(p, e, 400, t + 0.1 * k);
    CHECK_EQ_INT(dga_live(p), 8);
    dga_add(p, e, 400, t + 2.0); /* a lifetime later: the next arc of each key */
    CHECK_EQ_INT(dga_live(p), 8);
    size_t base, cap, first, n;
    dga_tier_slots(p, DGA_CROWD, &base, &cap);
    dga_live_range(p, DGA_CROWD, &first, &n);
    double total = 0, heaviest = 0;
    for (size_t i = 0; i < n; i++) {
        float w = dga_instances(p)[base + (first + i) % cap].weight;
        total += w, heaviest = w > heaviest ? w : heaviest;
    }
    /* each key's second arc: what it sent since its first (49 + 19 x 50) plus the packet
     * launching it; the flow record's key sends 1,049 per batch and launches with the flow */
    CHECK_NEAR(heaviest, 49 + 19 * 1049 + 1000, 1e-3);
    CHECK_NEAR(total, 7 * (49 + 19 * 50 + 1) + heaviest, 1e-3);
    CHECK(dgag_level(heaviest) > 0.9f && dgag_level(1) == 0.0f);
    dga_destroy(p);
}

/* Auto mode: per packet at a low rate, per source above DGAG_AUTO_ON_PPS, and back only
 * below DGAG_AUTO_OFF_PPS. */
static void test_auto_mode(void)
{
    dga_pool *p = dga_create(100000, 1.0, 2.0);
    const dgag *a = dga_aggregator(p);
    static dg_event e[1000];
    for (int i = 0; i < 1000; i++)
        e[i] = ev((uint32_t)(i % 50), DG_CLS_UDP, 53, PLACED);
    double t = 0;
    for (int k = 0; k < 100; k++, t += 0.1) /* 2,000 pkt/s */
        dga_add(p, e, 200, t);
    CHECK(!dgag_per_source(a));
    CHECK_NEAR(dgag_rate(a), 2000, 150);
    for (int k = 0; k < 100; k++, t += 0.1) /* 10,000 pkt/s */
        dga_add(p, e, 1000, t);
    CHECK(dgag_per_source(a));
    for (int k = 0; k < 100; k++, t += 0.1) /* 3,500 pkt/s: between the thresholds */
        dga_add(p, e, 350, t);
    CHECK(dgag_per_source(a));
    for (int k = 0; k < 100; k++, t += 0.1) /* 1,000 pkt/s */
        dga_add(p, e, 100, t);
    CHECK(!dgag_per_source(a));
    dga_set_mode(p, DGAG_PER_SOURCE);
    CHECK(dgag_per_source(a));
    enum dgag_mode m;
    CHECK(dgag_parse_mode("per-packet", &m) && m == DGAG_PER_PACKET);
    CHECK(!dgag_parse_mode("per-flow", &m));
    dga_destroy(p);
}

/* The featured ring takes the heaviest arcs of each batch, at the pace that keeps the budget
 * live (budget / lifetime per second); the rest go to the crowd. */
static void test_featured(void)
{
    dga_pool *p = dga_create(2000, 1.0, 2.0);
    dga_set_mode(p, DGAG_PER_PACKET);
    dga_set_feature_budget(p, 40); /* 20 per second: 2 per batch of 0.1 s */
    static dg_event e[40];
    for (int i = 0; i < 40; i++) {
        e[i] = ev((uint32_t)i, DG_CLS_SYN, 23, PLACED);
        e[i].pkts = i % 20 == 7 ? 5000 : 1; /* 2 heavy flow records per batch */
    }
    for (int k = 0; k < 40; k++)
        dga_add(p, e, 40, 1.0 + 0.1 * k);
    size_t nf = dga_tier_live(p, DGA_FEATURED), heavy[DGA_TIERS] = {0}, light[DGA_TIERS] = {0};
    CHECK(nf >= 30 && nf <= 40);
    for (int t = 0; t < DGA_TIERS; t++) {
        size_t base, cap, first, n;
        dga_tier_slots(p, (enum dga_tier)t, &base, &cap);
        dga_live_range(p, (enum dga_tier)t, &first, &n);
        for (size_t i = 0; i < n; i++) {
            bool h = dga_instances(p)[base + (first + i) % cap].weight > 1000;
            heavy[t] += h, light[t] += !h;
        }
    }
    fprintf(stderr, "featured: %zu heavy, %zu light; crowd: %zu heavy, %zu light\n",
            heavy[DGA_FEATURED], light[DGA_FEATURED], heavy[DGA_CROWD], light[DGA_CROWD]);
    /* the heavy ones first, not an even sample: 1 arc in 20 is heavy */
    CHECK(heavy[DGA_FEATURED] * 4 >= (heavy[DGA_FEATURED] + heavy[DGA_CROWD]) * 3);
    CHECK(light[DGA_FEATURED] * 20 <= light[DGA_FEATURED] + light[DGA_CROWD]);
    CHECK_EQ_INT(dga_live(p), nf + dga_tier_live(p, DGA_CROWD));
    dga_set_feature_budget(p, 0);
    dga_add(p, e, 40, 5.0);
    dga_expire(p, 7.0);
    CHECK_EQ_INT(dga_tier_live(p, DGA_FEATURED), 0);
    dga_destroy(p);
}

/* Arc heights: the port's lane, or hugging the globe when the port is unknown. */
static void test_no_port(void)
{
    dga_pool *p = dga_create(16, 1.0, 2.0);
    dg_event e[2] = {ev(1, DG_CLS_TCP, 0, PLACED | DGE_NO_DPORT), ev(2, DG_CLS_TCP, 0, PLACED)};
    dga_add(p, e, 2, 1.0);
    size_t base, cap, first, n;
    dga_tier_slots(p, DGA_CROWD, &base, &cap);
    dga_live_range(p, DGA_CROWD, &first, &n);
    CHECK_EQ_INT(n, 2);
    CHECK_NEAR(dga_instances(p)[base + first].height, DGA_HEIGHT_NO_PORT, 1e-6);
    CHECK_NEAR(dga_instances(p)[base + (first + 1) % cap].height, dgps_height(0, DGPS_LOG), 1e-6);
    CHECK(DGA_HEIGHT_NO_PORT < DGPS_HEIGHT_MIN);
    CHECK(dgag_lane(&e[0], DGPS_LOG) != dgag_lane(&e[1], DGPS_LOG));
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
    CHECK_STR_EQ(dgn_class_legend(DG_CLS_SYNACK), "SYN-ACK backscatter");
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
    test_per_source();
    test_auto_mode();
    test_featured();
    test_no_port();
    test_no_allocation();
    test_portscale();
    test_palette();
    test_camera();
    return check_report();
}
