/* kafka_in.c - the Kafka source (see kafka_in.h).
 * Every partition gets its own librdkafka queue (not forwarded to the consumer queue), so the
 * merge takes the next message of exactly the partition whose head ran out, and librdkafka's
 * prefetch limits bound what waits. A partition's head is its current message, decoded; the
 * merge hands out runs of the partition with the earliest head record up to the next
 * partition's head time. A position is (message offset, records of it already handled).
 * Threads: one source per thread; callbacks are served by next() and close. */
#include "kafka_in.h"

#include "auth.h"
#include "feedmsg.h"
#include "flowtuple.h"
#include "formats.h"
#include "timestamp.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PROG "darkglobe-feed"
/* Live: how long the merge waits for a partition that has neither data nor reached its end
 * before going on without it (its records then come late; the scheduler sends late records
 * at once). A replay waits as long as it takes: the data is known to be there. */
#define LIVE_WAIT_NS 200000000ull
#define WAIT_MS 5 /* one wait in next(): the caller's idle hook runs between */
#define COMMIT_EVERY_NS 1000000000ull
#define SKIP_META "dgskip=" /* commit metadata: records of the message already handled */

typedef struct kpos {
    int64_t off;   /* next message; -1: unknown */
    uint32_t skip; /* records of it handled */
} kpos;

typedef struct kpart {
    int topic; /* index into kin.topics */
    int32_t id;
    rd_kafka_queue_t *q;
    dgauth *verify;                /* a sender's counter rises only within one partition */
    dgfm_result *res;               /* the head message, decoded; allocated on first use */
    bool head;                     /* res holds records (or an alert) not yet handed out */
    size_t pos;                    /* next record of the head */
    int64_t head_off, next_off;    /* next_off: offset expected next; -1: any (live) */
    int64_t start_off, end_off;    /* replay window: first offset, high watermark at open */
    bool eof, paused;              /* caught up with the partition's end; fetch paused */
    uint64_t blocked_since;        /* live: when the merge began waiting for it */
    kpos confirmed;                /* handled by the caller: what a group commits */
    kpos resume;                   /* group: committed position to continue at */
    uint16_t map[DGW_MAX_SENSORS]; /* head's sensor indexes -> source table */
} kpart;

/* Position after one record handed out: for committing what the caller handled. */
typedef struct klog {
    uint32_t part, skip;
    int64_t off;
} klog;

typedef struct kin kin;

/* Turns one message into records or an alert (res), now_ns being the default record time;
 * false with res->reason (and res->kind DGFM_NONE) when the message is malformed. */
typedef bool (*kin_decoder)(kin *k, const uint8_t *msg, size_t len, uint64_t now_ns,
                            dgfm_result *res);

struct kin {
    dgkin_config c;
    kin_decoder decode;
    dgkconf kc;
    dgkin_hooks hooks;
    dgkconf_link link;
    rd_kafka_t *rk;
    rd_kafka_queue_t *main_q;
    dg_source *s;
    char topics[DGKCONF_MAX_TOPICS][256];
    int ntopics;
    kpart *parts;
    int nparts, capparts;
    dgauth *key; /* the verifiers' template */
    int wake[2]; /* librdkafka writes here when a queue gets something */
    klog *log;
    size_t nlog, caplog;
    uint64_t last_commit;
    bool dirty; /* confirmed positions moved since the last commit */
    dgkin_stats st;
    dg_ratelog bad_log, auth_log;
    char *text;      /* eve: the message, NUL-terminated (DGFM_MAX_MESSAGE + 1) */
    dg_source event; /* eve: the sensor names of one event */
    dgft_decoder *ft; /* flowtuple: libavro's classes, kept across messages */
};

static int kin_next(dg_source *s, dg_record *out, size_t max);

/* ---- Message formats (--kafka-format) ---- */

static bool decode_darkglobe(kin *k, const uint8_t *msg, size_t len, uint64_t now_ns,
                             dgfm_result *res)
{
    (void)k;
    return dgfm_decode(msg, len, now_ns, res);
}

static bool malformed(dgfm_result *res, const char *why, const char *detail)
{
    res->kind = DGFM_NONE;
    snprintf(res->reason, sizeof res->reason, "%s%s", why, detail);
    return false;
}

/* One Suricata EVE event per message (as Filebeat, Logstash or Vector ship eve.json), parsed
 * by the EVE file source's parser: a flow is one record, an alert an alert, other event types
 * are taken without records. */
