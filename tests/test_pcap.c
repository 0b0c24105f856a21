/* test_pcap.c - the pcap source on fixture captures written with libpcap's dump API:
 * every supported link type, VLAN tags, IPv6 extension headers, fragments, truncated and
 * non-IP frames, a cut file, stdin, seeking, and live capture on the loopback. */
#include "check.h"
#include "source_kinds.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pcap/pcap.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[] = "/tmp/dg_test_pcap_XXXXXX";

typedef struct frame {
    uint8_t b[256];
    size_t len;
    size_t caplen; /* 0: len */
} frame;

static void put16(uint8_t *p, unsigned v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}
static void put32(uint8_t *p, uint32_t v)
{
    put16(p, v >> 16);
    put16(p + 2, v & 0xFFFF);
}

/* IPv4 header at p: returns its length (20). */
static size_t ip4(uint8_t *p, int proto, unsigned total, unsigned frag, uint8_t ttl,
                  const char *src, const char *dst)
{
    memset(p, 0, 20);
    p[0] = 0x45;
    put16(p + 2, total);
    put16(p + 6, frag);
    p[8] = ttl;
    p[9] = (uint8_t)proto;
    inet_pton(AF_INET, src, p + 12);
    inet_pton(AF_INET, dst, p + 16);
    return 20;
}

static size_t tcp(uint8_t *p, unsigned sport, unsigned dport, uint32_t seq, uint8_t flags)
{
    memset(p, 0, 20);
    put16(p, sport);
    put16(p + 2, dport);
    put32(p + 4, seq);
    p[12] = 0x50;
    p[13] = flags;
    return 20;
}

static size_t udp(uint8_t *p, unsigned sport, unsigned dport)
{
    memset(p, 0, 8);
    put16(p, sport);
    put16(p + 2, dport);
    return 8;
}

/* IPv6 header with next header nh and payload length plen. */
static size_t ip6(uint8_t *p, int nh, unsigned plen, uint8_t hops, const char *src, const char *dst)
{
    memset(p, 0, 40);
    p[0] = 0x60;
    put16(p + 4, plen);
    p[6] = (uint8_t)nh;
    p[7] = hops;
    inet_pton(AF_INET6, src, p + 8);
    inet_pton(AF_INET6, dst, p + 24);
    return 40;
}

static size_t eth(uint8_t *p, unsigned type)
{
    memset(p, 0xAB, 12);
    put16(p + 12, type);
    return 14;
}

/* The standard test packet: 192.0.2.1:40000 -> 203.0.113.7:23 SYN, seq == dst (Mirai). */
static size_t mirai_ip(uint8_t *p)
{
    size_t n = ip4(p, 6, 40, 0x4000, 64, "192.0.2.1", "203.0.113.7");
    return n + tcp(p + n, 40000, 23, 0xCB007107u, 0x02);
}

static void dump(const char *name, int dlt, const frame *f, int nf, bool nano)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    pcap_t *p = pcap_open_dead_with_tstamp_precision(
        dlt, 65535, nano ? PCAP_TSTAMP_PRECISION_NANO : PCAP_TSTAMP_PRECISION_MICRO);
    pcap_dumper_t *d = pcap_dump_open(p, path);
    for (int i = 0; i < nf; i++) {
        struct pcap_pkthdr h = {0};
        h.ts.tv_sec = 1509408000 + i;
        h.ts.tv_usec = nano ? 123456789 : 123456;
        h.len = (bpf_u_int32)f[i].len;
        h.caplen = (bpf_u_int32)(f[i].caplen ? f[i].caplen : f[i].len);
        pcap_dump((u_char *)d, &h, f[i].b);
    }
    pcap_dump_close(d);
    pcap_close(p);
}

static dg_source *open_fixture(const char *name)
{
    char path[256], err[256] = "";
    snprintf(path, sizeof path, "%s/%s", dir, name);
    dg_source *s = dgsrc_pcap(path, err, sizeof err);
    if (!s) fprintf(stderr, "open %s: %s\n", name, err);
    CHECK(s != NULL);
    return s;
}

static void check_mirai(const dg_record *r)
{
    CHECK_EQ_INT(r->ip_ver, 4);
    CHECK_EQ_INT(r->proto, DG_PROTO_TCP);
    CHECK_EQ_INT(r->sport, 40000);
    CHECK_EQ_INT(r->dport, 23);
    CHECK_EQ_INT(r->flags, DG_TCP_SYN);
    CHECK_EQ_INT(r->ttl, 64);
    CHECK_EQ_INT(r->ip_len, 40);
    CHECK_EQ_INT(r->sensor, DG_SENSOR_NONE);
    CHECK(dg_record_is_mirai(r));
    CHECK(memcmp(r->src, "\xC0\x00\x02\x01", 4) == 0);
}

