/* feedrec.h - darkglobe-feed's headless recorder (--connect URL --record FILE): subscribes to
 * feeds and writes everything received (packet records and alerts) with receive times to a
 * recording (recording.h).
 * Owns: the SUB socket, the decode buffer, the recording writer and the rx counters; the
 * verifier (auth.h) stays the caller's.
 * Threads: a recorder is used by the thread that opened it. */
#ifndef DG_FEEDREC_H
#define DG_FEEDREC_H

#include "auth.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct dgfr_config {
    const char *const *urls; /* endpoints to connect the SUB socket to */
    int nurls;
    const char *path; /* recording to write */
    bool append;      /* keep what the file holds and add a section */
    dgauth *auth;     /* --feed-key: record only messages with a valid trailer; NULL: all */
} dgfr_config;

typedef struct dgfr_stats {
    uint64_t rx_msgs;       /* messages received */
    uint64_t rx_pkts;       /* packet records in accepted messages */
    uint64_t malformed;     /* messages that did not decode */
    uint64_t auth_rejected; /* unauthenticated, forged, replayed or stale messages */
    uint64_t recorded;      /* records and alerts that reached the file (flushed) */
    uint64_t write_errors;  /* writes that failed (the first one stops the recording) */
} dgfr_stats;

typedef struct dgfr dgfr;

/* Opens the recording and the socket. NULL with a reason in err. */
dgfr *dgfr_open(const dgfr_config *c, char *err, size_t errcap);
/* Waits up to timeout_ms for one message and records it; flushes the file when a second
 * has passed since the last flush. False on a socket error other than a timeout/signal. */
bool dgfr_poll(dgfr *r, int timeout_ms);
dgfr_stats dgfr_get_stats(const dgfr *r);
/* Flushes and syncs the recording (recorded then counts everything); false on failure. */
bool dgfr_sync(dgfr *r);
/* True once a write failed: the recording has stopped (recording.h), the caller should. */
bool dgfr_failed(const dgfr *r);
/* Flushes, syncs and closes the recording and the socket; false if a write failed. */
bool dgfr_close(dgfr *r);

#endif
