/* feed_main.c - darkglobe-feed: reads packets from a source (synthetic darknet, pcap, live
 * capture, CSV, JSON lines, recordings), paces them by their timestamps (pace.h) and
 * publishes them in batches on a nanomsg PUB socket (pub.h), optionally running the
 * detectors on them (feeddet.h); or, with --record, records a feed (feedrec.h).
 * See docs/darkglobe-feed.md.
 * Threads: single-threaded; signal handlers only set a flag (and break a live capture). */
#include "addr.h"
#include "feeddet.h"
#include "feedrec.h"
#include "kafka_in.h"
#include "kafka_out.h"
#include "pub.h"
#include "pace.h"
#include "pump.h"
#include "sources.h"
#include "synth.h"
#include "timestamp.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <nanomsg/nn.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define PROG "darkglobe-feed"
#define READ_BATCH 4096
#define MAX_IDLE_NS 2000000ull /* longest sleep, so batches still flush every ~10 ms */
#define SRC_ALERTS 4096        /* alerts a source may pass before one batch */

enum src_kind { SRC_SYNTH, SRC_PCAP, SRC_IFACE, SRC_CSV, SRC_JSON, SRC_REPLAY,
                SRC_EVE, SRC_ZEEK, SRC_NFDUMP, SRC_FLOWTUPLE, SRC_KAFKA };

typedef struct feed_opts {
    dgpub_config pub;
    double delay_s;
    const char *stats_path;
    enum src_kind kind;
    int nkinds;
    const char *path; /* file, "-" or interface */
    const char *filter, *columns;
    double rate;
    uint64_t count;
    double duration;
    uint64_t seed;
    const char *darknet, *scenario;
    dgs_table sensors;
    double speed;
    bool speed_set;
    bool loop, quiet;
    dgpace_time start, end;
    bool detect;
    dgwl_list *watchlist;
    const char *geoip[DGGEO_MAX_PATHS];
    int ngeoip;
    const char *feed_key, *record, *user;
    dgauth *auth; /* --feed-key, opened while the options are read */
    bool append;
    dgkconf kafka;
} feed_opts;

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

