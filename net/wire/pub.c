/* pub.c - nanomsg PUB publisher with batching (see pub.h).
 * Binary batches are encoded straight into a nanomsg-allocated message (zero copy); JSON
 * arrays are formatted into a reusable buffer. Nothing is allocated per record.
 * Threads: one publisher per thread. */
#include "pub.h"
#include "clock.h"

#include "feedmsg.h"
#include "jsonfeed.h"
#include "kafka_out.h"
#include "ratelog.h"

#include <errno.h>
#include <nanomsg/nn.h>
#include <nanomsg/pubsub.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

/* Room for one JSON record with IPv6 addresses and a 31-byte sensor name, with margin. */
#define JSON_RECORD_MAX 512
#define JSON_BUF_SIZE (DGPUB_JSON_BATCH * JSON_RECORD_MAX + 16)
#define ALERT_MAX 4096 /* an alert's JSON is well under 2 KiB */

struct dgpub {
    int sock;
    dgpub_format format;
    int linger_ms;
    dgauth *auth;
    dgkout *kafka;
    const dgw_sensor_table *sensors;
    dg_record *pending;
    size_t npending, batch_max;
    uint64_t pending_since;
    char *json;       /* JSON message buffer */
    uint16_t id, seq; /* stamped on binary batches: subscribers count what PUB dropped */
    uint64_t last_batch_ns; /* when the last binary batch went to the socket; 0: none yet */
    bool marked;            /* a mark followed it */
    uint16_t mark_seq;      /* the number that mark took */
    dgpub_stats st;
};

bool dgpub_parse_format(const char *text, dgpub_format *out)
{
    if (strcasecmp(text, "binary") == 0)
        *out = DGPUB_BINARY;
    else if (strcasecmp(text, "json") == 0)
        *out = DGPUB_JSON;
    else
        return false;
    return true;
}

static bool add_endpoints(dgpub *p, const dgpub_config *cfg, char *err, size_t errcap)
{
    for (int i = 0; i < cfg->nbind; i++)
        if (nn_bind(p->sock, cfg->bind[i]) < 0) {
            snprintf(err, errcap, "cannot bind %s: %s", cfg->bind[i], nn_strerror(nn_errno()));
            return false;
        }
    for (int i = 0; i < cfg->nconnect; i++)
        if (nn_connect(p->sock, cfg->connect[i]) < 0) {
            snprintf(err, errcap, "cannot connect to %s: %s", cfg->connect[i],
                     nn_strerror(nn_errno()));
            return false;
        }
    if (cfg->nbind == 0 && cfg->nconnect == 0 && nn_bind(p->sock, DGPUB_DEFAULT_URL) < 0) {
        snprintf(err, errcap, "cannot bind %s: %s", DGPUB_DEFAULT_URL, nn_strerror(nn_errno()));
        return false;
    }
    return true;
}

static bool open_socket(dgpub *p, const dgpub_config *cfg, char *err, size_t errcap)
{
    p->sock = nn_socket(AF_SP, NN_PUB);
    if (p->sock < 0) {
        snprintf(err, errcap, "cannot create PUB socket: %s", nn_strerror(nn_errno()));
        return false;
    }
    int sndbuf = cfg->sndbuf > 0 ? cfg->sndbuf : 8 << 20;
    nn_setsockopt(p->sock, NN_SOL_SOCKET, NN_SNDBUF, &sndbuf, sizeof sndbuf);
    return add_endpoints(p, cfg, err, errcap);
}

dgpub *dgpub_open(const dgpub_config *cfg, const dgw_sensor_table *sensors, char *err,
                  size_t errcap)
{
    dgpub *p = calloc(1, sizeof *p);
    if (p) p->id = (uint16_t)(dg_wall_ns() ^ ((uint64_t)getpid() << 16) ^ (dg_wall_ns() >> 20));
    if (!p) {
        snprintf(err, errcap, "out of memory");
        return NULL;
    }
    p->sock = -1;
    p->format = cfg->format;
    p->linger_ms = cfg->linger_ms;
    p->auth = cfg->auth;
    p->kafka = cfg->kafka;
    p->sensors = sensors;
    p->batch_max = cfg->format == DGPUB_JSON ? DGPUB_JSON_BATCH : DGW_MAX_RECORDS;
    p->pending = malloc(sizeof(dg_record) * p->batch_max);
    p->json = malloc(JSON_BUF_SIZE + DGAUTH_TRAILER); /* JSON batches and alerts */
    if (!p->pending || !p->json) {
        snprintf(err, errcap, "out of memory");
        dgpub_close(p);
        return NULL;
    }
    bool kafka_only = cfg->kafka && cfg->nbind == 0 && cfg->nconnect == 0;
    if (!kafka_only && !open_socket(p, cfg, err, errcap)) {
        p->linger_ms = 0;
        dgpub_close(p);
        return NULL;
    }
    return p;
}

