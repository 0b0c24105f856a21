/* detect.c - see detect.h and docs/alerts.md for the rules.
 * All tables are fixed-size and allocated in dgd_create: a flood of distinct sources or
 * ports evicts, it never allocates. */
#include "detect.h"
#include "addr.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NPORTS (65536 * 2) /* destination port x {tcp, udp} */
#define NCC (26 * 26 + 1)  /* ISO 3166 alpha-2 codes, plus "unknown" */
#define CC_UNKNOWN (NCC - 1)
#define HLL_BITS 8
#define HLL_M (1u << HLL_BITS)
#define NCAND 256   /* new-port candidates tracked per window */
#define CAND_SET 64 /* distinct sources remembered per candidate */
#define CAND_NONE 0xFFFFu
#define HOST_PROBE 8        /* host table slots a host may live in */
#define MAX_TS 4.0e9 /* later than 2096: not a packet time */

enum { K_WATCHLIST, K_SURGE, K_MIRAI, K_NEWPORT, K_SCANNER };
static const char *const kind_names[] = {"watchlist", "port-surge", "mirai-surge", "new-port",
                                         "scanner-surge"};

/* Keys (ports, countries) are brought up to the current window lazily, when they are next
 * touched: a gap in feed time of any length costs O(1) per key, and the work per window is
 * O(keys active in it), never O(all keys). */
typedef struct port_st {
    uint64_t win;         /* surge window that count belongs to */
    uint32_t count;       /* packets in that window */
    float mean, var;      /* EWMA of packets per window and its variance */
    float thresh;         /* count above which the current window alerts */
    float slow;           /* long-term EWMA of packets per second (raw) */
    uint32_t surge_quiet; /* no surge alert before this surge window */
    uint32_t np_quiet;    /* no new-port alert before this new-port window */
    uint16_t cand;        /* new-port candidate slot, or CAND_NONE */
} port_st;

/* Distinct Mirai-fingerprinted sources of one country in the current window. */
typedef struct cc_st {
    uint64_t win;       /* mirai window the registers belong to */
    uint8_t reg[HLL_M]; /* HyperLogLog registers */
    double inv_sum;     /* sum of 2^-reg, kept up to date so an estimate costs O(1) */
    uint32_t zeros;     /* registers still 0 */
    bool dirty;
    float mean, var, thresh;
    uint32_t quiet; /* no alert before this mirai window */
    uint16_t port;  /* majority vote of destination ports (Boyer-Moore) */
    uint32_t votes;
} cc_st;

typedef struct cand_st {
    uint32_t key; /* port index */
    uint64_t win; /* new-port window it belongs to */
    uint32_t n;
    uint32_t h[CAND_SET];
} cand_st;

typedef struct host_st {
    bool used;
    uint8_t ver, proto;
    uint8_t addr[16];
    uint16_t dport;
    bool placed;
    float lat, lon;
    double period_start; /* when this host's last alert went out */
    double first_ts, last_ts;
    uint32_t pending; /* packets since that alert */
} host_st;

/* A window clock: index of the current window in feed time. */
typedef struct wclock {
    double len;
    uint64_t idx;
} wclock;

struct dgd_detector {
    dgd_config c;
    const dgwl_list *wl;
    dgd_emit_fn emit;
    void *user;
    bool started;
    double start_ts, now;
    wclock surge_clk, mirai_clk, np_clk;
    uint64_t surge_first, mirai_first; /* window indices at the start of feed time */
    port_st *ports;
    cc_st *cc;
    cand_st *cand;
    uint32_t cand_used, cand_hand;
    host_st *hosts;
    uint32_t host_mask;
    uint32_t wl_pending; /* hosts with packets not yet reported */
    double wl_due;       /* earliest time one of them is due (+inf: none) */
    size_t mem;
    dgd_counters n;
};

/* ---- configuration ---------------------------------------------------------------- */