/* ---- Command line ---- */

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: " PROG " [OPTIONS]\n"
            "Publishes darknet packets on a nanomsg PUB socket for the darkglobe viewer.\n\n"
            "Transport:\n"
            "  -b, --bind URL         bind the PUB socket to URL (repeatable;\n"
            "                         default " DGPUB_DEFAULT_URL " when no --connect)\n"
            "  -c, --connect URL      connect the PUB socket to URL (repeatable)\n"
            "      --format F         binary | json (default binary)\n"
            "      --delay SEC        wait SEC seconds before the first packet so subscribers\n"
            "                         can connect (default 0)\n"
            "      --feed-key FILE    sign every message with this pre-shared key (viewers\n"
            "                         verify with the same --feed-key); with --record: record\n"
            "                         only messages that verify\n\n"
            "Detectors:\n"
            "      --detect           run the alert detectors on everything published and\n"
            "                         publish each alert (\"alert {json}\") on the same socket\n"
            "      --watchlist FILE   organisations' address ranges (needs --detect)\n"
            "      --geoip PATH       geolocation database or directory, tried before the\n"
            "                         default search (repeatable, up to 4; needs --detect)\n\n"
            "Recorder (instead of publishing):\n"
            "      --record FILE      subscribe to the --connect URLs and record everything\n"
            "                         received (packets, alerts) with receive times\n"
            "      --append           add to an existing recording instead of replacing it\n\n"
            "Source (one of; default --synthetic):\n"
            "      --synthetic        synthetic darknet traffic\n"
            "      --pcap FILE|-      pcap/pcapng file, or stdin (plain, gzip, bzip2, xz, zstd)\n"
            "      --iface IF         live capture on interface IF\n"
            "      --filter BPF       BPF filter for --pcap/--iface\n"
            "      --user NAME        with --iface: switch to user NAME once the capture is open\n"
            "      --csv FILE         CSV event log (plain or gzip)\n"
            "      --columns MAP      CSV column map (default: Marx layout)\n"
            "      --json FILE|-      JSON lines of \"pkt\" objects (plain or gzip), or stdin\n"
            "      --eve FILE|-       Suricata EVE JSON: flow events as packets, alerts as alerts\n"
            "      --zeek FILE|-      Zeek conn.log, TSV (with its #fields header) or JSON\n"
            "      --nfdump FILE      NetFlow/IPFIX nfcapd file, read through nfdump\n"
            "      --flowtuple FILE   CAIDA corsaro flowtuple Avro file\n"
            "      --replay FILE      any of the above (pcap/pcapng also gzip, bzip2, xz or zstd\n"
            "                         compressed) or a darkglobe recording, by content\n"
            "      --kafka-brokers HOST:PORT[,...]  consume Kafka (see Kafka below)\n\n"
            "Synthetic source:\n"
            "  -r, --rate PPS         packets per second of source time (default 1000)\n"
            "      --seed N           random seed (default 1)\n"
            "      --darknet CIDR     destination IPv4 prefix (default 203.0.113.0/24)\n"
            "      --scenario NAME    mirai-2017-jp: 52869/tcp exploitation, then a surge of\n"
            "                         Mirai-fingerprinted Japanese sources on 23/tcp, dated\n"
            "                         2017-10-31T09:00:00Z unless an absolute --start\n\n"
            "Sensors:\n"
            "      --sensor NAME=LAT,LON[,CIDR...]  a sensor and the darknet CIDRs it watches\n"
            "                         (repeatable; replaces the demo sensors tokyo, okinawa,\n"
            "                         sapporo on 203.0.113.0/24)\n"
            "      --sensor-file FILE one sensor spec per line ('#' comments)\n\n"
            "Replay control:\n"
            "  -n, --count N          stop after N packets (default: no limit)\n"
            "  -d, --duration SEC     stop after SEC seconds of source time (default: no limit)\n"
            "      --speed X|max      source seconds per wall second, 0.01..100000, or max\n"
            "                         for no pacing (default 1)\n"
            "      --loop             start over at the end of the input (or window)\n"
            "      --start TIME       skip packets before TIME (synthetic source: an absolute\n"
            "                         TIME is its first packet's; default now)\n"
            "      --end TIME         stop at TIME\n"
            "                         TIME: an offset from the first packet (SEC, +SEC, MM:SS,\n"
            "                         HH:MM:SS) or absolute (epoch seconds >= 1e9, or\n"
            "                         YYYY-MM-DDTHH:MM:SS[.frac][Z], UTC)\n\n"
            "Kafka (docs/kafka.md):\n"
            "      --kafka-brokers HOST:PORT[,...]  source: the feed's messages from Kafka,\n"
            "                         in feed-time order across partitions: live from the end\n"
            "                         (unpaced unless --speed), or with --start/--end/--loop\n"
            "                         a paced replay of what the topics hold\n"
            "      --kafka-topic NAME[,NAME...]  topics to read (needs --kafka-brokers)\n"
            "      --kafka-group ID   join consumer group ID: share the partitions, resume\n"
            "                         from the committed positions (no --start/--end/--loop)\n"
            "      --kafka-format F   darkglobe (DGPK, pkt, alert messages; default) or eve\n"
            "                         (one Suricata EVE JSON event per message)\n"
            "      --kafka-out-brokers HOST:PORT[,...]  also produce what the feed publishes\n"
            "                         to Kafka (instead of nanomsg when no --bind/--connect)\n"
            "      --kafka-out-topic NAME  topic to produce to (DGPK batches keyed by sensor)\n"
            "      --kafka-option KEY=VALUE  librdkafka setting for both (repeatable), e.g.\n"
            "                         security.protocol=ssl\n\n"
            "Output:\n"
            "      --stats PATH|-     JSON line of counters every second and at exit\n"
            "  -q, --quiet            no progress line on stderr\n"
            "  -h, --help             this help\n\n"
            "Exit status: 0 done (also on SIGINT/SIGTERM), 1 runtime error, 2 bad usage.\n");
}

