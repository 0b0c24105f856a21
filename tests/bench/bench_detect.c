/* bench_detect.c - the detectors' cost on real and synthetic feed time, on one core:
 * records/s through dgd_process on the Marx 2013 log (seven months of sparse, unsorted feed
 * time: hundreds of thousands of window crossings) and on a synthetic day at 20 pkt/s,
 * beside plain binary decoding (dgw_decode) of the same records in the same run.
 * Usage: bench_detect [OUT.json [MARX.csv.gz]]; without the Marx file its rows are skipped. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect.h"
#include "ratelog.h"
#include "source_kinds.h"

#define RUNS 5
#define CHUNK 4096

typedef struct dataset {
    const char *name;
    dg_record *recs;
    dg_event *ev;
    size_t n;
} dataset;

static void grow(dataset *d, size_t *cap)
{
    if (d->n + CHUNK <= *cap) return;
    *cap = (*cap ? *cap * 2 : 1 << 20);
    d->recs = realloc(d->recs, *cap * sizeof *d->recs);
    if (!d->recs) exit(1);
}

/* Reads a whole source into memory, with the events the viewer would build (unplaced). */
static bool load(dataset *d, dg_source *src)
{
    size_t cap = 0;
    int k;
    if (!src) return false;
    for (grow(d, &cap); (k = src->next(src, d->recs + d->n, CHUNK)) > 0; grow(d, &cap))
        d->n += (size_t)k;
    src->close(src);
    d->ev = malloc(d->n * sizeof *d->ev);
    if (!d->ev) exit(1);
    for (size_t i = 0; i < d->n; i++)
        dg_event_from_record(&d->ev[i], &d->recs[i]);
    return d->n > 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static uint64_t alerts;
static void count_alert(const dg_alert *a, void *user)
{
    (void)a, (void)user;
    alerts++;
}

/* One pass of the detectors over every event; returns records/s. */
static double run_detect(const dataset *d)
{
    dgd_config c;
    dgd_config_defaults(&c);
    char err[256];
    dgd_detector *det = dgd_create(&c, NULL, count_alert, NULL, err, sizeof err);
    if (!det) exit(1);
    alerts = 0;
    uint64_t t0 = dg_mono_ns();
    for (size_t i = 0; i < d->n; i += CHUNK)
        dgd_process(det, d->ev + i, d->n - i < CHUNK ? d->n - i : CHUNK);
    double s = (double)(dg_mono_ns() - t0) * 1e-9;
    dgd_destroy(det);
    return (double)d->n / s;
}

/* One pass of encoding-free decoding: every record once through dgw_decode. */
static double run_decode(const dataset *d)
{
    static uint8_t buf[DGW_MAX_MESSAGE];
    static dg_record out[DGW_MAX_RECORDS];
    double secs = 0;
    for (size_t i = 0; i < d->n; i += DGW_MAX_RECORDS) {
        size_t k = d->n - i < DGW_MAX_RECORDS ? d->n - i : DGW_MAX_RECORDS, got = 0;
        for (size_t j = 0; j < k; j++)
            d->recs[i + j].sensor = DG_SENSOR_NONE;
        size_t len = dgw_encode(buf, sizeof buf, NULL, d->recs + i, k);
        uint64_t t0 = dg_mono_ns();
        dgw_decode(buf, len, NULL, out, &got);
        secs += (double)(dg_mono_ns() - t0) * 1e-9;
    }
    return (double)d->n / secs;
}

static double median(double (*fn)(const dataset *), const dataset *d)
{
    double r[RUNS];
    for (int k = 0; k < RUNS; k++)
        r[k] = fn(d);
    qsort(r, RUNS, sizeof r[0], cmp_double);
    return r[RUNS / 2];
}

static void report(FILE *out, bool first, const dataset *d)
{
    double dec = median(run_decode, d), det = median(run_detect, d);
    printf("%-34s %10zu %14.0f %14.0f %8.2f %7lu\n", d->name, d->n, det, dec, det / dec,
           (unsigned long)alerts);
    if (out)
        fprintf(out,
                "%s{\"name\":\"%s\",\"records\":%zu,\"detect_per_s\":%.0f,\"decode_per_s\":%.0f,"
                "\"ratio\":%.4f,\"alerts\":%lu}",
                first ? "" : ",", d->name, d->n, det, dec, det / dec, (unsigned long)alerts);
}

int main(int argc, char **argv)
{
    const char *json = argc > 1 ? argv[1] : "bench_detect.json";
    const char *marx = argc > 2 ? argv[2] : NULL;
    char err[512];
    dgsyn_config sc = {.rate = 20, .seed = 3, .duration = 86400, .start_ns = 1509408000ull * 1000000000ull};
    dataset sets[2] = {{.name = "synthetic day at 20 pkt/s"}, {.name = "Marx 2013 (7 months)"}};
    int nsets = load(&sets[0], dgsrc_synthetic(&sc, err, sizeof err)) ? 1 : 0;
    if (marx && load(&sets[1], dgsrc_csv(marx, NULL, err, sizeof err))) nsets = 2;
    else if (marx) fprintf(stderr, "bench_detect: Marx rows skipped: %s\n", err);
    printf("%-34s %10s %14s %14s %8s %7s\n", "feed (one core)", "records", "detect rec/s",
           "decode rec/s", "ratio", "alerts");
    FILE *out = fopen(json, "w");
    if (out) fprintf(out, "{\"bench\":\"detect\",\"runs\":%d,\"sets\":[", RUNS);
    for (int i = 0; i < nsets; i++)
        report(out, i == 0, &sets[i]);
    if (out) fprintf(out, "]}\n"), fclose(out);
    return 0;
}