/* Appends the trailer when signing; the buffer has DGAUTH_TRAILER bytes to spare. */
static size_t sign(dgpub *p, void *msg, size_t len)
{
    return p->auth ? dgauth_sign(p->auth, msg, len, dg_wall_ns()) : len;
}

/* Packets the pending records stand for: an aggregated record (a flow) counts all of its. */
static uint64_t pending_pkts(const dgpub *p)
{
    uint64_t n = 0;
    for (size_t i = 0; i < p->npending; i++)
        n += dg_record_pkts(&p->pending[i]);
    return n;
}

/* Hands one message of nrec packets to nanomsg without blocking; counts the outcome. */
static bool send_msg(dgpub *p, void *msg_or_buf, size_t len, bool zero_copy, uint64_t nrec)
{
    int rc = zero_copy ? nn_send(p->sock, &msg_or_buf, NN_MSG, NN_DONTWAIT)
                       : nn_send(p->sock, msg_or_buf, len, NN_DONTWAIT);
    if (rc < 0) {
        if (zero_copy) nn_freemsg(msg_or_buf);
        if (nrec)
            p->st.tx_drops += nrec;
        else
            p->st.alerts_dropped++;
        return false;
    }
    p->st.tx_msgs++;
    p->st.tx_pkts += nrec;
    p->st.tx_bytes += len;
    return true;
}

static void flush_binary(dgpub *p)
{
    int nsens = p->sensors ? p->sensors->count : 0;
    size_t len = dgw_encoded_size((size_t)nsens, p->npending);
    /* A zero-copy message goes out whole: room for exactly the batch and the trailer. */
    void *msg = nn_allocmsg(len + (p->auth ? DGAUTH_TRAILER : 0), 0);
    if (!msg) { /* nanomsg has no room for it: the socket's loss, as a refused send is */
        p->st.tx_drops += pending_pkts(p);
        return;
    }
    size_t got = dgw_encode(msg, len, p->sensors, p->pending, p->npending);
    if (got != len) { /* a record the wire cannot carry: the batch is ours to count */
        nn_freemsg(msg);
        p->st.tx_refused += pending_pkts(p);
        return;
    }
    dgw_set_seq(msg, p->id, p->seq++);
    send_msg(p, msg, sign(p, msg, got), true, pending_pkts(p));
    p->last_batch_ns = dg_mono_ns();
    p->marked = false;
}

/* A mark: an empty binary batch with the next sequence number. PUB drops silently for a
 * subscriber whose pipe is full, and a subscriber sees the gap only when a later batch
 * arrives; for the last batches before a pause or the end, the mark is that later batch.
 * Repeats carry the same number (a subscriber ignores a number it has seen), so one of them
 * getting through is enough. Marks are not counted in tx_msgs. */
static void send_mark(dgpub *p)
{
    if (!p->marked) p->mark_seq = p->seq++, p->marked = true;
    size_t len = dgw_encoded_size(0, 0);
    void *msg = nn_allocmsg(len + (p->auth ? DGAUTH_TRAILER : 0), 0);
    if (!msg) return;
    dgw_encode(msg, len, NULL, NULL, 0);
    dgw_set_seq(msg, p->id, p->mark_seq);
    sign(p, msg, len); /* the trailer fills the spare bytes: a zero-copy message goes out whole */
    if (nn_send(p->sock, &msg, NN_MSG, NN_DONTWAIT) < 0) nn_freemsg(msg);
}

static bool marks_sequence(const dgpub *p)
{
    return p->sock >= 0 && p->format == DGPUB_BINARY && p->last_batch_ns;
}

static const char *sensor_name(const dgpub *p, uint16_t idx)
{
    if (!p->sensors || idx == DG_SENSOR_NONE || idx >= p->sensors->count) return NULL;
    return p->sensors->name[idx];
}

