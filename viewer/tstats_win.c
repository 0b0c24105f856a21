/* tstats_win.c - the top lists over a window (last 1 min, 10 min, 1 h, since start) and their
 * trends (see tstats.h). Ports: the 10 s bucket in progress is exact; each closed bucket
 * keeps its DGTS_BUCKET_TOP busiest ports, so a port in a window's top ten is counted in
 * full unless it was outside the top 48 of some of its 10 s buckets. Countries: exact 10 s
 * and 1 min rings. The closed buckets of the window are merged once per bucket close. */
#include "tstats_int.h"

#include <stdlib.h>
#include <string.h>

#define KEY_TCP 0
#define KEY_UDP 65536
#define KEY_OTHER 131072

static const int window_s[DGTS_W_COUNT] = {60, 600, 3600, 0};
/* The newest part of each window that its trend compares with the rest. */
static const int recent_s[DGTS_W_COUNT] = {10, 60, 600, 600};

int tsw_cc_index(const char cc[3])
{
    int a = cc[0] & ~0x20, b = cc[1] & ~0x20; /* ASCII upper case */
    if (a < 'A' || a > 'Z' || b < 'A' || b > 'Z' || cc[2]) return CC_UNKNOWN;
    return (a - 'A') * 26 + (b - 'A');
}

void tsw_cc_name(int idx, char cc[3])
{
    memset(cc, 0, 3);
    if (idx == CC_UNKNOWN) return;
    cc[0] = (char)('A' + idx / 26);
    cc[1] = (char)('A' + idx % 26);
}

/* Index of a port counter: TCP ports, UDP ports, then port-less IP protocols; -1: none. */
static int port_index(uint8_t proto, uint16_t port, bool has_port)
{
    if (proto == DG_PROTO_TCP) return has_port ? KEY_TCP + port : -1;
    if (proto == DG_PROTO_UDP) return has_port ? KEY_UDP + port : -1;
    return KEY_OTHER + proto;
}

static void index_port(uint32_t idx, uint8_t *proto, uint16_t *port)
{
    *proto = idx >= KEY_OTHER ? (uint8_t)(idx - KEY_OTHER)
             : idx >= KEY_UDP ? DG_PROTO_UDP
                              : DG_PROTO_TCP;
    *port = idx >= KEY_OTHER ? 0 : (uint16_t)(idx & 0xffff);
}

static void clear_cur_ports(dgts *s)
{
    if (s->ntouched > TOUCH_N)
        memset(s->cur_port, 0, sizeof s->cur_port);
    else
        for (int i = 0; i < s->ntouched; i++)
            s->cur_port[s->touched[i]] = 0;
    s->ntouched = 0;
    s->cur_bucket_total = 0;
}

static void clear_slots(uint32_t (*cnt)[CC_N], uint16_t *nlist, uint16_t (*list)[CC_N],
                        int64_t *ids, int n)
{
    for (int k = 0; k < n; k++) {
        for (int i = 0; i < nlist[k]; i++)
            cnt[k][list[k][i]] = 0;
        nlist[k] = 0;
        ids[k] = -1;
    }
}

/* Clears what was counted, not whole tables: replays of disordered logs restart often. */
void tsw_restart(dgts *s)
{
    clear_cur_ports(s);
    for (int i = 0; i < PB_N; i++)
        s->pb[i].id = -1;
    clear_slots(s->cc_ten, s->ct_n, s->ct_list, s->ct_id, CT_N);
    clear_slots(s->cc_min, s->cm_n, s->cm_list, s->cm_id, CM_N);
    int64_t b = s->cur_sec / DGTS_BUCKET_S, m = s->cur_sec / 60;
    s->ct_id[b % CT_N] = b;
    s->cm_id[m % CM_N] = m;
    s->merged_valid = false;
}

void tsw_count(dgts *s, uint8_t proto, uint16_t port, bool has_port, int cc, uint32_t n)
{
    int idx = port_index(proto, port, has_port);
    s->cur_bucket_total += n;
    if (idx >= 0 && s->cur_port[idx]++ == 0) {
        if (s->ntouched < TOUCH_N) s->touched[s->ntouched] = (uint32_t)idx;
        if (s->ntouched <= TOUCH_N) s->ntouched++;
    }
    int t = (int)((s->cur_sec / DGTS_BUCKET_S) % CT_N), m = (int)((s->cur_sec / 60) % CM_N);
    if (!s->cc_ten[t][cc]) s->ct_list[t][s->ct_n[t]++] = (uint16_t)cc;
    if (!s->cc_min[m][cc]) s->cm_list[m][s->cm_n[m]++] = (uint16_t)cc;
    s->cc_ten[t][cc] += n;
    s->cc_min[m][cc] += n;
}

