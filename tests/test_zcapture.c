/* test_zcapture.c - compressed captures: a pcap written with libpcap's dump API and a pcapng
 * written by the recording writer, compressed by gzip, bzip2, xz and zstd themselves, read
 * by content (dgsrc_open_auto and dgsrc_pcap) exactly as the uncompressed file; a cut
 * compressed file is read up to the damage with a report; compressed non-captures refused. */
#include "fmt_util.h"
#include "recording.h"

#include <arpa/inet.h>
#include <pcap/pcap.h>

#define NPKT 300
#define NBIG 4000 /* fmt_drained holds 4096 */

static const char *const TOOL[4][2] = {
    {"gzip", "gz"}, {"bzip2", "bz2"}, {"xz", "xz"}, {"zstd -q", "zst"}};

static void put16(uint8_t *p, unsigned v)
{
    p[0] = (uint8_t)(v >> 8), p[1] = (uint8_t)v;
}

/* A raw IPv4 packet: TCP SYN (seq == dst: Mirai), UDP or ICMP echo by i. */
static size_t packet(uint8_t *p, int i)
{
    int proto = i % 3 == 0 ? 6 : i % 3 == 1 ? 17 : 1;
    size_t l4 = proto == 6 ? 20 : 8;
    memset(p, 0, 20 + l4);
    p[0] = 0x45;
    put16(p + 2, (unsigned)(20 + l4));
    p[8] = (uint8_t)(40 + i % 200);
    p[9] = (uint8_t)proto;
    uint8_t src[4] = {192, 0, 2, (uint8_t)(1 + i % 250)}, dst[4] = {203, 0, 113, (uint8_t)i};
    memcpy(p + 12, src, 4);
    memcpy(p + 16, dst, 4);
    put16(p + 20, 1024 + (unsigned)i);
    put16(p + 22, proto == 1 ? 0 : 23);
    if (proto == 1) p[20] = 8, p[21] = 0;
    if (proto == 6) memcpy(p + 24, dst, 4), p[32] = 0x50, p[33] = 0x02;
    return 20 + l4;
}

static void write_pcap(const char *path, int npkt)
{
    pcap_t *p = pcap_open_dead_with_tstamp_precision(DLT_RAW, 65535, PCAP_TSTAMP_PRECISION_NANO);
    pcap_dumper_t *d = pcap_dump_open(p, path);
    for (int i = 0; i < npkt; i++) {
        uint8_t b[64];
        struct pcap_pkthdr h = {0};
        h.ts.tv_sec = 1509408000 + i / 10;
        h.ts.tv_usec = (i % 10) * 100000000 + 7; /* nanoseconds, kept exactly */
        h.caplen = h.len = (bpf_u_int32)packet(b, i);
        pcap_dump((u_char *)d, &h, b);
    }
    pcap_dump_close(d);
    pcap_close(p);
}

/* Same records, field by field (the sensor index is the reader's). */
static bool same(const fmt_drained *a, const fmt_drained *b)
{
    if (a->n != b->n) return false;
    for (size_t i = 0; i < a->n; i++) {
        dg_record x = a->rec[i], y = b->rec[i];
        x.sensor = y.sensor = 0;
        if (memcmp(&x, &y, sizeof x) != 0) return false;
    }
    return true;
}

static fmt_drained plain, got;

static void test_pcap_compressed(void)
{
    write_pcap(fmt_path("c.pcap"), NPKT);
    CHECK(fmt_read(dgsrc_pcap, fmt_path("c.pcap"), &plain));
    CHECK_EQ_INT(plain.n, NPKT);
    CHECK_EQ_INT(plain.errors, 0);
    CHECK(dg_record_is_mirai(&plain.rec[0]));
    CHECK_EQ_INT(plain.rec[1].ts_ns, 1509408000ull * 1000000000ull + 100000007ull);
    for (int t = 0; t < 4; t++) {
        const char *z = fmt_path("c.pcap.z");
        CHECK_EQ_INT(fmt_sh("%s -c '%s' > '%s'", TOOL[t][0], fmt_path("c.pcap"), z), 0);
        CHECK_EQ_INT(dgz_file_kind(z), t + 1);
        CHECK(fmt_read(NULL, z, &got)); /* by content, whatever the name */
        CHECK(same(&plain, &got));
        CHECK_EQ_INT(got.errors, 0);
        CHECK(fmt_read(dgsrc_pcap, z, &got)); /* --pcap takes it too */
        CHECK(same(&plain, &got));
        if (!same(&plain, &got)) fprintf(stderr, "  with %s\n", TOOL[t][0]);
    }
}