static void test_ethernet_vlan_arp_truncated(void)
{
    frame f[5] = {0};
    f[0].len = eth(f[0].b, 0x0800);
    f[0].len += mirai_ip(f[0].b + f[0].len);
    size_t n = eth(f[1].b, 0x8100); /* QinQ: 802.1ad outer, 802.1Q inner */
    put16(f[1].b + 12, 0x88A8);
    put16(f[1].b + 14, 100);
    put16(f[1].b + 16, 0x8100);
    put16(f[1].b + 18, 200);
    put16(f[1].b + 20, 0x0800);
    n = 22;
    n += ip4(f[1].b + n, 17, 28, 0, 50, "198.51.100.9", "203.0.113.8");
    n += udp(f[1].b + n, 5353, 1900);
    f[1].len = n;
    f[2].len = eth(f[2].b, 0x0806) + 28; /* ARP */
    f[3] = f[0];
    f[3].caplen = 14 + 12; /* cut inside the IP header */
    f[4] = f[0];
    f[4].b[14] = 0x75; /* IP version 7 */
    dump("eth.pcap", DLT_EN10MB, f, 5, false);
    dg_source *s = open_fixture("eth.pcap");
    if (!s) return;
    dg_record r[8];
    CHECK_EQ_INT(s->next(s, r, 8), 2);
    check_mirai(&r[0]);
    CHECK_EQ_INT(r[0].ts_ns, 1509408000ull * 1000000000ull + 123456000ull);
    CHECK_EQ_INT(r[1].proto, DG_PROTO_UDP);
    CHECK_EQ_INT(r[1].dport, 1900);
    CHECK_EQ_INT(r[1].sport, 5353);
    CHECK_EQ_INT(r[1].ttl, 50);
    CHECK_EQ_INT(s->src_errors, 3);
    CHECK_EQ_INT(s->next(s, r, 8), 0);
    CHECK(s->rewind(s));
    CHECK_EQ_INT(s->next(s, r, 1), 1);
    check_mirai(&r[0]);
    s->close(s);
}

static void test_cooked_raw_null(void)
{
    frame f = {0};
    f.len = 16 + mirai_ip(f.b + 16);
    put16(f.b + 14, 0x0800);
    dump("sll.pcap", DLT_LINUX_SLL, &f, 1, true);
    memset(&f, 0, sizeof f);
    f.len = 20 + mirai_ip(f.b + 20);
    put16(f.b, 0x0800);
    dump("sll2.pcap", DLT_LINUX_SLL2, &f, 1, true);
    memset(&f, 0, sizeof f);
    f.len = mirai_ip(f.b);
    dump("raw.pcap", DLT_RAW, &f, 1, true);
    dump("ipv4.pcap", DLT_IPV4, &f, 1, true);
    memset(&f, 0, sizeof f);
    f.b[0] = 2; /* AF_INET in little-endian host order */
    f.len = 4 + mirai_ip(f.b + 4);
    dump("null.pcap", DLT_NULL, &f, 1, true);
    const char *names[] = {"sll.pcap", "sll2.pcap", "raw.pcap", "ipv4.pcap", "null.pcap"};
    for (int i = 0; i < 5; i++) {
        dg_source *s = open_fixture(names[i]);
        if (!s) continue;
        dg_record r[2];
        CHECK_EQ_INT(s->next(s, r, 2), 1);
        check_mirai(&r[0]);
        CHECK_EQ_INT(r[0].ts_ns, 1509408000ull * 1000000000ull + 123456789ull);
        CHECK_EQ_INT(s->src_errors, 0);
        s->close(s);
    }
}

/* IPv6 with hop-by-hop and destination options before UDP; an IPv6 later fragment; a
 * loopback (DLT_LOOP, AF_INET6 = 24 network order) frame. */
