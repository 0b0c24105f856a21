/* test_kafka.c - darkglobe-feed with Kafka, as real processes against librdkafka's mock
 * cluster (tests/kafka_mock.h: brokers speaking the real protocol over TCP), the feeds'
 * nanomsg output decoded with dgfm_decode and their --stats lines read back.
 * Usage: test_kafka PATH-TO-darkglobe-feed CASE, CASE one of
 *   cli        usage errors (exit 2, one line naming the option), no broker (exit 1)
 *   roundtrip  a synthetic feed produces to 3 partitions, a replay consumes exactly the same
 *   order      records of 3 partitions come out in feed-time order, paced, alerts in place
 *   malformed  bad messages are counted, the good ones around them all arrive
 *   seek       --start/--end: offsets for times (bisection on the mock), the exact window
 *   loop       --loop --count over a replay window; --duration
 *   resume     a consumer group stops mid-message and a new member continues to the record
 *   broker     all brokers down and back: the consumer shows it and loses nothing
 *   produce    all brokers down and back under a producing feed: nothing lost
 *   auth       --feed-key on both sides: unsigned, forged, replayed and stale are refused
 *   eve        --kafka-format eve: flows as aggregated records, alerts, skipped and bad events
 *   flowtuple  --kafka-format flowtuple: Avro containers, schema-registry framed and bare
 *              datums in three partitions; cut, foreign and garbage messages malformed */
#include "check.h"
#include "feedmsg.h"
#include "fmt_fixtures.h"
#include "kafka_mock.h"
#include "netport.h"

#include <fcntl.h>
#include <nanomsg/nn.h>
#include <nanomsg/pubsub.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define T0 1700000000000000000ull /* 2023-11-14T22:13:20Z, ns */
#define MS 1000000ull

static const char *feed_bin;
static char dir[64];
static kmock mk;

/* ---- Processes ---- */

typedef struct proc {
    pid_t pid;
    char out[128], err[128], stats[128];
} proc;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void nap(double s)
{
    struct timespec ts = {(time_t)s, (long)((s - (double)(time_t)s) * 1e9)};
    nanosleep(&ts, NULL);
}

/* Starts the feed (argv without the program) with --stats, stdout and stderr in files. */
static proc spawn(const char *name, const char *const *args)
{
    proc p;
    snprintf(p.out, sizeof p.out, "%s/%s.out", dir, name);
    snprintf(p.err, sizeof p.err, "%s/%s.err", dir, name);
    snprintf(p.stats, sizeof p.stats, "%s/%s.stats", dir, name);
    const char *argv[64] = {"darkglobe-feed", "--stats", p.stats};
    int n = 3;
    while (*args && n < 62)
        argv[n++] = *args++;
    argv[n] = NULL;
    p.pid = fork();
    if (p.pid == 0) {
        dup2(open(p.out, O_WRONLY | O_CREAT | O_TRUNC, 0600), 1);
        dup2(open(p.err, O_WRONLY | O_CREAT | O_TRUNC, 0600), 2);
        execv(feed_bin, (char *const *)argv);
        _exit(127);
    }
    return p;
}

/* Exit status, or -1 after killing it at the timeout. */
static int reap(proc *p, double timeout_s)
{
    double until = now_s() + timeout_s;
    int st;
    while (waitpid(p->pid, &st, WNOHANG) == 0) {
        if (now_s() > until) {
            kill(p->pid, SIGKILL);
            waitpid(p->pid, &st, 0);
            fprintf(stderr, "%s: killed at the timeout\n", p->err);
            return -1;
        }
        nap(0.02);
    }
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return calloc(1, 1);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = calloc(1, (size_t)n + 1);
    if (fread(buf, 1, (size_t)n, f) != (size_t)n) buf[0] = 0;
    fclose(f);
    return buf;
}

/* The last stats line (caller frees), "" before the first. */
static char *last_stats(const proc *p)
{
    char *all = slurp(p->stats);
    size_t n = strlen(all);
    while (n && all[n - 1] == '\n')
        all[--n] = 0;
    char *nl = strrchr(all, '\n');
    char *line = strdup(nl ? nl + 1 : all);
    free(all);
    return line;
}

/* A numeric member of a stats line; -1 when absent; true/false read as 1/0. */
static double stat_of(const char *line, const char *name)
{
    char key[64];
    snprintf(key, sizeof key, "\"%s\":", name);
    const char *p = strstr(line, key);
    if (!p) return -1;
    p += strlen(key);
    if (strncmp(p, "true", 4) == 0) return 1;
    if (strncmp(p, "false", 5) == 0) return 0;
    return strtod(p, NULL);
}

static double stat_now(const proc *p, const char *name)
{
    char *l = last_stats(p);
    double v = stat_of(l, name);
    free(l);
    return v;
}

/* Waits until stat name reaches want (exactly); false at the timeout. */
static bool wait_stat(const proc *p, const char *name, double want, double timeout_s)
{
    for (double until = now_s() + timeout_s; now_s() < until; nap(0.1))
        if (stat_now(p, name) == want) return true;
    fprintf(stderr, "%s: %s never reached %.0f (last %.0f)\n", p->stats, name, want,
            stat_now(p, name));
    return false;
}

static bool file_has(const char *path, const char *text)
{
    char *s = slurp(path);
    bool ok = strstr(s, text) != NULL;
    if (!ok) fprintf(stderr, "%s lacks \"%s\":\n%s\n", path, text, s);
    free(s);
    return ok;
}

/* ---- A feed's nanomsg output ---- */

typedef struct coll {
    int sock;
    dg_record *r;
    size_t n, cap, msgs, bad;
    dg_alert a[8];
    size_t na, a_at[8]; /* records received before each alert */
    double first_t, last_t;
    dgw_sensor_table names; /* record .sensor indexes this */
    dgfm_result res;
} coll;

static char *free_url(char *buf, size_t cap)
{
    snprintf(buf, cap, "tcp://127.0.0.1:%d", free_port());
    return buf;
}

