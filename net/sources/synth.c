/* synth.c - the synthetic darknet: a deterministic, cheap model of what a network telescope
 * sees (persistent Zipf-active scanners with turnover, Mirai-fingerprinted telnet scans,
 * a realistic port mix, DDoS backscatter, some IPv6) plus the "mirai-2017-jp" scenario.
 * Threads: a source is used by the thread that opened it. See docs/darkglobe-feed.md. */
#include "synth.h"
#include "addr.h"
#include "bytes.h"
#include "fingerprint.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- PRNG: xoshiro256** seeded by splitmix64, so every seed gives one fixed stream. ---- */

typedef struct rng {
    uint64_t s[4];
} rng;

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static void rng_seed(rng *r, uint64_t seed)
{
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&seed);
}

static inline uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static inline uint64_t rng_next(rng *r)
{
    uint64_t *s = r->s;
    uint64_t out = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return out;
}

/* Uniform in [0, n) by multiply-shift; the bias (n / 2^32) is irrelevant here. */
static inline uint32_t rng_below(rng *r, uint32_t n)
{
    return (uint32_t)(((rng_next(r) >> 32) * n) >> 32);
}

/* ---- Weighted tables ---- */

typedef struct weighted {
    uint32_t value;
    uint32_t weight;
} weighted;

static uint32_t pick_weighted(rng *r, const weighted *w, size_t n)
{
    uint32_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += w[i].weight;
    uint32_t x = rng_below(r, total);
    for (size_t i = 0; i < n; i++) {
        if (x < w[i].weight) return w[i].value;
        x -= w[i].weight;
    }
    return w[n - 1].value;
}

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define IP4(a, b, c, d) (((uint32_t)(a) << 24) | ((uint32_t)(b) << 16) | ((c) << 8) | (d))

/* Real-world allocated blocks per country (RIR allocations of large access networks and
 * hosters), so sources geolocate all over the world; no private, reserved or bogon space. */
typedef struct block4 {
    char cc[3];
    uint32_t base;
    uint8_t prefix;
} block4;

static const block4 blocks4[] = {
    {"CN", IP4(36, 96, 0, 0), 11},   {"CN", IP4(58, 16, 0, 0), 13},
    {"CN", IP4(60, 160, 0, 0), 11},  {"CN", IP4(61, 128, 0, 0), 10},
    {"CN", IP4(111, 0, 0, 0), 10},   {"CN", IP4(114, 216, 0, 0), 13},
    {"CN", IP4(115, 192, 0, 0), 11}, {"CN", IP4(120, 192, 0, 0), 10},
    {"CN", IP4(123, 160, 0, 0), 12}, {"CN", IP4(125, 64, 0, 0), 11},
    {"CN", IP4(180, 96, 0, 0), 11},  {"CN", IP4(183, 0, 0, 0), 10},
    {"CN", IP4(222, 160, 0, 0), 14}, {"CN", IP4(223, 64, 0, 0), 11},
    {"US", IP4(3, 0, 0, 0), 9},      {"US", IP4(24, 0, 0, 0), 12},
    {"US", IP4(45, 33, 0, 0), 16},   {"US", IP4(67, 160, 0, 0), 11},
    {"US", IP4(73, 0, 0, 0), 8},     {"US", IP4(76, 96, 0, 0), 11},
    {"US", IP4(107, 170, 0, 0), 16}, {"US", IP4(162, 243, 0, 0), 16},
    {"US", IP4(165, 227, 0, 0), 16}, {"US", IP4(198, 199, 64, 0), 18},
    {"BR", IP4(177, 0, 0, 0), 8},    {"BR", IP4(179, 96, 0, 0), 12},
    {"BR", IP4(189, 0, 0, 0), 11},   {"BR", IP4(191, 176, 0, 0), 12},
    {"IN", IP4(49, 32, 0, 0), 11},   {"IN", IP4(117, 192, 0, 0), 10},
    {"IN", IP4(122, 160, 0, 0), 12}, {"IN", IP4(182, 64, 0, 0), 12},
    {"IN", IP4(223, 176, 0, 0), 12}, {"RU", IP4(5, 136, 0, 0), 13},
    {"RU", IP4(77, 34, 0, 0), 15},   {"RU", IP4(95, 24, 0, 0), 13},
    {"RU", IP4(213, 87, 0, 0), 16},  {"KR", IP4(112, 160, 0, 0), 11},
    {"KR", IP4(119, 192, 0, 0), 11}, {"KR", IP4(175, 192, 0, 0), 10},
    {"KR", IP4(211, 32, 0, 0), 11},  {"VN", IP4(14, 160, 0, 0), 11},
    {"VN", IP4(113, 160, 0, 0), 11}, {"VN", IP4(116, 96, 0, 0), 12},
    {"VN", IP4(171, 224, 0, 0), 11}, {"TW", IP4(1, 160, 0, 0), 12},
    {"TW", IP4(36, 224, 0, 0), 12},  {"TW", IP4(111, 240, 0, 0), 12},
    {"TW", IP4(220, 128, 0, 0), 12}, {"JP", IP4(126, 0, 0, 0), 8},
    {"JP", IP4(153, 128, 0, 0), 9},  {"JP", IP4(210, 128, 0, 0), 11},
    {"JP", IP4(211, 0, 0, 0), 12},   {"JP", IP4(220, 96, 0, 0), 11},
    {"JP", IP4(202, 208, 0, 0), 12}, {"DE", IP4(79, 192, 0, 0), 10},
    {"DE", IP4(84, 128, 0, 0), 10},  {"DE", IP4(91, 0, 0, 0), 10},
    {"DE", IP4(88, 198, 0, 0), 16},  {"EG", IP4(41, 32, 0, 0), 12},
    {"EG", IP4(156, 160, 0, 0), 11}, {"EG", IP4(197, 32, 0, 0), 11},
    {"ID", IP4(36, 64, 0, 0), 11},   {"TR", IP4(78, 160, 0, 0), 11},
    {"GB", IP4(86, 128, 0, 0), 10},  {"FR", IP4(90, 0, 0, 0), 9},
    {"TH", IP4(1, 0, 128, 0), 17},   {"MX", IP4(187, 128, 0, 0), 10},
};

