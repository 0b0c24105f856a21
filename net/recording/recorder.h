/* recorder.h - darkglobe-feed's headless recorder (--connect URL --record FILE): subscribes to
 * feeds and writes everything received (packet records and alerts) with receive times to a
 * recording (recording.h).
 * Owns: the SUB socket, the decode buffer, the recording writer and the rx counters; the
 * verifier (auth.h) stays the caller's.
 * Threads: a recorder is used by the thread that opened it. */
#ifndef DG_RECORDER_H
#define DG_RECORDER_H

#include "auth.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct dgrecorder_config {
    const char *const *urls; /* endpoints to connect the SUB socket to */
    int nurls;
    const char *path; /* recording to write */
    bool append;      /* keep what the file holds and add a section */
    dgauth *auth;     /* --feed-key: record only messages with a valid trailer; NULL: all */
} dgrecorder_config;

typedef struct dgrecorder_stats {
    uint64_t rx_msgs;       /* messages received */
    uint64_t rx_pkts;       /* packet records in accepted messages */
    uint64_t malformed;     /* messages that did not decode */
    uint64_t lost_msgs;     /* batches lost on the way (gaps in the publishers' sequences,
                               seqtrack.h): PUB drops silently for a slow subscriber */
    uint64_t auth_rejected; /* unauthenticated, forged, replayed or stale messages */
    uint64_t recorded;      /* records and alerts that reached the file (flushed) */
    uint64_t write_errors;  /* writes that failed (the first one stops the recording) */
} dgrecorder_stats;

typedef struct dgrecorder dgrecorder;

/* Opens the recording and the socket. NULL with a reason in err. */
dgrecorder *dgrecorder_open(const dgrecorder_config *c, char *err, size_t errcap);
/* Waits up to timeout_ms for one message and records it; flushes the file when a second
 * has passed since the last flush. False on a socket error other than a timeout/signal. */
bool dgrecorder_poll(dgrecorder *r, int timeout_ms);
dgrecorder_stats dgrecorder_get_stats(const dgrecorder *r);
/* Flushes and syncs the recording (recorded then counts everything); false on failure. */
bool dgrecorder_sync(dgrecorder *r);
/* True once a write failed: the recording has stopped (recording.h), the caller should. */
bool dgrecorder_failed(const dgrecorder *r);
/* Flushes, syncs and closes the recording and the socket; false if a write failed. */
bool dgrecorder_close(dgrecorder *r);

#endif
