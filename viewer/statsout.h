/* statsout.h - the viewer's --stats output: one JSON object per line, each second and at exit.
 * Owns: the field names operators' monitoring reads (kept exactly; extend, never rename) and
 * the output stream.
 * Threads: main (render) thread only. */
#ifndef DG_STATSOUT_H
#define DG_STATSOUT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "fingerprint.h"

typedef struct dgso_stats {
    double t; /* wall clock, Unix seconds */
    double uptime_s;
    bool feed_connected;
    uint64_t rx_msgs, rx_pkts, malformed, dropped;
    uint64_t geo_hits, geo_misses;
    uint64_t arcs_live;
    double fps;
    uint64_t alerts_active, alerts_total;
    uint64_t mirai_pkts, mirai_hosts;
    /* extensions */
    uint64_t frames, bad_elements, arcs_sampled_out, queue_len, auth_rejected, lost_msgs;
    double feed_lost_s;                    /* seconds since the feed was lost, 0 while connected */
    double frame_ms_p50, frame_ms_p99;     /* frame times over the last interval */
    double latency_ms_p50, latency_ms_p99; /* packet time to the frame that first draws it */
    double first_frame_s;                  /* start to the first frame on screen */
    double rss_mib;                        /* resident memory */
    double frame_ms_max;    /* longest frame over the last interval: a stalled loop shows here */
    const char *feed_state; /* "connected", "waiting" (never connected), "lost", "replay" */
    double feed_time;       /* feed time (epoch s) the screen runs on; 0: no packet yet */
    double feed_speed;      /* feed seconds per wall second (known or estimated); 0: unknown */
    uint64_t dst_unplaced;  /* packets matching no sensor whose destination could not be placed */
    /* "scanners": packets and distinct sources since start per tool (DG_TOOL_* index) */
    uint64_t tool_pkts[DG_TOOL_SCANNERS], tool_hosts[DG_TOOL_SCANNERS];
    /* every loss and refusal has its own counter */
    uint64_t alerts_rx, alerts_dropped; /* alerts into the inbox / lost to a full inbox */
    uint64_t alerts_created, alerts_merged, alerts_expired, alerts_evicted;
    uint64_t alerts_refused;               /* not stored: the store full of more severe ones */
    uint64_t alert_log_errors;             /* --alerts-log lines not written */
    uint64_t arcs_admitted, arcs_unplaced; /* packets given an arc / never placed */
    uint64_t src_errors, bad_ts;           /* --replay: skipped input, impossible times */
    uint64_t replay_refused, marks_lost;   /* --replay: refused by the encoder, timeline marks */
    uint64_t recorded, record_errors;      /* --record: items in the file, failed writes */
} dgso_stats;

typedef struct dgso_writer {
    FILE *f;
    bool own;
} dgso_writer;

/* Opens path ("-" = stdout) for appending lines; false with a message on stderr. */
bool dgso_open(dgso_writer *w, const char *path);
/* Writes one line and flushes it, so a tail -f or a pipe sees it at once. */
void dgso_write(dgso_writer *w, const dgso_stats *s);
void dgso_close(dgso_writer *w);

#endif
