/* bench_kafka.c - records/s the feed consumes from Kafka and republishes on nanomsg, beside
 * reading the same records from a file and republishing them, in the same run.
 * 160,000 synthetic packets (3 sensors) go once into librdkafka's mock cluster (3 brokers, a
 * 3-partition topic; the mock keeps only about 5 MB per partition, hence the size) and once
 * into a darkglobe recording. The records are dealt round-robin to the partitions, the merge's
 * worst case: the earliest record changes partition at every record. Each run reads its source
 * 12 times over (rewinding, as --loop does), every record handed to a binary publisher
 * (pub.h): the Kafka source (kafka_in.h, a replay of the whole topic merged in feed-time order)
 * against the file source. Wall rates are of the reading thread; CPU rates count every thread
 * of the process (librdkafka's fetchers and the mock brokers too).
 * Prints a table and writes JSON (argv[1], default bench_kafka.json). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kafka_in.h"
#include "pub.h"
#include "ratelog.h"
#include "recording.h"
#include "source_kinds.h"
#include "synth.h"
#include "../kafka_mock.h"

#define PACKETS 160000
#define PASSES 12
#define RUNS 3
#define PARTS 3
#define PATH "bench-kafka.pcapng"
#define TOPIC "bench"

static dg_record recs[DGW_MAX_RECORDS], part[DGW_MAX_RECORDS];
static uint8_t msg[DGW_MAX_MESSAGE];
static kmock mk;
static uint64_t produced;

static double cpu_s(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what, const char *err)
{
    fprintf(stderr, "bench_kafka: %s: %s\n", what, err);
    exit(1);
}

/* One batch dealt round-robin to the partitions: a DGPK message each, stamped with its latest
 * record time as the feed's producer stamps them. */
static void produce_batch(const dgw_sensor_table *st, size_t n)
{
    for (int p = 0; p < PARTS; p++) {
        size_t k = 0;
        for (size_t i = (size_t)p; i < n; i += PARTS)
            part[k++] = recs[i];
        size_t len = dgw_encode(msg, sizeof msg, st, part, k);
        if (!len ||
            !kmock_produce(&mk, TOPIC, p, msg, len, NULL, (int64_t)(part[k - 1].ts_ns / 1000000)))
            die("produce", "refused");
    }
}

static void write_inputs(void)
{
    char err[256];
    dgs_table sensors = {0};
    dgs_add_defaults(&sensors);
    dgsyn_config cfg = {.rate = 1e6, .seed = 3};
    dg_source *src = dgsrc_synthetic_sensors(&cfg, &sensors, err, sizeof err);
    dgrec_writer *w = src ? dgrec_open_write(PATH, false, err, sizeof err) : NULL;
    if (!w) die("inputs", err);
    while (produced < PACKETS) {
        int n = src->next(src, recs, DGW_MAX_RECORDS);
        if (produced + (uint64_t)n > PACKETS) n = (int)(PACKETS - produced);
        dgrec_write_records(w, &src->sensors, recs, (size_t)n, recs[0].ts_ns);
        produce_batch(&src->sensors, (size_t)n);
        produced += (uint64_t)n;
    }
    if (!kmock_flush(&mk, 60000)) die("produce", "not every message was delivered");
    for (int p = 0; p < PARTS; p++)
        if (kmock_messages(&mk, TOPIC, p) <= 0) die("produce", "a partition is empty");
    dgrec_close_write(w);
    src->close(src);
}

static dg_source *open_input(bool kafka)
{
    char err[256];
    /* The mock cluster holds a fetch for up to fetch.wait.max.ms (500) even with data
     * waiting, where a broker answers at once: 10 ms keeps that wait out of the figure. */
    dgkconf kc = {.brokers = mk.bootstraps,
                  .topics = TOPIC,
                  .options = {"fetch.wait.max.ms=10"},
                  .noptions = 1};
    dgkin_config c = {.kafka = &kc, .replay = true, .quiet = true};
    dg_source *s =
        kafka ? dgkin_open(&c, err, sizeof err) : dgsrc_open_auto(PATH, NULL, err, sizeof err);
    if (!s) die(kafka ? "kafka source" : "file source", err);
    return s;
}

typedef struct rates {
    double wall, thread, process; /* rec/s of wall time, of the reading thread's and of the
                                     whole process's CPU time */
} rates;

