/* recorder.c - the headless recorder (see recorder.h).
 * Threads: one recorder per thread. */
#include "recorder.h"
#include "clock.h"
#include "feedmsg.h"
#include "recording.h"
#include "seqtrack.h"
#include "sub.h"

#include <errno.h>
#include <nanomsg/nn.h>
#include <stdio.h>
#include <stdlib.h>

#define FLUSH_NS 1000000000ull

struct dgrecorder {
    int sock;
    dgauth *auth;
    dgrec_writer *w;
    dgfm_result *res; /* large (a full binary batch): allocated once */
    dgseq_tracker seq; /* gaps in the publishers' batch sequences */
    uint64_t last_flush;
    dgrecorder_stats st;
};

static bool open_sub(dgrecorder *r, const dgrecorder_config *c, char *err, size_t errcap)
{
    r->sock = dgsub_open(c->urls, c->nurls, err, errcap);
    return r->sock >= 0;
}

dgrecorder *dgrecorder_open(const dgrecorder_config *c, char *err, size_t errcap)
{
    dgrecorder *r = calloc(1, sizeof *r);
    if (r) r->res = malloc(sizeof *r->res);
    if (!r || !r->res) {
        if (r) free(r);
        snprintf(err, errcap, "out of memory");
        return NULL;
    }
    r->sock = -1;
    r->auth = c->auth;
    r->last_flush = dg_mono_ns();
    r->w = dgrec_open_write(c->path, c->append, err, errcap);
    if (!r->w || !open_sub(r, c, err, errcap)) {
        dgrecorder_close(r);
        return NULL;
    }
    return r;
}

/* Verifies (with a key), decodes and records one message. */
static void record_msg(dgrecorder *r, const uint8_t *msg, size_t len)
{
    uint64_t now = dg_wall_ns();
    r->st.rx_msgs++;
    if (r->auth && dgauth_verify(r->auth, msg, len, now, &len) != DGAUTH_OK) {
        r->st.auth_rejected++;
        return;
    }
    dgfm_result *res = r->res;
    if (!dgfm_decode(msg, len, now, res)) {
        r->st.malformed++;
        return;
    }
    if (res->kind == DGFM_ALERT) {
        dgrec_write_alert(r->w, &res->alert, now);
    } else if (res->kind == DGFM_PACKETS) {
        r->st.lost_msgs += dgseq_track(&r->seq, msg, len);
        if (!res->nrec) return; /* a publisher's end mark */
        r->st.rx_pkts += res->nrec;
        dgrec_write_records(r->w, &res->sensors, res->recs, res->nrec, now);
    }
}

static void flush_if_due(dgrecorder *r)
{
    uint64_t now = dg_mono_ns();
    if (now - r->last_flush < FLUSH_NS) return;
    dgrec_flush(r->w, false);
    r->last_flush = now;
}

bool dgrecorder_poll(dgrecorder *r, int timeout_ms)
{
    nn_setsockopt(r->sock, NN_SOL_SOCKET, NN_RCVTIMEO, &timeout_ms, sizeof timeout_ms);
    void *msg = NULL;
    int n = nn_recv(r->sock, &msg, NN_MSG, 0);
    if (n >= 0) {
        record_msg(r, msg, (size_t)n);
        nn_freemsg(msg);
    }
    flush_if_due(r);
    return n >= 0 || nn_errno() == ETIMEDOUT || nn_errno() == EAGAIN || nn_errno() == EINTR;
}

dgrecorder_stats dgrecorder_get_stats(const dgrecorder *r)
{
    dgrecorder_stats st = r->st;
    dgrec_counters(r->w, &st.recorded, &st.write_errors);
    return st;
}

bool dgrecorder_sync(dgrecorder *r)
{
    return dgrec_flush(r->w, true);
}

bool dgrecorder_failed(const dgrecorder *r)
{
    return dgrec_failed(r->w);
}

bool dgrecorder_close(dgrecorder *r)
{
    if (!r) return true;
    bool ok = dgrec_close_write(r->w);
    if (r->sock >= 0) nn_close(r->sock);
    free(r->res);
    free(r);
    return ok;
}