void dgd_config_defaults(dgd_config *c)
{
    *c = (dgd_config){
        .wl_period_s = 3600,
        .wl_hosts = 4096,
        .wl_severity = DG_SEV_HIGH,
        .surge_window_s = 10,
        .surge_alpha = 0.02,
        .surge_warmup = 30,
        .surge_k = 4,
        .surge_z = 6,
        .surge_min_rate = 5,
        .surge_cooldown_s = 600,
        .surge_severity = DG_SEV_MEDIUM,
        .mirai_window_s = 60,
        .mirai_alpha = 0.05,
        .mirai_warmup = 10,
        .mirai_k = 3,
        .mirai_z = 6,
        .mirai_min_sources = 20,
        .mirai_cooldown_s = 1800,
        .mirai_severity = DG_SEV_HIGH,
        .newport_window_s = 60,
        .newport_history_s = 21600,
        .newport_max_rate = 0.05,
        .newport_warmup_s = 600,
        .newport_min_sources = 20,
        .newport_cooldown_s = 3600,
        .newport_severity = DG_SEV_MEDIUM,
    };
}

static bool check_config(const dgd_config *c, char *err, size_t errcap)
{
    const char *bad = NULL;
    if (!(c->surge_window_s >= 1 && c->mirai_window_s >= 1 && c->newport_window_s >= 1))
        bad = "window lengths must be >= 1 s";
    else if (!(c->surge_alpha > 0 && c->surge_alpha <= 1 && c->mirai_alpha > 0 &&
               c->mirai_alpha <= 1))
        bad = "alphas must be in (0, 1]";
    else if (!(c->newport_history_s >= c->surge_window_s))
        bad = "newport_history_s must be >= surge_window_s";
    else if (c->wl_hosts < 1 || c->wl_hosts > (1u << 20))
        bad = "wl_hosts must be 1..1048576";
    else if (c->newport_min_sources < 1 || c->newport_min_sources > CAND_SET)
        bad = "newport_min_sources must be 1..64";
    else if (c->wl_severity >= DG_SEV_COUNT || c->surge_severity >= DG_SEV_COUNT ||
             c->mirai_severity >= DG_SEV_COUNT || c->newport_severity >= DG_SEV_COUNT)
        bad = "bad severity";
    if (bad && errcap) snprintf(err, errcap, "detector config: %s", bad);
    return !bad;
}

/* ---- helpers ------------------------------------------------------------------------ */

static const char *proto_name(uint8_t proto, char *buf, size_t cap)
{
    if (proto == DG_PROTO_TCP) return "tcp";
    if (proto == DG_PROTO_UDP) return "udp";
    if (proto == DG_PROTO_ICMP || proto == DG_PROTO_ICMP6) return "icmp";
    snprintf(buf, cap, "proto %u", proto);
    return buf;
}

static uint64_t to_ns(double ts)
{
    return ts > 0 ? (uint64_t)(ts * 1e9) : 0;
}

/* Starts an alert of kind k at feed time ts; the caller fills the rest and calls raise(). */
static dg_alert new_alert(const dgd_detector *d, int k, uint8_t sev, double ts)
{
    dg_alert a = {.severity = sev, .count = 1};
    a.ts_ns = a.last_ns = to_ns(ts);
    snprintf(a.kind, sizeof a.kind, "%s", kind_names[k]);
    snprintf(a.sensor, sizeof a.sensor, "%s", d->c.sensor);
    return a;
}

static void raise_alert(dgd_detector *d, int k, const dg_alert *a)
{
    d->n.alerts[k]++;
    if (d->emit) d->emit(a, d->user);
}

/* Port index of a packet that counts as a service probe, or -1. TCP counts only scan SYNs:
 * the destination port of backscatter (SYN-ACK, RST) is a victim's ephemeral port. */
static int port_index(const dg_event *e)
{
    if (e->flags & DGE_NO_DPORT) return -1;
    if (e->proto == DG_PROTO_TCP && e->cls == DG_CLS_SYN) return e->dport;
    if (e->proto == DG_PROTO_UDP) return 65536 + e->dport;
    return -1;
}

static void port_text(int idx, char *buf, size_t cap)
{
    snprintf(buf, cap, "%d/%s", idx & 0xFFFF, idx >> 16 ? "udp" : "tcp");
}

static int cc_index(const char cc[3])
{
    char a = cc[0] & ~0x20, b = cc[1] & ~0x20; /* upper case */
    if (a < 'A' || a > 'Z' || b < 'A' || b > 'Z' || cc[2]) return CC_UNKNOWN;
    return (a - 'A') * 26 + (b - 'A');
}

/* ---- watchlist ------------------------------------------------------------------------ */