static bool decode_eve(kin *k, const uint8_t *msg, size_t len, uint64_t now_ns, dgfm_result *res)
{
    (void)now_ns;
    res->nrec = res->nbad = 0;
    res->sensors.count = 0;
    if (len == 0) return malformed(res, "empty message", "");
    if (len > DGFM_MAX_MESSAGE) return malformed(res, "oversize", "");
    if (memchr(msg, 0, len)) return malformed(res, "EVE event: ", "a NUL byte");
    if (!k->text && !(k->text = malloc(DGFM_MAX_MESSAGE + 1)))
        return malformed(res, "out of memory", "");
    memcpy(k->text, msg, len);
    k->text[len] = 0;
    k->event.sensors.count = 0;
    const char *why = "";
    res->kind = DGFM_PACKETS;
    switch (dgsrc_eve_event(&k->event, k->text, &res->recs[0], &res->alert, &why)) {
    case DGFMT_EVENT_RECORD: res->nrec = 1; break;
    case DGFMT_EVENT_ALERT: res->kind = DGFM_ALERT; break;
    case DGFMT_EVENT_BAD: return malformed(res, "EVE event: ", why);
    case DGFMT_EVENT_SKIP: break;
    }
    res->sensors = k->event.sensors;
    return true;
}

/* corsaro flowtuples in Avro, in whichever framing each message comes (flowtuple.h): a whole
 * object container, the schema registry's 5-byte prefix and one datum, or bare datums. */
static bool decode_flowtuple(kin *k, const uint8_t *msg, size_t len, uint64_t now_ns,
                             dgfm_result *res)
{
    (void)now_ns;
    if (!k->ft && !(k->ft = dgft_decoder_new())) {
        res->nrec = res->nbad = 0;
        return malformed(res, "out of memory", "");
    }
    return dgft_decode_message(k->ft, msg, len, res);
}

/* --kafka-format: the feed's own forms, EVE or flowtuples; another format plugs in as one
 * more entry. */
static const struct {
    dgkconf_format format;
    kin_decoder decode;
} formats[] = {{DGKCONF_FORMAT_UNSET, decode_darkglobe},
               {DGKCONF_FORMAT_DARKGLOBE, decode_darkglobe},
               {DGKCONF_FORMAT_EVE, decode_eve},
               {DGKCONF_FORMAT_FLOWTUPLE, decode_flowtuple}};

static bool group_mode(const kin *k)
{
    return k->kc.group != NULL;
}

static kin *impl_of(const dg_source *s)
{
    return s && s->kind && strcmp(s->kind, "kafka") == 0 ? s->impl : NULL;
}

/* ---- Partitions ---- */

static int topic_index(const kin *k, const char *topic)
{
    for (int i = 0; i < k->ntopics; i++)
        if (strcmp(k->topics[i], topic) == 0) return i;
    return -1;
}

static bool new_verifier(kin *k, kpart *p)
{
    dgauth_close(p->verify);
    p->verify = k->key ? dgauth_clone(k->key) : NULL;
    return !k->key || p->verify;
}

/* Adds a partition with its own queue; the wake pipe hears when it gets something. */
static kpart *add_part(kin *k, const char *topic, int32_t id)
{
    int t = topic_index(k, topic);
    if (t < 0) return NULL;
    if (k->nparts == k->capparts) {
        int cap = k->capparts ? 2 * k->capparts : 16;
        kpart *np = realloc(k->parts, (size_t)cap * sizeof *np);
        if (!np) return NULL;
        k->parts = np;
        k->capparts = cap;
    }
    kpart *p = &k->parts[k->nparts];
    *p = (kpart){.topic = t, .id = id, .next_off = -1, .end_off = -1};
    p->confirmed.off = p->resume.off = -1;
    p->q = rd_kafka_queue_get_partition(k->rk, topic, id);
    if (!p->q || !new_verifier(k, p)) {
        if (p->q) rd_kafka_queue_destroy(p->q);
        return NULL;
    }
    rd_kafka_queue_forward(p->q, NULL);
    rd_kafka_queue_io_event_enable(p->q, k->wake[1], "p", 1);
    k->nparts++;
    return p;
}

static void drop_parts(kin *k)
{
    for (int i = 0; i < k->nparts; i++) {
        kpart *p = &k->parts[i];
        rd_kafka_queue_io_event_enable(p->q, -1, NULL, 0);
        rd_kafka_queue_destroy(p->q);
        dgauth_close(p->verify);
        free(p->res);
    }
    k->nparts = 0;
}

static rd_kafka_topic_partition_list_t *part_list(const kin *k)
{
    rd_kafka_topic_partition_list_t *l = rd_kafka_topic_partition_list_new(k->nparts);
    for (int i = 0; i < k->nparts; i++)
        rd_kafka_topic_partition_list_add(l, k->topics[k->parts[i].topic], k->parts[i].id);
    return l;
}

