/* pump.h - the one read-pace-deliver loop: darkglobe-feed's publishing loop, the viewer's
 * replay and its demo all drive a dg_source through it.
 * Owns: one read buffer of a source, the alerts the source passed while filling it, and the
 * position in it. Each step reads a batch when the buffer is empty, asks the pacing (pace.h)
 * about the next record and hands runs of due records, with the alerts that precede their
 * batch first, to the caller's sink. It honours a record count, the pace's end of window
 * and --loop; it never sleeps in dgpump_step (dgpump_run sleeps for callers that have
 * nothing else to do). The source, the pace and the sink stay the caller's.
 * Threads: one pump is used by one thread, the one that uses its source and pace. */
#ifndef DG_PUMP_H
#define DG_PUMP_H

#include "pace.h"
#include "source.h"

#include <stdbool.h>
#include <stdint.h>

#define DGPUMP_BATCH 1024              /* records read from the source at a time, by default */
#define DGPUMP_ALERTS 256              /* alerts held before the batch they precede, by default */
#define DGPUMP_ROOM_WAIT_NS 1000000ull /* a full sink is offered the rest again after 1 ms */

typedef struct dgpump_sink {
    /* Takes a run of due records (in order; the sink may change them, e.g. relabel their
     * sensors) and returns how many it took: fewer than n when it is full (the viewer's
     * queue), and the rest is offered again on a later step. Required. */
    size_t (*records)(void *ctx, dg_record *recs, size_t n);
    /* An alert the source passed while reading: it precedes the records read after it; the
     * alerts of a batch skipped whole (before a window start or seek target) are dropped
     * with it. May be NULL (alerts dropped). */
    void (*alert)(void *ctx, const dg_alert *a);
    /* The source was rewound for --loop (feed time jumps back). May be NULL. */
    void (*restarted)(void *ctx);
    void *ctx;
} dgpump_sink;

typedef struct dgpump_config {
    dg_source *src; /* required */
    dgpace *pace;   /* required */
    uint64_t count; /* end after this many records delivered; 0: no limit */
    bool loop;      /* at the end of the source or the window, rewind and go on */
    size_t batch;   /* records per read; 0: DGPUMP_BATCH */
    size_t alerts;  /* alerts kept before one batch (more are dropped); 0: DGPUMP_ALERTS */
    dgpump_sink sink;
} dgpump_config;

typedef enum {
    DGPUMP_MORE,  /* something happened: step again */
    DGPUMP_WAIT,  /* nothing due (or the sink is full): step again after *wait_ns */
    DGPUMP_END,   /* the end: source, window or count (and no loop); stays so until a seek */
    DGPUMP_FAILED /* the source reported a fatal error (already printed) */
} dgpump_state;

typedef struct dgpump dgpump;

/* NULL when out of memory or the config lacks a source, pace or record sink. */
dgpump *dgpump_create(const dgpump_config *cfg);
void dgpump_destroy(dgpump *p);

/* One step; *wait_ns is set for DGPUMP_WAIT (UINT64_MAX while the pace is paused). */
dgpump_state dgpump_step(dgpump *p, uint64_t *wait_ns);

/* Steps until the end, a failure or tick returning false, sleeping while nothing is due (at
 * most max_idle_ns at a time, so tick runs often); tick (may be NULL) runs after every step
 * that did not end. Returns 0, or 1 when the source failed. */
int dgpump_run(dgpump *p, uint64_t max_idle_ns, bool (*tick)(void *ctx), void *ctx);

/* Moves the playhead to source time ts: backwards, or forwards through a source with
 * DGSRC_CAP_INDEX, the source is repositioned (its seek slot, else a rewind) and what was
 * buffered dropped; otherwise the records before ts are read on and skipped. Due records
 * the sink had not taken yet are dropped either way. False when the source could be neither
 * sought nor rewound. */
bool dgpump_seek(dgpump *p, uint64_t ts);

/* Records of the batch read last that were delivered or skipped (Kafka commits them). */
size_t dgpump_batch_done(const dgpump *p);
/* Records the sink took so far (seeks and loops included). */
uint64_t dgpump_delivered(const dgpump *p);
/* True once --loop found a source it could not rewind (the end came instead). */
bool dgpump_rewind_failed(const dgpump *p);

#endif