/* Sends the alert for host h covering n packets seen from first to last. */
static void wl_emit(dgd_detector *d, const host_st *h, uint32_t n, double first, double last)
{
    dgwl_hit hit;
    if (!dgwl_lookup(d->wl, h->addr, h->ver, &hit)) return;
    dg_alert a = new_alert(d, K_WATCHLIST, d->c.wl_severity, first);
    char addr[48], cidr[64], pb[16];
    a.last_ns = to_ns(last);
    a.count = n;
    dg_addr_format(h->ver, h->addr, addr, sizeof addr);
    dgwl_hit_cidr(&hit, cidr, sizeof cidr);
    snprintf(a.src, sizeof a.src, "%s", addr);
    snprintf(a.org, sizeof a.org, "%s", hit.org);
    snprintf(a.title, sizeof a.title, "Scanning host in %s", hit.org);
    snprintf(a.detail, sizeof a.detail,
             "%s (in %s) sent %u packet%s into the darknet, last to %u/%s", addr, cidr, n,
             n == 1 ? "" : "s", h->dport, proto_name(h->proto, pb, sizeof pb));
    a.dport = h->dport;
    a.proto = h->proto;
    a.has_loc = h->placed;
    a.lat = h->lat;
    a.lon = h->lon;
    raise_alert(d, K_WATCHLIST, &a);
}

/* Reports the packets a host has accumulated, if its period is over (or force). */
static void wl_settle(dgd_detector *d, host_st *h, bool force)
{
    if (!h->used || h->pending == 0) return;
    if (!force && d->now - h->period_start < d->c.wl_period_s) return;
    wl_emit(d, h, h->pending, h->first_ts, h->last_ts);
    h->pending = 0;
    d->wl_pending--;
    h->period_start = d->now;
}

static bool wl_reusable(const dgd_detector *d, const host_st *h)
{
    return !h->used || (h->pending == 0 && d->now - h->period_start >= d->c.wl_period_s);
}

/* Finds the host's slot, or claims one: a free or finished slot, else the stalest (whose
 * pending count is reported first). *fresh tells whether the host is new. */
static host_st *wl_slot(dgd_detector *d, const dg_event *e, bool *fresh)
{
    uint32_t base = (uint32_t)dg_addr_hash(e->ip_ver, e->src);
    host_st *spare = NULL, *stalest = NULL;
    for (uint32_t i = 0; i < HOST_PROBE; i++) {
        host_st *h = &d->hosts[(base + i) & d->host_mask];
        if (h->used && h->ver == e->ip_ver && !memcmp(h->addr, e->src, 16)) {
            *fresh = false;
            return h;
        }
        if (!spare && wl_reusable(d, h)) spare = h;
        if (!stalest || h->last_ts < stalest->last_ts) stalest = h;
    }
    if (!spare) {
        spare = stalest;
        wl_settle(d, spare, true);
        d->n.wl_evictions++;
    }
    *fresh = true;
    return spare;
}

static void wl_packet(dgd_detector *d, const dg_event *e)
{
    if (!d->wl || !dgwl_lookup(d->wl, e->src, e->ip_ver, NULL)) return;
    bool fresh;
    host_st *h = wl_slot(d, e, &fresh);
    double ts = d->now;
    if (fresh) {
        *h = (host_st){.used = true, .ver = e->ip_ver, .period_start = ts};
        memcpy(h->addr, e->src, 16);
    }
    h->dport = e->dport;
    h->proto = e->proto;
    h->placed = e->flags & DGE_SRC_PLACED;
    h->lat = e->src_lat;
    h->lon = e->src_lon;
    if (h->pending == 0) {
        h->first_ts = ts;
        d->wl_pending++;
        d->wl_due = fmin(d->wl_due, h->period_start + d->c.wl_period_s);
    }
    h->last_ts = ts;
    h->pending++;
    wl_settle(d, h, fresh); /* a new host alerts at once; a known one once per period */
}

/* Reports the hosts whose period is over. Runs only when the earliest due time has passed,
 * so its walk of the host table is paid once per report, not once per window. */
static void wl_sweep(dgd_detector *d)
{
    d->wl_due = INFINITY;
    for (uint32_t i = 0; d->wl && i <= d->host_mask; i++) {
        host_st *h = &d->hosts[i];
        wl_settle(d, h, false);
        if (h->used && h->pending) d->wl_due = fmin(d->wl_due, h->period_start + d->c.wl_period_s);
    }
}

