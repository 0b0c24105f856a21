/* hosts.c - see hosts.h. */
#include "hosts.h"
#include "names.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "addr.h"
#include "sensors.h"
#include "anon.h"
#include "filter.h"

typedef struct alert_ref {
    dg_cidr cidr;
    uint8_t severity;
    char id[40];
    char title[128];
} alert_ref;

struct dghost_tbl {
    dghost *e;
    int32_t *bucket;
    size_t cap, used, mask;
    int32_t head, tail; /* most and least recently seen */
    dghost_counters c;
    alert_ref alerts[DGHOST_ALERT_REFS];
    size_t nalerts, alert_next;
};

dghost_tbl *dghost_create(size_t capacity)
{
    if (!capacity) capacity = DGHOST_DEFAULT_CAPACITY;
    if (capacity > (1u << 28)) return NULL;
    size_t nb = 1;
    while (nb < capacity * 2)
        nb <<= 1;
    dghost_tbl *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    t->e = calloc(capacity, sizeof *t->e);
    t->bucket = malloc(nb * sizeof *t->bucket);
    if (!t->e || !t->bucket) {
        dghost_destroy(t);
        return NULL;
    }
    memset(t->bucket, 0xff, nb * sizeof *t->bucket); /* -1 everywhere */
    t->cap = capacity;
    t->mask = nb - 1;
    t->head = t->tail = -1;
    return t;
}

void dghost_destroy(dghost_tbl *t)
{
    if (!t) return;
    free(t->e);
    free(t->bucket);
    free(t);
}

static bool same(const dghost *h, int ip_ver, const uint8_t a[16])
{
    return h->ip_ver == ip_ver && !memcmp(h->addr, a, 16);
}

static int32_t lookup(const dghost_tbl *t, int ip_ver, const uint8_t a[16])
{
    for (int32_t i = t->bucket[dg_addr_hash(ip_ver, a) & t->mask]; i >= 0; i = t->e[i].hnext)
        if (same(&t->e[i], ip_ver, a)) return i;
    return -1;
}

static void lru_unlink(dghost_tbl *t, int32_t i)
{
    dghost *h = &t->e[i];
    if (h->lprev >= 0)
        t->e[h->lprev].lnext = h->lnext;
    else
        t->head = h->lnext;
    if (h->lnext >= 0)
        t->e[h->lnext].lprev = h->lprev;
    else
        t->tail = h->lprev;
}

static void lru_push_front(dghost_tbl *t, int32_t i)
{
    dghost *h = &t->e[i];
    h->lprev = -1;
    h->lnext = t->head;
    if (t->head >= 0) t->e[t->head].lprev = i;
    t->head = i;
    if (t->tail < 0) t->tail = i;
}

static void hash_unlink(dghost_tbl *t, int32_t i)
{
    int32_t *p = &t->bucket[dg_addr_hash(t->e[i].ip_ver, t->e[i].addr) & t->mask];
    while (*p >= 0 && *p != i)
        p = &t->e[*p].hnext;
    if (*p == i) *p = t->e[i].hnext;
}

/* A slot for a new host: a never-used one, else the least recently seen host's. */
static int32_t take_slot(dghost_tbl *t)
{
    if (t->used < t->cap) return (int32_t)t->used++;
    int32_t i = t->tail;
    lru_unlink(t, i);
    hash_unlink(t, i);
    t->c.evicted++;
    return i;
}

static int32_t insert(dghost_tbl *t, const dg_event *ev)
{
    int32_t i = take_slot(t);
    dghost *h = &t->e[i];
    memset(h, 0, sizeof *h);
    memcpy(h->addr, ev->src, 16);
    h->ip_ver = ev->ip_ver;
    h->first_seen = ev->ts;
    size_t b = dg_addr_hash(ev->ip_ver, ev->src) & t->mask;
    h->hnext = t->bucket[b];
    t->bucket[b] = i;
    lru_push_front(t, i);
    t->c.inserted++;
    return i;
}

static void count_port(dghost *h, uint16_t port, uint32_t n)
{
    for (int k = 0; k < h->nports; k++)
        if (h->ports[k].port == port) {
            h->ports[k].count += n;
            return;
        }
    if (h->nports < DGHOST_PORTS)
        h->ports[h->nports++] = (dghost_port){port, n};
    else
        h->other_ports += n;
}

