/* feed_opts.c - see feed_opts.h. */
#include "feed_opts.h"

#include "addr.h"
#include "cliopts.h"
#include "timestamp.h"

#include <errno.h>
#include <math.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Every option's key for set_option, the shared ones (cliopts.h) included. */
enum {
    K_HELP = 1,
    K_BIND,
    K_CONNECT,
    K_FORMAT,
    K_DELAY,
    K_FEED_KEY,
    K_DETECT,
    K_WATCHLIST,
    K_GEOIP,
    K_RECORD,
    K_APPEND,
    K_SYNTH,
    K_PCAP,
    K_IFACE,
    K_BPF,
    K_USER,
    K_CSV,
    K_COLUMNS,
    K_JSON,
    K_EVE,
    K_ZEEK,
    K_NFDUMP,
    K_FLOWTUPLE,
    K_REPLAY,
    K_RATE,
    K_SEED,
    K_DARKNET,
    K_SCENARIO,
    K_SENSOR,
    K_SENSOR_FILE,
    K_COUNT,
    K_DURATION,
    K_SPEED,
    K_LOOP,
    K_START,
    K_END,
    K_KAFKA_BROKERS,
    K_KAFKA_TOPIC,
    K_KAFKA_GROUP,
    K_KAFKA_FORMAT,
    K_KAFKA_OUT_BROKERS,
    K_KAFKA_OUT_TOPIC,
    K_KAFKA_OPTION,
    K_STATS,
    K_QUIET
};

#define OWN(...) (&(const dgopt_spec){__VA_ARGS__})
#define STR(n, mv, h) OWN(.name = n, .kind = DGOPT_STRING, .metavar = mv, .help = h)
#define FLAG(n, h) OWN(.name = n, .kind = DGOPT_FLAG, .help = h)

#define S_TRANSPORT "Transport"
#define S_DETECT "Detectors"
#define S_RECORD "Recorder (instead of publishing)"
#define S_SOURCE "Source (one of; default --synthetic; Kafka: see below)"
#define S_SYNTH "Synthetic source"
#define S_SENSORS "Sensors"
#define S_REPLAY "Replay control"
#define S_KAFKA "Kafka (docs/kafka.md)"
#define S_OUTPUT "Output"