/* ---- port surge and new port ---------------------------------------------------------- */

static double slow_alpha(const dgd_detector *d)
{
    return d->c.surge_window_s / d->c.newport_history_s;
}

/* Weight of the next window in an EWMA: 1/(n+1) while fewer than 1/alpha windows were seen,
 * which makes the first windows a plain running mean and variance (no zero-start bias). */
static float step_alpha(double alpha, uint64_t closed)
{
    return (float)fmax(alpha, 1.0 / (double)(closed + 1));
}

/* One EWMA step of a baseline. A window above its threshold (an alert) moves the mean only
 * up to the threshold and leaves the variance alone: a lasting shift is absorbed over a few
 * dozen windows, while a burst cannot inflate the variance and mask the next one. */
static void baseline_step(float *mean, float *var, float x, float thresh, float a)
{
    if (x > thresh) {
        *mean += a * (thresh - *mean);
        return;
    }
    float diff = x - *mean;
    *mean += a * diff;
    *var = (1 - a) * (*var + a * diff * diff);
}

/* n windows without packets, the first of them window number k of feed time. While the
 * step weight still differs from alpha the steps are taken one by one (at most 1/alpha of
 * them); after that the n zero steps have a closed form: with f = (1-a)^n the mean becomes
 * f*m and the variance f*(v + m^2*(1-f)). */
static void zero_windows(float *mean, float *var, double alpha, uint64_t k, uint64_t n)
{
    for (; n && 1.0 / (double)(k + 1) > alpha; k++, n--)
        baseline_step(mean, var, 0, INFINITY, step_alpha(alpha, k));
    if (!n) return;
    double f = pow(1 - alpha, (double)n), m = *mean;
    *var = (float)(f * (*var + m * m * (1 - f)));
    *mean = (float)(f * m);
}

/* The long-term rate through n empty windows (x = 0), as zero_windows does for the mean. */
static void zero_slow(float *slow, double alpha, uint64_t k, uint64_t n)
{
    for (; n && 1.0 / (double)(k + 1) > alpha; k++, n--)
        *slow -= step_alpha(alpha, k) * *slow;
    if (n) *slow = (float)(*slow * pow(1 - alpha, (double)n));
}

/* Threshold of a port for the window now open: max(k*m, m + z*sigma, floor). */
static float surge_threshold(const dgd_detector *d, const port_st *p)
{
    if (d->surge_clk.idx - d->surge_first < d->c.surge_warmup) return INFINITY;
    double m = p->mean, s = sqrt(p->var);
    double floor = d->c.surge_min_rate * d->c.surge_window_s;
    return (float)fmax(fmax(d->c.surge_k * m, m + d->c.surge_z * s), floor);
}

/* Brings a port to the current surge window: its last window is folded into the baselines,
 * the empty windows since then decay them, and the new window's threshold is set. */
static void port_sync(dgd_detector *d, port_st *p)
{
    uint64_t cur = d->surge_clk.idx;
    if (p->win < d->surge_first) p->win = d->surge_first; /* untouched since the start */
    if (p->win >= cur) return;
    uint64_t k = p->win - d->surge_first, gap = cur - p->win - 1;
    double sa = slow_alpha(d);
    baseline_step(&p->mean, &p->var, (float)p->count, p->thresh, step_alpha(d->c.surge_alpha, k));
    p->slow += step_alpha(sa, k) * ((float)(p->count / d->c.surge_window_s) - p->slow);
    p->count = 0;
    zero_windows(&p->mean, &p->var, d->c.surge_alpha, k + 1, gap);
    zero_slow(&p->slow, sa, k + 1, gap);
    p->win = cur;
    p->thresh = surge_threshold(d, p);
}

/* First window index after a cooldown of the given seconds starting in window idx. */
static uint32_t quiet_until(uint64_t idx, double seconds, double len)
{
    double w = idx + fmax(1, ceil(seconds / len));
    return w >= UINT32_MAX ? UINT32_MAX : (uint32_t)w;
}