static void update(dghost *h, const dg_event *ev)
{
    uint32_t n = ev->pkts ? ev->pkts : 1; /* an aggregated event counts all its packets */
    h->packets += n;
    if (ev->ts > h->last_seen) h->last_seen = ev->ts;
    if (ev->ts < h->first_seen) h->first_seen = ev->ts;
    if (ev->flags & DGE_SRC_PLACED) {
        h->placed = true;
        h->lat = ev->src_lat;
        h->lon = ev->src_lon;
    }
    if (ev->cc[0]) memcpy(h->cc, ev->cc, 3);
    h->classes |= (uint8_t)(1u << (ev->cls % 8));
    if (ev->flags & DGE_MIRAI) h->mirai = true;
    h->tools |= ev->tools;
    if (ev->cls != DG_CLS_ICMP) count_port(h, ev->dport, n);
}

void dghost_observe(dghost_tbl *t, const dg_event *ev, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        int32_t i = lookup(t, ev[k].ip_ver, ev[k].src);
        if (i < 0) {
            i = insert(t, &ev[k]);
        } else {
            t->c.updated++;
            if (t->head != i) {
                lru_unlink(t, i);
                lru_push_front(t, i);
            }
        }
        update(&t->e[i], &ev[k]);
    }
}

void dghost_note_alert(dghost_tbl *t, const dg_alert *al)
{
    alert_ref r = {.severity = al->severity};
    if (!al->src[0] || dg_cidr_parse(al->src, &r.cidr) != DG_CIDR_OK) return;
    dg_cidr_mask(&r.cidr); /* "a.b.c.d/24" from a detector means the whole /24 */
    snprintf(r.id, sizeof r.id, "%s", al->id);
    snprintf(r.title, sizeof r.title, "%s", al->title);
    t->alerts[t->alert_next] = r;
    t->alert_next = (t->alert_next + 1) % DGHOST_ALERT_REFS;
    if (t->nalerts < DGHOST_ALERT_REFS) t->nalerts++;
}

const dghost *dghost_find(const dghost_tbl *t, int ip_ver, const uint8_t addr[16])
{
    int32_t i = lookup(t, ip_ver, addr);
    return i < 0 ? NULL : &t->e[i];
}

size_t dghost_count(const dghost_tbl *t)
{
    return t->used;
}

dghost_counters dghost_get_counters(const dghost_tbl *t)
{
    return t->c;
}

const dghost *dghost_pick(const dghost_tbl *t, dghost_project_fn project, void *ctx, float mx,
                          float my, float radius_px, double now, double live_s)
{
    const dghost *best = NULL;
    float best_d2 = radius_px * radius_px;
    for (int32_t i = t->head; i >= 0; i = t->e[i].lnext) {
        const dghost *h = &t->e[i];
        if (h->last_seen < now - live_s) break; /* the rest were seen even earlier */
        float sx, sy;
        if (!h->placed || !project(ctx, h->lat, h->lon, &sx, &sy)) continue;
        float d2 = (sx - mx) * (sx - mx) + (sy - my) * (sy - my);
        if (d2 <= best_d2) {
            best_d2 = d2;
            best = h;
        }
    }
    return best;
}

/* Appends printf-style text at the end of buf, never past cap. */
static void add(char *buf, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void add(char *buf, size_t cap, const char *fmt, ...)
{
    size_t n = strlen(buf);
    if (n + 1 >= cap) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + n, cap - n, fmt, ap);
    va_end(ap);
}

static char *fmt_group(uint64_t v, char *out, size_t cap)
{
    char raw[32];
    int n = snprintf(raw, sizeof raw, "%llu", (unsigned long long)v), o = 0;
    for (int i = 0; i < n && o + 2 < (int)cap; i++) {
        if (i && (n - i) % 3 == 0) out[o++] = ',';
        out[o++] = raw[i];
    }
    out[o] = '\0';
    return out;
}

static char *fmt_utc(double ts, char *out, size_t cap)
{
    time_t s = (time_t)floor(ts);
    struct tm tm;
    if (!gmtime_r(&s, &tm) || !strftime(out, cap, "%Y-%m-%d %H:%M:%S UTC", &tm))
        snprintf(out, cap, "?");
    return out;
}

/* Country and city; the AS number on the same line, or on a line of its own with the AS
 * organisation when the ASN database knows it. */
