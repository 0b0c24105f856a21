/* test_tstats.c - traffic statistics: windows, rates, tops, countries, Mirai hosts, bounds. */
#include "check.h"
#include "tstats.h"

#include <stdlib.h>
#include <time.h>

static const double T0 = 1500000000.0;

static dg_event ev(double ts, uint8_t proto, uint16_t dport, const char *cc)
{
    dg_event e = {.ts = ts, .proto = proto, .dport = dport};
    e.cls = proto == DG_PROTO_TCP ? DG_CLS_SYN : proto == DG_PROTO_UDP ? DG_CLS_UDP : DG_CLS_ICMP;
    e.src[0] = 10;
    if (cc) snprintf(e.cc, sizeof e.cc, "%s", cc);
    return e;
}

static void add_one(dgts *s, dg_event e)
{
    dgts_add(s, &e, 1);
}

/* 100 packets per second for 10 s, then the windows slide out one by one. */
static void test_windows(void)
{
    dgts *s = dgts_create();
    dgts_view v;
    for (int i = 0; i < 1000; i++)
        add_one(s, ev(T0 + i * 0.01, DG_PROTO_TCP, 23, "JP"));
    dgts_read(s, &v);
    CHECK_NEAR(v.rate, 200.0 / 1.99, 0.01);
    CHECK_EQ_INT(v.last_1m, 1000);
    CHECK_EQ_INT(v.last_1h, 1000);
    CHECK_EQ_INT(v.last_24h, 1000);
    CHECK_EQ_INT(v.total, 1000);
    CHECK_NEAR(v.spark[59], 100, 0);
    CHECK_NEAR(v.spark[51], 100, 0);
    CHECK_NEAR(v.spark[50], 0, 0);
    dgts_advance(s, T0 + 70.5);
    dgts_read(s, &v);
    CHECK_NEAR(v.rate, 0, 0);
    CHECK_EQ_INT(v.last_1m, 0);
    CHECK_EQ_INT(v.last_1h, 1000);
    dgts_advance(s, T0 + 2 * 3600.0);
    dgts_read(s, &v);
    CHECK_EQ_INT(v.last_1h, 0);
    CHECK_EQ_INT(v.last_24h, 1000);
    dgts_advance(s, T0 + 25 * 3600.0);
    dgts_read(s, &v);
    CHECK_EQ_INT(v.last_24h, 0);
    CHECK_EQ_INT(v.total, 1000);
    dgts_destroy(s);
}

/* One packet per second for 200 s wraps the 64-slot ring three times; a ten-year gap wraps
 * every ring at once and must cost no more than one pass over it. */
static void test_wrap_and_gaps(void)
{
    dgts *s = dgts_create();
    dgts_view v;
    for (int i = 0; i < 200; i++)
        add_one(s, ev(T0 + i + 0.5, DG_PROTO_UDP, 53, "US"));
    dgts_read(s, &v);
    CHECK_EQ_INT(v.last_1m, 60);
    CHECK_EQ_INT(v.last_1h, 200);
    for (int i = 0; i < DGTS_SPARK; i++)
        CHECK_NEAR(v.spark[i], 1, 0);
    double later = T0 + 10 * 365 * 86400.0;
    for (int i = 0; i < 7; i++)
        add_one(s, ev(later + 0.1 * i, DG_PROTO_UDP, 53, "US"));
    dgts_read(s, &v);
    CHECK_EQ_INT(v.last_1m, 7);
    CHECK_EQ_INT(v.last_1h, 7);
    CHECK_EQ_INT(v.last_24h, 7);
    CHECK_EQ_INT(v.total, 207);
    /* Three days at one packet per 10 s: the 24 h window holds exactly one day's worth
     * (8640 packets) give or take the partial 10-minute slot at either end. */
    dgts *d = dgts_create();
    for (int i = 0; i < 3 * 8640; i++)
        add_one(d, ev(T0 + i * 10.0, DG_PROTO_TCP, 22, "CN"));
    dgts_read(d, &v);
    CHECK(v.last_24h >= 8580 && v.last_24h <= 8640);
    CHECK(v.last_1h >= 354 && v.last_1h <= 360);
    CHECK_EQ_INT(v.last_1m, 6);
    dgts_destroy(d);
    dgts_destroy(s);
}

