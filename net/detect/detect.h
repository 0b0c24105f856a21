/* detect.h - darknet event detectors: watchlist hits, port surges, Mirai-family and other
 * scanner-tool surges per country (fingerprint.h) and new ports drawing many sources (rules
 * and defaults in docs/alerts.md).
 * Owns: the detector state (all of it allocated by dgd_create; nothing grows afterwards)
 * and the dg_alerts it raises.
 * Time: detectors run in feed time only (the ts of the events), never the wall clock, so a
 * replay raises the alerts the live traffic raised. Feed time is the largest ts seen;
 * an event older than the current window counts in the current window.
 * Threads: one detector belongs to one thread (the viewer's ingest thread - network or
 * replay, see netthread.h - or darkglobe-feed's main thread); the alert callback runs on
 * that thread, inside dgd_process/dgd_advance/dgd_flush. The watchlist is only read and
 * may be shared. */
#ifndef DG_DETECT_H
#define DG_DETECT_H

#include "event.h"
#include "alert.h"
#include "watchlist.h"

#include <stddef.h>
#include <stdint.h>

typedef struct dgd_config {
    /* watchlist: first packet of a listed host alerts at once, then one alert per host per
     * period carrying the packets seen since the previous one */
    double wl_period_s;  /* 3600 */
    uint32_t wl_hosts;   /* 4096 hosts tracked; the stalest is evicted (its count sent) */
    uint8_t wl_severity; /* DG_SEV_HIGH */
    /* port surge: packets per window on one destination port+protocol */
    double surge_window_s;   /* 10 */
    double surge_alpha;      /* 0.02: EWMA weight of each closed window in the baseline */
    uint32_t surge_warmup;   /* 30 windows before any surge alert */
    double surge_k;          /* 4: current > k * baseline ... */
    double surge_z;          /* 6: ... and > baseline + z * sigma ... */
    double surge_min_rate;   /* 5 pkt/s: ... and above this floor */
    double surge_cooldown_s; /* 600: per port */
    uint8_t surge_severity;  /* DG_SEV_MEDIUM */
    /* Mirai-family surge: distinct fingerprinted sources per country per window */
    double mirai_window_s;    /* 60 */
    double mirai_alpha;       /* 0.05 */
    uint32_t mirai_warmup;    /* 10 windows */
    double mirai_k;           /* 3 */
    double mirai_z;           /* 6 */
    double mirai_min_sources; /* 20 distinct sources in one window */
    double mirai_cooldown_s;  /* 1800: per country */
    uint8_t mirai_severity;   /* DG_SEV_HIGH */
    /* new port: a port with little history suddenly drawing many distinct sources */
    double newport_window_s;      /* 60 */
    double newport_history_s;     /* 21600: time constant of the long-term port rate */
    double newport_max_rate;      /* 0.05 pkt/s: long-term rate below which a port is "new" */
    double newport_warmup_s;      /* 600 of feed time before any new-port alert */
    uint32_t newport_min_sources; /* 20 distinct sources within one window (<= 64) */
    double newport_cooldown_s;    /* 3600: per port */
    uint8_t newport_severity;     /* DG_SEV_MEDIUM */
    char sensor[32];              /* copied into every alert's sensor field; may be "" */
} dgd_config;

/* Fills c with the defaults documented above. */
void dgd_config_defaults(dgd_config *c);

typedef void (*dgd_emit_fn)(const dg_alert *a, void *user);

typedef struct dgd_detector dgd_detector;

typedef struct dgd_counters {
    uint64_t events;       /* events seen */
    uint64_t alerts[5];    /* raised, by kind: watchlist, port-surge, mirai-surge, new-port,
                              scanner-surge */
    uint64_t wl_evictions; /* watchlist hosts evicted from the full host table */
    uint64_t late_events;  /* events older than the current window (counted in it) */
    uint64_t bad_ts;       /* events with a non-finite or negative ts (time not advanced) */
} dgd_counters;

/* wl may be NULL (no watchlist detector) and must outlive the detector. emit receives each
 * alert (id empty, has_loc set only when the source was placed). Returns NULL on a bad
 * config (err set) or out of memory. */
dgd_detector *dgd_create(const dgd_config *c, const dgwl_list *wl, dgd_emit_fn emit, void *user,
                         char *err, size_t errcap);
void dgd_destroy(dgd_detector *d);

/* Runs the detectors over n events in arrival order. */
void dgd_process(dgd_detector *d, const dg_event *ev, size_t n);
/* Moves feed time forward to ts with no events (quiet periods of a live feed), closing the
 * windows that ended. Never moves time back. */
void dgd_advance(dgd_detector *d, double ts);
/* End of input: sends the watchlist counts not yet reported. */
void dgd_flush(dgd_detector *d);

dgd_counters dgd_get_counters(const dgd_detector *d);
/* Bytes the detector allocated at creation (constant over its life). */
size_t dgd_memory(const dgd_detector *d);

#endif
