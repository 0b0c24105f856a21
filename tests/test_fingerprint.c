/* test_fingerprint.c - every scanner fingerprint by its published rule, on a crafted capture
 * written with libpcap and read back through the pcap source: packets that follow each rule,
 * and near misses (one field off) that must not match. */
#include "check.h"
#include "fingerprint.h"
#include "source_kinds.h"

#include <arpa/inet.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct probe {
    const char *what;
    const char *src, *dst;
    uint8_t proto, flags, ttl, icmp_type;
    uint16_t sport, dport, ipid, win, mss;
    uint32_t seq;
    unsigned want; /* DG_TOOL_* expected */
} probe;

static uint32_t ip4(const char *s)
{
    struct in_addr a;
    inet_pton(AF_INET, s, &a);
    return ntohl(a.s_addr);
}

static void be16(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 8), p[1] = (uint8_t)v;
}

static void be32(uint8_t *p, uint32_t v)
{
    be16(p, v >> 16), be16(p + 2, v & 0xFFFF);
}

/* Ethernet + IPv4 + TCP (with an MSS option when mss) or ICMP; returns the frame length. */
static size_t frame(const probe *q, uint8_t *f)
{
    memset(f, 0, 128);
    be16(f + 12, 0x0800);
    uint8_t *ip = f + 14, *t = ip + 20;
    size_t tl = q->proto == DG_PROTO_TCP ? (q->mss ? 24 : 20) : 8;
    ip[0] = 0x45;
    be16(ip + 2, (uint32_t)(20 + tl));
    be16(ip + 4, q->ipid);
    ip[8] = q->ttl;
    ip[9] = q->proto;
    be32(ip + 12, ip4(q->src));
    be32(ip + 16, ip4(q->dst));
    if (q->proto == DG_PROTO_TCP) {
        be16(t, q->sport), be16(t + 2, q->dport), be32(t + 4, q->seq);
        t[12] = (uint8_t)(tl / 4 << 4);
        t[13] = q->flags;
        be16(t + 14, q->win);
        if (q->mss) t[20] = 2, t[21] = 4, be16(t + 22, q->mss);
    } else {
        t[0] = q->icmp_type;
    }
    return 14 + 20 + tl;
}

#define SYN DG_TCP_SYN
#define TCP DG_PROTO_TCP
static probe probes[] = {
    /* Mirai: seq == destination */
    {"mirai", "192.0.2.1", "203.0.113.7", TCP, SYN, 64, 0, 40001, 23, 777, 5840, 0, 0xCB007107u,
     DG_TOOL_MIRAI},
    {"mirai, seq one off", "192.0.2.1", "203.0.113.7", TCP, SYN, 64, 0, 40001, 23, 777, 5840, 0,
     0xCB007108u, 0},
    {"mirai seq on a SYN-ACK", "192.0.2.1", "203.0.113.7", TCP, SYN | DG_TCP_ACK, 64, 0, 80, 23,
     777, 5840, 0, 0xCB007107u, DG_TOOL_BACKSCATTER},
    /* Masscan: ipid == (dst ^ dport ^ seq) & 0xffff (filled in main) */
    {"masscan", "192.0.2.2", "203.0.113.9", TCP, SYN, 250, 0, 61000, 445, 0, 1024, 1460,
     0x12345678u, DG_TOOL_MASSCAN},
    {"masscan, ipid one off", "192.0.2.2", "203.0.113.9", TCP, SYN, 250, 0, 61000, 445, 1, 1024,
     1460, 0x12345678u, 0},
    /* ZMap: ipid 54321 */
    {"zmap", "192.0.2.3", "203.0.113.10", TCP, SYN, 240, 0, 50000, 80, 54321, 65535, 0, 99,
     DG_TOOL_ZMAP},
    {"zmap, ipid 54320", "192.0.2.3", "203.0.113.10", TCP, SYN, 240, 0, 50000, 80, 54320, 65535,
     0, 99, 0},
    /* large-scale scanner: option-less SYN, TTL >= 200, window 1024 */
    {"lss", "192.0.2.4", "203.0.113.11", TCP, SYN, 200, 0, 50001, 8080, 9, 1024, 0, 5,
     DG_TOOL_LSS},
    {"lss, TTL 199", "192.0.2.4", "203.0.113.11", TCP, SYN, 199, 0, 50001, 8080, 9, 1024, 0, 5, 0},
    {"lss, window 1025", "192.0.2.4", "203.0.113.11", TCP, SYN, 240, 0, 50001, 8080, 9, 1025, 0, 5,
     0},
    {"lss, with an MSS option", "192.0.2.4", "203.0.113.11", TCP, SYN, 240, 0, 50001, 8080, 9,
     1024, 1460, 5, 0},
    /* backscatter */
    {"RST", "192.0.2.5", "203.0.113.12", TCP, DG_TCP_RST, 50, 0, 80, 40000, 7, 0, 0, 1,
     DG_TOOL_BACKSCATTER},
    {"ICMP unreachable", "192.0.2.6", "203.0.113.13", DG_PROTO_ICMP, 0, 50, 3, 0, 0, 7, 0, 0, 0,
     DG_TOOL_BACKSCATTER},
    {"ICMP echo request", "192.0.2.6", "203.0.113.13", DG_PROTO_ICMP, 0, 50, 8, 0, 0, 7, 0, 0, 0,
     0},
    /* Unicornscan: a fixed key per source (seq filled in main); one packet proves nothing */
    {"unicorn, first", "192.0.2.7", "203.0.113.20", TCP, SYN, 60, 0, 33000, 22, 11, 4096, 0, 0, 0},
    {"unicorn, same key", "192.0.2.7", "203.0.113.21", TCP, SYN, 60, 0, 33001, 25, 12, 4096, 0, 0,
     DG_TOOL_UNICORN},
    {"unicorn, same key again", "192.0.2.7", "203.0.113.99", TCP, SYN, 60, 0, 33002, 110, 13, 4096,
     0, 0, DG_TOOL_UNICORN},
    {"random seq, first", "192.0.2.8", "203.0.113.20", TCP, SYN, 60, 0, 33000, 22, 11, 4096, 0,
     0x1111u, 0},
    {"random seq, second", "192.0.2.8", "203.0.113.21", TCP, SYN, 60, 0, 33001, 25, 12, 4096, 0,
     0x2222u, 0},
};
#define NPROBES (sizeof probes / sizeof probes[0])

