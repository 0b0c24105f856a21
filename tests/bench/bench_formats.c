/* bench_formats.c - records/s read from each input operators already have, beside the plain
 * pcap source over the same traffic in the same run (the baseline; ratios against it). One
 * synthetic darknet of RECORDS records is written as a pcap (libpcap), compressed by gzip,
 * bzip2, xz and zstd, turned into an nfcapd file by nfpcapd, and written as EVE flow events,
 * Zeek conn.log (TSV, JSON) and corsaro flowtuples (libavro; see fmt_fixtures.h). Each input
 * is read to the end through its dg_source, all inputs in turn, RUNS rounds; medians. Prints a table and writes
 * JSON (argv[1], default bench_formats.json). Files go to the working directory. */
#include "../fmt_fixtures.h"

#include "ratelog.h"

#define RECORDS 200000
#define RUNS 3

typedef struct input {
    const char *name, *path;
    dg_source *(*open)(const char *, char *, size_t);
    double med, min, max;
    uint64_t recs, pkts;
} input;

static dg_record buf[8192];

static dg_source *open_auto(const char *path, char *err, size_t errcap)
{
    return dgsrc_open_auto(path, NULL, err, errcap);
}

/* One full read; false if the input would not open. */
static bool read_once(input *in, double *rate)
{
    char err[512];
    uint64_t t0 = dg_mono_ns(), n = 0, p = 0;
    dg_source *s = in->open(in->path, err, sizeof err);
    if (!s) return fprintf(stderr, "bench_formats: %s\n", err), false;
    int k;
    while ((k = s->next(s, buf, 8192)) > 0) {
        n += (uint64_t)k;
        for (int i = 0; i < k; i++)
            p += dg_record_pkts(&buf[i]);
    }
    s->close(s);
    *rate = (double)n / ((double)(dg_mono_ns() - t0) * 1e-9);
    in->recs = n, in->pkts = p;
    return n > 0;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Rounds over every input in turn, so the machine's noise falls on all of them alike. */
static void measure_all(input *ins, size_t n)
{
    static double r[16][RUNS];
    bool ok[16];
    for (size_t i = 0; i < n; i++)
        ok[i] = true;
    for (int run = 0; run < RUNS; run++)
        for (size_t i = 0; i < n; i++)
            ok[i] = ok[i] && read_once(&ins[i], &r[i][run]);
    for (size_t i = 0; i < n; i++) {
        if (!ok[i]) continue;
        qsort(r[i], RUNS, sizeof r[i][0], cmp);
        ins[i].med = r[i][RUNS / 2], ins[i].min = r[i][0], ins[i].max = r[i][RUNS - 1];
    }
}

static void write_inputs(void)
{
    dg_record *r = fx_records(RECORDS);
    fx_write_pcap("bench-fmt.pcap", r, RECORDS);
    fx_write_eve("bench-fmt.eve.json", r, RECORDS);
    fx_write_zeek("bench-fmt.conn.log", r, RECORDS, false);
    fx_write_zeek("bench-fmt.conn.json", r, RECORDS, true);
    fx_write_avro("bench-fmt.avro", r, RECORDS);
    free(r);
    int rc = system("gzip -c bench-fmt.pcap > bench-fmt.pcap.gz && "
                    "bzip2 -c bench-fmt.pcap > bench-fmt.pcap.bz2 && "
                    "xz -c bench-fmt.pcap > bench-fmt.pcap.xz && "
                    "zstd -q -c bench-fmt.pcap > bench-fmt.pcap.zst && "
                    "rm -rf bench-fmt-nf && mkdir bench-fmt-nf && "
                    "nfpcapd -r bench-fmt.pcap -w bench-fmt-nf >/dev/null 2>&1 && "
                    "mv bench-fmt-nf/nfcapd.* bench-fmt.nfcapd && rm -rf bench-fmt-nf");
    if (rc != 0) fprintf(stderr, "bench_formats: a tool failed (gzip/bzip2/xz/zstd/nfpcapd)\n");
}

static input inputs[] = {
    {"pcap source (baseline)", "bench-fmt.pcap", dgsrc_pcap, 0, 0, 0, 0, 0},
    {"pcap + gzip", "bench-fmt.pcap.gz", open_auto, 0, 0, 0, 0, 0},
    {"pcap + bzip2", "bench-fmt.pcap.bz2", open_auto, 0, 0, 0, 0, 0},
    {"pcap + xz", "bench-fmt.pcap.xz", open_auto, 0, 0, 0, 0, 0},
    {"pcap + zstd", "bench-fmt.pcap.zst", open_auto, 0, 0, 0, 0, 0},
    {"Suricata EVE JSON (flow events)", "bench-fmt.eve.json", dgsrc_eve, 0, 0, 0, 0, 0},
    {"Zeek conn.log TSV", "bench-fmt.conn.log", dgsrc_zeek, 0, 0, 0, 0, 0},
    {"Zeek conn.log JSON", "bench-fmt.conn.json", dgsrc_zeek, 0, 0, 0, 0, 0},
    {"nfcapd via nfdump -o json", "bench-fmt.nfcapd", dgsrc_nfdump, 0, 0, 0, 0, 0},
    {"CAIDA flowtuple Avro", "bench-fmt.avro", dgsrc_flowtuple, 0, 0, 0, 0, 0},
};
#define NINPUTS (sizeof inputs / sizeof inputs[0])

static void report(FILE *json)
{
    printf("\n%-34s %9s %10s %13s %13s %13s %7s\n", "input (one core, same traffic)", "records",
           "packets", "median rec/s", "min", "max", "ratio");
    fprintf(json, "{\"bench\":\"formats\",\"records\":%d,\"runs\":%d,\"figures\":[", RECORDS, RUNS);
    bool first = true;
    for (size_t i = 0; i < NINPUTS; i++) {
        input *in = &inputs[i];
        if (!in->med) {
            printf("%-34s %s\n", in->name, "(not measured: see above)");
            continue;
        }
        double ratio = in->med / inputs[0].med;
        printf("%-34s %9llu %10llu %13.0f %13.0f %13.0f %6.3fx\n", in->name,
               (unsigned long long)in->recs, (unsigned long long)in->pkts, in->med, in->min,
               in->max, ratio);
        fprintf(json,
                "%s{\"name\":\"%s\",\"records\":%llu,\"packets\":%llu,\"median\":%.0f,"
                "\"min\":%.0f,\"max\":%.0f,\"ratio\":%.4f}",
                first ? "" : ",", in->name, (unsigned long long)in->recs,
                (unsigned long long)in->pkts, in->med, in->min, in->max, ratio);
        first = false;
    }
    fprintf(json, "]}\n");
}

int main(int argc, char **argv)
{
    write_inputs();
    measure_all(inputs, NINPUTS);
    FILE *json = fopen(argc > 1 ? argv[1] : "bench_formats.json", "w");
    if (!json) return perror("bench_formats"), 1;
    report(json);
    fclose(json);
    for (size_t i = 0; i < NINPUTS; i++)
        remove(inputs[i].path);
    return inputs[0].med > 0 ? 0 : 1;
}
