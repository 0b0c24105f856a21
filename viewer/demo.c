/* demo.c - see demo.h. */
#include "demo.h"

#include <nanomsg/nn.h>
#include <nanomsg/pubsub.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "ratelog.h"
#include "sources.h"

#define TICK_NS 4000000ull

struct dgdemo {
    int sock;
    dg_source *src;
    pthread_t tid;
    atomic_bool stop;
    dg_record recs[DGW_MAX_RECORDS];
    size_t nrec, next; /* records read from the source, and the next to send */
    uint8_t msg[DGW_MAX_MESSAGE];
};

/* Publishes every record whose timestamp has come, in batches of at most one message. */
static void publish_due(dgdemo *d, uint64_t now)
{
    for (;;) {
        if (d->next == d->nrec) {
            int n = d->src->next(d->src, d->recs, DGW_MAX_RECORDS);
            if (n <= 0) return;
            d->nrec = (size_t)n;
            d->next = 0;
        }
        size_t end = d->next;
        while (end < d->nrec && d->recs[end].ts_ns <= now)
            end++;
        if (end == d->next) return;
        size_t len =
            dgw_encode(d->msg, sizeof d->msg, &d->src->sensors, d->recs + d->next, end - d->next);
        nn_send(d->sock, d->msg, len, NN_DONTWAIT);
        d->next = end;
    }
}

static void *demo_main(void *arg)
{
    dgdemo *d = arg;
    while (!atomic_load_explicit(&d->stop, memory_order_relaxed)) {
        publish_due(d, dg_wall_ns());
        nanosleep(&(struct timespec){0, (long)TICK_NS}, NULL);
    }
    return NULL;
}

dgdemo *dgdemo_start(const char *url, double rate, uint64_t seed, char *err, size_t errcap)
{
    dgdemo *d = calloc(1, sizeof *d);
    if (!d) return NULL;
    dgsyn_config cfg = {.rate = rate, .seed = seed, .start_ns = dg_wall_ns()};
    d->src = dgsrc_synthetic(&cfg, err, errcap);
    d->sock = nn_socket(AF_SP, NN_PUB);
    if (d->src && (d->sock < 0 || nn_bind(d->sock, url) < 0))
        snprintf(err, errcap, "demo feed: cannot bind %s: %s", url, nn_strerror(nn_errno()));
    else if (d->src && pthread_create(&d->tid, NULL, demo_main, d) == 0)
        return d;
    if (d->src) d->src->close(d->src);
    if (d->sock >= 0) nn_close(d->sock);
    free(d);
    return NULL;
}

void dgdemo_stop(dgdemo *d)
{
    if (!d) return;
    atomic_store(&d->stop, true);
    pthread_join(d->tid, NULL);
    nn_close(d->sock);
    d->src->close(d->src);
    free(d);
}
