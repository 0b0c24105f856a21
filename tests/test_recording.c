/* test_recording.c - pcapng recordings: round trip of records (every protocol, IPv4/IPv6,
 * sensors) and alerts with receive times, libpcap interop, torn tails, append, index and
 * seek, and the dg_source over a recording. */
#include "check.h"
#include "recording.h"
#include "source_kinds.h"

#include <pcap/pcap.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[] = "/tmp/dg_test_rec_XXXXXX";
static char path[256];

static dg_record rec(int i)
{
    dg_record r = {0};
    r.ts_ns = 1509408000000000000ull + (uint64_t)i * 1000003ull;
    r.ip_ver = i % 5 == 4 ? 6 : 4;
    static const uint8_t protos[] = {DG_PROTO_TCP, DG_PROTO_UDP, DG_PROTO_ICMP, 47};
    r.proto = r.ip_ver == 6 && i % 2 ? DG_PROTO_ICMP6 : protos[i % 4];
    r.src[0] = 192, r.src[1] = 0, r.src[2] = 2, r.src[3] = (uint8_t)i;
    r.dst[0] = 203, r.dst[1] = 0, r.dst[2] = 113, r.dst[3] = (uint8_t)(i * 7);
    if (r.ip_ver == 6) r.src[15] = 9, r.dst[15] = 1;
    bool icmp = r.proto == DG_PROTO_ICMP || r.proto == DG_PROTO_ICMP6;
    r.sport = (uint16_t)(icmp ? i % 256 : 1024 + i);
    r.dport = (uint16_t)(icmp ? 3 : (i % 3 ? 23 : 52869));
    if (r.proto == DG_PROTO_TCP) {
        r.flags = i % 3 ? DG_TCP_SYN : DG_TCP_SYN | DG_TCP_ACK;
        r.seq = (uint32_t)r.dst[0] << 24 | r.dst[1] << 16 | r.dst[2] << 8 | r.dst[3];
    }
    r.ip_len = (uint16_t)(60 + i % 1400);
    r.ttl = (uint8_t)(30 + i % 200);
    r.sensor = i % 3 == 2 ? DG_SENSOR_NONE : (uint16_t)(i % 3);
    r.have = DG_HAVE_DST | DG_HAVE_SPORT | DG_HAVE_DPORT | DG_HAVE_TTL | DG_HAVE_LEN;
    if (r.ip_ver == 4) r.have |= DG_HAVE_IPID, r.ipid = (uint16_t)(i * 13);
    if (r.proto == DG_PROTO_TCP) {
        r.have |= DG_HAVE_SEQ | DG_HAVE_FLAGS | DG_HAVE_WIN | DG_HAVE_OPTS;
        r.win = (uint16_t)(1024 + i);
        r.tcp_opts = i % 4 != 0;
        if (i % 8 == 1) r.have |= DG_HAVE_MSS, r.mss = 1460;
    }
    /* a log row (Marx-like): no seq, destination, TTL or length were observed */
    if (i % 11 == 10) dg_record_mask(&r, DG_HAVE_SPORT | DG_HAVE_DPORT | DG_HAVE_FLAGS);
    if (i % 13 == 12) r.pkts = (uint32_t)(2 + i); /* an aggregated record */
    return r;
}

static dg_alert alert(int i)
{
    dg_alert a = {0};
    snprintf(a.id, sizeof a.id, "a%d", i);
    a.ts_ns = 1509408000000000000ull + (uint64_t)i * 1000000000ull;
    a.last_ns = a.ts_ns;
    a.severity = DG_SEV_HIGH;
    snprintf(a.kind, sizeof a.kind, "watchlist");
    snprintf(a.title, sizeof a.title, "Mirai scanning from AS%d", i);
    snprintf(a.src, sizeof a.src, "192.0.2.%d", i % 250);
    a.dport = 23;
    a.proto = DG_PROTO_TCP;
    a.count = 1;
    return a;
}

static dgw_sensor_table sensors(void)
{
    dgw_sensor_table st = {.count = 2};
    snprintf(st.name[0], DGW_SENSOR_NAME_LEN, "tokyo");
    snprintf(st.name[1], DGW_SENSOR_NAME_LEN, "osaka");
    return st;
}

static bool same(const dg_record *a, const dg_record *b)
{
    return a->ts_ns == b->ts_ns && !memcmp(a->src, b->src, 16) && !memcmp(a->dst, b->dst, 16) &&
           a->seq == b->seq && a->sport == b->sport && a->dport == b->dport &&
           a->ip_len == b->ip_len && a->ip_ver == b->ip_ver && a->proto == b->proto &&
           a->flags == b->flags && a->ttl == b->ttl && a->have == b->have &&
           a->ipid == b->ipid && a->win == b->win && a->mss == b->mss && a->tcp_opts == b->tcp_opts &&
           a->pkts == b->pkts;
}