/* Slightly late packets count in the current second; a seek back restarts the windows. */
static void test_disorder_and_seek(void)
{
    dgts *s = dgts_create();
    dgts_view v;
    add_one(s, ev(T0 + 100.2, DG_PROTO_TCP, 23, "JP"));
    add_one(s, ev(T0 + 99.7, DG_PROTO_TCP, 23, "JP"));
    dgts_read(s, &v);
    CHECK_EQ_INT(v.last_1m, 2);
    CHECK_NEAR(v.now, T0 + 100.2, 1e-6);
    add_one(s, ev(T0 + 10.0, DG_PROTO_TCP, 23, "JP"));
    dgts_read(s, &v);
    CHECK_EQ_INT(v.last_1m, 1);
    CHECK_EQ_INT(v.total, 3);
    CHECK_NEAR(v.now, T0 + 10.0, 1e-6);
    dg_event bad = ev(0, DG_PROTO_TCP, 23, "JP");
    bad.ts = NAN;
    dgts_add(s, &bad, 1);
    bad.ts = -5;
    dgts_add(s, &bad, 1);
    dgts_read(s, &v);
    CHECK_EQ_INT(v.total, 5);
    CHECK_EQ_INT(v.last_1m, 3);
    dgts_destroy(s);
}

/* The seed's figure: 23/TCP at 54%; ties keep port order; only ten entries. */
static void test_top_ports(void)
{
    dgts *s = dgts_create();
    struct {
        uint8_t proto;
        uint16_t port;
        int n;
    } mix[] = {{DG_PROTO_TCP, 23, 540}, {DG_PROTO_TCP, 2323, 200}, {DG_PROTO_UDP, 53, 100},
               {DG_PROTO_ICMP, 0, 60},  {DG_PROTO_TCP, 445, 30},   {DG_PROTO_TCP, 80, 30},
               {DG_PROTO_UDP, 123, 10}, {DG_PROTO_TCP, 22, 9},     {47, 0, 8},
               {DG_PROTO_TCP, 8080, 6}, {DG_PROTO_UDP, 1900, 5},   {DG_PROTO_TCP, 52869, 2}};
    double t = T0;
    for (size_t k = 0; k < sizeof mix / sizeof mix[0]; k++)
        for (int i = 0; i < mix[k].n; i++)
            add_one(s, ev(t += 0.001, mix[k].proto, mix[k].port, "JP"));
    dgts_view v;
    dgts_read(s, &v);
    CHECK_EQ_INT(v.total, 1000);
    CHECK_EQ_INT(v.n_ports, 10);
    char buf[32];
    CHECK_STR_EQ(dgts_port_label(&v.ports[0], buf, sizeof buf), "23/TCP");
    CHECK_NEAR(v.ports[0].share, 0.54, 1e-12);
    CHECK_EQ_INT(v.ports[0].pkts, 540);
    CHECK_STR_EQ(dgts_port_label(&v.ports[1], buf, sizeof buf), "2323/TCP");
    CHECK_STR_EQ(dgts_port_label(&v.ports[2], buf, sizeof buf), "53/UDP");
    CHECK_STR_EQ(dgts_port_label(&v.ports[3], buf, sizeof buf), "ICMP");
    CHECK_STR_EQ(dgts_port_label(&v.ports[4], buf, sizeof buf), "80/TCP");
    CHECK_STR_EQ(dgts_port_label(&v.ports[5], buf, sizeof buf), "445/TCP");
    CHECK_STR_EQ(dgts_port_label(&v.ports[8], buf, sizeof buf), "proto 47");
    CHECK_STR_EQ(dgts_port_label(&v.ports[9], buf, sizeof buf), "8080/TCP");
    CHECK_NEAR(v.ports[9].share, 0.006, 1e-12);
    CHECK_EQ_INT(v.cls_pkts[DG_CLS_SYN], 540 + 200 + 30 + 30 + 9 + 6 + 2);

    /* Inside DGTS_TOP_PERIOD the cached list stands; after it (or when forced) it moves. */
    for (int i = 0; i < 600; i++)
        add_one(s, ev(t + 0.0001 * i, DG_PROTO_TCP, 52869, "JP"));
    dgts_read(s, &v);
    CHECK_EQ_INT(v.ports[0].port, 23);
    dgts_invalidate_tops(s);
    dgts_read(s, &v);
    CHECK_EQ_INT(v.ports[0].port, 52869);
    CHECK_NEAR(v.ports[0].share, 602.0 / 1600.0, 1e-12);
    add_one(s, ev(t + 1.0, DG_PROTO_UDP, 1900, "JP"));
    dgts_read(s, &v);
    CHECK_EQ_INT(v.total, 1601);
    CHECK_NEAR(v.ports[0].share, 602.0 / 1601.0, 1e-12);
    dgts_destroy(s);
}

