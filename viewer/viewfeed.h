/* viewfeed.h - the one feed the app shell talks to, whatever drives the view: a live network
 * feed (the SUB socket of netthread.h, with the in-process demo publisher of demo.h when
 * asked for) or the replay of a file (replay.h).
 * Owns: whichever of those it started. Both end in a dgnt_ingest that turns records into
 * dg_events in the caller's queue and keeps the alert inbox, so counters and alerts read the
 * same for both; the replay controls are no-ops (or false) on a live feed.
 * Threads: dgvf_start/dgvf_halt/dgvf_stop from the main thread; every other call from any
 * thread (normally the render thread); none blocks on I/O. */
#ifndef DG_VIEWFEED_H
#define DG_VIEWFEED_H

#include "netthread.h"
#include "replay.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct dgvf_config {
    dgnt_config ingest;    /* queue, sensors, locate, sink, auth, detectors; urls: live only */
    const char *replay;    /* a file to replay instead of the network; NULL or "": live */
    const char *columns;   /* the replay's CSV layout (dgsrc_csv); NULL: Marx */
    double speed;          /* the replay's speed as for dgrp_config */
    dgpace_clock_fn clock; /* the replay's clock; NULL: monotonic */
    void *clock_ctx;
    const char *demo_url; /* live: also publish the synthetic demo here (add it to urls) */
    double demo_rate;
    uint64_t demo_seed;
} dgvf_config;

typedef struct dgvf dgvf;

/* Starts the replay, or the demo publisher and the network thread; NULL with a one-line
 * reason in err. */
dgvf *dgvf_start(const dgvf_config *cfg, char *err, size_t errcap);
/* Stops everything that delivers (demo, network or replay threads); counters, alerts and
 * status stay readable (final figures), nothing more arrives. NULL allowed; idempotent. */
void dgvf_halt(dgvf *f);
/* Halts if needed and frees. NULL allowed. */
void dgvf_stop(dgvf *f);

/* True when a file is replayed. */
bool dgvf_is_replay(const dgvf *f);
/* The ingest counters; a replay counts as connected (a paused one sends nothing, yet nothing
 * is lost). */
void dgvf_counters(dgvf *f, dgnt_counters *out);
/* Alerts received or raised since the last call, oldest first. */
size_t dgvf_pop_alerts(dgvf *f, dg_alert *out, size_t max);

/* The replay's status; false (out untouched) for a live feed. */
bool dgvf_replay_status(const dgvf *f, dgrp_status *out);
/* The replay clock in epoch seconds; 0 for a live feed (its time comes from the packets). */
double dgvf_replay_now(const dgvf *f);

/* Replay controls (replay.h); a live feed ignores them (dgvf_next_mark: false). */
void dgvf_toggle_pause(dgvf *f);
void dgvf_speed_up(dgvf *f);
void dgvf_speed_down(dgvf *f);
void dgvf_step(dgvf *f, double seconds);
void dgvf_step_fraction(dgvf *f, double fraction);
void dgvf_seek_fraction(dgvf *f, double fraction);
bool dgvf_next_mark(dgvf *f);
/* Marks an alert on the replay's timeline (epoch seconds). */
void dgvf_add_mark(dgvf *f, double t);

#endif
