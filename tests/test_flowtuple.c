/* test_flowtuple.c - CAIDA corsaro flowtuple Avro files. The fixtures are written with
 * libavro (deflate blocks, as Avro container files usually are) in the record schema corsaro's
 * flowtuple plugin writes: time, src_ip, dst_ip, src_port, dst_port, protocol, ttl, tcp_flags,
 * ip_len, tcp_synlen, tcp_synwinlen, packet_cnt, is_spoofed, is_masscan, maxmind/netacq
 * continent and country, prefix2asn. Checks: one record per flowtuple with packet_cnt
 * packets (exact totals), fields and presence bits, tags, a bad tuple skipped, a file cut
 * between blocks read up to the damage, other Avro schemas and non-Avro files refused.
 * Kafka messages (dgft_decode_message): containers of either codec, schema registry framing
 * and bare datums give the file's records; cut, foreign and garbage messages are malformed;
 * randomly damaged messages never crash. */
#include "fmt_util.h"
#include "fmt_fixtures.h"
#include "flowtuple.h"

#include <avro.h>

typedef fx_ft tuple;
#define IP FX_IP
static const tuple TUPLES[] = {
    {1509408000, IP(192, 0, 2, 1), IP(203, 0, 113, 7), 40000, 23, 6, 54, 0x02, 40, 20, 14600,
     1000, 0, 1, "CN"},
    {1509408000, IP(198, 51, 100, 9), IP(203, 0, 113, 9), 5353, 53, 17, 128, 0, 60, 0, 0, 3, 1,
     0, "US"},
    {1509408000, IP(198, 51, 100, 10), IP(203, 0, 113, 9), 8, 0, 1, 64, 0, 84, 0, 0, 1, 0, 0,
     "??"},
    {1509408060, IP(192, 0, 2, 2), IP(203, 0, 113, 8), 50000, 445, 6, 113, 0x02, 52, 32, 65535,
     7, 0, 0, "JP"},
    {1509408060, IP(192, 0, 2, 3), IP(203, 0, 113, 8), 0, 0, 47, 250, 0, 576, 0, 0, 2, 0, 0,
     "DE"},
    {1509408060, IP(192, 0, 2, 4), IP(203, 0, 113, 8), 70000, 80, 6, 64, 0x12, 40, 0, 0, 5, 0, 0,
     "FR"}, /* a port out of range: skipped */
};
#define NTUPLES (sizeof TUPLES / sizeof TUPLES[0])

/* Writes the tuples `repeat` times (time + i*60 for the i-th copy) with libavro. */
static bool write_avro(const char *path, const char *schema_json, int repeat)
{
    avro_schema_t schema;
    avro_file_writer_t w;
    if (avro_schema_from_json_length(schema_json, strlen(schema_json), &schema)) return false;
    unlink(path);
    if (avro_file_writer_create_with_codec(path, schema, &w, "deflate", 4096)) {
        fprintf(stderr, "avro writer: %s\n", avro_strerror());
        return false;
    }
    avro_value_iface_t *iface = avro_generic_class_from_schema(schema);
    avro_value_t v;
    avro_generic_value_new(iface, &v);
    for (int k = 0; k < repeat; k++)
        for (size_t i = 0; i < NTUPLES; i++) {
            tuple t = TUPLES[i];
            t.time += 60ll * k;
            fx_ft_fill(&v, &t);
            avro_file_writer_append_value(w, &v);
        }
    avro_value_decref(&v);
    avro_value_iface_decref(iface);
    avro_file_writer_close(w);
    avro_schema_decref(schema);
    return true;
}

static fmt_drained d;

