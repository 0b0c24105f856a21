/* feedrec.c - the headless recorder (see feedrec.h).
 * Threads: one recorder per thread. */
#include "feedrec.h"
#include "clock.h"
#include "feedmsg.h"
#include "recording.h"
#include "sub.h"

#include <errno.h>
#include <nanomsg/nn.h>
#include <stdio.h>
#include <stdlib.h>

#define FLUSH_NS 1000000000ull

struct dgfr {
    int sock;
    dgauth *auth;
    dgrec_writer *w;
    dgf_result *res; /* large (a full binary batch): allocated once */
    uint64_t last_flush;
    dgfr_stats st;
};

static bool open_sub(dgfr *r, const dgfr_config *c, char *err, size_t errcap)
{
    r->sock = dgsub_open(c->urls, c->nurls, err, errcap);
    return r->sock >= 0;
}

dgfr *dgfr_open(const dgfr_config *c, char *err, size_t errcap)
{
    dgfr *r = calloc(1, sizeof *r);
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
        dgfr_close(r);
        return NULL;
    }
    return r;
}

/* Verifies (with a key), decodes and records one message. */
static void record_msg(dgfr *r, const uint8_t *msg, size_t len)
{
    uint64_t now = dg_wall_ns();
    r->st.rx_msgs++;
    if (r->auth && dgauth_verify(r->auth, msg, len, now, &len) != DGAUTH_OK) {
        r->st.auth_rejected++;
        return;
    }
    dgf_result *res = r->res;
    if (!dgf_decode(msg, len, now, res)) {
        r->st.malformed++;
        return;
    }
    if (res->kind == DGF_ALERT) {
        dgrec_write_alert(r->w, &res->alert, now);
    } else if (res->kind == DGF_PACKETS && res->nrec) {
        r->st.rx_pkts += res->nrec;
        dgrec_write_records(r->w, &res->sensors, res->recs, res->nrec, now);
    }
}

static void flush_if_due(dgfr *r)
{
    uint64_t now = dg_mono_ns();
    if (now - r->last_flush < FLUSH_NS) return;
    dgrec_flush(r->w, false);
    r->last_flush = now;
}

bool dgfr_poll(dgfr *r, int timeout_ms)
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

dgfr_stats dgfr_get_stats(const dgfr *r)
{
    dgfr_stats st = r->st;
    dgrec_counters(r->w, &st.recorded, &st.write_errors);
    return st;
}

bool dgfr_sync(dgfr *r)
{
    return dgrec_flush(r->w, true);
}

bool dgfr_failed(const dgfr *r)
{
    return dgrec_failed(r->w);
}

bool dgfr_close(dgfr *r)
{
    if (!r) return true;
    bool ok = dgrec_close_write(r->w);
    if (r->sock >= 0) nn_close(r->sock);
    free(r->res);
    free(r);
    return ok;
}