static const dgopt_entry entries[] = {
    {OWN(.name = "bind", .letter = 'b', .kind = DGOPT_LIST, .metavar = "URL",
         .help = "bind the PUB socket to URL (repeatable;\ndefault " DGPUB_DEFAULT_URL
                 " when no --connect)"),
     .key = K_BIND, .section = S_TRANSPORT},
    {&dgcli_connect, .key = K_CONNECT, .section = S_TRANSPORT,
     .note = "the feed connects its PUB socket there (with --record:\nsubscribes to the feed to "
             "record)"},
    {STR("format", "F", "binary | json (default binary)"), .key = K_FORMAT, .section = S_TRANSPORT},
    {OWN(.name = "delay", .kind = DGOPT_DOUBLE, .min = 0, .max = 3600, .metavar = "SEC",
         .expect = "seconds (0..3600)",
         .help = "wait SEC seconds before the first packet so subscribers\ncan connect "
                 "(default 0)"),
     .key = K_DELAY, .section = S_TRANSPORT},
    {&dgcli_feed_key, .key = K_FEED_KEY, .section = S_TRANSPORT,
     .note = "with --record: records only messages that verify"},
    {FLAG("detect", "run the alert detectors on everything published and\npublish each alert "
                    "(\"alert {json}\") on the same socket"),
     .key = K_DETECT, .section = S_DETECT},
    {&dgcli_watchlist, .key = K_WATCHLIST, .section = S_DETECT, .note = "(needs --detect)"},
    {&dgcli_geoip, .key = K_GEOIP, .section = S_DETECT,
     .note = "(repeatable, up to 4; needs --detect)"},
    {&dgcli_record, .key = K_RECORD, .section = S_RECORD,
     .note = "(subscribing to the --connect URLs)"},
    {FLAG("append", "add to an existing recording instead of replacing it"), .key = K_APPEND,
     .section = S_RECORD},
    {FLAG("synthetic", "synthetic darknet traffic"), .key = K_SYNTH, .section = S_SOURCE},
    {STR("pcap", "FILE|-", "pcap/pcapng file, or stdin (plain, gzip, bzip2, xz, zstd)"),
     .key = K_PCAP, .section = S_SOURCE},
    {STR("iface", "IF", "live capture on interface IF"), .key = K_IFACE, .section = S_SOURCE},
    {OWN(.name = "bpf", .alias = "filter", .kind = DGOPT_STRING, .metavar = "BPF",
         .help = "BPF capture filter for --pcap/--iface"),
     .key = K_BPF, .section = S_SOURCE},
    {STR("user", "NAME", "with --iface: switch to user NAME once the capture is open"),
     .key = K_USER, .section = S_SOURCE},
    {STR("csv", "FILE", "CSV event log (plain or gzip)"), .key = K_CSV, .section = S_SOURCE},
    {&dgcli_columns, .key = K_COLUMNS, .section = S_SOURCE, .note = "(with --csv or --replay)"},
    {STR("json", "FILE|-", "JSON lines of \"pkt\" objects (plain or gzip), or stdin"),
     .key = K_JSON, .section = S_SOURCE},
    {STR("eve", "FILE|-", "Suricata EVE JSON: flow events as packets, alerts as alerts"),
     .key = K_EVE, .section = S_SOURCE},
    {STR("zeek", "FILE|-", "Zeek conn.log, TSV (with its #fields header) or JSON"), .key = K_ZEEK,
     .section = S_SOURCE},
    {STR("nfdump", "FILE", "NetFlow/IPFIX nfcapd file, read through nfdump"), .key = K_NFDUMP,
     .section = S_SOURCE},
    {STR("flowtuple", "FILE", "CAIDA corsaro flowtuple Avro file"), .key = K_FLOWTUPLE,
     .section = S_SOURCE},
    {&dgcli_replay, .key = K_REPLAY, .section = S_SOURCE, .note = "(any of the above)"},
    {&dgcli_rate, .key = K_RATE, .section = S_SYNTH},
    {&dgcli_seed, .key = K_SEED, .section = S_SYNTH},
    {STR("darknet", "CIDR", "destination IPv4 prefix (default 203.0.113.0/24)"), .key = K_DARKNET,
     .section = S_SYNTH},
    {STR("scenario", "NAME",
         "mirai-2017-jp: 52869/tcp exploitation, then a surge of\nMirai-fingerprinted Japanese "
         "sources on 23/tcp, dated\n2017-10-31T09:00:00Z unless an absolute --start"),
     .key = K_SCENARIO, .section = S_SYNTH},
    {&dgcli_sensor, .key = K_SENSOR, .section = S_SENSORS},
    {&dgcli_sensor_file, .key = K_SENSOR_FILE, .section = S_SENSORS},
    {OWN(.name = "count", .letter = 'n', .kind = DGOPT_INT, .min = 0, .max = 9.2e18, .metavar = "N",
         .expect = "a non-negative integer", .help = "stop after N packets (default: no limit)"),
     .key = K_COUNT, .section = S_REPLAY},
    {&dgcli_duration, .key = K_DURATION, .section = S_REPLAY,
     .note = "of source time, after --start or the first packet"},
    {&dgcli_speed, .key = K_SPEED, .section = S_REPLAY},
    {FLAG("loop", "start over at the end of the input (or window)"), .key = K_LOOP,
     .section = S_REPLAY},
    {STR("start", "TIME",
         "skip packets before TIME (synthetic source: an absolute\nTIME is its first packet's; "
         "default now)"),
     .key = K_START, .section = S_REPLAY},
    {STR("end", "TIME",
         "stop at TIME\nTIME: an offset from the first packet (SEC, +SEC, MM:SS,\nHH:MM:SS) or "
         "absolute (epoch seconds >= 1e9, or\nYYYY-MM-DDTHH:MM:SS[.frac][Z], UTC)"),
     .key = K_END, .section = S_REPLAY},
    {STR("kafka-brokers", "HOST:PORT[,...]",
         "source: the feed's messages from Kafka,\nin feed-time order across partitions: live "
         "from the end\n(unpaced unless --speed), or with --start/--end/--loop\na paced replay "
         "of what the topics hold"),
     .key = K_KAFKA_BROKERS, .section = S_KAFKA},
    {STR("kafka-topic", "NAME[,NAME...]", "topics to read (needs --kafka-brokers)"),
     .key = K_KAFKA_TOPIC, .section = S_KAFKA},
    {STR("kafka-group", "ID",
         "join consumer group ID: share the partitions, resume\nfrom the committed positions "
         "(no --start/--end/--loop)"),
     .key = K_KAFKA_GROUP, .section = S_KAFKA},
    {STR("kafka-format", "F",
         "darkglobe (DGPK, pkt, alert messages; default), eve\n(one Suricata EVE JSON event "
         "per message) or flowtuple\n(corsaro flowtuples in Avro: containers, schema-registry\n"
         "framed or bare datums)"),
     .key = K_KAFKA_FORMAT, .section = S_KAFKA},
    {STR("kafka-out-brokers", "HOST:PORT[,...]",
         "also produce what the feed publishes\nto Kafka (instead of nanomsg when no "
         "--bind/--connect)"),
     .key = K_KAFKA_OUT_BROKERS, .section = S_KAFKA},
    {STR("kafka-out-topic", "NAME", "topic to produce to (DGPK batches keyed by sensor)"),
     .key = K_KAFKA_OUT_TOPIC, .section = S_KAFKA},
    {OWN(.name = "kafka-option", .kind = DGOPT_LIST, .metavar = "KEY=VALUE",
         .help = "librdkafka setting for both (repeatable), e.g.\nsecurity.protocol=ssl"),
     .key = K_KAFKA_OPTION, .section = S_KAFKA},
    {&dgcli_stats, .key = K_STATS, .section = S_OUTPUT},
    {&dgcli_quiet, .key = K_QUIET, .section = S_OUTPUT},
    {&dgcli_help, .key = K_HELP, .section = S_OUTPUT},
};

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
    dg_cidr c;
    if (!dg_cidr_parse_network(arg, &c, NULL, err, sizeof err) || c.ip_ver != 4 || c.prefix < 8)
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

