/* src_recording.c - a darkglobe recording (recording.h) as a dg_source: records in file
 * order, the alerts between them through the alert slot, seeks through the file's index.
 * Threads: one source, one thread. */
#include "recording.h"
#include "source_kinds.h"

#include <stdio.h>
#include <stdlib.h>

#define ALERT_RING 256

typedef struct rec_src {
    dgrec_reader *r;
    dgrec_index *ix;
    char path[4096];
    dg_alert alert[ALERT_RING];
    uint64_t alert_recv[ALERT_RING];
    size_t head, count;
    uint64_t dropped; /* alerts pushed out of a full ring */
    dgrec_item item;
} rec_src;

static void push_alert(rec_src *rs)
{
    if (rs->count == ALERT_RING) { /* the oldest is dropped and counted */
        rs->head = (rs->head + 1) % ALERT_RING;
        rs->count--;
        rs->dropped++;
    }
    size_t i = (rs->head + rs->count++) % ALERT_RING;
    rs->alert[i] = rs->item.alert;
    rs->alert_recv[i] = rs->item.recv_ns;
}

static int rec_next(dg_source *s, dg_record *out, size_t max)
{
    rec_src *rs = s->impl;
    for (;;) {
        int k = dgrec_next(rs->r, out, max, &rs->item);
        s->src_errors = rs->dropped + dgrec_errors(rs->r);
        s->bad_ts = dgrec_bad_ts(rs->r);
        if (k == DGREC_ALERT) {
            push_alert(rs);
            continue;
        }
        const dgw_sensor_table *st = dgrec_sensors(rs->r);
        if (st->count != s->sensors.count) s->sensors = *st;
        return (int)rs->item.n;
    }
}

static bool rec_rewind(dg_source *s)
{
    rec_src *rs = s->impl;
    rs->count = 0;
    return dgrec_rewind(rs->r);
}

static void rec_close(dg_source *s)
{
    rec_src *rs = s->impl;
    dgrec_close_read(rs->r);
    dgrec_index_free(rs->ix);
    free(rs);
    free(s);
}

static bool rec_alert(dg_source *s, dg_alert *out, uint64_t *recv_ns)
{
    rec_src *rs = s->impl;
    if (rs->count == 0) return false;
    *out = rs->alert[rs->head];
    if (recv_ns) *recv_ns = rs->alert_recv[rs->head];
    rs->head = (rs->head + 1) % ALERT_RING;
    rs->count--;
    return true;
}

/* The index is built on the first seek: one pass over the file, then seeks are direct. */
static bool rec_seek(dg_source *s, uint64_t ts_ns)
{
    rec_src *rs = s->impl;
    char err[256];
    if (!rs->ix) rs->ix = dgrec_index_build(rs->path, 0, err, sizeof err);
    if (!rs->ix) return fprintf(stderr, "seek: %s\n", err), false;
    rs->count = 0;
    bool ok = dgrec_seek(rs->r, rs->ix, ts_ns);
    s->sensors = *dgrec_sensors(rs->r);
    return ok;
}

dg_source *dgsrc_recording(const char *path, char *err, size_t errcap)
{
    dg_source *s = calloc(1, sizeof *s);
    rec_src *rs = calloc(1, sizeof *rs);
    if (!s || !rs) {
        free(s), free(rs);
        return snprintf(err, errcap, "out of memory"), NULL;
    }
    rs->r = dgrec_open_read(path, err, errcap);
    if (!rs->r) {
        free(s), free(rs);
        return NULL;
    }
    snprintf(rs->path, sizeof rs->path, "%s", path);
    s->next = rec_next;
    s->rewind = rec_rewind;
    s->close = rec_close;
    s->alert = rec_alert;
    s->seek = rec_seek;
    s->kind = "recording";
    s->caps = DGSRC_CAP_INDEX;
    s->impl = rs;
    return s;
}