static _Noreturn void die_usage(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs(PROG ": ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(2);
}

static double parse_number(const char *opt, const char *text, double lo, double hi,
                           const char *what)
{
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (end == text || *end || errno || !isfinite(v) || v < lo || v > hi)
        die_usage("--%s: expected %s, got \"%s\"", opt, what, text);
    return v;
}

static uint64_t parse_count(const char *opt, const char *text)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (end == text || *end || errno || text[0] == '-')
        die_usage("--%s: expected a non-negative integer, got \"%s\"", opt, text);
    return v;
}

/* "HH:MM:SS", "MM:SS" or seconds: an offset in ns; false if not of that form. Minutes and
 * seconds after a colon are below 60 ("1:99" is no time); the first part is unbounded. */
static bool parse_offset(const char *text, uint64_t *ns)
{
    double parts[3];
    int n = 0;
    const char *p = text;
    for (;;) {
        char *end;
        errno = 0;
        if (n == 3) return false;
        parts[n++] = strtod(p, &end);
        if (end == p || errno || !(parts[n - 1] >= 0)) return false;
        if (n > 1 && !(parts[n - 1] < 60)) return false;
        if (*end == 0) break;
        if (*end != ':') return false;
        p = end + 1;
    }
    double secs = 0;
    for (int i = 0; i < n; i++)
        secs = secs * 60 + parts[i];
    if (!isfinite(secs) || secs > 1e11) return false;
    *ns = (uint64_t)(secs * 1e9 + 0.5);
    return true;
}

static dgpace_time parse_time(const char *opt, const char *text)
{
    dgpace_time t = {.set = true};
    const char *p = text[0] == '+' ? text + 1 : text;
    dgtm_status iso = dgtm_parse_utc(text, &t.ns);
    if (iso == DGTM_OK) return t;
    if (iso == DGTM_RANGE)
        die_usage("--%s: no such time \"%s\" (not on the calendar, or before 1970 or past 2262)",
                  opt, text);
    if (parse_offset(p, &t.ns)) {
        /* A bare number that large can only be an epoch time. */
        t.offset = text[0] == '+' || strchr(text, ':') || t.ns < 1000000000ull * 1000000000ull;
        return t;
    }
    die_usage("--%s: expected an offset (SEC, +SEC, MM:SS, HH:MM:SS; minutes and seconds "
              "below 60) or a time (epoch seconds, YYYY-MM-DDTHH:MM:SS[Z]), got \"%s\"",
              opt, text);
}

static void set_source(feed_opts *o, enum src_kind kind, const char *path)
{
    if (o->nkinds && o->kind != kind) die_usage("only one source may be given");
    o->nkinds = 1;
    o->kind = kind;
    o->path = path;
}

static void add_endpoint(const char **list, int *n, const char *url, const char *opt)
{
    char err[512];
    if (*n >= DGPUB_MAX_ENDPOINTS) die_usage("--%s: at most %d URLs", opt, DGPUB_MAX_ENDPOINTS);
    if (!dg_addr_check_url(url, strcmp(opt, "bind") == 0, err, sizeof err))
        die_usage("--%s: %s", opt, err);
    list[(*n)++] = url;
}

static void parse_sensor(feed_opts *o, const char *opt, const char *arg, bool file)
{
    char err[256] = "";
    bool ok = file ? dgs_load_file(&o->sensors, arg, err, sizeof err)
                   : dgs_add_spec(&o->sensors, arg, err, sizeof err);
    if (!ok) die_usage("--%s: %s", opt, err);
}

