/* feed_main.c - darkglobe-feed: reads packets from a source (synthetic darknet, pcap, live
 * capture, CSV, JSON lines, recordings), paces them by their timestamps (pace.h) and
 * publishes them in batches on a nanomsg PUB socket (pub.h), optionally running the
 * detectors on them (feeddet.h); or, with --record, records a feed (recorder.h).
 * Its command line is feed_opts.h. See docs/darkglobe-feed.md.
 * Threads: single-threaded; signal handlers only set a flag (and break a live capture). */
#include "addr.h"
#include "clock.h"
#include "feeddet.h"
#include "feed_opts.h"
#include "recorder.h"
#include "kafka_in.h"
#include "kafka_out.h"
#include "pub.h"
#include "pace.h"
#include "pump.h"
#include "source_kinds.h"
#include "synth.h"
#include "timestamp.h"

#include <errno.h>
#include <math.h>
#include <nanomsg/nn.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define READ_BATCH 4096
#define MAX_IDLE_NS 2000000ull /* longest sleep, so batches still flush every ~10 ms */
#define SRC_ALERTS 4096        /* alerts a source may pass before one batch */

/* Maps the source's sensor names and the --sensor table into the one table we publish. */
typedef struct feed_labels {
    const dgs_table *sensors;
    dgw_sensor_table out;
    int nsrc;
    uint16_t src_map[DGW_MAX_SENSORS];
    uint16_t dgs_map[DGS_MAX_SENSORS];
} feed_labels;

typedef struct feed {
    feed_opts *o;
    dg_source *src;
    dgpace *sch;
    dgpub *pub;
    dgfd *det;
    dgkout *kout;
    feed_labels labels;
    FILE *stats;
    dgpump *pump; /* reads, paces and hands due runs and the source's alerts to publish() */
    uint64_t t0, last_stats, last_progress, last_pkts;
    bool progress_shown;
} feed;

static volatile sig_atomic_t g_stop;
static dg_source *volatile g_live; /* live capture to break out of on a signal */

/* ---- Source and sensor labels ---- */

/* Timestamp of the first synthetic packet: an absolute --start; the scenario's own date; or
 * the time it goes out (after --delay), so that live timestamps are live (the viewer's
 * latency figures and live windows rely on it). */
static uint64_t synthetic_start(const feed_opts *o)
{
    if (o->start.set && !o->start.offset) return o->start.ns;
    if (o->scenario) return DGSYN_MIRAI_2017_START_NS;
    return dg_wall_ns() + (uint64_t)(o->delay_s * 1e9);
}

static dg_source *open_synthetic(const feed_opts *o, char *err, size_t errcap)
{
    dgsyn_config cfg = {.rate = o->rate, .seed = o->seed, .scenario = o->scenario};
    cfg.start_ns = synthetic_start(o);
    if (o->darknet) {
        if (strlen(o->darknet) >= sizeof cfg.darknet) {
            snprintf(err, errcap, "darknet \"%s\": too long", o->darknet);
            return NULL;
        }
        snprintf(cfg.darknet, sizeof cfg.darknet, "%s", o->darknet);
    }
    return dgsrc_synthetic_sensors(&cfg, &o->sensors, err, errcap);
}

static dg_source *open_kafka(const feed_opts *o, char *err, size_t errcap)
{
    dgkin_config c = {.kafka = &o->kafka,
                      .auth = o->auth,
                      .quiet = o->quiet,
                      .stop = &g_stop,
                      .replay = feedopt_kafka_replay(o)};
    if (o->start.set && !o->start.offset) c.start_ns = o->start.ns;
    return dgkin_open(&c, err, errcap);
}

static dg_source *open_source(const feed_opts *o, char *err, size_t errcap)
{
    dg_source *s = NULL;
    switch (o->kind) {
    case SRC_SYNTH: return open_synthetic(o, err, errcap);
    case SRC_PCAP: s = dgsrc_pcap(o->path, err, errcap); break;
    case SRC_IFACE: return dgsrc_iface(o->path, o->filter, err, errcap);
    case SRC_CSV: return dgsrc_csv(o->path, o->columns, err, errcap);
    case SRC_JSON: return dgsrc_json(o->path, err, errcap);
    case SRC_REPLAY: return dgsrc_open_auto(o->path, o->columns, err, errcap);
    case SRC_EVE: return dgsrc_eve(o->path, err, errcap);
    case SRC_ZEEK: return dgsrc_zeek(o->path, err, errcap);
    case SRC_NFDUMP: return dgsrc_nfdump(o->path, err, errcap);
    case SRC_FLOWTUPLE: return dgsrc_flowtuple(o->path, err, errcap);
    case SRC_KAFKA: return open_kafka(o, err, errcap);
    }
    if (s && o->filter && !dgsrc_set_filter(s, o->filter, err, errcap)) {
        s->close(s);
        return NULL;
    }
    return s;
}