/* A replay stops fetching a partition once it reached its end: the rest is not wanted. */
static void pause_part(kin *k, kpart *p, bool pause)
{
    if (p->paused == pause) return;
    rd_kafka_topic_partition_list_t *l = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(l, k->topics[p->topic], p->id);
    if (pause)
        rd_kafka_pause_partitions(k->rk, l);
    else
        rd_kafka_resume_partitions(k->rk, l);
    rd_kafka_topic_partition_list_destroy(l);
    p->paused = pause;
}

/* ---- Positions and commits (groups) ---- */

static kpos position(const kpart *p)
{
    if (p->head) return (kpos){p->head_off, (uint32_t)p->pos};
    return (kpos){p->next_off, 0};
}

/* Everything next() returned before was handled: the current positions are confirmed. */
static void confirm_all(kin *k)
{
    for (int i = 0; i < k->nparts; i++) {
        kpos now = position(&k->parts[i]);
        kpos *c = &k->parts[i].confirmed;
        if (now.off != c->off || now.skip != c->skip) k->dirty = true;
        *c = now;
    }
    k->nlog = 0;
}

static void add_commit(rd_kafka_topic_partition_list_t *l, const kin *k, const kpart *p)
{
    rd_kafka_topic_partition_t *e =
        rd_kafka_topic_partition_list_add(l, k->topics[p->topic], p->id);
    e->offset = p->confirmed.off;
    if (!p->confirmed.skip) return;
    char meta[32];
    int n = snprintf(meta, sizeof meta, SKIP_META "%u", (unsigned)p->confirmed.skip);
    e->metadata = malloc((size_t)n);
    if (!e->metadata) return;
    memcpy(e->metadata, meta, (size_t)n);
    e->metadata_size = (size_t)n;
}

/* Commits the confirmed positions (a group only); async except at close and revocation. */
static void commit(kin *k, bool sync)
{
    if (!group_mode(k) || !k->dirty) return;
    rd_kafka_topic_partition_list_t *l = rd_kafka_topic_partition_list_new(k->nparts);
    for (int i = 0; i < k->nparts; i++)
        if (k->parts[i].confirmed.off >= 0) add_commit(l, k, &k->parts[i]);
    rd_kafka_resp_err_t e = l->cnt ? rd_kafka_commit(k->rk, l, sync ? 0 : 1) : 0;
    if (e && e != RD_KAFKA_RESP_ERR__NO_OFFSET) {
        k->link.errors++;
        dg_ratelog_printf(&k->link.log, dg_mono_ns(), PROG, "kafka: commit failed: %s",
                          rd_kafka_err2str(e));
    }
    rd_kafka_topic_partition_list_destroy(l);
    k->dirty = false;
    k->last_commit = dg_mono_ns();
}

/* "dgskip=N" committed beside an offset: N records of that message were handled. */
static uint32_t parse_skip(const rd_kafka_topic_partition_t *e)
{
    size_t n = strlen(SKIP_META);
    if (!e->metadata || e->metadata_size <= n || e->metadata_size > n + 10 ||
        memcmp(e->metadata, SKIP_META, n) != 0)
        return 0;
    uint32_t v = 0;
    for (size_t i = n; i < e->metadata_size; i++) {
        char c = ((const char *)e->metadata)[i];
        if (c < '0' || c > '9') return 0;
        v = v * 10 + (uint32_t)(c - '0');
    }
    return v;
}

/* A partition the group never committed starts at its end, as a live feed does; the end is
 * taken now and committed as this member's position, so a member that takes the partition
 * over later resumes there. Left to "the end" of whoever reads next, a partition this
 * member had no record of yet when it stopped lost everything produced meanwhile. */
static void pin_end(kin *k, rd_kafka_topic_partition_t *el, kpart *p)
{
    int64_t lo, hi;
    if (rd_kafka_query_watermark_offsets(k->rk, el->topic, el->partition, &lo, &hi,
                                         DGKCONF_OPEN_TIMEOUT_MS) ||
        hi < 0)
        return; /* unknown: the client's own reset to the end */
    el->offset = hi;
    p->resume = (kpos){hi, 0};
    k->dirty = true;
}

/* The group gave us partitions: continue each where the group's commit says. */
static void group_assign(kin *k, rd_kafka_topic_partition_list_t *parts)
{
    rd_kafka_resp_err_t e = rd_kafka_committed(k->rk, parts, DGKCONF_OPEN_TIMEOUT_MS);
    if (e) {
        k->link.errors++;
        fprintf(stderr, PROG ": kafka: committed offsets unknown (%s): starting at the end\n",
                rd_kafka_err2str(e));
    }
    for (int i = 0; i < parts->cnt; i++) {
        rd_kafka_topic_partition_t *el = &parts->elems[i];
        kpart *p = add_part(k, el->topic, el->partition);
        if (!p) continue;
        if (!e && el->offset >= 0) p->resume = (kpos){el->offset, parse_skip(el)};
        if (e) el->offset = RD_KAFKA_OFFSET_INVALID;
        if (p->resume.off < 0) pin_end(k, el, p);
        p->next_off = p->resume.off;
        p->confirmed = p->resume;
    }
    rd_kafka_assign(k->rk, parts);
}

