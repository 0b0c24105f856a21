/* test_feed_cli.c - darkglobe-feed as a program: --help, usage errors (exit 2 with a one-line
 * message), and end to end over TCP loopback to a real nanomsg SUB socket decoded with
 * dgf_decode, in binary and JSON form, with --stats output and SIGTERM handling.
 * Usage: test_feed_cli PATH-TO-darkglobe-feed */
#include "check.h"
#include "feedmsg.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <nanomsg/nn.h>
#include <nanomsg/pubsub.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
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
    const char *opts[] = {"--bind",        "--connect",  "--delay",
                          "--stats",       "--format",   "--synthetic",
                          "--rate",        "--count",    "--duration",
                          "--seed",        "--darknet",  "--sensor",
                          "--sensor-file", "--scenario", "--speed",
                          "--loop",        "--start",    "--end",
                          "--quiet",       "--pcap",     "--iface",
                          "--filter",      "--csv",      "--columns",
                          "--json",        "--replay",   "tcp://127.0.0.1:5556"};
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
    /* Runtime failures are exit 1 with a message. */
    char *bad_darknet[] = {"f", "--darknet", "1.2.3.4/99", "--count", "1", NULL};
    CHECK_EQ_INT(run(bad_darknet), 1);
    char *missing[] = {"f", "--pcap", "/nonexistent/x.pcap", NULL};
    CHECK_EQ_INT(run(missing), 1);
    char *err = slurp(err_path);
    CHECK(strstr(err, "darkglobe-feed: ") == err);
    free(err);
}

static int free_port(void)
{
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof a;
    bind(s, (struct sockaddr *)&a, sizeof a);
    getsockname(s, (struct sockaddr *)&a, &len);
    close(s);
    return ntohs(a.sin_port);
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
    size_t pkts, msgs, bad, mirai, named, binary, json;
    bool order_ok;
    uint64_t last_ts;
} rx;

static void receive_one(int s, rx *r, dgf_result *res)
{
    void *msg = NULL;
    int n = nn_recv(s, &msg, NN_MSG, 0);
    if (n < 0) return;
    bool ok = dgf_decode(msg, (size_t)n, 0, res);
    r->msgs++;
    if (!ok || res->kind != DGF_PACKETS || res->nbad) r->bad++;
    if (n >= 4 && memcmp(msg, DGW_MAGIC, 4) == 0) r->binary++;
    if (n >= 4 && memcmp(msg, DGF_TOPIC_PKT, 4) == 0) r->json++;
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
    dgf_result *res = malloc(sizeof *res);
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
    dgf_result *res = malloc(sizeof *res);
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

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: test_feed_cli PATH-TO-darkglobe-feed\n");
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
    unlink(out_path);
    unlink(err_path);
    return check_report();
}
