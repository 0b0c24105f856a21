/* kafka_out.c - the Kafka producer (see kafka_out.h).
 * The feed chooses the partitions itself (murmur2 of the sensor name, as the Java clients and
 * librdkafka's murmur2 partitioner do), so that one flush sends one message per partition:
 * two sensors hashed to one partition would otherwise give it overlapping messages, and a
 * consumer merging partitions by time needs each partition in time order. Each message is
 * encoded into its own malloc'd buffer that librdkafka frees once sent.
 * Threads: one producer per thread. */
#include "kafka_out.h"

#include "feedmsg.h"
#include "jsonfeed.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PROG "darkglobe-feed"
#define ALERT_MAX 4096
#define ALERT_MARK UINTPTR_MAX /* delivery opaque of an alert (others: record count) */

struct dgkout {
    dgkconf kc;
    dgauth *auth;
    dgkconf_link link;
    rd_kafka_t *rk;
    rd_kafka_topic_t *topic;
    int32_t nparts;                       /* the topic's, at open */
    int32_t sensor_part[DGW_MAX_SENSORS]; /* partition of each sensor; -1: not yet hashed */
    uint64_t batches;
    dg_record *sorted; /* DGW_MAX_RECORDS */
    size_t *start;     /* nparts + 1 */
    dgkout_stats st;
    dg_ratelog drop_log;
};

/* Delivery report: the brokers took the message, or it is lost. */
static void on_delivery(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque)
{
    (void)rk;
    dgkout *k = ((dgkconf_link *)opaque)->owner;
    uintptr_t n = (uintptr_t)m->_private;
    if (m->err) {
        k->st.drops += n == ALERT_MARK ? 1 : n;
        k->link.errors++;
        if (!k->link.quiet)
            dg_ratelog_printf(&k->drop_log, dg_mono_ns(), PROG, "kafka-out: message lost: %s",
                              rd_kafka_err2str(m->err));
        return;
    }
    dgkconf_link_alive(&k->link);
    k->st.tx_msgs++;
    if (n != ALERT_MARK) k->st.tx_pkts += n;
}

/* Hands one message (malloc'd, freed by librdkafka once sent) to the producer. */
static bool produce(dgkout *k, uint8_t *buf, size_t len, int32_t part, const char *key,
                    uint64_t ts_ns, uintptr_t tag)
{
    if (k->auth) len = dgauth_sign(k->auth, buf, len, ts_ns);
    size_t keylen = key ? strlen(key) : 0;
    rd_kafka_resp_err_t e =
        rd_kafka_producev(k->rk, RD_KAFKA_V_RKT(k->topic), RD_KAFKA_V_PARTITION(part),
                          RD_KAFKA_V_KEY(keylen ? key : NULL, keylen), RD_KAFKA_V_VALUE(buf, len),
                          RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_FREE),
                          RD_KAFKA_V_TIMESTAMP((int64_t)(ts_ns / 1000000ull)),
                          RD_KAFKA_V_OPAQUE((void *)tag), RD_KAFKA_V_END);
    if (e) {
        free(buf);
        k->st.drops += tag == ALERT_MARK ? 1 : tag;
        if (!k->link.quiet)
            dg_ratelog_printf(&k->drop_log, dg_mono_ns(), PROG, "kafka-out: message refused: %s",
                              rd_kafka_err2str(e));
        return false;
    }
    k->st.queued_msgs++;
    k->st.queued_bytes += len;
    return true;
}

/* Partition of a record: its sensor name hashed as Java clients hash keys (murmur2); a record
 * without a sensor goes with this batch's rotating choice. */
static int32_t partition_of(dgkout *k, const dgw_sensor_table *sensors, const dg_record *r,
                            int32_t none)
{
    if (r->sensor >= sensors->count) return none;
    int32_t *p = &k->sensor_part[r->sensor];
    if (*p < 0) {
        const char *name = sensors->name[r->sensor];
        *p = rd_kafka_msg_partitioner_murmur2(k->topic, name, strlen(name), k->nparts, NULL, NULL);
    }
    return *p;
}

