/* test_netthread.c - publisher -> viewer network thread over real nanomsg sockets
 * (inproc and tcp loopback): binary and JSON packets, alerts, malformed messages,
 * sensor placement, classification, counters. */
#include <nanomsg/nn.h>
#include <nanomsg/pubsub.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "addr.h"
#include "ratelog.h"
#include "check.h"
#include "netport.h"
#include "netthread.h"
#include "pub.h"

/* Fake geolocation: every public address is placed at (first octet / 3, -second octet). */
static bool fake_locate(void *ctx, int ver, const uint8_t a[16], float *lat, float *lon, char cc[3])
{
    (void)ctx;
    if (ver == 4 && a[0] == 10) return false;
    *lat = a[0] / 3.0f;
    *lon = -(float)a[1];
    strcpy(cc, ver == 4 ? "JP" : "DE");
    return true;
}

static dg_record rec(const char *src, const char *dst, uint8_t proto, uint8_t flags, uint32_t seq)
{
    dg_record r = {.ts_ns = 1509408000ull * 1000000000ull,
                   .proto = proto,
                   .flags = flags,
                   .seq = seq,
                   .dport = 23,
                   .sport = 40000,
                   .sensor = DG_SENSOR_NONE,
                   .ttl = 64,
                   .have = DG_HAVE_ALL};
    int v;
    dg_addr_parse(src, r.src, &v);
    dg_addr_parse(dst, r.dst, &v);
    r.ip_ver = (uint8_t)v;
    return r;
}

static void wait_for(dgnt_thread *t, uint64_t msgs)
{
    dgnt_counters c;
    for (int i = 0; i < 500; i++) {
        dgnt_counters_get(t, &c);
        if (c.rx_msgs >= msgs) return;
        nanosleep(&(struct timespec){0, 10000000}, NULL);
    }
}

static void send_str(int pub, const char *s)
{
    CHECK(nn_send(pub, s, strlen(s), 0) == (int)strlen(s));
}