static void on_rebalance(rd_kafka_t *rk, rd_kafka_resp_err_t err,
                         rd_kafka_topic_partition_list_t *parts, void *opaque)
{
    kin *k = ((dgkconf_link *)opaque)->owner;
    if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
        drop_parts(k);
        group_assign(k, parts);
        return;
    }
    k->dirty = true;
    commit(k, true);
    drop_parts(k);
    rd_kafka_assign(rk, NULL);
}

/* ---- Taking messages ---- */

/* The message's Kafka timestamp in ns; the time of reception when it has none or one past
 * what a record may carry (timestamp.h). */
static uint64_t message_time(const rd_kafka_message_t *m)
{
    rd_kafka_timestamp_type_t type;
    int64_t ms = rd_kafka_message_timestamp(m, &type);
    bool ok = ms > 0 && (uint64_t)ms < DGTM_LIMIT_NS / 1000000ull;
    return ok ? (uint64_t)ms * 1000000ull : dg_wall_ns();
}

/* Maps the head message's sensor names into the source's table. */
static void map_sensors(kin *k, kpart *p)
{
    for (int i = 0; i < p->res->sensors.count; i++)
        p->map[i] = dgw_intern_sensor(&k->s->sensors, p->res->sensors.name[i]);
}

static void refuse(kin *k, const kpart *p, const rd_kafka_message_t *m, int r)
{
    k->st.auth_rejected++;
    k->s->src_errors++;
    if (!k->c.quiet)
        dg_ratelog_printf(&k->auth_log, dg_mono_ns(), PROG, "kafka %s/%d@%lld: message refused: %s",
                          k->topics[p->topic], p->id, (long long)m->offset, dgauth_strerror(r));
}

static void count_bad(kin *k, const kpart *p, const rd_kafka_message_t *m, size_t len)
{
    dgfm_result *res = p->res;
    if (res->kind == DGFM_NONE) {
        k->st.malformed++;
        k->s->src_errors++;
    } else {
        k->st.bad_elements += res->nbad;
        k->s->src_errors += res->nbad;
    }
    if (!k->c.quiet && res->kind == DGFM_NONE)
        dg_ratelog_printf(&k->bad_log, dg_mono_ns(), PROG,
                          "kafka %s/%d@%lld: malformed message (%zu bytes): %s",
                          k->topics[p->topic], p->id, (long long)m->offset, len, res->reason);
    else if (!k->c.quiet)
        dg_ratelog_printf(&k->bad_log, dg_mono_ns(), PROG,
                          "kafka %s/%d@%lld: %zu bad element(s) dropped: %s", k->topics[p->topic],
                          p->id, (long long)m->offset, res->nbad, res->reason);
}

/* Verifies and decodes one message into p's head. Its Kafka timestamp is the default time
 * of JSON records without "ts", and the time its signature must carry. */
static void decode(kin *k, kpart *p, const rd_kafka_message_t *m)
{
    if (!p->res && !(p->res = malloc(sizeof *p->res))) {
        k->link.errors++;
        return;
    }
    uint64_t ts = message_time(m);
    size_t len = m->len;
    int r = p->verify ? dgauth_verify(p->verify, m->payload, len, ts, &len) : DGAUTH_OK;
    if (r != DGAUTH_OK) {
        refuse(k, p, m, r);
        return;
    }
    bool ok = k->decode(k, m->payload, len, ts, p->res);
    if (!ok || p->res->nbad) count_bad(k, p, m, len);
    if (!ok) return;
    for (size_t i = 0; i < p->res->nrec; i++)
        k->st.rx_pkts += dg_record_pkts(&p->res->recs[i]);
    map_sensors(k, p);
    size_t items = p->res->kind == DGFM_ALERT ? 1 : p->res->nrec;
    p->pos = 0;
    if (p->resume.off == m->offset) p->pos = p->resume.skip < items ? p->resume.skip : items;
    p->head = p->pos < items;
    p->head_off = m->offset;
}

/* Takes one message (or end-of-partition event) of p. */
static void take(kin *k, kpart *p, const rd_kafka_message_t *m)
{
    if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
        p->eof = true;
        dgkconf_link_alive(&k->link);
        return;
    }
    if (m->err) {
        k->link.errors++;
        dg_ratelog_printf(&k->link.log, dg_mono_ns(), PROG, "kafka %s/%d: %s", k->topics[p->topic],
                          p->id, rd_kafka_message_errstr(m));
        return;
    }
    dgkconf_link_alive(&k->link);
    p->eof = false;
    /* Left over from before a seek or a probe; or, in a replay, past the window. */
    if (p->next_off >= 0 && m->offset < p->next_off) return;
    if (k->c.replay && m->offset >= p->end_off) {
        p->next_off = p->end_off;
        return;
    }
    p->next_off = m->offset + 1;
    k->st.rx_msgs++;
    decode(k, p, m);
    p->resume.off = -1;
}