/* Live Kafka records carry live times: unpaced unless --speed says otherwise, so that a group
 * member resuming a backlog catches up instead of staying behind by it. */
static void kafka_defaults(feed_opts *o)
{
    if (o->kind == SRC_KAFKA && !feedopt_kafka_replay(o) && !o->speed_set)
        o->speed = DGSCH_SPEED_MAX;
}

static const dgopt_table table = {PROG, entries, sizeof entries / sizeof entries[0]};

const dgopt_table *feedopt_table(void)
{
    return &table;
}

bool feedopt_kafka_replay(const feed_opts *o)
{
    return o->start.set || o->end.set || o->loop;
}

/* The defaults of the shared options, which the shared help cannot name. */
static const char *default_text(void *ctx, const dgopt_entry *e, char *buf, size_t cap)
{
    (void)ctx;
    buf[0] = 0;
    if (e->key == K_RATE) snprintf(buf, cap, "1000");
    if (e->key == K_SEED || e->key == K_SPEED) snprintf(buf, cap, "1");
    return buf;
}

static void usage(FILE *out)
{
    fprintf(out, "Usage: " PROG " [OPTIONS]\n"
                 "Publishes darknet packets on a nanomsg PUB socket for the darkglobe viewer.\n");
    dgopt_print_help(out, &table, &(dgopt_layout){.width = 22, .default_text = default_text});
    fprintf(out, "\nExit status: 0 done (also on SIGINT/SIGTERM), 1 runtime error, 2 bad usage.\n");
}

/* Options of the transport, detection, authentication and recording. */
static bool parse_extra(feed_opts *o, int key, const dgopt_val *v)
{
    const char *arg = v->text;
    switch (key) {
    case K_BIND: add_endpoint(o->pub.bind, &o->pub.nbind, arg, "bind"); break;
    case K_CONNECT: add_endpoint(o->pub.connect, &o->pub.nconnect, arg, "connect"); break;
    case K_FORMAT:
        if (!dgpub_parse_format(arg, &o->pub.format))
            die_usage("--format: expected binary or json, got \"%s\"", arg);
        break;
    case K_DELAY: o->delay_s = v->num; break;
    case K_DETECT: o->detect = true; break;
    case K_WATCHLIST: load_watchlist(o, arg); break;
    case K_GEOIP: add_geoip(o, arg); break;
    case K_FEED_KEY: o->feed_key = arg; break;
    case K_RECORD: o->record = arg; break;
    case K_APPEND: o->append = true; break;
    case K_USER: o->user = arg; break;
    case K_STATS: o->stats_path = arg; break;
    case K_QUIET: o->quiet = true; break;
    default: return false;
    }
    return true;
}