enum {
    OPT_DELAY = 256,
    OPT_STATS,
    OPT_FORMAT,
    OPT_SYNTH,
    OPT_SEED,
    OPT_DARKNET,
    OPT_SENSOR,
    OPT_SENSOR_FILE,
    OPT_SCENARIO,
    OPT_SPEED,
    OPT_LOOP,
    OPT_START,
    OPT_END,
    OPT_PCAP,
    OPT_IFACE,
    OPT_FILTER,
    OPT_CSV,
    OPT_COLUMNS,
    OPT_JSON,
    OPT_REPLAY,
    OPT_DETECT,
    OPT_WATCHLIST,
    OPT_GEOIP,
    OPT_FEED_KEY,
    OPT_RECORD,
    OPT_APPEND,
    OPT_USER,
    OPT_EVE,
    OPT_ZEEK,
    OPT_NFDUMP,
    OPT_FLOWTUPLE,
    OPT_KAFKA_BROKERS,
    OPT_KAFKA_TOPIC,
    OPT_KAFKA_GROUP,
    OPT_KAFKA_FORMAT,
    OPT_KAFKA_OUT_BROKERS,
    OPT_KAFKA_OUT_TOPIC,
    OPT_KAFKA_OPTION
};

static const struct option long_opts[] = {
    {"help", no_argument, 0, 'h'},
    {"bind", required_argument, 0, 'b'},
    {"connect", required_argument, 0, 'c'},
    {"delay", required_argument, 0, OPT_DELAY},
    {"stats", required_argument, 0, OPT_STATS},
    {"format", required_argument, 0, OPT_FORMAT},
    {"synthetic", no_argument, 0, OPT_SYNTH},
    {"rate", required_argument, 0, 'r'},
    {"count", required_argument, 0, 'n'},
    {"duration", required_argument, 0, 'd'},
    {"seed", required_argument, 0, OPT_SEED},
    {"darknet", required_argument, 0, OPT_DARKNET},
    {"sensor", required_argument, 0, OPT_SENSOR},
    {"sensor-file", required_argument, 0, OPT_SENSOR_FILE},
    {"scenario", required_argument, 0, OPT_SCENARIO},
    {"speed", required_argument, 0, OPT_SPEED},
    {"loop", no_argument, 0, OPT_LOOP},
    {"start", required_argument, 0, OPT_START},
    {"end", required_argument, 0, OPT_END},
    {"quiet", no_argument, 0, 'q'},
    {"pcap", required_argument, 0, OPT_PCAP},
    {"iface", required_argument, 0, OPT_IFACE},
    {"filter", required_argument, 0, OPT_FILTER},
    {"csv", required_argument, 0, OPT_CSV},
    {"columns", required_argument, 0, OPT_COLUMNS},
    {"json", required_argument, 0, OPT_JSON},
    {"replay", required_argument, 0, OPT_REPLAY},
    {"detect", no_argument, 0, OPT_DETECT},
    {"watchlist", required_argument, 0, OPT_WATCHLIST},
    {"geoip", required_argument, 0, OPT_GEOIP},
    {"feed-key", required_argument, 0, OPT_FEED_KEY},
    {"record", required_argument, 0, OPT_RECORD},
    {"append", no_argument, 0, OPT_APPEND},
    {"user", required_argument, 0, OPT_USER},
    {"eve", required_argument, 0, OPT_EVE},
    {"zeek", required_argument, 0, OPT_ZEEK},
    {"nfdump", required_argument, 0, OPT_NFDUMP},
    {"flowtuple", required_argument, 0, OPT_FLOWTUPLE},
    {"kafka-brokers", required_argument, 0, OPT_KAFKA_BROKERS},
    {"kafka-topic", required_argument, 0, OPT_KAFKA_TOPIC},
    {"kafka-group", required_argument, 0, OPT_KAFKA_GROUP},
    {"kafka-format", required_argument, 0, OPT_KAFKA_FORMAT},
    {"kafka-out-brokers", required_argument, 0, OPT_KAFKA_OUT_BROKERS},
    {"kafka-out-topic", required_argument, 0, OPT_KAFKA_OUT_TOPIC},
    {"kafka-option", required_argument, 0, OPT_KAFKA_OPTION},
    {0, 0, 0, 0},
};