static bool done(const kin *k, const kpart *p)
{
    return k->c.replay && !p->head && (p->eof || p->next_off >= p->end_off);
}

/* Takes messages of p until it has a head, its queue is empty, or it is done. */
static void fill(kin *k, kpart *p)
{
    while (!p->head && !done(k, p)) {
        rd_kafka_message_t *m = rd_kafka_consume_queue(p->q, 0);
        if (!m) return;
        take(k, p, m);
        rd_kafka_message_destroy(m);
    }
    if (done(k, p)) pause_part(k, p, true);
}

/* True when every partition that may still hold an earlier record has its head. */
static bool heads_ready(kin *k, uint64_t now)
{
    bool ready = true;
    for (int i = 0; i < k->nparts; i++) {
        kpart *p = &k->parts[i];
        fill(k, p);
        if (p->head || done(k, p) || (!k->c.replay && p->eof)) {
            p->blocked_since = 0;
            continue;
        }
        if (!k->c.replay && !p->blocked_since) p->blocked_since = now;
        if (k->c.replay || now - p->blocked_since < LIVE_WAIT_NS) ready = false;
    }
    return ready;
}

/* ---- The merge ---- */

static uint64_t head_time(const kpart *p)
{
    const dgfm_result *r = p->res;
    return r->kind == DGFM_ALERT ? r->alert.ts_ns : r->recs[p->pos].ts_ns;
}

/* The partition with the earliest head; *bound: the next partition's head time. */
static kpart *earliest(kin *k, uint64_t *bound)
{
    kpart *best = NULL;
    uint64_t bt = UINT64_MAX, second = UINT64_MAX;
    for (int i = 0; i < k->nparts; i++) {
        kpart *p = &k->parts[i];
        if (!p->head) continue;
        uint64_t t = head_time(p);
        if (t < bt) {
            second = bt;
            bt = t;
            best = p;
        } else if (t < second) {
            second = t;
        }
    }
    *bound = second;
    return best;
}

/* Hands out p's head records up to time bound (at least one), at most max. */
static size_t emit(kin *k, kpart *p, dg_record *out, size_t max, uint64_t bound)
{
    const dgfm_result *r = p->res;
    size_t n = 0;
    bool logging = group_mode(k);
    do {
        dg_record *o = &out[n];
        *o = r->recs[p->pos++];
        if (o->sensor != DG_SENSOR_NONE) o->sensor = p->map[o->sensor];
        if (logging)
            k->log[k->nlog++] = (klog){(uint32_t)(p - k->parts), (uint32_t)p->pos, p->head_off};
        n++;
    } while (n < max && p->pos < r->nrec && r->recs[p->pos].ts_ns <= bound);
    p->head = p->pos < r->nrec;
    return n;
}

/* An alert message at the front: out to the hook now, as everything before it was handled. */
static void deliver_alert(kin *k, kpart *p)
{
    p->pos = 1;
    p->head = false;
    if (k->hooks.alert) k->hooks.alert(&p->res->alert, k->hooks.ctx);
    p->confirmed = position(p);
    k->dirty = true;
}

/* Merges until max records, an alert behind records, or a head that ran out (its partition
 * must be filled before the merge can go on). *moved: anything was handed out. */
static size_t merge(kin *k, dg_record *out, size_t max, bool first, bool *moved)
{
    size_t n = 0;
    while (n < max) {
        uint64_t bound;
        kpart *p = earliest(k, &bound);
        if (!p) break;
        if (p->res->kind == DGFM_ALERT) {
            if (n || !first) break;
            deliver_alert(k, p);
        } else {
            n += emit(k, p, out + n, max - n, bound);
        }
        *moved = true;
        if (!p->head) break;
    }
    return n;
}

/* ---- The source ---- */

/* Serves the client's callbacks (logs, errors, statistics, rebalances). */
static void serve(kin *k)
{
    for (int i = 0; i < 64; i++) {
        rd_kafka_message_t *m = rd_kafka_consumer_poll(k->rk, 0);
        if (!m) return;
        if (m->err && m->err != RD_KAFKA_RESP_ERR__PARTITION_EOF) {
            k->link.errors++;
            dg_ratelog_printf(&k->link.log, dg_mono_ns(), PROG, "kafka: %s",
                              rd_kafka_message_errstr(m));
        }
        rd_kafka_message_destroy(m);
    }
}