static void test_ipv6(void)
{
    frame f[2] = {0};
    size_t n = ip6(f[0].b, 0, 8 + 16 + 8, 33, "2001:db8::1", "2001:db8:ffff::2");
    f[0].b[n] = 60; /* hop-by-hop: next = dest opts, 8 bytes */
    n += 8;
    f[0].b[n] = 17; /* dest opts: next = UDP, 16 bytes */
    f[0].b[n + 1] = 1;
    n += 16;
    n += udp(f[0].b + n, 123, 161);
    f[0].len = n;
    n = ip6(f[1].b, 44, 8 + 100, 60, "2001:db8::1", "2001:db8:ffff::2");
    f[1].b[n] = 6;               /* fragment header: next = TCP */
    put16(f[1].b + n + 2, 1480); /* offset 185*8, a later fragment */
    f[1].len = n + 8 + 100;
    dump("ipv6.pcap", DLT_IPV6, f, 2, false);
    dg_source *s = open_fixture("ipv6.pcap");
    if (!s) return;
    dg_record r[4];
    CHECK_EQ_INT(s->next(s, r, 4), 2);
    CHECK_EQ_INT(r[0].ip_ver, 6);
    CHECK_EQ_INT(r[0].proto, DG_PROTO_UDP);
    CHECK_EQ_INT(r[0].sport, 123);
    CHECK_EQ_INT(r[0].dport, 161);
    CHECK_EQ_INT(r[0].ttl, 33);
    CHECK_EQ_INT(r[0].ip_len, 40 + 32);
    CHECK_EQ_INT(r[0].dst[15], 2);
    CHECK_EQ_INT(r[1].proto, DG_PROTO_TCP);
    CHECK_EQ_INT(r[1].sport + r[1].dport + r[1].flags, 0);
    s->close(s);

    frame g = {0};
    g.b[3] = 24;
    g.len = 4 + ip6(g.b + 4, 58, 8, 255, "::1", "::1");
    g.b[g.len] = 128; /* echo request */
    g.len += 8;
    dump("loop.pcap", DLT_LOOP, &g, 1, false);
    s = open_fixture("loop.pcap");
    if (!s) return;
    CHECK_EQ_INT(s->next(s, r, 4), 1);
    CHECK_EQ_INT(r[0].proto, DG_PROTO_ICMP6);
    CHECK_EQ_INT(r[0].sport, 128);
    s->close(s);
}

static void test_fragments(void)
{
    frame f[2] = {0};
    size_t n = ip4(f[0].b, 17, 1500, 0x2000, 64, "192.0.2.1", "203.0.113.7"); /* MF, offset 0 */
    f[0].len = n + udp(f[0].b + n, 1234, 53);
    f[1].len = ip4(f[1].b, 17, 100, 185, 64, "192.0.2.1", "203.0.113.7") + 80;
    f[1].caplen = 40;
    dump("frag.pcap", DLT_RAW, f, 2, false);
    dg_source *s = open_fixture("frag.pcap");
    if (!s) return;
    dg_record r[4];
    CHECK_EQ_INT(s->next(s, r, 4), 2);
    CHECK_EQ_INT(r[0].dport, 53);
    CHECK_EQ_INT(r[0].ip_len, 1500);
    CHECK_EQ_INT(r[1].sport, 0);
    CHECK_EQ_INT(r[1].dport, 0);
    CHECK_EQ_INT(r[1].flags, 0);
    CHECK_EQ_INT(r[1].ip_len, 100);
    CHECK_EQ_INT(s->src_errors, 0);
    s->close(s);
}

/* Many packets with rising times; the file cut in the middle of the last record. */
static void test_cut_file_and_seek(void)
{
    enum { N = 10000 };
    char path[256];
    snprintf(path, sizeof path, "%s/many.pcap", dir);
    pcap_t *p = pcap_open_dead(DLT_RAW, 65535);
    pcap_dumper_t *d = pcap_dump_open(p, path);
    uint8_t b[64];
    size_t len = mirai_ip(b);
    for (int i = 0; i < N; i++) {
        struct pcap_pkthdr h = {.caplen = (bpf_u_int32)len, .len = (bpf_u_int32)len};
        h.ts.tv_sec = 1000 + i;
        put16(b + 20, (unsigned)i); /* sport = index */
        pcap_dump((u_char *)d, &h, b);
    }
    pcap_dump_close(d);
    pcap_close(p);
    CHECK(truncate(path, 24 + (long)(N - 1) * (16 + (long)len) + 20) == 0);

    dg_source *s = open_fixture("many.pcap");
    if (!s) return;
    static dg_record r[N];
    size_t total = 0;
    int got;
    while ((got = s->next(s, r + total, N - total)) > 0)
        total += (size_t)got;
    CHECK_EQ_INT(total, N - 1);
    CHECK_EQ_INT(s->src_errors, 1);
    CHECK(dgsrc_seek(s, 5000ull * 1000000000ull)); /* back into the indexed part */
    CHECK_EQ_INT(s->next(s, r, 1), 1);
    CHECK_EQ_INT(r[0].sport, 4000);
    CHECK(dgsrc_seek(s, 1005ull * 1000000000ull));
    CHECK_EQ_INT(s->next(s, r, 1), 1);
    CHECK_EQ_INT(r[0].sport, 5);
    s->close(s);
}

