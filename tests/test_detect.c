/* test_detect.c - each detector fires on a constructed incident and stays silent on steady
 * traffic of the same volume; feed-time behaviour; bounded memory under floods. */
#include "detect.h"
#include "check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#define MAX_EV 400000

typedef struct sink {
    int n[4]; /* watchlist, port-surge, mirai-surge, new-port */
    dg_alert last[4];
    uint64_t wl_count; /* sum of watchlist alert counts */
    int total;
} sink;

static const char *const kinds[] = {"watchlist", "port-surge", "mirai-surge", "new-port"};

static void on_alert(const dg_alert *a, void *user)
{
    sink *s = user;
    s->total++;
    for (int k = 0; k < 4; k++) {
        if (strcmp(a->kind, kinds[k]) != 0) continue;
        s->n[k]++;
        s->last[k] = *a;
        if (k == 0) s->wl_count += a->count;
    }
}

static uint64_t rng_state = 88172645463325252ull;
static uint32_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state >> 11);
}

static dg_event *evs;
static size_t nev;

static dg_event *add(double ts, uint32_t src4, uint16_t dport, uint8_t proto)
{
    if (nev >= MAX_EV) {
        fprintf(stderr, "test event buffer full\n");
        exit(2);
    }
    dg_event *e = &evs[nev++];
    *e = (dg_event){.ts = ts, .dport = dport, .proto = proto, .ip_ver = 4, .sensor = 0};
    e->src[0] = src4 >> 24, e->src[1] = src4 >> 16, e->src[2] = src4 >> 8, e->src[3] = src4;
    e->cls = proto == DG_PROTO_TCP ? DG_CLS_SYN : DG_CLS_UDP;
    e->sport = 40000;
    return e;
}

static int cmp_ts(const void *a, const void *b)
{
    double x = ((const dg_event *)a)->ts, y = ((const dg_event *)b)->ts;
    return x < y ? -1 : x > y;
}

/* Runs the events (sorted by time) through a fresh detector in batches of `batch`. */
static sink run(const dgwl_list *wl, size_t batch)
{
    qsort(evs, nev, sizeof *evs, cmp_ts);
    dgd_config c;
    dgd_config_defaults(&c);
    sink s = {0};
    char err[128];
    dgd_detector *d = dgd_create(&c, wl, on_alert, &s, err, sizeof err);
    CHECK(d != NULL);
    if (!d) return s;
    for (size_t i = 0; i < nev; i += batch)
        dgd_process(d, evs + i, nev - i < batch ? nev - i : batch);
    dgd_flush(d);
    dgd_destroy(d);
    return s;
}

#define T0 1509408000.0 /* 2017-10-31 00:00 UTC */

/* Background: ~20 pkt/s on 445/tcp, ~5 pkt/s on 23/tcp, 2 pkt/s of UDP 53, random sources. */
static void background(double secs)
{
    for (int t = 0; t < secs; t++) {
        int n445 = 15 + rnd() % 11, n23 = 3 + rnd() % 5;
        for (int i = 0; i < n445; i++)
            add(T0 + t + (rnd() % 1000) / 1000.0, rnd(), 445, 6);
        for (int i = 0; i < n23; i++)
            add(T0 + t + (rnd() % 1000) / 1000.0, rnd(), 23, 6);
        for (int i = 0; i < 2; i++)
            add(T0 + t + (rnd() % 1000) / 1000.0, rnd(), 53, 17);
    }
}

/* 23/tcp jumps to 100 pkt/s for 20 s at t=1500 (surge), or the same 2000 extra packets are
 * spread evenly over the hour (steady). */
static void test_port_surge(bool surge)
{
    nev = 0;
    background(3600);
    for (int i = 0; i < 2000; i++) {
        double ts = surge ? T0 + 1500 + i / 100.0 : T0 + i * 1.8;
        add(ts, rnd(), 23, 6);
    }
    sink s = run(NULL, 1000);
    CHECK_EQ_INT(s.n[1], surge ? 1 : 0);
    if (surge) {
        CHECK_EQ_INT(s.last[1].dport, 23);
        CHECK_EQ_INT(s.last[1].proto, 6);
        CHECK_STR_EQ(s.last[1].title, "Surge on 23/tcp");
        CHECK(s.last[1].ts_ns >= (uint64_t)((T0 + 1500) * 1e9));
        CHECK(s.last[1].ts_ns < (uint64_t)((T0 + 1511) * 1e9)); /* raised live, in-window */
    }
    CHECK_EQ_INT(s.n[2] + s.n[3], 0);
}

/* Backscatter on one port is not a service surge (its ports are the victims'). */
static void test_backscatter_ignored(void)
{
    nev = 0;
    background(1200);
    for (int i = 0; i < 5000; i++)
        add(T0 + 900 + i / 500.0, rnd(), 8080, 6)->cls = DG_CLS_SYNACK;
    sink s = run(NULL, 512);
    CHECK_EQ_INT(s.n[1], 0);
}

