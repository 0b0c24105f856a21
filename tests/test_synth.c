/* test_synth.c - properties of the synthetic darknet source (synth.c): port mix, Mirai
 * fingerprint, persistent hosts with turnover, determinism, rate, address hygiene, sensors,
 * the mirai-2017-jp scenario and generation speed. */
#include "check.h"
#include "source_kinds.h"
#include "synth.h"

#include <stdlib.h>
#include <time.h>

#define START_NS 1500000000000000000ull

static uint32_t v4(const uint8_t *a)
{
    return (uint32_t)a[0] << 24 | (uint32_t)a[1] << 16 | (uint32_t)a[2] << 8 | a[3];
}

static bool in_prefix(uint32_t a, uint32_t base, int prefix)
{
    uint32_t mask = prefix ? ~0u << (32 - prefix) : 0;
    return (a & mask) == (base & mask);
}

#define IP4(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (d))

static bool is_bogon(uint32_t a)
{
    static const struct {
        uint32_t base;
        int prefix;
    } bogons[] = {
        {IP4(0, 0, 0, 0), 8},     {IP4(10, 0, 0, 0), 8},      {IP4(100, 64, 0, 0), 10},
        {IP4(127, 0, 0, 0), 8},   {IP4(169, 254, 0, 0), 16},  {IP4(172, 16, 0, 0), 12},
        {IP4(192, 0, 0, 0), 24},  {IP4(192, 0, 2, 0), 24},    {IP4(192, 168, 0, 0), 16},
        {IP4(198, 18, 0, 0), 15}, {IP4(198, 51, 100, 0), 24}, {IP4(203, 0, 113, 0), 24},
        {IP4(224, 0, 0, 0), 4},   {IP4(240, 0, 0, 0), 4},
    };
    for (size_t i = 0; i < sizeof bogons / sizeof bogons[0]; i++)
        if (in_prefix(a, bogons[i].base, bogons[i].prefix)) return true;
    return false;
}

static bool is_jp(uint32_t a)
{
    return in_prefix(a, IP4(126, 0, 0, 0), 8) || in_prefix(a, IP4(153, 128, 0, 0), 9) ||
           in_prefix(a, IP4(210, 128, 0, 0), 11) || in_prefix(a, IP4(211, 0, 0, 0), 12) ||
           in_prefix(a, IP4(220, 96, 0, 0), 11) || in_prefix(a, IP4(202, 208, 0, 0), 12);
}

static dgsyn_config config(double rate, uint64_t count, uint64_t seed)
{
    dgsyn_config c = {.rate = rate, .seed = seed, .count = count, .start_ns = START_NS};
    return c;
}

/* Reads the whole source into a new array; *n receives the count. */
static dg_record *drain(dg_source *s, size_t cap, size_t *n)
{
    dg_record *r = malloc(sizeof(dg_record) * cap);
    *n = 0;
    for (;;) {
        size_t want = cap - *n < 1000 ? cap - *n : 1000;
        if (!want) break;
        int got = s->next(s, r + *n, want);
        if (got <= 0) break;
        *n += (size_t)got;
    }
    return r;
}

static dg_record *generate(const dgsyn_config *c, size_t *n)
{
    char err[256] = "";
    dg_source *s = dgsrc_synthetic(c, err, sizeof err);
    CHECK(s != NULL);
    if (!s) {
        fprintf(stderr, "%s\n", err);
        exit(1);
    }
    dg_record *r = drain(s, c->count + 10, n);
    s->close(s);
    return r;
}