static void parse_speed(feed_opts *o, const char *arg)
{
    o->speed_set = true;
    if (strcmp(arg, "max") == 0)
        o->speed = DGSCH_SPEED_MAX;
    else
        o->speed = parse_number("speed", arg, DGSCH_SPEED_MIN_VALUE, DGSCH_SPEED_MAX_VALUE,
                                "a number from 0.01 to 100000 or \"max\"");
}

/* A bad watchlist is a usage error naming the place: "file:line: reason". */
static void load_watchlist(feed_opts *o, const char *path)
{
    char err[512];
    dgwl_free(o->watchlist);
    o->watchlist = dgwl_load(path, err, sizeof err);
    if (!o->watchlist) die_usage("--watchlist: %s", err);
}

/* A database named on the command line must open: no silent fallback to another one. */
static void add_geoip(feed_opts *o, const char *path)
{
    char err[512];
    if (o->ngeoip == DGGEO_MAX_PATHS) die_usage("--geoip: at most %d paths", DGGEO_MAX_PATHS);
    if (!dggeo_check_path(path, err, sizeof err)) die_usage("--geoip: %s", err);
    o->geoip[o->ngeoip++] = path;
}

/* The synthetic darknet: an IPv4 network a.b.c.d/n, n >= 8, without host bits. */
static void set_darknet(feed_opts *o, const char *arg)
{
    char err[256];
    dgs_cidr c;
    if (!dgs_parse_network(arg, &c, err, sizeof err) || c.ip_ver != 4 || c.prefix < 8)
        die_usage("--darknet: expected an IPv4 network a.b.c.d/n with n >= 8, got \"%s\"%s%s", arg,
                  err[0] ? ": " : "", err);
    o->darknet = arg;
}

/* Values only known to be bad once every option is read. */
static void check_values(feed_opts *o)
{
    char err[512];
    errno = 0;
    if (o->user && !getpwnam(o->user))
        die_usage("--user: no such user \"%s\"%s%s", o->user, errno ? ": " : "",
                  errno ? strerror(errno) : "");
    if (o->feed_key && !(o->auth = dgauth_open(o->feed_key, err, sizeof err)))
        die_usage("--feed-key: %s", err);
}

/* Options of detection, authentication and recording. */
static bool parse_extra(feed_opts *o, int c, const char *arg)
{
    switch (c) {
    case OPT_DETECT: o->detect = true; break;
    case OPT_WATCHLIST: load_watchlist(o, arg); break;
    case OPT_GEOIP: add_geoip(o, arg); break;
    case OPT_FEED_KEY: o->feed_key = arg; break;
    case OPT_RECORD: o->record = arg; break;
    case OPT_APPEND: o->append = true; break;
    case OPT_USER: o->user = arg; break;
    default: return false;
    }
    return true;
}

/* The operators' formats (formats.h): one option each. */
static bool parse_format(feed_opts *o, int c, const char *arg)
{
    switch (c) {
    case OPT_EVE: set_source(o, SRC_EVE, arg); break;
    case OPT_ZEEK: set_source(o, SRC_ZEEK, arg); break;
    case OPT_NFDUMP: set_source(o, SRC_NFDUMP, arg); break;
    case OPT_FLOWTUPLE: set_source(o, SRC_FLOWTUPLE, arg); break;
    default: return false;
    }
    return true;
}

/* A Kafka option's value, checked; a bad one is a usage error naming the option. */
static const char *kafka_arg(const char *opt, const char *arg,
                             bool (*check)(const char *, char *, size_t))
{
    char err[512];
    if (!check(arg, err, sizeof err)) die_usage("--%s: %s", opt, err);
    return arg;
}

static bool check_topic(const char *t, char *err, size_t errcap)
{
    return dgkconf_check_topics(t, true, err, errcap);
}

static bool check_topics(const char *t, char *err, size_t errcap)
{
    return dgkconf_check_topics(t, false, err, errcap);
}

