/* netthread.h - the viewer's network side: SUB socket, decode, validate, place, classify,
 * detect.
 * Owns: the nanomsg SUB socket (connected to every --connect URL), the ingest pipeline
 * (dgnt_ingest: a message is decoded, then its records or alert go the way decoded ones
 * from a replay go - dgnt_ingest_records/dgnt_ingest_alert - into dg_event batches in the
 * queue and the alert inbox), the detectors (detect.h),
 * which see every event before the queue (so a full queue or a slow frame never changes
 * what is detected, and detection never runs on the render thread), and the alert inbox
 * (alerts received and alerts the detectors raised).
 * Threads: dgnt_start/dgnt_stop from the main thread; the ingest runs on its own thread
 * (or on the caller's, for tests and benchmarks); dgnt_counters and dgnt_pop_alerts may be
 * called from any thread. It never touches GL and never blocks on the render thread. */
#ifndef DG_NETTHREAD_H
#define DG_NETTHREAD_H

#include <stdbool.h>
#include <stdint.h>

#include "auth.h"
#include "detect.h"
#include "feedmsg.h"
#include "sensors.h"
#include "queue.h"

/* Places an address on the globe; false when it cannot be placed. cc gets the ISO country
 * code or "". Called only on the ingest thread. */
typedef bool (*dgnt_locate_fn)(void *ctx, int ip_ver, const uint8_t addr[16], float *lat,
                               float *lon, char cc[3]);

/* Receives what arrived, on the ingest thread (the recorder uses it). */
typedef struct dgnt_sink {
    void (*records)(void *ctx, const dgw_sensor_table *st, const dg_record *r, size_t n,
                    uint64_t recv_ns);
    void (*alert)(void *ctx, const dg_alert *a, uint64_t recv_ns);
    void *ctx;
} dgnt_sink;

typedef struct dgnt_config {
    const char *const *urls; /* endpoints to connect the SUB socket to */
    int nurls;
    dgq_queue *queue;         /* required; events land here */
    const dgs_table *sensors; /* may be NULL */
    dgnt_locate_fn locate;    /* may be NULL: nothing is placed */
    void *locate_ctx;
    dgnt_sink sink; /* optional */
    dgauth *auth;   /* --feed-key: refuse messages without a valid trailer */
    bool quiet;     /* no rate-limited warnings on stderr */
    bool detect;    /* run the detectors on everything received */
    const dgwl_list *watchlist; /* watchlist detector (also without detect); may be NULL;
                                   must outlive the ingest */
} dgnt_config;

typedef struct dgnt_counters {
    uint64_t rx_msgs, rx_pkts, malformed, bad_elements;
    uint64_t geo_hits, geo_misses, mirai_pkts;
    uint64_t alerts_rx, alerts_dropped; /* alerts into the inbox / lost to a full inbox (the
                                           render thread empties it once a frame) */
    uint64_t alerts_raised; /* raised by the viewer's own detectors */
    uint64_t auth_rejected; /* unauthenticated, forged, replayed or stale messages */
    uint64_t lost_msgs;     /* binary batches missing from a publisher's sequence: lost on
                               the way (a PUB drops silently for a slow subscriber) */
    uint64_t dropped;       /* events refused by the full queue */
    uint64_t dst_unplaced;  /* packets whose destination matched no sensor and could not be
                               geolocated: no arc can be drawn for them */
    bool connected;
    uint64_t lost_since_ns; /* wall clock when the feed was last seen going away; 0 while it
                               never was connected */
    uint64_t last_rx_ns;    /* wall clock of the last message, or 0 */
} dgnt_counters;

typedef struct dgnt_ingest dgnt_ingest;
typedef struct dgnt_thread dgnt_thread;

/* The pipeline without a socket, for tests, the replay, the demo and the ingest benchmark.
 * NULL when out of memory. */
dgnt_ingest *dgnt_ingest_create(const dgnt_config *cfg);
void dgnt_ingest_destroy(dgnt_ingest *in);
/* Decodes one message (authenticates it, counts it and its sequence gaps) and hands what it
 * held to dgnt_ingest_records or dgnt_ingest_alert; now_ns is the wall clock at receipt. */
void dgnt_ingest_message(dgnt_ingest *in, const uint8_t *msg, size_t len, uint64_t now_ns);
/* Places n decoded records (their .sensor fields index st, which may be NULL), runs the
 * detectors over them and pushes their events, as for a message's records: the way the
 * replay and the demo deliver without a wire round trip. Records must be valid as the
 * decoder would pass them (dgw_record_valid); now_ns is the wall clock of delivery. */
void dgnt_ingest_records(dgnt_ingest *in, const dgw_sensor_table *st, const dg_record *recs,
                         size_t n, uint64_t now_ns);
/* One decoded alert: placed when its source is a plain address, given to the sink and put
 * in the inbox (counted in alerts_rx). */
void dgnt_ingest_alert(dgnt_ingest *in, const dg_alert *a, uint64_t recv_ns);
void dgnt_ingest_counters(const dgnt_ingest *in, dgnt_counters *out);
size_t dgnt_ingest_pop_alerts(dgnt_ingest *in, dg_alert *out, size_t max);
/* Feed time jumped (a replay seek or loop): the detectors start afresh, since their windows
 * only move forward, and the next event is marked DGE_TIME_JUMP so the statistics' time
 * windows restart at it. Call on the ingest's thread. */
void dgnt_ingest_time_jump(dgnt_ingest *in);
/* End of input: the detectors report what they still hold (watchlist counts). */
void dgnt_ingest_finish(dgnt_ingest *in);

/* Opens the socket, connects every URL and starts the thread; NULL with err on failure. */
dgnt_thread *dgnt_start(const dgnt_config *cfg, char *err, size_t errcap);
/* Stops and joins the thread; counters stay readable (final figures), no more arrives. */
void dgnt_halt(dgnt_thread *t);
/* Halts if needed, closes the socket, frees. */
void dgnt_stop(dgnt_thread *t);
void dgnt_counters_get(dgnt_thread *t, dgnt_counters *out);
/* Alerts received since the last call, oldest first. */
size_t dgnt_pop_alerts(dgnt_thread *t, dg_alert *out, size_t max);


#endif