/* Packet share of one protocol/port, and whether it is the largest of all. */
static void test_port_mix(void)
{
    dgsyn_config c = config(10000, 200000, 1);
    size_t n;
    dg_record *r = generate(&c, &n);
    CHECK_EQ_INT(n, 200000);
    static uint32_t tcp[65536], udp[65536];
    size_t icmp = 0, v6 = 0, synack = 0, rst = 0;
    for (size_t i = 0; i < n; i++) {
        if (r[i].ip_ver == 6) v6++;
        if (r[i].proto == DG_PROTO_TCP && r[i].flags == DG_TCP_SYN) tcp[r[i].dport]++;
        if (r[i].proto == DG_PROTO_TCP && r[i].flags == (DG_TCP_SYN | DG_TCP_ACK)) synack++;
        if (r[i].proto == DG_PROTO_TCP && (r[i].flags & DG_TCP_RST)) rst++;
        if (r[i].proto == DG_PROTO_UDP) udp[r[i].dport]++;
        if (r[i].proto == DG_PROTO_ICMP) icmp++;
    }
    double telnet = (double)tcp[23] / n;
    printf("23/tcp %.3f 2323 %.3f 22 %.3f 445 %.3f 80 %.3f udp53 %.3f icmp %.3f v6 %.3f "
           "synack %.3f rst %.3f\n",
           telnet, (double)tcp[2323] / n, (double)tcp[22] / n, (double)tcp[445] / n,
           (double)tcp[80] / n, (double)udp[53] / n, (double)icmp / n, (double)v6 / n,
           (double)synack / n, (double)rst / n);
    CHECK(telnet > 0.40 && telnet < 0.62);
    for (int p = 0; p < 65536; p++) {
        if (p != 23) CHECK(tcp[p] < tcp[23]);
        CHECK(udp[p] < tcp[23]);
    }
    CHECK(tcp[52869] == 0); /* silent until the scenario's exploitation */
    int ports[] = {2323, 22, 445, 80, 8080, 3389, 5555, 81, 1433};
    for (size_t k = 0; k < sizeof ports / sizeof ports[0]; k++)
        CHECK(tcp[ports[k]] > 50);
    int uports[] = {53, 123, 1900, 5060};
    for (size_t k = 0; k < 4; k++)
        CHECK(udp[uports[k]] > 100);
    CHECK((double)icmp / n > 0.02);
    CHECK((double)v6 / n > 0.01 && (double)v6 / n < 0.06);
    CHECK(synack > 1000 && rst > 200);
    free(r);
}

