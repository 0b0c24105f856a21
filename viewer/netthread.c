/* netthread.c - see netthread.h. */
#include "netthread.h"
#include "sub.h"

#include <errno.h>
#include <nanomsg/nn.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "ratelog.h"
#include "seqtrack.h"

/* Alerts waiting for the render thread, which takes them all once a frame: room for a
 * burst of thousands between two frames (a flood beyond it is counted in alerts_dropped). */
#define ALERT_INBOX 8192
#define EVENT_BATCH 1024
/* A subscriber sees no message for this long and no connection: the feed is lost. */
#define LOST_AFTER_NS 2000000000ull
#define CHECK_EVERY_NS 100000000ull

/* Counters shared with other threads; written once per message, not per record. */
typedef struct shared_counters {
    _Atomic uint64_t rx_msgs, rx_pkts, malformed, bad_elements;
    _Atomic uint64_t geo_hits, geo_misses, mirai_pkts, alerts_rx, alerts_dropped, auth_rejected;
    _Atomic uint64_t lost_msgs, alerts_raised, dst_unplaced;
    _Atomic uint64_t last_rx_ns;
} shared_counters;

struct dgnt_ingest {
    dgnt_config cfg;
    dgfm_result res;                      /* reused for every message */
    const dgw_sensor_table *st;          /* sensor names of the batch being ingested */
    bool jumped;                         /* a time jump since the last event placed */
    int16_t sensor_map[DGW_MAX_SENSORS]; /* batch sensor index -> viewer sensor */
    dg_event batch[EVENT_BATCH];
    size_t nbatch;
    shared_counters c;
    dg_ratelog bad_log, auth_log;
    dgd_detector *det;
    dgfp_tracker *fp; /* Unicornscan needs each source's history */
    dgseq_tracker seq; /* gaps in the publishers' batch sequences */
    pthread_mutex_t alert_lock;
    dg_alert inbox[ALERT_INBOX];
    size_t inbox_head, inbox_count;
};

struct dgnt_thread {
    dgnt_ingest *in;
    int sock;
    pthread_t tid;
    atomic_bool stop;
    bool halted;
    _Atomic uint64_t lost_since_ns;
    atomic_bool connected;
};

static void inbox_put(dgnt_ingest *in, const dg_alert *a, _Atomic uint64_t *counter)
{
    pthread_mutex_lock(&in->alert_lock);
    if (in->inbox_count < ALERT_INBOX) {
        in->inbox[(in->inbox_head + in->inbox_count++) % ALERT_INBOX] = *a;
        atomic_fetch_add_explicit(counter, 1, memory_order_relaxed);
    } else {
        atomic_fetch_add_explicit(&in->c.alerts_dropped, 1, memory_order_relaxed);
    }
    pthread_mutex_unlock(&in->alert_lock);
}

/* The detectors raise alerts from inside dgd_process, on the ingest thread. */
static void on_detected(const dg_alert *a, void *user)
{
    dgnt_ingest *in = user;
    inbox_put(in, a, &in->c.alerts_raised);
}

static bool start_detectors(dgnt_ingest *in)
{
    if (!in->cfg.detect && !in->cfg.watchlist) return true;
    dgd_config dc;
    dgd_config_defaults(&dc);
    char err[256];
    in->det = dgd_create(&dc, in->cfg.watchlist, on_detected, in, err, sizeof err);
    if (!in->det) fprintf(stderr, "darkglobe: detectors: %s\n", err);
    return in->det != NULL;
}

dgnt_ingest *dgnt_ingest_create(const dgnt_config *cfg)
{
    dgnt_ingest *in = calloc(1, sizeof *in);
    if (!in) return NULL;
    in->cfg = *cfg;
    pthread_mutex_init(&in->alert_lock, NULL);
    in->fp = dgfp_tracker_create();
    if (!in->fp || !start_detectors(in)) {
        dgnt_ingest_destroy(in);
        return NULL;
    }
    return in;
}

/* The newest warning each limiter held back; final: now, however recent the last one. */
static void flush_warnings(dgnt_ingest *in, bool final)
{
    uint64_t now = dg_mono_ns();
    dg_ratelog_flush(&in->bad_log, now, "darkglobe", final);
    dg_ratelog_flush(&in->auth_log, now, "darkglobe", final);
}

void dgnt_ingest_destroy(dgnt_ingest *in)
{
    if (!in) return;
    flush_warnings(in, true);
    dgd_destroy(in->det);
    dgfp_tracker_destroy(in->fp);
    pthread_mutex_destroy(&in->alert_lock);
    free(in);
}

