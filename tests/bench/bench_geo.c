/* bench_geo.c - geolocation lookups/s through the cache vs plain per-packet lookups, same run,
 * same database, over a packet stream with realistic locality (Zipf over many hosts); then the
 * cache hit rate on the synthetic feed and, when present, the Marx honeypot data set.
 * Usage: bench_geo [--db PATH] [--hosts N] [--packets N] [--zipf S] [--marx CSV.gz]
 *                  [--json OUT]   (defaults: the viewer's database search, 50000 hosts,
 *                  500000 packets, s = 1.0, the shared Marx data set beside the checkout) */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#include "source_kinds.h"
#include "geo.h"

#define RUNS 3
#define SYNTH_PACKETS 1000000

typedef struct opts {
    const char *db, *marx, *json;
    size_t hosts, packets;
    double zipf;
} opts;

typedef struct pass {
    double rate;     /* lookups per second */
    double checksum; /* sum over results, so both passes are seen to agree */
    dggeo_stats stats;
} pass;

static uint64_t splitmix(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* Distinct public IPv4 hosts, as sources reaching a darknet are. */
static uint8_t (*make_hosts(size_t n, uint64_t *rng))[4]
{
    uint8_t(*h)[4] = malloc(n * sizeof *h);
    uint8_t a[16] = {0};
    for (size_t i = 0; h && i < n;) {
        uint32_t v = (uint32_t)splitmix(rng);
        a[0] = (uint8_t)(v >> 24), a[1] = (uint8_t)(v >> 16), a[2] = (uint8_t)(v >> 8);
        a[3] = (uint8_t)v;
        if (!dggeo_is_bogon(4, a)) memcpy(h[i++], a, 4);
    }
    return h;
}

/* Packet i comes from host seq[i]; host ranks follow Zipf(s): a few scanners send most. */
static uint32_t *make_sequence(size_t hosts, size_t packets, double s, uint64_t *rng)
{
    double *cdf = malloc(hosts * sizeof *cdf), sum = 0;
    uint32_t *seq = malloc(packets * sizeof *seq);
    if (!cdf || !seq) exit(1);
    for (size_t k = 0; k < hosts; k++)
        cdf[k] = (sum += pow((double)(k + 1), -s));
    for (size_t i = 0; i < packets; i++) {
        double u = (double)(splitmix(rng) >> 11) * 0x1p-53 * sum;
        size_t lo = 0, hi = hosts - 1;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (cdf[mid] < u)
                lo = mid + 1;
            else
                hi = mid;
        }
        seq[i] = (uint32_t)lo;
    }
    free(cdf);
    return seq;
}

/* One timed pass over the stream on a fresh handle (cold cache). */
static pass run_pass(const opts *o, uint8_t (*hosts)[4], const uint32_t *seq, bool cached)
{
    dggeo_config cfg = {.paths = {o->db}, .quiet = true};
    dggeo *g = dggeo_open(&cfg);
    pass p = {0};
    uint8_t a[16] = {0};
    dggeo_result r;
    double t0 = now_s();
    for (size_t i = 0; i < o->packets; i++) {
        memcpy(a, hosts[seq[i]], 4);
        bool ok = cached ? dggeo_lookup(g, 4, a, &r) : dggeo_lookup_uncached(g, 4, a, &r);
        if (ok) p.checksum += r.lat + r.lon;
    }
    p.rate = (double)o->packets / (now_s() - t0);
    p.stats = dggeo_get_stats(g);
    dggeo_close(g);
    return p;
}

static int cmp_pass(const void *a, const void *b)
{
    double x = ((const pass *)a)->rate, y = ((const pass *)b)->rate;
    return (x > y) - (x < y);
}

static double pct(uint64_t part, uint64_t whole)
{
    return whole ? 100.0 * (double)part / (double)whole : 0.0;
}

static void print_rates(const char *what, const dggeo_stats *s)
{
    printf("%-26s cache hit rate %5.1f%%   placed %5.1f%%   bogon %4.1f%%   not found %4.1f%%\n",
           what, pct(s->cache_hits, s->cache_hits + s->cache_misses),
           pct(s->hits, s->hits + s->misses),
           pct(s->miss_by[DGGEO_MISS_BOGON], s->hits + s->misses),
           pct(s->miss_by[DGGEO_MISS_NOTFOUND], s->hits + s->misses));
}

/* The synthetic darknet feed at NICTER's 2024 mean rate (~21,700 packets/s). */
static dggeo_stats synth_rates(const opts *o)
{
    dggeo_config cfg = {.paths = {o->db}, .quiet = true};
    dggeo *g = dggeo_open(&cfg);
    dgsyn_config sc = {.rate = 21700, .seed = 1, .count = SYNTH_PACKETS};
    char err[256];
    dg_source *src = dgsrc_synthetic(&sc, err, sizeof err);
    static dg_record recs[4096];
    dggeo_result r;
    int n;
    while (src && (n = src->next(src, recs, 4096)) > 0)
        for (int i = 0; i < n; i++)
            dggeo_lookup(g, recs[i].ip_ver, recs[i].src, &r);
    if (src)
        src->close(src);
    else
        fprintf(stderr, "bench_geo: synthetic source: %s\n", err);
    dggeo_stats s = dggeo_get_stats(g);
    dggeo_close(g);
    return s;
}

