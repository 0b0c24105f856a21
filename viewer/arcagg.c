/* arcagg.c - per-source arc aggregation and the rates behind it (see arcagg.h). */
#include "arcagg.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define WAYS 4

typedef struct slot {
    uint64_t key;     /* 0: empty */
    double last;      /* when the key last launched an arc */
    uint32_t pending; /* packets folded in since, carried by its next arc */
} slot;

struct dgag {
    enum dgag_mode mode;
    bool per_source; /* what the mode (or auto) chose at the last tick */
    double interval_s;
    size_t nsets;
    slot *table;
    double rate, batch_pkts, last_s;
    double sensor_pps[DGAG_MAX_SENSORS], sensor_batch[DGAG_MAX_SENSORS];
    float sensor_pos[DGAG_MAX_SENSORS][2];
};

dgag *dgag_create(size_t keys, double interval_s)
{
    size_t n = 1024;
    while (n < keys && n < ((size_t)1 << 24))
        n <<= 1;
    dgag *a = calloc(1, sizeof *a);
    if (!a) return NULL;
    a->table = calloc(n, sizeof *a->table);
    if (!a->table) {
        free(a);
        return NULL;
    }
    a->nsets = n / WAYS;
    a->interval_s = interval_s > 0 ? interval_s : 1.0;
    a->last_s = NAN;
    return a;
}

void dgag_destroy(dgag *a)
{
    if (!a) return;
    free(a->table);
    free(a);
}

void dgag_set_mode(dgag *a, enum dgag_mode mode)
{
    a->mode = mode;
    if (mode != DGAG_AUTO) a->per_source = mode == DGAG_PER_SOURCE;
}

enum dgag_mode dgag_mode(const dgag *a)
{
    return a->mode;
}

bool dgag_per_source(const dgag *a)
{
    return a->per_source;
}

double dgag_rate(const dgag *a)
{
    return a->rate;
}

void dgag_count(dgag *a, const dg_event *e)
{
    double pkts = e->pkts ? e->pkts : 1;
    a->batch_pkts += pkts;
    if (e->sensor >= DGAG_MAX_SENSORS) return;
    a->sensor_batch[e->sensor] += pkts;
    a->sensor_pos[e->sensor][0] = e->dst_lat;
    a->sensor_pos[e->sensor][1] = e->dst_lon;
}

/* Exponentially weighted rate: decays over the time since the last tick, then adds the batch
 * as an impulse of batch / tau (a steady flow of r packets/s settles at r). */
static double ewma(double rate, double decay, double batch)
{
    return rate * decay + batch / DGAG_RATE_TAU_S;
}

void dgag_tick(dgag *a, double now_s)
{
    double dt = isnan(a->last_s) || now_s < a->last_s ? 0 : now_s - a->last_s;
    double decay = exp(-dt / DGAG_RATE_TAU_S);
    a->last_s = now_s;
    a->rate = ewma(a->rate, decay, a->batch_pkts);
    a->batch_pkts = 0;
    for (int s = 0; s < DGAG_MAX_SENSORS; s++) {
        a->sensor_pps[s] = ewma(a->sensor_pps[s], decay, a->sensor_batch[s]);
        a->sensor_batch[s] = 0;
    }
    if (a->mode != DGAG_AUTO) return;
    if (!a->per_source && a->rate > DGAG_AUTO_ON_PPS) a->per_source = true;
    if (a->per_source && a->rate < DGAG_AUTO_OFF_PPS) a->per_source = false;
}

/* FNV-1a over what makes two packets one arc: source, port lane, colour class and the Mirai
 * mark. Not the sensor: a scanner sweeping a darknet reaches every sensor, and its arc goes to
 * the sensor of the packet that launches it. Never 0. */
static uint64_t key_of(const dg_event *e, uint32_t lane)
{
    uint64_t h = 14695981039346656037ull;
    uint8_t k[24];
    memcpy(k, e->src, 16);
    memcpy(k + 16, &lane, 4);
    k[20] = e->cls, k[21] = e->flags & DGE_MIRAI, k[22] = e->tools, k[23] = 0;
    for (size_t i = 0; i < sizeof k; i++)
        h = (h ^ k[i]) * 1099511628211ull;
    return h ? h : 1;
}

/* The key's slot, or the one it takes over (empty, else least recently launched). */
static slot *find(dgag *a, uint64_t key, bool *hit)
{
    slot *set = a->table + (size_t)(key % a->nsets) * WAYS, *victim = set;
    for (int w = 0; w < WAYS; w++) {
        if (set[w].key == key) {
            *hit = true;
            return &set[w];
        }
        if (victim->key && (!set[w].key || set[w].last < victim->last)) victim = &set[w];
    }
    *hit = false;
    return victim;
}

uint32_t dgag_launch(dgag *a, const dg_event *e, uint32_t lane, double now_s)
{
    uint32_t pkts = e->pkts ? e->pkts : 1;
    if (!a->per_source) return pkts;
    uint64_t key = key_of(e, lane);
    bool hit;
    slot *s = find(a, key, &hit);
    if (hit && now_s - s->last < a->interval_s) {
        s->pending = s->pending > UINT32_MAX - pkts ? UINT32_MAX : s->pending + pkts;
        return 0;
    }
    uint32_t w = hit ? s->pending : 0;
    w = w > UINT32_MAX - pkts ? UINT32_MAX : w + pkts;
    *s = (slot){.key = key, .last = now_s, .pending = 0};
    return w;
}

uint32_t dgag_lane(const dg_event *e, enum dgps_scale scale)
{
    if (e->flags & DGE_NO_DPORT) return 0xFFFFu;
    return (uint32_t)(dgps_position(e->dport, scale) * 64.0f);
}

size_t dgag_sensors(const dgag *a, dgag_sensor *out, size_t cap)
{
    size_t n = 0;
    /* below one packet in ~20 s the ring has faded out */
    for (int s = 0; s < DGAG_MAX_SENSORS && n < cap; s++)
        if (a->sensor_pps[s] > 0.05)
            out[n++] = (dgag_sensor){a->sensor_pos[s][0], a->sensor_pos[s][1], a->sensor_pps[s]};
    return n;
}

float dgag_level(double w)
{
    double l = log2(w > 1 ? w : 1) / log2(DGAG_WEIGHT_FULL);
    return (float)(l < 1 ? l : 1);
}

static const char *const mode_names[] = {"auto", "per-packet", "per-source"};

bool dgag_parse_mode(const char *name, enum dgag_mode *out)
{
    for (int i = 0; name && i < 3; i++)
        if (strcmp(name, mode_names[i]) == 0) {
            *out = (enum dgag_mode)i;
            return true;
        }
    return false;
}

const char *dgag_mode_name(enum dgag_mode mode)
{
    return (unsigned)mode < 3 ? mode_names[mode] : "?";
}
