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

/* A source whose timestamps have whole seconds (the Marx log) delivers each second's packets at
 * its start: 50 a second read 50 pkt/s all through the second, not up to 100. */
static void test_rate_whole_seconds(void)
{
    dgts *s = dgts_create();
    dgts_view v;
    for (int sec = 0; sec < 10; sec++) {
        for (int i = 0; i < 50; i++)
            add_one(s, ev(T0 + sec, DG_PROTO_TCP, 23, "JP"));
        for (double f = 0.05; f < 1.0; f += 0.3) {
            dgts_advance(s, T0 + sec + f);
            dgts_read(s, &v);
            CHECK_NEAR(v.rate, sec ? 50 : 0, 0);
        }
    }
    dgts_destroy(s);
}

/* 100 packets per second for 10 s, then the windows slide out one by one. */
static void test_windows(void)
{
    dgts *s = dgts_create();
    dgts_view v;
    for (int i = 0; i < 1000; i++)
        add_one(s, ev(T0 + i * 0.01, DG_PROTO_TCP, 23, "JP"));
    dgts_read(s, &v);
    CHECK_NEAR(v.rate, 100, 0); /* the last completed second */
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

/* Late packets count in the slots of their own time while the window holds them; a marked
 * jump (a replay's seek) or a jump back beyond DGTS_LATE_S restarts the windows. */
static void test_disorder_and_seek(void)
{
    dgts *s = dgts_create();
    dgts_view v;
    add_one(s, ev(T0 + 100.2, DG_PROTO_TCP, 23, "JP"));
    add_one(s, ev(T0 + 99.7, DG_PROTO_TCP, 23, "JP"));
    dgts_read(s, &v);
    CHECK_EQ_INT(v.last_1m, 2);
    CHECK_NEAR(v.now, T0 + 100.2, 1e-6);
    /* 90 s late: past the minute, inside the hour; the clock stays */
    add_one(s, ev(T0 + 10.0, DG_PROTO_TCP, 23, "JP"));
    dgts_read(s, &v);
    CHECK_EQ_INT(v.last_1m, 2);
    CHECK_EQ_INT(v.last_1h, 3);
    CHECK_EQ_INT(v.total, 3);
    CHECK_NEAR(v.now, T0 + 100.2, 1e-6);
    /* a replay's seek back: marked, the windows restart there */
    dg_event seek = ev(T0 + 10.0, DG_PROTO_TCP, 23, "JP");
    seek.flags |= DGE_TIME_JUMP;
    dgts_add(s, &seek, 1);
    dgts_read(s, &v);
    CHECK_EQ_INT(v.last_1m, 1);
    CHECK_EQ_INT(v.last_1h, 1);
    CHECK_EQ_INT(v.total, 4);
    CHECK_NEAR(v.now, T0 + 10.0, 1e-6);
    dg_event bad = ev(0, DG_PROTO_TCP, 23, "JP");
    bad.ts = NAN;
    dgts_add(s, &bad, 1);
    bad.ts = -5;
    dgts_add(s, &bad, 1);
    dgts_read(s, &v);
    CHECK_EQ_INT(v.total, 6);
    CHECK_EQ_INT(v.last_1m, 3);
    /* unmarked, but further back than any interleave: a reset clock, a restart */
    add_one(s, ev(T0 + 10.0 - DGTS_LATE_S - 60, DG_PROTO_TCP, 23, "JP"));
    dgts_read(s, &v);
    CHECK_EQ_INT(v.last_1m, 1);
    CHECK_EQ_INT(v.last_24h, 1);
    dgts_destroy(s);
}

/* Two sensors whose logs interleave 200 s apart (as the Marx honeypots' do): every packet
 * counts in the hour and the day; the old rule restarted the windows at each late one. */
static void test_interleaved_sensors(void)
{
    dgts *s = dgts_create();
    dgts_view v;
    for (int i = 0; i < 7200; i += 10) {
        add_one(s, ev(T0 + i, DG_PROTO_TCP, 23, "JP"));
        add_one(s, ev(T0 + i - 200, DG_PROTO_TCP, 445, "CN"));
    }
    dgts_read(s, &v);
    CHECK_EQ_INT(v.total, 1440);
    CHECK_EQ_INT(v.last_24h, 1440);
    /* the hour ends at T0+7190: 360 of the on-time sensor, and the late one's 380 from
     * T0+3400 on (its last is T0+6990) */
    CHECK(v.last_1h >= 700 && v.last_1h <= 745);
    CHECK_NEAR(v.now, T0 + 7190, 1e-6);
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
    CHECK(dgts_memory_bytes() < 3584u * 1024); /* about 2.9 MB: see docs/hud.md */
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

/* Issue 14: an hour of 23/TCP, then a minute of 52869/TCP. Since start 52869 stays a few
 * percent (the 2017 screenshot's 3.6%); over the last minute it leads, and it is rising. */
static void test_window_tops(void)
{
    dgts *s = dgts_create();
    double t = T0;
    for (int i = 0; i < 3600 * 10; i++) /* 10 pkt/s of 23/TCP from CN for an hour */
        add_one(s, ev(t += 0.1, DG_PROTO_TCP, 23, "CN"));
    for (int i = 0; i < 600; i++) { /* then 60 s: 52869 from JP at 8 pkt/s, 23 at 2 pkt/s */
        t += 0.1;
        add_one(s, i % 5 ? ev(t, DG_PROTO_TCP, 52869, "JP") : ev(t, DG_PROTO_TCP, 23, "CN"));
    }
    dgts_view v;
    char buf[32];
    dgts_read(s, &v);
    CHECK_EQ_INT(v.window, DGTS_W_ALL);
    CHECK_EQ_INT(v.ports[0].port, 23);
    CHECK(v.ports[1].port == 52869 && v.ports[1].share < 0.02);
    CHECK_STR_EQ(v.countries[0].cc, "CN");
    dgts_set_window(s, DGTS_W_1M);
    dgts_read(s, &v);
    CHECK_STR_EQ(dgts_port_label(&v.ports[0], buf, sizeof buf), "52869/TCP");
    CHECK(v.ports[0].share > 0.65 && v.ports[0].share < 0.9); /* the window is 60-70 s */
    CHECK_EQ_INT(v.ports[0].trend, DGTS_STEADY);              /* steady within the minute */
    CHECK_EQ_INT(v.ports[1].trend, DGTS_FALLING);
    CHECK(v.window_pkts >= 600 && v.window_pkts <= 700);
    CHECK_STR_EQ(v.countries[0].cc, "JP");
    dgts_set_window(s, DGTS_W_10M);
    dgts_read(s, &v);
    CHECK_EQ_INT(v.ports[0].port, 23); /* 9 minutes of 23 outweigh one of 52869 */
    CHECK_EQ_INT(v.ports[1].port, 52869);
    CHECK_EQ_INT(v.ports[1].trend, DGTS_RISING); /* the last minute against the 9 before */
    CHECK_EQ_INT(v.ports[0].trend, DGTS_FALLING);
    CHECK(v.ports[1].share > 0.05 && v.ports[1].share < 0.12);
    CHECK_EQ_INT(v.countries[1].trend, DGTS_RISING);
    CHECK(v.countries[0].share + v.countries[1].share < 1.0 + 1e-9);
    dgts_set_window(s, DGTS_W_1H);
    dgts_read(s, &v);
    CHECK(v.window_pkts >= 36000 && v.window_pkts <= 36700);
    /* the window slides: a quiet hour later, nothing is left in the 1 h tops */
    dgts_advance(s, t + 3700);
    dgts_read(s, &v);
    CHECK_EQ_INT(v.n_ports, 0);
    CHECK_EQ_INT(v.n_countries, 0);
    CHECK_EQ_INT(dgts_get_window(s), DGTS_W_1H);
    dgts_destroy(s);
}

/* A closed bucket keeps its 48 busiest ports: a horizontal scan over every port cannot push
 * the real top ports out, and the window's counts stay exact for them. */
static void test_window_scan(void)
{
    dgts *s = dgts_create();
    dgts_set_window(s, DGTS_W_10M);
    double t = T0;
    for (int sec = 0; sec < 300; sec++)
        for (int i = 0; i < 40; i++) {
            t = T0 + sec + i / 40.0;
            uint16_t port = i < 20 ? 23 : i < 30 ? 445 : (uint16_t)(1000 + sec * 10 + i);
            add_one(s, ev(t, DG_PROTO_TCP, port, "BR"));
        }
    dgts_view v;
    dgts_read(s, &v);
    CHECK_EQ_INT(v.ports[0].port, 23);
    CHECK_EQ_INT(v.ports[0].pkts, 300 * 20);
    CHECK_EQ_INT(v.ports[1].pkts, 300 * 10);
    CHECK_EQ_INT(v.window_pkts, 300 * 40);
    dgts_destroy(s);
}

/* Mirai sources per country, now and the 5 minutes before: JP rises, CN holds. */
static void test_tool_countries(void)
{
    dgts *s = dgts_create();
    double t = T0;
    for (int m = 0; m < 10; m++) /* 10 CN hosts every minute for 10 minutes */
        for (int h = 0; h < 10; h++) {
            dg_event e = mirai_ev(t = T0 + m * 60 + h, 0x01000000u + (uint32_t)h);
            memcpy(e.cc, "CN", 3);
            add_one(s, e);
        }
    for (int h = 0; h < 200; h++) /* then 200 JP hosts in the last minute */
        add_one(s, mirai_ev(t = T0 + 9 * 60 + 20 + h * 0.1, 0x3d000000u + (uint32_t)h));
    dg_event zmap = ev(t + 0.1, DG_PROTO_TCP, 80, "US");
    zmap.tools = DG_TOOL_ZMAP;
    add_one(s, zmap);
    dgts_view v;
    dgts_read(s, &v);
    CHECK_EQ_INT(v.n_tool_cc[0], 2);
    CHECK_STR_EQ(v.tool_cc[0][0].cc, "JP");
    CHECK_EQ_INT(v.tool_cc[0][0].now, 200);
    CHECK_EQ_INT(v.tool_cc[0][0].prev, 0);
    CHECK_STR_EQ(v.tool_cc[0][1].cc, "CN");
    CHECK_EQ_INT(v.tool_cc[0][1].now, 10);
    CHECK_EQ_INT(v.tool_cc[0][1].prev, 10);
    CHECK_EQ_INT(v.tool_tbl_now[0], 210);
    CHECK(!v.tool_trend_valid); /* 9.5 minutes seen: the trend would only show the start-up */
    CHECK_EQ_INT(v.n_tool_cc[2], 1);
    CHECK_STR_EQ(v.tool_cc[2][0].cc, "US");
    CHECK_EQ_INT(v.n_tool_cc[1], 0);
    /* ten quiet minutes later nobody is left */
    dgts_advance(s, t + 600);
    dgts_read(s, &v);
    CHECK(v.tool_trend_valid);
    CHECK_EQ_INT(v.n_tool_cc[0], 0);
    CHECK_EQ_INT(v.tool_tbl_prev[0], 0);
    dgts_destroy(s);
}

static void test_window_names(void)
{
    enum dgts_window w;
    CHECK(dgts_window_parse("10m", &w) && w == DGTS_W_10M);
    CHECK(dgts_window_parse("all", &w) && w == DGTS_W_ALL);
    CHECK(!dgts_window_parse("5m", &w));
    CHECK_STR_EQ(dgts_window_caption(DGTS_W_1H), "LAST 1 HOUR");
    CHECK_EQ_INT(dgts_trend_of(10, 10, 10, 50), DGTS_RISING);
    CHECK_EQ_INT(dgts_trend_of(2, 10, 50, 50), DGTS_FALLING);
    CHECK_EQ_INT(dgts_trend_of(10, 10, 50, 50), DGTS_STEADY);
    CHECK_EQ_INT(dgts_trend_of(1, 10, 0, 50), DGTS_STEADY); /* too few packets to tell */
    CHECK_EQ_INT(dgts_trend_of(10, 10, 0, 0), DGTS_STEADY); /* nothing before to compare */
}

int main(void)
{
    test_window_tops();
    test_window_scan();
    test_tool_countries();
    test_window_names();
    test_windows();
    test_rate_whole_seconds();
    test_wrap_and_gaps();
    test_disorder_and_seek();
    test_interleaved_sensors();
    test_top_ports();
    test_countries();
    test_mirai();
    test_bounds_and_cost();
    return check_report();
}