/* Writes nb batches of 10 records with an alert after every third batch. */
static void write_file(bool append, int first, int nb)
{
    char err[256] = "";
    dgrec_writer *w = dgrec_open_write(path, append, err, sizeof err);
    CHECK(w != NULL);
    if (!w) return fprintf(stderr, "%s\n", err), (void)0;
    dgw_sensor_table st = sensors();
    for (int b = first; b < first + nb; b++) {
        dg_record r[10];
        for (int i = 0; i < 10; i++)
            r[i] = rec(b * 10 + i);
        CHECK(dgrec_write_records(w, &st, r, 10, 7000000000ull + (uint64_t)b));
        if (b % 3 == 2) {
            dg_alert a = alert(b);
            CHECK(dgrec_write_alert(w, &a, 8000000000ull + (uint64_t)b));
        }
    }
    CHECK(dgrec_close_write(w));
}

/* Reads the whole file; checks every record and alert against what was written. */
static void read_all(int nb, int nrec_want, bool expect_torn)
{
    char err[256] = "";
    dgrec_reader *r = dgrec_open_read(path, err, sizeof err);
    CHECK(r != NULL);
    if (!r) return;
    dg_record out[16];
    dgrec_item *it = malloc(sizeof *it);
    int nrec = 0, nal = 0, bad = 0;
    while (dgrec_next(r, out, 16, it) != DGREC_END) {
        if (it->kind == DGREC_ALERT) {
            int b = (int)(it->recv_ns - 8000000000ull);
            bad += it->alert.ts_ns != alert(b).ts_ns || strcmp(it->alert.title, alert(b).title);
            nal++;
            continue;
        }
        CHECK(it->n <= 10);
        for (size_t i = 0; i < it->n; i++, nrec++) {
            dg_record want = rec(nrec);
            bad += !same(&out[i], &want);
            bad += it->recv_ns != 7000000000ull + (uint64_t)(nrec / 10);
            const char *name =
                out[i].sensor == DG_SENSOR_NONE ? "" : dgrec_sensors(r)->name[out[i].sensor];
            bad += strcmp(name, want.sensor == DG_SENSOR_NONE ? "" : sensors().name[want.sensor]);
        }
    }
    CHECK_EQ_INT(bad, 0);
    CHECK_EQ_INT(nrec, nrec_want);
    CHECK_EQ_INT(nal, nb / 3);
    CHECK_EQ_INT(dgrec_torn(r), expect_torn);
    CHECK_EQ_INT(dgrec_sensors(r)->count, 2);
    free(it);
    dgrec_close_read(r);
}

/* libpcap's own pcapng reader sees the same packets (interop with tcpdump/Wireshark);
 * record number `lost` was cut off by a torn tail (-1: none). */
static void check_libpcap(int nrec, int lost)
{
    char err[256] = "";
    dg_source *s = dgsrc_pcap(path, err, sizeof err);
    CHECK(s != NULL);
    if (!s) return (void)fprintf(stderr, "%s\n", err);
    dg_record out[64];
    int n, total = 0, bad = 0;
    while ((n = s->next(s, out, 64)) > 0)
        for (int i = 0; i < n; i++, total++) {
            dg_record want = rec(lost >= 0 && total >= lost ? total + 1 : total);
            if (want.proto == 47) want.sport = want.dport = 0; /* GRE has no ports in pcap */
            /* libpcap sees the packet, not our presence option: an unknown field's zero */
            if (!dg_record_has(&want, DG_HAVE_LEN)) want.ip_len = out[i].ip_len; /* v6: 40 */
            want.have = out[i].have;
            want.pkts = out[i].pkts;
            bad += !same(&out[i], &want);
        }
    CHECK_EQ_INT(total, nrec);
    CHECK_EQ_INT(bad, 0);
    s->close(s);
}

static void test_round_trip_append_torn(void)
{
    write_file(false, 0, 10);
    read_all(10, 100, false);
    check_libpcap(100, -1);
    struct stat sb;
    stat(path, &sb);
    CHECK(truncate(path, sb.st_size - 30) == 0); /* power loss mid-block */
    read_all(10, 99, true);                      /* the last record is lost, the rest is read */
    write_file(true, 10, 6);                     /* cuts the torn tail; a new section */
    char err[256];
    dgrec_reader *r = dgrec_open_read(path, err, sizeof err);
    dg_record out[16];
    dgrec_item *it = malloc(sizeof *it);
    int n = 0;
    while (dgrec_next(r, out, 16, it) != DGREC_END)
        n += it->kind == DGREC_RECORDS ? (int)it->n : 0;
    CHECK_EQ_INT(n, 99 + 60);
    CHECK(!dgrec_torn(r));
    dgrec_close_read(r);
    r = NULL;
    check_libpcap(99 + 60, 99); /* libpcap reads both sections too */
    free(it);
}

