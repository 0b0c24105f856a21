/* test_zeek.c - Zeek conn.log, TSV and JSON. Zeek is not packaged for Debian 12, so the
 * fixtures are written by hand to the documented formats (docs.zeek.org, "Log Files" and
 * conn.log: the #separator/#fields/#types header of the ASCII writer, the JSON writer's flat
 * "id.orig_h" names). Checks: one record per connection with orig_pkts packets, ICMP types
 * and ICMPv6, history S as SYN, the exact IP length of one-packet connections, skipped and
 * bad rows, a second header further down, a cut file, gzip and recognition by content. */
#include "fmt_util.h"

#define TAB "\t"

static const char HEADER[] =
    "#separator \\x09\n"
    "#set_separator" TAB ",\n"
    "#empty_field" TAB "(empty)\n"
    "#unset_field" TAB "-\n"
    "#path" TAB "conn\n"
    "#open" TAB "2017-10-31-00-00-00\n"
    "#fields" TAB "ts" TAB "uid" TAB "id.orig_h" TAB "id.orig_p" TAB "id.resp_h" TAB "id.resp_p" TAB
    "proto" TAB "service" TAB "duration" TAB "orig_bytes" TAB "resp_bytes" TAB "conn_state" TAB
    "local_orig" TAB "local_resp" TAB "missed_bytes" TAB "history" TAB "orig_pkts" TAB
    "orig_ip_bytes" TAB "resp_pkts" TAB "resp_ip_bytes" TAB "tunnel_parents\n"
    "#types" TAB "time" TAB "string" TAB "addr" TAB "port" TAB "addr" TAB "port" TAB "enum" TAB
    "string" TAB "interval" TAB "count" TAB "count" TAB "string" TAB "bool" TAB "bool" TAB
    "count" TAB "string" TAB "count" TAB "count" TAB "count" TAB "count" TAB "set[string]\n";

/* Columns as above; fields separated by tabs when written. */
static const char *const ROWS[] = {
    "1509408000.250000 CAbc1 192.0.2.1 40000 203.0.113.7 23 tcp - 2.000 0 0 S0 - - 0 S 3 120 0 0 -",
    "1509408001.000000 CAbc2 192.0.2.2 40001 203.0.113.8 2323 tcp - - - - S0 - - 0 S 1 44 0 0 -",
    "1509408002.000000 CAbc3 198.51.100.9 8 203.0.113.9 0 icmp - 1.0 56 0 OTH - - 0 - 2 112 0 0 -",
    "1509408003.000000 CAbc4 2001:db8::1 128 2001:db8:1::7 0 icmp - - - - OTH - - 0 - 1 48 0 0 -",
    "1509408004.000000 CAbc5 192.0.2.5 5353 203.0.113.10 53 udp dns 0.1 30 0 S0 - - 0 D 5 290 0 0 -",
    "1509408005.000000 CAbc6 192.0.2.6 80 203.0.113.11 4444 tcp - - - - SH - - 0 ShR 2 80 1 44 -",
    "1509408006.000000 CAbc7 192.0.2.7 0 203.0.113.12 0 unknown_transport - - - - OTH - - 0 - 1 20 0 0 -",
    "1509408007.000000 CAbc8 203.0.113.13 23 192.0.2.8 1234 tcp - - - - OTH - - 0 ^h 0 0 1 40 -",
    "hello",
};

