/* test_nfdump.c - NetFlow through nfdump. The fixtures are made at test time by nfdump's own
 * tools: a pcap written with libpcap's dump API is turned into an nfcapd file by
 * "nfpcapd -r", which the source reads through "nfdump -r FILE -o json". Checks: the packet
 * total equals the capture's, an aggregated flow is one record, fields; a file damaged in
 * its second data block is read up to the damage with nfdump's report; a cut file (which
 * nfdump 1.7 refuses whole, its appendix being gone) is reported; recognition by content. */
#include "fmt_util.h"

#include <arpa/inet.h>
#include <pcap/pcap.h>

static void put16(uint8_t *p, unsigned v)
{
    p[0] = (uint8_t)(v >> 8), p[1] = (uint8_t)v;
}

/* Ethernet + IPv4 + TCP SYN / UDP / ICMP echo; returns the frame length. */
static size_t frame4(uint8_t *b, int proto, const char *src, const char *dst, unsigned sport,
                     unsigned dport)
{
    size_t l4 = proto == 6 ? 20 : 8;
    memset(b, 0, 14 + 20 + l4);
    put16(b + 12, 0x0800);
    uint8_t *ip = b + 14, *t = ip + 20;
    ip[0] = 0x45;
    put16(ip + 2, (unsigned)(20 + l4));
    ip[8] = 64;
    ip[9] = (uint8_t)proto;
    inet_pton(AF_INET, src, ip + 12);
    inet_pton(AF_INET, dst, ip + 16);
    put16(t, sport);
    put16(t + 2, dport);
    if (proto == 6) t[12] = 0x50, t[13] = 0x02;
    if (proto == 17) put16(t + 4, 8);
    if (proto == 1) t[0] = 8, t[1] = 0, t[2] = t[3] = 0;
    return 14 + 20 + l4;
}

/* Ethernet + IPv6 + TCP SYN or ICMPv6 echo. */
static size_t frame6(uint8_t *b, int proto)
{
    size_t l4 = proto == 6 ? 20 : 8;
    memset(b, 0, 14 + 40 + l4);
    put16(b + 12, 0x86DD);
    uint8_t *ip = b + 14, *t = ip + 40;
    ip[0] = 0x60;
    put16(ip + 4, (unsigned)l4);
    ip[6] = (uint8_t)proto;
    ip[7] = 64;
    inet_pton(AF_INET6, "2001:db8::1", ip + 8);
    inet_pton(AF_INET6, "2001:db8:1::7", ip + 24);
    if (proto == 6) put16(t, 4000), put16(t + 2, 23), t[12] = 0x50, t[13] = 0x02;
    if (proto == 58) t[0] = 128;
    return 14 + 40 + l4;
}

static pcap_dumper_t *dump_open(const char *path, pcap_t **p)
{
    *p = pcap_open_dead(DLT_EN10MB, 65535);
    return pcap_dump_open(*p, path);
}

static void put(pcap_dumper_t *d, const uint8_t *b, size_t len, long sec, long usec)
{
    struct pcap_pkthdr h = {.ts = {sec, usec}, .caplen = (bpf_u_int32)len, .len = (bpf_u_int32)len};
    pcap_dump((u_char *)d, &h, b);
}

/* 10 IP packets: 3 retransmitted SYNs of one connection, 4 UDP, 1 ICMP echo, 2 IPv6. */
static void write_small(const char *path)
{
    pcap_t *p;
    pcap_dumper_t *d = dump_open(path, &p);
    uint8_t b[128];
    long t0 = 1509408000;
    for (int i = 0; i < 3; i++)
        put(d, b, frame4(b, 6, "192.0.2.1", "203.0.113.7", 40000, 23), t0 + i, 250000);
    for (int i = 0; i < 4; i++)
        put(d, b, frame4(b, 17, "192.0.2.2", "203.0.113.8", 5000, 53), t0 + i, 0);
    put(d, b, frame4(b, 1, "198.51.100.9", "203.0.113.9", 0, 0), t0 + 5, 0);
    put(d, b, frame6(b, 6), t0 + 6, 500000);
    put(d, b, frame6(b, 58), t0 + 7, 0);
    pcap_dump_close(d);
    pcap_close(p);
}

/* 20000 flows (one SYN each): more than one nfcapd data block. */
static void write_big(const char *path)
{
    pcap_t *p;
    pcap_dumper_t *d = dump_open(path, &p);
    uint8_t b[128];
    char src[32];
    for (int i = 0; i < 20000; i++) {
        snprintf(src, sizeof src, "10.%d.%d.%d", i >> 16, (i >> 8) & 255, i & 255);
        put(d, b, frame4(b, 6, src, "203.0.113.7", 1024 + (unsigned)(i % 60000), 23),
            1509408000 + i / 100, (i % 100) * 10000);
    }
    pcap_dump_close(d);
    pcap_close(p);
}

/* Runs nfpcapd on pcap into dir; the nfcapd file it wrote goes to out. */
static bool make_nfcapd(const char *pcap, const char *dir, char *out, size_t cap)
{
    if (fmt_sh("mkdir -p '%s' && nfpcapd -r '%s' -w '%s' >/dev/null 2>&1", dir, pcap, dir) != 0)
        return false;
    char cmd[600];
    snprintf(cmd, sizeof cmd, "ls '%s'/nfcapd.* | head -n 1", dir);
    FILE *ls = popen(cmd, "r");
    bool ok = ls && fgets(out, (int)cap, ls);
    if (ls) pclose(ls);
    out[strcspn(out, "\n")] = 0;
    return ok && out[0];
}

