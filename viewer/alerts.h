/* alerts.h - the viewer's store of active alerts (received from the feed or raised by the
 * detectors) behind the alert overlay and list.
 * Owns: a fixed-capacity set of alerts with ids, merging of repeats, expiry and fade, the
 * "flash" of a new high/critical alert, counters, and the --alerts-log JSON-lines file.
 * Time: expiry, fade and flash run on the caller's display clock (`now`, seconds, e.g. a
 * monotonic clock), not on feed time, so alerts of a fast replay stay readable.
 * Threads: render thread only (no locks, no GL). */
#ifndef DG_ALERTS_H
#define DG_ALERTS_H

#include "alert.h"

#include <stddef.h>
#include <stdint.h>

#define DGAL_MAX_CAPACITY 4096

typedef struct dgal_config {
    uint32_t capacity;    /* active alerts kept; 0: 256 (at most DGAL_MAX_CAPACITY) */
    double expire_s;      /* an alert leaves this long after it was last seen; 0: 600 */
    double fade_s;        /* it fades out over the last fade_s before expiry; 0: 60 */
    double flash_s;       /* the flash decays from 1 to 0 in this time; 0: 2 */
    const char *log_path; /* --alerts-log: append every alert as one JSON line; NULL: none */
    /* Optional: places an alert without lat/lon (e.g. geolocates a->src). Called once when
     * a new alert is stored; return false to leave it unplaced. */
    bool (*locate)(void *ctx, const dg_alert *a, float *lat, float *lon);
    void *locate_ctx;
    /* Optional: receives the one-time log write error message; NULL: stderr. */
    void (*report)(void *ctx, const char *msg);
    void *report_ctx;
} dgal_config;

typedef struct dgal_item {
    dg_alert a;        /* after merging: count summed, last_ns latest, severity highest,
                          title/detail/location of the latest arrival */
    double first_seen; /* display clock of the first arrival */
    double last_seen;  /* display clock of the latest arrival; expiry counts from here */
    uint32_t arrivals; /* alert events merged into this one */
} dgal_item;

typedef struct dgal_counters {
    uint64_t total;      /* every alert event received or raised (merged and dropped too) */
    uint32_t active;     /* alerts in the store now */
    uint64_t created;    /* events that became a new alert */
    uint64_t merged;     /* events merged into an active alert */
    uint64_t expired;    /* alerts that left after expire_s */
    uint64_t evicted;    /* alerts pushed out by a more severe or newer one (store full) */
    uint64_t dropped;    /* events not stored: store full of more severe alerts */
    uint64_t log_errors; /* log lines that could not be written */
} dgal_counters;

typedef struct dgal_store dgal_store;

/* Returns NULL with err set if the log cannot be opened or out of memory. */
dgal_store *dgal_create(const dgal_config *c, char *err, size_t errcap);
void dgal_destroy(dgal_store *s);

/* Stores one alert arriving at display time now. Same alert = same non-empty id, or same
 * (kind, src, org, dport, proto): merged into the active one. A new alert gets an id
 * ("A-000123") if it has none, count >= 1, kind "external" if empty. Every event is logged
 * (with the id of the alert it became or merged into). Returns the stored alert (valid until
 * the next dgal_add/dgal_tick), or NULL if it was dropped. */
const dgal_item *dgal_add(dgal_store *s, const dg_alert *a, double now);
/* Removes the alerts not seen for expire_s. Call once per frame. */
void dgal_tick(dgal_store *s, double now);

size_t dgal_count(const dgal_store *s);
/* The i-th alert, most recently seen first (a repeat moves an alert to the front). */
const dgal_item *dgal_at(const dgal_store *s, size_t i);
const dgal_item *dgal_find(const dgal_store *s, const char *id);
/* Opacity for the overlay: 1 while fresh, down to 0 over the last fade_s before expiry. */
float dgal_fade(const dgal_store *s, const dgal_item *it, double now);
/* Panel flash: 1 when a new high/critical alert (or an escalation to high/critical) arrived,
 * decaying linearly to 0 over flash_s. *severity (may be NULL) gets that alert's severity. */
float dgal_flash(const dgal_store *s, double now, uint8_t *severity);

/* How long ago the alert was last seen, for "3m ago": in feed time (feed_now, epoch s, minus
 * its last_ns), so alerts 3.5 feed-minutes apart read 3 minutes apart at any replay speed;
 * on the display clock (now - last_seen) while feed time is unknown (feed_now 0) or the
 * alert carries no time. */
double dgal_age(const dgal_item *it, double feed_now, double now);

dgal_counters dgal_get_counters(const dgal_store *s);

#endif