void dgnt_ingest_time_jump(dgnt_ingest *in)
{
    in->jumped = true; /* the next event tells the statistics (DGE_TIME_JUMP) */
    if (!in->det) return;
    dgd_destroy(in->det);
    in->det = NULL;
    start_detectors(in);
}

void dgnt_ingest_finish(dgnt_ingest *in)
{
    if (in->det) dgd_flush(in->det);
}

/* Every event is detected before it is queued: what the queue refuses is still seen. */
static void flush_batch(dgnt_ingest *in)
{
    if (!in->nbatch) return;
    if (in->det) dgd_process(in->det, in->batch, in->nbatch);
    dgq_push(in->cfg.queue, in->batch, in->nbatch);
    in->nbatch = 0;
}

/* Resolves the batch's sensor names to the viewer's sensors once per batch. */
static void map_sensors(dgnt_ingest *in)
{
    const dgw_sensor_table *st = in->st;
    for (int i = 0; i < st->count && i < DGW_MAX_SENSORS; i++)
        in->sensor_map[i] =
            (int16_t)(in->cfg.sensors ? dgs_find(in->cfg.sensors, st->name[i]) : -1);
}

static int record_sensor(const dgnt_ingest *in, const dg_record *r)
{
    int named = -1;
    if (r->sensor != DG_SENSOR_NONE && r->sensor < in->st->count && r->sensor < DGW_MAX_SENSORS)
        named = in->sensor_map[r->sensor];
    return dgs_resolve(in->cfg.sensors, named, r);
}

static bool locate(const dgnt_ingest *in, int ip_ver, const uint8_t *addr, float *lat, float *lon,
                   char cc[3])
{
    cc[0] = 0;
    return in->cfg.locate && in->cfg.locate(in->cfg.locate_ctx, ip_ver, addr, lat, lon, cc);
}

/* Fills one event from a record: class, fingerprint, both ends placed if possible. */
static bool place_record(dgnt_ingest *in, const dg_record *r, dg_event *ev)
{
    dg_event_from_record(ev, r);
    ev->tools = (uint8_t)dgfp_tags(in->fp, r);
    int s = record_sensor(in, r);
    ev->sensor = s < 0 ? DG_SENSOR_NONE : (uint16_t)s;
    char dcc[3];
    if (s >= 0) {
        ev->dst_lat = in->cfg.sensors->s[s].lat;
        ev->dst_lon = in->cfg.sensors->s[s].lon;
        ev->flags |= DGE_DST_PLACED;
    } else if (dg_record_has(r, DG_HAVE_DST) &&
               locate(in, r->ip_ver, r->dst, &ev->dst_lat, &ev->dst_lon, dcc)) {
        ev->flags |= DGE_DST_PLACED;
    }
    if (locate(in, r->ip_ver, r->src, &ev->src_lat, &ev->src_lon, ev->cc))
        ev->flags |= DGE_SRC_PLACED;
    return (ev->flags & (DGE_SRC_PLACED | DGE_DST_PLACED)) == (DGE_SRC_PLACED | DGE_DST_PLACED);
}

void dgnt_ingest_records(dgnt_ingest *in, const dgw_sensor_table *st, const dg_record *recs,
                         size_t n, uint64_t now_ns)
{
    static const dgw_sensor_table none = {0};
    in->st = st ? st : &none;
    /* an aggregated record counts all its packets */
    uint64_t hits = 0, mirai = 0, nodst = 0, pkts = 0;
    map_sensors(in);
    for (size_t i = 0; i < n; i++) {
        dg_event *ev = &in->batch[in->nbatch];
        hits += place_record(in, &recs[i], ev);
        if (in->jumped) ev->flags |= DGE_TIME_JUMP, in->jumped = false;
        pkts += ev->pkts;
        mirai += (ev->flags & DGE_MIRAI) ? ev->pkts : 0;
        nodst += (ev->flags & DGE_DST_PLACED) == 0;
        if (++in->nbatch == EVENT_BATCH) flush_batch(in);
    }
    flush_batch(in);
    atomic_store_explicit(&in->c.last_rx_ns, now_ns, memory_order_relaxed);
    atomic_fetch_add_explicit(&in->c.rx_pkts, pkts, memory_order_relaxed);
    atomic_fetch_add_explicit(&in->c.geo_hits, hits, memory_order_relaxed);
    atomic_fetch_add_explicit(&in->c.geo_misses, n - hits, memory_order_relaxed);
    atomic_fetch_add_explicit(&in->c.mirai_pkts, mirai, memory_order_relaxed);
    if (nodst) atomic_fetch_add_explicit(&in->c.dst_unplaced, nodst, memory_order_relaxed);
    if (in->cfg.sink.records) in->cfg.sink.records(in->cfg.sink.ctx, in->st, recs, n, now_ns);
}

