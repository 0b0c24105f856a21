/* tstats_hosts.c - scanner-tool sources per country (see tstats.h): a fixed open-addressing
 * table of recently tagged sources; a full neighbourhood replaces its stalest entry, so a
 * flood of sources costs accuracy, never memory. Exact while fewer than DGTS_HOSTS tagged
 * sources were active in the last 10 minutes. */
#include "tstats_int.h"

#include <string.h>

#define PROBE 8
#define NOW_MIN 5   /* "now": the minute in progress and the 4 before */
#define KEEP_MIN 10 /* now and the 5 minutes before it (the trend) */

/* A restart (a jump back in time) starts a new generation instead of clearing the table:
 * replays with disordered logs restart often. */
void tsh_restart(dgts *s)
{
    if (++s->host_gen == 0) { /* wrapped: old entries could pass as current */
        memset(s->hosts, 0, sizeof s->hosts);
        s->host_gen = 1;
    }
}

static bool live(const dgts *s, const thost *h)
{
    return h->hash && h->gen == s->host_gen;
}

/* Moves an entry's minute mask on to minute m (bit k: active in minute last_min - k). */
static void age_to(thost *h, int32_t m)
{
    int32_t d = m - h->last_min;
    h->mask = d >= 16 || d < 0 ? 0 : (uint16_t)(h->mask << d);
    h->last_min = m;
}

void tsh_add(dgts *s, uint64_t hash, int cc, unsigned tools)
{
    uint32_t key = (uint32_t)(hash >> 32) | 1u, m = (uint32_t)(s->cur_sec / 60);
    size_t base = (size_t)(hash & (DGTS_HOSTS - 1));
    thost *pick = NULL;
    for (int j = 0; j < PROBE; j++) {
        thost *h = &s->hosts[(base + (size_t)j) & (DGTS_HOSTS - 1)];
        if (live(s, h) && h->hash == key) {
            pick = h;
            break;
        }
        bool free = !live(s, h) || (int32_t)m - h->last_min >= KEEP_MIN;
        if (free && (!pick || live(s, pick))) pick = h;
        if (!free && (!pick || (live(s, pick) && h->last_min < pick->last_min))) pick = h;
    }
    if (!live(s, pick) || pick->hash != key)
        *pick = (thost){.hash = key, .gen = s->host_gen, .last_min = (int32_t)m};
    age_to(pick, (int32_t)m);
    pick->mask |= 1;
    pick->cc = (uint16_t)cc;
    pick->tools |= (uint8_t)tools;
}

/* Counts per (tool, country) over the table: now (last 5 min) and the 5 minutes before. */
static void count_table(const dgts *s, uint32_t (*now)[CC_N], uint32_t (*prev)[CC_N])
{
    int32_t m = (int32_t)(s->cur_sec / 60);
    for (size_t i = 0; i < DGTS_HOSTS; i++) {
        const thost *h = &s->hosts[i];
        int32_t age = m - h->last_min;
        if (!live(s, h) || age >= KEEP_MIN || age < 0) continue;
        uint32_t eff = (uint32_t)h->mask << age;
        bool n = eff & ((1u << NOW_MIN) - 1),
             p = eff & (((1u << KEEP_MIN) - 1) & ~((1u << NOW_MIN) - 1));
        for (int t = 0; t < DG_TOOL_COUNT; t++) {
            if (!(h->tools & (1u << t))) continue;
            now[t][h->cc] += n;
            prev[t][h->cc] += p;
        }
    }
}

/* The tool's top countries by sources now. */
static void top_cc(dgts_view *v, int t, const uint32_t *now, const uint32_t *prev)
{
    int n = 0;
    for (int c = 0; c < CC_N; c++) {
        v->tool_tbl_now[t] += now[c];
        v->tool_tbl_prev[t] += prev[c];
        if (!now[c] || (n == DGTS_TOOL_CC && now[c] <= v->tool_cc[t][n - 1].now)) continue;
        int i = n < DGTS_TOOL_CC ? n++ : DGTS_TOOL_CC - 1;
        for (; i > 0 && v->tool_cc[t][i - 1].now < now[c]; i--)
            v->tool_cc[t][i] = v->tool_cc[t][i - 1];
        v->tool_cc[t][i] = (dgts_tool_cc){.now = now[c], .prev = prev[c]};
        tsw_cc_name(c, v->tool_cc[t][i].cc);
    }
    v->n_tool_cc[t] = n;
}

void tsh_fill(const dgts *s, dgts_view *v)
{
    static uint32_t now[DG_TOOL_COUNT][CC_N], prev[DG_TOOL_COUNT][CC_N]; /* render thread */
    memset(now, 0, sizeof now);
    memset(prev, 0, sizeof prev);
    if (s->started) count_table(s, now, prev);
    v->tool_trend_valid = s->started && s->cur_sec - s->start_sec >= 60 * KEEP_MIN;
    for (int t = 0; t < DG_TOOL_COUNT; t++)
        top_cc(v, t, now[t], prev[t]);
}