/* The sources: one option each. */
static bool parse_source(feed_opts *o, int key, const char *arg)
{
    switch (key) {
    case K_SYNTH: set_source(o, SRC_SYNTH, NULL); break;
    case K_PCAP: set_source(o, SRC_PCAP, arg); break;
    case K_IFACE: set_source(o, SRC_IFACE, arg); break;
    case K_CSV: set_source(o, SRC_CSV, arg); break;
    case K_JSON: set_source(o, SRC_JSON, arg); break;
    case K_REPLAY: set_source(o, SRC_REPLAY, arg); break;
    case K_EVE: set_source(o, SRC_EVE, arg); break;
    case K_ZEEK: set_source(o, SRC_ZEEK, arg); break;
    case K_NFDUMP: set_source(o, SRC_NFDUMP, arg); break;
    case K_FLOWTUPLE: set_source(o, SRC_FLOWTUPLE, arg); break;
    default: return false;
    }
    return true;
}

/* Options of the Kafka source and output (kafka_in.h, kafka_out.h). */
static bool parse_kafka(feed_opts *o, int key, const char *arg)
{
    dgkconf *k = &o->kafka;
    char err[512];
    switch (key) {
    case K_KAFKA_BROKERS:
        set_source(o, SRC_KAFKA, kafka_arg("kafka-brokers", arg, dgkconf_check_brokers));
        k->brokers = arg;
        break;
    case K_KAFKA_TOPIC: k->topics = kafka_arg("kafka-topic", arg, check_topics); break;
    case K_KAFKA_GROUP: k->group = kafka_arg("kafka-group", arg, dgkconf_check_group); break;
    case K_KAFKA_FORMAT:
        if (!dgkconf_parse_format(arg, &k->format, err, sizeof err))
            die_usage("--kafka-format: %s", err);
        break;
    case K_KAFKA_OUT_BROKERS:
        k->out_brokers = kafka_arg("kafka-out-brokers", arg, dgkconf_check_brokers);
        break;
    case K_KAFKA_OUT_TOPIC: k->out_topic = kafka_arg("kafka-out-topic", arg, check_topic); break;
    case K_KAFKA_OPTION:
        if (k->noptions == DGKCONF_MAX_OPTIONS)
            die_usage("--kafka-option: at most %d settings", DGKCONF_MAX_OPTIONS);
        k->options[k->noptions++] = kafka_arg("kafka-option", arg, dgkconf_check_option);
        break;
    default: return false;
    }
    return true;
}

/* The setter of dgopt_parse: values come checked against their spec (numbers, ranges); what
 * only the feed knows is checked here, a bad value exiting 2 with its message. */
static int set_option(void *ctx, const dgopt_entry *e, const dgopt_val *v, char *err, size_t cap)
{
    feed_opts *o = ctx;
    const char *arg = v->text;
    (void)err, (void)cap;
    if (parse_extra(o, e->key, v) || parse_source(o, e->key, arg) || parse_kafka(o, e->key, arg))
        return 0;
    switch (e->key) {
    case K_HELP: return 1;
    case K_RATE: o->rate = v->num; break;
    case K_COUNT: o->count = (uint64_t)v->i; break;
    case K_DURATION: o->duration = v->num; break;
    case K_SEED: o->seed = (uint64_t)v->i; break;
    case K_DARKNET: set_darknet(o, arg); break;
    case K_SENSOR: parse_sensor(o, "sensor", arg, false); break;
    case K_SENSOR_FILE: parse_sensor(o, "sensor-file", arg, true); break;
    case K_SCENARIO: o->scenario = arg; break;
    case K_SPEED:
        o->speed = v->num; /* "max" is DGSCH_SPEED_MAX: the spec's word_value */
        o->speed_set = true;
        break;
    case K_LOOP: o->loop = true; break;
    case K_START: o->start = parse_time("start", arg); break;
    case K_END: o->end = parse_time("end", arg); break;
    case K_BPF: o->filter = arg; break;
    case K_COLUMNS: o->columns = arg; break;
    }
    return 0;
}

static void check_combinations(const feed_opts *o)
{
    check_kafka(o);
    if (o->filter && o->kind != SRC_PCAP && o->kind != SRC_IFACE)
        die_usage("--bpf needs --pcap or --iface");
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

void feedopt_parse(feed_opts *o, int argc, char **argv)
{
    int rc = dgopt_parse(&table, argc, argv, set_option, o);
    if (rc == 1) {
        usage(stdout);
        exit(0);
    }
    if (rc) exit(2);
    apply_duration(o);
    check_combinations(o);
    check_format_file(o);
    check_values(o);
    kafka_defaults(o);
}