static coll *coll_open(const char *url)
{
    coll *c = calloc(1, sizeof *c);
    c->sock = nn_socket(AF_SP, NN_SUB);
    int maxsz = -1, rcvbuf = 64 << 20, timeout = 20;
    nn_setsockopt(c->sock, NN_SUB, NN_SUB_SUBSCRIBE, "", 0);
    nn_setsockopt(c->sock, NN_SOL_SOCKET, NN_RCVMAXSIZE, &maxsz, sizeof maxsz);
    nn_setsockopt(c->sock, NN_SOL_SOCKET, NN_RCVBUF, &rcvbuf, sizeof rcvbuf);
    nn_setsockopt(c->sock, NN_SOL_SOCKET, NN_RCVTIMEO, &timeout, sizeof timeout);
    CHECK(nn_connect(c->sock, url) >= 0);
    return c;
}

static void coll_take(coll *c, const void *msg, size_t len)
{
    c->msgs++;
    if (!dgfm_decode(msg, len, 0, &c->res)) {
        c->bad++;
        return;
    }
    if (c->res.kind == DGFM_ALERT && c->na < 8) {
        c->a_at[c->na] = c->n;
        c->a[c->na++] = c->res.alert;
        return;
    }
    if (c->n + c->res.nrec > c->cap) {
        c->cap = 2 * (c->n + c->res.nrec);
        c->r = realloc(c->r, c->cap * sizeof *c->r);
    }
    for (size_t i = 0; i < c->res.nrec; i++) {
        dg_record r = c->res.recs[i];
        if (r.sensor != DG_SENSOR_NONE)
            r.sensor = dgw_intern_sensor(&c->names, c->res.sensors.name[r.sensor]);
        c->r[c->n++] = r;
    }
    c->last_t = now_s();
    if (!c->first_t) c->first_t = c->last_t;
}

/* Receives for about ms milliseconds. */
static void coll_poll(coll *c, int ms)
{
    for (double until = now_s() + ms / 1000.0; now_s() < until;) {
        void *msg = NULL;
        int n = nn_recv(c->sock, &msg, NN_MSG, 0);
        if (n < 0) continue;
        coll_take(c, msg, (size_t)n);
        nn_freemsg(msg);
    }
}

static void coll_close(coll *c)
{
    nn_close(c->sock);
    free(c->r);
    free(c);
}

