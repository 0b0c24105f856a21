/* arcs.c - two rings of arc instances, per-source aggregation, a stratified per-batch sampler
 * and the featured/crowd split (see arcs.h). */
#include "arcs.h"
#include "addr.h"
#include "palette.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Strata are (source address, class) hashed into this many buckets: enough that a handful of
 * heavy scanners rarely share a bucket with the many light ones. */
#define N_STRATA 4096

/* A batch may fill at most this many seconds' worth of the pool's steady rate. Without the cap a
 * burst after a quiet spell fills the whole pool at once, the cohort expires together a
 * lifetime later, and the pool pulses instead of staying evenly spread over its lifetime. */
#define DGA_BURST_S 0.25

/* Events are grouped and sampled this many at a time (the scratch arrays' length). */
#define CHUNK 65536
/* Weight levels for picking a batch's heaviest arcs as featured. */
#define N_LEVELS 16

typedef struct ring {
    size_t base, cap; /* slots [base, base + cap) of the instance array */
    size_t head;      /* next position to write */
    size_t live;      /* arcs in [head - live, head) */
    size_t dirty_first, dirty_n;
} ring;

typedef struct cand {
    uint32_t idx;   /* event in the batch */
    uint32_t pkts;  /* packets the arc stands for */
    uint8_t tier;   /* where it goes once admitted */
} cand;

struct dga_pool {
    ring rings[DGA_TIERS];
    double flight_s, lifetime_s;
    double tokens; /* admission budget, refilled at capacity / lifetime per second */
    double burst;  /* most tokens that can pile up: DGA_BURST_S of flow at full rate */
    double feat_tokens;
    size_t feat_target; /* featured arcs wanted live */
    double last_s;      /* time of the last refill, or NAN before the first */
    enum dgps_scale scale;
    bool by_tool; /* colour slot from the scanner tool, not the class */
    uint32_t generation;
    dga_counters ctr;
    dgag *agg;
    dga_inst *inst;
    double *born;        /* absolute birth time per slot, for expiry */
    cand *cands;         /* per-batch scratch: arcs the batch launches */
    uint32_t *stratum_n; /* per-batch scratch: arcs per stratum */
    uint32_t *stratum_k; /* per-batch scratch: slots granted per stratum */
    uint32_t *stratum_j; /* per-batch scratch: arcs of the stratum seen so far */
};

dga_pool *dga_create(size_t capacity, double flight_s, double lifetime_s)
{
    if (capacity < 2 || !(flight_s > 0)) return NULL;
    if (!(lifetime_s >= flight_s)) lifetime_s = flight_s;
    if (lifetime_s > DGA_TIME_PERIOD / 4) lifetime_s = DGA_TIME_PERIOD / 4;
    if (flight_s > lifetime_s) flight_s = lifetime_s;
    dga_pool *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    p->inst = calloc(capacity, sizeof *p->inst);
    p->born = calloc(capacity, sizeof *p->born);
    p->cands = calloc(CHUNK, sizeof *p->cands);
    p->stratum_n = calloc(N_STRATA, sizeof *p->stratum_n);
    p->stratum_k = calloc(N_STRATA, sizeof *p->stratum_k);
    p->stratum_j = calloc(N_STRATA, sizeof *p->stratum_j);
    p->agg = dgag_create(capacity * 2, lifetime_s);
    if (!p->inst || !p->born || !p->cands || !p->stratum_n || !p->stratum_k || !p->stratum_j ||
        !p->agg) {
        dga_destroy(p);
        return NULL;
    }
    size_t feat = capacity / 4 < DGA_FEATURE_MAX ? capacity / 4 : DGA_FEATURE_MAX;
    if (feat == 0) feat = 1;
    p->rings[DGA_FEATURED] = (ring){.base = 0, .cap = feat};
    p->rings[DGA_CROWD] = (ring){.base = feat, .cap = capacity - feat};
    p->flight_s = flight_s;
    p->lifetime_s = lifetime_s;
    p->burst = fmax(1.0, (double)capacity * DGA_BURST_S / lifetime_s);
    p->tokens = p->burst;
    p->last_s = NAN;
    p->scale = DGPS_LOG;
    static uint32_t generations;
    p->generation = ++generations;
    return p;
}

