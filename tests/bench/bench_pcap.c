/* bench_pcap.c - records/s read from a large capture and published, against a plain
 * libpcap read loop over the same file in the same run (the baseline: no parsing at all).
 * The capture is a pcapng of synthetic darknet packets written once into the working
 * directory. Prints a table and writes JSON (argv[1], default bench_pcap.json). */
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pub.h"
#include "ratelog.h"
#include "recording.h"
#include "source_kinds.h"

#define PACKETS 2000000
#define RUNS 3
#define PATH "bench-capture.pcapng"

static dg_record recs[DGW_MAX_RECORDS];

static void write_capture(void)
{
    char err[256];
    dgsyn_config cfg = {.rate = 1e6, .seed = 3};
    dg_source *src = dgsrc_synthetic(&cfg, err, sizeof err);
    dgrec_writer *w = dgrec_open_write(PATH, false, err, sizeof err);
    if (!src || !w) {
        fprintf(stderr, "bench_pcap: %s\n", err);
        exit(1);
    }
    for (int done = 0; done < PACKETS;) {
        int n = src->next(src, recs, DGW_MAX_RECORDS);
        dgrec_write_records(w, &src->sensors, recs, (size_t)n, recs[0].ts_ns);
        done += n;
    }
    dgrec_close_write(w);
    src->close(src);
}

static uint64_t plain_libpcap(void)
{
    char err[PCAP_ERRBUF_SIZE];
    pcap_t *p = pcap_open_offline(PATH, err);
    struct pcap_pkthdr *h;
    const u_char *data;
    uint64_t n = 0;
    while (p && pcap_next_ex(p, &h, &data) == 1)
        n++;
    if (p) pcap_close(p);
    return n;
}

static uint64_t read_source(dgpub *pub)
{
    char err[256];
    dg_source *s = dgsrc_pcap(PATH, err, sizeof err);
    uint64_t n = 0;
    int k;
    while (s && (k = s->next(s, recs, DGW_MAX_RECORDS)) > 0) {
        if (pub) dgpub_add(pub, recs, (size_t)k, dg_mono_ns());
        n += (uint64_t)k;
    }
    if (pub) dgpub_flush(pub);
    if (s) s->close(s);
    return n;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

typedef struct fig {
    const char *name;
    double med, min, max;
    uint64_t n;
} fig;

static fig measure(const char *name, int mode, dgpub *pub)
{
    double r[RUNS];
    uint64_t n = 0;
    for (int i = 0; i < RUNS; i++) {
        uint64_t t0 = dg_mono_ns();
        n = mode == 0 ? plain_libpcap() : read_source(mode == 2 ? pub : NULL);
        r[i] = (double)n / ((double)(dg_mono_ns() - t0) * 1e-9);
    }
    qsort(r, RUNS, sizeof *r, cmp);
    return (fig){name, r[RUNS / 2], r[0], r[RUNS - 1], n};
}

int main(int argc, char **argv)
{
    write_capture();
    char err[256];
    dgpub_config pc = {.bind = {"inproc://bench-pcap"}, .nbind = 1, .format = DGPUB_BINARY};
    dgw_sensor_table none = {0};
    dgpub *pub = dgpub_open(&pc, &none, err, sizeof err);
    fig f[3] = {measure("plain libpcap read loop (baseline)", 0, NULL),
                measure("pcap source: parse to records", 1, NULL),
                measure("pcap source + publish (binary batches)", 2, pub)};
    printf("\n%-42s %10s %14s %14s %14s %8s\n", "path (one core, 2M packets)", "records",
           "median rec/s", "min", "max", "ratio");
    for (int i = 0; i < 3; i++)
        printf("%-42s %10llu %14.0f %14.0f %14.0f %7.2fx\n", f[i].name, (unsigned long long)f[i].n,
               f[i].med, f[i].min, f[i].max, f[i].med / f[0].med);
    FILE *out = fopen(argc > 1 ? argv[1] : "bench_pcap.json", "w");
    if (out) {
        fprintf(out, "{\"bench\":\"pcap\",\"packets\":%d,\"runs\":%d,\"figures\":[", PACKETS, RUNS);
        for (int i = 0; i < 3; i++)
            fprintf(
                out,
                "%s{\"name\":\"%s\",\"records\":%llu,\"median\":%.0f,\"min\":%.0f,\"max\":%.0f}",
                i ? "," : "", f[i].name, (unsigned long long)f[i].n, f[i].med, f[i].min, f[i].max);
        fprintf(out, "]}\n");
        fclose(out);
    }
    dgpub_close(pub);
    remove(PATH);
    return 0;
}