static bool finished(const kin *k)
{
    if (!k->c.replay) return false;
    for (int i = 0; i < k->nparts; i++)
        if (!done(k, &k->parts[i])) return false;
    return true;
}

static void wait_data(kin *k)
{
    if (k->hooks.idle) k->hooks.idle(k->hooks.ctx);
    struct pollfd pfd = {.fd = k->wake[0], .events = POLLIN};
    if (poll(&pfd, 1, WAIT_MS) > 0) {
        char buf[256];
        while (read(k->wake[0], buf, sizeof buf) > 0) {
        }
    }
}

/* A group logs the position after every record handed out (dgkin_handled). */
static bool log_room(kin *k, size_t max)
{
    if (!group_mode(k) || max <= k->caplog) return true;
    klog *l = realloc(k->log, max * sizeof *l);
    if (!l) return false;
    k->log = l;
    k->caplog = max;
    return true;
}

static int kin_next(dg_source *s, dg_record *out, size_t max)
{
    kin *k = s->impl;
    confirm_all(k);
    if (!log_room(k, max)) {
        fprintf(stderr, PROG ": kafka: out of memory\n");
        return -1;
    }
    if (k->dirty && dg_mono_ns() - k->last_commit >= COMMIT_EVERY_NS) commit(k, false);
    size_t n = 0;
    for (;;) {
        if (n == 0) serve(k); /* a rebalance only while nothing is handed out */
        bool moved = false;
        if (heads_ready(k, dg_mono_ns())) n += merge(k, out + n, max - n, n == 0, &moved);
        if (moved && n < max) continue;
        if (n) return (int)n;
        if (finished(k) || (k->c.stop && *k->c.stop)) return 0;
        if (k->dirty && dg_mono_ns() - k->last_commit >= COMMIT_EVERY_NS) commit(k, false);
        wait_data(k);
    }
}

/* --loop: every partition back to the start of the window. */
static bool kin_rewind(dg_source *s)
{
    kin *k = s->impl;
    if (!k->c.replay || group_mode(k)) return false;
    rd_kafka_topic_partition_list_t *l = part_list(k);
    for (int i = 0; i < k->nparts; i++) {
        kpart *p = &k->parts[i];
        pause_part(k, p, false);
        p->head = p->eof = false;
        p->next_off = p->start_off;
        l->elems[i].offset = p->start_off;
        if (!new_verifier(k, p)) return false; /* a replayed sender starts its counter again */
    }
    rd_kafka_error_t *e = rd_kafka_seek_partitions(k->rk, l, 0);
    rd_kafka_topic_partition_list_destroy(l);
    if (e) {
        fprintf(stderr, PROG ": kafka: cannot rewind: %s\n", rd_kafka_error_string(e));
        rd_kafka_error_destroy(e);
        return false;
    }
    return true;
}

/* ---- Seeking by time ---- */

/* Timestamp (ns) of the message at off, read by assigning p alone there; 0 if unreadable. */
static uint64_t probe_time(kin *k, kpart *p, int64_t off)
{
    rd_kafka_topic_partition_list_t *l = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(l, k->topics[p->topic], p->id)->offset = off;
    rd_kafka_assign(k->rk, l);
    rd_kafka_topic_partition_list_destroy(l);
    uint64_t ts = 0, until = dg_mono_ns() + DGKCONF_OPEN_TIMEOUT_MS * 1000000ull;
    while (!ts && dg_mono_ns() < until && !(k->c.stop && *k->c.stop)) {
        rd_kafka_message_t *m = rd_kafka_consume_queue(p->q, 100);
        if (m && !m->err && m->offset == off) ts = message_time(m);
        if (m) rd_kafka_message_destroy(m);
    }
    return ts;
}

/* The first offset in [lo, hi) whose message time is >= t, by bisection over message
 * timestamps (a partition's are in feed order when one feed produced them). */