static void surge_fire(dgd_detector *d, int pi)
{
    port_st *p = &d->ports[pi];
    double len = d->c.surge_window_s;
    p->surge_quiet = quiet_until(d->surge_clk.idx, d->c.surge_cooldown_s, len);
    dg_alert a = new_alert(d, K_SURGE, d->c.surge_severity, d->now);
    char port[16];
    port_text(pi, port, sizeof port);
    a.dport = (uint16_t)(pi & 0xFFFF);
    a.proto = pi >> 16 ? DG_PROTO_UDP : DG_PROTO_TCP;
    snprintf(a.title, sizeof a.title, "Surge on %s", port);
    snprintf(a.detail, sizeof a.detail,
             "%u packets within a %g s window (%.1f/s); baseline %.2f/s, sigma %.2f/s", p->count,
             len, p->count / len, p->mean / len, sqrt(p->var) / len);
    raise_alert(d, K_SURGE, &a);
}

/* The port's candidate slot for this window, or a new one if the port has little history
 * (NULL when it has too much). A full table evicts the emptiest of the next few slots. */
static cand_st *cand_get(dgd_detector *d, int pi)
{
    port_st *p = &d->ports[pi];
    if (p->cand != CAND_NONE) {
        cand_st *c = &d->cand[p->cand];
        if (c->key == (uint32_t)pi && c->win == d->np_clk.idx) return c;
    }
    if (p->slow >= d->c.newport_max_rate) return NULL;
    uint32_t slot;
    if (d->cand_used < NCAND) {
        slot = d->cand_used++;
    } else {
        slot = d->cand_hand;
        for (uint32_t i = 1; i < 8; i++)
            if (d->cand[(d->cand_hand + i) % NCAND].n < d->cand[slot].n)
                slot = (d->cand_hand + i) % NCAND;
        d->cand_hand = (d->cand_hand + 8) % NCAND;
        d->ports[d->cand[slot].key].cand = CAND_NONE;
    }
    d->cand[slot] = (cand_st){.key = (uint32_t)pi, .win = d->np_clk.idx};
    p->cand = (uint16_t)slot;
    return &d->cand[slot];
}

static void newport_fire(dgd_detector *d, int pi, const cand_st *c)
{
    port_st *p = &d->ports[pi];
    p->np_quiet = quiet_until(d->np_clk.idx, d->c.newport_cooldown_s, d->c.newport_window_s);
    dg_alert a = new_alert(d, K_NEWPORT, d->c.newport_severity, d->now);
    char port[16];
    port_text(pi, port, sizeof port);
    a.dport = (uint16_t)(pi & 0xFFFF);
    a.proto = pi >> 16 ? DG_PROTO_UDP : DG_PROTO_TCP;
    snprintf(a.title, sizeof a.title, "New port %s draws many sources", port);
    snprintf(a.detail, sizeof a.detail,
             "%u distinct sources within a %g s window on a port whose long-term rate was "
             "%.3f/s",
             c->n, d->c.newport_window_s, p->slow);
    raise_alert(d, K_NEWPORT, &a);
}

static void newport_packet(dgd_detector *d, const dg_event *e, int pi)
{
    if (d->now - d->start_ts < d->c.newport_warmup_s) return;
    if (d->np_clk.idx < d->ports[pi].np_quiet) return;
    cand_st *c = cand_get(d, pi);
    if (!c) return;
    uint32_t h = (uint32_t)dg_addr_hash(e->ip_ver, e->src);
    for (uint32_t i = 0; i < c->n; i++)
        if (c->h[i] == h) return;
    if (c->n < CAND_SET) c->h[c->n++] = h;
    if (c->n >= d->c.newport_min_sources) newport_fire(d, pi, c);
}

static void port_packet(dgd_detector *d, const dg_event *e)
{
    int pi = port_index(e);
    if (pi < 0) return;
    port_st *p = &d->ports[pi];
    port_sync(d, p);
    p->count += e->pkts ? e->pkts : 1;
    if ((float)p->count > p->thresh && d->surge_clk.idx >= p->surge_quiet) surge_fire(d, pi);
    newport_packet(d, e, pi);
}

/* ---- Mirai-family surge per country --------------------------------------------------- */

static void hll_reset(cc_st *c)
{
    memset(c->reg, 0, sizeof c->reg);
    c->inv_sum = HLL_M;
    c->zeros = HLL_M;
    c->dirty = false;
    c->votes = 0;
}

/* HyperLogLog estimate with the small-range (linear counting) correction. */
static double hll_estimate(const cc_st *c)
{
    double m = HLL_M, e = 0.7213 / (1 + 1.079 / m) * m * m / c->inv_sum;
    if (e <= 2.5 * m && c->zeros) e = m * log(m / c->zeros);
    return e;
}