void dga_destroy(dga_pool *p)
{
    if (!p) return;
    free(p->inst);
    free(p->born);
    free(p->cands);
    free(p->stratum_n);
    free(p->stratum_k);
    free(p->stratum_j);
    dgag_destroy(p->agg);
    free(p);
}

void dga_set_port_scale(dga_pool *p, enum dgps_scale scale)
{
    p->scale = scale;
}

void dga_set_color_by_tool(dga_pool *p, bool by_tool)
{
    p->by_tool = by_tool;
}

bool dga_color_by_tool(const dga_pool *p)
{
    return p->by_tool;
}

void dga_set_mode(dga_pool *p, enum dgag_mode mode)
{
    dgag_set_mode(p->agg, mode);
}

const dgag *dga_aggregator(const dga_pool *p)
{
    return p->agg;
}

void dga_set_feature_budget(dga_pool *p, size_t n)
{
    size_t cap = p->rings[DGA_FEATURED].cap;
    p->feat_target = n < cap ? n : cap;
}

static void expire_ring(dga_pool *p, ring *r, double now_s)
{
    while (r->live > 0) {
        size_t oldest = r->base + (r->head + r->cap - r->live) % r->cap;
        if (p->born[oldest] + p->lifetime_s > now_s) break;
        r->live--;
    }
}

void dga_expire(dga_pool *p, double now_s)
{
    for (int t = 0; t < DGA_TIERS; t++)
        expire_ring(p, &p->rings[t], now_s);
}

/* Refills the admission budgets for the time elapsed since the last batch. */
static void refill(dga_pool *p, double now_s)
{
    /* the first batch may spend a full burst, like any batch after a quiet spell */
    double dt = isnan(p->last_s) ? 1e9 : now_s > p->last_s ? now_s - p->last_s : 0;
    size_t cap = dga_capacity(p);
    p->tokens += dt * (double)cap / p->lifetime_s;
    p->last_s = now_s;
    if (p->tokens > p->burst) p->tokens = p->burst;
    /* featured arcs join at the pace that keeps feat_target of them live */
    double feat_rate = (double)p->feat_target / p->lifetime_s;
    p->feat_tokens += dt * feat_rate;
    double feat_burst = fmax(1.0, feat_rate * DGA_BURST_S);
    if (p->feat_tokens > feat_burst) p->feat_tokens = feat_burst;
}

static bool placed(const dg_event *e)
{
    return (e->flags & (DGE_SRC_PLACED | DGE_DST_PLACED)) == (DGE_SRC_PLACED | DGE_DST_PLACED);
}

/* The stratum of a (source address, class) pair. */
static uint32_t stratum_of(const dg_event *e)
{
    return (uint32_t)(dg_mix64(dg_addr_hash(e->ip_ver, e->src) + e->cls) % N_STRATA);
}

static void unit_vector(float lat_deg, float lon_deg, float out[3])
{
    double la = lat_deg * (M_PI / 180.0), lo = lon_deg * (M_PI / 180.0);
    out[0] = (float)(cos(la) * sin(lo));
    out[1] = (float)sin(la);
    out[2] = (float)(cos(la) * cos(lo));
}

/* Writes one arc into the next position of its tier's ring; the caller has checked there is
 * room. */