/* Mirai-fingerprinted 23/tcp: steady pools of 40 JP bots (1 pkt/s in all) and 60 CN bots
 * (1 pkt/s). Surge: 300 new JP bots over two minutes from t=2400. Steady: the same packets
 * come from the existing JP pool, so the packet volume is equal but the distinct count is not. */
static void mirai_pkt(double ts, uint32_t src, const char *cc)
{
    dg_event *e = add(ts, src, rnd() % 10 ? 23 : 2323, 6);
    e->flags = DGE_MIRAI | DGE_SRC_PLACED;
    memcpy(e->cc, cc, 3);
}

static void test_mirai(bool surge)
{
    nev = 0;
    background(3600);
    for (int t = 0; t < 3600; t++) {
        mirai_pkt(T0 + t, 0x0A000000u + rnd() % 40, "JP");
        mirai_pkt(T0 + t + 0.5, 0x0B000000u + rnd() % 60, "CN");
    }
    for (int i = 0; i < 300; i++) {
        uint32_t src = surge ? 0x0C000000u + (uint32_t)i : 0x0A000000u + rnd() % 40;
        mirai_pkt(T0 + 2400 + i * 0.4, src, "JP");
    }
    sink s = run(NULL, 777);
    CHECK_EQ_INT(s.n[2], surge ? 1 : 0);
    if (surge) {
        CHECK_STR_EQ(s.last[2].org, "JP");
        CHECK_STR_EQ(s.last[2].title, "Mirai-family surge from JP");
        CHECK_EQ_INT(s.last[2].dport, 23);
        CHECK_EQ_INT(s.last[2].severity, DG_SEV_HIGH);
        CHECK(s.last[2].ts_ns < (uint64_t)((T0 + 2460) * 1e9));
    }
}

/* 52869/tcp: quiet, then 40 distinct sources within 30 s (surge), or the same 40 packets
 * from 40 sources spread over the hour (steady). A horizontal port scanner and 445/tcp with
 * hundreds of sources per minute must never count as new. */
static void test_new_port(bool surge)
{
    nev = 0;
    background(3600);
    for (int t = 0; t < 3600; t++)
        add(T0 + t + 0.25, 0xC6336401u, (uint16_t)(1024 + rnd() % 64000), 6);
    for (int i = 0; i < 40; i++) {
        double ts = surge ? T0 + 1800 + i * 0.75 : T0 + i * 90.0;
        add(ts, 0x0D000000u + (uint32_t)i * 7919, 52869, 6);
    }
    sink s = run(NULL, 4096);
    CHECK_EQ_INT(s.n[3], surge ? 1 : 0);
    if (surge) {
        CHECK_EQ_INT(s.last[3].dport, 52869);
        CHECK_STR_EQ(s.last[3].title, "New port 52869/tcp draws many sources");
        CHECK(s.last[3].ts_ns < (uint64_t)((T0 + 1830) * 1e9));
    }
    CHECK_EQ_INT(s.n[1], 0);
}

/* A listed host alerts at once, then once per hour with the packets since; IPv6 too. */
static void test_watchlist(const dgwl_list *wl)
{
    nev = 0;
    for (int i = 0; i < 10; i++)
        add(T0 + i, 0xC0000205u, 23, 6); /* 192.0.2.5 */
    for (int i = 0; i < 5; i++)
        add(T0 + 100 + i, 0xC0000205u, 2323, 6);
    add(T0 + 3700, 0xC0000205u, 445, 6);  /* the hour ended at 3600: 14 reported then */
    add(T0 + 3800, 0xC0000205u, 445, 6);  /* 2 pending, reported by the flush */
    add(T0 + 50, 0xC6336401u, 23, 6);     /* 198.51.100.1: not listed */
    dg_event *e = add(T0 + 60, 0, 80, 6); /* 2001:db8:1::9 */
    e->ip_ver = 6;
    memset(e->src, 0, 16);
    e->src[0] = 0x20, e->src[1] = 0x01, e->src[2] = 0x0d, e->src[3] = 0xb8, e->src[5] = 1;
    e->src[15] = 9;
    e->flags = DGE_SRC_PLACED;
    e->src_lat = 35.7f, e->src_lon = 139.7f;
    sink s = run(wl, 3);
    CHECK_EQ_INT(s.n[0], 4); /* v4: first, hourly, flush; v6: first; none for 198.51.100.1 */
    CHECK_EQ_INT(s.wl_count, 18);
    CHECK_EQ_INT(s.total, 4);

    nev = 0;
    add(T0, 0xC0000205u, 23, 6)->flags = DGE_SRC_PLACED;
    evs[0].src_lat = -33.9f, evs[0].src_lon = 151.2f;
    s = run(wl, 1);
    CHECK_EQ_INT(s.n[0], 1);
    CHECK_STR_EQ(s.last[0].org, "Example Org");
    CHECK_STR_EQ(s.last[0].src, "192.0.2.5");
    CHECK_STR_EQ(s.last[0].title, "Scanning host in Example Org");
    CHECK(strstr(s.last[0].detail, "(in 192.0.2.0/24)") != NULL);
    CHECK_EQ_INT(s.last[0].count, 1);
    CHECK(s.last[0].has_loc);
    CHECK_NEAR(s.last[0].lat, -33.9, 1e-4);
    CHECK_EQ_INT(s.last[0].severity, DG_SEV_HIGH);
}

