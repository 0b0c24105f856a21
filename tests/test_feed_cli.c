/* test_feed_cli.c - darkglobe-feed as a program: --help, usage errors (exit 2 with a one-line
 * message), and end to end over TCP loopback to a real nanomsg SUB socket decoded with
 * dgfm_decode, in binary and JSON form, with --stats output and SIGTERM handling; --detect
 * (alerts on the socket), --feed-key (verified by dgauth and by the viewer's ingest) and the
 * --record recorder read back from the file.
 * Usage: test_feed_cli PATH-TO-darkglobe-feed GEOIP.mmdb */
#include "check.h"
#include "netport.h"
#include "feedmsg.h"
#include "jsonfeed.h"
#include "netthread.h"
#include "recording.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <nanomsg/nn.h>
#include <nanomsg/pubsub.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *feed_bin;
static char out_path[64], err_path[64];

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

/* Starts the feed with stdout/stderr into files; returns the pid. */
static pid_t spawn(char *const argv[])
{
    pid_t pid = fork();
    if (pid == 0) {
        int o = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        int e = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        dup2(o, 1);
        dup2(e, 2);
        execv(feed_bin, argv);
        _exit(127);
    }
    return pid;
}

static int wait_exit(pid_t pid)
{
    int st;
    if (waitpid(pid, &st, 0) != pid) return -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static int run(char *const argv[])
{
    return wait_exit(spawn(argv));
}

static void test_help(void)
{
    char *argv[] = {"darkglobe-feed", "--help", NULL};
    CHECK_EQ_INT(run(argv), 0);
    char *out = slurp(out_path);
    const char *opts[] = {"--bind",        "--connect",   "--delay",
                          "--stats",       "--format",    "--synthetic",
                          "--rate",        "--count",     "--duration",
                          "--seed",        "--darknet",   "--sensor",
                          "--sensor-file", "--scenario",  "--speed",
                          "--loop",        "--start",     "--end",
                          "--quiet",       "--pcap",      "--iface",
                          "--filter",      "--csv",       "--columns",
                          "--json",        "--replay",    "tcp://127.0.0.1:5556",
                          "--detect",      "--watchlist", "--geoip",
                          "--feed-key",    "--record",    "--append",
                          "--user"};
    for (size_t i = 0; i < sizeof opts / sizeof opts[0]; i++) {
        if (!strstr(out, opts[i])) fprintf(stderr, "help lacks %s\n", opts[i]);
        CHECK(strstr(out, opts[i]) != NULL);
    }
    free(out);
}

/* Exit 2 and exactly one stderr line containing want. */
static void expect_usage_error(char *const argv[], const char *want)
{
    CHECK_EQ_INT(run(argv), 2);
    char *err = slurp(err_path);
    bool ok = strstr(err, want) && strncmp(err, "darkglobe-feed: ", 16) == 0 &&
              strchr(err, '\n') == err + strlen(err) - 1;
    if (!ok) fprintf(stderr, "for \"%s\": got \"%s\"\n", want, err);
    CHECK(ok);
    free(err);
}

static void test_usage_errors(void)
{
    expect_usage_error((char *[]){"f", "--rate", "abc", NULL},
                       "--rate: expected a positive number, got \"abc\"");
    expect_usage_error((char *[]){"f", "--rate", "-5", NULL}, "--rate");
    expect_usage_error((char *[]){"f", "--bogus", NULL}, "unknown option \"--bogus\"");
    expect_usage_error((char *[]){"f", "--format", "xml", NULL}, "--format");
    expect_usage_error((char *[]){"f", "--speed", "0", NULL}, "--speed");
    expect_usage_error((char *[]){"f", "--speed", "fast", NULL}, "--speed");
    expect_usage_error((char *[]){"f", "--count", "1e3x", NULL}, "--count");
    expect_usage_error((char *[]){"f", "--start", "yesterday", NULL}, "--start");
    expect_usage_error((char *[]){"f", "--sensor", "tokyo=999,0", NULL}, "--sensor");
    expect_usage_error((char *[]){"f", "--pcap", "a.pcap", "--csv", "b.csv", NULL},
                       "only one source");
    expect_usage_error((char *[]){"f", "--bind", "localhost", NULL}, "--bind");
    expect_usage_error((char *[]){"f", "--rate", NULL}, "needs a value");
    expect_usage_error((char *[]){"f", "stray", NULL}, "unexpected argument");
    expect_usage_error((char *[]){"f", "--user", "nobody", NULL}, "--user needs --iface");
    expect_usage_error((char *[]){"f", "--append", NULL}, "--append needs --record");
    expect_usage_error((char *[]){"f", "--record", "x.pcapng", NULL}, "--record needs --connect");
    expect_usage_error((char *[]){"f", "--watchlist", "/dev/null", NULL}, "need --detect");
    char wl[64];
    snprintf(wl, sizeof wl, "/tmp/test_feed_cli_%d.wl", (int)getpid());
    FILE *w = fopen(wl, "w");
    fputs("# orgs\nExample = 192.0.2.1/24\n", w);
    fclose(w);
    char want[96];
    snprintf(want, sizeof want, "%s:2:", wl);
    expect_usage_error((char *[]){"f", "--detect", "--watchlist", wl, NULL}, want);
    unlink(wl);
    /* A bad value or a file that cannot be read as what it should be: exit 2 with a message
     * (as the viewer does for the same fault). */
    expect_usage_error((char *[]){"f", "--darknet", "1.2.3.4/99", "--count", "1", NULL},
                       "--darknet");
    char *missing[] = {"f", "--pcap", "/nonexistent/x.pcap", NULL};
    CHECK_EQ_INT(run(missing), 2);
    char *err = slurp(err_path);
    CHECK(strstr(err, "darkglobe-feed: /nonexistent/x.pcap: ") == err);
    free(err);
}

static int sub_socket(const char *url)
{
    int s = nn_socket(AF_SP, NN_SUB);
    int maxsz = -1, timeout = 200, rcvbuf = 8 << 20;
    nn_setsockopt(s, NN_SUB, NN_SUB_SUBSCRIBE, "", 0);
    nn_setsockopt(s, NN_SOL_SOCKET, NN_RCVMAXSIZE, &maxsz, sizeof maxsz);
    nn_setsockopt(s, NN_SOL_SOCKET, NN_RCVBUF, &rcvbuf, sizeof rcvbuf);
    nn_setsockopt(s, NN_SOL_SOCKET, NN_RCVTIMEO, &timeout, sizeof timeout);
    CHECK(nn_connect(s, url) >= 0);
    return s;
}

typedef struct rx {
    size_t pkts, msgs, bad, mirai, named, binary, json, alerts, verified;
    bool order_ok;
    uint64_t last_ts;
    dg_alert alert[8];
    dgauth *auth;        /* verifies each message when set */
    dgnt_ingest *ingest; /* the viewer's pipeline, fed every message when set */
} rx;

static uint64_t wall_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* Checks the trailer and hands the message to the viewer's ingest; returns the payload size. */
static size_t verify_one(rx *r, const void *msg, size_t n)
{
    if (r->ingest) dgnt_ingest_message(r->ingest, msg, n, wall_ns());
    if (!r->auth) return n;
    size_t len = n;
    if (dgauth_verify(r->auth, msg, n, wall_ns(), &len) == DGAUTH_OK) r->verified++;
    return len;
}

static void receive_one(int s, rx *r, dgfm_result *res)
{
    void *msg = NULL;
    int n = nn_recv(s, &msg, NN_MSG, 0);
    if (n < 0) return;
    bool ok = dgfm_decode(msg, verify_one(r, msg, (size_t)n), 0, res);
    r->msgs++;
    if (ok && res->kind == DGFM_ALERT) {
        if (r->alerts < 8) r->alert[r->alerts] = res->alert;
        r->alerts++;
        nn_freemsg(msg);
        return;
    }
    if (!ok || res->kind != DGFM_PACKETS || res->nbad) r->bad++;
    if (n >= 4 && memcmp(msg, DGW_MAGIC, 4) == 0) r->binary++;
    if (n >= 4 && memcmp(msg, DGFM_TOPIC_PKT, 4) == 0) r->json++;
    nn_freemsg(msg);
    if (!ok) return;
    for (size_t i = 0; i < res->nrec; i++) {
        const dg_record *rec = &res->recs[i];
        r->mirai += dg_record_is_mirai(rec);
        if (rec->sensor < res->sensors.count) {
            const char *nm = res->sensors.name[rec->sensor];
            r->named += !strcmp(nm, "tokyo") || !strcmp(nm, "okinawa") || !strcmp(nm, "sapporo");
        }
        if (rec->ts_ns < r->last_ts) r->order_ok = false;
        r->last_ts = rec->ts_ns;
    }
    r->pkts += res->nrec;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Receives until `want` packets arrived, the feed exited and the socket is idle, or 15 s. */
static void receive_all(int s, pid_t pid, size_t want, rx *r, int *status)
{
    dgfm_result *res = malloc(sizeof *res);
    double deadline = now_s() + 15;
    *status = -1;
    while (now_s() < deadline) {
        size_t before = r->msgs;
        receive_one(s, r, res);
        int st;
        if (*status < 0 && waitpid(pid, &st, WNOHANG) == pid)
            *status = WIFEXITED(st) ? WEXITSTATUS(st) : 128;
        if (*status >= 0 && r->msgs == before && (r->pkts >= want || want == 0)) break;
    }
    if (*status < 0) {
        kill(pid, SIGKILL);
        *status = wait_exit(pid);
    }
    free(res);
}

/* The last line of the --stats file as a string, and a numeric field of it. */
static double field(const char *line, const char *key)
{
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\":", key);
    const char *p = strstr(line, pat);
    return p ? strtod(p + strlen(pat), NULL) : -1;
}

static void check_stats(const char *path, size_t want_pkts)
{
    char *all = slurp(path);
    size_t len = strlen(all);
    CHECK(len > 0 && all[len - 1] == '\n');
    if (len) all[len - 1] = 0;
    char *last = strrchr(all, '\n');
    last = last ? last + 1 : all;
    const char *keys[] = {"tx_pkts", "tx_msgs", "src_errors", "tx_drops", "elapsed_s", "rate_pps"};
    for (size_t i = 0; i < 6; i++)
        CHECK(field(last, keys[i]) >= 0);
    CHECK(strstr(last, "\"final\":true") != NULL);
    CHECK_EQ_INT((long long)field(last, "tx_pkts"), want_pkts);
    CHECK_EQ_INT((long long)field(last, "tx_drops"), 0);
    CHECK_EQ_INT((long long)field(last, "src_errors"), 0);
    CHECK(field(last, "tx_msgs") >= 1);
    free(all);
}

static void test_end_to_end(const char *format, const char *count, size_t want)
{
    char url[64], stats[64];
    snprintf(url, sizeof url, "tcp://127.0.0.1:%d", free_port());
    snprintf(stats, sizeof stats, "/tmp/test_feed_cli_%d.stats", (int)getpid());
    int s = sub_socket(url);
    char *argv[] = {"darkglobe-feed", "--bind",      url,      "--delay", "1",
                    "--count",        (char *)count, "--rate", "20000",   "--format",
                    (char *)format,   "--stats",     stats,    "-q",      NULL};
    pid_t pid = spawn(argv);
    rx r = {.order_ok = true};
    int status;
    receive_all(s, pid, want, &r, &status);
    printf("%s: %zu packets in %zu messages, %zu bad\n", format, r.pkts, r.msgs, r.bad);
    CHECK_EQ_INT(status, 0);
    CHECK_EQ_INT(r.pkts, want);
    CHECK_EQ_INT(r.bad, 0);
    CHECK(r.order_ok);
    CHECK(r.mirai > want / 4);
    CHECK(r.named > want * 9 / 10); /* all but IPv6 carry a demo sensor name */
    if (!strcmp(format, "json"))
        CHECK(r.json == r.msgs && r.msgs >= want / 500);
    else
        CHECK(r.binary == r.msgs);
    check_stats(stats, want);
    nn_close(s);
    unlink(stats);
}

/* SIGTERM: flush, final stats line, exit 0; everything counted arrived. */
static void test_sigterm(void)
{
    char url[64];
    snprintf(url, sizeof url, "tcp://127.0.0.1:%d", free_port());
    int s = sub_socket(url);
    char *argv[] = {"darkglobe-feed", "-b",      url, "--delay", "1", "--rate",
                    "3000",           "--stats", "-", "-q",      NULL};
    pid_t pid = spawn(argv);
    dgfm_result *res = malloc(sizeof *res);
    rx r = {.order_ok = true};
    double stop_at = now_s() + 2.5;
    while (now_s() < stop_at)
        receive_one(s, &r, res);
    kill(pid, SIGTERM);
    int status;
    receive_all(s, pid, 0, &r, &status);
    CHECK_EQ_INT(status, 0);
    char *out = slurp(out_path);
    char *last = strstr(out, "\"final\":true");
    CHECK(last != NULL);
    CHECK(strstr(out, "\"final\":false") != NULL); /* the once-a-second lines */
    char *line = last ? last : out;
    while (line > out && line[-1] != '\n')
        line--;
    printf("sigterm: received %zu, final line %s", r.pkts, line);
    CHECK((size_t)field(line, "tx_pkts") == r.pkts);
    CHECK(r.pkts > 3000);
    free(out);
    free(res);
    nn_close(s);
}

/* --detect on the scenario at full speed: the three alerts of the story on the socket, in
 * order, counted in alerts_tx and printed on stderr. */
static void test_detect(const char *geoip)
{
    char url[64], stats[64];
    snprintf(url, sizeof url, "tcp://127.0.0.1:%d", free_port());
    snprintf(stats, sizeof stats, "/tmp/test_feed_cli_%d.stats", (int)getpid());
    int s = sub_socket(url);
    char *argv[] = {"darkglobe-feed",
                    "-b",
                    url,
                    "--delay",
                    "1",
                    "--scenario",
                    "mirai-2017-jp",
                    "--rate",
                    "250",
                    "--duration",
                    "1100",
                    "--speed",
                    "max",
                    "--detect",
                    "--geoip",
                    (char *)geoip,
                    "--stats",
                    stats,
                    NULL};
    pid_t pid = spawn(argv);
    rx r = {.order_ok = true};
    int status;
    receive_all(s, pid, 275000, &r, &status);
    CHECK_EQ_INT(status, 0);
    char *all = slurp(stats);
    char *err = slurp(err_path);
    printf("detect: %zu packets, %zu alerts received; stderr:\n%s", r.pkts, r.alerts, err);
    CHECK_EQ_INT(r.alerts, 3);
    CHECK(r.alerts >= 3 && !strcmp(r.alert[0].kind, "new-port") && r.alert[0].dport == 52869 &&
          !strcmp(r.alert[1].kind, "port-surge") && !strcmp(r.alert[2].kind, "mirai-surge") &&
          !strcmp(r.alert[2].org, "JP"));
    CHECK(strstr(err, "geolocation: ") && strstr(err, "alert medium new-port: New port 52869"));
    CHECK(strstr(err, "alert high mirai-surge: Mirai-family surge from JP"));
    CHECK(strstr(all, "\"alerts_tx\":3,") &&
          strstr(strstr(all, "\"alerts_tx\":3,"), "final\":true"));
    free(all);
    free(err);
    nn_close(s);
    unlink(stats);
}

static void write_key(const char *path)
{
    FILE *f = fopen(path, "w");
    fputs("0123456789abcdef-darkglobe-test-key\n", f);
    fclose(f);
    chmod(path, 0600);
}

/* One feed of 3000 packets through a SUB that verifies and through the viewer's ingest
 * with the key; returns the ingest's auth_rejected. */
static uint64_t keyed_run(const char *key, bool sign, rx *r)
{
    char url[64], err[256];
    snprintf(url, sizeof url, "tcp://127.0.0.1:%d", free_port());
    int s = sub_socket(url);
    char *argv[] = {"darkglobe-feed",
                    "-b",
                    url,
                    "--delay",
                    "1",
                    "--count",
                    "3000",
                    "--rate",
                    "20000",
                    "-q",
                    sign ? "--feed-key" : NULL,
                    (char *)key,
                    NULL};
    dgq_queue *q = dgq_create(1 << 16);
    dgauth *view = dgauth_open(key, err, sizeof err);
    dgnt_config c = {.queue = q, .auth = view, .quiet = true};
    r->ingest = dgnt_ingest_create(&c);
    r->auth = dgauth_open(key, err, sizeof err);
    int status;
    receive_all(s, spawn(argv), sign ? 3000 : 0, r, &status);
    CHECK_EQ_INT(status, 0);
    dgnt_counters k;
    dgnt_ingest_counters(r->ingest, &k);
    printf("feed-key %s: %zu msgs, %zu verified, ingest rx_pkts %llu, auth_rejected %llu\n",
           sign ? "signed" : "unsigned", r->msgs, r->verified, (unsigned long long)k.rx_pkts,
           (unsigned long long)k.auth_rejected);
    dgnt_ingest_destroy(r->ingest);
    dgauth_close(r->auth);
    dgauth_close(view);
    dgq_destroy(q);
    nn_close(s);
    return k.auth_rejected;
}

static void test_feed_key(void)
{
    char key[64];
    snprintf(key, sizeof key, "/tmp/test_feed_cli_%d.key", (int)getpid());
    write_key(key);
    rx r = {.order_ok = true};
    CHECK_EQ_INT(keyed_run(key, true, &r), 0);
    CHECK(r.msgs > 0 && r.verified == r.msgs && r.pkts == 3000 && r.bad == 0);
    rx u = {.order_ok = true};
    CHECK_EQ_INT(keyed_run(key, false, &u), u.msgs);
    CHECK(u.msgs > 0 && u.verified == 0);
    unlink(key);
}

/* Publishes n records in one binary message and an alert on pub. */
static void publish_some(int pub, size_t n)
{
    dg_record *recs = calloc(n, sizeof *recs);
    for (size_t i = 0; i < n; i++)
        recs[i] = (dg_record){.ts_ns = wall_ns() + i,
                              .ip_ver = 4,
                              .proto = DG_PROTO_TCP,
                              .flags = DG_TCP_SYN,
                              .src = {126, 0, 0, (uint8_t)i},
                              .dst = {203, 0, 113, 9},
                              .dport = 23,
                              .sensor = DG_SENSOR_NONE};
    size_t len = dgw_encoded_size(0, n);
    uint8_t *msg = malloc(len);
    CHECK(dgw_encode(msg, len, NULL, recs, n) == len);
    CHECK(nn_send(pub, msg, len, 0) == (int)len);
    dg_alert a = {.ts_ns = wall_ns(),
                  .severity = DG_SEV_HIGH,
                  .kind = "port-surge",
                  .title = "Surge on 52869/tcp",
                  .dport = 52869,
                  .proto = DG_PROTO_TCP,
                  .count = 1};
    char buf[2048] = DGFM_TOPIC_ALERT;
    size_t alen = strlen(buf) + dgj_format_alert(buf + strlen(buf), sizeof buf - 6, &a);
    CHECK(nn_send(pub, buf, alen, 0) == (int)alen);
    free(msg);
    free(recs);
}

/* Reads a recording back: records and alerts. */
static void count_recording(const char *path, size_t *recs, size_t *alerts, dg_alert *first)
{
    char err[256];
    dgrec_reader *rd = dgrec_open_read(path, err, sizeof err);
    CHECK(rd != NULL);
    static dg_record buf[4096];
    dgrec_item it;
    *recs = *alerts = 0;
    while (rd && dgrec_next(rd, buf, 4096, &it) != DGREC_END) {
        if (it.kind == DGREC_RECORDS) *recs += it.n;
        if (it.kind == DGREC_ALERT && (*alerts)++ == 0) *first = it.alert;
    }
    if (rd) dgrec_close_read(rd);
}

/* The recorder: N packets and an alert over TCP, SIGTERM, read back; --append adds. */
static void record_once(const char *file, bool append, size_t n)
{
    char url[64];
    snprintf(url, sizeof url, "tcp://127.0.0.1:%d", free_port());
    int pub = nn_socket(AF_SP, NN_PUB);
    CHECK(nn_bind(pub, url) >= 0);
    char *argv[] = {"darkglobe-feed",           "--connect", url, "--record", (char *)file,
                    append ? "--append" : NULL, NULL};
    pid_t pid = spawn(argv);
    struct timespec wait = {0, 700000000};
    nanosleep(&wait, NULL); /* the recorder connects */
    publish_some(pub, n);
    nanosleep(&wait, NULL);
    kill(pid, SIGTERM);
    CHECK_EQ_INT(wait_exit(pid), 0);
    char *err = slurp(err_path);
    printf("record: %s", err);
    CHECK(field(err, "rx_msgs") == 2 && field(err, "rx_pkts") == (double)n);
    CHECK(field(err, "malformed") == 0 && field(err, "recorded") == (double)n + 1);
    free(err);
    nn_close(pub);
}

/* Publishes one batch of n records stamped (publisher 42, seq); n = 0 is an end mark. */
static void publish_stamped(int pub, uint16_t seq, size_t n)
{
    dg_record recs[8];
    for (size_t i = 0; i < n && i < 8; i++)
        recs[i] = (dg_record){.ts_ns = wall_ns() + i,
                              .ip_ver = 4,
                              .proto = DG_PROTO_UDP,
                              .src = {126, 0, 1, (uint8_t)i},
                              .dst = {203, 0, 113, 9},
                              .dport = 53,
                              .sensor = DG_SENSOR_NONE};
    uint8_t msg[1024];
    size_t len = dgw_encode(msg, sizeof msg, NULL, recs, n);
    CHECK(len > 0);
    dgw_set_seq(msg, 42, seq);
    CHECK(nn_send(pub, msg, len, 0) == (int)len);
}

/* The recorder counts the batches a publisher's sequence says it missed (the end mark
 * included), and records no empty batch. */
static void test_record_gaps(void)
{
    char file[64], url[64];
    snprintf(file, sizeof file, "/tmp/test_feed_cli_gaps_%d.pcapng", (int)getpid());
    snprintf(url, sizeof url, "tcp://127.0.0.1:%d", free_port());
    int pub = nn_socket(AF_SP, NN_PUB);
    CHECK(nn_bind(pub, url) >= 0);
    char *argv[] = {"darkglobe-feed", "--connect", url, "--record", file, NULL};
    pid_t pid = spawn(argv);
    struct timespec wait = {0, 700000000};
    nanosleep(&wait, NULL); /* the recorder connects */
    publish_stamped(pub, 5, 8);
    publish_stamped(pub, 6, 8);
    publish_stamped(pub, 9, 8); /* 7 and 8 never sent: lost on the way */
    publish_stamped(pub, 12, 0); /* the end mark: 10 and 11 lost too */
    nanosleep(&wait, NULL);
    kill(pid, SIGTERM);
    CHECK_EQ_INT(wait_exit(pid), 0);
    char *err = slurp(err_path);
    printf("record gaps: %s", err);
    CHECK(field(err, "rx_msgs") == 4 && field(err, "rx_pkts") == 24);
    CHECK(field(err, "lost_msgs") == 4 && field(err, "recorded") == 24);
    free(err);
    nn_close(pub);
    size_t recs, alerts;
    dg_alert a = {0};
    count_recording(file, &recs, &alerts, &a);
    CHECK_EQ_INT(recs, 24);
    unlink(file);
}

static void test_record(void)
{
    char file[64];
    snprintf(file, sizeof file, "/tmp/test_feed_cli_%d.pcapng", (int)getpid());
    record_once(file, false, 1000);
    size_t recs, alerts;
    dg_alert a = {0};
    count_recording(file, &recs, &alerts, &a);
    CHECK_EQ_INT(recs, 1000);
    CHECK_EQ_INT(alerts, 1);
    CHECK(!strcmp(a.kind, "port-surge") && a.dport == 52869);
    record_once(file, true, 500);
    count_recording(file, &recs, &alerts, &a);
    CHECK_EQ_INT(recs, 1500);
    CHECK_EQ_INT(alerts, 2);
    unlink(file);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: test_feed_cli PATH-TO-darkglobe-feed GEOIP.mmdb\n");
        return 2;
    }
    feed_bin = argv[1];
    snprintf(out_path, sizeof out_path, "/tmp/test_feed_cli_%d.out", (int)getpid());
    snprintf(err_path, sizeof err_path, "/tmp/test_feed_cli_%d.err", (int)getpid());
    test_help();
    test_usage_errors();
    test_end_to_end("binary", "50000", 50000);
    test_end_to_end("json", "12345", 12345);
    test_sigterm();
    test_detect(argv[2]);
    test_feed_key();
    test_record();
    test_record_gaps();
    unlink(out_path);
    unlink(err_path);
    return check_report();
}