static void test_stdin(void)
{
    char path[256], err[256] = "";
    snprintf(path, sizeof path, "%s/eth.pcap", dir);
    int saved = dup(0);
    CHECK(freopen(path, "rb", stdin) != NULL);
    dg_source *s = dgsrc_pcap("-", err, sizeof err);
    CHECK(s != NULL);
    if (s) {
        dg_record r[8];
        CHECK_EQ_INT(s->next(s, r, 8), 2);
        CHECK(!s->rewind(s));
        CHECK(!dgsrc_seek(s, 0));
        s->close(s);
    }
    dup2(saved, 0);
    close(saved);
}

static void test_bad_files(void)
{
    char path[256], err[256] = "";
    snprintf(path, sizeof path, "%s/junk.pcap", dir);
    FILE *f = fopen(path, "wb");
    fputs("this is not a capture file at all", f);
    fclose(f);
    CHECK(dgsrc_pcap(path, err, sizeof err) == NULL);
    CHECK(err[0] != 0);
    CHECK(dgsrc_pcap("/nonexistent/x.pcap", err, sizeof err) == NULL);
    CHECK(strstr(err, "/nonexistent/x.pcap") != NULL);
    frame fr = {.len = 10};
    dump("ppp.pcap", DLT_PPP, &fr, 1, false);
    snprintf(path, sizeof path, "%s/ppp.pcap", dir);
    CHECK(dgsrc_pcap(path, err, sizeof err) == NULL);
    CHECK(strstr(err, "unsupported link type") != NULL);
}

static dg_source *live_src;

static void on_alarm(int sig)
{
    (void)sig;
    dgsrc_break(live_src);
}

/* Live capture on lo when we may capture; a bad filter and a missing interface always. */
static void test_live(void)
{
    char err[256] = "";
    CHECK(dgsrc_iface("dg-no-such0", NULL, err, sizeof err) == NULL);
    CHECK(err[0] != 0);
    dg_source *s = dgsrc_iface("lo", "udp port 47809", err, sizeof err);
    if (!s) {
        printf("live capture skipped: %s\n", err);
        CHECK(strstr(err, "lo") != NULL);
        return;
    }
    CHECK(!dgsrc_set_filter(s, "no such ((( filter", err, sizeof err));
    CHECK(strstr(err, "bad filter") != NULL);
    live_src = s;
    signal(SIGALRM, on_alarm);
    alarm(5); /* a capture that never delivers must fail the test, not hang it */
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons(47809)};
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    sendto(fd, "x", 1, 0, (struct sockaddr *)&to, sizeof to);
    close(fd);
    dg_record r[4];
    int n = s->next(s, r, 4);
    CHECK(n >= 1);
    if (n >= 1) CHECK_EQ_INT(r[0].dport, 47809);
    alarm(0);
    alarm(1); /* with no traffic left, next() must end once dgsrc_break is called */
    CHECK_EQ_INT(s->next(s, r, 4), 0);
    alarm(0);
    CHECK(!s->rewind(s));
    s->close(s);
}

/* As root: drop to nobody in a child, then capturing must fail with the advice message. */
static void test_drop_privileges(void)
{
    char err[256] = "";
    if (geteuid() != 0) {
        CHECK(!dgsrc_drop_privileges("root", err, sizeof err));
        return;
    }
    CHECK(!dgsrc_drop_privileges("dg-no-such-user", err, sizeof err));
    pid_t pid = fork();
    if (pid == 0) {
        if (!dgsrc_drop_privileges("nobody", err, sizeof err)) _exit(2);
        dg_source *s = dgsrc_iface("lo", NULL, err, sizeof err);
        _exit(s == NULL && strstr(err, "no permission to capture on lo") ? 0 : 3);
    }
    int st = 0;
    waitpid(pid, &st, 0);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

int main(void)
{
    if (!mkdtemp(dir)) return 1;
    test_ethernet_vlan_arp_truncated();
    test_cooked_raw_null();
    test_ipv6();
    test_fragments();
    test_cut_file_and_seek();
    test_stdin();
    test_bad_files();
    test_live();
    test_drop_privileges();
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0) fprintf(stderr, "cannot remove %s\n", dir);
    return check_report();
}