/* Same input, different batch sizes: identical alerts (only feed time matters). */
static void test_batch_invariance(void)
{
    nev = 0;
    background(2400);
    for (int i = 0; i < 1500; i++)
        add(T0 + 1500 + i / 100.0, rnd(), 23, 6);
    sink a = run(NULL, 1), b = run(NULL, 100000);
    CHECK_EQ_INT(a.total, b.total);
    CHECK(a.total > 0);
    CHECK(memcmp(&a.last[1], &b.last[1], sizeof a.last[1]) == 0);
}

/* Bad timestamps are counted and do not move feed time; late events count in the window. */
static void test_time(void)
{
    dgd_config c;
    dgd_config_defaults(&c);
    sink s = {0};
    dgd_detector *d = dgd_create(&c, NULL, on_alert, &s, NULL, 0);
    dg_event e[4] = {{.ts = T0, .ip_ver = 4, .proto = 6, .cls = DG_CLS_SYN, .dport = 1},
                     {.ts = 0.0 / 0.0, .ip_ver = 4},
                     {.ts = 1e12, .ip_ver = 4},
                     {.ts = T0 - 100, .ip_ver = 4}};
    dgd_process(d, e, 4);
    dgd_counters n = dgd_get_counters(d);
    CHECK_EQ_INT(n.events, 4);
    CHECK_EQ_INT(n.bad_ts, 2);
    CHECK_EQ_INT(n.late_events, 1);
    dgd_advance(d, T0 + 86400 * 30); /* a month of silence closes quickly and safely */
    dgd_process(d, e, 1);
    CHECK_EQ_INT(dgd_get_counters(d).late_events, 2);
    dgd_destroy(d);
}

static void test_config(void)
{
    dgd_config c;
    dgd_config_defaults(&c);
    char err[128] = "";
    c.newport_min_sources = 65; /* more sources than a candidate holds */
    CHECK(dgd_create(&c, NULL, NULL, NULL, err, sizeof err) == NULL);
    CHECK(strstr(err, "newport_min_sources") != NULL);
}

static long max_rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

/* A flood of a million distinct sources (listed, Mirai-fingerprinted, to random ports):
 * nothing grows, watchlist packet counts survive eviction. */
static void test_flood(const dgwl_list *wl)
{
    dgd_config c;
    dgd_config_defaults(&c);
    sink s = {0};
    dgd_detector *d = dgd_create(&c, wl, on_alert, &s, NULL, 0);
    size_t mem = dgd_memory(d);
    CHECK(mem < 16u << 20);
    long rss0 = max_rss_kb();
    dg_event batch[1024];
    uint64_t listed = 0;
    for (uint32_t i = 0; i < 1000000; i++) {
        dg_event *e = &batch[i % 1024];
        uint32_t a = 0x0A000000u + i * 13; /* 10/8: listed below */
        *e = (dg_event){.ts = T0 + i * 0.001,
                        .ip_ver = 4,
                        .proto = 6,
                        .cls = DG_CLS_SYN,
                        .dport = (uint16_t)rnd(),
                        .flags = DGE_MIRAI};
        e->src[0] = a >> 24, e->src[1] = a >> 16, e->src[2] = a >> 8, e->src[3] = a;
        e->cc[0] = 'A' + rnd() % 26, e->cc[1] = 'A' + rnd() % 26;
        listed++;
        if (i % 1024 == 1023) dgd_process(d, batch, 1024);
    }
    dgd_process(d, batch, 1000000 % 1024);
    dgd_flush(d);
    CHECK_EQ_INT(dgd_memory(d), mem);
#ifndef __SANITIZE_ADDRESS__ /* ASan's quarantine and shadow memory are not ours to count */
    CHECK(max_rss_kb() - rss0 < 2048);
#else
    (void)rss0;
#endif
    CHECK(dgd_get_counters(d).wl_evictions > 0);
    CHECK_EQ_INT(s.wl_count, listed);
    dgd_destroy(d);
}

int main(void)
{
    evs = malloc(MAX_EV * sizeof *evs);
    char err[256];
    const char *wltext = "Example Org = 192.0.2.0/24, 2001:db8:1::/48\nTen = 10.0.0.0/8\n";
    dgwl_list *wl = dgwl_parse(wltext, strlen(wltext), "test", err, sizeof err);
    CHECK(wl != NULL);
    test_port_surge(true);
    test_port_surge(false);
    test_backscatter_ignored();
    test_mirai(true);
    test_mirai(false);
    test_new_port(true);
    test_new_port(false);
    test_watchlist(wl);
    test_batch_invariance();
    test_time();
    test_config();
    test_flood(wl);
    dgwl_free(wl);
    free(evs);
    return check_report();
}