static void write_arc(dga_pool *p, const dg_event *e, const cand *c, double now_s)
{
    ring *r = &p->rings[c->tier];
    size_t slot = r->base + r->head;
    dga_inst *a = &p->inst[slot];
    unit_vector(e->src_lat, e->src_lon, a->src);
    unit_vector(e->dst_lat, e->dst_lon, a->dst);
    double d = (double)a->src[0] * a->dst[0] + (double)a->src[1] * a->dst[1] +
               (double)a->src[2] * a->dst[2];
    a->omega = (float)acos(d > 1 ? 1 : d < -1 ? -1 : d);
    a->birth = (float)fmod(now_s, DGA_TIME_PERIOD);
    a->height =
        e->flags & DGE_NO_DPORT ? DGA_HEIGHT_NO_PORT : dgps_height(e->dport, p->scale);
    a->meta = DGA_META(dgp_slot(e, p->by_tool), e->flags);
    a->seed = (float)((stratum_of(e) ^ (uint32_t)p->ctr.admitted * 2654435761u) >> 8) /
              16777216.0f;
    a->weight = (float)c->pkts;
    p->born[slot] = now_s;
    if (r->dirty_n == 0) r->dirty_first = r->head;
    if (r->dirty_n < r->cap) r->dirty_n++;
    r->head = (r->head + 1) % r->cap;
    r->live++;
    p->ctr.admitted++;
}

/* Water-filling: the largest per-stratum quota q with sum(min(n_s, q)) <= budget, then one
 * extra slot to strata still wanting more until the budget is spent. Fills stratum_k. */
static void allot(dga_pool *p, size_t budget)
{
    uint32_t lo = 0, hi = 0;
    for (size_t s = 0; s < N_STRATA; s++)
        if (p->stratum_n[s] > hi) hi = p->stratum_n[s];
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo + 1) / 2;
        size_t sum = 0;
        for (size_t s = 0; s < N_STRATA; s++)
            sum += p->stratum_n[s] < mid ? p->stratum_n[s] : mid;
        if (sum <= budget)
            lo = mid;
        else
            hi = mid - 1;
    }
    size_t used = 0;
    for (size_t s = 0; s < N_STRATA; s++) {
        p->stratum_k[s] = p->stratum_n[s] < lo ? p->stratum_n[s] : lo;
        used += p->stratum_k[s];
    }
    for (size_t s = 0; s < N_STRATA && used < budget; s++)
        if (p->stratum_n[s] > p->stratum_k[s]) p->stratum_k[s]++, used++;
}

/* Whether the j-th of n gets one of k places, evenly spaced: floor((j+1)k/n) > floor(jk/n). */
static bool evenly(uint64_t j, uint64_t k, uint64_t n)
{
    return (j + 1) * k / n > j * k / n;
}

/* Overloaded batch: keeps the allotted share of each stratum, evenly spaced within it, and
 * compacts the kept candidates to the front. Returns how many are kept. */
static size_t sample(dga_pool *p, const dg_event *ev, size_t m, size_t budget)
{
    memset(p->stratum_n, 0, N_STRATA * sizeof *p->stratum_n);
    memset(p->stratum_j, 0, N_STRATA * sizeof *p->stratum_j);
    for (size_t i = 0; i < m; i++)
        p->stratum_n[stratum_of(&ev[p->cands[i].idx])]++;
    allot(p, budget);
    size_t kept = 0;
    for (size_t i = 0; i < m; i++) {
        uint32_t s = stratum_of(&ev[p->cands[i].idx]);
        if (evenly(p->stratum_j[s]++, p->stratum_k[s], p->stratum_n[s]))
            p->cands[kept++] = p->cands[i];
        else
            p->ctr.sampled_out++;
    }
    return kept;
}

static int level_of(uint32_t pkts)
{
    int l = (int)(dgag_level(pkts) * N_LEVELS);
    return l < N_LEVELS ? l : N_LEVELS - 1;
}

/* Marks up to k of the m admitted arcs featured: every arc above a threshold level, and of
 * the threshold level as many as fit, evenly spaced (per packet all weigh one: an even
 * sample of the batch). */
static void feature(dga_pool *p, size_t m, size_t k)
{
    size_t per_level[N_LEVELS] = {0}, above = 0;
    for (size_t i = 0; i < m; i++) {
        p->cands[i].tier = DGA_CROWD;
        per_level[level_of(p->cands[i].pkts)]++;
    }
    int thr = N_LEVELS - 1;
    while (thr > 0 && above + per_level[thr] < k)
        above += per_level[thr--];
    size_t want = k - above < per_level[thr] ? k - above : per_level[thr], j = 0;
    for (size_t i = 0; i < m; i++) {
        int l = level_of(p->cands[i].pkts);
        if (l > thr || (l == thr && evenly(j++, want, per_level[thr])))
            p->cands[i].tier = DGA_FEATURED;
    }
}