/* A darkglobe recording is pcapng; compressed, libpcap reads its packets. */
static void test_pcapng_compressed(void)
{
    char err[256];
    dgrec_writer *w = dgrec_open_write(fmt_path("r.pcapng"), false, err, sizeof err);
    CHECK(w != NULL);
    if (!w) return;
    dgw_sensor_table st = {.count = 1, .name = {"tokyo"}};
    for (size_t i = 0; i < NPKT; i += 100) {
        dg_record r[100];
        memcpy(r, plain.rec + i, sizeof r);
        for (int k = 0; k < 100; k++)
            r[k].sensor = 0;
        CHECK(dgrec_write_records(w, &st, r, 100, r[0].ts_ns));
    }
    CHECK(dgrec_close_write(w));
    CHECK_EQ_INT(fmt_sh("xz -c '%s' > '%s'", fmt_path("r.pcapng"), fmt_path("r.pcapng.xz")), 0);
    CHECK(fmt_read(NULL, fmt_path("r.pcapng.xz"), &got));
    CHECK_EQ_INT(got.n, NPKT);
    CHECK_EQ_INT(got.errors, 0);
    CHECK(got.n == NPKT && memcmp(got.rec[NPKT - 1].src, plain.rec[NPKT - 1].src, 16) == 0);
}

/* Cut in the middle of the compressed stream: the packets before are read, one error. The
 * capture is large enough for several compressed blocks (bzip2 -1: 100 kB blocks), since a
 * decoder can hand out only whole blocks. */
static void test_cut(void)
{
    write_pcap(fmt_path("big.pcap"), NBIG);
    CHECK(fmt_read(dgsrc_pcap, fmt_path("big.pcap"), &plain));
    for (int t = 0; t < 4; t++) {
        const char *z = fmt_path("cut.z"), *cut = fmt_path("cut.part");
        fmt_sh("%s -c %s '%s' > '%s'", TOOL[t][0], t == 1 ? "-1" : "", fmt_path("big.pcap"), z);
        fmt_cut(z, cut, fmt_size(z) * 9 / 10);
        CHECK(fmt_read(NULL, cut, &got));
        CHECK(got.n > NBIG / 3 && got.n < NBIG);
        CHECK(got.errors >= 1);
        bool prefix = got.n <= NBIG;
        for (size_t i = 0; prefix && i < got.n; i++)
            prefix = got.rec[i].ts_ns == plain.rec[i].ts_ns;
        CHECK(prefix);
        if (!(got.n > NBIG / 3 && got.n < NBIG && got.errors))
            fprintf(stderr, "  with %s: %zu of %d\n", TOOL[t][0], got.n, NBIG);
    }
}

/* A compressed file that holds no capture: refused, naming the compression. */
static void test_not_capture(void)
{
    fmt_write(fmt_path("notes.txt"), "just some text, not packets\n");
    fmt_sh("zstd -q -c '%s' > '%s'", fmt_path("notes.txt"), fmt_path("notes.zst"));
    char err[512] = "";
    dg_source *s = dgsrc_open_auto(fmt_path("notes.zst"), NULL, err, sizeof err);
    CHECK(s == NULL);
    CHECK(strstr(err, "zstd-compressed, but not a pcap/pcapng capture") != NULL);
    if (s) s->close(s);
    s = dgsrc_pcap(fmt_path("notes.zst"), err, sizeof err);
    CHECK(s == NULL);
    if (s) s->close(s);
    /* cut before the end of its first block: nothing to recognise, and it says so */
    fmt_sh("bzip2 -c '%s' | head -c 40 > '%s'", fmt_path("c.pcap"), fmt_path("early.bz2"));
    s = dgsrc_open_auto(fmt_path("early.bz2"), NULL, err, sizeof err);
    CHECK(s == NULL);
    CHECK(strstr(err, "bzip2-compressed, compressed data cut short before any data") != NULL);
    if (s) s->close(s);
}

int main(void)
{
    fmt_mkdir("dg_test_zcap");
    test_pcap_compressed();
    test_pcapng_compressed();
    test_cut();
    test_not_capture();
    fmt_sh("rm -rf '%s'", fmt_dir);
    return check_report();
}