static void flush_json(dgpub *p)
{
    size_t len = (size_t)snprintf(p->json, JSON_BUF_SIZE, DGFM_TOPIC_PKT "[");
    for (size_t i = 0; i < p->npending; i++) {
        if (i) p->json[len++] = ',';
        const dg_record *r = &p->pending[i];
        len +=
            dgj_format_record(p->json + len, JSON_BUF_SIZE - len - 2, r, sensor_name(p, r->sensor));
    }
    p->json[len++] = ']';
    send_msg(p, p->json, sign(p, p->json, len), false, pending_pkts(p));
}

/* Kafka gets every batch; without a socket, what it accepted is what tx_* count. */
static void to_kafka(dgpub *p)
{
    dgkout_stats before = dgkout_get_stats(p->kafka);
    uint64_t ok = dgkout_batch(p->kafka, p->sensors, p->pending, p->npending);
    if (p->sock >= 0) return;
    dgkout_stats after = dgkout_get_stats(p->kafka);
    p->st.tx_msgs += after.queued_msgs - before.queued_msgs;
    p->st.tx_bytes += after.queued_bytes - before.queued_bytes;
    p->st.tx_pkts += ok;
    p->st.tx_drops += pending_pkts(p) - ok;
}

void dgpub_flush(dgpub *p)
{
    if (!p->npending) return;
    if (p->kafka) to_kafka(p);
    if (p->sock >= 0 && p->format == DGPUB_JSON)
        flush_json(p);
    else if (p->sock >= 0)
        flush_binary(p);
    p->npending = 0;
}

bool dgpub_alert(dgpub *p, const dg_alert *a)
{
    dgpub_flush(p);
    bool kafka_ok = p->kafka && dgkout_alert(p->kafka, a);
    if (p->sock < 0) {
        p->st.tx_msgs += kafka_ok;
        p->st.alerts_tx += kafka_ok;
        p->st.tx_drops += !kafka_ok;
        return kafka_ok;
    }
    size_t len = (size_t)snprintf(p->json, ALERT_MAX, DGFM_TOPIC_ALERT);
    len += dgj_format_alert(p->json + len, ALERT_MAX - len, a);
    if (!send_msg(p, p->json, sign(p, p->json, len), false, 0)) return false;
    p->st.alerts_tx++;
    return true;
}

void dgpub_add(dgpub *p, const dg_record *recs, size_t n, uint64_t now_ns)
{
    while (n) {
        if (!p->npending) p->pending_since = now_ns;
        size_t k = p->batch_max - p->npending;
        if (k > n) k = n;
        memcpy(p->pending + p->npending, recs, k * sizeof *recs);
        p->npending += k;
        recs += k;
        n -= k;
        if (p->npending == p->batch_max) dgpub_flush(p);
    }
}

void dgpub_tick(dgpub *p, uint64_t now_ns)
{
    if (p->kafka) dgkout_poll(p->kafka);
    if (p->npending && now_ns - p->pending_since >= DGPUB_FLUSH_NS) dgpub_flush(p);
    /* (the flush above may have dated a batch after now_ns) */
    if (marks_sequence(p) && !p->marked && now_ns >= p->last_batch_ns + DGPUB_MARK_NS)
        send_mark(p);
}

/* Waits linger_ms for the last messages to leave, sending a mark every DGPUB_MARK_EVERY_MS
 * from the start, so that a tail dropped for a slow subscriber is still counted there. */
static void linger(dgpub *p)
{
    for (int left = p->linger_ms; left > 0; left -= DGPUB_MARK_EVERY_MS) {
        if (marks_sequence(p)) send_mark(p);
        int ms = left < DGPUB_MARK_EVERY_MS ? left : DGPUB_MARK_EVERY_MS;
        struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
        while (nanosleep(&ts, &ts) < 0 && errno == EINTR) {
        }
    }
}

size_t dgpub_pending(const dgpub *p)
{
    return p->npending;
}

dgpub_stats dgpub_get_stats(const dgpub *p)
{
    return p->st;
}

void dgpub_close(dgpub *p)
{
    if (!p) return;
    if (p->sock >= 0) {
        dgpub_flush(p);
        if (p->st.tx_msgs) linger(p);
        nn_close(p->sock);
    } else if (p->kafka) {
        dgpub_flush(p);
    }
    free(p->pending);
    free(p->json);
    free(p);
}