/* Share of scanning sources per country (percent-ish weights). */
static const struct {
    char cc[3];
    uint32_t weight;
} country_weight[] = {
    {"CN", 24}, {"US", 14}, {"BR", 9}, {"IN", 7}, {"RU", 7}, {"KR", 5},
    {"VN", 6},  {"TW", 5},  {"JP", 3}, {"DE", 3}, {"EG", 3}, {"ID", 3},
    {"TR", 3},  {"GB", 2},  {"FR", 2}, {"TH", 2}, {"MX", 2},
};

typedef struct block6 {
    uint8_t prefix[6]; /* first 48 bits; the rest is random */
    uint8_t bits;      /* allocated prefix length (<= 48) */
} block6;

static const block6 blocks6[] = {
    {{0x24, 0x0e, 0, 0, 0, 0}, 20},       /* CN, China Telecom */
    {{0x2a, 0x01, 0x04, 0xf8, 0, 0}, 32}, /* DE, Hetzner */
    {{0x26, 0x04, 0xa8, 0x80, 0, 0}, 32}, /* US, DigitalOcean */
    {{0x20, 0x01, 0xb0, 0x00, 0, 0}, 20}, /* TW, HiNet */
    {{0x28, 0x04, 0, 0, 0, 0}, 16},       /* BR, LACNIC */
};

/* ---- Port mixes ---- */

/* No 52869 here: before the 2017 campaign that port was all but silent, which is what lets
 * the scenario's exploitation stand out as a new port. */

static const weighted scan_ports[] = {
    {23, 20},  {22, 14},   {445, 12}, {80, 9},   {8080, 7},  {3389, 6}, {5555, 4},
    {81, 3},   {1433, 3},  {443, 3},  {8443, 2}, {2323, 2},  {3306, 2}, {6379, 2},
    {5900, 2}, {37215, 2}, {7547, 2}, {8000, 1}, {8888, 1},  {21, 1},   {25, 1},
    {139, 1},  {9200, 1},  {2375, 1}, {5431, 1}, {60001, 1}, {110, 1},
};

static const weighted udp_ports[] = {
    {53, 25},  {123, 20},  {1900, 20}, {5060, 20}, {161, 8},  {137, 5},
    {5353, 4}, {11211, 3}, {500, 3},   {69, 2},    {1194, 2},
};

static const weighted victim_ports[] = {
    {80, 40}, {443, 30}, {53, 6}, {22, 6}, {27015, 6}, {25565, 6}, {3074, 3}, {8080, 3},
};

static const weighted v6_ports[] = {{22, 30}, {80, 20}, {443, 20}, {23, 15}, {3389, 5}, {0, 10}};

/* ---- Host pools ---- */

/* CAT_ONESHOT: a fresh source per packet - most darknet sources are seen once or twice. */
enum cat {
    CAT_MIRAI,
    CAT_SCAN,
    CAT_UDP,
    CAT_ICMP,
    CAT_BACKSCATTER,
    CAT_V6,
    CAT_ONESHOT,
    CAT_EXPLOIT,
    CAT_JPMIRAI,
    CAT_COUNT
};

