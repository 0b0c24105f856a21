/* tstats.c - fixed-size traffic counters for the HUD (see tstats.h for the windows). */
#include "tstats_int.h"
#include "names.h"
#include "addr.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void ring_init(ring *r, uint64_t *b, int n)
{
    r->b = b;
    r->n = n;
    r->cur = 0;
    memset(b, 0, sizeof(uint64_t) * (size_t)n);
}

/* Moves the ring to unit u, zeroing the units skipped; cost bounded by the ring size. */
static void ring_advance(ring *r, int64_t u)
{
    if (u <= r->cur) return;
    if (u - r->cur >= r->n) {
        memset(r->b, 0, sizeof(uint64_t) * (size_t)r->n);
    } else {
        for (int64_t k = r->cur + 1; k <= u; k++)
            r->b[k % r->n] = 0;
    }
    r->cur = u;
}

/* Sum of the units cur-(k-1) .. cur. */
static uint64_t ring_sum(const ring *r, int k)
{
    uint64_t s = 0;
    for (int i = 0; i < k && i < r->n; i++) {
        int64_t u = r->cur - i;
        if (u < 0) break;
        s += r->b[u % r->n];
    }
    return s;
}

/* Adds n at unit u if the ring still holds it (a late packet beyond the window is not in it). */
static void ring_add(ring *r, int64_t u, uint64_t n)
{
    if (u >= 0 && u <= r->cur && r->cur - u < r->n) r->b[u % r->n] += n;
}

static uint64_t ring_at(const ring *r, int64_t u)
{
    if (u < 0 || u > r->cur || r->cur - u >= r->n) return 0;
    return r->b[u % r->n];
}

static int64_t floor_sec(double ts)
{
    return (int64_t)floor(ts);
}

dgts *dgts_create(void)
{
    dgts *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    ring_init(&s->sec, s->sec_b, SEC_N);
    ring_init(&s->min, s->min_b, MIN_N);
    ring_init(&s->ten, s->ten_b, TEN_N);
    s->window = DGTS_W_ALL;
    tsw_restart(s);
    return s;
}

void dgts_destroy(dgts *s)
{
    free(s);
}

size_t dgts_memory_bytes(void)
{
    return sizeof(struct dgts);
}

/* Restarts the time windows at second sec (first packet, or a seek backwards). */
static void windows_restart(dgts *s, int64_t sec)
{
    ring_init(&s->sec, s->sec_b, SEC_N);
    ring_init(&s->min, s->min_b, MIN_N);
    ring_init(&s->ten, s->ten_b, TEN_N);
    s->sec.cur = sec;
    s->min.cur = sec / 60;
    s->ten.cur = sec / 600;
    for (int t = 0; t < DG_TOOL_COUNT; t++)
        for (int k = 0; k < DGTS_MIRAI_NOW_MIN; k++)
            if (s->hll_dirty[t][k]) memset(s->hll_now[t][k], 0, sizeof s->hll_now[t][k]);
    memset(s->hll_dirty, 0, sizeof s->hll_dirty);
    s->hll_min = sec / 60;
    s->cur_sec = sec;
    s->start_sec = sec;
    s->started = true;
    tsw_restart(s);
    tsh_restart(s);
}

static void hll_advance(dgts *s, int64_t minute)
{
    if (minute <= s->hll_min) return;
    int64_t first = minute - s->hll_min >= DGTS_MIRAI_NOW_MIN ? minute - DGTS_MIRAI_NOW_MIN + 1
                                                              : s->hll_min + 1;
    for (int64_t m = first; m <= minute; m++)
        for (int t = 0; t < DG_TOOL_COUNT; t++) {
            int k = (int)(m % DGTS_MIRAI_NOW_MIN);
            if (!s->hll_dirty[t][k]) continue;
            memset(s->hll_now[t][k], 0, sizeof s->hll_now[t][0]);
            s->hll_dirty[t][k] = false;
        }
    s->hll_min = minute;
}