static void run(const char *url)
{
    int pub = nn_socket(AF_SP, NN_PUB);
    CHECK(nn_bind(pub, url) >= 0);
    dgs_table sensors = {0};
    dgs_add_defaults(&sensors);
    dgq_queue *q = dgq_create(1024);
    dgnt_config cfg = {.urls = &url,
                       .nurls = 1,
                       .queue = q,
                       .sensors = &sensors,
                       .locate = fake_locate,
                       .quiet = true};
    char err[128];
    dgnt_thread *t = dgnt_start(&cfg, err, sizeof err);
    CHECK(t != NULL);
    if (!t) return;
    /* PUB drops what is sent before the subscriber's pipe is up: wait for it. */
    for (int i = 0; i < 300 && nn_get_statistic(pub, NN_STAT_CURRENT_CONNECTIONS) == 0; i++)
        nanosleep(&(struct timespec){0, 10000000}, NULL);
    nanosleep(&(struct timespec){0, 50000000}, NULL);

    dg_record r[3] = {
        rec("61.1.2.3", "203.0.113.7", DG_PROTO_TCP, DG_TCP_SYN, 0xCB007107u),
        rec("10.0.0.1", "203.0.113.150", DG_PROTO_UDP, 0, 0),
        rec("2001:db8::1", "2001:db8:1::2", DG_PROTO_TCP, DG_TCP_SYN | DG_TCP_ACK, 5)};
    uint8_t buf[1024];
    size_t len = dgw_encode(buf, sizeof buf, NULL, r, 3);
    CHECK(nn_send(pub, buf, len, 0) == (int)len);
    send_str(pub, "pkt "
                  "{\"src\":\"203.0.113.9\",\"dst\":\"198.51.100.20\",\"proto\":\"icmp\","
                  "\"sensor\":\"sapporo\"}");
    send_str(pub, "pkt {\"src\":\"not an address\",\"dst\":\"198.51.100.20\",\"proto\":\"tcp\"}");
    send_str(pub, "garbage");
    send_str(pub,
             "alert {\"severity\":\"high\",\"title\":\"Host scanning\",\"src\":\"133.243.3.34\"}");
    wait_for(t, 5);

    dgnt_counters c;
    dgnt_counters_get(t, &c);
    CHECK_EQ_INT(c.rx_msgs, 5);
    CHECK_EQ_INT(c.rx_pkts, 4);
    CHECK_EQ_INT(c.malformed, 2);
    CHECK_EQ_INT(c.geo_hits, 3); /* 10.0.0.1 cannot be placed */
    CHECK_EQ_INT(c.geo_misses, 1);
    CHECK_EQ_INT(c.mirai_pkts, 1);
    CHECK_EQ_INT(c.alerts_rx, 1);
    CHECK(c.connected);

    dg_event ev[8];
    CHECK_EQ_INT(dgq_pop(q, ev, 8), 4);
    CHECK_EQ_INT(ev[0].cls, DG_CLS_SYN);
    CHECK(ev[0].flags & DGE_MIRAI);
    CHECK_EQ_INT(ev[0].sensor, dgs_find(&sensors, "tokyo"));
    CHECK(ev[0].dst_lat == sensors.s[ev[0].sensor].lat);
    CHECK(ev[0].src_lat == 61 / 3.0f);
    CHECK_STR_EQ(ev[0].cc, "JP");
    CHECK_EQ_INT(ev[1].cls, DG_CLS_UDP);
    CHECK(!(ev[1].flags & DGE_SRC_PLACED));
    CHECK_EQ_INT(ev[1].sensor, dgs_find(&sensors, "okinawa"));
    CHECK_EQ_INT(ev[2].cls, DG_CLS_SYNACK);
    CHECK_EQ_INT(ev[2].ip_ver, 6);
    CHECK_EQ_INT(ev[3].cls, DG_CLS_ICMP);
    CHECK_EQ_INT(ev[3].sensor, dgs_find(&sensors, "sapporo"));

    dg_alert al[2];
    CHECK_EQ_INT(dgnt_pop_alerts(t, al, 2), 1);
    CHECK_STR_EQ(al[0].title, "Host scanning");
    CHECK(al[0].has_loc);
    dgnt_stop(t);
    dgq_destroy(q);
    nn_close(pub);
}

/* A full queue drops and counts instead of blocking the socket. */
static void overflow(void)
{
    dgq_queue *q = dgq_create(16);
    dgnt_config cfg = {.queue = q, .locate = fake_locate, .quiet = true};
    dgnt_ingest *in = dgnt_ingest_create(&cfg);
    dg_record r[40];
    for (int i = 0; i < 40; i++)
        r[i] = rec("61.1.2.3", "203.0.113.7", DG_PROTO_UDP, 0, 0);
    static uint8_t buf[4096];
    size_t len = dgw_encode(buf, sizeof buf, NULL, r, 40);
    dgnt_ingest_message(in, buf, len, dg_wall_ns());
    dgnt_counters c;
    dgnt_ingest_counters(in, &c);
    CHECK_EQ_INT(c.rx_pkts, 40);
    CHECK_EQ_INT(c.dropped, 24);
    CHECK_EQ_INT(dgq_size(q), 16);
    dgnt_ingest_destroy(in);
    dgq_destroy(q);
}

/* Batches missing from a publisher's sequence are counted as lost; a second publisher and
 * unstamped batches are independent of it. */