/* Brings a country to the current mirai window, as port_sync does for ports. */
static void cc_sync(dgd_detector *d, cc_st *c)
{
    uint64_t cur = d->mirai_clk.idx;
    if (c->win < d->mirai_first) c->win = d->mirai_first;
    if (c->win >= cur) return;
    uint64_t k = c->win - d->mirai_first;
    float x = c->dirty ? (float)hll_estimate(c) : 0;
    baseline_step(&c->mean, &c->var, x, c->thresh, step_alpha(d->c.mirai_alpha, k));
    if (c->dirty) hll_reset(c);
    zero_windows(&c->mean, &c->var, d->c.mirai_alpha, k + 1, cur - c->win - 1);
    c->win = cur;
    double m = c->mean, s = sqrt(c->var);
    double t = fmax(fmax(d->c.mirai_k * m, m + d->c.mirai_z * s), d->c.mirai_min_sources);
    c->thresh = cur - d->mirai_first >= d->c.mirai_warmup ? (float)t : INFINITY;
}

/* Mirai keeps its own kind and wording; the other tools share "scanner-surge". */
static void tool_fire(dgd_detector *d, int tool, int ci, double est)
{
    cc_st *c = &d->cc[tool * NCC + ci];
    c->quiet = quiet_until(d->mirai_clk.idx, d->c.mirai_cooldown_s, d->c.mirai_window_s);
    int k = tool == 0 ? K_MIRAI : K_SCANNER;
    dg_alert a = new_alert(d, k, d->c.mirai_severity, d->now);
    char cc[3] = {(char)('A' + ci / 26), (char)('A' + ci % 26), 0};
    const char *from = ci == CC_UNKNOWN ? "an unknown country" : cc;
    const char *who = tool == 0 ? "Mirai-family" : dgfp_label(tool);
    if (ci != CC_UNKNOWN) snprintf(a.org, sizeof a.org, "%s", cc);
    a.dport = c->port;
    a.proto = DG_PROTO_TCP;
    snprintf(a.title, sizeof a.title, "%s surge from %s", who, from);
    snprintf(a.detail, sizeof a.detail,
             "about %.0f distinct %s-fingerprinted sources from %s within a %g s window "
             "(baseline %.1f, sigma %.1f), mostly to %u/tcp",
             est, tool == 0 ? "Mirai" : dgfp_label(tool), from, d->c.mirai_window_s, c->mean,
             sqrt(c->var), c->port);
    raise_alert(d, k, &a);
}

/* Distinct sources of one scanner tool per country and window (Mirai is tool 0). */
static void tool_packet(dgd_detector *d, const dg_event *e, int tool)
{
    int ci = cc_index(e->cc);
    cc_st *c = &d->cc[tool * NCC + ci];
    cc_sync(d, c);
    if (c->votes == 0)
        c->port = e->dport, c->votes = 1;
    else if (c->port == e->dport)
        c->votes++;
    else
        c->votes--;
    uint64_t h = dg_addr_hash(e->ip_ver, e->src);
    uint32_t j = (uint32_t)(h >> (64 - HLL_BITS));
    uint64_t rest = h << HLL_BITS;
    uint8_t rho = rest ? (uint8_t)(__builtin_clzll(rest) + 1) : 64 - HLL_BITS + 1;
    if (rho <= c->reg[j]) return; /* the estimate cannot have changed */
    c->inv_sum += ldexp(1, -rho) - ldexp(1, -c->reg[j]);
    if (c->reg[j] == 0) c->zeros--;
    c->reg[j] = rho;
    c->dirty = true;
    double est = hll_estimate(c);
    if (est > c->thresh && d->mirai_clk.idx >= c->quiet) tool_fire(d, tool, ci, est);
}

static void tools_packet(dgd_detector *d, const dg_event *e)
{
    unsigned tools = e->tools | ((e->flags & DGE_MIRAI) ? DG_TOOL_MIRAI : 0u);
    for (int t = 0; t < DG_TOOL_SCANNERS; t++)
        if (tools & (1u << t)) tool_packet(d, e, t);
}

/* ---- feed time -------------------------------------------------------------------------- */

static uint64_t window_index(double ts, double len)
{
    return (uint64_t)floor(ts / len);
}