/* Moves every window to second sec; sec is never behind cur_sec here. */
static void move_to(dgts *s, int64_t sec)
{
    tsw_move(s, s->cur_sec, sec);
    ring_advance(&s->sec, sec);
    ring_advance(&s->min, sec / 60);
    ring_advance(&s->ten, sec / 600);
    hll_advance(s, sec / 60);
    s->cur_sec = sec;
}

/* Places time ts: advances; restarts at a marked jump or a jump back beyond DGTS_LATE_S;
 * anything else behind is a late packet and leaves the windows where they are. */
static void place_time(dgts *s, double ts, bool jumped)
{
    int64_t sec = floor_sec(ts);
    if (!s->started || jumped || sec < s->cur_sec - (int64_t)DGTS_LATE_S) {
        windows_restart(s, sec);
        s->now = ts;
        return;
    }
    if (sec > s->cur_sec) move_to(s, sec);
    if (ts > s->now) s->now = ts;
}

void dgts_advance(dgts *s, double now)
{
    if (!s->started) return;
    if (floor_sec(now) > s->cur_sec) move_to(s, floor_sec(now));
    if (now > s->now) s->now = now;
}

static void hll_add(uint8_t *reg, int p, uint64_t h)
{
    uint32_t idx = (uint32_t)(h >> (64 - p));
    uint64_t rest = h << p;
    uint8_t rank = rest ? (uint8_t)(__builtin_clzll(rest) + 1) : (uint8_t)(64 - p + 1);
    if (rank > reg[idx]) reg[idx] = rank;
}

static double hll_estimate(const uint8_t *reg, int p)
{
    double m = (double)(1u << p), sum = 0;
    int zeros = 0;
    for (uint32_t i = 0; i < (1u << p); i++) {
        sum += ldexp(1.0, -reg[i]);
        zeros += reg[i] == 0;
    }
    double e = (0.7213 / (1.0 + 1.079 / m)) * m * m / sum;
    if (e <= 2.5 * m && zeros) e = m * log(m / zeros);
    return e;
}

/* Packets and distinct sources of each tool the event was tagged with. */
static void count_tools(dgts *s, const dg_event *e, unsigned tools, int cc)
{
    uint64_t h = dg_addr_hash(e->ip_ver, e->src);
    tsh_add(s, h, cc, tools);
    for (int t = 0; t < DG_TOOL_COUNT; t++) {
        if (!(tools & (1u << t))) continue;
        s->tool_pkts[t] += e->pkts ? e->pkts : 1;
        hll_add(s->hll_now[t][s->hll_min % DGTS_MIRAI_NOW_MIN], HLL_NOW_P, h);
        s->hll_dirty[t][s->hll_min % DGTS_MIRAI_NOW_MIN] = true;
        hll_add(s->hll_tot[t], HLL_TOT_P, h);
    }
}

/* The per-packet path: a few increments, the tool sketches only for tagged packets. */
static void count_one(dgts *s, const dg_event *e)
{
    double ts = e->ts;
    if (!(ts >= 0 && ts < 1e11)) ts = s->now; /* NaN or absurd: count it as "now" */
    int64_t sec = floor_sec(ts);
    bool jumped = (e->flags & DGE_TIME_JUMP) != 0;
    if (sec != s->cur_sec || !s->started || jumped)
        place_time(s, ts, jumped);
    else if (ts > s->now)
        s->now = ts;
    uint64_t n = e->pkts ? e->pkts : 1; /* an aggregated event (a flow) counts all its packets */
    int64_t at = sec < s->cur_sec ? sec : s->cur_sec; /* a late packet: its own slots */
    ring_add(&s->sec, at, n);
    ring_add(&s->min, at / 60, n);
    ring_add(&s->ten, at / 600, n);
    s->total += n;
    s->cls[e->cls < DG_CLS_COUNT ? e->cls : DG_CLS_OTHER] += n;
    int cc = tsw_cc_index(e->cc);
    tsw_count(s, e->proto, e->dport, !(e->flags & DGE_NO_DPORT), cc, n);
    if (e->proto == DG_PROTO_TCP) {
        if (!(e->flags & DGE_NO_DPORT)) s->tcp[e->dport] += n;
    } else if (e->proto == DG_PROTO_UDP) {
        if (!(e->flags & DGE_NO_DPORT)) s->udp[e->dport] += n;
    } else {
        s->other[e->proto] += n;
    }
    s->cc[cc] += n;
    /* DGE_MIRAI (the arc's marker) and the Mirai tag say the same thing */
    unsigned tools = e->tools | ((e->flags & DGE_MIRAI) ? DG_TOOL_MIRAI : 0u);
    if (tools) count_tools(s, e, tools, cc);
}