static void test_index_seek_source(void)
{
    write_file(false, 0, 1000); /* 10,000 records */
    char err[256] = "";
    dgrec_index *ix = dgrec_index_build(path, 1000, err, sizeof err);
    CHECK(ix != NULL);
    if (!ix) return;
    uint64_t first, last, nrec, nal;
    dgrec_index_span(ix, &first, &last);
    dgrec_index_totals(ix, &nrec, &nal);
    CHECK_EQ_INT(nrec, 10000);
    CHECK_EQ_INT(nal, 333);
    CHECK_EQ_INT(dgrec_index_points(ix), 10);
    CHECK_EQ_INT(first, rec(0).ts_ns);
    CHECK_EQ_INT(last, rec(9999).ts_ns);
    dgrec_reader *r = dgrec_open_read(path, err, sizeof err);
    dg_record out[16];
    dgrec_item *it = malloc(sizeof *it);
    int targets[] = {7777, 123, 0, 9999, 4000};
    for (int k = 0; k < 5; k++) {
        CHECK(dgrec_seek(r, ix, rec(targets[k]).ts_ns));
        while (dgrec_next(r, out, 16, it) == DGREC_ALERT) {
        }
        CHECK(it->n >= 1 && same(&out[0], &(dg_record){0}) == false);
        dg_record want = rec(targets[k]);
        CHECK(same(&out[0], &want));
        CHECK_STR_EQ(want.sensor == DG_SENSOR_NONE ? "-" : dgrec_sensors(r)->name[out[0].sensor],
                     want.sensor == DG_SENSOR_NONE ? "-" : sensors().name[want.sensor]);
    }
    free(it);
    dgrec_close_read(r);
    dgrec_index_free(ix);

    dg_source *s = dgsrc_recording(path, err, sizeof err);
    CHECK(s != NULL);
    if (!s) return;
    dg_record buf[512];
    int n, total = 0;
    while ((n = s->next(s, buf, 512)) > 0) {
        if (total == 0) CHECK_STR_EQ(s->sensors.name[buf[0].sensor], "tokyo");
        total += n;
    }
    CHECK_EQ_INT(total, 10000);
    dg_alert a;
    uint64_t recv = 0;
    int nalerts = 0;
    while (dgsrc_alert(s, &a, &recv))
        nalerts++;
    CHECK_EQ_INT(nalerts, 256); /* the ring keeps the newest; older ones counted as dropped */
    CHECK_EQ_INT(recv, 8000000000ull + 998);
    CHECK_EQ_INT(s->src_errors, 333 - 256);
    CHECK(dgsrc_seek(s, rec(5000).ts_ns));
    CHECK(s->next(s, buf, 1) == 1 && same(&buf[0], &(dg_record){0}) == false);
    dg_record want = rec(5000);
    CHECK(same(&buf[0], &want));
    CHECK(s->rewind(s));
    CHECK_EQ_INT(s->next(s, buf, 512), 10);
    CHECK(strcmp(s->kind, "recording") == 0 && (s->caps & DGSRC_CAP_INDEX));
    s->close(s);

    dg_source *a2 = dgsrc_open_auto(path, NULL, err, sizeof err);
    CHECK(a2 != NULL && strcmp(a2->kind, "recording") == 0);
    if (a2) a2->close(a2);
}

static void test_bad_inputs(void)
{
    char err[256] = "", junk[300];
    snprintf(junk, sizeof junk, "%s/junk", dir);
    FILE *f = fopen(junk, "wb");
    fputs("not pcapng", f);
    fclose(f);
    CHECK(dgrec_open_read(junk, err, sizeof err) == NULL);
    CHECK(strstr(err, "not a pcapng") != NULL);
    CHECK(dgrec_open_write(junk, true, err, sizeof err) == NULL);
    CHECK(strstr(err, "cannot append") != NULL);
    CHECK(dgrec_open_write("/nonexistent/dir/x.pcapng", false, err, sizeof err) == NULL);
    CHECK(dgsrc_recording("/nonexistent.pcapng", err, sizeof err) == NULL);
}

int main(void)
{
    if (!mkdtemp(dir)) return 1;
    snprintf(path, sizeof path, "%s/rec.pcapng", dir);
    test_round_trip_append_torn();
    test_index_seek_source();
    test_bad_inputs();
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0) fprintf(stderr, "cannot remove %s\n", dir);
    return check_report();
}