/* Background share of packets per category, in percent (CAT_EXPLOIT/JPMIRAI: scenario). */
static const double base_share[CAT_COUNT] = {47, 28, 9, 5, 5, 3, 3, 0, 0};
static const int pool_size[CAT_COUNT] = {1536, 1024, 256, 256, 8, 64, 1, 768, 1024};
/* Mean seconds a host stays active before another takes its place. */
static const double lifetime_s[CAT_COUNT] = {600, 600, 900, 900, 90, 900, 0, 0, 0};
static const double zipf_s[CAT_COUNT] = {0.9, 0.8, 0.9, 0.9, 1.2, 0.9, 0, 0, 0};

typedef struct host {
    uint8_t addr[16];
    uint16_t port; /* scanned port (scanners) or service port (victims) */
    uint16_t ip_len;
    uint8_t ttl; /* as observed: initial TTL minus the hop count */
    uint8_t ver;
    uint8_t tool; /* scanners: the DG_TOOL_* tool that crafts its probes, or 0 */
} host;

typedef struct pool {
    int n;
    int active; /* uniform pools (scenario): only the first `active` send */
    host *h;
    uint32_t *prob; /* alias method: Zipf pick in O(1) */
    uint16_t *alias;
    uint64_t turn_ns; /* turnover interval, 0: none */
    uint64_t next_turn;
} pool;

#define CAT_TABLE 1024
#define DEFAULT_DARKNET "203.0.113.0/24"

typedef struct synth {
    dgsyn_config cfg;
    dgs_table sensors;
    rng r;
    uint64_t i; /* records produced */
    double period_ns;
    uint64_t end_ns; /* UINT64_MAX: none */
    uint32_t dn_base, dn_size;
    uint16_t *dn_sensor; /* sensor per darknet offset (NULL: match each record) */
    bool scenario;
    pool pools[CAT_COUNT];
    uint8_t cat_of[CAT_TABLE];
    uint64_t next_scenario;
    uint64_t next_event;
} synth;

static void build_alias(pool *p, double s)
{
    int n = p->n;
    double *w = malloc(sizeof(double) * n), sum = 0;
    int *small = malloc(sizeof(int) * n), *large = malloc(sizeof(int) * n), ns = 0, nl = 0;
    for (int i = 0; i < n; i++)
        sum += w[i] = 1.0 / pow(i + 1, s);
    for (int i = 0; i < n; i++) {
        w[i] = w[i] * n / sum;
        if (w[i] < 1.0)
            small[ns++] = i;
        else
            large[nl++] = i;
    }
    while (ns && nl) {
        int a = small[--ns], b = large[nl - 1];
        p->prob[a] = (uint32_t)(w[a] * 4294967295.0);
        p->alias[a] = (uint16_t)b;
        w[b] -= 1.0 - w[a];
        if (w[b] < 1.0) {
            nl--;
            small[ns++] = b;
        }
    }
    while (nl)
        p->prob[large[--nl]] = UINT32_MAX;
    while (ns)
        p->prob[small[--ns]] = UINT32_MAX;
    free(w);
    free(small);
    free(large);
}

static uint32_t random_addr4(rng *r, const char *only_cc)
{
    const char *cc = only_cc;
    if (!cc) {
        weighted w[NELEM(country_weight)];
        for (size_t i = 0; i < NELEM(country_weight); i++)
            w[i] = (weighted){(uint32_t)i, country_weight[i].weight};
        cc = country_weight[pick_weighted(r, w, NELEM(w))].cc;
    }
    size_t idx[NELEM(blocks4)], n = 0;
    for (size_t i = 0; i < NELEM(blocks4); i++)
        if (strcmp(blocks4[i].cc, cc) == 0) idx[n++] = i;
    const block4 *b = &blocks4[idx[rng_below(r, (uint32_t)n)]];
    uint32_t hostmask = (uint32_t)((1ull << (32 - b->prefix)) - 1);
    uint32_t a = b->base | ((uint32_t)rng_next(r) & hostmask);
    if ((a & 0xFF) == 0 || (a & 0xFF) == 255) a = (a & ~0xFFu) | (1 + rng_below(r, 254));
    return a;
}