/* Runs a feed to its end while collecting its output; returns its exit status. */
static int run_collect(proc *p, coll *c, double timeout_s)
{
    double until = now_s() + timeout_s;
    int st;
    while (waitpid(p->pid, &st, WNOHANG) == 0) {
        coll_poll(c, 50);
        if (now_s() > until) {
            kill(p->pid, SIGKILL);
            waitpid(p->pid, &st, 0);
            fprintf(stderr, "%s: killed at the timeout\n", p->err);
            return -1;
        }
    }
    coll_poll(c, 300);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static const char *sensor_of(const coll *c, const dg_record *r)
{
    return r->sensor == DG_SENSOR_NONE ? "" : c->names.name[r->sensor];
}

/* ---- Crafted records ---- */

static dg_record rec_at(uint64_t ts)
{
    dg_record r = {.ts_ns = ts, .ip_ver = 4, .proto = DG_PROTO_TCP, .sensor = DG_SENSOR_NONE};
    r.src[0] = 192, r.src[1] = 0, r.src[2] = 2, r.src[3] = (uint8_t)(ts / MS);
    r.dport = 23;
    r.have = DG_HAVE_DPORT;
    return r;
}

/* count records at T0 + (first + i*step) ms, as messages of per records to partition. */
static void produce_run(const char *topic, int partition, uint64_t first, uint64_t step,
                        size_t count, size_t per, const char *sensor, dgauth *sign)
{
    dg_record *r = calloc(per, sizeof *r);
    for (size_t i = 0; i < count; i += per) {
        size_t n = count - i < per ? count - i : per;
        for (size_t j = 0; j < n; j++) {
            r[j] = rec_at(T0 + (first + (i + j) * step) * MS);
            r[j].sensor = sensor ? 0 : DG_SENSOR_NONE;
        }
        CHECK(kmock_produce_records(&mk, topic, partition, r, n, sensor, sign));
    }
    free(r);
}

/* Every record's time as an index: (ts - T0) / ms. */
static size_t index_of(const dg_record *r)
{
    return (size_t)((r->ts_ns - T0) / MS);
}

static bool in_order(const coll *c)
{
    for (size_t i = 1; i < c->n; i++)
        if (c->r[i].ts_ns < c->r[i - 1].ts_ns) {
            fprintf(stderr, "out of order at %zu\n", i);
            return false;
        }
    return true;
}

/* ---- Cases ---- */

/* Exit 2 and one stderr line naming the option. */
static void usage_error(const char *const *args, const char *want)
{
    proc p = spawn("cli", args);
    CHECK_EQ_INT(reap(&p, 20), 2);
    char *err = slurp(p.err);
    bool ok = strstr(err, want) && strncmp(err, "darkglobe-feed: ", 16) == 0 &&
              strchr(err, '\n') == err + strlen(err) - 1;
    if (!ok) fprintf(stderr, "for \"%s\": got \"%s\"\n", want, err);
    CHECK(ok);
    free(err);
}

static void case_cli(void)
{
    const char *b = mk.bootstraps;
    usage_error((const char *[]){"--kafka-brokers", "nohost", "--kafka-topic", "t", NULL},
                "--kafka-brokers: expected HOST:PORT");
    usage_error((const char *[]){"--kafka-brokers", "h:99999", "--kafka-topic", "t", NULL},
                "--kafka-brokers");
    usage_error((const char *[]){"--kafka-brokers", b, NULL},
                "--kafka-brokers needs --kafka-topic");
    usage_error((const char *[]){"--kafka-brokers", b, "--kafka-topic", "a b", NULL},
                "--kafka-topic: expected topic names");
    usage_error((const char *[]){"--kafka-topic", "t", NULL}, "need --kafka-brokers");
    usage_error(
        (const char *[]){"--kafka-brokers", b, "--kafka-topic", "t", "--kafka-format", "xml", NULL},
        "--kafka-format: expected darkglobe, eve or flowtuple");
    usage_error((const char *[]){"--kafka-brokers", b, "--kafka-topic", "t", "--kafka-group", "g",
                                 "--start", "10", NULL},
                "--kafka-group");
    usage_error((const char *[]){"--kafka-brokers", b, "--kafka-topic", "t", "--kafka-option",
                                 "no.such.thing=1", NULL},
                "--kafka-option: No such configuration property");
    usage_error((const char *[]){"--kafka-out-brokers", b, NULL}, "--kafka-out-topic go together");
    usage_error((const char *[]){"--kafka-out-brokers", b, "--kafka-out-topic", "a,b", NULL},
                "--kafka-out-topic: expected one topic");
    usage_error((const char *[]){"--kafka-brokers", b, "--kafka-topic", "t", "--pcap", "x", NULL},
                "only one source");
    /* No broker there: a runtime error (exit 1) once the open timeout has passed. */
    char url[64], addr[64];
    free_url(url, sizeof url);
    snprintf(addr, sizeof addr, "%s", url + strlen("tcp://"));
    proc p = spawn("nobroker", (const char *[]){"--kafka-brokers", addr, "--kafka-topic", "t",
                                                "--quiet", NULL});
    CHECK_EQ_INT(reap(&p, 30), 1);
    CHECK(file_has(p.err, "cannot reach the Kafka brokers for topic t"));
    proc h = spawn("help", (const char *[]){"--help", NULL});
    CHECK_EQ_INT(reap(&h, 10), 0);
    const char *opts[] = {"--kafka-brokers", "--kafka-topic",       "--kafka-group",
                          "--kafka-format",  "--kafka-out-brokers", "--kafka-out-topic",
                          "--kafka-option"};
    for (size_t i = 0; i < sizeof opts / sizeof *opts; i++)
        CHECK(file_has(h.out, opts[i]));
}

static int cmp_rec(const void *a, const void *b)
{
    const dg_record *x = a, *y = b;
    if (x->ts_ns != y->ts_ns) return x->ts_ns < y->ts_ns ? -1 : 1;
    int c = memcmp(x->src, y->src, 16);
    if (c) return c;
    c = memcmp(x->dst, y->dst, 16);
    if (c) return c;
    if (x->sport != y->sport) return x->sport < y->sport ? -1 : 1;
    if (x->dport != y->dport) return x->dport < y->dport ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The same records with the same sensor names, in any order. */
static bool same_records(coll *a, coll *b)
{
    if (a->n != b->n) return false;
    qsort(a->r, a->n, sizeof *a->r, cmp_rec);
    qsort(b->r, b->n, sizeof *b->r, cmp_rec);
    for (size_t i = 0; i < a->n; i++)
        if (cmp_rec(&a->r[i], &b->r[i]) || strcmp(sensor_of(a, &a->r[i]), sensor_of(b, &b->r[i])) ||
            a->r[i].flags != b->r[i].flags || a->r[i].have != b->r[i].have) {
            fprintf(stderr, "records differ at %zu: ts %llu/%llu sensor %s/%s have %x/%x\n", i,
                    (unsigned long long)a->r[i].ts_ns, (unsigned long long)b->r[i].ts_ns,
                    sensor_of(a, &a->r[i]), sensor_of(b, &b->r[i]), a->r[i].have, b->r[i].have);
            return false;
        }
    return true;
}

/* Eight sensors over 203.0.113.0/24 (IPv6 records have none), in a --sensor-file. */
static const char *write_sensors(void)
{
    static char path[128];
    snprintf(path, sizeof path, "%s/sensors.conf", dir);
    FILE *f = fopen(path, "w");
    for (int i = 0; i < 8; i++)
        fprintf(f, "s%d=1,%d,203.0.113.%d/27\n", i, i + 1, 32 * i);
    fclose(f);
    return path;
}

static void case_roundtrip(void)
{
    kmock_topic(&mk, "dark", 3);
    char u1[64], u2[64];
    const char *sensors = write_sensors();
    coll *out = coll_open(free_url(u1, sizeof u1));
    proc p =
        spawn("producer", (const char *[]){"--rate", "20000", "--count", "30000", "--speed", "max",
                                           "--bind", u1, "--delay", "1", "--kafka-out-brokers",
                                           mk.bootstraps, "--kafka-out-topic", "dark", "--quiet",
                                           "--sensor-file", sensors, NULL});
    CHECK_EQ_INT(run_collect(&p, out, 60), 0);
    CHECK_EQ_INT(out->n, 30000);
    CHECK_EQ_INT(stat_now(&p, "kafka_out_pkts"), 30000);
    CHECK_EQ_INT(stat_now(&p, "kafka_out_drops"), 0);
    for (int i = 0; i < 3; i++)
        CHECK(kmock_messages(&mk, "dark", i) > 0); /* sensor keys spread over every partition */
    coll *in = coll_open(free_url(u2, sizeof u2));
    /* The consumer knows the same sensors: it names nothing the producer left unnamed. */
    proc c = spawn("consumer",
                   (const char *[]){"--kafka-brokers", mk.bootstraps, "--kafka-topic", "dark",
                                    "--start", "0", "--speed", "max", "--bind", u2, "--delay", "1",
                                    "--quiet", "--sensor-file", sensors, NULL});
    CHECK_EQ_INT(run_collect(&c, in, 60), 0);
    CHECK_EQ_INT(in->n, 30000);
    CHECK(in_order(in));
    CHECK(same_records(out, in));
    char *l = last_stats(&c);
    CHECK_EQ_INT(stat_of(l, "tx_pkts"), 30000);
    CHECK_EQ_INT(stat_of(l, "kafka_rx_pkts"), 30000);
    CHECK_EQ_INT(stat_of(l, "kafka_partitions"), 3);
    CHECK_EQ_INT(stat_of(l, "kafka_lag"), 0);
    CHECK_EQ_INT(stat_of(l, "malformed"), 0);
    CHECK_EQ_INT(stat_of(l, "kafka_connected"), 1);
    free(l);
    coll_close(out);
    coll_close(in);
}

/* Partition p holds T0 + (3i + p) ms; an alert sits in partition 1 at 1500.5 ms. */
static void produce_interleaved(dgauth *sign)
{
    kmock_topic(&mk, "tri", 3);
    for (int p = 0; p < 3; p++) {
        char name[8];
        snprintf(name, sizeof name, "s%d", p);
        produce_run("tri", p, (uint64_t)p, 3, p == 1 ? 500 : 1000, 100, name, sign);
        if (p != 1) continue;
        const char *alert = "alert {\"ts\":1700000001.5005,\"severity\":\"high\",\"title\":\"x\"}";
        CHECK(kmock_produce(&mk, "tri", 1, alert, strlen(alert), NULL, 1700000001500));
        produce_run("tri", 1, 1501, 3, 500, 100, "s1", sign);
    }
    CHECK(kmock_flush(&mk, 10000));
}

static void case_order(void)
{
    produce_interleaved(NULL);
    char u[64];
    coll *in = coll_open(free_url(u, sizeof u));
    proc c = spawn("order", (const char *[]){"--kafka-brokers", mk.bootstraps, "--kafka-topic",
                                             "tri", "--start", "0", "--speed", "2", "--bind", u,
                                             "--delay", "1", "--quiet", NULL});
    CHECK_EQ_INT(run_collect(&c, in, 60), 0);
    CHECK_EQ_INT(in->n, 3000);
    size_t wrong = 0;
    for (size_t i = 0; i < in->n; i++) {
        char want[8];
        snprintf(want, sizeof want, "s%zu", i % 3);
        bool bad = index_of(&in->r[i]) != i || strcmp(sensor_of(in, &in->r[i]), want) != 0;
        if (bad && wrong++ < 3)
            fprintf(stderr, "record %zu: at %zu ms, sensor \"%s\"\n", i, index_of(&in->r[i]),
                    sensor_of(in, &in->r[i]));
    }
    CHECK_EQ_INT(wrong, 0);
    CHECK_EQ_INT(in->na, 1);
    CHECK_EQ_INT(in->a_at[0], 1501); /* after the record at 1500 ms, before 1501 ms */
    /* 3 s of feed time at --speed 2 */
    double span = in->last_t - in->first_t;
    if (span < 1.2 || span > 2.5) fprintf(stderr, "paced span %.2f s\n", span);
    CHECK(span >= 1.2 && span <= 2.5);
    coll_close(in);
}

static void case_malformed(void)
{
    kmock_topic(&mk, "mixed", 1);
    produce_run("mixed", 0, 0, 1, 10, 10, "tokyo", NULL);
    const char *garbage = "hello",
               *pkt = "pkt [{\"ts\":1700000000.02,\"src\":\"192.0.2.1\",\"proto\":\"tcp\"},"
                      "{\"src\":\"bad\",\"proto\":\"tcp\"}]";
    const char *alert = "alert {\"ts\":1700000000.025,\"severity\":\"high\",\"title\":\"fwd\"}";
    uint8_t cut[16 + 72] = "DGPK\2\0\0\0\1\0\0\0"; /* one record announced, half of it sent */
    CHECK(kmock_produce(&mk, "mixed", 0, garbage, strlen(garbage), NULL, 1700000000011));
    CHECK(kmock_produce(&mk, "mixed", 0, cut, 16 + 36, NULL, 1700000000012));
    CHECK(kmock_produce(&mk, "mixed", 0, NULL, 0, "tombstone", 1700000000013));
    CHECK(kmock_produce(&mk, "mixed", 0, pkt, strlen(pkt), NULL, 1700000000020));
    CHECK(kmock_produce(&mk, "mixed", 0, alert, strlen(alert), NULL, 1700000000025));
    produce_run("mixed", 0, 30, 1, 10, 10, "tokyo", NULL);
    CHECK(kmock_flush(&mk, 10000));
    char u[64];
    coll *in = coll_open(free_url(u, sizeof u));
    proc c = spawn("malformed", (const char *[]){"--kafka-brokers", mk.bootstraps, "--kafka-topic",
                                                 "mixed", "--start", "0", "--speed", "max",
                                                 "--bind", u, "--delay", "1", NULL});
    CHECK_EQ_INT(run_collect(&c, in, 60), 0);
    CHECK_EQ_INT(in->n, 21);
    CHECK(in_order(in));
    CHECK_EQ_INT(in->na, 1);
    CHECK_EQ_INT(in->a_at[0], 11);
    char *l = last_stats(&c);
    CHECK_EQ_INT(stat_of(l, "malformed"), 3);
    CHECK_EQ_INT(stat_of(l, "bad_elements"), 1);
    CHECK_EQ_INT(stat_of(l, "src_errors"), 4);
    CHECK_EQ_INT(stat_of(l, "kafka_rx_msgs"), 7);
    CHECK_EQ_INT(stat_of(l, "tx_pkts"), 21);
    free(l);
    CHECK(file_has(c.err, "malformed message"));
    coll_close(in);
}

/* 20000 records T0 + i ms in 400 messages of 50, message m in partition m % 3. */
static void produce_day(const char *topic)
{
    kmock_topic(&mk, topic, 3);
    for (int m = 0; m < 400; m++)
        produce_run(topic, m % 3, (uint64_t)m * 50, 1, 50, 50, "tokyo", NULL);
    CHECK(kmock_flush(&mk, 20000));
}

static void case_seek(void)
{
    produce_day("day");
    char u[64];
    coll *in = coll_open(free_url(u, sizeof u));
    proc c = spawn("seek", (const char *[]){"--kafka-brokers", mk.bootstraps, "--kafka-topic",
                                            "day", "--start", "1700000005.0005", "--end",
                                            "2023-11-14T22:13:32Z", "--speed", "max", "--bind", u,
                                            "--delay", "1", "--quiet", NULL});
    CHECK_EQ_INT(run_collect(&c, in, 60), 0);
    CHECK_EQ_INT(in->n, 12000 - 5001);
    CHECK(in_order(in));
    if (in->n) {
        CHECK_EQ_INT(index_of(&in->r[0]), 5001);
        CHECK_EQ_INT(index_of(&in->r[in->n - 1]), 11999);
    }
    /* The partitions were positioned at the window: 140 messages hold it, and the source reads
     * ahead by at most a batch of 4096 records (82 messages). From the start of the topic the
     * same would take 264. */
    double msgs = stat_now(&c, "kafka_rx_msgs");
    if (msgs > 140 + 82 + 3) fprintf(stderr, "read %.0f messages for the window\n", msgs);
    CHECK(msgs >= 140 && msgs <= 140 + 82 + 3);
    coll_close(in);
}

static void case_loop(void)
{
    produce_interleaved(NULL);
    char u[64];
    coll *in = coll_open(free_url(u, sizeof u));
    proc c =
        spawn("loop", (const char *[]){"--kafka-brokers", mk.bootstraps, "--kafka-topic", "tri",
                                       "--start", "0", "--loop", "--count", "7500", "--speed",
                                       "max", "--bind", u, "--delay", "1", "--quiet", NULL});
    CHECK_EQ_INT(run_collect(&c, in, 60), 0);
    CHECK_EQ_INT(in->n, 7500);
    size_t wrong = 0;
    for (size_t i = 0; i < in->n; i++)
        wrong += index_of(&in->r[i]) != i % 3000;
    CHECK_EQ_INT(wrong, 0);
    CHECK_EQ_INT(in->na, 2); /* the third pass stops before its alert */
    coll_close(in);
    /* --duration: 1.5 s of feed time from the first record read. */
    coll *d = coll_open(free_url(u, sizeof u));
    proc c2 = spawn("duration", (const char *[]){"--kafka-brokers", mk.bootstraps, "--kafka-topic",
                                                 "tri", "--duration", "1.5", "--speed", "max",
                                                 "--bind", u, "--delay", "1", "--quiet", NULL});
    CHECK_EQ_INT(run_collect(&c2, d, 60), 0);
    CHECK_EQ_INT(d->n, 1500);
    CHECK(d->n && index_of(&d->r[d->n - 1]) == 1499);
    coll_close(d);
}

/* Marks each record's index in seen[]; returns how many were seen before (duplicates). */
static size_t mark(const coll *c, unsigned char *seen, size_t n)
{
    size_t dup = 0;
    for (size_t i = 0; i < c->n; i++) {
        size_t k = index_of(&c->r[i]);
        if (k < n) dup += seen[k]++ > 0;
    }
    return dup;
}

static void case_resume(void)
{
    kmock_topic(&mk, "day", 3);
    char ua[64], ub[64];
    coll *a = coll_open(free_url(ua, sizeof ua)), *b = coll_open(free_url(ub, sizeof ub));
    /* The mock cluster rebalances a group only when a member's session times out (a member
     * that left included): short sessions keep the test short. */
    const char *group[] = {"--kafka-brokers", mk.bootstraps,
                           "--kafka-topic",   "day",
                           "--kafka-group",   "walls",
                           "--speed",         "max",
                           "--kafka-option",  "session.timeout.ms=6000",
                           "--kafka-option",  "heartbeat.interval.ms=500"};
    proc pa = spawn("member-a",
                    (const char *[]){group[0], group[1], group[2], group[3], group[4], group[5],
                                     group[6], group[7], group[8], group[9], group[10], group[11],
                                     "--count", "7025", "--bind", ua, "--quiet", NULL});
    CHECK(wait_stat(&pa, "kafka_partitions", 3, 60));
    nap(1.0); /* positioned at the end of every partition */
    for (int m = 0; m < 400; m++)
        produce_run("day", m % 3, (uint64_t)m * 50, 1, 50, 50, "tokyo", NULL);
    CHECK(kmock_flush(&mk, 20000));
    CHECK_EQ_INT(run_collect(&pa, a, 60), 0);
    CHECK_EQ_INT(a->n, 7025); /* it stops inside a message: half of it is committed */
    proc pb =
        spawn("member-b", (const char *[]){group[0], group[1], group[2], group[3], group[4],
                                           group[5], group[6], group[7], group[8], group[9],
                                           group[10], group[11], "--bind", ub, "--quiet", NULL});
    for (double until = now_s() + 60; now_s() < until && stat_now(&pb, "tx_pkts") < 12975;)
        coll_poll(b, 100);
    coll_poll(b, 1500); /* nothing more may come */
    kill(pb.pid, SIGTERM);
    CHECK_EQ_INT(run_collect(&pb, b, 20), 0);
    CHECK_EQ_INT(b->n, 12975);
    unsigned char *seen = calloc(20000, 1);
    CHECK_EQ_INT(mark(a, seen, 20000) + mark(b, seen, 20000), 0);
    size_t missing = 0;
    for (size_t i = 0; i < 20000; i++)
        missing += !seen[i];
    CHECK_EQ_INT(missing, 0);
    free(seen);
    coll_close(a);
    coll_close(b);
}

/* Live records stamped now, so that a live feed at --speed 1 sends them at once. */
static void produce_now(const char *topic, uint64_t base_ms, size_t n)
{
    dg_record r[100];
    uint64_t now = (uint64_t)time(NULL) * 1000000000ull;
    for (size_t i = 0; i < n; i += 100) {
        for (size_t j = 0; j < 100; j++) {
            r[j] = rec_at(now + (base_ms + i + j) * MS);
            r[j].sensor = 0;
        }
        CHECK(kmock_produce_records(&mk, topic, (int)(i / 100 % 3), r, 100, "tokyo", NULL));
    }
}

static void case_broker(void)
{
    kmock_topic(&mk, "live", 3);
    char u[64];
    coll *in = coll_open(free_url(u, sizeof u));
    proc c = spawn("live", (const char *[]){"--kafka-brokers", mk.bootstraps, "--kafka-topic",
                                            "live", "--bind", u, "--quiet", NULL});
    CHECK(wait_stat(&c, "kafka_partitions", 3, 30));
    coll_poll(in, 1500); /* positioned at the end of every partition */
    produce_now("live", 0, 1000);
    CHECK(kmock_flush(&mk, 10000));
    for (double until = now_s() + 20; now_s() < until && in->n < 1000;)
        coll_poll(in, 100);
    CHECK_EQ_INT(in->n, 1000);
    kmock_brokers(&mk, false);
    for (double until = now_s() + 20; now_s() < until && stat_now(&c, "kafka_connected") != 0;)
        coll_poll(in, 100);
    CHECK_EQ_INT(stat_now(&c, "kafka_connected"), 0);
    produce_now("live", 1000, 1000); /* waits in the test's producer */
    coll_poll(in, 1000);
    kmock_brokers(&mk, true);
    kmock_flush(&mk, 30000); /* what arrives is checked below */
    for (double until = now_s() + 30; now_s() < until && in->n < 2000;)
        coll_poll(in, 100);
    for (double until = now_s() + 10; now_s() < until && stat_now(&c, "kafka_connected") != 1;)
        coll_poll(in, 100);
    coll_poll(in, 1000);
    kill(c.pid, SIGTERM);
    CHECK_EQ_INT(run_collect(&c, in, 20), 0);
    CHECK_EQ_INT(in->n, 2000);
    CHECK_EQ_INT(stat_now(&c, "kafka_connected"), 1);
    CHECK(stat_now(&c, "kafka_errors") > 0);
    CHECK(file_has(c.err, "kafka: brokers lost"));
    CHECK(file_has(c.err, "kafka: brokers back after"));
    coll_close(in);
}

/* Drops repeated records (sorted first); returns how many went. */
static size_t dedup(coll *c)
{
    qsort(c->r, c->n, sizeof *c->r, cmp_rec);
    size_t k = 0;
    for (size_t i = 0; i < c->n; i++)
        if (k == 0 || cmp_rec(&c->r[k - 1], &c->r[i]) != 0) c->r[k++] = c->r[i];
    size_t gone = c->n - k;
    c->n = k;
    return gone;
}

/* All brokers down and back while a feed produces: nothing is lost. The mock cluster does not
 * deduplicate an idempotent producer's retries (a broker does, by producer id and sequence),
 * so a batch in flight when the brokers went may be stored twice: extra copies of produced
 * records are tolerated here, a missing or foreign record is not. */
static void case_produce(void)
{
    kmock_topic(&mk, "site", 3);
    char u1[64], u2[64];
    coll *out = coll_open(free_url(u1, sizeof u1));
    proc p = spawn("site", (const char *[]){"--rate", "5000", "--count", "30000", "--bind", u1,
                                            "--delay", "1", "--kafka-out-brokers", mk.bootstraps,
                                            "--kafka-out-topic", "site", "--quiet", NULL});
    coll_poll(out, 3000);
    kmock_brokers(&mk, false);
    for (double until = now_s() + 10; now_s() < until && stat_now(&p, "kafka_out_connected");)
        coll_poll(out, 100);
    CHECK_EQ_INT(stat_now(&p, "kafka_out_connected"), 0);
    coll_poll(out, 1500);
    kmock_brokers(&mk, true);
    CHECK_EQ_INT(run_collect(&p, out, 60), 0);
    char *l = last_stats(&p);
    CHECK_EQ_INT(stat_of(l, "tx_pkts"), 30000);
    CHECK_EQ_INT(stat_of(l, "kafka_out_pkts"), 30000);
    CHECK_EQ_INT(stat_of(l, "kafka_out_drops"), 0);
    CHECK_EQ_INT(stat_of(l, "kafka_out_connected"), 1);
    free(l);
    coll *in = coll_open(free_url(u2, sizeof u2));
    proc c = spawn("replay", (const char *[]){"--kafka-brokers", mk.bootstraps, "--kafka-topic",
                                              "site", "--start", "0", "--speed", "max", "--bind",
                                              u2, "--delay", "1", "--quiet", NULL});
    CHECK_EQ_INT(run_collect(&c, in, 60), 0);
    CHECK_EQ_INT(out->n, 30000);
    CHECK(in->n >= 30000);
    size_t copies = dedup(in);
    if (copies) fprintf(stderr, "the mock cluster stored %zu records twice\n", copies);
    CHECK_EQ_INT(dedup(out), 0);
    CHECK(same_records(out, in));
    coll_close(out);
    coll_close(in);
}

static void write_key(const char *path, const char *secret)
{
    FILE *f = fopen(path, "w");
    fputs(secret, f);
    fclose(f);
    chmod(path, 0600);
}

/* Four bad messages in partition 0 after the feed's (an hour later): unsigned, forged,
 * replayed, stale; and one good one. */
static void produce_bad_signatures(const char *key, const char *other)
{
    char err[256];
    dgauth *good = dgauth_open(key, err, sizeof err), *bad = dgauth_open(other, err, sizeof err);
    uint64_t t = ((uint64_t)time(NULL) + 3600) * 1000000000ull;
    int64_t ms = (int64_t)(t / MS);
    dg_record r = rec_at(t);
    uint8_t buf[512];
    size_t len = dgw_encode(buf, sizeof buf, NULL, &r, 1);
    CHECK(kmock_produce(&mk, "signed", 0, buf, len, NULL, ms)); /* unsigned */
    size_t forged = dgauth_sign(bad, buf, len, t);
    CHECK(kmock_produce(&mk, "signed", 0, buf, forged, NULL, ms));
    size_t ok = dgauth_sign(good, buf, len, t);
    CHECK(kmock_produce(&mk, "signed", 0, buf, ok, NULL, ms)); /* accepted */
    CHECK(kmock_produce(&mk, "signed", 0, buf, ok, NULL, ms)); /* its replay */
    size_t stale = dgauth_sign(good, buf, len, t + 120000 * MS);
    CHECK(kmock_produce(&mk, "signed", 0, buf, stale, NULL, ms));
    CHECK(kmock_flush(&mk, 10000));
    dgauth_close(good);
    dgauth_close(bad);
}

static void case_auth(void)
{
    char key[128], other[128];
    snprintf(key, sizeof key, "%s/feed.key", dir);
    snprintf(other, sizeof other, "%s/other.key", dir);
    write_key(key, "0123456789abcdef0123456789abcdef");
    write_key(other, "fedcba9876543210fedcba9876543210");
    kmock_topic(&mk, "signed", 3);
    proc p =
        spawn("signer", (const char *[]){"--rate", "10000", "--count", "5000", "--speed", "max",
                                         "--feed-key", key, "--kafka-out-brokers", mk.bootstraps,
                                         "--kafka-out-topic", "signed", "--quiet", NULL});
    CHECK_EQ_INT(reap(&p, 60), 0);
    produce_bad_signatures(key, other);
    char u[64];
    coll *in = coll_open(free_url(u, sizeof u));
    proc c =
        spawn("verifier", (const char *[]){"--kafka-brokers", mk.bootstraps, "--kafka-topic",
                                           "signed", "--feed-key", key, "--start", "0", "--speed",
                                           "max", "--bind", u, "--delay", "1", NULL});
    CHECK_EQ_INT(run_collect(&c, in, 60), 0);
    CHECK_EQ_INT(in->n, 0); /* a viewer without the key refuses what the feed signs */
    CHECK_EQ_INT(in->bad, in->msgs);
    char *l = last_stats(&c);
    CHECK_EQ_INT(stat_of(l, "tx_pkts"), 5001);
    CHECK_EQ_INT(stat_of(l, "auth_rejected"), 4);
    free(l);
    CHECK(file_has(c.err, "message refused"));
    proc n = spawn("nokey", (const char *[]){"--kafka-brokers", mk.bootstraps, "--kafka-topic",
                                             "signed", "--start", "0", "--speed", "max", "--quiet",
                                             "--bind", u, NULL});
    CHECK_EQ_INT(reap(&n, 60), 0);
    CHECK_EQ_INT(stat_now(&n, "tx_pkts"), 1); /* the unsigned message; the rest malformed */
    CHECK(stat_now(&n, "malformed") >= 4);
    coll_close(in);
}

/* --kafka-format eve: one EVE event per message, through the EVE source's parser. */
static void case_eve(void)
{
    static const char *const events[] = {
        "{\"timestamp\":\"2017-10-31T00:00:05.000000+0000\",\"host\":\"tokyo\","
        "\"event_type\":\"flow\",\"src_ip\":\"192.0.2.1\",\"src_port\":40000,"
        "\"dest_ip\":\"203.0.113.7\",\"dest_port\":23,\"proto\":\"TCP\",\"flow\":{"
        "\"pkts_toserver\":3,\"start\":\"2017-10-31T00:00:00.250000+0000\"},"
        "\"tcp\":{\"tcp_flags_ts\":\"02\"}}",
        "{\"timestamp\":\"2017-10-31T00:00:06.000000+0000\",\"event_type\":\"alert\","
        "\"src_ip\":\"192.0.2.1\",\"src_port\":40000,\"dest_ip\":\"203.0.113.7\","
        "\"dest_port\":23,\"proto\":\"TCP\",\"alert\":{\"signature_id\":2023333,"
        "\"signature\":\"ET SCAN Mirai telnet scan\",\"severity\":1}}",
        "{\"timestamp\":\"2017-10-31T00:00:07.000000+0000\",\"event_type\":\"dns\","
        "\"src_ip\":\"192.0.2.1\",\"dest_ip\":\"203.0.113.7\",\"proto\":\"UDP\"}",
        "{not json",
        "{\"timestamp\":\"2017-10-31T00:00:59.000000+0000\",\"event_type\":\"flow\","
        "\"src_ip\":\"198.51.100.9\",\"dest_ip\":\"203.0.113.9\",\"proto\":\"ICMP\","
        "\"icmp_type\":8,\"icmp_code\":0,\"flow\":{\"pkts_toserver\":2,"
        "\"start\":\"2017-10-31T00:00:50.000000+0000\"}}"};
    kmock_topic(&mk, "eve", 1);
    for (int i = 0; i < 5; i++)
        CHECK(kmock_produce(&mk, "eve", 0, events[i], strlen(events[i]), NULL,
                            1509408000000 + 5000 + 1000 * i));
    CHECK(kmock_flush(&mk, 10000));
    char u[64];
    coll *in = coll_open(free_url(u, sizeof u));
    proc c = spawn("eve", (const char *[]){"--kafka-brokers", mk.bootstraps, "--kafka-topic", "eve",
                                           "--kafka-format", "eve", "--start", "0", "--speed",
                                           "max", "--bind", u, "--delay", "1", "--quiet", NULL});
    CHECK_EQ_INT(run_collect(&c, in, 60), 0);
    CHECK_EQ_INT(in->n, 2);
    if (in->n == 2) {
        CHECK_EQ_INT(in->r[0].pkts, 3);
        CHECK_STR_EQ(sensor_of(in, &in->r[0]), "tokyo");
        CHECK_EQ_INT(in->r[1].sport, 8); /* ICMP type */
    }
    CHECK_EQ_INT(in->na, 1);
    CHECK_EQ_INT(in->a_at[0], 1);
    CHECK_STR_EQ(in->a[0].title, "ET SCAN Mirai telnet scan");
    char *l = last_stats(&c);
    CHECK_EQ_INT(stat_of(l, "tx_pkts"), 5); /* packets: the flows stand for 3 and 2 */
    CHECK_EQ_INT(stat_of(l, "kafka_rx_pkts"), 5);
    CHECK_EQ_INT(stat_of(l, "kafka_rx_msgs"), 5);
    CHECK_EQ_INT(stat_of(l, "malformed"), 1);
    free(l);
    coll_close(in);
}

/* ---- Flowtuples ---- */

#define FT0 1509408000ll /* 2017-10-31T00:00:00Z, corsaro's interval start (s) */

/* Flowtuple i: source 192.0.2.i, i + 1 packets, a minute each; every third a lone SYN with
 * options (tcp_synlen 24) and window 1000 + i, every fifth spoofed, every seventh masscan;
 * the others UDP. */
static fx_ft ft_tuple(int i)
{
    bool syn = i % 3 == 0;
    fx_ft t = {.time = FT0 + 60 * i, .src = FX_IP(192, 0, 2, i), .dst = FX_IP(203, 0, 113, 7),
               .sport = 40000 + i, .dport = syn ? 23 : 53, .proto = syn ? 6 : 17, .ttl = 40 + i,
               .flags = syn ? 0x02 : 0, .len = syn ? 44 : 60, .synlen = syn ? 24 : 0,
               .synwin = syn ? 1000 + i : 0, .pkts = i + 1, .spoofed = i % 5 == 0,
               .masscan = i % 7 == 0, .cc = "JP"};
    return t;
}

static void produce_ft(int partition, const void *msg, size_t len, int first)
{
    CHECK(kmock_produce(&mk, "corsaro", partition, msg, len, NULL, (FT0 + 60 * first) * 1000));
}

/* Partition 0: object containers (a deflate one of three blocks, a null-codec one with a
 * port out of range), one cut, one of another schema. */
static void produce_containers(void)
{
    fx_ft t[6];
    size_t len;
    for (int i = 0; i < 6; i++)
        t[i] = ft_tuple(i);
    uint8_t *m = fx_ft_container(t, 6, 2, "deflate", &len);
    produce_ft(0, m, len, 0);
    free(m);
    t[0] = ft_tuple(6), t[1] = ft_tuple(7), t[2] = ft_tuple(8);
    t[1].dport = 70000;
    m = fx_ft_container(t, 3, 10, "null", &len);
    produce_ft(0, m, len, 6);
    produce_ft(0, m, len / 2, 8);
    free(m);
    static const char OTHER[] = "{\"type\":\"record\",\"name\":\"weather\",\"fields\":["
                                "{\"name\":\"time\",\"type\":\"long\"}]}";
    char *b = NULL;
    FILE *fp = open_memstream(&b, &len);
    avro_schema_t s = fx_schema(OTHER);
    avro_file_writer_t w;
    avro_file_writer_create_fp(fp, "mem", 0, s, &w);
    avro_value_iface_t *iface = avro_generic_class_from_schema(s);
    avro_value_t v;
    avro_generic_value_new(iface, &v);
    avro_file_writer_append_value(w, &v);
    avro_file_writer_close(w);
    fclose(fp);
    produce_ft(0, b, len, 8);
    avro_value_decref(&v);
    avro_value_iface_decref(iface);
    avro_schema_decref(s);
    free(b);
}

/* Partition 1: the schema registry's framing (0x00, schema id 7, one datum), one with a byte
 * after its datum. Partition 2: bare datums, one and three to a message, garbage, a
 * tombstone. */
static void produce_datums(void)
{
    uint8_t buf[1024] = {0, 0, 0, 0, 7};
    for (int i = 9; i < 12; i++) {
        fx_ft t = ft_tuple(i);
        produce_ft(1, buf, 5 + fx_ft_datum(&t, buf + 5, sizeof buf - 5), i);
    }
    fx_ft t = ft_tuple(12);
    size_t len = 5 + fx_ft_datum(&t, buf + 5, sizeof buf - 6);
    buf[len] = 1;
    produce_ft(1, buf, len + 1, 12);
    t = ft_tuple(12);
    produce_ft(2, buf, fx_ft_datum(&t, buf, sizeof buf), 12);
    len = 0;
    for (int i = 13; i < 16; i++) {
        t = ft_tuple(i);
        len += fx_ft_datum(&t, buf + len, sizeof buf - len);
    }
    produce_ft(2, buf, len, 13);
    produce_ft(2, "hello", 5, 16);
    CHECK(kmock_produce(&mk, "corsaro", 2, NULL, 0, "tombstone", (FT0 + 60 * 16) * 1000));
}

/* Record i as ft_tuple(i) describes it. */
static void check_ft_record(const dg_record *r, int i)
{
    fx_ft t = ft_tuple(i);
    bool syn = t.proto == 6;
    uint16_t have = DG_HAVE_DST | DG_HAVE_SPORT | DG_HAVE_DPORT | DG_HAVE_TTL | DG_HAVE_LEN |
                    (syn ? DG_HAVE_FLAGS | DG_HAVE_OPTS | DG_HAVE_WIN : 0);
    uint8_t tags = (t.spoofed ? DG_TAG_SPOOFED : 0) | (t.masscan ? DG_TAG_LARGE_SCAN : 0);
    bool ok = r->ts_ns == (uint64_t)t.time * 1000000000ull && dg_record_pkts(r) == t.pkts &&
              r->ip_ver == 4 && r->dst[0] == 203 && r->dst[3] == 7 && r->sport == t.sport &&
              r->dport == t.dport && r->proto == t.proto && r->ttl == t.ttl &&
              r->ip_len == t.len && r->have == have && r->tags == tags &&
              (!syn || (r->flags == 0x02 && r->tcp_opts && r->win == t.synwin));
    if (!ok)
        fprintf(stderr, "flowtuple %d: ts %llu pkts %u port %u ttl %u have %x/%x tags %x win %u\n",
                i, (unsigned long long)r->ts_ns, dg_record_pkts(r), r->dport, r->ttl, r->have,
                have, r->tags, r->win);
    CHECK(ok);
}

static void case_flowtuple(void)
{
    kmock_topic(&mk, "corsaro", 3);
    produce_containers();
    produce_datums();
    CHECK(kmock_flush(&mk, 10000));
    char u[64];
    coll *in = coll_open(free_url(u, sizeof u));
    proc c = spawn("flowtuple", (const char *[]){"--kafka-brokers", mk.bootstraps, "--kafka-topic",
                                                 "corsaro", "--kafka-format", "flowtuple",
                                                 "--start", "0", "--speed", "max", "--bind", u,
                                                 "--delay", "1", NULL});
    CHECK_EQ_INT(run_collect(&c, in, 60), 0);
    /* 6 + 2 from containers, 3 registry framed, 1 + 3 bare: flowtuples 0..15 but 7 */
    CHECK_EQ_INT(in->n, 15);
    CHECK(in_order(in));
    uint64_t pkts = 0;
    for (size_t k = 0; k < in->n; k++) {
        int i = in->r[k].src[3];
        CHECK(i < 16 && i != 7 && in->r[k].src[0] == 192);
        if (i < 16) check_ft_record(&in->r[k], i);
        pkts += dg_record_pkts(&in->r[k]);
    }
    CHECK_EQ_INT(pkts, 16 * 17 / 2 - 8);
    char *l = last_stats(&c);
    CHECK_EQ_INT(stat_of(l, "kafka_rx_msgs"), 12);
    CHECK_EQ_INT(stat_of(l, "kafka_rx_pkts"), 16 * 17 / 2 - 8);
    CHECK_EQ_INT(stat_of(l, "tx_pkts"), 16 * 17 / 2 - 8);
    CHECK_EQ_INT(stat_of(l, "malformed"), 5);
    CHECK_EQ_INT(stat_of(l, "bad_elements"), 1);
    free(l);
    /* the first warning; the rest fall within its second */
    CHECK(file_has(c.err, "kafka corsaro/0@1: 1 bad element(s) dropped: flowtuple: bad port"));
    coll_close(in);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: test_kafka PATH-TO-darkglobe-feed CASE\n");
        return 2;
    }
    feed_bin = argv[1];
    snprintf(dir, sizeof dir, "/tmp/test_kafka_XXXXXX");
    if (!mkdtemp(dir) || !kmock_open(&mk, 3)) return 1;
    static const struct {
        const char *name;
        void (*run)(void);
    } cases[] = {{"cli", case_cli},         {"roundtrip", case_roundtrip},
                 {"order", case_order},     {"malformed", case_malformed},
                 {"seek", case_seek},       {"loop", case_loop},
                 {"resume", case_resume},   {"broker", case_broker},
                 {"produce", case_produce}, {"auth", case_auth},
                 {"eve", case_eve},         {"flowtuple", case_flowtuple}};
    bool found = false;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        if (strcmp(argv[2], cases[i].name) == 0) {
            cases[i].run();
            found = true;
        }
    if (!found) fprintf(stderr, "test_kafka: no case %s\n", argv[2]);
    kmock_close(&mk);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (check_failures_ == 0 && system(cmd) != 0) fprintf(stderr, "cannot remove %s\n", dir);
    return found ? check_report() : 2;
}
