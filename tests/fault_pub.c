/* fault_pub.c - a test publisher with exact accounting, for the fault tests.
 *   fault_pub URL barrage   valid packets interleaved with every kind of malformed message
 *   fault_pub URL steady S  one valid packet every 10 ms for S seconds
 *   fault_pub URL flood N   N packets in full batches as fast as PUB takes them
 *   fault_pub URL alerts N R  N distinct alerts at R per second (0: one burst)
 *   fault_pub URL junk N    N malformed messages of distinct sizes in one burst
 * It binds URL, waits for a subscriber, sends, and prints "sent_pkts=.. malformed=..". */
#include <nanomsg/nn.h>
#include <nanomsg/pubsub.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "addr.h"
#include "ratelog.h"
#include "wire.h"

static int sock;
static unsigned long sent_pkts, malformed, sent_alerts;

static void sleep_ms(long ms)
{
    nanosleep(&(struct timespec){ms / 1000, (ms % 1000) * 1000000}, NULL);
}

static void send_raw(const void *buf, size_t len, bool bad)
{
    if (nn_send(sock, buf, len, 0) < 0) {
        fprintf(stderr, "fault_pub: send: %s\n", nn_strerror(nn_errno()));
        exit(1);
    }
    malformed += bad;
}

static void send_str(const char *s, bool bad)
{
    send_raw(s, strlen(s), bad);
}

static dg_record record(uint32_t i)
{
    dg_record r = {.ts_ns = dg_wall_ns(),
                   .ip_ver = 4,
                   .proto = 6,
                   .flags = 2,
                   .dport = 23,
                   .sport = 40000,
                   .sensor = DG_SENSOR_NONE,
                   .ttl = 64};
    uint32_t a = 0x3D000000u + i; /* 61.0.0.0/8 */
    for (int k = 0; k < 4; k++)
        r.src[k] = (uint8_t)(a >> (24 - 8 * k));
    int v;
    dg_addr_parse("203.0.113.5", r.dst, &v);
    return r;
}

static void send_batch(uint32_t first, size_t n)
{
    static dg_record recs[DGW_MAX_RECORDS];
    static uint8_t buf[DGW_MAX_MESSAGE];
    static uint16_t seq; /* stamped like darkglobe-feed does, so losses on the way show */
    for (size_t i = 0; i < n; i++)
        recs[i] = record(first + (uint32_t)i);
    size_t len = dgw_encode(buf, sizeof buf, NULL, recs, n);
    dgw_set_seq(buf, 42, seq++);
    send_raw(buf, len, false);
    sent_pkts += n;
}

static void barrage(void)
{
    static uint8_t big[2 << 20];
    uint8_t batch[1024];
    dg_record r = record(1);
    size_t blen = dgw_encode(batch, sizeof batch, NULL, &r, 1);
    srand(7);
    for (int round = 0; round < 20; round++) {
        send_batch((uint32_t)round * 10, 10);
        uint8_t junk[200];
        for (size_t i = 0; i < sizeof junk; i++)
            junk[i] = (uint8_t)rand();
        junk[0] = 'x'; /* never a valid prefix by chance */
        send_raw(junk, sizeof junk, true);
        send_raw(batch, blen - 7, true);                     /* truncated */
        send_str("pkt {\"src\":\"1.2.3.4\",\"dst\":", true); /* broken JSON */
        send_str("pkt {\"src\":1234,\"dst\":\"5.6.7.8\",\"proto\":\"tcp\"}", true);
        send_str("pkt {\"src\":\"1.2.3.4\",\"dst\":\"5.6.7.8\",\"proto\":\"tcp\",\"dport\":70000}",
                 true);
        send_str("pkt {\"src\":\"1.2.3.4\",\"dst\":\"5.6.7.8\",\"proto\":\"tcp\",\"ts\":1e300}",
                 true);
        send_str("alert {\"severity\":\"urgent\",\"title\":\"x\"}", true);
        send_str(
            "pkt {\"src\":\"61.2.3.4\",\"dst\":\"203.0.113.9\",\"proto\":\"udp\",\"dport\":53}",
            false);
        sent_pkts++;
        if (round % 5 == 0) {
            memcpy(big, "pkt ", 4);
            memset(big + 4, ' ', sizeof big - 4);
            send_raw(big, sizeof big, true); /* oversized: over 1 MiB */
            sleep_ms(50);                    /* PUB drops what a slow subscriber cannot take yet */
        }
        sleep_ms(15);
    }
}