static void random_addr6(rng *r, uint8_t out[16])
{
    const block6 *b = &blocks6[rng_below(r, NELEM(blocks6))];
    uint64_t hi = rng_next(r), lo = rng_next(r);
    for (int k = 0; k < 8; k++)
        out[k] = (uint8_t)(hi >> (56 - 8 * k));
    for (int k = 0; k < 8; k++)
        out[8 + k] = (uint8_t)(lo >> (56 - 8 * k));
    for (int bit = 0; bit < b->bits; bit++) {
        uint8_t m = (uint8_t)(0x80 >> (bit % 8));
        out[bit / 8] = (uint8_t)((out[bit / 8] & ~m) | (b->prefix[bit / 8] & m));
    }
}

/* Observed TTL: a common initial TTL minus 6..25 hops. */
static uint8_t random_ttl(rng *r)
{
    static const weighted initial[] = {{64, 60}, {128, 25}, {255, 15}};
    return (uint8_t)(pick_weighted(r, initial, NELEM(initial)) - 6 - rng_below(r, 20));
}

static uint64_t mix64(uint64_t x)
{
    x = (x ^ (x >> 31)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

/* Some scanners run a known tool (about 8% Masscan, 5% ZMap, 2% Unicornscan, 5% other
 * large-scale scanners), decided by a hash of the address so the generator's random stream
 * is what it was. Such tools send from raw sockets with an initial TTL of 255. */
static void pick_tool(host *h)
{
    uint64_t x = mix64((uint64_t)dgb_be32(h->addr) + 0x5bd1e995u);
    unsigned pct = (unsigned)(x % 100);
    h->tool = pct < 8    ? DG_TOOL_MASSCAN
              : pct < 13 ? DG_TOOL_ZMAP
              : pct < 15 ? DG_TOOL_UNICORN
              : pct < 20 ? DG_TOOL_LSS
                         : 0;
    if (h->tool) h->ttl = (uint8_t)(255 - 6 - (x >> 8) % 20);
}

static void make_host(synth *s, int cat, host *h)
{
    rng *r = &s->r;
    memset(h, 0, sizeof *h);
    h->ver = 4;
    h->ttl = random_ttl(r);
    h->ip_len = 40;
    switch (cat) {
    case CAT_MIRAI: h->ttl = 64; break;
    case CAT_JPMIRAI:
        dgb_put_be32(h->addr, random_addr4(r, "JP"));
        h->ttl = 64;
        return;
    case CAT_SCAN:
        h->port = (uint16_t)pick_weighted(r, scan_ports, NELEM(scan_ports));
        h->ip_len = (uint16_t)(rng_below(r, 3) == 0 ? 60 : 40 + 4 * rng_below(r, 2));
        break;
    case CAT_EXPLOIT:
        h->port = 52869;
        h->ip_len = 60;
        break;
    case CAT_UDP:
        h->port = (uint16_t)pick_weighted(r, udp_ports, NELEM(udp_ports));
        h->ip_len = (uint16_t)(h->port == 5060   ? 420 + rng_below(r, 80)
                               : h->port == 1900 ? 122
                               : h->port == 123  ? 76
                                                 : 60 + rng_below(r, 20));
        break;
    case CAT_ICMP: h->ip_len = rng_below(r, 2) ? 84 : 28; break;
    case CAT_BACKSCATTER:
        h->port = (uint16_t)pick_weighted(r, victim_ports, NELEM(victim_ports));
        h->ip_len = 44;
        break;
    case CAT_V6:
        h->ver = 6;
        random_addr6(r, h->addr);
        h->port = (uint16_t)pick_weighted(r, v6_ports, NELEM(v6_ports));
        h->ip_len = h->port ? 80 : 104;
        return;
    }
    dgb_put_be32(h->addr, random_addr4(r, NULL));
    if (cat == CAT_SCAN) pick_tool(h);
}

static bool alloc_pools(synth *s)
{
    for (int c = 0; c < CAT_COUNT; c++) {
        pool *p = &s->pools[c];
        p->n = pool_size[c];
        p->active = p->n;
        p->h = calloc((size_t)p->n, sizeof(host));
        p->prob = calloc((size_t)p->n, sizeof(uint32_t));
        p->alias = calloc((size_t)p->n, sizeof(uint16_t));
        if (!p->h || !p->prob || !p->alias) return false;
        if (zipf_s[c] > 0) build_alias(p, zipf_s[c]);
    }
    return true;
}

/* Puts every pool into its start state; the same seed always gives the same hosts. */
static void reset_pools(synth *s)
{
    rng_seed(&s->r, s->cfg.seed);
    s->i = 0;
    for (int c = 0; c < CAT_COUNT; c++) {
        pool *p = &s->pools[c];
        for (int k = 0; k < p->n; k++)
            make_host(s, c, &p->h[k]);
        p->turn_ns = lifetime_s[c] > 0 ? (uint64_t)(lifetime_s[c] * 1e9 / p->n) : 0;
        p->next_turn = p->turn_ns ? s->cfg.start_ns + p->turn_ns : UINT64_MAX;
        p->active = zipf_s[c] > 0 ? p->n : 0;
    }
}

/* ---- The mirai-2017-jp scenario (timeline in seconds of source time) ----
 * Background only until EX_START, so the detectors' warm-ups (10 min at most) are over.
 * Exploitation of 52869 appears at once from many hosts sending little (a new port), swells
 * into a surge, then fades as the Japanese Mirai population explodes on 23/tcp. */

#define EX_START 720.0 /* 52869/tcp exploitation appears: many hosts, few packets */
#define EX_ONSET 0.003 /* its share of packets until EX_RAMP */
#define EX_RAMP 780.0  /* ... then it swells ... */
#define EX_PEAK 840.0  /* ... to EX_SHARE ... */
#define EX_SHARE 0.20
#define EX_FALL 960.0 /* ... and falls from EX_FALL to EX_TAIL to a 2% tail */
#define EX_TAIL 1020.0
#define EX_HOSTS0 128  /* exploiting hosts at EX_START (of 768 at EX_PEAK) */
#define JP_START 900.0 /* first Japanese Mirai bots */
#define JP_MID 960.0   /* half of the 1024 infected hosts active */
#define JP_WIDTH 15.0  /* logistic width: from 2% to 98% of the hosts in two minutes */
#define JP_SHARE 0.45

static double ramp(double t, double t0, double t1)
{
    return t <= t0 ? 0 : t >= t1 ? 1 : (t - t0) / (t1 - t0);
}

/* Share (0..1) of the exploitation traffic and of the Japanese Mirai hosts at t. */
static void scenario_shares(double t, double *exploit, double *jp, double *jp_hosts)
{
    double swell = (EX_SHARE - EX_ONSET) * ramp(t, EX_RAMP, EX_PEAK);
    *exploit = t < EX_START ? 0 : EX_ONSET + swell - (EX_SHARE - 0.02) * ramp(t, EX_FALL, EX_TAIL);
    *jp_hosts = t < JP_START ? 0 : 1.0 / (1.0 + exp(-(t - JP_MID) / JP_WIDTH));
    *jp = JP_SHARE * *jp_hosts;
}

/* Exploiting hosts active at t: many from the first second, so a new-port detector sees
 * many distinct sources before the port has any history. */
static int exploit_hosts(const pool *e, double t)
{
    return EX_HOSTS0 + (int)((e->n - EX_HOSTS0) * ramp(t, EX_RAMP, EX_PEAK));
}

static void build_cat_table(synth *s, const double share[CAT_COUNT])
{
    double total = 0, acc = 0;
    for (int c = 0; c < CAT_COUNT; c++)
        total += share[c];
    int k = 0;
    for (int c = 0; c < CAT_COUNT; c++) {
        acc += share[c];
        int upto = (int)(acc / total * CAT_TABLE + 0.5);
        while (k < upto && k < CAT_TABLE)
            s->cat_of[k++] = (uint8_t)c;
    }
    while (k < CAT_TABLE)
        s->cat_of[k++] = CAT_MIRAI;
}

static void update_scenario(synth *s, uint64_t ts)
{
    double share[CAT_COUNT];
    memcpy(share, base_share, sizeof share);
    if (s->scenario) {
        double t = (double)(ts - s->cfg.start_ns) / 1e9, ex, jp, hosts;
        scenario_shares(t, &ex, &jp, &hosts);
        double bg = 1.0 - ex - jp;
        for (int c = 0; c < CAT_COUNT; c++)
            share[c] *= bg;
        share[CAT_EXPLOIT] = 100 * ex;
        share[CAT_JPMIRAI] = 100 * jp;
        pool *e = &s->pools[CAT_EXPLOIT], *j = &s->pools[CAT_JPMIRAI];
        e->active = ex > 0 ? exploit_hosts(e, t) : 0;
        j->active = jp > 0 ? 1 + (int)((j->n - 1) * hosts) : 0;
        if (jp > 0 && share[CAT_JPMIRAI] < 0.1) share[CAT_JPMIRAI] = 0;
        s->next_scenario = ts + 500000000ull;
    } else {
        s->next_scenario = UINT64_MAX;
    }
    build_cat_table(s, share);
}

/* A new host takes over the slot's service (port and packet size): the population turns
 * over while each port's volume stays steady, so turnover alone raises no port surge. */
static void replace_host(synth *s, int cat, host *h)
{
    host old = *h;
    make_host(s, cat, h);
    if (cat == CAT_SCAN || cat == CAT_UDP || cat == CAT_V6) {
        h->port = old.port;
        h->ip_len = old.ip_len;
    }
}

static void turnover(synth *s, uint64_t ts)
{
    for (int c = 0; c < CAT_COUNT; c++) {
        pool *p = &s->pools[c];
        while (p->next_turn <= ts) {
            replace_host(s, c, &p->h[rng_below(&s->r, (uint32_t)p->n)]);
            p->next_turn += p->turn_ns;
        }
    }
}

static void plan_next_event(synth *s)
{
    uint64_t next = s->next_scenario;
    for (int c = 0; c < CAT_COUNT; c++)
        if (s->pools[c].next_turn < next) next = s->pools[c].next_turn;
    s->next_event = next;
}

static void handle_events(synth *s, uint64_t ts)
{
    turnover(s, ts);
    if (ts >= s->next_scenario) update_scenario(s, ts);
    plan_next_event(s);
}

/* ---- Record generation (the hot loop: no allocation, no libm) ---- */

static inline const host *pick_host(synth *s, pool *p)
{
    if (zipf_s[p - s->pools] == 0) return &p->h[rng_below(&s->r, (uint32_t)p->active)];
    uint64_t x = rng_next(&s->r);
    uint32_t k = (uint32_t)(((x >> 32) * (uint32_t)p->n) >> 32);
    return (uint32_t)x < p->prob[k] ? &p->h[k] : &p->h[p->alias[k]];
}

static inline uint16_t ephemeral(uint64_t x)
{
    return (uint16_t)(1024 + ((x & 0xFFFF) * (65536 - 1024) >> 16));
}

static inline void set_dst4(synth *s, dg_record *rec, uint64_t x)
{
    uint32_t off = (uint32_t)(((x >> 32) * s->dn_size) >> 32);
    uint32_t d = s->dn_base + off;
    dgb_put_be32(rec->dst, d);
    if (s->dn_sensor) {
        rec->sensor = s->dn_sensor[off];
    } else {
        int m = dgs_match(&s->sensors, 4, rec->dst);
        rec->sensor = m < 0 ? DG_SENSOR_NONE : (uint16_t)m;
    }
}

static void fill_tcp_syn(synth *s, dg_record *rec, uint16_t dport, bool mirai)
{
    uint64_t x = rng_next(&s->r);
    set_dst4(s, rec, x);
    rec->proto = DG_PROTO_TCP;
    rec->flags = DG_TCP_SYN;
    rec->sport = ephemeral(x >> 16);
    rec->dport = dport;
    rec->seq = mirai ? dgb_be32(rec->dst) : (uint32_t)rng_next(&s->r);
}

/* The header fields a scanning tool writes in its own way (docs/fingerprints.md). */
static void apply_tool(dg_record *rec, const host *h)
{
    uint32_t dst = dg_record_dst4(rec);
    switch (h->tool) {
    case DG_TOOL_MASSCAN: /* templ-pkt.c; the MSS option is on by default since 2023 */
        rec->ipid = (uint16_t)(dst ^ rec->dport ^ rec->seq);
        rec->win = 1024;
        rec->tcp_opts = 1;
        rec->mss = 1460;
        rec->have |= DG_HAVE_MSS;
        break;
    case DG_TOOL_ZMAP: rec->ipid = 54321, rec->win = 65535; break;
    case DG_TOOL_UNICORN: /* key fixed per scan: here per host */
        rec->seq = (uint32_t)mix64(h->addr[3] | (uint64_t)h->addr[2] << 8 | 0x7f00000000ull) ^
                   (dst ^ (((uint32_t)rec->dport << 16) + rec->sport));
        break;
    case DG_TOOL_LSS: rec->win = 1024; break;
    }
}

/* What a capture of the synthetic packet would observe: every header field. Scanners send
 * option-less SYNs with a random IP ID and window, as Mirai does, unless a known tool
 * crafts them. The values are hashed from the packet number, not drawn, so the
 * generator's stream stays what it was. */
static void fill_observed(synth *s, dg_record *rec, const host *h)
{
    uint64_t x = mix64((s->i + 1) * 0x9e3779b97f4a7c15ull);
    rec->have = DG_HAVE_DST | DG_HAVE_SPORT | DG_HAVE_DPORT | DG_HAVE_TTL | DG_HAVE_LEN;
    if (rec->ip_ver == 4) {
        rec->ipid = (uint16_t)x;
        rec->have |= DG_HAVE_IPID;
    }
    if (rec->proto != DG_PROTO_TCP) return;
    rec->win = (uint16_t)(x >> 16) | 1;
    rec->tcp_opts = 0;
    rec->have |= DG_HAVE_SEQ | DG_HAVE_FLAGS | DG_HAVE_WIN | DG_HAVE_OPTS;
    if (h->tool && dg_record_is_syn(rec)) apply_tool(rec, h);
}

static void fill_headers(synth *s, dg_record *rec, int cat, const host *h)
{
    memcpy(rec->src, h->addr, 16);
    rec->ip_ver = h->ver;
    rec->ttl = h->ttl;
    rec->ip_len = h->ip_len;
    uint64_t x;
    switch (cat) {
    case CAT_MIRAI:
    case CAT_JPMIRAI: fill_tcp_syn(s, rec, rng_below(&s->r, 10) ? 23 : 2323, true); break;
    case CAT_SCAN:
        x = rng_next(&s->r);
        fill_tcp_syn(s, rec,
                     (x & 0xFF) < 205
                         ? h->port
                         : (uint16_t)pick_weighted(&s->r, scan_ports, NELEM(scan_ports)),
                     false);
        break;
    case CAT_ONESHOT:
    case CAT_EXPLOIT: fill_tcp_syn(s, rec, h->port, false); break;
    case CAT_UDP:
        x = rng_next(&s->r);
        set_dst4(s, rec, x);
        rec->proto = DG_PROTO_UDP;
        rec->sport = ephemeral(x >> 8);
        rec->dport = h->port;
        break;
    case CAT_ICMP:
        set_dst4(s, rec, rng_next(&s->r));
        rec->proto = DG_PROTO_ICMP;
        rec->sport = 8; /* echo request: type in sport, code in dport */
        break;
    case CAT_BACKSCATTER:
        x = rng_next(&s->r);
        set_dst4(s, rec, x);
        rec->proto = DG_PROTO_TCP;
        rec->sport = h->port;
        rec->dport = ephemeral(x >> 8);
        rec->seq = (uint32_t)(x >> 24);
        bool rst = (x & 0xFF) < 64;
        rec->flags = rst ? DG_TCP_RST | DG_TCP_ACK : DG_TCP_SYN | DG_TCP_ACK;
        rec->ip_len = rst ? 40 : 44;
        break;
    case CAT_V6: {
        x = rng_next(&s->r);
        static const uint8_t doc6[4] = {0x20, 0x01, 0x0d, 0xb8};
        memcpy(rec->dst, doc6, 4);
        uint64_t lo = rng_next(&s->r);
        for (int k = 0; k < 4; k++)
            rec->dst[4 + k] = (uint8_t)(x >> (8 * k));
        for (int k = 0; k < 8; k++)
            rec->dst[8 + k] = (uint8_t)(lo >> (8 * k));
        int m = dgs_match(&s->sensors, 6, rec->dst);
        rec->sensor = m < 0 ? DG_SENSOR_NONE : (uint16_t)m;
        if (h->port) {
            rec->proto = DG_PROTO_TCP;
            rec->flags = DG_TCP_SYN;
            rec->sport = ephemeral(x >> 32);
            rec->dport = h->port;
            rec->seq = (uint32_t)lo;
        } else {
            rec->proto = DG_PROTO_ICMP6;
            rec->sport = 128; /* echo request */
        }
        break;
    }
    }
}

static void fill_record(synth *s, dg_record *rec, int cat, const host *h)
{
    fill_headers(s, rec, cat, h);
    fill_observed(s, rec, h);
}

static bool at_end(const synth *s, uint64_t ts)
{
    return (s->cfg.count && s->i >= s->cfg.count) || ts >= s->end_ns;
}

static int synth_next(dg_source *src, dg_record *out, size_t max)
{
    synth *s = src->impl;
    size_t k = 0;
    for (; k < max; k++) {
        double base = (double)s->i * s->period_ns;
        uint64_t jitter = (uint64_t)((rng_next(&s->r) >> 11) * 0x1.0p-53 * s->period_ns);
        uint64_t ts = s->cfg.start_ns + (uint64_t)base + jitter;
        if (at_end(s, ts)) break;
        if (ts >= s->next_event) handle_events(s, ts);
        int cat = s->cat_of[rng_next(&s->r) >> 54];
        if (cat == CAT_ONESHOT) make_host(s, CAT_SCAN, &s->pools[cat].h[0]);
        const host *h = pick_host(s, &s->pools[cat]);
        dg_record *rec = &out[k];
        memset(rec, 0, sizeof *rec);
        rec->ts_ns = ts;
        fill_record(s, rec, cat, h);
        s->i++;
    }
    return (int)k;
}

static void restart(synth *s)
{
    reset_pools(s);
    update_scenario(s, s->cfg.start_ns);
    plan_next_event(s);
}

static bool synth_rewind(dg_source *src)
{
    restart(src->impl);
    return true;
}

static void synth_close(dg_source *src)
{
    if (!src) return;
    synth *s = src->impl;
    if (s) {
        for (int c = 0; c < CAT_COUNT; c++) {
            free(s->pools[c].h);
            free(s->pools[c].prob);
            free(s->pools[c].alias);
        }
        free(s->dn_sensor);
        free(s);
    }
    free(src);
}

static bool set_darknet(synth *s, char *err, size_t errcap)
{
    if (!s->cfg.darknet[0]) snprintf(s->cfg.darknet, sizeof s->cfg.darknet, DEFAULT_DARKNET);
    dg_cidr c;
    if (dg_cidr_parse(s->cfg.darknet, &c) != DG_CIDR_OK || c.ip_ver != 4 || c.prefix < 8) {
        snprintf(err, errcap, "darknet \"%s\": expected an IPv4 prefix a.b.c.d/n with n >= 8",
                 s->cfg.darknet);
        return false;
    }
    dg_cidr_mask(&c);
    s->dn_base = dgb_be32(c.addr);
    s->dn_size = (uint32_t)(1ull << (32 - c.prefix));
    if (32 - c.prefix > 16) return true;
    s->dn_sensor = malloc(sizeof(uint16_t) * s->dn_size);
    if (!s->dn_sensor) {
        snprintf(err, errcap, "out of memory");
        return false;
    }
    for (uint32_t off = 0; off < s->dn_size; off++) {
        uint8_t a[16] = {0};
        dgb_put_be32(a, s->dn_base + off);
        int m = dgs_match(&s->sensors, 4, a);
        s->dn_sensor[off] = m < 0 ? DG_SENSOR_NONE : (uint16_t)m;
    }
    return true;
}

static bool check_config(const dgsyn_config *cfg, char *err, size_t errcap)
{
    if (!(cfg->rate > 0) || cfg->rate > 1e9) {
        snprintf(err, errcap, "rate must be between 0 and 1e9 packets/s, got %g", cfg->rate);
        return false;
    }
    if (cfg->duration < 0) {
        snprintf(err, errcap, "duration must not be negative");
        return false;
    }
    if (cfg->scenario && cfg->scenario[0] && strcmp(cfg->scenario, "mirai-2017-jp") != 0) {
        snprintf(err, errcap, "unknown scenario \"%s\" (known: mirai-2017-jp)", cfg->scenario);
        return false;
    }
    return true;
}

static void copy_sensor_names(dg_source *src, const dgs_table *t)
{
    src->sensors.count = t->count < DGW_MAX_SENSORS ? t->count : DGW_MAX_SENSORS;
    for (int i = 0; i < src->sensors.count; i++)
        snprintf(src->sensors.name[i], DGW_SENSOR_NAME_LEN, "%s", t->s[i].name);
}

dg_source *dgsrc_synthetic_sensors(const dgsyn_config *cfg, const dgs_table *sensors, char *err,
                                   size_t errcap)
{
    if (!check_config(cfg, err, errcap)) return NULL;
    dg_source *src = calloc(1, sizeof *src);
    synth *s = calloc(1, sizeof *s);
    if (!src || !s) {
        free(src);
        free(s);
        snprintf(err, errcap, "out of memory");
        return NULL;
    }
    src->impl = s;
    s->cfg = *cfg;
    s->cfg.scenario = NULL;
    s->scenario = cfg->scenario && cfg->scenario[0];
    if (sensors && sensors->count > 0)
        s->sensors = *sensors;
    else
        dgs_add_defaults(&s->sensors);
    s->period_ns = 1e9 / cfg->rate;
    s->end_ns = cfg->duration > 0 ? cfg->start_ns + (uint64_t)(cfg->duration * 1e9) : UINT64_MAX;
    if (!set_darknet(s, err, errcap)) {
        synth_close(src);
        return NULL;
    }
    if (!alloc_pools(s)) {
        snprintf(err, errcap, "out of memory");
        synth_close(src);
        return NULL;
    }
    copy_sensor_names(src, &s->sensors);
    src->next = synth_next;
    src->rewind = synth_rewind;
    src->close = synth_close;
    src->kind = "synthetic";
    restart(s);
    return src;
}

dg_source *dgsrc_synthetic(const dgsyn_config *cfg, char *err, size_t errcap)
{
    return dgsrc_synthetic_sensors(cfg, NULL, err, errcap);
}
