/* kafka_mock.h - librdkafka's in-process mock cluster for the Kafka tests and benchmark:
 * brokers that speak the real Kafka protocol over TCP on loopback, so darkglobe-feed
 * processes connect to them like to any cluster (rd_kafka_mock_cluster_bootstraps).
 * Owns: one mock cluster and a producer on it for crafted messages (any partition, key,
 * timestamp and content, DGPK batches optionally signed with auth.h).
 * Threads: the test's main thread (the cluster runs its own threads). */
#ifndef DG_TESTS_KAFKA_MOCK_H
#define DG_TESTS_KAFKA_MOCK_H

#include "auth.h"
#include "wire.h"

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

typedef struct kmock {
    rd_kafka_t *rk; /* producer; owns the cluster */
    rd_kafka_mock_cluster_t *mc;
    const char *bootstraps;
    int brokers;
} kmock;

/* A cluster of n brokers; false (with a message on stderr) when it cannot start. */
bool kmock_open(kmock *m, int brokers);
void kmock_close(kmock *m);
void kmock_topic(kmock *m, const char *topic, int partitions);
/* Produces one message (copied) to a partition with a timestamp in ms (0: now). */
bool kmock_produce(kmock *m, const char *topic, int partition, const void *buf, size_t len,
                   const char *key, int64_t ts_ms);
/* One DGPK message of n records (whose .sensor is 0 or DG_SENSOR_NONE: sensor names index 0,
 * or is NULL), timestamped with the latest record time and, with sign, carrying the trailer
 * signed with that time. */
bool kmock_produce_records(kmock *m, const char *topic, int partition, const dg_record *recs,
                           size_t n, const char *sensor, dgauth *sign);
/* Waits until everything produced is acknowledged. */
bool kmock_flush(kmock *m, int timeout_ms);
/* High watermark of a partition (messages in it); -1 on error. */
int64_t kmock_messages(kmock *m, const char *topic, int partition);
/* Takes every broker down (connections closed and refused) or brings them back. */
void kmock_brokers(kmock *m, bool up);

#endif