static void test_mirai(void)
{
    dgsyn_config c = config(5000, 150000, 2);
    size_t n, mirai = 0, m23 = 0, m2323 = 0, bad = 0;
    dg_record *r = generate(&c, &n);
    for (size_t i = 0; i < n; i++) {
        if (!dg_record_is_mirai(&r[i])) continue;
        mirai++;
        m23 += r[i].dport == 23;
        m2323 += r[i].dport == 2323;
        if (r[i].ttl != 64 || r[i].sport < 1024 || r[i].seq != v4(r[i].dst)) bad++;
        if (r[i].dport != 23 && r[i].dport != 2323) bad++;
    }
    printf("mirai share %.3f, 23:2323 = %.1f\n", (double)mirai / n, (double)m23 / m2323);
    CHECK((double)mirai / n > 0.35 && (double)mirai / n < 0.6);
    CHECK_EQ_INT(bad, 0);
    CHECK((double)m23 / m2323 > 7.5 && (double)m23 / m2323 < 11);
    /* Non-Mirai SYNs must not carry the fingerprint by construction (chance is 2^-32). */
    size_t syn = 0;
    for (size_t i = 0; i < n; i++)
        if (r[i].proto == DG_PROTO_TCP && r[i].flags == DG_TCP_SYN && r[i].ttl != 64) syn++;
    CHECK(syn > 10000);
    free(r);
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* Distinct IPv4 sources in r[lo..hi) into a sorted new array. */
static uint32_t *sources(const dg_record *r, size_t lo, size_t hi, size_t *n)
{
    uint32_t *a = malloc(sizeof(uint32_t) * (hi - lo + 1));
    size_t k = 0;
    for (size_t i = lo; i < hi; i++)
        if (r[i].ip_ver == 4) a[k++] = v4(r[i].src);
    qsort(a, k, sizeof *a, cmp_u32);
    size_t u = 0;
    for (size_t i = 0; i < k; i++)
        if (!u || a[u - 1] != a[i]) a[u++] = a[i];
    *n = u;
    return a;
}

/* Zipf-like activity: a few heavy hosts that persist for minutes, a long tail, turnover. */
static void test_hosts(void)
{
    dgsyn_config c = config(1000, 600000, 3); /* ten minutes of source time */
    size_t n, nu;
    dg_record *r = generate(&c, &n);
    uint32_t *u = sources(r, 0, n, &nu);
    uint32_t *cnt = calloc(nu, sizeof *cnt);
    uint64_t *first = calloc(nu, sizeof *first), *last = calloc(nu, sizeof *last);
    for (size_t i = 0; i < n; i++) {
        if (r[i].ip_ver != 4) continue;
        uint32_t key = v4(r[i].src);
        uint32_t *hit = bsearch(&key, u, nu, sizeof *u, cmp_u32);
        size_t k = (size_t)(hit - u);
        if (!cnt[k]++) first[k] = r[i].ts_ns;
        last[k] = r[i].ts_ns;
    }
    size_t heavy = 0, single = 0, max = 0, long_lived = 0;
    for (size_t k = 0; k < nu; k++) {
        if (cnt[k] > max) max = cnt[k];
        if (cnt[k] >= 1000) heavy++;
        if (cnt[k] <= 2) single++;
        if (cnt[k] >= 100 && last[k] - first[k] > 120000000000ull) long_lived++;
    }
    printf("sources %zu, max %zu pkts, heavy %zu, <=2 pkts %zu, long-lived %zu\n", nu, max, heavy,
           single, long_lived);
    CHECK(nu > 3000);
    CHECK(heavy >= 3 && max > 5000);
    CHECK(single > nu / 10);
    CHECK(long_lived > 20);
    /* Turnover: many sources of the last minute were not active in the first. */
    size_t na, nb, fresh = 0;
    uint32_t *a = sources(r, 0, 60000, &na), *b = sources(r, n - 60000, n, &nb);
    for (size_t k = 0; k < nb; k++)
        if (!bsearch(&b[k], a, na, sizeof *a, cmp_u32)) fresh++;
    printf("last-minute sources %zu, new since the first minute %zu\n", nb, fresh);
    CHECK(fresh > nb / 5 && fresh < nb);
    free(a);
    free(b);
    free(u);
    free(cnt);
    free(first);
    free(last);
    free(r);
}

static void test_determinism_and_rate(void)
{
    dgsyn_config c = config(2500, 50000, 42);
    size_t n1, n2, n3;
    dg_record *a = generate(&c, &n1), *b = generate(&c, &n2);
    c.seed = 43;
    dg_record *d = generate(&c, &n3);
    CHECK_EQ_INT(n1, 50000);
    CHECK(n1 == n2 && memcmp(a, b, sizeof(dg_record) * n1) == 0);
    CHECK(memcmp(a, d, sizeof(dg_record) * n1) != 0);
    size_t disorder = 0;
    for (size_t i = 1; i < n1; i++)
        disorder += a[i].ts_ns < a[i - 1].ts_ns;
    CHECK_EQ_INT(disorder, 0);
    CHECK(a[0].ts_ns >= START_NS && a[0].ts_ns < START_NS + 400000);
    /* 50000 records at 2500/s span 20 s within one period. */
    CHECK_NEAR((double)(a[n1 - 1].ts_ns - START_NS) / 1e9, 20.0, 0.0005);
    free(a);
    free(b);
    free(d);

    dgsyn_config dur = config(1000, 0, 5);
    dur.duration = 3.0;
    char err[128];
    dg_source *s = dgsrc_synthetic(&dur, err, sizeof err);
    size_t nd;
    dg_record *e = drain(s, 10000, &nd);
    s->close(s);
    CHECK_EQ_INT(nd, 3000);
    CHECK(e[nd - 1].ts_ns < START_NS + 3000000000ull);
    free(e);
}

static void test_rewind(void)
{
    dgsyn_config c = config(1000, 5000, 9);
    char err[128];
    dg_source *s = dgsrc_synthetic(&c, err, sizeof err);
    size_t n1, n2;
    dg_record *a = drain(s, 6000, &n1);
    CHECK(s->rewind(s));
    dg_record *b = drain(s, 6000, &n2);
    CHECK(n1 == 5000 && n2 == 5000 && memcmp(a, b, sizeof(dg_record) * n1) == 0);
    s->close(s);
    free(a);
    free(b);
}

/* Sources are allocated public space; destinations lie in the darknet; sensors by CIDR. */
static void test_addresses_and_sensors(void)
{
    dgsyn_config c = config(10000, 100000, 7);
    char err[128];
    dg_source *s = dgsrc_synthetic(&c, err, sizeof err);
    CHECK_EQ_INT(s->sensors.count, 3);
    CHECK_STR_EQ(s->sensors.name[0], "tokyo");
    CHECK_STR_EQ(s->sensors.name[1], "okinawa");
    CHECK_STR_EQ(s->sensors.name[2], "sapporo");
    size_t n;
    dg_record *r = drain(s, 100000, &n);
    s->close(s);
    dgs_table defaults = {0};
    dgs_add_defaults(&defaults);
    size_t bogon = 0, outside = 0, wrong_sensor = 0, per_sensor[3] = {0}, v6_outside = 0;
    for (size_t i = 0; i < n; i++) {
        if (r[i].ip_ver == 4) {
            bogon += is_bogon(v4(r[i].src));
            outside += !in_prefix(v4(r[i].dst), IP4(203, 0, 113, 0), 24);
        } else {
            v6_outside += !(r[i].dst[0] == 0x20 && r[i].dst[1] == 0x01 && r[i].dst[2] == 0x0d &&
                            r[i].dst[3] == 0xb8);
            bogon += r[i].src[0] == 0x20 && r[i].src[1] == 0x01 && r[i].src[2] == 0x0d;
        }
        int m = dgs_match(&defaults, r[i].ip_ver, r[i].dst);
        wrong_sensor += r[i].sensor != (m < 0 ? (int)DG_SENSOR_NONE : m);
        if (r[i].sensor < 3) per_sensor[r[i].sensor]++;
    }
    CHECK_EQ_INT(bogon, 0);
    CHECK_EQ_INT(outside, 0);
    CHECK_EQ_INT(v6_outside, 0);
    CHECK_EQ_INT(wrong_sensor, 0);
    /* tokyo watches a /25, the others a /26 each. */
    CHECK(per_sensor[0] > per_sensor[1] * 1.7 && per_sensor[1] > 20000 && per_sensor[2] > 20000);
    free(r);

    /* A user darknet and user sensors. */
    snprintf(c.darknet, sizeof c.darknet, "198.51.100.0/22");
    dgs_table t = {0};
    CHECK(dgs_add_spec(&t, "east=10,20,198.51.102.0/23", err, sizeof err));
    s = dgsrc_synthetic_sensors(&c, &t, err, sizeof err);
    CHECK(s != NULL);
    CHECK_EQ_INT(s->sensors.count, 1);
    r = drain(s, 100000, &n);
    s->close(s);
    size_t east = 0, none = 0;
    outside = 0;
    for (size_t i = 0; i < n; i++) {
        if (r[i].ip_ver != 4) continue;
        uint32_t d = v4(r[i].dst);
        outside += !in_prefix(d, IP4(198, 51, 100, 0), 22);
        if (r[i].sensor == 0)
            east += in_prefix(d, IP4(198, 51, 102, 0), 23);
        else
            none += r[i].sensor == DG_SENSOR_NONE && !in_prefix(d, IP4(198, 51, 102, 0), 23);
    }
    CHECK_EQ_INT(outside, 0);
    CHECK(east > 40000 && none > 40000);
    free(r);
}

static void test_bad_config(void)
{
    char err[256] = "";
    dgsyn_config c = config(0, 10, 1);
    CHECK(dgsrc_synthetic(&c, err, sizeof err) == NULL && strstr(err, "rate"));
    c = config(100, 10, 1);
    snprintf(c.darknet, sizeof c.darknet, "300.1.2.0/24");
    err[0] = 0;
    CHECK(dgsrc_synthetic(&c, err, sizeof err) == NULL && strstr(err, "300.1.2.0/24"));
    c = config(100, 10, 1);
    c.scenario = "wannacry";
    err[0] = 0;
    CHECK(dgsrc_synthetic(&c, err, sizeof err) == NULL && strstr(err, "wannacry"));
}

/* Per 30-second window of the scenario: share of 52869 SYNs and Japanese Mirai sources, and
 * the timeline of docs/darkglobe-feed.md (background to 720 s, 52869 from 720 s, swelling
 * from 780 s, Japanese Mirai from 900 s). */
static void test_scenario(void)
{
    enum { W = 38, RATE = 500 };
    dgsyn_config c = config(RATE, RATE * 30 * W, 11);
    c.scenario = "mirai-2017-jp";
    size_t n;
    dg_record *r = generate(&c, &n);
    double exploit[W] = {0}, jp[W] = {0};
    size_t total[W] = {0}, first_ex = n;
    for (size_t i = 0; i < n; i++) {
        int w = (int)((r[i].ts_ns - START_NS) / 30000000000ull);
        if (w >= W) continue;
        total[w]++;
        bool ex = r[i].proto == DG_PROTO_TCP && r[i].dport == 52869;
        if (ex && first_ex == n) first_ex = i;
        exploit[w] += ex;
        jp[w] += dg_record_is_mirai(&r[i]) && is_jp(v4(r[i].src));
    }
    for (int w = 0; w < W; w++) {
        exploit[w] /= total[w];
        jp[w] /= total[w];
        printf("%4d s: 52869 %.4f, JP Mirai %.3f\n", w * 30, exploit[w], jp[w]);
    }
    for (int w = 0; w < 24; w++)
        CHECK(exploit[w] == 0 && jp[w] < 0.03);
    CHECK(exploit[24] > 0.001 && exploit[25] < 0.01);
    CHECK(exploit[28] > 0.15 && exploit[31] > 0.15 && exploit[35] < 0.05);
    CHECK(jp[29] < 0.03 && jp[34] > 0.35 && jp[37] > 0.4);
    /* The exploitation starts from many hosts at once: its first 30 packets, 30 sources. */
    dg_record ex[30] = {{0}};
    size_t nex = 0, nu;
    for (size_t i = first_ex; i < n && nex < 30; i++)
        if (r[i].proto == DG_PROTO_TCP && r[i].dport == 52869) ex[nex++] = r[i];
    uint32_t *u = sources(ex, 0, nex, &nu);
    printf("distinct sources of the first %zu 52869 packets: %zu\n", nex, nu);
    CHECK(nex == 30 && nu >= 25);
    free(u);
    /* The JP Mirai population rises: many distinct JP sources at the end. */
    size_t lo = n - RATE * 10, jpn = 0;
    u = sources(r, lo, n, &nu);
    for (size_t k = 0; k < nu; k++)
        jpn += is_jp(u[k]);
    printf("distinct JP sources in the last 10 s: %zu\n", jpn);
    CHECK(jpn > 500);
    free(u);
    free(r);
}

static void test_speed(void)
{
    dgsyn_config c = config(1e6, 0, 1);
    char err[128];
    dg_source *s = dgsrc_synthetic(&c, err, sizeof err);
    static dg_record buf[4096];
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    size_t total = 0;
    for (int k = 0; k < 1000; k++)
        total += (size_t)s->next(s, buf, 4096);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf("generation: %.1f M records/s\n", total / secs / 1e6);
    CHECK_EQ_INT(total, 4096000);
#if !defined(__SANITIZE_ADDRESS__) && !defined(__OPTIMIZE_SIZE__) && defined(__OPTIMIZE__)
    CHECK(total / secs > 1e6); /* the target is > 5M/s; 1M leaves room for a busy machine */
#endif
    s->close(s);
}

int main(void)
{
    test_port_mix();
    test_mirai();
    test_hosts();
    test_determinism_and_rate();
    test_rewind();
    test_addresses_and_sensors();
    test_bad_config();
    test_scenario();
    test_speed();
    return check_report();
}
