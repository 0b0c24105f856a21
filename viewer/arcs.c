/* arcs.c - ring pool of arc instances with a stratified per-frame sampler (see arcs.h). */
#include "arcs.h"
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

struct dga_pool {
    size_t cap;
    size_t head; /* next slot to write */
    size_t live; /* arcs in [head - live, head) */
    size_t dirty_first, dirty_n;
    double flight_s, lifetime_s;
    double tokens; /* admission budget, refilled at cap / lifetime per second */
    double burst;  /* most tokens that can pile up: DGA_BURST_S of flow at full rate */
    double last_s; /* time of the last refill, or NAN before the first */
    enum dgps_scale scale;
    bool by_tool; /* colour slot from the scanner tool, not the class */
    uint32_t generation;
    dga_counters ctr;
    dga_inst *inst;
    double *born;        /* absolute birth time per slot, for expiry */
    uint32_t *stratum_n; /* per-batch scratch: events per stratum */
    uint32_t *stratum_k; /* per-batch scratch: slots granted per stratum */
    uint32_t *stratum_j; /* per-batch scratch: events of the stratum seen so far */
};

dga_pool *dga_create(size_t capacity, double flight_s, double lifetime_s)
{
    if (capacity == 0 || !(flight_s > 0)) return NULL;
    if (!(lifetime_s >= flight_s)) lifetime_s = flight_s;
    if (lifetime_s > DGA_TIME_PERIOD / 4) lifetime_s = DGA_TIME_PERIOD / 4;
    if (flight_s > lifetime_s) flight_s = lifetime_s;
    dga_pool *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    p->inst = calloc(capacity, sizeof *p->inst);
    p->born = calloc(capacity, sizeof *p->born);
    p->stratum_n = calloc(N_STRATA, sizeof *p->stratum_n);
    p->stratum_k = calloc(N_STRATA, sizeof *p->stratum_k);
    p->stratum_j = calloc(N_STRATA, sizeof *p->stratum_j);
    if (!p->inst || !p->born || !p->stratum_n || !p->stratum_k || !p->stratum_j) {
        dga_destroy(p);
        return NULL;
    }
    p->cap = capacity;
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
    free(p->stratum_n);
    free(p->stratum_k);
    free(p->stratum_j);
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

void dga_expire(dga_pool *p, double now_s)
{
    while (p->live > 0) {
        size_t oldest = (p->head + p->cap - p->live) % p->cap;
        if (p->born[oldest] + p->lifetime_s > now_s) break;
        p->live--;
    }
}

/* Refills the admission budget for the time elapsed since the last batch. */
static void refill(dga_pool *p, double now_s)
{
    if (!isnan(p->last_s) && now_s > p->last_s)
        p->tokens += (now_s - p->last_s) * (double)p->cap / p->lifetime_s;
    p->last_s = now_s;
    if (p->tokens > p->burst) p->tokens = p->burst;
}

static bool placed(const dg_event *e)
{
    return (e->flags & (DGE_SRC_PLACED | DGE_DST_PLACED)) == (DGE_SRC_PLACED | DGE_DST_PLACED);
}

/* FNV-1a over the source address and class. */
static uint32_t stratum_of(const dg_event *e)
{
    uint32_t h = 2166136261u;
    for (int i = 0; i < 16; i++)
        h = (h ^ e->src[i]) * 16777619u;
    h = (h ^ e->cls) * 16777619u;
    return (h ^ (h >> 15)) % N_STRATA;
}

static void unit_vector(float lat_deg, float lon_deg, float out[3])
{
    double la = lat_deg * (M_PI / 180.0), lo = lon_deg * (M_PI / 180.0);
    out[0] = (float)(cos(la) * sin(lo));
    out[1] = (float)sin(la);
    out[2] = (float)(cos(la) * cos(lo));
}

/* Writes one arc into the next slot; the caller has checked there is room. */
static void write_arc(dga_pool *p, const dg_event *e, double now_s)
{
    dga_inst *a = &p->inst[p->head];
    unit_vector(e->src_lat, e->src_lon, a->src);
    unit_vector(e->dst_lat, e->dst_lon, a->dst);
    double d = (double)a->src[0] * a->dst[0] + (double)a->src[1] * a->dst[1] +
               (double)a->src[2] * a->dst[2];
    a->omega = (float)acos(d > 1 ? 1 : d < -1 ? -1 : d);
    a->birth = (float)fmod(now_s, DGA_TIME_PERIOD);
    a->height = dgps_height(e->dport, p->scale);
    a->meta = DGA_META(dgp_slot(e, p->by_tool), e->flags);
    a->seed = (float)(stratum_of(e) ^ (uint32_t)p->ctr.admitted * 2654435761u) / 4294967296.0f;
    a->unused = 0;
    p->born[p->head] = now_s;
    if (p->dirty_n == 0) p->dirty_first = p->head;
    if (p->dirty_n < p->cap) p->dirty_n++;
    p->head = (p->head + 1) % p->cap;
    p->live++;
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

/* Overloaded batch: admits the allotted share of each stratum, evenly spaced within it:
 * the j-th of a stratum's n events is taken when floor((j+1)k/n) > floor(jk/n). */
static void add_sampled(dga_pool *p, const dg_event *ev, size_t n, size_t budget, double now_s)
{
    memset(p->stratum_n, 0, N_STRATA * sizeof *p->stratum_n);
    memset(p->stratum_j, 0, N_STRATA * sizeof *p->stratum_j);
    for (size_t i = 0; i < n; i++)
        if (placed(&ev[i])) p->stratum_n[stratum_of(&ev[i])]++;
    allot(p, budget);
    for (size_t i = 0; i < n; i++) {
        if (!placed(&ev[i])) continue;
        uint32_t s = stratum_of(&ev[i]);
        uint64_t j = p->stratum_j[s]++, k = p->stratum_k[s], total = p->stratum_n[s];
        if ((j + 1) * k / total > j * k / total)
            write_arc(p, &ev[i], now_s);
        else
            p->ctr.sampled_out++;
    }
}

void dga_add(dga_pool *p, const dg_event *ev, size_t n, double now_s)
{
    dga_expire(p, now_s);
    refill(p, now_s);
    size_t n_placed = 0;
    for (size_t i = 0; i < n; i++) {
        if (placed(&ev[i]))
            n_placed++;
        else
            p->ctr.unplaced++;
    }
    size_t budget = p->cap - p->live;
    if ((double)budget > p->tokens) budget = (size_t)p->tokens;
    if (n_placed <= budget) {
        for (size_t i = 0; i < n; i++)
            if (placed(&ev[i])) write_arc(p, &ev[i], now_s);
    } else {
        add_sampled(p, ev, n, budget, now_s);
    }
    p->tokens -= (double)(n_placed <= budget ? n_placed : budget);
}

size_t dga_live(const dga_pool *p)
{
    return p->live;
}

size_t dga_capacity(const dga_pool *p)
{
    return p->cap;
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

void dga_live_range(const dga_pool *p, size_t *first, size_t *count)
{
    *first = (p->head + p->cap - p->live) % p->cap;
    *count = p->live;
}

void dga_dirty_range(const dga_pool *p, size_t *first, size_t *count)
{
    *first = p->dirty_n == p->cap ? 0 : p->dirty_first;
    *count = p->dirty_n;
}

void dga_clear_dirty(dga_pool *p)
{
    p->dirty_n = 0;
}

uint32_t dga_generation(const dga_pool *p)
{
    return p->generation;
}