/* Offers (key, count) to a descending list of at most cap entries. */
static void offer(uint32_t *keys, uint64_t *cnts, int *n, int cap, uint32_t key, uint64_t cnt)
{
    if (!cnt || (*n == cap && cnt <= cnts[cap - 1])) return;
    int i = *n < cap ? (*n)++ : cap - 1;
    for (; i > 0 && cnts[i - 1] < cnt; i--) {
        keys[i] = keys[i - 1];
        cnts[i] = cnts[i - 1];
    }
    keys[i] = key;
    cnts[i] = cnt;
}

/* The keys the bucket in progress counted: its touched list, or every key once that list
 * overflowed (cur_key then names keys that may be zero). */
static int cur_keys(const dgts *s)
{
    return s->ntouched > TOUCH_N ? PORT_KEYS : s->ntouched;
}

static uint32_t cur_key(const dgts *s, int i)
{
    return s->ntouched > TOUCH_N ? (uint32_t)i : s->touched[i];
}

/* Closes the bucket in progress (number id): keeps its busiest ports, clears the counters. */
static void close_bucket(dgts *s, int64_t id)
{
    pbucket *b = &s->pb[id % PB_N];
    uint64_t cnt[DGTS_BUCKET_TOP];
    int n = 0;
    for (int i = 0, nk = cur_keys(s); i < nk; i++)
        offer(b->key, cnt, &n, DGTS_BUCKET_TOP, cur_key(s, i), s->cur_port[cur_key(s, i)]);
    for (int i = 0; i < n; i++)
        b->cnt[i] = (uint32_t)(cnt[i] > UINT32_MAX ? UINT32_MAX : cnt[i]);
    b->n = (uint32_t)n;
    b->id = id;
    b->total = s->cur_bucket_total;
    clear_cur_ports(s);
    s->merged_valid = false;
}

/* Starts the ring slots of units (from, to], clearing only the countries each one counted;
 * at most one pass over the ring. */
static void ring_units(int64_t *ids, uint32_t (*cnt)[CC_N], uint16_t *nlist, uint16_t (*list)[CC_N],
                       int n, int64_t from, int64_t to)
{
    int64_t first = to - from > n ? to - n + 1 : from + 1;
    for (int64_t u = first; u <= to; u++) {
        int k = (int)(u % n);
        ids[k] = u;
        for (int i = 0; i < nlist[k]; i++)
            cnt[k][list[k][i]] = 0;
        nlist[k] = 0;
    }
}

void tsw_move(dgts *s, int64_t from_sec, int64_t to_sec)
{
    int64_t fb = from_sec / DGTS_BUCKET_S, tb = to_sec / DGTS_BUCKET_S;
    if (tb > fb) {
        close_bucket(s, fb);
        ring_units(s->ct_id, s->cc_ten, s->ct_n, s->ct_list, CT_N, fb, tb);
    }
    if (to_sec / 60 > from_sec / 60)
        ring_units(s->cm_id, s->cc_min, s->cm_n, s->cm_list, CM_N, from_sec / 60, to_sec / 60);
}

static int cmp_merged(const void *a, const void *b)
{
    uint32_t x = ((const merged *)a)->key, y = ((const merged *)b)->key;
    return (x > y) - (x < y);
}

/* Closed bucket ids of the window ([lo, cur - 1]) and of its recent part ([rlo, cur - 1]),
 * never before the bucket the statistics started in. */
static void window_ids(const dgts *s, int64_t *lo, int64_t *rlo, int64_t *cur)
{
    int w = s->window == DGTS_W_ALL ? recent_s[DGTS_W_ALL] : window_s[s->window];
    int64_t start = s->start_sec / DGTS_BUCKET_S;
    *cur = s->cur_sec / DGTS_BUCKET_S;
    *lo = *cur - w / DGTS_BUCKET_S;
    *rlo = *cur - recent_s[s->window] / DGTS_BUCKET_S;
    if (*lo < start) *lo = start;
    if (*rlo < start) *rlo = start;
}