static void test_countries(void)
{
    dgts *s = dgts_create();
    const char *ccs[] = {"JP", "CN", "US", "", "jp", "X1"};
    int n[] = {50, 30, 20, 5, 10, 3};
    double t = T0;
    for (int k = 0; k < 6; k++)
        for (int i = 0; i < n[k]; i++)
            add_one(s, ev(t += 0.01, DG_PROTO_TCP, 23, ccs[k]));
    dgts_view v;
    dgts_read(s, &v);
    CHECK_EQ_INT(v.n_countries, 4);
    CHECK_STR_EQ(v.countries[0].cc, "JP");
    CHECK_EQ_INT(v.countries[0].pkts, 60);
    CHECK_NEAR(v.countries[0].share, 60.0 / 118.0, 1e-12);
    CHECK_STR_EQ(v.countries[1].cc, "CN");
    CHECK_STR_EQ(v.countries[2].cc, "US");
    CHECK_STR_EQ(v.countries[3].cc, "");
    CHECK_EQ_INT(v.countries[3].pkts, 8);
    dgts_destroy(s);
}

static dg_event mirai_ev(double ts, uint32_t host)
{
    dg_event e = ev(ts, DG_PROTO_TCP, 23, "JP");
    e.flags = DGE_MIRAI;
    e.src[0] = (uint8_t)(host >> 24);
    e.src[1] = (uint8_t)(host >> 16);
    e.src[2] = (uint8_t)(host >> 8);
    e.src[3] = (uint8_t)host;
    return e;
}

static void test_mirai(void)
{
    dgts *s = dgts_create();
    dgts_view v;
    double t = T0;
    for (int rep = 0; rep < 3; rep++)
        for (uint32_t h = 0; h < 100; h++)
            add_one(s, mirai_ev(t += 0.01, 0x0a000000u + h));
    add_one(s, ev(t, DG_PROTO_TCP, 23, "JP"));
    dgts_read(s, &v);
    CHECK_EQ_INT(v.mirai_pkts, 300);
    /* HyperLogLog's linear-counting range: within a couple of hosts at this size. */
    CHECK(llabs((long long)v.mirai_hosts_now - 100) <= 2);
    CHECK(llabs((long long)v.mirai_hosts_total - 100) <= 1);
    dgts_advance(s, t + DGTS_MIRAI_NOW_MIN * 60.0 + 61);
    dgts_read(s, &v);
    CHECK_EQ_INT(v.mirai_hosts_now, 0);
    CHECK(llabs((long long)v.mirai_hosts_total - 100) <= 1);
    t += 400;
    for (uint32_t h = 0; h < 5000; h++)
        add_one(s, mirai_ev(t += 0.001, 0xc0000000u + h * 7919));
    dgts_read(s, &v);
    CHECK(llabs((long long)v.mirai_hosts_now - 5000) <= 5000 * 0.05);
    CHECK(llabs((long long)v.mirai_hosts_total - 5100) <= 5100 * 0.03);
    printf("mirai estimate: now %llu (5000), total %llu (5100)\n",
           (unsigned long long)v.mirai_hosts_now, (unsigned long long)v.mirai_hosts_total);
    dgts_destroy(s);
}

/* Fixed memory, and the per-packet cost stays in the tens of nanoseconds. */
static void test_bounds_and_cost(void)
{
    CHECK(dgts_memory_bytes() < 2u * 1024 * 1024);
    dgts *s = dgts_create();
    enum { N = 4096, ROUNDS = 500 };
    static dg_event batch[N];
    uint32_t x = 12345;
    for (int i = 0; i < N; i++) {
        x = x * 1664525u + 1013904223u;
        batch[i] = ev(0, (x >> 8) & 1 ? DG_PROTO_TCP : DG_PROTO_UDP, (uint16_t)(x >> 16),
                      (x & 7) ? "JP" : "BR");
        if ((x & 15) == 0) batch[i] = mirai_ev(0, x);
    }
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (int r = 0; r < ROUNDS; r++) {
        for (int i = 0; i < N; i++)
            batch[i].ts = T0 + (r * N + i) * 1e-6;
        dgts_add(s, batch, N);
    }
    clock_gettime(CLOCK_MONOTONIC, &b);
    double ns = ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / ((double)N * ROUNDS);
    printf("tstats: %.1f ns per packet (incl. timestamp rewrite), %zu bytes\n", ns,
           dgts_memory_bytes());
    CHECK(ns < 500); /* generous: a shared 2-core box; typical is well under 50 */
    dgts_view v;
    dgts_read(s, &v);
    CHECK_EQ_INT(v.total, (long long)N * ROUNDS);
    dgts_destroy(s);
}

int main(void)
{
    test_windows();
    test_wrap_and_gaps();
    test_disorder_and_seek();
    test_top_ports();
    test_countries();
    test_mirai();
    test_bounds_and_cost();
    return check_report();
}
