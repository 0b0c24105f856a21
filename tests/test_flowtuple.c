/* test_flowtuple.c - CAIDA corsaro flowtuple Avro files. The fixtures are written with
 * libavro (deflate blocks, as Avro container files usually are) in the record schema corsaro's
 * flowtuple plugin writes: time, src_ip, dst_ip, src_port, dst_port, protocol, ttl, tcp_flags,
 * ip_len, tcp_synlen, tcp_synwinlen, packet_cnt, is_spoofed, is_masscan, maxmind/netacq
 * continent and country, prefix2asn. Checks: one record per flowtuple with packet_cnt
 * packets (exact totals), fields and presence bits, tags, a bad tuple skipped, a file cut
 * between blocks read up to the damage, other Avro schemas and non-Avro files refused. */
#include "fmt_util.h"

#include <avro.h>

static const char SCHEMA[] =
    "{\"type\":\"record\",\"namespace\":\"org.caida.corsaro\",\"name\":\"flowtuple\","
    "\"fields\":[{\"name\":\"time\",\"type\":\"long\"},{\"name\":\"src_ip\",\"type\":\"long\"},"
    "{\"name\":\"dst_ip\",\"type\":\"long\"},{\"name\":\"src_port\",\"type\":\"int\"},"
    "{\"name\":\"dst_port\",\"type\":\"int\"},{\"name\":\"protocol\",\"type\":\"int\"},"
    "{\"name\":\"ttl\",\"type\":\"int\"},{\"name\":\"tcp_flags\",\"type\":\"int\"},"
    "{\"name\":\"ip_len\",\"type\":\"int\"},{\"name\":\"tcp_synlen\",\"type\":\"int\"},"
    "{\"name\":\"tcp_synwinlen\",\"type\":\"int\"},{\"name\":\"packet_cnt\",\"type\":\"long\"},"
    "{\"name\":\"is_spoofed\",\"type\":\"int\"},{\"name\":\"is_masscan\",\"type\":\"int\"},"
    "{\"name\":\"maxmind_continent\",\"type\":\"string\"},"
    "{\"name\":\"maxmind_country\",\"type\":\"string\"},"
    "{\"name\":\"netacq_continent\",\"type\":\"string\"},"
    "{\"name\":\"netacq_country\",\"type\":\"string\"},"
    "{\"name\":\"prefix2asn\",\"type\":\"long\"}]}";

typedef struct tuple {
    long long time, src, dst;
    int sport, dport, proto, ttl, flags, len, synlen, synwin;
    long long pkts;
    int spoofed, masscan;
    const char *cc;
} tuple;

#define IP(a, b, c, d) ((long long)(a) << 24 | (b) << 16 | (c) << 8 | (d))
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

static void set(avro_value_t *rec, const char *name, long long v, bool is_long)
{
    avro_value_t f;
    avro_value_get_by_name(rec, name, &f, NULL);
    if (is_long)
        avro_value_set_long(&f, v);
    else
        avro_value_set_int(&f, (int32_t)v);
}

static void set_str(avro_value_t *rec, const char *name, const char *v)
{
    avro_value_t f;
    avro_value_get_by_name(rec, name, &f, NULL);
    avro_value_set_string(&f, v);
}

static void fill(avro_value_t *v, const tuple *t)
{
    set(v, "time", t->time, true), set(v, "src_ip", t->src, true), set(v, "dst_ip", t->dst, true);
    set(v, "src_port", t->sport, false), set(v, "dst_port", t->dport, false);
    set(v, "protocol", t->proto, false), set(v, "ttl", t->ttl, false);
    set(v, "tcp_flags", t->flags, false), set(v, "ip_len", t->len, false);
    set(v, "tcp_synlen", t->synlen, false), set(v, "tcp_synwinlen", t->synwin, false);
    set(v, "packet_cnt", t->pkts, true), set(v, "is_spoofed", t->spoofed, false);
    set(v, "is_masscan", t->masscan, false), set(v, "prefix2asn", 0, true);
    set_str(v, "maxmind_continent", "??"), set_str(v, "maxmind_country", t->cc);
    set_str(v, "netacq_continent", "??"), set_str(v, "netacq_country", t->cc);
}

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
            fill(&v, &t);
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
    CHECK(write_avro(fmt_path("ft.avro"), SCHEMA, 1));
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
    CHECK(write_avro(fmt_path("many.avro"), SCHEMA, 500));
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

int main(void)
{
    fmt_mkdir("dg_test_flowtuple");
    test_read();
    test_cut();
    test_refuse();
    fmt_sh("rm -rf '%s'", fmt_dir);
    return check_report();
}