/* Sums the closed buckets of the window per port (sorted by key), with their recent part. */
static void merge_closed(dgts *s)
{
    int64_t lo, rlo, cur;
    window_ids(s, &lo, &rlo, &cur);
    int n = 0;
    s->merged_total = s->merged_recent_total = 0;
    for (int64_t id = lo; id < cur; id++) {
        const pbucket *b = &s->pb[id % PB_N];
        if (b->id != id) continue;
        s->merged_total += b->total;
        if (id >= rlo) s->merged_recent_total += b->total;
        for (uint32_t i = 0; i < b->n; i++)
            s->mg[n++] = (merged){b->key[i], b->cnt[i], id >= rlo ? b->cnt[i] : 0};
    }
    qsort(s->mg, (size_t)n, sizeof s->mg[0], cmp_merged);
    int k = 0;
    for (int i = 0; i < n; i++) {
        if (k && s->mg[k - 1].key == s->mg[i].key) {
            s->mg[k - 1].cnt += s->mg[i].cnt;
            s->mg[k - 1].recent += s->mg[i].recent;
        } else {
            s->mg[k++] = s->mg[i];
        }
    }
    s->nmerged = k;
    s->merged_valid = true;
}

static const merged *find_merged(const dgts *s, uint32_t key)
{
    merged m = {.key = key};
    return bsearch(&m, s->mg, (size_t)s->nmerged, sizeof m, cmp_merged);
}

int dgts_trend_of(double r, double rs, double o, double os)
{
    if (rs <= 0 || os <= 0 || (r < 3 && o < 3)) return DGTS_STEADY;
    double rr = r / rs, ro = o / os;
    if (rr > 1.5 * ro) return DGTS_RISING;
    if (rr * 1.5 < ro) return DGTS_FALLING;
    return DGTS_STEADY;
}

/* Seconds of data in the window's recent part (with the bucket in progress, so a burst shows
 * at once) and before it. */
static void spans(const dgts *s, double *rs, double *os)
{
    int64_t lo, rlo, cur;
    window_ids(s, &lo, &rlo, &cur);
    *rs = (double)(cur - rlo) * DGTS_BUCKET_S + (s->now - (double)(cur * DGTS_BUCKET_S));
    if (s->window == DGTS_W_ALL)
        *os = (double)(rlo - s->start_sec / DGTS_BUCKET_S) * DGTS_BUCKET_S;
    else
        *os = (double)(rlo - lo) * DGTS_BUCKET_S;
}

static void port_tops(dgts *s)
{
    uint32_t keys[DGTS_TOP];
    uint64_t cnts[DGTS_TOP];
    int n = 0;
    for (int i = 0; i < s->nmerged; i++)
        offer(keys, cnts, &n, DGTS_TOP, s->mg[i].key, s->mg[i].cnt + s->cur_port[s->mg[i].key]);
    for (int i = 0, nk = cur_keys(s); i < nk; i++) {
        uint32_t k = cur_key(s, i);
        if (s->cur_port[k] && !find_merged(s, k))
            offer(keys, cnts, &n, DGTS_TOP, k, s->cur_port[k]);
    }
    s->n_ports = n;
    for (int i = 0; i < n; i++) {
        s->ports[i] = (dgts_port){.pkts = cnts[i]};
        index_port(keys[i], &s->ports[i].proto, &s->ports[i].port);
    }
    s->window_pkts = s->merged_total + s->cur_bucket_total;
}

static void port_trends(dgts *s)
{
    double rs, os;
    spans(s, &rs, &os);
    for (int i = 0; i < s->n_ports; i++) {
        dgts_port *p = &s->ports[i];
        int idx = port_index(p->proto, p->port, true);
        const merged *m = find_merged(s, (uint32_t)idx);
        double part = s->cur_port[idx], r = (m ? (double)m->recent : 0) + part;
        p->trend = (int8_t)dgts_trend_of(r, rs, (double)p->pkts - r, os);
    }
}