void dgts_add(dgts *s, const dg_event *ev, size_t n)
{
    for (size_t i = 0; i < n; i++)
        count_one(s, &ev[i]);
}

/* Inserts (port, proto, pkts) into the descending list if it beats the last entry. */
static void top_port_offer(dgts *s, uint16_t port, uint8_t proto, uint64_t pkts)
{
    if (!pkts) return;
    if (s->n_ports == DGTS_TOP && pkts <= s->ports[DGTS_TOP - 1].pkts) return;
    int i = s->n_ports < DGTS_TOP ? s->n_ports++ : DGTS_TOP - 1;
    while (i > 0 && s->ports[i - 1].pkts < pkts) {
        s->ports[i] = s->ports[i - 1];
        i--;
    }
    s->ports[i] = (dgts_port){.port = port, .proto = proto, .pkts = pkts};
}

static void top_cc_offer(dgts *s, int idx, uint64_t pkts)
{
    if (!pkts) return;
    if (s->n_countries == DGTS_TOP && pkts <= s->countries[DGTS_TOP - 1].pkts) return;
    int i = s->n_countries < DGTS_TOP ? s->n_countries++ : DGTS_TOP - 1;
    while (i > 0 && s->countries[i - 1].pkts < pkts) {
        s->countries[i] = s->countries[i - 1];
        i--;
    }
    dgts_country c = {.pkts = pkts};
    tsw_cc_name(idx, c.cc);
    s->countries[i] = c;
}

/* Full rescan of the exact tables: ~130k counters, done a few times per second at most. */
static void rescan_since_start(dgts *s)
{
    s->n_ports = s->n_countries = 0;
    for (uint32_t p = 0; p < 65536; p++)
        top_port_offer(s, (uint16_t)p, DG_PROTO_TCP, s->tcp[p]);
    for (uint32_t p = 0; p < 65536; p++)
        top_port_offer(s, (uint16_t)p, DG_PROTO_UDP, s->udp[p]);
    for (uint32_t p = 0; p < 256; p++)
        top_port_offer(s, 0, (uint8_t)p, s->other[p]);
    for (int i = 0; i < CC_N; i++)
        top_cc_offer(s, i, s->cc[i]);
    s->window_pkts = s->total;
}

/* The top lists of the chosen window, with shares of that window's packets and trends. */
static void rescan_tops(dgts *s)
{
    if (s->window == DGTS_W_ALL) rescan_since_start(s);
    tsw_tops(s);
    double t = s->window_pkts ? (double)s->window_pkts : 1.0;
    for (int i = 0; i < s->n_ports; i++)
        s->ports[i].share = (double)s->ports[i].pkts / t;
    double tc = s->cc_window_pkts ? (double)s->cc_window_pkts : 1.0;
    for (int i = 0; i < s->n_countries; i++)
        s->countries[i].share = (double)s->countries[i].pkts / tc;
    s->tops_valid = true;
    s->tops_at = s->now;
    s->tops_total = s->total;
}

void dgts_invalidate_tops(dgts *s)
{
    s->tops_valid = false;
}

