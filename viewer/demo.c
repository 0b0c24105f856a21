/* demo.c - see demo.h. */
#include "demo.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#include "clock.h"
#include "pub.h"
#include "pump.h"
#include "ratelog.h"
#include "source_kinds.h"

/* Longest sleep between two looks at the stop flag and the publisher's flush timer. */
#define TICK_NS 4000000ull

struct dgdemo {
    dg_source *src;
    dgpace *pace;
    dgpump *pump;
    dgpub *pub;
    pthread_t tid;
    atomic_bool stop;
};

static size_t publish(void *ctx, dg_record *recs, size_t n)
{
    dgdemo *d = ctx;
    dgpub_add(d->pub, recs, n, dg_mono_ns());
    return n;
}

/* Sends a batch that waited long enough, and says whether to go on. */
static bool tick(void *ctx)
{
    dgdemo *d = ctx;
    dgpub_tick(d->pub, dg_mono_ns());
    return !atomic_load_explicit(&d->stop, memory_order_relaxed);
}

static void *demo_main(void *arg)
{
    dgdemo *d = arg;
    dgpump_run(d->pump, TICK_NS, tick, d);
    return NULL;
}

static void free_parts(dgdemo *d)
{
    dgpub_close(d->pub);
    dgpump_destroy(d->pump);
    dgpace_destroy(d->pace);
    if (d->src) d->src->close(d->src);
    free(d);
}

/* The synthetic source stamps its records from now on, played at real pace. */
static bool open_parts(dgdemo *d, const char *url, double rate, uint64_t seed, char *err,
                       size_t errcap)
{
    dgsyn_config cfg = {.rate = rate, .seed = seed, .start_ns = dg_wall_ns()};
    d->src = dgsrc_synthetic(&cfg, err, errcap);
    if (!d->src) return false;
    dgpub_config pc = {.bind = {url}, .nbind = 1};
    d->pub = dgpub_open(&pc, &d->src->sensors, err, errcap);
    if (!d->pub) {
        char why[256];
        snprintf(why, sizeof why, "%s", err);
        snprintf(err, errcap, "demo feed: %s", why);
        return false;
    }
    d->pace = dgpace_create(1, dgpace_monotonic_ns, NULL);
    dgpump_config c = {.src = d->src, .pace = d->pace, .sink = {.records = publish, .ctx = d}};
    d->pump = d->pace ? dgpump_create(&c) : NULL;
    if (!d->pump) snprintf(err, errcap, "out of memory");
    return d->pump != NULL;
}

dgdemo *dgdemo_start(const char *url, double rate, uint64_t seed, char *err, size_t errcap)
{
    dgdemo *d = calloc(1, sizeof *d);
    if (!d) return NULL;
    if (open_parts(d, url, rate, seed, err, errcap) &&
        pthread_create(&d->tid, NULL, demo_main, d) == 0)
        return d;
    free_parts(d);
    return NULL;
}

void dgdemo_stop(dgdemo *d)
{
    if (!d) return;
    atomic_store(&d->stop, true);
    pthread_join(d->tid, NULL);
    free_parts(d);
}
