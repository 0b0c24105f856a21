/* kafka_mock.c - see kafka_mock.h. */
#include "kafka_mock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The mock cluster logs every refused connection while its brokers are down: keep quiet. */
static void quiet_log(const rd_kafka_t *rk, int level, const char *fac, const char *buf)
{
    (void)rk;
    (void)level;
    (void)fac;
    (void)buf;
}

bool kmock_open(kmock *m, int brokers)
{
    char err[512], n[16];
    snprintf(n, sizeof n, "%d", brokers);
    rd_kafka_conf_t *c = rd_kafka_conf_new();
    rd_kafka_conf_set_log_cb(c, quiet_log);
    if (rd_kafka_conf_set(c, "test.mock.num.brokers", n, err, sizeof err) ||
        rd_kafka_conf_set(c, "reconnect.backoff.max.ms", "1000", err, sizeof err) ||
        !(m->rk = rd_kafka_new(RD_KAFKA_PRODUCER, c, err, sizeof err))) {
        fprintf(stderr, "kafka mock: %s\n", err);
        return false;
    }
    m->mc = rd_kafka_handle_mock_cluster(m->rk);
    m->bootstraps = rd_kafka_mock_cluster_bootstraps(m->mc);
    m->brokers = brokers;
    return m->mc != NULL;
}

void kmock_close(kmock *m)
{
    if (m->rk) rd_kafka_destroy(m->rk);
    m->rk = NULL;
}

void kmock_topic(kmock *m, const char *topic, int partitions)
{
    rd_kafka_mock_topic_create(m->mc, topic, partitions, 1);
}

bool kmock_produce(kmock *m, const char *topic, int partition, const void *buf, size_t len,
                   const char *key, int64_t ts_ms)
{
    rd_kafka_resp_err_t e = rd_kafka_producev(
        m->rk, RD_KAFKA_V_TOPIC(topic), RD_KAFKA_V_PARTITION(partition),
        RD_KAFKA_V_VALUE((void *)buf, len), RD_KAFKA_V_KEY(key, key ? strlen(key) : 0),
        RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_TIMESTAMP(ts_ms), RD_KAFKA_V_END);
    if (e) fprintf(stderr, "kafka mock: produce: %s\n", rd_kafka_err2str(e));
    rd_kafka_poll(m->rk, 0);
    return !e;
}

bool kmock_produce_records(kmock *m, const char *topic, int partition, const dg_record *recs,
                           size_t n, const char *sensor, dgauth *sign)
{
    dgw_sensor_table st = {0};
    if (sensor) dgw_intern_sensor(&st, sensor);
    size_t len = dgw_encoded_size((size_t)st.count, n);
    uint8_t *buf = malloc(len + DGAUTH_TRAILER);
    uint64_t latest = 0;
    for (size_t i = 0; i < n; i++)
        if (recs[i].ts_ns > latest) latest = recs[i].ts_ns;
    bool ok = buf && dgw_encode(buf, len, &st, recs, n) == len;
    if (ok && sign) len = dgauth_sign(sign, buf, len, latest);
    ok = ok && kmock_produce(m, topic, partition, buf, len, sensor, (int64_t)(latest / 1000000));
    free(buf);
    return ok;
}

bool kmock_flush(kmock *m, int timeout_ms)
{
    return rd_kafka_flush(m->rk, timeout_ms) == RD_KAFKA_RESP_ERR_NO_ERROR;
}

int64_t kmock_messages(kmock *m, const char *topic, int partition)
{
    int64_t lo, hi;
    if (rd_kafka_query_watermark_offsets(m->rk, topic, partition, &lo, &hi, 5000)) return -1;
    return hi;
}

void kmock_brokers(kmock *m, bool up)
{
    for (int b = 1; b <= m->brokers; b++)
        if (up)
            rd_kafka_mock_broker_set_up(m->mc, b);
        else
            rd_kafka_mock_broker_set_down(m->mc, b);
}