/* The part of a batch bound for one partition (in time order): one message, with the table of
 * the sensors in it, keyed by the sensor name (names joined by commas when several). */
static uint64_t produce_part(dgkout *k, const dgw_sensor_table *sensors, int32_t part,
                             dg_record *recs, size_t n)
{
    dgw_sensor_table names = {0};
    char key[DGW_MAX_SENSORS * DGW_SENSOR_NAME_LEN] = "";
    size_t keylen = 0;
    uint64_t latest = 0, pkts = 0;
    for (size_t i = 0; i < n; i++) {
        dg_record *r = &recs[i];
        pkts += dg_record_pkts(r);
        if (r->sensor < sensors->count) {
            int before = names.count;
            r->sensor = dgw_intern_sensor(&names, sensors->name[r->sensor]);
            if (names.count > before)
                keylen += (size_t)snprintf(key + keylen, sizeof key - keylen, "%s%s",
                                           before ? "," : "", names.name[r->sensor]);
        } else {
            r->sensor = DG_SENSOR_NONE;
        }
        if (r->ts_ns > latest) latest = r->ts_ns;
    }
    size_t len = dgw_encoded_size((size_t)names.count, n);
    uint8_t *buf = malloc(len + DGAUTH_TRAILER);
    if (!buf || dgw_encode(buf, len, &names, recs, n) != len) {
        free(buf);
        k->st.drops += pkts;
        return 0;
    }
    if (!produce(k, buf, len, part, keylen ? key : NULL, latest, pkts)) return 0;
    k->st.queued_pkts += pkts;
    return pkts;
}

/* Up to DGW_MAX_RECORDS records, grouped by partition with a stable counting sort: within a
 * partition the records stay in feed order, and so does the partition's stream of messages. */
static uint64_t produce_chunk(dgkout *k, const dgw_sensor_table *sensors, const dg_record *recs,
                              size_t n)
{
    int32_t none = (int32_t)(k->batches++ % (uint64_t)k->nparts);
    size_t *start = k->start;
    memset(start, 0, (size_t)(k->nparts + 1) * sizeof *start);
    for (size_t i = 0; i < n; i++)
        start[partition_of(k, sensors, &recs[i], none) + 1]++;
    for (int32_t p = 1; p <= k->nparts; p++)
        start[p] += start[p - 1];
    for (size_t i = 0; i < n; i++)
        k->sorted[k->start[partition_of(k, sensors, &recs[i], none)]++] = recs[i];
    uint64_t ok = 0;
    size_t from = 0; /* start[p] is now the end of partition p's records */
    for (int32_t p = 0; p < k->nparts; from = start[p++])
        if (start[p] > from) ok += produce_part(k, sensors, p, k->sorted + from, start[p] - from);
    return ok;
}

uint64_t dgkout_batch(dgkout *k, const dgw_sensor_table *sensors, const dg_record *recs, size_t n)
{
    static const dgw_sensor_table none = {0};
    if (!sensors) sensors = &none;
    uint64_t ok = 0;
    for (size_t i = 0; i < n; i += DGW_MAX_RECORDS)
        ok +=
            produce_chunk(k, sensors, recs + i, n - i < DGW_MAX_RECORDS ? n - i : DGW_MAX_RECORDS);
    dgkout_poll(k);
    return ok;
}

bool dgkout_alert(dgkout *k, const dg_alert *a)
{
    uint8_t *buf = malloc(ALERT_MAX + DGAUTH_TRAILER);
    if (!buf) {
        k->st.drops++;
        return false;
    }
    size_t len = (size_t)snprintf((char *)buf, ALERT_MAX, DGFM_TOPIC_ALERT);
    len += dgj_format_alert((char *)buf + len, ALERT_MAX - len, a);
    uint64_t ts = a->ts_ns ? a->ts_ns : dg_wall_ns();
    return produce(k, buf, len, RD_KAFKA_PARTITION_UA, a->sensor[0] ? a->sensor : NULL, ts,
                   ALERT_MARK);
}