/* Options of the Kafka source and output (kafka_in.h, kafka_out.h). */
static bool parse_kafka(feed_opts *o, int c, const char *arg)
{
    dgkconf *k = &o->kafka;
    char err[512];
    switch (c) {
    case OPT_KAFKA_BROKERS:
        set_source(o, SRC_KAFKA, kafka_arg("kafka-brokers", arg, dgkconf_check_brokers));
        k->brokers = arg;
        break;
    case OPT_KAFKA_TOPIC: k->topics = kafka_arg("kafka-topic", arg, check_topics); break;
    case OPT_KAFKA_GROUP: k->group = kafka_arg("kafka-group", arg, dgkconf_check_group); break;
    case OPT_KAFKA_FORMAT:
        if (!dgkconf_parse_format(arg, &k->format, err, sizeof err))
            die_usage("--kafka-format: %s", err);
        break;
    case OPT_KAFKA_OUT_BROKERS:
        k->out_brokers = kafka_arg("kafka-out-brokers", arg, dgkconf_check_brokers);
        break;
    case OPT_KAFKA_OUT_TOPIC: k->out_topic = kafka_arg("kafka-out-topic", arg, check_topic); break;
    case OPT_KAFKA_OPTION:
        if (k->noptions == DGKCONF_MAX_OPTIONS)
            die_usage("--kafka-option: at most %d settings", DGKCONF_MAX_OPTIONS);
        k->options[k->noptions++] = kafka_arg("kafka-option", arg, dgkconf_check_option);
        break;
    default: return false;
    }
    return true;
}

/* A file named by a format option must be of that format: anything else is a usage error
 * naming the option (a file that cannot be read is left to the source: exit 1). */
static void check_format_file(const feed_opts *o)
{
    static const struct {
        enum src_kind kind;
        dgfmt_kind fmt;
        const char *opt;
    } opts[] = {{SRC_EVE, DGFMT_EVE, "eve"},
                {SRC_ZEEK, DGFMT_ZEEK, "zeek"},
                {SRC_NFDUMP, DGFMT_NFCAPD, "nfdump"},
                {SRC_FLOWTUPLE, DGFMT_FLOWTUPLE, "flowtuple"}};
    char err[512];
    for (size_t i = 0; i < sizeof opts / sizeof opts[0]; i++)
        if (o->kind == opts[i].kind && strcmp(o->path, "-") != 0 &&
            !dgfmt_check(o->path, opts[i].fmt, err, sizeof err))
            die_usage("--%s: %s", opts[i].opt, err);
}

static void parse_one(feed_opts *o, int c, const char *arg)
{
    if (parse_extra(o, c, arg) || parse_format(o, c, arg) || parse_kafka(o, c, arg)) return;
    switch (c) {
    case 'h': usage(stdout); exit(0);
    case 'b': add_endpoint(o->pub.bind, &o->pub.nbind, arg, "bind"); break;
    case 'c': add_endpoint(o->pub.connect, &o->pub.nconnect, arg, "connect"); break;
    case OPT_DELAY: o->delay_s = parse_number("delay", arg, 0, 3600, "seconds (0..3600)"); break;
    case OPT_STATS: o->stats_path = arg; break;
    case OPT_FORMAT:
        if (!dgpub_parse_format(arg, &o->pub.format))
            die_usage("--format: expected binary or json, got \"%s\"", arg);
        break;
    case OPT_SYNTH: set_source(o, SRC_SYNTH, NULL); break;
    case 'r': o->rate = parse_number("rate", arg, 1e-3, 1e9, "a positive number"); break;
    case 'n': o->count = parse_count("count", arg); break;
    case 'd': o->duration = parse_number("duration", arg, 1e-9, 1e9, "positive seconds"); break;
    case OPT_SEED: o->seed = parse_count("seed", arg); break;
    case OPT_DARKNET: set_darknet(o, arg); break;
    case OPT_SENSOR: parse_sensor(o, "sensor", arg, false); break;
    case OPT_SENSOR_FILE: parse_sensor(o, "sensor-file", arg, true); break;
    case OPT_SCENARIO: o->scenario = arg; break;
    case OPT_SPEED: parse_speed(o, arg); break;
    case OPT_LOOP: o->loop = true; break;
    case OPT_START: o->start = parse_time("start", arg); break;
    case OPT_END: o->end = parse_time("end", arg); break;
    case 'q': o->quiet = true; break;
    case OPT_PCAP: set_source(o, SRC_PCAP, arg); break;
    case OPT_IFACE: set_source(o, SRC_IFACE, arg); break;
    case OPT_FILTER: o->filter = arg; break;
    case OPT_CSV: set_source(o, SRC_CSV, arg); break;
    case OPT_COLUMNS: o->columns = arg; break;
    case OPT_JSON: set_source(o, SRC_JSON, arg); break;
    case OPT_REPLAY: set_source(o, SRC_REPLAY, arg); break;
    default: die_usage("try --help");
    }
}