static void test_read(void)
{
    CHECK(write_avro(fmt_path("ft.avro"), FX_FLOWTUPLE_SCHEMA, 1));
    CHECK(fmt_read(dgsrc_flowtuple, fmt_path("ft.avro"), &d));
    CHECK_EQ_INT(d.n, 5);
    CHECK_EQ_INT(d.pkts, 1000 + 3 + 1 + 7 + 2);
    CHECK_EQ_INT(d.errors, 1);
    if (d.n != 5) return;
    const dg_record *r = d.rec;
    CHECK_EQ_INT(r[0].ts_ns, 1509408000ull * 1000000000ull);
    CHECK_EQ_INT(r[0].pkts, 1000);
    CHECK(r[0].src[0] == 192 && r[0].src[3] == 1 && r[0].dst[3] == 7);
    CHECK(dg_record_is_syn(&r[0]));
    CHECK_EQ_INT(r[0].ttl, 54);
    CHECK_EQ_INT(r[0].ip_len, 40);
    CHECK_EQ_INT(r[0].win, 14600);
    CHECK(dg_record_has(&r[0], DG_HAVE_WIN | DG_HAVE_OPTS | DG_HAVE_TTL | DG_HAVE_LEN));
    CHECK_EQ_INT(r[0].tcp_opts, 0);
    CHECK(!dg_record_has(&r[0], DG_HAVE_SEQ) && !dg_record_has(&r[0], DG_HAVE_IPID));
    CHECK_EQ_INT(r[0].tags, DG_TAG_LARGE_SCAN);
    CHECK_EQ_INT(r[1].tags, DG_TAG_SPOOFED);
    CHECK(!dg_record_has(&r[1], DG_HAVE_FLAGS)); /* UDP: corsaro's 0 is no flags */
    CHECK_EQ_INT(r[2].proto, DG_PROTO_ICMP);
    CHECK_EQ_INT(r[2].sport, 8);
    CHECK_EQ_INT(r[3].tcp_opts, 1); /* a 32-byte SYN header carries options */
    CHECK_EQ_INT(r[3].win, 65535);
    CHECK_EQ_INT(r[4].proto, 47);
    CHECK(!dg_record_has(&r[4], DG_HAVE_SPORT) && !dg_record_has(&r[4], DG_HAVE_DPORT));
    CHECK(fmt_read(NULL, fmt_path("ft.avro"), &d)); /* by content */
    CHECK_EQ_INT(d.pkts, 1013);
}

/* Many deflate blocks, cut in the middle: the blocks before are read, one report. */
static void test_cut(void)
{
    CHECK(write_avro(fmt_path("many.avro"), FX_FLOWTUPLE_SCHEMA, 500));
    CHECK(fmt_read(dgsrc_flowtuple, fmt_path("many.avro"), &d));
    CHECK_EQ_INT(d.n, 2500);
    CHECK_EQ_INT(d.pkts, 500 * 1013);
    fmt_cut(fmt_path("many.avro"), fmt_path("cut.avro"), fmt_size(fmt_path("many.avro")) / 2);
    CHECK(fmt_read(dgsrc_flowtuple, fmt_path("cut.avro"), &d));
    CHECK(d.n > 500 && d.n < 2500);
    /* the bad tuple of each copy read, and the cut */
    CHECK(d.errors >= d.n / 5 && d.errors <= d.n / 5 + 1);
}

static void test_refuse(void)
{
    char err[512];
    CHECK(dgfmt_check(fmt_path("ft.avro"), DGFMT_FLOWTUPLE, err, sizeof err));
    static const char OTHER[] = "{\"type\":\"record\",\"name\":\"weather\",\"fields\":["
                                "{\"name\":\"time\",\"type\":\"long\"},"
                                "{\"name\":\"temp\",\"type\":\"int\"}]}";
    avro_schema_t schema;
    avro_file_writer_t w;
    CHECK(!avro_schema_from_json_length(OTHER, strlen(OTHER), &schema));
    unlink(fmt_path("other.avro"));
    CHECK(!avro_file_writer_create(fmt_path("other.avro"), schema, &w));
    avro_file_writer_close(w);
    avro_schema_decref(schema);
    CHECK(!dgfmt_check(fmt_path("other.avro"), DGFMT_FLOWTUPLE, err, sizeof err));
    CHECK(strstr(err, "no member \"src_ip\": not a corsaro flowtuple") != NULL);
    fmt_write(fmt_path("text.avro"), "time,src_ip\n");
    CHECK(!dgfmt_check(fmt_path("text.avro"), DGFMT_FLOWTUPLE, err, sizeof err));
    CHECK(strstr(err, "not an Avro (flowtuple) file") != NULL);
}