void dgkout_poll(dgkout *k)
{
    rd_kafka_poll(k->rk, 0);
}

void dgkout_finish(dgkout *k, int timeout_ms)
{
    if (rd_kafka_flush(k->rk, timeout_ms) == RD_KAFKA_RESP_ERR_NO_ERROR) return;
    int left = rd_kafka_outq_len(k->rk);
    fprintf(stderr, PROG ": kafka-out: %d message(s) not delivered after %d ms: dropped\n", left,
            timeout_ms);
    rd_kafka_purge(k->rk, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
    rd_kafka_flush(k->rk, 1000); /* serves the purged messages' reports: counted in drops */
}

static bool open_client(dgkout *k, char *err, size_t errcap)
{
    rd_kafka_conf_t *conf = dgkconf_new(k->kc.out_brokers, &k->kc, &k->link, true, err, errcap);
    if (!conf) return false;
    rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
    char why[512];
    k->rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, why, sizeof why);
    if (!k->rk) {
        rd_kafka_conf_destroy(conf);
        snprintf(err, errcap, "Kafka producer: %s", why);
        return false;
    }
    dgkconf_attach(k->rk);
    if ((k->nparts = dgkconf_partitions(k->rk, k->kc.out_topic, err, errcap)) < 0) return false;
    if (!(k->start = calloc((size_t)k->nparts + 1, sizeof *k->start))) {
        snprintf(err, errcap, "out of memory");
        return false;
    }
    k->topic = rd_kafka_topic_new(k->rk, k->kc.out_topic, NULL);
    if (!k->topic)
        snprintf(err, errcap, "Kafka topic %s: %s", k->kc.out_topic,
                 rd_kafka_err2str(rd_kafka_last_error()));
    return k->topic != NULL;
}

dgkout *dgkout_open(const dgkout_config *c, char *err, size_t errcap)
{
    dgkout *k = calloc(1, sizeof *k);
    if (k) k->sorted = malloc(DGW_MAX_RECORDS * sizeof *k->sorted);
    if (!k || !k->sorted) {
        if (k) free(k);
        snprintf(err, errcap, "out of memory");
        return NULL;
    }
    k->kc = *c->kafka;
    k->auth = c->auth;
    k->link = (dgkconf_link){.what = "kafka-out", .quiet = c->quiet, .owner = k};
    for (int i = 0; i < DGW_MAX_SENSORS; i++)
        k->sensor_part[i] = -1;
    if (!open_client(k, err, errcap)) {
        dgkout_close(k);
        return NULL;
    }
    return k;
}

void dgkout_close(dgkout *k)
{
    if (!k) return;
    if (k->topic) rd_kafka_topic_destroy(k->topic);
    if (k->rk) rd_kafka_destroy(k->rk);
    free(k->sorted);
    free(k->start);
    free(k);
}

dgkout_stats dgkout_get_stats(const dgkout *k)
{
    dgkout_stats st = k->st;
    st.errors = k->link.errors;
    st.connected = k->link.connected;
    st.queue = rd_kafka_outq_len(k->rk);
    return st;
}

int dgkout_stats_json(const dgkout *k, char *buf, size_t cap)
{
    dgkout_stats st = dgkout_get_stats(k);
    int n = snprintf(buf, cap,
                     ",\"kafka_out_msgs\":%llu,\"kafka_out_pkts\":%llu,\"kafka_out_drops\":%llu,"
                     "\"kafka_out_queue\":%lld,\"kafka_out_errors\":%llu,"
                     "\"kafka_out_connected\":%s",
                     (unsigned long long)st.tx_msgs, (unsigned long long)st.tx_pkts,
                     (unsigned long long)st.drops, (long long)st.queue,
                     (unsigned long long)st.errors, st.connected ? "true" : "false");
    return n < 0 ? 0 : (size_t)n >= cap ? (int)cap - 1 : n;
}