static void sequence_gaps(void)
{
    dgq_queue *q = dgq_create(1024);
    dgnt_config cfg = {.queue = q, .locate = fake_locate, .quiet = true};
    dgnt_ingest *in = dgnt_ingest_create(&cfg);
    dg_record r = rec("61.1.2.3", "203.0.113.7", DG_PROTO_UDP, 0, 0);
    uint8_t buf[256];
    size_t len = dgw_encode(buf, sizeof buf, NULL, &r, 1);
    static const struct {
        uint16_t pub, seq;
    } sent[] = {{7, 65534}, {7, 65535}, {7, 2}, {9, 100}, {7, 3}, {9, 104}, {7, 1}};
    for (size_t i = 0; i < sizeof sent / sizeof *sent; i++) {
        dgw_set_seq(buf, sent[i].pub, sent[i].seq);
        dgnt_ingest_message(in, buf, len, dg_wall_ns());
    }
    buf[5] = 0, memset(buf + 12, 0, 4); /* an unstamped batch */
    dgnt_ingest_message(in, buf, len, dg_wall_ns());
    dgnt_counters c;
    dgnt_ingest_counters(in, &c);
    CHECK_EQ_INT(c.rx_pkts, 8);
    CHECK_EQ_INT(c.lost_msgs, 2 + 3); /* 0 and 1 of publisher 7 (wrap), 101..103 of 9 */
    dgnt_ingest_destroy(in);
    dgq_destroy(q);
}

static void *close_pub(void *p)
{
    dgpub_close(p);
    return NULL;
}

/* The tail of a run that PUB dropped for a slow subscriber is counted: the subscriber reads
 * nothing until the publisher has sent everything (far more than the socket buffers hold, so
 * the later batches are dropped), then drains while the publisher closes. The close's end
 * marks reveal the dropped tail; without them the last batch seen would be the last counted. */
static void lost_tail_counted(const char *url)
{
    enum { BATCHES = 64 };
    int sub = nn_socket(AF_SP, NN_SUB), rcvbuf = 128 << 10, maxsz = -1, timeout = 1000;
    nn_setsockopt(sub, NN_SUB, NN_SUB_SUBSCRIBE, "", 0);
    nn_setsockopt(sub, NN_SOL_SOCKET, NN_RCVBUF, &rcvbuf, sizeof rcvbuf);
    nn_setsockopt(sub, NN_SOL_SOCKET, NN_RCVMAXSIZE, &maxsz, sizeof maxsz);
    nn_setsockopt(sub, NN_SOL_SOCKET, NN_RCVTIMEO, &timeout, sizeof timeout);
    /* a long linger: ten marks, so that one passes however slowly this machine drains */
    dgpub_config pc = {.bind = {url}, .nbind = 1, .sndbuf = 256 << 10, .linger_ms = 1000};
    char err[256];
    dgpub *p = dgpub_open(&pc, NULL, err, sizeof err);
    CHECK(p != NULL);
    if (!p) return;
    CHECK(nn_connect(sub, url) >= 0);
    nanosleep(&(struct timespec){0, 200000000}, NULL); /* the subscription reaches PUB */
    static dg_record recs[DGW_MAX_RECORDS];
    for (size_t i = 0; i < DGW_MAX_RECORDS; i++)
        recs[i] = rec("61.1.2.3", "203.0.113.7", DG_PROTO_UDP, 0, (uint32_t)i + 1);
    for (int b = 0; b < BATCHES; b++)
        dgpub_add(p, recs, DGW_MAX_RECORDS, dg_mono_ns());
    CHECK_EQ_INT(dgpub_get_stats(p).tx_msgs, BATCHES);
    pthread_t closer;
    pthread_create(&closer, NULL, close_pub, p);

    dgq_queue *q = dgq_create(1024);
    dgnt_config cfg = {.queue = q, .locate = fake_locate, .quiet = true};
    dgnt_ingest *in = dgnt_ingest_create(&cfg);
    void *msg;
    int n;
    while ((n = nn_recv(sub, &msg, NN_MSG, 0)) >= 0) {
        dgnt_ingest_message(in, msg, (size_t)n, dg_wall_ns());
        nn_freemsg(msg);
    }
    pthread_join(closer, NULL);
    dgnt_counters c;
    dgnt_ingest_counters(in, &c);
    uint64_t got = c.rx_pkts / DGW_MAX_RECORDS;
    CHECK(got < BATCHES); /* the scenario: a tail was dropped */
    CHECK_EQ_INT(c.rx_pkts % DGW_MAX_RECORDS, 0);
    CHECK_EQ_INT(got + c.lost_msgs, BATCHES);
    CHECK_EQ_INT(c.malformed, 0);
    dgnt_ingest_destroy(in);
    dgq_destroy(q);
    nn_close(sub);
}

