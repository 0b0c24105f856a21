/* kafka_out.h - Kafka as a darkglobe-feed output (--kafka-out-brokers, --kafka-out-topic):
 * what the feed publishes, produced to one topic as DGPK binary batches and alerts as
 * "alert {json}" messages. A sensor's records go to the partition its name hashes to (murmur2,
 * as Java clients hash keys), one message per partition of each batch, keyed by the sensor's
 * name (names joined by commas when sensors share a partition), so every partition holds the
 * feed's records in time order. A message's Kafka timestamp is its feed time: the latest
 * record time in it (so a consumer seeking a time by offsets-for-times misses no record at or
 * after it), or the alert's time. With a feed key each message carries the auth.h trailer,
 * signed with that same time.
 * The producer is idempotent (no duplicates, order kept through retries); it never blocks the
 * feed: a message its queue refuses, or that fails delivery, is counted dropped.
 * Owns: the librdkafka producer and the tx counters; the signer (auth.h) stays the caller's.
 * Threads: one producer per thread; delivery reports are served by its calls. */
#ifndef DG_KAFKA_OUT_H
#define DG_KAFKA_OUT_H

#include "alert.h"
#include "auth.h"
#include "kafka_conf.h"
#include "wire.h"

typedef struct dgkout_config {
    const dgkconf *kafka; /* out_brokers, out_topic, options */
    dgauth *auth;         /* --feed-key: sign every message; NULL: none */
    bool quiet;           /* no warnings about failed deliveries */
} dgkout_config;

typedef struct dgkout_stats {
    uint64_t queued_msgs, queued_pkts, queued_bytes; /* accepted into the producer's queue */
    uint64_t tx_msgs, tx_pkts; /* acknowledged by the brokers (alerts count as messages) */
    uint64_t drops;            /* packets (an alert: one) refused or not delivered */
    uint64_t errors;           /* client errors: transport, brokers down, failed deliveries */
    int64_t queue;             /* messages waiting in the producer (queued or in flight) */
    bool connected;
} dgkout_stats;

typedef struct dgkout dgkout;

/* Connects and checks the topic (waits up to DGKCONF_OPEN_TIMEOUT_MS). NULL with a reason. */
dgkout *dgkout_open(const dgkout_config *c, char *err, size_t errcap);
/* Produces n records whose .sensor fields index sensors; returns the packets (an aggregated
 * record counts all of its, dg_record_pkts) the producer's queue accepted. Also serves
 * delivery reports. */
uint64_t dgkout_batch(dgkout *k, const dgw_sensor_table *sensors, const dg_record *recs, size_t n);
/* Produces one alert message; false when refused (counted in drops). */
bool dgkout_alert(dgkout *k, const dg_alert *a);
/* Serves delivery reports and the client's callbacks; cheap, call often. */
void dgkout_poll(dgkout *k);
/* Waits up to timeout_ms until everything queued is delivered; what is left is purged and
 * counted in drops. */
void dgkout_finish(dgkout *k, int timeout_ms);
void dgkout_close(dgkout *k);
dgkout_stats dgkout_get_stats(const dgkout *k);
/* Appends the stats as JSON members (",\"kafka_out_pkts\":..."); returns the length. */
int dgkout_stats_json(const dgkout *k, char *buf, size_t cap);

#endif
