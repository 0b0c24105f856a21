/* bench_ingest.c - the viewer's network path on one core, without the socket:
 * decode -> validate -> place (geolocate) -> classify -> queue, on synthetic binary batches
 * with the synthetic feed's host locality. Baselines measured in the same run: a plain
 * memcpy of the same bytes (decode), and the same path with uncached lookups (geo).
 * Prints a table and writes JSON (argv[1], default bench_ingest.json). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ratelog.h"
#include "source_kinds.h"
#include "geo.h"
#include "netthread.h"

#define BATCH 4096
#define NMSG 64
#define RUNS 5

static uint8_t *msgs[NMSG];
static size_t lens[NMSG];

static bool locate_cached(void *ctx, int v, const uint8_t a[16], float *lat, float *lon, char cc[3])
{
    dggeo_result r;
    bool ok = dggeo_lookup(ctx, v, a, &r);
    memcpy(cc, r.cc, 3), *lat = r.lat, *lon = r.lon;
    return ok;
}

static bool locate_plain(void *ctx, int v, const uint8_t a[16], float *lat, float *lon, char cc[3])
{
    dggeo_result r;
    bool ok = dggeo_lookup_uncached(ctx, v, a, &r);
    memcpy(cc, r.cc, 3), *lat = r.lat, *lon = r.lon;
    return ok;
}

static void make_messages(void)
{
    dgsyn_config cfg = {.rate = 1e6, .seed = 7};
    char err[256];
    dg_source *src = dgsrc_synthetic(&cfg, err, sizeof err);
    if (!src) {
        fprintf(stderr, "bench_ingest: %s\n", err);
        exit(1);
    }
    static dg_record recs[BATCH];
    for (int m = 0; m < NMSG; m++) {
        int n = src->next(src, recs, BATCH);
        msgs[m] = malloc(dgw_encoded_size((size_t)src->sensors.count, (size_t)n));
        lens[m] = dgw_encode(msgs[m], dgw_encoded_size((size_t)src->sensors.count, (size_t)n),
                             &src->sensors, recs, (size_t)n);
    }
    src->close(src);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

typedef struct figure {
    const char *name;
    double med, min, max; /* records per second */
} figure;

/* Runs the path RUNS times over all messages; records/s median, min, max. */
enum mode { COPY, DECODE, INGEST };

/* One message through the path under test. */
static void one(enum mode mode, dgnt_ingest *in, int m, uint64_t now)
{
    static uint8_t sink[DGW_MAX_MESSAGE];
    static dgfm_result res;
    if (mode == COPY)
        memcpy(sink, msgs[m], lens[m]);
    else if (mode == DECODE)
        dgfm_decode(msgs[m], lens[m], now, &res);
    else
        dgnt_ingest_message(in, msgs[m], lens[m], now);
}

static figure measure(const char *name, dgnt_locate_fn fn, void *ctx, enum mode mode)
{
    dgs_table sensors = {0};
    dgs_add_defaults(&sensors);
    dgq_queue *q = dgq_create(1 << 17);
    dgnt_config cfg = {
        .queue = q, .sensors = &sensors, .locate = fn, .locate_ctx = ctx, .quiet = true};
    dgnt_ingest *in = dgnt_ingest_create(&cfg);
    static dg_event drain[BATCH];
    double r[RUNS];
    for (int k = 0; k < RUNS; k++) {
        uint64_t t0 = dg_mono_ns(), n = 0;
        for (int rep = 0; rep < 4; rep++)
            for (int m = 0; m < NMSG; m++) {
                one(mode, in, m, t0);
                n += (lens[m] - DGW_HEADER_SIZE) / DGW_RECORD_SIZE;
                while (dgq_pop(q, drain, BATCH)) {
                }
            }
        r[k] = (double)n / ((double)(dg_mono_ns() - t0) * 1e-9);
    }
    qsort(r, RUNS, sizeof r[0], cmp_double);
    dgnt_ingest_destroy(in);
    dgq_destroy(q);
    return (figure){name, r[RUNS / 2], r[0], r[RUNS - 1]};
}

int main(int argc, char **argv)
{
    const char *json = argc > 1 ? argv[1] : "bench_ingest.json";
    make_messages();
    dggeo *geo = dggeo_open(NULL);
    printf("database: %s\n", dggeo_describe(geo));
    figure f[5];
    f[0] = measure("memcpy of the messages (baseline)", NULL, NULL, COPY);
    f[1] = measure("decode only (dgfm_decode)", NULL, NULL, DECODE);
    f[2] = measure("ingest, no geolocation", NULL, NULL, INGEST);
    f[3] = measure("ingest, uncached lookups (baseline)", locate_plain, geo, INGEST);
    f[4] = measure("ingest, cached lookups", locate_cached, geo, INGEST);
    dggeo_stats gs = dggeo_get_stats(geo);
    printf("\n%-40s %14s %14s %14s\n", "path (one core)", "median rec/s", "min", "max");
    for (int i = 0; i < 5; i++)
        printf("%-40s %14.0f %14.0f %14.0f\n", f[i].name, f[i].med, f[i].min, f[i].max);
    printf("\ncached / uncached: %.2fx   cache hit rate: %.1f%%\n", f[4].med / f[3].med,
           100.0 * (double)gs.cache_hits / (double)(gs.cache_hits + gs.cache_misses + 1));
    FILE *out = fopen(json, "w");
    if (out) {
        fprintf(out, "{\"bench\":\"ingest\",\"runs\":%d,\"figures\":[", RUNS);
        for (int i = 0; i < 5; i++)
            fprintf(out, "%s{\"name\":\"%s\",\"median\":%.0f,\"min\":%.0f,\"max\":%.0f}",
                    i ? "," : "", f[i].name, f[i].med, f[i].min, f[i].max);
        fprintf(out, "],\"cached_over_uncached\":%.3f}\n", f[4].med / f[3].med);
        fclose(out);
    }
    dggeo_close(geo);
    return 0;
}