static void tip_place(char *buf, size_t cap, const dghost *h, const dggeo_result *geo,
                      const dgasn_result *as)
{
    const char *cc = h->cc[0] ? h->cc : (geo && geo->cc[0] ? geo->cc : "");
    add(buf, cap, "%s", cc[0] ? cc : "country unknown");
    if (geo && geo->city[0]) add(buf, cap, " \xC2\xB7 %s", geo->city);
    bool own_line = as && as->asn;
    if (geo && geo->asn && !own_line) add(buf, cap, " \xC2\xB7 AS%u", geo->asn);
    if (!h->placed) add(buf, cap, " (not placed)");
    add(buf, cap, "\n");
    if (own_line) add(buf, cap, "AS%u%s%s\n", as->asn, as->org[0] ? " \xC2\xB7 " : "", as->org);
}

static void tip_traffic(char *buf, size_t cap, const dghost *h)
{
    bool first = true;
    for (int c = 0; c < DG_CLS_COUNT; c++)
        if ((h->classes >> c) & 1u) {
            add(buf, cap, "%s%s", first ? "" : "+", dgn_class_short(c));
            first = false;
        }
    for (int k = 0; k < h->nports; k++)
        add(buf, cap, "%s%u \xC3\x97%u", k ? ", " : " \xC2\xB7 ports ", h->ports[k].port,
            h->ports[k].count);
    if (h->other_ports)
        add(buf, cap, " (+%llu to other ports)", (unsigned long long)h->other_ports);
    char n[32];
    add(buf, cap, "\n%s packet%s \xC2\xB7 Mirai fingerprint: %s",
        fmt_group(h->packets, n, sizeof n), h->packets == 1 ? "" : "s", h->mirai ? "yes" : "no");
    bool any = false; /* the other tools its packets were crafted by */
    for (int t = 1; t < DG_TOOL_COUNT; t++)
        if (h->tools & (1u << t)) {
            add(buf, cap, "%s%s", any ? "+" : " \xC2\xB7 tool: ", dgfp_label(t));
            any = true;
        }
    add(buf, cap, "\n");
    char a[40], b[40];
    add(buf, cap, "first seen %s\nlast seen %s", fmt_utc(h->first_seen, a, sizeof a),
        fmt_utc(h->last_seen, b, sizeof b));
}

/* Copies title with every occurrence of addr_text replaced by masked (anonymized screens). */
static void mask_in(const char *title, const char *addr_text, const char *masked, char *out,
                    size_t cap)
{
    size_t o = 0, al = strlen(addr_text);
    out[0] = '\0';
    for (const char *s = title; *s && o + 1 < cap;) {
        if (al && !strncmp(s, addr_text, al)) {
            snprintf(out + o, cap - o, "%s", masked);
            o = strlen(out);
            s += al;
        } else {
            out[o++] = *s++;
            out[o] = '\0';
        }
    }
}

static void tip_alerts(char *buf, size_t cap, const dghost_tbl *t, const dghost *h, bool anonymize)
{
    char plain[64], masked[DG_ANON_TEXT], title[160];
    dg_addr_format(h->ip_ver, h->addr, plain, sizeof plain);
    dg_anon_format(h->ip_ver, h->addr, true, masked, sizeof masked);
    int shown = 0, more = 0;
    for (size_t k = 0; k < t->nalerts; k++) { /* newest first */
        size_t i = (t->alert_next + DGHOST_ALERT_REFS - 1 - k) % DGHOST_ALERT_REFS;
        const alert_ref *r = &t->alerts[i];
        if (!dg_cidr_contains(&r->cidr, h->ip_ver, h->addr)) continue;
        if (shown == 3) {
            more++;
            continue;
        }
        if (anonymize)
            mask_in(r->title, plain, masked, title, sizeof title);
        else
            snprintf(title, sizeof title, "%s", r->title);
        add(buf, cap, "\nalert %s [%s] %s", r->id, dg_severity_name(r->severity), title);
        shown++;
    }
    if (more) add(buf, cap, "\n+%d more alert%s", more, more == 1 ? "" : "s");
    if (!shown) add(buf, cap, "\nno alerts");
}

char *dghost_format_tooltip(const dghost_tbl *t, const dghost *h, const dggeo_result *geo,
                            const dgasn_result *as, bool anonymize, char *buf, size_t cap)
{
    if (!cap) return buf;
    char a[DG_ANON_TEXT];
    snprintf(buf, cap, "%s\n", dg_anon_format(h->ip_ver, h->addr, anonymize, a, sizeof a));
    tip_place(buf, cap, h, geo, as);
    tip_traffic(buf, cap, h);
    tip_alerts(buf, cap, t, h, anonymize);
    return buf;
}