/* Country counts of a ring over units [lo, hi] into out (added). */
static void ring_sum_cc(const int64_t *ids, uint32_t (*cnt)[CC_N], const uint16_t *nlist,
                        uint16_t (*list)[CC_N], int n, int64_t lo, int64_t hi, uint64_t *out)
{
    for (int64_t u = lo; u <= hi; u++) {
        int k = (int)(u % n);
        if (u < 0 || ids[k] != u) continue;
        for (int i = 0; i < nlist[k]; i++)
            out[list[k][i]] += cnt[k][list[k][i]];
    }
}

/* Per country: packets in the window (with the unit in progress) and in its recent part. */
static void cc_window(const dgts *s, uint64_t *win, uint64_t *recent, double *rs, double *os)
{
    bool tens = s->window == DGTS_W_1M;
    int unit = tens ? DGTS_BUCKET_S : 60, n = tens ? CT_N : CM_N;
    const int64_t *ids = tens ? s->ct_id : s->cm_id;
    uint32_t(*cnt)[CC_N] = tens ? (uint32_t(*)[CC_N])s->cc_ten : (uint32_t(*)[CC_N])s->cc_min;
    const uint16_t *nl = tens ? s->ct_n : s->cm_n;
    uint16_t(*list)[CC_N] = tens ? (uint16_t(*)[CC_N])s->ct_list : (uint16_t(*)[CC_N])s->cm_list;
    int64_t cur = s->cur_sec / unit, start = s->start_sec / unit;
    int64_t rlo = cur - recent_s[s->window] / unit, lo = cur - window_s[s->window] / unit;
    if (s->window == DGTS_W_ALL) lo = rlo;
    if (lo < start) lo = start;
    if (rlo < start) rlo = start;
    ring_sum_cc(ids, cnt, nl, list, n, rlo, cur, recent);
    ring_sum_cc(ids, cnt, nl, list, n, lo, cur, win);
    *rs = (double)(cur - rlo) * unit + (s->now - (double)(cur * unit));
    *os = s->window == DGTS_W_ALL ? (double)(rlo - start) * unit : (double)(rlo - lo) * unit;
}

static void country_tops(dgts *s)
{
    static uint64_t win[CC_N], recent[CC_N]; /* render thread only */
    memset(win, 0, sizeof win);
    memset(recent, 0, sizeof recent);
    double rs, os;
    cc_window(s, win, recent, &rs, &os);
    s->cc_window_pkts = s->total;
    if (s->window != DGTS_W_ALL) {
        s->cc_window_pkts = 0;
        for (int c = 0; c < CC_N; c++)
            s->cc_window_pkts += win[c];
        uint32_t keys[DGTS_TOP];
        uint64_t cnts[DGTS_TOP];
        int n = 0;
        for (int c = 0; c < CC_N; c++)
            offer(keys, cnts, &n, DGTS_TOP, (uint32_t)c, win[c]);
        s->n_countries = n;
        for (int i = 0; i < n; i++) {
            s->countries[i] = (dgts_country){.pkts = cnts[i]};
            tsw_cc_name((int)keys[i], s->countries[i].cc);
        }
    }
    for (int i = 0; i < s->n_countries; i++) {
        int c = tsw_cc_index(s->countries[i].cc);
        double r = (double)recent[c], o = (double)s->countries[i].pkts - r;
        s->countries[i].trend = (int8_t)dgts_trend_of(r, rs, o, os);
    }
}

void tsw_tops(dgts *s)
{
    if (!s->merged_valid) merge_closed(s);
    if (s->window != DGTS_W_ALL) port_tops(s);
    port_trends(s);
    country_tops(s);
}

bool dgts_window_parse(const char *name, enum dgts_window *out)
{
    for (int w = 0; w < DGTS_W_COUNT; w++)
        if (!strcmp(name, dgts_window_name((enum dgts_window)w))) return (*out = w), true;
    return false;
}

const char *dgts_window_name(enum dgts_window w)
{
    static const char *const names[DGTS_W_COUNT] = {"1m", "10m", "1h", "all"};
    return w < DGTS_W_COUNT ? names[w] : "all";
}

const char *dgts_window_caption(enum dgts_window w)
{
    static const char *const names[DGTS_W_COUNT] = {"LAST 1 MIN", "LAST 10 MIN", "LAST 1 HOUR",
                                                    "SINCE START"};
    return w < DGTS_W_COUNT ? names[w] : names[DGTS_W_ALL];
}