/* Reads the source PASSES times over, publishing every record. */
static uint64_t read_publish(bool kafka, dgpub *pub, rates *r)
{
    dg_source *s = open_input(kafka);
    uint64_t n = 0, t0 = dg_mono_ns();
    double c0 = cpu_s(CLOCK_PROCESS_CPUTIME_ID), th0 = cpu_s(CLOCK_THREAD_CPUTIME_ID);
    for (int pass = 0; pass < PASSES; pass++) {
        int k;
        if (pass && !s->rewind(s)) die("rewind", kafka ? "kafka" : "file");
        while ((k = s->next(s, recs, 4096)) > 0) {
            dgpub_add(pub, recs, (size_t)k, dg_mono_ns());
            n += (uint64_t)k;
        }
    }
    dgpub_flush(pub);
    double wall = (double)(dg_mono_ns() - t0) * 1e-9;
    r->thread = (double)n / (cpu_s(CLOCK_THREAD_CPUTIME_ID) - th0);
    r->process = (double)n / (cpu_s(CLOCK_PROCESS_CPUTIME_ID) - c0);
    r->wall = (double)n / wall;
    s->close(s);
    return n;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

typedef struct fig {
    const char *name;
    double med, min, max, thread, process; /* medians but min and max (wall) */
    uint64_t n;
} fig;

static double median(double *v)
{
    qsort(v, RUNS, sizeof *v, cmp);
    return v[RUNS / 2];
}

static fig measure(const char *name, bool kafka, dgpub *pub)
{
    double w[RUNS], t[RUNS], p[RUNS];
    uint64_t n = 0;
    for (int i = 0; i < RUNS; i++) {
        rates r;
        n = read_publish(kafka, pub, &r);
        w[i] = r.wall, t[i] = r.thread, p[i] = r.process;
    }
    fig f = {name, median(w), w[0], w[RUNS - 1], median(t), median(p), n};
    return f;
}

static void report(const fig *f, int nf, const char *path)
{
    printf("\n%-40s %8s %12s %11s %11s %12s %12s %6s\n", "path (12 x 160k records)", "records",
           "median rec/s", "min", "max", "thread CPU", "process CPU", "ratio");
    for (int i = 0; i < nf; i++)
        printf("%-40s %8llu %12.0f %11.0f %11.0f %12.0f %12.0f %5.2fx\n", f[i].name,
               (unsigned long long)f[i].n, f[i].med, f[i].min, f[i].max, f[i].thread, f[i].process,
               f[i].med / f[0].med);
    FILE *out = fopen(path, "w");
    if (!out) return;
    fprintf(out,
            "{\"bench\":\"kafka\",\"packets\":%llu,\"passes\":%d,\"runs\":%d,\"partitions\":%d,"
            "\"figures\":[",
            (unsigned long long)produced, PASSES, RUNS, PARTS);
    for (int i = 0; i < nf; i++)
        fprintf(out,
                "%s{\"name\":\"%s\",\"records\":%llu,\"median\":%.0f,\"min\":%.0f,\"max\":%.0f,"
                "\"thread_cpu\":%.0f,\"process_cpu\":%.0f}",
                i ? "," : "", f[i].name, (unsigned long long)f[i].n, f[i].med, f[i].min, f[i].max,
                f[i].thread, f[i].process);
    fprintf(out, "]}\n");
    fclose(out);
}

int main(int argc, char **argv)
{
    if (!kmock_open(&mk, 3)) return 1;
    kmock_topic(&mk, TOPIC, PARTS);
    write_inputs();
    char err[256];
    dgpub_config pc = {.bind = {"inproc://bench-kafka"}, .nbind = 1, .format = DGPUB_BINARY};
    dgw_sensor_table none = {0};
    dgpub *pub = dgpub_open(&pc, &none, err, sizeof err);
    if (!pub) die("publisher", err);
    fig f[2] = {measure("file (recording) + publish (baseline)", false, pub),
                measure("kafka (mock cluster, merged) + publish", true, pub)};
    report(f, 2, argc > 1 ? argv[1] : "bench_kafka.json");
    dgpub_close(pub);
    kmock_close(&mk);
    remove(PATH);
    return f[1].n == PASSES * produced && f[0].n == PASSES * produced ? 0 : 1;
}
