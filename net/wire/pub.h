/* pub.h - the feed's publisher: one nanomsg PUB socket that batches records into messages,
 * and hands every batch and alert to a Kafka producer too when given one (kafka_out.h).
 * Owns: the socket, the pending batch and the tx counters. Binary batches carry up to
 * DGW_MAX_RECORDS records, JSON "pkt [...]" arrays up to DGPUB_JSON_BATCH; a batch goes out
 * when full or, via dgpub_tick, once its oldest record has waited DGPUB_FLUSH_NS. Sends never
 * block: a send the socket refuses is counted in tx_drops (alerts: alerts_dropped), not
 * retried; a batch the encoder refuses is counted in tx_refused, never as a socket drop.
 * (A nanomsg PUB also drops silently for a subscriber whose pipe is busy; that loss is
 * invisible here. Binary batches are numbered so the subscriber counts it; a mark, an empty
 * batch with the next number, follows the last batch DGPUB_MARK_NS after it and, repeated,
 * during the close's linger, so a lost tail is counted too.)
 * Threads: one publisher is used by one thread. */
#ifndef DG_PUB_H
#define DG_PUB_H

#include "alert.h"
#include "auth.h"
#include "wire.h"

#define DGPUB_MAX_ENDPOINTS 8
#define DGPUB_JSON_BATCH 500
#define DGPUB_FLUSH_NS 10000000ull
#define DGPUB_MARK_NS 1000000000ull /* a pause this long after a batch sends a mark */
#define DGPUB_MARK_EVERY_MS 100     /* marks while lingering at close */
#define DGPUB_DEFAULT_URL "tcp://127.0.0.1:5556"

typedef struct dgkout dgkout;

typedef enum { DGPUB_BINARY, DGPUB_JSON } dgpub_format;

typedef struct dgpub_config {
    const char *bind[DGPUB_MAX_ENDPOINTS]; /* nanomsg URLs to bind */
    int nbind;
    const char *connect[DGPUB_MAX_ENDPOINTS]; /* nanomsg URLs to connect to */
    int nconnect;
    dgpub_format format;
    int sndbuf;    /* bytes; 0: 8 MiB */
    int linger_ms; /* wait in dgpub_close so the last messages leave, marking the end
                      (binary); 0: none */
    dgauth *auth;  /* --feed-key: every message gets a signed trailer; NULL: none */
    dgkout *kafka; /* also produce every batch and alert to Kafka (the caller's); with no
                      URL given there is no socket, and tx_* count what Kafka accepted */
} dgpub_config;

typedef struct dgpub_stats {
    uint64_t tx_pkts;  /* packets (dg_record_pkts) in messages the socket accepted */
    uint64_t tx_msgs;  /* messages the socket accepted */
    uint64_t tx_drops; /* packets in messages the socket refused */
    uint64_t tx_bytes;
    uint64_t alerts_tx;      /* alert messages the socket accepted */
    uint64_t alerts_dropped; /* alert messages the socket refused */
    uint64_t tx_refused;     /* records in batches the encoder refused (a record the wire
                                format cannot carry; sources never hand one out) */
} dgpub_stats;

typedef struct dgpub dgpub;

/* Opens the socket and binds/connects every URL (none given: binds DGPUB_DEFAULT_URL, unless
 * cfg->kafka is set).
 * sensors is the table records' .sensor fields index; it is read at every flush and may grow
 * by appending between calls (never reorder it). NULL on failure with a reason in err. */
dgpub *dgpub_open(const dgpub_config *cfg, const dgw_sensor_table *sensors, char *err,
                  size_t errcap);

/* Queues n records, sending each batch that fills up; now_ns (monotonic) dates the batch. */
void dgpub_add(dgpub *p, const dg_record *recs, size_t n, uint64_t now_ns);
/* Sends one "alert {json}" message now (pending records first, so the order holds). False
 * when the socket refused it (counted in alerts_dropped). */
bool dgpub_alert(dgpub *p, const dg_alert *a);
/* Sends the pending batch if its oldest record has waited DGPUB_FLUSH_NS. */
void dgpub_tick(dgpub *p, uint64_t now_ns);
/* Sends the pending batch now. */
void dgpub_flush(dgpub *p);
/* Records waiting in the pending batch. */
size_t dgpub_pending(const dgpub *p);
dgpub_stats dgpub_get_stats(const dgpub *p);
/* Flushes, lingers (config), closes and frees. */
void dgpub_close(dgpub *p);

/* Parses "binary" or "json"; false otherwise. */
bool dgpub_parse_format(const char *text, dgpub_format *out);

#endif