static int64_t bisect(kin *k, kpart *p, int64_t lo, int64_t hi, uint64_t t)
{
    if (lo >= hi || probe_time(k, p, hi - 1) < t) return hi;
    hi--;
    while (lo < hi) {
        int64_t mid = lo + (hi - lo) / 2;
        if (probe_time(k, p, mid) < t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Replay start offsets: offsets for times, where the brokers answer; otherwise (-1 with
 * messages present: a broker without the time index, e.g. librdkafka's mock cluster) the
 * partition is bisected by message timestamps. */
static void seek_times(kin *k, rd_kafka_topic_partition_list_t *l, const int64_t *lo)
{
    int64_t ms = (int64_t)(k->c.start_ns / 1000000ull);
    for (int i = 0; i < l->cnt; i++)
        l->elems[i].offset = ms;
    rd_kafka_resp_err_t e = rd_kafka_offsets_for_times(k->rk, l, DGKCONF_OPEN_TIMEOUT_MS);
    for (int i = 0; i < l->cnt; i++) {
        kpart *p = &k->parts[i];
        int64_t off = e || l->elems[i].err ? -1 : l->elems[i].offset;
        if (off < 0) off = bisect(k, p, lo[i], p->end_off, k->c.start_ns);
        p->start_off = off < lo[i] ? lo[i] : off > p->end_off ? p->end_off : off;
    }
    rd_kafka_assign(k->rk, NULL);
}

/* ---- Opening ---- */

/* Positions every partition: live at the end; a replay from its start to its high watermark. */
static bool position_parts(kin *k, char *err, size_t errcap)
{
    rd_kafka_topic_partition_list_t *l = part_list(k);
    int64_t *lo = calloc((size_t)k->nparts + 1, sizeof *lo);
    bool ok = lo != NULL;
    for (int i = 0; ok && k->c.replay && i < k->nparts; i++) {
        kpart *p = &k->parts[i];
        rd_kafka_resp_err_t e = rd_kafka_query_watermark_offsets(
            k->rk, k->topics[p->topic], p->id, &lo[i], &p->end_off, DGKCONF_OPEN_TIMEOUT_MS);
        if (e)
            snprintf(err, errcap, "Kafka %s/%d: %s", k->topics[p->topic], p->id,
                     rd_kafka_err2str(e));
        ok = !e;
        p->start_off = lo[i];
    }
    if (ok && k->c.replay && k->c.start_ns) seek_times(k, l, lo);
    for (int i = 0; ok && i < k->nparts; i++) {
        kpart *p = &k->parts[i];
        p->next_off = k->c.replay ? p->start_off : -1;
        l->elems[i].offset = k->c.replay ? p->start_off : RD_KAFKA_OFFSET_END;
    }
    if (ok) rd_kafka_assign(k->rk, l);
    rd_kafka_topic_partition_list_destroy(l);
    free(lo);
    return ok;
}

static bool add_topics(kin *k, char *err, size_t errcap)
{
    k->ntopics = dgkconf_split_topics(k->kc.topics, k->topics, DGKCONF_MAX_TOPICS);
    for (int t = 0; t < k->ntopics; t++) {
        int n = dgkconf_partitions(k->rk, k->topics[t], err, errcap);
        if (n < 0) return false;
        for (int i = 0; !group_mode(k) && i < n; i++)
            if (!add_part(k, k->topics[t], i)) {
                snprintf(err, errcap, "out of memory");
                return false;
            }
    }
    return true;
}

static bool subscribe(kin *k, char *err, size_t errcap)
{
    rd_kafka_topic_partition_list_t *l = rd_kafka_topic_partition_list_new(k->ntopics);
    for (int t = 0; t < k->ntopics; t++)
        rd_kafka_topic_partition_list_add(l, k->topics[t], RD_KAFKA_PARTITION_UA);
    rd_kafka_resp_err_t e = rd_kafka_subscribe(k->rk, l);
    rd_kafka_topic_partition_list_destroy(l);
    if (e) snprintf(err, errcap, "Kafka group %s: %s", k->kc.group, rd_kafka_err2str(e));
    return !e;
}

static bool open_client(kin *k, char *err, size_t errcap)
{
    rd_kafka_conf_t *conf = dgkconf_new(k->kc.brokers, &k->kc, &k->link, false, err, errcap);
    char why[512];
    if (!conf) return false;
    /* librdkafka's assign() needs a group id too; without subscribe() nothing joins it and,
     * as nothing is committed, the brokers keep no state for it. */
    rd_kafka_conf_set(conf, "group.id", group_mode(k) ? k->kc.group : "darkglobe-feed", why,
                      sizeof why);
    if (group_mode(k)) rd_kafka_conf_set_rebalance_cb(conf, on_rebalance);
    k->rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, why, sizeof why);
    if (!k->rk) {
        rd_kafka_conf_destroy(conf);
        snprintf(err, errcap, "Kafka consumer: %s", why);
        return false;
    }
    dgkconf_attach(k->rk);
    rd_kafka_poll_set_consumer(k->rk);
    k->main_q = rd_kafka_queue_get_consumer(k->rk);
    rd_kafka_queue_io_event_enable(k->main_q, k->wake[1], "c", 1);
    return true;
}

static bool open_wake(kin *k)
{
    if (pipe(k->wake) != 0) return false;
    for (int i = 0; i < 2; i++)
        fcntl(k->wake[i], F_SETFL, fcntl(k->wake[i], F_GETFL) | O_NONBLOCK);
    return true;
}

static void kin_close(dg_source *s)
{
    kin *k = s->impl;
    if (k->rk) {
        commit(k, true);
        rd_kafka_consumer_close(k->rk);
        drop_parts(k);
        if (k->main_q) {
            rd_kafka_queue_io_event_enable(k->main_q, -1, NULL, 0);
            rd_kafka_queue_destroy(k->main_q);
        }
        rd_kafka_destroy(k->rk);
    }
    for (int i = 0; i < 2; i++)
        if (k->wake[i] >= 0) close(k->wake[i]);
    dgauth_close(k->key);
    free(k->text);
    dgft_decoder_free(k->ft);
    free(k->parts);
    free(k->log);
    free(k);
    free(s);
}

static bool open_all(kin *k, char *err, size_t errcap)
{
    for (size_t i = 0; i < sizeof formats / sizeof *formats; i++)
        if (formats[i].format == k->kc.format) k->decode = formats[i].decode;
    if (!k->decode) {
        snprintf(err, errcap, "Kafka: message format %d not built in", (int)k->kc.format);
        return false;
    }
    if (!open_wake(k)) {
        snprintf(err, errcap, "cannot create a pipe: %s", strerror(errno));
        return false;
    }
    if (k->c.auth && !(k->key = dgauth_clone(k->c.auth))) {
        snprintf(err, errcap, "out of memory");
        return false;
    }
    if (!open_client(k, err, errcap) || !add_topics(k, err, errcap)) return false;
    return group_mode(k) ? subscribe(k, err, errcap) : position_parts(k, err, errcap);
}

dg_source *dgkin_open(const dgkin_config *c, char *err, size_t errcap)
{
    dg_source *s = calloc(1, sizeof *s);
    kin *k = calloc(1, sizeof *k);
    if (!s || !k) {
        free(s);
        free(k);
        snprintf(err, errcap, "out of memory");
        return NULL;
    }
    k->c = *c;
    k->kc = *c->kafka;
    k->c.kafka = &k->kc;
    k->s = s;
    k->wake[0] = k->wake[1] = -1;
    k->link = (dgkconf_link){.what = "kafka", .quiet = c->quiet, .owner = k};
    s->impl = k;
    s->next = kin_next;
    s->rewind = kin_rewind;
    s->close = kin_close;
    s->kind = "kafka";
    if (!open_all(k, err, errcap)) {
        kin_close(s);
        return NULL;
    }
    return s;
}

/* ---- The caller's side ---- */

void dgkin_set_hooks(dg_source *s, const dgkin_hooks *h)
{
    kin *k = impl_of(s);
    if (k) k->hooks = *h;
}

void dgkin_handled(dg_source *s, size_t n)
{
    kin *k = impl_of(s);
    if (!k) return;
    for (size_t i = 0; i < n && i < k->nlog; i++) {
        const klog *g = &k->log[i];
        k->parts[g->part].confirmed = (kpos){g->off, g->skip};
        k->dirty = true;
    }
    k->nlog = 0;
}

static int64_t lag(const kin *k)
{
    int64_t sum = 0;
    for (int i = 0; i < k->nparts; i++) {
        const kpart *p = &k->parts[i];
        int64_t lo, hi, at = position(p).off;
        if (rd_kafka_get_watermark_offsets(k->rk, k->topics[p->topic], p->id, &lo, &hi) || hi < 0 ||
            at < 0)
            continue;
        if (k->c.replay && hi > p->end_off) hi = p->end_off;
        if (hi > at) sum += hi - at;
    }
    return sum;
}

dgkin_stats dgkin_get_stats(const dg_source *s)
{
    const kin *k = impl_of(s);
    if (!k) return (dgkin_stats){0};
    dgkin_stats st = k->st;
    st.errors = k->link.errors;
    st.connected = k->link.connected;
    st.partitions = k->nparts;
    st.lag = lag(k);
    return st;
}

int dgkin_stats_json(const dg_source *s, char *buf, size_t cap)
{
    dgkin_stats st = dgkin_get_stats(s);
    int n = snprintf(buf, cap,
                     ",\"kafka_rx_msgs\":%llu,\"kafka_rx_pkts\":%llu,\"kafka_lag\":%lld,"
                     "\"kafka_partitions\":%d,\"kafka_errors\":%llu,\"kafka_connected\":%s,"
                     "\"malformed\":%llu,\"bad_elements\":%llu,\"auth_rejected\":%llu",
                     (unsigned long long)st.rx_msgs, (unsigned long long)st.rx_pkts,
                     (long long)st.lag, st.partitions, (unsigned long long)st.errors,
                     st.connected ? "true" : "false", (unsigned long long)st.malformed,
                     (unsigned long long)st.bad_elements, (unsigned long long)st.auth_rejected);
    return n < 0 ? 0 : (size_t)n >= cap ? (int)cap - 1 : n;
}