typedef struct tally {
    uint64_t n, pkts, errors;
} tally;

static tally count(const char *path)
{
    char err[512];
    tally t = {0};
    static dg_record buf[4096];
    dg_source *s = dgsrc_nfdump(path, err, sizeof err);
    if (!s) return fprintf(stderr, "%s\n", err), t;
    int k;
    while ((k = s->next(s, buf, 4096)) > 0) {
        t.n += (uint64_t)k;
        for (int i = 0; i < k; i++)
            t.pkts += dg_record_pkts(&buf[i]);
    }
    t.errors = s->src_errors;
    s->close(s);
    return t;
}

static fmt_drained d;
static char small_nf[512], big_nf[512];

static void test_small(void)
{
    write_small(fmt_path("small.pcap"));
    CHECK(make_nfcapd(fmt_path("small.pcap"), fmt_path("small"), small_nf, sizeof small_nf));
    CHECK(fmt_read(dgsrc_nfdump, small_nf, &d));
    CHECK_EQ_INT(d.pkts, 10);
    CHECK_EQ_INT(d.errors, 0);
    int syn = -1, icmp = -1, v6 = 0;
    for (size_t i = 0; i < d.n; i++) {
        if (d.rec[i].proto == DG_PROTO_TCP && d.rec[i].ip_ver == 4) syn = (int)i;
        if (d.rec[i].proto == DG_PROTO_ICMP) icmp = (int)i;
        v6 += d.rec[i].ip_ver == 6;
    }
    CHECK_EQ_INT(v6, 2);
    CHECK(syn >= 0 && icmp >= 0);
    if (syn < 0 || icmp < 0) return;
    const dg_record *r = &d.rec[syn];
    CHECK_EQ_INT(r->pkts, 3); /* one flow for the three SYNs */
    CHECK_EQ_INT(r->ts_ns, 1509408000250000000ull);
    CHECK(dg_record_is_syn(r));
    CHECK_EQ_INT(r->dport, 23);
    CHECK(!dg_record_has(r, DG_HAVE_LEN)); /* three packets: no one length */
    CHECK_EQ_INT(d.rec[icmp].sport, 8); /* echo request */
    CHECK_EQ_INT(d.rec[icmp].ip_len, 28);
    CHECK(fmt_read(NULL, small_nf, &d)); /* by content */
    CHECK_EQ_INT(d.pkts, 10);
}

/* The second data block's size made absurd: nfdump prints the first block, then reports. */
static void test_damaged(void)
{
    write_big(fmt_path("big.pcap"));
    CHECK(make_nfcapd(fmt_path("big.pcap"), fmt_path("big"), big_nf, sizeof big_nf));
    tally full = count(big_nf);
    CHECK_EQ_INT(full.pkts, 20000);
    CHECK_EQ_INT(full.errors, 0);
    FILE *f = fopen(big_nf, "rb");
    uint8_t hdr[52];
    CHECK(f && fread(hdr, 1, sizeof hdr, f) == sizeof hdr);
    if (f) fclose(f);
    /* layout 2: a 40-byte file header, then blocks of a 12-byte header and size bytes */
    uint32_t size1 = hdr[44] | hdr[45] << 8 | hdr[46] << 16 | (uint32_t)hdr[47] << 24;
    long at = 40 + 12 + (long)size1 + 4;
    fmt_sh("cp '%s' '%s' && printf '\\377\\377\\377\\177' | dd of='%s' bs=1 seek=%ld conv=notrunc "
           "2>/dev/null",
           big_nf, fmt_path("damaged.nf"), fmt_path("damaged.nf"), at);
    tally part = count(fmt_path("damaged.nf"));
    CHECK(part.n > 0 && part.n < full.n);
    CHECK(part.errors >= 1);
    /* cut: nfdump 1.7 finds no appendix and reads nothing; the report says so */
    fmt_cut(big_nf, fmt_path("cut.nf"), fmt_size(big_nf) / 2);
    tally cut = count(fmt_path("cut.nf"));
    CHECK(cut.n < full.n);
    CHECK(cut.errors >= 1);
}

static void test_recognise(void)
{
    char err[512];
    CHECK(dgfmt_check(small_nf, DGFMT_NFCAPD, err, sizeof err));
    CHECK(!dgfmt_check(fmt_path("small.pcap"), DGFMT_NFCAPD, err, sizeof err));
    CHECK(strstr(err, "not an nfcapd file (a pcap/pcapng capture)") != NULL);
    fmt_sh("head -c 4096 /dev/urandom > '%s'", fmt_path("noise.nf"));
    CHECK(!dgfmt_check(fmt_path("noise.nf"), DGFMT_NFCAPD, err, sizeof err));
    dg_source *s = dgsrc_nfdump(fmt_path("absent.nf"), err, sizeof err);
    CHECK(s == NULL);
    CHECK(strstr(err, "No such file") != NULL);
}

int main(void)
{
    if (fmt_sh("command -v nfpcapd >/dev/null && command -v nfdump >/dev/null") != 0) {
        fprintf(stderr, "SKIP: nfdump's tools are not installed (scripts/setup.sh installs them)\n");
        return 77;
    }
    fmt_mkdir("dg_test_nfdump");
    test_small();
    test_damaged();
    test_recognise();
    fmt_sh("rm -rf '%s'", fmt_dir);
    return check_report();
}