static const char *const JSON[] = {
    "{\"ts\":1509408000.25,\"uid\":\"CAbc1\",\"id.orig_h\":\"192.0.2.1\",\"id.orig_p\":40000,"
    "\"id.resp_h\":\"203.0.113.7\",\"id.resp_p\":23,\"proto\":\"tcp\",\"duration\":2.0,"
    "\"orig_bytes\":0,\"resp_bytes\":0,\"conn_state\":\"S0\",\"missed_bytes\":0,"
    "\"history\":\"S\",\"orig_pkts\":3,\"orig_ip_bytes\":120,\"resp_pkts\":0,\"resp_ip_bytes\":0}",
    "{\"ts\":\"2017-10-31T00:00:01.000000Z\",\"uid\":\"CAbc2\",\"id.orig_h\":\"192.0.2.2\","
    "\"id.orig_p\":40001,\"id.resp_h\":\"203.0.113.8\",\"id.resp_p\":2323,\"proto\":\"tcp\","
    "\"conn_state\":\"S0\",\"history\":\"S\",\"orig_pkts\":1,\"orig_ip_bytes\":44}",
    "{\"ts\":1509408003.0,\"uid\":\"CAbc4\",\"id.orig_h\":\"2001:db8::1\",\"id.orig_p\":128,"
    "\"id.resp_h\":\"2001:db8:1::7\",\"id.resp_p\":0,\"proto\":\"icmp\",\"conn_state\":\"OTH\","
    "\"orig_pkts\":1,\"orig_ip_bytes\":48}",
    "{\"ts\":1509408004.0,\"uid\":\"CAbc5\",\"id.orig_h\":\"192.0.2.5\",\"id.orig_p\":5353,"
    "\"id.resp_h\":\"203.0.113.10\",\"id.resp_p\":53,\"proto\":\"udp\",\"service\":\"dns\","
    "\"conn_state\":\"S0\",\"history\":\"D\",\"orig_pkts\":5,\"orig_ip_bytes\":290}",
    "{\"ts\":1509408005.0,\"uid\":\"CAbc9\",\"id.orig_h\":\"192.0.2.9\"}",
};

static fmt_drained d;

static void write_tsv(const char *path, int copies, bool close)
{
    FILE *f = fopen(path, "w");
    for (int c = 0; c < copies; c++) {
        fputs(HEADER, f);
        for (size_t i = 0; i < sizeof ROWS / sizeof ROWS[0]; i++) {
            for (const char *p = ROWS[i]; *p; p++)
                fputc(*p == ' ' ? '\t' : *p, f);
            fputc('\n', f);
        }
        if (close) fputs("#close\t2017-10-31-01-00-00\n", f);
    }
    fclose(f);
}

static void check_tsv(const fmt_drained *x)
{
    CHECK_EQ_INT(x->n, 6);
    CHECK_EQ_INT(x->pkts, 3 + 1 + 2 + 1 + 5 + 2);
    CHECK_EQ_INT(x->errors, 2); /* unknown_transport, "hello" */
    if (x->n != 6) return;
    const dg_record *r = x->rec;
    CHECK_EQ_INT(r[0].ts_ns, 1509408000250000000ull);
    CHECK_EQ_INT(r[0].pkts, 3);
    CHECK(dg_record_is_syn(&r[0]));
    CHECK(!dg_record_has(&r[0], DG_HAVE_LEN)); /* three packets: no one length */
    CHECK_EQ_INT(r[1].ip_len, 44);
    CHECK(dg_record_has(&r[1], DG_HAVE_LEN));
    CHECK_EQ_INT(r[2].proto, DG_PROTO_ICMP);
    CHECK_EQ_INT(r[2].sport, 8);
    CHECK_EQ_INT(r[3].proto, DG_PROTO_ICMP6);
    CHECK_EQ_INT(r[3].sport, 128);
    CHECK_EQ_INT(r[4].proto, DG_PROTO_UDP);
    CHECK(!dg_record_has(&r[4], DG_HAVE_FLAGS));
    CHECK(!dg_record_has(&r[5], DG_HAVE_FLAGS)); /* history ShR: flags not known */
    CHECK_EQ_INT(r[5].dport, 4444);
    for (size_t i = 0; i < x->n; i++)
        CHECK(!dg_record_has(&r[i], DG_HAVE_TTL) && !dg_record_has(&r[i], DG_HAVE_SEQ));
}