static uint16_t intern_name(dgw_sensor_table *t, const char *name)
{
    for (int i = 0; i < t->count; i++)
        if (strcmp(t->name[i], name) == 0) return (uint16_t)i;
    if (t->count >= DGW_MAX_SENSORS) return DG_SENSOR_NONE;
    snprintf(t->name[t->count], DGW_SENSOR_NAME_LEN, "%s", name);
    return (uint16_t)t->count++;
}

static void labels_init(feed_labels *l, const dgs_table *sensors)
{
    l->sensors = sensors;
    for (int i = 0; i < sensors->count; i++)
        l->dgs_map[i] = intern_name(&l->out, sensors->s[i].name);
}

/* Sources may learn sensor names while reading (JSON, recordings): map the new ones. */
static void labels_sync(feed_labels *l, const dgw_sensor_table *src)
{
    for (; l->nsrc < src->count && l->nsrc < DGW_MAX_SENSORS; l->nsrc++)
        l->src_map[l->nsrc] = intern_name(&l->out, src->name[l->nsrc]);
}

/* A record keeps the sensor its source named; otherwise its destination picks one by CIDR. */
static void label(const feed_labels *l, dg_record *r)
{
    if (r->sensor != DG_SENSOR_NONE && r->sensor < l->nsrc) {
        r->sensor = l->src_map[r->sensor];
        return;
    }
    int m = dgs_resolve(l->sensors, -1, r);
    r->sensor = m < 0 ? DG_SENSOR_NONE : l->dgs_map[m];
}

/* ---- Counters, progress ---- */

static uint64_t mono_ns(void)
{
    return dg_mono_ns();
}

/* The Kafka source's and output's counters, as JSON members (empty without Kafka). */
static void kafka_stats(const feed *f, char *buf, size_t cap)
{
    int n = f->o->kind == SRC_KAFKA ? dgkin_stats_json(f->src, buf, cap) : 0;
    if (f->kout) dgkout_stats_json(f->kout, buf + n, cap - (size_t)n);
}

static void write_stats(feed *f, uint64_t now, bool final)
{
    if (!f->stats) return;
    char kafka[1024] = "";
    kafka_stats(f, kafka, sizeof kafka);
    dgpub_stats st = dgpub_get_stats(f->pub);
    double elapsed = (double)(now - f->t0) / 1e9;
    double dt = (double)(now - f->last_stats) / 1e9;
    double rate = final ? (elapsed > 0 ? (double)st.tx_pkts / elapsed : 0)
                        : (dt > 0 ? (double)(st.tx_pkts - f->last_pkts) / dt : 0);
    fprintf(f->stats,
            "{\"elapsed_s\":%.3f,\"tx_pkts\":%llu,\"tx_msgs\":%llu,\"tx_drops\":%llu,"
            "\"tx_bytes\":%llu,\"alerts_tx\":%llu,\"src_errors\":%llu,\"rate_pps\":%.1f,"
            "\"bad_ts\":%llu,\"tx_refused\":%llu,\"alerts_dropped\":%llu%s,\"final\":%s}\n",
            elapsed, (unsigned long long)st.tx_pkts, (unsigned long long)st.tx_msgs,
            (unsigned long long)st.tx_drops, (unsigned long long)st.tx_bytes,
            (unsigned long long)st.alerts_tx, (unsigned long long)f->src->src_errors, rate,
            (unsigned long long)f->src->bad_ts, (unsigned long long)st.tx_refused,
            (unsigned long long)st.alerts_dropped, kafka, final ? "true" : "false");
    fflush(f->stats);
    f->last_stats = now;
    f->last_pkts = st.tx_pkts;
}

static void format_hms(char *buf, size_t cap, double secs)
{
    if (secs < 0 || !isfinite(secs)) secs = 0;
    unsigned s = secs > 359999 ? 359999u : (unsigned)secs; /* 99:59:59 at most */
    snprintf(buf, cap, "%02u:%02u:%02u", s / 3600, s / 60 % 60, s % 60);
}