static dgfm_result res;

static bool decode(dgft_decoder *dec, const uint8_t *msg, size_t len)
{
    memset(&res, 0, sizeof res);
    return dgft_decode_message(dec, msg, len, &res);
}

/* The five good tuples' records, as the file gives them. */
static void check_five(void)
{
    CHECK_EQ_INT(res.kind, DGFM_PACKETS);
    CHECK_EQ_INT(res.nrec, 5);
    uint64_t pkts = 0;
    for (size_t i = 0; i < res.nrec; i++)
        pkts += dg_record_pkts(&res.recs[i]);
    CHECK_EQ_INT(pkts, 1013);
    if (res.nrec != 5) return;
    CHECK(memcmp(&res.recs[0], &d.rec[0], sizeof res.recs[0]) == 0);
    CHECK(memcmp(&res.recs[4], &d.rec[4], sizeof res.recs[4]) == 0);
}

/* 0x00, a schema id, then a datum. */
static size_t registry(const tuple *t, uint8_t *buf, size_t cap)
{
    buf[0] = 0, buf[1] = 0, buf[2] = 0, buf[3] = 1, buf[4] = 42;
    return 5 + fx_ft_datum(t, buf + 5, cap - 5);
}

static void test_framings(dgft_decoder *dec)
{
    CHECK(fmt_read(dgsrc_flowtuple, fmt_path("ft.avro"), &d));
    size_t len;
    for (int c = 0; c < 2; c++) {
        uint8_t *m = fx_ft_container(TUPLES, NTUPLES, 2, c ? "null" : "deflate", &len);
        CHECK(decode(dec, m, len));
        check_five();
        CHECK_EQ_INT(res.nbad, 1);
        CHECK(strstr(res.reason, "bad port") != NULL);
        free(m);
    }
    uint8_t buf[1024];
    len = registry(&TUPLES[0], buf, sizeof buf);
    CHECK(decode(dec, buf, len));
    CHECK_EQ_INT(res.nrec, 1);
    CHECK(res.nrec == 1 && memcmp(&res.recs[0], &d.rec[0], sizeof res.recs[0]) == 0);
    len = 0;
    for (size_t i = 0; i < 5; i++)
        len += fx_ft_datum(&TUPLES[i], buf + len, sizeof buf - len);
    CHECK(decode(dec, buf, len));
    check_five();
    CHECK_EQ_INT(res.nbad, 0);
}

static void malformed_as(dgft_decoder *dec, const void *msg, size_t len, const char *why)
{
    CHECK(!decode(dec, msg, len));
    CHECK_EQ_INT(res.kind, DGFM_NONE);
    CHECK_EQ_INT(res.nrec, 0);
    if (!strstr(res.reason, why)) fprintf(stderr, "reason \"%s\", not \"%s\"\n", res.reason, why);
    CHECK(strstr(res.reason, why) != NULL);
}

static void test_malformed(dgft_decoder *dec)
{
    uint8_t buf[1024];
    size_t len;
    malformed_as(dec, "", 0, "empty message");
    malformed_as(dec, "hello", 5, "bare datum: does not decode");
    len = registry(&TUPLES[0], buf, sizeof buf);
    malformed_as(dec, buf, 3, "schema registry framing: no datum");
    malformed_as(dec, buf, 5, "schema registry framing: no datum");
    malformed_as(dec, buf, len - 1, "(no registry is asked): does not decode");
    buf[len] = 7;
    malformed_as(dec, buf, len + 1, "schema registry framing: bytes after the datum");
    len = fx_ft_datum(&TUPLES[0], buf, sizeof buf);
    malformed_as(dec, buf, len - 2, "bare datum: does not decode");
    uint8_t *m = fx_ft_container(TUPLES, NTUPLES, 2, "deflate", &len);
    malformed_as(dec, m, len / 2, "Avro container: ");
    malformed_as(dec, m, len - 1, "sync marker");
    m[len - 3] ^= 0xff;
    malformed_as(dec, m, len, "sync marker");
    free(m);
    malformed_as(dec, "Obj\x01\x02", 5, "header is cut");
    static const char OTHER[] = "{\"type\":\"record\",\"name\":\"w\",\"fields\":["
                                "{\"name\":\"time\",\"type\":\"long\"}]}";
    char *b = NULL;
    FILE *fp = open_memstream(&b, &len);
    avro_schema_t s = fx_schema(OTHER);
    avro_file_writer_t w;
    CHECK(!avro_file_writer_create_fp(fp, "mem", 0, s, &w));
    avro_value_iface_t *iface = avro_generic_class_from_schema(s);
    avro_value_t v;
    avro_generic_value_new(iface, &v);
    avro_file_writer_append_value(w, &v);
    avro_file_writer_close(w);
    fclose(fp);
    malformed_as(dec, b, len, "no member \"src_ip\"");
    avro_value_decref(&v);
    avro_value_iface_decref(iface);
    avro_schema_decref(s);
    free(b);
}