static void test_tsv(void)
{
    write_tsv(fmt_path("conn.log"), 1, true);
    CHECK(fmt_read(dgsrc_zeek, fmt_path("conn.log"), &d));
    check_tsv(&d);
    CHECK(fmt_read(NULL, fmt_path("conn.log"), &d)); /* by content */
    check_tsv(&d);
    fmt_sh("gzip -c '%s' > '%s'", fmt_path("conn.log"), fmt_path("conn.log.gz"));
    CHECK(fmt_read(NULL, fmt_path("conn.log.gz"), &d));
    check_tsv(&d);
    /* rotated logs concatenated: the header comes again */
    write_tsv(fmt_path("two.log"), 2, true);
    CHECK(fmt_read(dgsrc_zeek, fmt_path("two.log"), &d));
    CHECK_EQ_INT(d.n, 12);
    CHECK_EQ_INT(d.pkts, 28);
}

static void test_json(void)
{
    FILE *f = fopen(fmt_path("conn.json"), "w");
    for (size_t i = 0; i < sizeof JSON / sizeof JSON[0]; i++)
        fprintf(f, "%s\n", JSON[i]);
    fclose(f);
    CHECK(fmt_read(NULL, fmt_path("conn.json"), &d));
    CHECK_EQ_INT(d.n, 4);
    CHECK_EQ_INT(d.pkts, 3 + 1 + 1 + 5);
    CHECK_EQ_INT(d.errors, 1); /* the connection without its 5-tuple */
    if (d.n != 4) return;
    CHECK_EQ_INT(d.rec[0].ts_ns, 1509408000250000000ull);
    CHECK_EQ_INT(d.rec[1].ts_ns, 1509408001000000000ull); /* ISO 8601 ts */
    CHECK_EQ_INT(d.rec[1].ip_len, 44);
    CHECK_EQ_INT(d.rec[2].proto, DG_PROTO_ICMP6);
    CHECK(dg_record_is_syn(&d.rec[0]));
}

/* Cut in the middle of the fifth row (no #close yet): four connections, one bad row. */
static void test_cut(void)
{
    write_tsv(fmt_path("live.log"), 1, false);
    long at = (long)strlen(HEADER);
    for (int i = 0; i < 4; i++)
        at += (long)strlen(ROWS[i]) + 1;
    fmt_cut(fmt_path("live.log"), fmt_path("cut.log"), at + 30);
    CHECK(fmt_read(dgsrc_zeek, fmt_path("cut.log"), &d));
    CHECK_EQ_INT(d.n, 4);
    CHECK_EQ_INT(d.pkts, 7);
    CHECK_EQ_INT(d.errors, 1);
}

static void test_recognise(void)
{
    char err[512];
    CHECK(dgfmt_check(fmt_path("conn.log"), DGFMT_ZEEK, err, sizeof err));
    CHECK(dgfmt_check(fmt_path("conn.json"), DGFMT_ZEEK, err, sizeof err));
    fmt_write(fmt_path("dns.log"), "#separator \\x09\n#path\tdns\n#fields\tts\tuid\tid.orig_h\t"
                                   "id.orig_p\tid.resp_h\tid.resp_p\tproto\tquery\n");
    CHECK(!dgfmt_check(fmt_path("dns.log"), DGFMT_ZEEK, err, sizeof err));
    CHECK(strstr(err, "not a Zeek conn.log") != NULL);
    fmt_write(fmt_path("marx.csv"), "datetime,host,src,proto,type,spt,dpt\n");
    CHECK(!dgfmt_check(fmt_path("marx.csv"), DGFMT_ZEEK, err, sizeof err));
}

int main(void)
{
    fmt_mkdir("dg_test_zeek");
    test_tsv();
    test_json();
    test_cut();
    test_recognise();
    fmt_sh("rm -rf '%s'", fmt_dir);
    return check_report();
}
