/* kafka_in.h - Kafka as a darkglobe-feed source (--kafka-brokers, --kafka-topic): a dg_source
 * whose records come from the messages of one or more topics, in feed-time order across all
 * their partitions (a k-way merge of the partitions' streams by record time), so that the
 * feed's scheduler paces them like a file.
 * Messages are the feed's own forms (DGPK binary batches, "pkt" JSON, "alert" JSON; see
 * docs/feed-protocol.md), told apart by their first bytes and decoded by dgfm_decode; with
 * --kafka-format eve one Suricata EVE event each (formats.h), with --kafka-format flowtuple
 * corsaro flowtuples in Avro (flowtuple.h); with a feed key each must carry
 * a valid trailer (auth.h) whose time is the message's Kafka timestamp. A message that fails
 * is counted (malformed, auth_rejected) and skipped.
 * Modes: live (from the end of every partition), replay (a window of what the topics hold
 * when the source opens: from --start, found by offsets for times, to the high watermarks;
 * rewindable for --loop), or a consumer group (partitions shared with the group's other
 * members, resumed from the group's committed positions; only what the feed handled is
 * committed, to the record).
 * Owns: the librdkafka consumer, one queue, decoded head message and verifier per partition,
 * and the rx counters. Alerts go to a hook in their place in feed time, not to the source's
 * alert slot: a live topic may carry an alert with no record after it for a long time, and
 * next() cannot return without records before the input ends.
 * Threads: the thread that opened the source calls everything; librdkafka's callbacks run
 * inside next() (and close). See docs/kafka.md. */
#ifndef DG_KAFKA_IN_H
#define DG_KAFKA_IN_H

#include "auth.h"
#include "kafka_conf.h"
#include "source.h"

#include <signal.h>

typedef struct dgkin_config {
    const dgkconf *kafka;        /* brokers, topics, group, format, options */
    bool replay;                 /* read a window of what the topics hold now, then end */
    uint64_t start_ns;           /* replay: seek every partition to this time; 0: oldest */
    const dgauth *auth;          /* verify every message with this key (cloned: one verifier
                                    per partition); NULL: none */
    bool quiet;                  /* no warnings about bad messages */
    volatile sig_atomic_t *stop; /* when set (by a signal), next() returns 0 soon */
} dgkin_config;

/* What the source calls back, on the caller's thread, from inside next(). */
typedef struct dgkin_hooks {
    void (*idle)(void *ctx);                     /* every few ms while next() waits */
    void (*alert)(const dg_alert *a, void *ctx); /* an alert message, after the records that
                                                    precede it in feed time were returned */
    void *ctx;
} dgkin_hooks;

typedef struct dgkin_stats {
    uint64_t rx_msgs;       /* messages taken from the partitions */
    uint64_t rx_pkts;       /* packets in accepted messages (an aggregated record: its all) */
    uint64_t malformed;     /* messages that did not decode */
    uint64_t bad_elements;  /* elements dropped from accepted JSON arrays */
    uint64_t auth_rejected; /* messages without a valid trailer (with a feed key) */
    uint64_t errors;        /* client errors: transport, brokers down, partition errors */
    int64_t lag;            /* messages behind the high watermarks, summed */
    int partitions;         /* partitions read now */
    bool connected;         /* a broker answers */
} dgkin_stats;

/* Connects, finds the partitions and positions them (waits up to DGKCONF_OPEN_TIMEOUT_MS for
 * the brokers). NULL with a reason in err. */
dg_source *dgkin_open(const dgkin_config *c, char *err, size_t errcap);
void dgkin_set_hooks(dg_source *s, const dgkin_hooks *h);
/* The caller handled only the first n records of what next() returned last (it stopped):
 * close commits up to there in a group. Without the call, close commits what the calls
 * before the last one returned. */
void dgkin_handled(dg_source *s, size_t n);
dgkin_stats dgkin_get_stats(const dg_source *s);
/* Appends the stats as JSON members (",\"kafka_lag\":..."); returns the length. */
int dgkin_stats_json(const dg_source *s, char *buf, size_t cap);

#endif
