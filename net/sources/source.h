/* source.h - where darkglobe-feed (and the viewer's --replay and demo) get packets from.
 * Owns: the dg_source interface that every input kind (src_*.c, synth.c, kafka_in.c)
 * implements: three required slots and optional ones left NULL by a kind that lacks them,
 * as nng's transports do, so no caller needs to know which kind it holds. Records come out
 * in file order with their own timestamps; pacing is the caller's (see pace.h, pump.h), so
 * every source replays at any speed the same way.
 * Threads: one source is used by one thread, except dgsrc_break (any thread, or a signal
 * handler). */
#ifndef DG_SOURCE_H
#define DG_SOURCE_H

#include "alert.h"
#include "wire.h"

#include <stdio.h>

typedef struct dg_source dg_source;

/* Capabilities a caller may plan around (dg_source.caps). */
#define DGSRC_CAP_INDEX 1u /* seeks jump through an index, forwards too: cheaper than reading */

struct dg_source {
    /* Fills up to max records; returns the count, 0 at the end, -1 on a fatal error
     * (message already printed). Alerts the input carries come out through the alert slot. */
    int (*next)(dg_source *s, dg_record *out, size_t max);
    /* Rewinds to the start (for --loop); false when the input cannot be rewound. */
    bool (*rewind)(dg_source *s);
    void (*close)(dg_source *s);
    /* Optional slots: NULL when the kind has none (call them through the dgsrc_ wrappers
     * below, which answer false or do nothing then). */
    /* Pops the oldest alert the source passed while reading; the alerts popped after a next()
     * precede the records it returned. recv_ns (may be NULL) gets the time the alert was
     * received, or 0 when the input does not say. */
    bool (*alert)(dg_source *s, dg_alert *out, uint64_t *recv_ns);
    /* Positions the source so that next() continues with the first record (in file order,
     * after a point at or before ts_ns) whose time is >= ts_ns; false when it cannot. */
    bool (*seek)(dg_source *s, uint64_t ts_ns);
    /* Applies a BPF filter; false with a reason in err. */
    bool (*filter)(dg_source *s, const char *filter, char *err, size_t errcap);
    /* Makes a blocking next() return 0 soon; async-signal-safe. */
    void (*interrupt)(dg_source *s);
    const char *kind;          /* "pcap", "csv", "recording" ...: for messages and the kind's
                                  own extras (kafka_in.h), never for choosing a slot */
    unsigned caps;             /* DGSRC_CAP_* */
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

/* Seeks as the seek slot says. Recordings and classic pcap files jump through an offset
 * index; CSV and JSON files rewind and skip; false for stdin, live capture and kinds that
 * cannot seek. */
static inline bool dgsrc_seek(dg_source *s, uint64_t ts_ns)
{
    return s && s->seek && s->seek(s, ts_ns);
}

/* Sets a BPF filter on a pcap file or live source; false with a message otherwise. */
static inline bool dgsrc_set_filter(dg_source *s, const char *filter, char *err, size_t errcap)
{
    if (s && s->filter) return s->filter(s, filter, err, errcap);
    snprintf(err, errcap, "BPF filters apply to pcap files and live capture only");
    return false;
}

/* Makes a live capture's next() return 0 soon; async-signal-safe (pcap_breakloop). */
static inline void dgsrc_break(dg_source *s)
{
    if (s && s->interrupt) s->interrupt(s);
}

#endif
