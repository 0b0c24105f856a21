/* alerts.c - see alerts.h. Items live in a fixed pool; order[] lists pool slots most
 * recently seen first, so moving an alert to the front shifts indices, not alerts. */
#include "alerts.h"
#include "jsonfeed.h"
#include "ratelog.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct dgal_store {
    dgal_config c;
    dgal_item *items;
    uint16_t *order; /* slots, most recently seen first */
    uint32_t n;      /* active */
    uint16_t *free_slots;
    uint32_t nfree;
    uint64_t next_id;
    double flash_at;
    uint8_t flash_sev;
    bool flashed;
    int log_fd;
    char *log_path;
    bool log_reported;
    dgal_counters k;
};

dgal_store *dgal_create(const dgal_config *c, char *err, size_t errcap)
{
    dgal_store *s = calloc(1, sizeof *s);
    if (!s) goto oom;
    s->c = *c;
    if (!s->c.capacity) s->c.capacity = 256;
    if (s->c.capacity > DGAL_MAX_CAPACITY) s->c.capacity = DGAL_MAX_CAPACITY;
    if (!(s->c.expire_s > 0)) s->c.expire_s = 600;
    if (!(s->c.fade_s > 0)) s->c.fade_s = 60;
    if (s->c.fade_s > s->c.expire_s) s->c.fade_s = s->c.expire_s;
    if (!(s->c.flash_s > 0)) s->c.flash_s = 2;
    s->log_fd = -1;
    s->next_id = 1;
    s->items = calloc(s->c.capacity, sizeof *s->items);
    s->order = calloc(s->c.capacity, sizeof *s->order);
    s->free_slots = calloc(s->c.capacity, sizeof *s->free_slots);
    if (!s->items || !s->order || !s->free_slots) goto oom;
    for (uint32_t i = 0; i < s->c.capacity; i++)
        s->free_slots[s->nfree++] = (uint16_t)(s->c.capacity - 1 - i);
    s->c.log_path = NULL; /* the caller's string may not outlive us: keep a copy */
    if (c->log_path && *c->log_path) {
        s->log_path = strdup(c->log_path);
        if (!s->log_path) goto oom;
        s->log_fd = open(c->log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
        if (s->log_fd < 0) {
            if (errcap) snprintf(err, errcap, "alerts log %s: %s", c->log_path, strerror(errno));
            dgal_destroy(s);
            return NULL;
        }
    }
    return s;
oom:
    if (errcap) snprintf(err, errcap, "alerts: out of memory");
    dgal_destroy(s);
    return NULL;
}

void dgal_destroy(dgal_store *s)
{
    if (!s) return;
    if (s->log_fd >= 0) close(s->log_fd);
    free(s->log_path);
    free(s->items);
    free(s->order);
    free(s->free_slots);
    free(s);
}

/* ---- log ------------------------------------------------------------------------------ */

static void log_failed(dgal_store *s, const char *why)
{
    s->k.log_errors++;
    if (s->log_reported) return;
    s->log_reported = true;
    char msg[512];
    snprintf(msg, sizeof msg, "alerts log %s: %s (further errors are counted, not reported)",
             s->log_path, why);
    if (s->c.report)
        s->c.report(s->c.report_ctx, msg);
    else
        fprintf(stderr, "darkglobe: %s\n", msg);
}

/* One alert, one line, one write(): O_APPEND keeps lines whole even with other writers.
 * "ts" is the alert's own (feed) time; "recv_ts" the wall clock when it reached the store,
 * so a replayed 2017 alert reads as 2017 and says when it was seen. */
static void log_alert(dgal_store *s, const dg_alert *a)
{
    if (s->log_fd < 0) return;
    char line[4096];
    size_t n = dgj_format_alert(line, sizeof line - 64, a);
    if (n == 0) {
        log_failed(s, "alert too large to format");
        return;
    }
    uint64_t recv = dg_wall_ns();
    int tail = snprintf(line + n - 1, 64, ",\"recv_ts\":%llu.%09llu}\n",
                        (unsigned long long)(recv / 1000000000u),
                        (unsigned long long)(recv % 1000000000u));
    n += (size_t)tail - 1; /* over the closing brace */
    size_t off = 0;
    while (off < n) {
        ssize_t w = write(s->log_fd, line + off, n - off);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) {
            log_failed(s, w < 0 ? strerror(errno) : "short write");
            return;
        }
        off += (size_t)w;
    }
}