/* Marx rows: datetime,host,src,...; src is the IPv4 address as an unsigned integer. */
static bool marx_rates(const opts *o, dggeo_stats *out)
{
    gzFile f = gzopen(o->marx, "rb");
    if (!f) return false;
    dggeo_config cfg = {.paths = {o->db}, .quiet = true};
    dggeo *g = dggeo_open(&cfg);
    char line[512];
    uint8_t a[16] = {0};
    dggeo_result r;
    while (gzgets(f, line, sizeof line)) {
        char *c1 = strchr(line, ','), *c2 = c1 ? strchr(c1 + 1, ',') : NULL, *end;
        unsigned long v = c2 ? strtoul(c2 + 1, &end, 10) : 0;
        if (!c2 || end == c2 + 1 || *end != ',' || v > 0xFFFFFFFFul) continue;
        a[0] = (uint8_t)(v >> 24), a[1] = (uint8_t)(v >> 16), a[2] = (uint8_t)(v >> 8);
        a[3] = (uint8_t)v;
        dggeo_lookup(g, 4, a, &r);
    }
    gzclose(f);
    *out = dggeo_get_stats(g);
    dggeo_close(g);
    return true;
}

static bool parse_args(int argc, char **argv, opts *o)
{
    for (int i = 1; i < argc; i++) {
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!v) return false;
        if (!strcmp(argv[i], "--db"))
            o->db = v;
        else if (!strcmp(argv[i], "--marx"))
            o->marx = v;
        else if (!strcmp(argv[i], "--json"))
            o->json = v;
        else if (!strcmp(argv[i], "--hosts"))
            o->hosts = strtoul(v, NULL, 10);
        else if (!strcmp(argv[i], "--packets"))
            o->packets = strtoul(v, NULL, 10);
        else if (!strcmp(argv[i], "--zipf"))
            o->zipf = strtod(v, NULL);
        else
            return false;
        i++;
    }
    return o->hosts > 0 && o->hosts < UINT32_MAX && o->packets > 0 && o->zipf >= 0;
}

/* Writes s as a JSON string body: quotes, backslashes and control bytes escaped. */
static void json_str(FILE *f, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
}

static void write_json(const opts *o, const pass *plain, const pass *cached, const char *db,
                       const dggeo_stats *syn)
{
    FILE *f = fopen(o->json, "w");
    if (!f) return perror(o->json);
    fprintf(
        f,
        "{\"bench\":\"geo\",\"runs\":%d,\"hosts\":%zu,\"packets\":%zu,\"zipf\":%.2f,"
        "\"uncached_per_s\":%.0f,\"cached_per_s\":%.0f,\"ratio\":%.3f,"
        "\"cache_hit_rate\":%.4f,\"synthetic_cache_hit_rate\":%.4f,\"database\":\"",
        RUNS, o->hosts, o->packets, o->zipf, plain->rate, cached->rate, cached->rate / plain->rate,
        pct(cached->stats.cache_hits, cached->stats.cache_hits + cached->stats.cache_misses) / 100,
        pct(syn->cache_hits, syn->cache_hits + syn->cache_misses) / 100);
    json_str(f, db);
    fputs("\"}\n", f);
    fclose(f);
}

int main(int argc, char **argv)
{
    opts o = {.hosts = 50000,
              .packets = 500000,
              .zipf = 1.0,
              .json = "bench_geo.json",
              .marx = DG_SOURCE_DATADIR "/../../shared/datasets/marx/marx.csv.gz"};
    if (!parse_args(argc, argv, &o)) {
        fprintf(stderr, "usage: bench_geo [--db PATH] [--hosts N] [--packets N] [--zipf S] "
                        "[--marx CSV.gz] [--json OUT]\n");
        return 2;
    }
    dggeo_config cfg = {.paths = {o.db}};
    dggeo *g = dggeo_open(&cfg);
    char db[sizeof "database: " + 4096];
    snprintf(db, sizeof db, "%s", dggeo_describe(g));
    dggeo_close(g);
    printf("database: %s\nstream: %zu packets from %zu IPv4 hosts, Zipf s=%.2f, cache %d entries\n",
           db, o.packets, o.hosts, o.zipf, DGGEO_DEFAULT_CACHE);
    uint64_t rng = 42;
    uint8_t(*hosts)[4] = make_hosts(o.hosts, &rng);
    uint32_t *seq = make_sequence(o.hosts, o.packets, o.zipf, &rng);
    pass plain[RUNS], cached[RUNS];
    for (int i = 0; i < RUNS; i++) { /* interleaved, so drift hits both alike */
        plain[i] = run_pass(&o, hosts, seq, false);
        cached[i] = run_pass(&o, hosts, seq, true);
    }
    if (plain[0].checksum != cached[0].checksum)
        fprintf(stderr, "bench_geo: cached and uncached results differ!\n");
    qsort(plain, RUNS, sizeof *plain, cmp_pass);
    qsort(cached, RUNS, sizeof *cached, cmp_pass);
    printf("uncached lookups/s (median of %d): %12.0f\n", RUNS, plain[RUNS / 2].rate);
    printf("cached lookups/s   (median of %d): %12.0f\n", RUNS, cached[RUNS / 2].rate);
    printf("cached / uncached: %.1fx\n", cached[RUNS / 2].rate / plain[RUNS / 2].rate);
    print_rates("Zipf stream:", &cached[RUNS / 2].stats);
    dggeo_stats syn = synth_rates(&o), marx;
    print_rates("synthetic feed (1M pkts):", &syn);
    if (marx_rates(&o, &marx))
        print_rates("Marx honeypots (451k):", &marx);
    else
        printf("Marx data set not found at %s: skipped\n", o.marx);
    write_json(&o, &plain[RUNS / 2], &cached[RUNS / 2], db, &syn);
    free(hosts);
    free(seq);
    return plain[0].checksum == cached[0].checksum ? 0 : 1;
}