/* A message holds at most DGW_MAX_RECORDS records: the rest are bad elements. */
static void test_overfull(dgft_decoder *dec)
{
    size_t n = DGW_MAX_RECORDS + 8, len;
    tuple *t = calloc(n, sizeof *t);
    for (size_t i = 0; i < n; i++)
        t[i] = TUPLES[i % 5];
    uint8_t *m = fx_ft_container(t, n, 1000, "deflate", &len);
    CHECK(decode(dec, m, len));
    CHECK_EQ_INT(res.nrec, DGW_MAX_RECORDS);
    CHECK_EQ_INT(res.nbad, 8);
    CHECK(strstr(res.reason, "more than 8192") != NULL);
    free(m);
    free(t);
}

/* Damaged copies of each framing: decoded or refused, never a crash or a wild record. */
static void test_damage(dgft_decoder *dec)
{
    uint8_t msgs[3][4096];
    size_t lens[3], len;
    uint8_t *m = fx_ft_container(TUPLES, NTUPLES, 2, "deflate", &len);
    memcpy(msgs[0], m, len), lens[0] = len;
    free(m);
    lens[1] = registry(&TUPLES[1], msgs[1], sizeof msgs[1]);
    lens[2] = 0;
    for (size_t i = 0; i < 3; i++)
        lens[2] += fx_ft_datum(&TUPLES[i], msgs[2] + lens[2], sizeof msgs[2] - lens[2]);
    srand(16);
    size_t ok = 0, bad = 0;
    for (int k = 0; k < 30000; k++) {
        int f = k % 3;
        uint8_t buf[4096];
        size_t n = lens[f];
        memcpy(buf, msgs[f], n);
        for (int j = 1 + rand() % 3; j > 0; j--)
            buf[(f == 0 ? 4 : 0) + (size_t)rand() % (n - (f == 0 ? 4 : 0))] ^= (uint8_t)(1 + rand() % 255);
        if (rand() % 4 == 0) n = (size_t)rand() % n + 1;
        if (decode(dec, buf, n)) {
            ok++;
            CHECK(res.nrec + res.nbad <= NTUPLES * 4);
            for (size_t i = 0; i < res.nrec; i++)
                CHECK(res.recs[i].ip_ver == 4 && res.recs[i].ts_ns <= 18000000000ull * 1000000000ull);
        } else {
            bad++;
        }
    }
    fprintf(stderr, "damaged messages: %zu decoded, %zu malformed\n", ok, bad);
    CHECK(bad > 0);
}

static void test_messages(void)
{
    dgft_decoder *dec = dgft_decoder_new();
    CHECK(dec != NULL);
    if (!dec) return;
    test_framings(dec);
    test_malformed(dec);
    test_overfull(dec);
    test_damage(dec);
    test_framings(dec); /* nothing left over from the damage */
    dgft_decoder_free(dec);
}

int main(void)
{
    fmt_mkdir("dg_test_flowtuple");
    test_read();
    test_cut();
    test_refuse();
    test_messages();
    fmt_sh("rm -rf '%s'", fmt_dir);
    return check_report();
}
