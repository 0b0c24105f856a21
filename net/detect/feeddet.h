/* feeddet.h - darkglobe-feed --detect: runs the detectors (detect.h) in feed time over the
 * records a feed publishes, so every wall display shows the same alerts.
 * Owns: the geolocation handle (opened once, with the viewer's search order), the event
 * batch built from the records and the detector; the watchlist stays the caller's.
 * Threads: one feeddet belongs to the thread that opened it (the feed's main thread); the
 * alert callback runs on that thread, inside dgfd_process and dgfd_finish. */
#ifndef DG_FEEDDET_H
#define DG_FEEDDET_H

#include "geo.h"
#include "detect.h"

#define DGFD_BATCH 1024 /* events handed to dgd_process at once */

typedef struct dgfd_config {
    const char *geoip[DGGEO_MAX_PATHS]; /* --geoip paths tried first; NULL entries end it */
    const dgwl_list *watchlist;         /* may be NULL; must outlive the feeddet */
    dgd_config det;                     /* detector settings (dgd_config_defaults) */
    bool geo_quiet;                     /* no "no database" warning */
} dgfd_config;

typedef struct dgfd dgfd;

/* NULL with a reason in err on a bad detector config or out of memory. */
dgfd *dgfd_open(const dgfd_config *c, dgd_emit_fn emit, void *user, char *err, size_t errcap);
void dgfd_close(dgfd *f);

/* Places and classifies n records (in feed order) and runs the detectors over them. */
void dgfd_process(dgfd *f, const dg_record *r, size_t n);
/* End of input: reports the watchlist counts not yet sent. */
void dgfd_finish(dgfd *f);

/* Builds the event the viewer would build from r (class, Mirai fingerprint, source place
 * and country); g may be NULL (nothing placed). */
void dgfd_event(dggeo *g, const dg_record *r, dg_event *ev);

/* The geolocation database in use, in one line (dggeo_describe). */
const char *dgfd_geo_describe(const dgfd *f);
dgd_counters dgfd_counters(const dgfd *f);

#endif