/* --duration is a window of source time after --start (or after the first packet). */
static void apply_duration(feed_opts *o)
{
    if (o->duration <= 0) return;
    if (o->end.set) die_usage("--duration and --end cannot be combined");
    o->end = o->start.set ? o->start : (dgpace_time){.set = true, .offset = true};
    o->end.ns += (uint64_t)(o->duration * 1e9 + 0.5);
}

static void check_kafka(const feed_opts *o)
{
    const dgkconf *k = &o->kafka;
    if (k->brokers && !k->topics) die_usage("--kafka-brokers needs --kafka-topic");
    if (!k->brokers && (k->topics || k->group || k->format))
        die_usage("--kafka-topic, --kafka-group and --kafka-format need --kafka-brokers");
    if (!k->out_brokers != !k->out_topic)
        die_usage("--kafka-out-brokers and --kafka-out-topic go together");
    if (k->noptions && !k->brokers && !k->out_brokers)
        die_usage("--kafka-option needs --kafka-brokers or --kafka-out-brokers");
    if (k->group && (o->start.set || o->end.set || o->loop))
        die_usage("--kafka-group resumes from the group's committed positions: it takes no "
                  "--start, --end, --duration or --loop");
    if (o->record && (k->brokers || k->out_brokers))
        die_usage("--record takes no --kafka-brokers or --kafka-out-brokers");
}

/* Kafka with a window or --loop replays what the topics hold; without, it is live. */
static bool kafka_replay(const feed_opts *o)
{
    return o->start.set || o->end.set || o->loop;
}

/* Live Kafka records carry live times: unpaced unless --speed says otherwise, so that a group
 * member resuming a backlog catches up instead of staying behind by it. */
static void kafka_defaults(feed_opts *o)
{
    if (o->kind == SRC_KAFKA && !kafka_replay(o) && !o->speed_set) o->speed = DGSCH_SPEED_MAX;
}

static void check_combinations(const feed_opts *o)
{
    check_kafka(o);
    if (o->filter && o->kind != SRC_PCAP && o->kind != SRC_IFACE)
        die_usage("--filter needs --pcap or --iface");
    if (o->columns && o->kind != SRC_CSV && o->kind != SRC_REPLAY)
        die_usage("--columns needs --csv or --replay");
    if (o->kind != SRC_SYNTH && (o->scenario || o->darknet))
        die_usage("--scenario and --darknet apply to the synthetic source only");
    if (o->start.set && o->end.set && o->start.offset == o->end.offset && o->end.ns <= o->start.ns)
        die_usage("--end must be after --start");
    if ((o->watchlist || o->ngeoip) && !o->detect)
        die_usage("--watchlist and --geoip need --detect");
    if (o->user && o->kind != SRC_IFACE) die_usage("--user needs --iface");
    if (o->append && !o->record) die_usage("--append needs --record");
    if (o->record && (o->pub.nconnect == 0 || o->pub.nbind || o->detect))
        die_usage("--record needs --connect URL (the feed to record) and takes no --bind or "
                  "--detect");
}

static void parse_args(feed_opts *o, int argc, char **argv)
{
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":hb:c:r:n:d:q", long_opts, NULL)) != -1) {
        if (c == '?') die_usage("unknown option \"%s\" (try --help)", argv[optind - 1]);
        if (c == ':') die_usage("option \"%s\" needs a value", argv[optind - 1]);
        parse_one(o, c, optarg);
    }
    if (optind < argc) die_usage("unexpected argument \"%s\" (try --help)", argv[optind]);
    apply_duration(o);
    check_combinations(o);
    check_format_file(o);
    check_values(o);
    kafka_defaults(o);
}