/* ---- store ---------------------------------------------------------------------------- */

/* Text from outside may fill a field to the last byte: make sure every one ends. */
static void terminate_fields(dg_alert *a)
{
    a->id[sizeof a->id - 1] = a->kind[sizeof a->kind - 1] = '\0';
    a->title[sizeof a->title - 1] = a->detail[sizeof a->detail - 1] = '\0';
    a->src[sizeof a->src - 1] = a->org[sizeof a->org - 1] = '\0';
    a->sensor[sizeof a->sensor - 1] = '\0';
}

static bool same_alert(const dg_alert *x, const dg_alert *y)
{
    if (x->id[0] && strcmp(x->id, y->id) == 0) return true;
    return x->dport == y->dport && x->proto == y->proto && strcmp(x->kind, y->kind) == 0 &&
           strcmp(x->src, y->src) == 0 && strcmp(x->org, y->org) == 0;
}

/* Position in order[] of the matching alert, or -1. */
static int find_same(const dgal_store *s, const dg_alert *a)
{
    for (uint32_t i = 0; i < s->n; i++)
        if (same_alert(a, &s->items[s->order[i]].a)) return (int)i;
    return -1;
}

static void move_to_front(dgal_store *s, uint32_t pos)
{
    uint16_t slot = s->order[pos];
    memmove(s->order + 1, s->order, pos * sizeof *s->order);
    s->order[0] = slot;
}

static void remove_at(dgal_store *s, uint32_t pos)
{
    s->free_slots[s->nfree++] = s->order[pos];
    memmove(s->order + pos, s->order + pos + 1, (s->n - pos - 1) * sizeof *s->order);
    s->n--;
}

static void flash(dgal_store *s, uint8_t sev, double now)
{
    s->flashed = true;
    s->flash_at = now;
    s->flash_sev = sev;
}

static void merge(dgal_store *s, dgal_item *it, const dg_alert *a, double now)
{
    dg_alert *m = &it->a;
    uint64_t count = (uint64_t)m->count + a->count;
    m->count = count > UINT32_MAX ? UINT32_MAX : (uint32_t)count;
    if (a->ts_ns && (a->ts_ns < m->ts_ns || !m->ts_ns)) m->ts_ns = a->ts_ns;
    if (a->last_ns > m->last_ns) m->last_ns = a->last_ns;
    if (a->severity > m->severity) {
        if (a->severity >= DG_SEV_HIGH) flash(s, a->severity, now);
        m->severity = a->severity;
    }
    memcpy(m->title, a->title, sizeof m->title);
    memcpy(m->detail, a->detail, sizeof m->detail);
    if (a->sensor[0]) memcpy(m->sensor, a->sensor, sizeof m->sensor);
    if (a->has_loc) m->has_loc = true, m->lat = a->lat, m->lon = a->lon;
    it->last_seen = now;
    it->arrivals++;
}

/* Index in order[] of the alert to give up for a new one of severity sev: the least severe,
 * then the least recently seen; -1 if every stored alert is more severe. */
static int victim(const dgal_store *s, uint8_t sev)
{
    int best = -1;
    for (int i = (int)s->n - 1; i >= 0; i--) {
        const dg_alert *a = &s->items[s->order[i]].a;
        if (best < 0 || a->severity < s->items[s->order[best]].a.severity) best = i;
    }
    return best >= 0 && s->items[s->order[best]].a.severity <= sev ? best : -1;
}