/* Fraction done (0..1), or -1 when the end is unknown. */
static double fraction_done(const feed *f)
{
    if (f->o->count) return (double)dgpump_delivered(f->pump) / (double)f->o->count;
    uint64_t end = dgpace_end_ts(f->sch), start = dgpace_start_ts(f->sch);
    uint64_t first = dgpace_first_ts(f->sch), pos = dgpace_position(f->sch);
    if (start < first) start = first;
    if (end == UINT64_MAX || !first || end <= start) return -1;
    if (pos > end) pos = end;
    return pos > start ? (double)(pos - start) / (double)(end - start) : 0;
}

static void show_progress(feed *f, uint64_t now)
{
    double elapsed = (double)(now - f->t0) / 1e9, frac = fraction_done(f);
    uint64_t pos = dgpace_position(f->sch), first = dgpace_first_ts(f->sch);
    char at[32], eta[32] = "--:--:--", pct[16] = "";
    format_hms(at, sizeof at,
               first && pos >= first && pos != UINT64_MAX ? (double)(pos - first) / 1e9 : 0);
    if (frac > 0) {
        format_hms(eta, sizeof eta, elapsed / frac - elapsed);
        snprintf(pct, sizeof pct, "%5.1f%% ", 100 * frac);
    }
    dgpub_stats st = dgpub_get_stats(f->pub);
    fprintf(stderr, "\r" PROG ": +%s %s%llu pkts %.0f pps ETA %s \033[K", at, pct,
            (unsigned long long)st.tx_pkts, elapsed > 0 ? st.tx_pkts / elapsed : 0.0, eta);
    f->progress_shown = true;
}

static void periodic(feed *f)
{
    uint64_t now = mono_ns();
    dgpub_tick(f->pub, now);
    if (now - f->last_stats >= 1000000000ull) write_stats(f, now, false);
    if (isatty(2) && !f->o->quiet && now - f->last_progress >= 250000000ull) {
        show_progress(f, now);
        f->last_progress = now;
    }
}

/* ---- The publishing loop (dgpump: the loop the viewer's replay and demo use too) ---- */

static void on_alert(const dg_alert *a, void *user);

/* A run of due records: labelled with the published sensor table, sent, then detected (the
 * alerts follow their packets). */
static size_t publish(void *ctx, dg_record *recs, size_t n)
{
    feed *f = ctx;
    labels_sync(&f->labels, &f->src->sensors); /* sources learn names while reading */
    for (size_t i = 0; i < n; i++)
        label(&f->labels, &recs[i]);
    dgpub_add(f->pub, recs, n, mono_ns());
    if (f->det) dgfd_process(f->det, recs, n);
    return n;
}

static bool tick(void *ctx)
{
    periodic(ctx);
    return !g_stop;
}

/* Returns the exit status. */
static int run(feed *f)
{
    if (g_stop) return 0;
    int rc = dgpump_run(f->pump, MAX_IDLE_NS, tick, f);
    if (dgpump_rewind_failed(f->pump))
        fprintf(stderr, PROG ": --loop: this input cannot be rewound\n");
    return rc;
}

static void on_signal(int sig)
{
    (void)sig;
    g_stop = 1;
    if (g_live) dgsrc_break(g_live);
}

static void install_signals(void)
{
    struct sigaction sa = {0};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    signal(SIGXFSZ, SIG_IGN); /* past a file size limit a write fails (EFBIG) and is reported */
}

static void wait_delay(double secs)
{
    uint64_t until = mono_ns() + (uint64_t)(secs * 1e9);
    while (!g_stop && mono_ns() < until) {
        uint64_t left = until - mono_ns();
        struct timespec ts = {0, (long)(left > 50000000ull ? 50000000ull : left)};
        nanosleep(&ts, NULL);
    }
}

/* "-" is stdout. NULL with a reason in err. */
static FILE *open_stats(const char *path, char *err, size_t errcap)
{
    FILE *out = strcmp(path, "-") == 0 ? stdout : fopen(path, "w");
    if (!out) snprintf(err, errcap, "--stats %s: %s", path, strerror(errno));
    return out;
}

/* A raised alert: published to every display, and one line on stderr unless --quiet. */
static void on_alert(const dg_alert *a, void *user)
{
    feed *f = user;
    dgpub_alert(f->pub, a);
    if (f->o->quiet) return;
    fprintf(stderr, "%s" PROG ": alert %s %s: %s (%s)\n", f->progress_shown ? "\r\033[K" : "",
            dg_severity_name(a->severity), a->kind, a->title, a->detail);
}