void dgnt_ingest_alert(dgnt_ingest *in, const dg_alert *alert, uint64_t recv_ns)
{
    dg_alert a = *alert;
    if (!a.has_loc && a.src[0]) {
        /* Only a plain address is placed; a CIDR stays without location. */
        uint8_t addr[16] = {0};
        int ver = 0;
        char cc[3];
        if (dg_addr_parse(a.src, addr, &ver) && locate(in, ver, addr, &a.lat, &a.lon, cc))
            a.has_loc = true;
    }
    atomic_store_explicit(&in->c.last_rx_ns, recv_ns, memory_order_relaxed);
    if (in->cfg.sink.alert) in->cfg.sink.alert(in->cfg.sink.ctx, &a, recv_ns);
    inbox_put(in, &a, &in->c.alerts_rx);
}

/* With a feed key, only messages with a valid, fresh trailer go on; len loses the trailer. */
static bool authentic(dgnt_ingest *in, const uint8_t *msg, size_t *len, uint64_t now_ns)
{
    if (!in->cfg.auth) return true;
    int r = dgauth_verify(in->cfg.auth, msg, *len, now_ns, len);
    if (r == DGAUTH_OK) return true;
    atomic_fetch_add_explicit(&in->c.auth_rejected, 1, memory_order_relaxed);
    if (!in->cfg.quiet)
        dg_ratelog_printf(&in->auth_log, dg_mono_ns(), "darkglobe", "message refused: %s",
                          dgauth_strerror(r));
    return false;
}

void dgnt_ingest_message(dgnt_ingest *in, const uint8_t *msg, size_t len, uint64_t now_ns)
{
    atomic_fetch_add_explicit(&in->c.rx_msgs, 1, memory_order_relaxed);
    if (!authentic(in, msg, &len, now_ns)) return;
    atomic_store_explicit(&in->c.last_rx_ns, now_ns, memory_order_relaxed);
    if (!dgfm_decode(msg, len, now_ns, &in->res)) {
        atomic_fetch_add_explicit(&in->c.malformed, 1, memory_order_relaxed);
        if (!in->cfg.quiet)
            dg_ratelog_printf(&in->bad_log, dg_mono_ns(), "darkglobe",
                              "malformed message (%zu bytes): %s", len, in->res.reason);
        return;
    }
    if (in->res.nbad) {
        atomic_fetch_add_explicit(&in->c.bad_elements, in->res.nbad, memory_order_relaxed);
        if (!in->cfg.quiet)
            dg_ratelog_printf(&in->bad_log, dg_mono_ns(), "darkglobe",
                              "%zu bad element(s) dropped: %s", in->res.nbad, in->res.reason);
    }
    if (in->res.kind == DGFM_PACKETS) {
        uint64_t lost = dgseq_track(&in->seq, msg, len);
        if (lost) atomic_fetch_add_explicit(&in->c.lost_msgs, lost, memory_order_relaxed);
        dgnt_ingest_records(in, &in->res.sensors, in->res.recs, in->res.nrec, now_ns);
    } else if (in->res.kind == DGFM_ALERT) {
        dgnt_ingest_alert(in, &in->res.alert, now_ns);
    }
}

void dgnt_ingest_counters(const dgnt_ingest *in, dgnt_counters *out)
{
    shared_counters *c = (shared_counters *)&in->c;
    memset(out, 0, sizeof *out);
    out->rx_msgs = atomic_load_explicit(&c->rx_msgs, memory_order_relaxed);
    out->rx_pkts = atomic_load_explicit(&c->rx_pkts, memory_order_relaxed);
    out->malformed = atomic_load_explicit(&c->malformed, memory_order_relaxed);
    out->bad_elements = atomic_load_explicit(&c->bad_elements, memory_order_relaxed);
    out->geo_hits = atomic_load_explicit(&c->geo_hits, memory_order_relaxed);
    out->geo_misses = atomic_load_explicit(&c->geo_misses, memory_order_relaxed);
    out->mirai_pkts = atomic_load_explicit(&c->mirai_pkts, memory_order_relaxed);
    out->alerts_rx = atomic_load_explicit(&c->alerts_rx, memory_order_relaxed);
    out->alerts_raised = atomic_load_explicit(&c->alerts_raised, memory_order_relaxed);
    out->alerts_dropped = atomic_load_explicit(&c->alerts_dropped, memory_order_relaxed);
    out->auth_rejected = atomic_load_explicit(&c->auth_rejected, memory_order_relaxed);
    out->lost_msgs = atomic_load_explicit(&c->lost_msgs, memory_order_relaxed);
    out->dst_unplaced = atomic_load_explicit(&c->dst_unplaced, memory_order_relaxed);
    out->last_rx_ns = atomic_load_explicit(&c->last_rx_ns, memory_order_relaxed);
    out->dropped = dgq_dropped(in->cfg.queue);
}