static void steady(double seconds)
{
    uint64_t end = dg_mono_ns() + (uint64_t)(seconds * 1e9);
    for (uint32_t i = 0; dg_mono_ns() < end; i++) {
        send_batch(i, 1);
        sleep_ms(10);
    }
}

static void flood(unsigned long n)
{
    for (unsigned long done = 0; done < n; done += DGW_MAX_RECORDS)
        send_batch((uint32_t)done, n - done < DGW_MAX_RECORDS ? n - done : DGW_MAX_RECORDS);
    /* A live feed goes on: the next batch, once the pipe has drained, shows the gap. */
    sleep_ms(1500);
    send_batch(0, 1);
}

/* Messages of no known form, each of its own size (so a warning names which one it is). */
static void junk(unsigned long n)
{
    char msg[64];
    for (unsigned long i = 0; i < n; i++) {
        memset(msg, 'x', sizeof msg);
        send_raw(msg, 8 + i % 48, true);
    }
}

/* Distinct alerts (no two merge in the viewer's store), paced at rate per second. */
static void alerts(unsigned long n, double rate)
{
    uint64_t start = dg_mono_ns();
    for (unsigned long i = 0; i < n; i++) {
        char msg[256];
        snprintf(msg, sizeof msg,
                 "alert {\"severity\":\"low\",\"kind\":\"burst\",\"title\":\"alert %lu\","
                 "\"src\":\"61.%lu.%lu.%lu\"}",
                 i, (i >> 16) & 255, (i >> 8) & 255, i & 255);
        send_str(msg, false);
        sent_alerts++;
        uint64_t due = start + (uint64_t)((double)(i + 1) / rate * 1e9), now = dg_mono_ns();
        if (rate > 0 && due > now) {
            uint64_t wait = due - now;
            nanosleep(&(struct timespec){(time_t)(wait / 1000000000u), (long)(wait % 1000000000u)},
                      NULL);
        }
    }
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: fault_pub URL barrage|steady SEC|flood N|alerts N RATE|junk N\n");
        return 2;
    }
    sock = nn_socket(AF_SP, NN_PUB);
    /* Alerts and junk carry no sequence, so a PUB drop would be invisible: give a burst room. */
    int sndbuf = 64 << 20;
    if (!strcmp(argv[2], "alerts") || !strcmp(argv[2], "junk"))
        nn_setsockopt(sock, NN_SOL_SOCKET, NN_SNDBUF, &sndbuf, sizeof sndbuf);
    if (nn_bind(sock, argv[1]) < 0) {
        fprintf(stderr, "fault_pub: bind %s: %s\n", argv[1], nn_strerror(nn_errno()));
        return 1;
    }
    for (int i = 0; i < 1000 && nn_get_statistic(sock, NN_STAT_CURRENT_CONNECTIONS) == 0; i++)
        sleep_ms(10);
    sleep_ms(200);
    if (!strcmp(argv[2], "barrage"))
        barrage();
    else if (!strcmp(argv[2], "steady") && argc > 3)
        steady(atof(argv[3]));
    else if (!strcmp(argv[2], "flood") && argc > 3)
        flood(strtoul(argv[3], NULL, 10));
    else if (!strcmp(argv[2], "junk") && argc > 3)
        junk(strtoul(argv[3], NULL, 10));
    else if (!strcmp(argv[2], "alerts") && argc > 4)
        alerts(strtoul(argv[3], NULL, 10), atof(argv[4]));
    else
        return 2;
    sleep_ms(300); /* let the last messages leave before the socket closes */
    printf("sent_pkts=%lu malformed=%lu sent_alerts=%lu\n", sent_pkts, malformed, sent_alerts);
    nn_close(sock);
    return 0;
}