/* ---- Source and sensor labels ---- */

/* Timestamp of the first synthetic packet: an absolute --start; the scenario's own date; or
 * the time it goes out (after --delay), so that live timestamps are live (the viewer's
 * latency figures and live windows rely on it). */
static uint64_t synthetic_start(const feed_opts *o)
{
    if (o->start.set && !o->start.offset) return o->start.ns;
    if (o->scenario) return DGSYN_MIRAI_2017_START_NS;
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    return (uint64_t)now.tv_sec * 1000000000ull + (uint64_t)now.tv_nsec +
           (uint64_t)(o->delay_s * 1e9);
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
                      .replay = kafka_replay(o)};
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
    int m = dg_record_has(r, DG_HAVE_DST) ? dgs_match(l->sensors, r->ip_ver, r->dst) : -1;
    r->sensor = m < 0 ? DG_SENSOR_NONE : l->dgs_map[m];
}

/* ---- Counters, progress ---- */

static uint64_t mono_ns(void)
{
    return dgpace_monotonic_ns(NULL);
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

static void recorder_stats(FILE *out, const dgfr_stats *st, double elapsed, bool final)
{
    fprintf(out,
            "{\"elapsed_s\":%.3f,\"rx_msgs\":%llu,\"rx_pkts\":%llu,\"malformed\":%llu,"
            "\"auth_rejected\":%llu,\"recorded\":%llu,\"write_errors\":%llu,\"final\":%s}\n",
            elapsed, (unsigned long long)st->rx_msgs, (unsigned long long)st->rx_pkts,
            (unsigned long long)st->malformed, (unsigned long long)st->auth_rejected,
            (unsigned long long)st->recorded, (unsigned long long)st->write_errors,
            final ? "true" : "false");
    fflush(out);
}

/* Records until SIGINT/SIGTERM or a write error; returns the exit status. */
static int record_loop(dgfr *r, FILE *stats)
{
    uint64_t t0 = mono_ns(), last = t0;
    int rc = 0;
    while (!g_stop && !rc) {
        if (!dgfr_poll(r, 100)) {
            fprintf(stderr, PROG ": receive failed: %s\n", nn_strerror(nn_errno()));
            return 1;
        }
        if (dgfr_failed(r)) rc = 1; /* the writer said why; the final line says how much */
        if (stats && mono_ns() - last >= 1000000000ull) {
            dgfr_stats st = dgfr_get_stats(r);
            recorder_stats(stats, &st, (double)((last = mono_ns()) - t0) / 1e9, false);
        }
    }
    if (!rc && !dgfr_sync(r)) rc = 1; /* the final line counts what is in the file */
    dgfr_stats st = dgfr_get_stats(r);
    recorder_stats(stats ? stats : stderr, &st, (double)(mono_ns() - t0) / 1e9, true);
    return rc;
}

static int run_recorder(feed_opts *o)
{
    char err[512] = "";
    FILE *stats = NULL;
    dgfr_config c = {.urls = o->pub.connect,
                     .nurls = o->pub.nconnect,
                     .path = o->record,
                     .append = o->append,
                     .auth = o->auth};
    if (o->stats_path && !(stats = open_stats(o->stats_path, err, sizeof err))) {
        fprintf(stderr, PROG ": %s\n", err);
        return 2;
    }
    dgfr *r = dgfr_open(&c, err, sizeof err);
    int rc = r ? record_loop(r, stats) : 1;
    if (!r) fprintf(stderr, PROG ": %s\n", err);
    if (r && !dgfr_close(r) && rc == 0) {
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
    parse_args(&o, argc, argv);
    install_signals();
    int rc = o.record ? run_recorder(&o) : run_feed(&o);
    dgauth_close(o.auth);
    dgwl_free(o.watchlist);
    return rc;
}