size_t dgnt_ingest_pop_alerts(dgnt_ingest *in, dg_alert *out, size_t max)
{
    pthread_mutex_lock(&in->alert_lock);
    size_t n = 0;
    for (; n < max && in->inbox_count; n++, in->inbox_count--) {
        out[n] = in->inbox[in->inbox_head];
        in->inbox_head = (in->inbox_head + 1) % ALERT_INBOX;
    }
    pthread_mutex_unlock(&in->alert_lock);
    return n;
}

/* Feed state: connected while a pipe is up or messages keep coming (inproc reports no pipes).
 * Only a feed that was up can be lost: never connected stays lost_since 0 ("waiting"). */
static void update_connection(dgnt_thread *t, uint64_t now_ns)
{
    uint64_t pipes = nn_get_statistic(t->sock, NN_STAT_CURRENT_CONNECTIONS);
    uint64_t last = atomic_load_explicit(&t->in->c.last_rx_ns, memory_order_relaxed);
    bool up = pipes > 0 || (last && now_ns - last < LOST_AFTER_NS);
    bool was = atomic_load(&t->connected);
    if (was && !up) atomic_store(&t->lost_since_ns, now_ns);
    atomic_store(&t->connected, up);
}

static void *thread_main(void *arg)
{
    dgnt_thread *t = arg;
    uint64_t checked = 0;
    while (!atomic_load_explicit(&t->stop, memory_order_relaxed)) {
        void *buf = NULL;
        int n = nn_recv(t->sock, &buf, NN_MSG, 0);
        uint64_t now = dg_wall_ns();
        if (n >= 0) {
            dgnt_ingest_message(t->in, buf, (size_t)n, now);
            nn_freemsg(buf);
        } else if (nn_errno() == EBADF || nn_errno() == ETERM) {
            break;
        }
        /* The pipe count takes nanomsg's socket lock: ten looks a second are plenty, not
         * one per message. */
        if (now - checked >= CHECK_EVERY_NS) {
            update_connection(t, now);
            flush_warnings(t->in, false);
            checked = now;
        }
    }
    return NULL;
}

static int open_socket(const dgnt_config *cfg, char *err, size_t errcap)
{
    return dgsub_open(cfg->urls, cfg->nurls, err, errcap);
}

dgnt_thread *dgnt_start(const dgnt_config *cfg, char *err, size_t errcap)
{
    dgnt_thread *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    t->sock = open_socket(cfg, err, errcap);
    t->in = t->sock >= 0 ? dgnt_ingest_create(cfg) : NULL;
    if (!t->in || pthread_create(&t->tid, NULL, thread_main, t) != 0) {
        if (t->sock >= 0) nn_close(t->sock);
        if (t->sock >= 0 && !t->in) snprintf(err, errcap, "out of memory");
        dgnt_ingest_destroy(t->in);
        free(t);
        return NULL;
    }
    return t;
}

void dgnt_halt(dgnt_thread *t)
{
    if (!t || t->halted) return;
    atomic_store(&t->stop, true);
    pthread_join(t->tid, NULL);
    t->halted = true;
}

void dgnt_stop(dgnt_thread *t)
{
    if (!t) return;
    dgnt_halt(t);
    nn_close(t->sock);
    dgnt_ingest_destroy(t->in);
    free(t);
}

void dgnt_counters_get(dgnt_thread *t, dgnt_counters *out)
{
    dgnt_ingest_counters(t->in, out);
    out->connected = atomic_load(&t->connected);
    out->lost_since_ns = atomic_load(&t->lost_since_ns);
}

size_t dgnt_pop_alerts(dgnt_thread *t, dg_alert *out, size_t max)
{
    return dgnt_ingest_pop_alerts(t->in, out, max);
}
