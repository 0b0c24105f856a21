/* kafka_conf.h - what darkglobe-feed's Kafka consumer (kafka_in.h) and producer
 * (kafka_out.h) share: the command-line settings and their checks, the librdkafka
 * configuration built from them, and the broker state read from librdkafka's callbacks.
 * Owns: dgkconf (the settings, plain data) and dgkconf_link (one client's broker state,
 * error count and rate-limited log). librdkafka logs, errors and statistics are routed to
 * the application's poll calls (log.queue), so every callback runs on the thread that polls.
 * Threads: a link belongs to the thread that polls its client; the checks are pure. */
#ifndef DG_KAFKA_CONF_H
#define DG_KAFKA_CONF_H

#include "ratelog.h"

#include <librdkafka/rdkafka.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DGKCONF_MAX_OPTIONS 32
#define DGKCONF_MAX_TOPICS 16
/* Longest wait for the brokers when a client opens (metadata, watermarks, offsets). */
#define DGKCONF_OPEN_TIMEOUT_MS 10000

/* Message formats a consumer reads (--kafka-format); unset reads as darkglobe. */
typedef enum {
    DGKCONF_FORMAT_UNSET,
    DGKCONF_FORMAT_DARKGLOBE, /* the feed's forms: DGPK, "pkt" and "alert" JSON */
    DGKCONF_FORMAT_EVE,       /* one Suricata EVE JSON event per message */
    DGKCONF_FORMAT_FLOWTUPLE  /* corsaro flowtuples in Avro: container, registry-framed or bare */
} dgkconf_format;

/* The Kafka settings of one darkglobe-feed (all strings point into argv). */
typedef struct dgkconf {
    const char *brokers;     /* --kafka-brokers: consume (a source); NULL: no consumer */
    const char *topics;      /* --kafka-topic NAME[,NAME...] */
    const char *group;       /* --kafka-group ID, or NULL */
    dgkconf_format format;   /* --kafka-format */
    const char *out_brokers; /* --kafka-out-brokers: produce; NULL: no producer */
    const char *out_topic;   /* --kafka-out-topic */
    const char *options[DGKCONF_MAX_OPTIONS]; /* --kafka-option KEY=VALUE, in order */
    int noptions;
} dgkconf;

/* Checks a HOST:PORT[,HOST:PORT...] list; false with a reason in err. */
bool dgkconf_check_brokers(const char *list, char *err, size_t errcap);
/* Checks a comma list of 1..DGKCONF_MAX_TOPICS legal topic names (or one name when
 * single); false with a reason in err. */
bool dgkconf_check_topics(const char *list, bool single, char *err, size_t errcap);
/* Checks a consumer group id (1..255 bytes, no control characters). */
bool dgkconf_check_group(const char *id, char *err, size_t errcap);
/* Checks KEY=VALUE against librdkafka's own table of properties. */
bool dgkconf_check_option(const char *kv, char *err, size_t errcap);
/* Parses a --kafka-format name; false with a reason in err. */
bool dgkconf_parse_format(const char *name, dgkconf_format *out, char *err, size_t errcap);
/* Splits a checked topic list; returns the count. */
int dgkconf_split_topics(const char *list, char names[][256], int max);

/* One client's view of its brokers, its errors and its log; rd_kafka_opaque of the client. */
typedef struct dgkconf_link {
    const char *what;    /* "kafka" or "kafka-out", in log lines */
    bool quiet;          /* no warnings (the state changes are still printed) */
    bool connected;      /* a broker answers (false after "all brokers down") */
    uint64_t down_since; /* monotonic ns, while !connected */
    uint64_t errors;     /* error events: transport, all brokers down, fatal */
    dg_ratelog log;      /* librdkafka's own warnings */
    void *owner;         /* the consumer or producer the callbacks serve */
} dgkconf_link;

/* A librdkafka configuration: built-in defaults, then the user's --kafka-option settings,
 * then the settings our code relies on. Its callbacks report into link (the opaque). NULL
 * with a reason in err. */
rd_kafka_conf_t *dgkconf_new(const char *brokers, const dgkconf *k, dgkconf_link *link,
                             bool producer, char *err, size_t errcap);
/* Routes the client's log to its poll calls; call right after rd_kafka_new. */
void dgkconf_attach(rd_kafka_t *rk);
/* Something came from a broker: the link is up (prints the recovery once). */
void dgkconf_link_alive(dgkconf_link *link);
/* Waits for the cluster's metadata of one topic; returns its partition count, or -1 with a
 * reason in err (brokers unreachable, no such topic). */
int dgkconf_partitions(rd_kafka_t *rk, const char *topic, char *err, size_t errcap);

#endif