static void start_clocks(dgd_detector *d, double ts)
{
    d->started = true;
    d->start_ts = d->now = ts;
    d->surge_clk.idx = d->surge_first = window_index(ts, d->surge_clk.len);
    d->mirai_clk.idx = d->mirai_first = window_index(ts, d->mirai_clk.len);
    d->np_clk.idx = window_index(ts, d->np_clk.len);
}

/* Feed time moves to ts: O(1) whatever the gap, since keys catch up when next touched. */
static void advance_to(dgd_detector *d, double ts)
{
    if (!d->started) start_clocks(d, ts);
    if (ts <= d->now) return;
    d->now = ts;
    d->surge_clk.idx = window_index(ts, d->surge_clk.len);
    d->mirai_clk.idx = window_index(ts, d->mirai_clk.len);
    uint64_t ni = window_index(ts, d->np_clk.len);
    if (ni > d->np_clk.idx) d->cand_used = 0;
    d->np_clk.idx = ni;
    if (d->wl_pending && d->now >= d->wl_due) wl_sweep(d);
}

static bool valid_ts(double ts)
{
    return isfinite(ts) && ts >= 0 && ts <= MAX_TS;
}

void dgd_advance(dgd_detector *d, double ts)
{
    if (d && valid_ts(ts)) advance_to(d, ts);
}

void dgd_process(dgd_detector *d, const dg_event *ev, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const dg_event *e = &ev[i];
        d->n.events++;
        if (!valid_ts(e->ts)) {
            d->n.bad_ts++;
            if (!d->started) continue; /* no feed time yet to count it in */
        } else {
            if (d->started && window_index(e->ts, d->surge_clk.len) < d->surge_clk.idx)
                d->n.late_events++;
            advance_to(d, e->ts);
        }
        wl_packet(d, e);
        port_packet(d, e);
        tools_packet(d, e);
    }
}

void dgd_flush(dgd_detector *d)
{
    for (uint32_t i = 0; d && d->wl && i <= d->host_mask; i++)
        wl_settle(d, &d->hosts[i], true);
}

/* ---- life cycle ------------------------------------------------------------------------- */

dgd_detector *dgd_create(const dgd_config *c, const dgwl_list *wl, dgd_emit_fn emit, void *user,
                         char *err, size_t errcap)
{
    if (!check_config(c, err, errcap)) return NULL;
    dgd_detector *d = calloc(1, sizeof *d);
    uint32_t hosts = 1;
    while (hosts < c->wl_hosts)
        hosts <<= 1;
    if (d) {
        d->ports = calloc(NPORTS, sizeof *d->ports);
        d->cc = calloc(NCC * DG_TOOL_SCANNERS, sizeof *d->cc);
        d->cand = calloc(NCAND, sizeof *d->cand);
        d->hosts = calloc(hosts, sizeof *d->hosts);
    }
    if (!d || !d->ports || !d->cc || !d->cand || !d->hosts) {
        dgd_destroy(d);
        if (errcap) snprintf(err, errcap, "detector: out of memory");
        return NULL;
    }
    d->c = *c;
    d->wl = wl;
    d->emit = emit;
    d->user = user;
    d->host_mask = hosts - 1;
    d->wl_due = INFINITY;
    d->surge_clk.len = c->surge_window_s;
    d->mirai_clk.len = c->mirai_window_s;
    d->np_clk.len = c->newport_window_s;
    for (uint32_t i = 0; i < NPORTS; i++)
        d->ports[i] = (port_st){.thresh = INFINITY, .cand = CAND_NONE};
    for (uint32_t i = 0; i < NCC * DG_TOOL_SCANNERS; i++) {
        hll_reset(&d->cc[i]);
        d->cc[i].thresh = INFINITY;
    }
    d->mem = sizeof *d + NPORTS * sizeof *d->ports + NCC * DG_TOOL_SCANNERS * sizeof *d->cc + NCAND * sizeof *d->cand +
             hosts * sizeof *d->hosts;
    return d;
}

void dgd_destroy(dgd_detector *d)
{
    if (!d) return;
    free(d->ports);
    free(d->cc);
    free(d->cand);
    free(d->hosts);
    free(d);
}

dgd_counters dgd_get_counters(const dgd_detector *d)
{
    return d->n;
}

size_t dgd_memory(const dgd_detector *d)
{
    return d->mem;
}