static dgal_item *insert(dgal_store *s, const dg_alert *a, double now)
{
    if (s->nfree == 0) {
        int v = victim(s, a->severity);
        if (v < 0) return NULL;
        remove_at(s, (uint32_t)v);
        s->k.evicted++;
    }
    uint16_t slot = s->free_slots[--s->nfree];
    memmove(s->order + 1, s->order, s->n * sizeof *s->order);
    s->order[0] = slot;
    s->n++;
    dgal_item *it = &s->items[slot];
    *it = (dgal_item){.a = *a, .first_seen = now, .last_seen = now, .arrivals = 1};
    if (!it->a.has_loc && s->c.locate) {
        float lat, lon;
        if (s->c.locate(s->c.locate_ctx, &it->a, &lat, &lon))
            it->a.has_loc = true, it->a.lat = lat, it->a.lon = lon;
    }
    if (a->severity >= DG_SEV_HIGH) flash(s, a->severity, now);
    return it;
}

/* The incoming event, normalised: fields ended, count >= 1, a kind, a last-seen time. */
static dg_alert normalise(const dg_alert *in)
{
    dg_alert a = *in;
    terminate_fields(&a);
    if (a.count == 0) a.count = 1;
    if (!a.kind[0]) snprintf(a.kind, sizeof a.kind, "external");
    if (a.severity >= DG_SEV_COUNT) a.severity = DG_SEV_CRITICAL;
    if (a.last_ns < a.ts_ns) a.last_ns = a.ts_ns;
    return a;
}

const dgal_item *dgal_add(dgal_store *s, const dg_alert *in, double now)
{
    dg_alert a = normalise(in);
    s->k.total++;
    int pos = find_same(s, &a);
    dgal_item *it = NULL;
    if (pos >= 0) {
        it = &s->items[s->order[pos]];
        merge(s, it, &a, now);
        move_to_front(s, (uint32_t)pos);
        s->k.merged++;
    } else {
        if (!a.id[0]) snprintf(a.id, sizeof a.id, "A-%06llu", (unsigned long long)s->next_id++);
        it = insert(s, &a, now);
        if (it)
            s->k.created++;
        else
            s->k.dropped++;
    }
    if (it) memcpy(a.id, it->a.id, sizeof a.id);
    log_alert(s, &a);
    return it;
}

void dgal_tick(dgal_store *s, double now)
{
    for (uint32_t i = s->n; i-- > 0;) {
        if (now - s->items[s->order[i]].last_seen < s->c.expire_s) continue;
        remove_at(s, i);
        s->k.expired++;
    }
}

size_t dgal_count(const dgal_store *s)
{
    return s->n;
}

const dgal_item *dgal_at(const dgal_store *s, size_t i)
{
    return i < s->n ? &s->items[s->order[i]] : NULL;
}

const dgal_item *dgal_find(const dgal_store *s, const char *id)
{
    for (uint32_t i = 0; id && i < s->n; i++)
        if (strcmp(s->items[s->order[i]].a.id, id) == 0) return &s->items[s->order[i]];
    return NULL;
}

static float clamp01(double x)
{
    return x < 0 ? 0.0f : x > 1 ? 1.0f : (float)x;
}

double dgal_age(const dgal_item *it, double feed_now, double now)
{
    if (feed_now > 0 && it->a.last_ns) return feed_now - (double)it->a.last_ns * 1e-9;
    return now - it->last_seen;
}

float dgal_fade(const dgal_store *s, const dgal_item *it, double now)
{
    double left = s->c.expire_s - (now - it->last_seen);
    return clamp01(left / s->c.fade_s);
}

float dgal_flash(const dgal_store *s, double now, uint8_t *severity)
{
    if (severity) *severity = s->flash_sev;
    if (!s->flashed) return 0;
    return clamp01(1 - (now - s->flash_at) / s->c.flash_s);
}

dgal_counters dgal_get_counters(const dgal_store *s)
{
    dgal_counters k = s->k;
    k.active = s->n;
    return k;
}