static bool open_detectors(feed *f, char *err, size_t errcap)
{
    dgfd_config c = {.watchlist = f->o->watchlist, .geo_quiet = f->o->quiet};
    memcpy(c.geoip, f->o->geoip, sizeof c.geoip);
    dgd_config_defaults(&c.det);
    f->det = dgfd_open(&c, on_alert, f, err, errcap);
    if (f->det && !f->o->quiet)
        fprintf(stderr, PROG ": geolocation: %s\n", dgfd_geo_describe(f->det));
    return f->det != NULL;
}

/* The Kafka source waits inside next(): the feed keeps time meanwhile and forwards alerts. */
static void kafka_idle(void *ctx)
{
    periodic(ctx);
}

static bool open_kafka_out(feed *f, char *err, size_t errcap)
{
    dgkout_config c = {.kafka = &f->o->kafka, .auth = f->o->auth, .quiet = f->o->quiet};
    f->kout = dgkout_open(&c, err, errcap);
    f->o->pub.kafka = f->kout;
    return f->kout != NULL;
}

static bool open_outputs(feed *f, char *err, size_t errcap)
{
    if (f->o->kafka.out_brokers && !open_kafka_out(f, err, errcap)) return false;
    f->o->pub.auth = f->o->auth;
    f->pub = dgpub_open(&f->o->pub, &f->labels.out, err, errcap);
    if (!f->pub) return false;
    return !f->o->detect || open_detectors(f, err, errcap);
}

/* Alerts the source passes (recordings, EVE) go out like raised ones, before their batch. */
static void source_alert(void *ctx, const dg_alert *a)
{
    on_alert(a, ctx);
}

static bool open_pump(feed *f, char *err, size_t errcap)
{
    dgpump_config c = {.src = f->src,
                       .pace = f->sch,
                       .count = f->o->count,
                       .loop = f->o->loop,
                       .batch = READ_BATCH,
                       .alerts = SRC_ALERTS,
                       .sink = {.records = publish, .alert = source_alert, .ctx = f}};
    f->pump = dgpump_create(&c);
    if (!f->pump) snprintf(err, errcap, "out of memory");
    return f->pump != NULL;
}

/* Live capture needs privileges: name the way out when it fails without them. */
static dg_source *open_input(const feed_opts *o, char *err, size_t errcap)
{
    dg_source *s = open_source(o, err, errcap);
    if (!s && o->kind == SRC_IFACE && geteuid() != 0) {
        size_t len = strlen(err);
        snprintf(
            err + len, errcap - len,
            " (or start as root and add --user NAME to drop privileges once the capture is open)");
    }
    if (s && o->user && !dgsrc_drop_privileges(o->user, err, errcap)) {
        s->close(s);
        return NULL;
    }
    return s;
}

/* Opens everything; returns 0, or the exit status with a reason in err: 2 for a file the
 * options name that cannot be read as what it should be (the input, --stats), 1 for what
 * fails at run time (a capture, a socket). */
static int setup(feed *f, char *err, size_t errcap)
{
    f->src = open_input(f->o, err, errcap);
    if (!f->src) /* a capture or a broker fails at run time; a file named is the user's */
        return f->o->kind == SRC_IFACE || f->o->kind == SRC_SYNTH || f->o->kind == SRC_KAFKA ? 1
                                                                                               : 2;
    if (f->o->stats_path && !(f->stats = open_stats(f->o->stats_path, err, errcap))) return 2;
    if (f->o->kind == SRC_IFACE) g_live = f->src;
    if (f->o->kind == SRC_KAFKA)
        dgkin_set_hooks(f->src, &(dgkin_hooks){.idle = kafka_idle, .alert = on_alert, .ctx = f});
    if (f->o->sensors.count == 0) dgs_add_defaults(&f->o->sensors);
    labels_init(&f->labels, &f->o->sensors);
    labels_sync(&f->labels, &f->src->sensors);
    f->sch = dgpace_create(f->o->speed, dgpace_monotonic_ns, NULL);
    if (!f->sch) {
        snprintf(err, errcap, "out of memory");
        return 1;
    }
    dgpace_set_window(f->sch, f->o->start, f->o->end);
    return open_outputs(f, err, errcap) && open_pump(f, err, errcap) ? 0 : 1;
}