static void fill_keys(void)
{
    for (size_t i = 0; i < NPROBES; i++) {
        probe *q = &probes[i];
        if (!strncmp(q->what, "masscan", 7))
            q->ipid = (uint16_t)((ip4(q->dst) ^ q->dport ^ q->seq) + q->ipid);
        if (!strncmp(q->what, "unicorn", 7))
            q->seq = 0xA5A5F00Du ^ (ip4(q->dst) ^ (((uint32_t)q->dport << 16) + q->sport));
    }
}

static bool write_capture(const char *path)
{
    pcap_t *p = pcap_open_dead(DLT_EN10MB, 65535);
    pcap_dumper_t *d = p ? pcap_dump_open(p, path) : NULL;
    if (!d) return false;
    for (size_t i = 0; i < NPROBES; i++) {
        uint8_t f[128];
        struct pcap_pkthdr h = {.ts = {1700000000 + (long)i, 0}};
        h.caplen = h.len = (bpf_u_int32)frame(&probes[i], f);
        pcap_dump((u_char *)d, &h, f);
    }
    pcap_dump_close(d);
    pcap_close(p);
    return true;
}

/* A log row (Marx layout) has neither seq nor IP ID: no fingerprint can apply. */
static void test_log_rows(void)
{
    dg_record r = {.ip_ver = 4, .proto = TCP, .flags = SYN, .have = DG_HAVE_FLAGS | DG_HAVE_DPORT};
    CHECK_EQ_INT(dgfp_stateless(&r), 0);
    CHECK_EQ_INT(dgfp_parse("masscan"), DG_TOOL_MASSCAN);
    CHECK_EQ_INT(dgfp_parse("nmap"), 0);
    CHECK_STR_EQ(dgfp_name(3), "unicorn");
}

int main(void)
{
    char path[] = "/tmp/dg-fingerprint-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    close(fd);
    fill_keys();
    CHECK(write_capture(path));
    char err[256];
    dg_source *s = dgsrc_pcap(path, err, sizeof err);
    CHECK(s != NULL);
    if (!s) return check_report();
    dg_record r[64];
    int n = s->next(s, r, 64);
    CHECK_EQ_INT(n, (int)NPROBES);
    dgfp_tracker *t = dgfp_tracker_create();
    for (int i = 0; i < n && i < (int)NPROBES; i++) {
        unsigned got = dgfp_tags(t, &r[i]);
        if (got != probes[i].want)
            fprintf(stderr, "  %s: tags 0x%x, want 0x%x\n", probes[i].what, got, probes[i].want);
        CHECK_EQ_INT(got, probes[i].want);
    }
    dgfp_tracker_destroy(t);
    s->close(s);
    unlink(path);
    test_log_rows();
    return check_report();
}