/* The next message on sub within timeout_ms: its record count (-1: not a batch) and
 * sequence number; false when none came. */
static bool next_batch(int sub, int timeout_ms, int *nrec, uint16_t *seq)
{
    nn_setsockopt(sub, NN_SOL_SOCKET, NN_RCVTIMEO, &timeout_ms, sizeof timeout_ms);
    void *msg;
    int len = nn_recv(sub, &msg, NN_MSG, timeout_ms ? 0 : NN_DONTWAIT);
    if (len < 0) return false;
    uint16_t id;
    size_t got = 0;
    static dg_record out[4];
    *nrec = dgw_decode(msg, (size_t)len, NULL, out, &got) == DGW_OK ? (int)got : -1;
    if (!dgw_get_seq(msg, (size_t)len, &id, seq)) *seq = 0;
    nn_freemsg(msg);
    return true;
}

/* Ticks p every 5 ms until t0 + until_ns. */
static void tick_until(dgpub *p, uint64_t t0, uint64_t until_ns)
{
    for (uint64_t now = dg_mono_ns(); now - t0 < until_ns; now = dg_mono_ns()) {
        dgpub_tick(p, now);
        nanosleep(&(struct timespec){0, 5000000}, NULL);
    }
}

/* A pause in the stream gets one mark, DGPUB_MARK_NS after the last batch: not at once (the
 * tick that flushes a batch dates it after its own clock reading), and not one per tick. */
static void pause_marked_once(const char *url)
{
    int sub = nn_socket(AF_SP, NN_SUB);
    nn_setsockopt(sub, NN_SUB, NN_SUB_SUBSCRIBE, "", 0);
    dgpub_config pc = {.bind = {url}, .nbind = 1};
    char err[256];
    dgpub *p = dgpub_open(&pc, NULL, err, sizeof err);
    CHECK(p != NULL);
    if (!p) return;
    CHECK(nn_connect(sub, url) >= 0);
    nanosleep(&(struct timespec){0, 200000000}, NULL);
    dg_record r = rec("61.1.2.3", "203.0.113.7", DG_PROTO_UDP, 0, 1);
    int nrec = -2;
    uint16_t seq = 0, first = 0;
    uint64_t t0 = dg_mono_ns();
    dgpub_add(p, &r, 1, t0);
    tick_until(p, t0, 20000000); /* the batch is due after DGPUB_FLUSH_NS */
    CHECK(next_batch(sub, 5000, &nrec, &first)); /* the batch */
    CHECK_EQ_INT(nrec, 1);
    tick_until(p, t0, 600000000); /* well before DGPUB_MARK_NS: no mark yet */
    CHECK(!next_batch(sub, 0, &nrec, &seq));
    tick_until(p, t0, 2500000000u);
    CHECK(next_batch(sub, 5000, &nrec, &seq)); /* one mark for the pause */
    CHECK_EQ_INT(nrec, 0);
    CHECK_EQ_INT(seq, (uint16_t)(first + 1));
    CHECK(!next_batch(sub, 100, &nrec, &seq));
    dgpub_close(p);
    nn_close(sub);
}

int main(void)
{
    sequence_gaps();
    run("inproc://test-netthread");
    char url[64];
    snprintf(url, sizeof url, "tcp://127.0.0.1:%d", free_port());
    run(url);
    /* unix sockets: kernel buffers as tcp has, and no port another test could hold */
    snprintf(url, sizeof url, "ipc:///tmp/test_netthread_%d_tail", (int)getpid());
    lost_tail_counted(url);
    snprintf(url, sizeof url, "ipc:///tmp/test_netthread_%d_pause", (int)getpid());
    pause_marked_once(url);
    overflow();
    return check_report();
}