void dgts_set_window(dgts *s, enum dgts_window w)
{
    s->window = w < DGTS_W_COUNT ? w : DGTS_W_ALL;
    s->merged_valid = false;
    s->tops_valid = false;
}

enum dgts_window dgts_get_window(const dgts *s)
{
    return s->window;
}

static bool tops_due(const dgts *s)
{
    if (!s->tops_valid) return true;
    /* a sliding window moves with time, not only with packets */
    if (s->tops_total == s->total && s->window == DGTS_W_ALL) return false;
    return s->now - s->tops_at >= DGTS_TOP_PERIOD || s->now < s->tops_at;
}

/* Estimated distinct sources of tool t over the minute sketches (register-wise max =
 * union). */
static uint64_t hosts_now(const dgts *s, int t)
{
    uint8_t u[1u << HLL_NOW_P];
    memcpy(u, s->hll_now[t][0], sizeof u);
    for (int k = 1; k < DGTS_MIRAI_NOW_MIN; k++)
        for (uint32_t i = 0; i < sizeof u; i++)
            if (s->hll_now[t][k][i] > u[i]) u[i] = s->hll_now[t][k][i];
    return (uint64_t)llround(hll_estimate(u, HLL_NOW_P));
}

static void fill_tools(const dgts *s, dgts_view *v)
{
    for (int t = 0; t < DG_TOOL_COUNT; t++) {
        v->tool_pkts[t] = s->tool_pkts[t];
        v->tool_hosts_now[t] = s->started && s->tool_pkts[t] ? hosts_now(s, t) : 0;
        v->tool_hosts_total[t] = (uint64_t)llround(hll_estimate(s->hll_tot[t], HLL_TOT_P));
        /* The two sketches err independently; "total" must never read below "now". */
        if (v->tool_hosts_total[t] < v->tool_hosts_now[t])
            v->tool_hosts_total[t] = v->tool_hosts_now[t];
    }
    v->mirai_pkts = v->tool_pkts[0];
    v->mirai_hosts_now = v->tool_hosts_now[0];
    v->mirai_hosts_total = v->tool_hosts_total[0];
    tsh_fill(s, v);
}

static void fill_windows(const dgts *s, dgts_view *v)
{
    v->rate = s->started ? (double)ring_at(&s->sec, s->sec.cur - 1) : 0; /* see tstats.h */
    v->last_1m = s->started ? ring_sum(&s->sec, 60) : 0;
    v->last_1h = s->started ? ring_sum(&s->min, 60) : 0;
    v->last_24h = s->started ? ring_sum(&s->ten, 144) : 0;
    for (int i = 0; i < DGTS_SPARK; i++)
        v->spark[i] = s->started ? (float)ring_at(&s->sec, s->sec.cur - DGTS_SPARK + i) : 0;
}

void dgts_read(dgts *s, dgts_view *v)
{
    if (tops_due(s)) rescan_tops(s);
    memset(v, 0, sizeof *v);
    v->now = s->now;
    v->total = s->total;
    v->window = s->window;
    v->window_pkts = s->window_pkts;
    fill_windows(s, v);
    v->n_ports = s->n_ports;
    v->n_countries = s->n_countries;
    memcpy(v->ports, s->ports, sizeof v->ports);
    memcpy(v->countries, s->countries, sizeof v->countries);
    memcpy(v->cls_pkts, s->cls, sizeof v->cls_pkts);
    fill_tools(s, v);
}

const char *dgts_port_label(const dgts_port *p, char *buf, size_t cap)
{
    const char *name = dgn_proto_name(p->proto);
    if (!name)
        snprintf(buf, cap, "proto %u", p->proto);
    else if (p->proto == DG_PROTO_TCP || p->proto == DG_PROTO_UDP)
        snprintf(buf, cap, "%u/%s", p->port, name);
    else
        snprintf(buf, cap, "%s", name);
    return buf;
}
