/* source.h - where darkglobe-feed (and the viewer's --replay) get packets from.
 * Owns: the dg_source interface that synthetic, pcap, CSV, JSON and recording sources
 * implement. Records come out in file order with their own timestamps; pacing is the
 * caller's (see pace.h), so every source replays at any speed the same way.
 * Threads: one source is used by one thread. */
#ifndef DG_SOURCE_H
#define DG_SOURCE_H

#include "alert.h"
#include "wire.h"

typedef struct dg_source dg_source;

struct dg_source {
    /* Fills up to max records; returns the count, 0 at the end, -1 on a fatal error
     * (message already printed). May also deliver one alert (recordings) via *alert. */
    int (*next)(dg_source *s, dg_record *out, size_t max);
    /* Rewinds to the start (for --loop); false when the input cannot be rewound. */
    bool (*rewind)(dg_source *s);
    void (*close)(dg_source *s);
    /* Optional (NULL: the kind has none): pops the oldest alert the source passed while
     * reading; the alerts popped after a next() precede the records it returned. recv_ns (may
     * be NULL) gets the time the alert was received, or 0 when the input does not say. */
    bool (*alert)(dg_source *s, dg_alert *out, uint64_t *recv_ns);
    dgw_sensor_table sensors;  /* names that records' .sensor fields index */
    uint64_t src_errors;       /* skipped input: non-IP, truncated, bad rows */
    uint64_t bad_ts;           /* records skipped alone for an impossible time (timestamp.h);
                                  never handed out, so a batch and the pacing never see one */
    void *impl;
};

/* Any source's next alert (recordings, Suricata EVE); false when none is waiting. */
static inline bool dgsrc_alert(dg_source *s, dg_alert *out, uint64_t *recv_ns)
{
    return s && s->alert && s->alert(s, out, recv_ns);
}

#endif