static void teardown(feed *f)
{
    if (f->det && f->pub) dgfd_finish(f->det);
    dgfd_close(f->det);
    if (f->pub) {
        dgpub_flush(f->pub);
        if (f->kout) dgkout_finish(f->kout, 10000);
        write_stats(f, mono_ns(), true);
        dgpub_close(f->pub);
    }
    dgkout_close(f->kout);
    if (f->progress_shown) fputc('\n', stderr);
    if (f->stats && f->stats != stdout) fclose(f->stats);
    g_live = NULL;
    if (f->pump && f->o->kind == SRC_KAFKA) dgkin_handled(f->src, dgpump_batch_done(f->pump));
    dgpump_destroy(f->pump);
    if (f->src) f->src->close(f->src);
    dgpace_destroy(f->sch);
}

/* ---- Recorder mode (--connect URL --record FILE) ---- */

static void recorder_stats(FILE *out, const dgrecorder_stats *st, double elapsed, bool final)
{
    fprintf(out,
            "{\"elapsed_s\":%.3f,\"rx_msgs\":%llu,\"rx_pkts\":%llu,\"malformed\":%llu,"
            "\"auth_rejected\":%llu,\"recorded\":%llu,\"write_errors\":%llu,"
            "\"lost_msgs\":%llu,\"final\":%s}\n",
            elapsed, (unsigned long long)st->rx_msgs, (unsigned long long)st->rx_pkts,
            (unsigned long long)st->malformed, (unsigned long long)st->auth_rejected,
            (unsigned long long)st->recorded, (unsigned long long)st->write_errors,
            (unsigned long long)st->lost_msgs, final ? "true" : "false");
    fflush(out);
}

/* Records until SIGINT/SIGTERM or a write error; returns the exit status. */
static int record_loop(dgrecorder *r, FILE *stats)
{
    uint64_t t0 = mono_ns(), last = t0;
    int rc = 0;
    while (!g_stop && !rc) {
        if (!dgrecorder_poll(r, 100)) {
            fprintf(stderr, PROG ": receive failed: %s\n", nn_strerror(nn_errno()));
            return 1;
        }
        if (dgrecorder_failed(r)) rc = 1; /* the writer said why; the final line says how much */
        if (stats && mono_ns() - last >= 1000000000ull) {
            dgrecorder_stats st = dgrecorder_get_stats(r);
            recorder_stats(stats, &st, (double)((last = mono_ns()) - t0) / 1e9, false);
        }
    }
    if (!rc && !dgrecorder_sync(r)) rc = 1; /* the final line counts what is in the file */
    dgrecorder_stats st = dgrecorder_get_stats(r);
    recorder_stats(stats ? stats : stderr, &st, (double)(mono_ns() - t0) / 1e9, true);
    return rc;
}

static int run_recorder(feed_opts *o)
{
    char err[512] = "";
    FILE *stats = NULL;
    dgrecorder_config c = {.urls = o->pub.connect,
                     .nurls = o->pub.nconnect,
                     .path = o->record,
                     .append = o->append,
                     .auth = o->auth};
    if (o->stats_path && !(stats = open_stats(o->stats_path, err, sizeof err))) {
        fprintf(stderr, PROG ": %s\n", err);
        return 2;
    }
    dgrecorder *r = dgrecorder_open(&c, err, sizeof err);
    int rc = r ? record_loop(r, stats) : 1;
    if (!r) fprintf(stderr, PROG ": %s\n", err);
    if (r && !dgrecorder_close(r) && rc == 0) {
        fprintf(stderr, PROG ": %s: write error\n", o->record);
        rc = 1;
    }
    if (stats && stats != stdout) fclose(stats);
    return rc;
}

/* Publishes until the input ends, --count, the window's end or a signal. */
static int run_feed(feed_opts *o)
{
    feed *f = calloc(1, sizeof *f);
    if (!f) return 1;
    f->o = o;
    char err[512] = "";
    int rc = setup(f, err, sizeof err);
    if (rc == 0) {
        wait_delay(o->delay_s);
        f->t0 = f->last_stats = f->last_progress = mono_ns();
        rc = run(f);
    } else if (g_stop) {
        rc = 0; /* a signal broke off the opening (e.g. reading an idle stdin): as asked */
    } else {
        fprintf(stderr, PROG ": %s\n", err);
    }
    teardown(f);
    free(f);
    return rc;
}

int main(int argc, char **argv)
{
    static feed_opts o = {.rate = 1000, .seed = 1, .speed = 1.0, .kind = SRC_SYNTH};
    o.pub.linger_ms = 300;
    feedopt_parse(&o, argc, argv);
    install_signals();
    int rc = o.record ? run_recorder(&o) : run_feed(&o);
    dgauth_close(o.auth);
    dgwl_free(o.watchlist);
    return rc;
}