/* Candidates (arcs to launch) of placed events; counts unplaced and folded ones. */
static size_t launches(dga_pool *p, const dg_event *ev, size_t n, double now_s)
{
    for (size_t i = 0; i < n; i++)
        if (placed(&ev[i])) dgag_count(p->agg, &ev[i]);
    dgag_tick(p->agg, now_s);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (!placed(&ev[i])) {
            p->ctr.unplaced++;
            continue;
        }
        uint32_t w = dgag_launch(p->agg, &ev[i], dgag_lane(&ev[i], p->scale), now_s);
        if (w)
            p->cands[m++] = (cand){(uint32_t)i, w, DGA_CROWD};
        else
            p->ctr.folded++;
    }
    return m;
}

/* One chunk of at most CHUNK events. */
static void add_chunk(dga_pool *p, const dg_event *ev, size_t n, double now_s)
{
    size_t m = launches(p, ev, n, now_s);
    ring *f = &p->rings[DGA_FEATURED], *c = &p->rings[DGA_CROWD];
    size_t room_f = p->feat_target > f->live ? p->feat_target - f->live : 0;
    if ((double)room_f > p->feat_tokens) room_f = (size_t)p->feat_tokens;
    size_t budget = room_f + (c->cap - c->live);
    if ((double)budget > p->tokens) budget = (size_t)p->tokens;
    if (m > budget) m = sample(p, ev, m, budget);
    size_t k = m < room_f ? m : room_f;
    feature(p, m, k);
    for (size_t i = 0; i < m; i++)
        write_arc(p, &ev[p->cands[i].idx], &p->cands[i], now_s);
    p->tokens -= (double)m;
    p->feat_tokens -= (double)k;
}

void dga_add(dga_pool *p, const dg_event *ev, size_t n, double now_s)
{
    dga_expire(p, now_s);
    refill(p, now_s);
    for (size_t done = 0; done < n; done += CHUNK)
        add_chunk(p, ev + done, n - done < CHUNK ? n - done : CHUNK, now_s);
}

size_t dga_live(const dga_pool *p)
{
    return p->rings[DGA_FEATURED].live + p->rings[DGA_CROWD].live;
}

size_t dga_tier_live(const dga_pool *p, enum dga_tier tier)
{
    return p->rings[tier].live;
}

size_t dga_capacity(const dga_pool *p)
{
    return p->rings[DGA_FEATURED].cap + p->rings[DGA_CROWD].cap;
}

double dga_flight_s(const dga_pool *p)
{
    return p->flight_s;
}

double dga_lifetime_s(const dga_pool *p)
{
    return p->lifetime_s;
}

dga_counters dga_get_counters(const dga_pool *p)
{
    return p->ctr;
}

const dga_inst *dga_instances(const dga_pool *p)
{
    return p->inst;
}

void dga_tier_slots(const dga_pool *p, enum dga_tier tier, size_t *base, size_t *cap)
{
    *base = p->rings[tier].base;
    *cap = p->rings[tier].cap;
}

void dga_live_range(const dga_pool *p, enum dga_tier tier, size_t *first, size_t *count)
{
    const ring *r = &p->rings[tier];
    *first = (r->head + r->cap - r->live) % r->cap;
    *count = r->live;
}

void dga_dirty_range(const dga_pool *p, enum dga_tier tier, size_t *first, size_t *count)
{
    const ring *r = &p->rings[tier];
    *first = r->dirty_n == r->cap ? 0 : r->dirty_first;
    *count = r->dirty_n;
}

void dga_clear_dirty(dga_pool *p)
{
    for (int t = 0; t < DGA_TIERS; t++)
        p->rings[t].dirty_n = 0;
}

uint32_t dga_generation(const dga_pool *p)
{
    return p->generation;
}
