/* replay.h - `darkglobe --replay FILE`: a capture, log or recording played into the viewer.
 * Owns: the replay thread (the source, its pacing with dgpace driven by dgpump - the loop
 * darkglobe-feed publishes with -, a dgnt_ingest that turns
 * records into dg_events exactly as from the network, fed through dgnt_ingest_records and
 * dgnt_ingest_alert without a wire round trip), a background scan thread (time range
 * and alert marks for the timeline) and the control state shared with the render thread.
 * Records go into the caller's queue in file order at their timestamps' pace; the thread
 * waits for queue room instead of dropping, so a replay is lossless at any speed.
 * Threads: dgrp_start/dgrp_stop from the main thread; every other call from any thread
 * (normally the render thread); none of them blocks on I/O. See docs/replay.md. */
#ifndef DG_REPLAY_H
#define DG_REPLAY_H

#include "pace.h"
#include "netthread.h"

#include <stdbool.h>
#include <stdint.h>

#define DGRP_MAX_MARKS 512 /* alert marks kept for the timeline (later ones are counted) */
#define DGRP_HIST 1024     /* bins of the activity histogram */

typedef struct dgrp_config {
    const char *path;     /* pcap, pcapng, darkglobe recording, CSV (gzip) or JSON lines */
    const char *columns;  /* CSV layout as for dgsrc_csv; NULL: Marx */
    double speed;         /* 0.1..10000 or DGSCH_SPEED_MAX; 0: 1 */
    bool paused;          /* start paused */
    bool loop;            /* at the end start again instead of stopping */
    dgnt_config ingest;   /* queue, sensors, locate, sink; urls and auth are unused (records
                             and alerts go to the ingest decoded, not as messages) */
    dgpace_clock_fn clock; /* monotonic ns; NULL: dgpace_monotonic_ns (tests inject one) */
    void *clock_ctx;
} dgrp_config;

typedef struct dgrp_status {
    bool ready; /* the scan finished: first/last and marks are valid */
    bool done;  /* the end was reached (and loop is off) */
    bool paused;
    bool failed;         /* the source reported a fatal read error */
    double speed;        /* DGSCH_SPEED_MAX when unpaced */
    double first, last;  /* time range of the file, epoch seconds (0 until ready) */
    double now;          /* replay time, as dgrp_now */
    uint64_t delivered;  /* records handed to the ingest since start (seeks included) */
    uint64_t records;    /* records in the file (when ready) */
    uint64_t src_errors; /* skipped input of the replayed source */
    uint64_t bad_ts;     /* records of the source skipped for an impossible time */
    uint64_t refused;    /* records a feed's decoder would refuse (dgw_record_valid), dropped */
    uint64_t jumps;      /* seeks and loop restarts so far: when it changes, time jumped */
    int nmarks;          /* alert times in marks[], ascending */
    uint64_t marks_lost; /* alerts past DGRP_MAX_MARKS */
    double marks[DGRP_MAX_MARKS];
    /* Records per time bin over the file (when ready): bin i covers hist_origin + i * hist_bin
     * seconds; the bin width doubles during the scan until the file fits DGRP_HIST bins. */
    int hist_n;
    double hist_origin, hist_bin;
    uint32_t hist[DGRP_HIST];
} dgrp_status;

typedef struct dgrp dgrp;

/* Opens the file (by content, as darkglobe-feed does) and starts both threads. NULL with a
 * one-line reason in err when the file cannot be opened or a thread not started. */
dgrp *dgrp_start(const dgrp_config *cfg, char *err, size_t errcap);
/* Stops and joins both threads; counters and status stay readable (final figures), nothing
 * more arrives. NULL is allowed; a second call does nothing. */
void dgrp_halt(dgrp *r);
/* Halts if needed, closes the source, frees. NULL is allowed. */
void dgrp_stop(dgrp *r);

void dgrp_toggle_pause(dgrp *r);
void dgrp_set_paused(dgrp *r, bool paused);
/* False (and no change) when speed is out of range. */
bool dgrp_set_speed(dgrp *r, double speed);
/* One step along 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 50 ... 10000; from max, down goes to 10000. */
void dgrp_speed_up(dgrp *r);
void dgrp_speed_down(dgrp *r);
/* Moves the replay time by seconds (negative: back), clamped to the file's range. */
void dgrp_step(dgrp *r, double seconds);
/* Seeks to an absolute replay time (epoch seconds), clamped to the range when known. */
void dgrp_seek(dgrp *r, double t);
/* Seeks to first + fraction * (last - first), e.g. from a timeline click; ignored until ready. */
void dgrp_seek_fraction(dgrp *r, double fraction);
/* Moves by a fraction of the file's span (negative: back), e.g. 0.01; ignored until ready, so
 * a 7-month file steps by days where a 10 s step would take a week of key presses. */
void dgrp_step_fraction(dgrp *r, double fraction);
/* Seeks to just before the next alert mark after the replay time (1 s before it, so its run-up
 * shows); false when there is none. */
bool dgrp_next_mark(dgrp *r);

/* Replay time in epoch seconds (the HUD clock, feed time); 0 before the first record. */
double dgrp_now(const dgrp *r);
void dgrp_status_get(const dgrp *r, dgrp_status *out);
/* Adds a timeline mark (e.g. an alert the viewer's own detectors raised), epoch seconds. */
void dgrp_add_mark(dgrp *r, double t);

/* Alerts replayed from a recording since the last call, oldest first (as dgnt_pop_alerts). */
size_t dgrp_pop_alerts(dgrp *r, dg_alert *out, size_t max);
/* The ingest counters (rx_pkts, geo hits, drops ...) as for a network feed. */
void dgrp_counters(dgrp *r, dgnt_counters *out);

/* The speed steps, for the UI. */
double dgrp_speed_step(double speed, int dir);

#endif
