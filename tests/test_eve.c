/* test_eve.c - Suricata EVE JSON. Suricata is not packaged for Debian 12, so the fixture is
 * written by hand to the documented EVE format (docs.suricata.io, "Eve JSON Format": common
 * fields, "flow", "netflow" and "alert" events). Checks: exact packet counts from
 * pkts_toserver, one record per flow, fields and presence bits, alerts in file order before
 * the records that follow them (across batch boundaries), severity mapping, skipped event
 * types, bad lines counted, a cut file, gzip, rewind, and recognition by content. */
#include "fmt_util.h"

#define T0 "2017-10-31T00:00:"

static const char *const EVE[] = {
    /* 1: a SYN scan flow, 3 packets to the server */
    "{\"timestamp\":\"" T0 "05.000000+0000\",\"flow_id\":11,\"host\":\"tokyo\","
    "\"event_type\":\"flow\",\"src_ip\":\"192.0.2.1\",\"src_port\":40000,"
    "\"dest_ip\":\"203.0.113.7\",\"dest_port\":23,\"proto\":\"TCP\",\"flow\":{"
    "\"pkts_toserver\":3,\"pkts_toclient\":0,\"bytes_toserver\":180,\"bytes_toclient\":0,"
    "\"start\":\"" T0 "00.250000+0000\",\"end\":\"" T0 "04.000000+0000\",\"age\":4,"
    "\"state\":\"new\",\"reason\":\"timeout\",\"alerted\":true},\"tcp\":{\"tcp_flags\":\"02\","
    "\"tcp_flags_ts\":\"02\",\"tcp_flags_tc\":\"00\",\"syn\":true,\"state\":\"syn_sent\"}}",
    /* A: severity 1 */
    "{\"timestamp\":\"" T0 "06.000000+0000\",\"flow_id\":11,\"event_type\":\"alert\","
    "\"src_ip\":\"192.0.2.1\",\"src_port\":40000,\"dest_ip\":\"203.0.113.7\",\"dest_port\":23,"
    "\"proto\":\"TCP\",\"alert\":{\"action\":\"allowed\",\"gid\":1,\"signature_id\":2023333,"
    "\"rev\":2,\"signature\":\"ET SCAN Mirai telnet scan\",\"category\":\"Attempted "
    "Information Leak\",\"severity\":1}}",
    "{\"timestamp\":\"" T0 "07.000000+0000\",\"event_type\":\"dns\",\"src_ip\":\"192.0.2.1\","
    "\"dest_ip\":\"203.0.113.7\",\"proto\":\"UDP\",\"dns\":{\"type\":\"query\"}}",
    /* ICMP echo: type and code in sport/dport */
    "{\"timestamp\":\"" T0 "59.000000+0000\",\"flow_id\":12,\"event_type\":\"flow\","
    "\"src_ip\":\"198.51.100.9\",\"dest_ip\":\"203.0.113.9\",\"proto\":\"ICMP\",\"icmp_type\":8,"
    "\"icmp_code\":0,\"flow\":{\"pkts_toserver\":2,\"pkts_toclient\":0,\"bytes_toserver\":196,"
    "\"bytes_toclient\":0,\"start\":\"" T0 "50.000000+0000\",\"end\":\"" T0 "51.000000+0000\","
    "\"age\":1,\"state\":\"new\",\"reason\":\"timeout\",\"alerted\":false}}",
    /* IPv6 UDP, one packet; local time +0900 */
    "{\"timestamp\":\"2017-10-31T09:01:00.000000+0900\",\"flow_id\":13,\"event_type\":\"flow\","
    "\"src_ip\":\"2001:db8::1\",\"src_port\":5353,\"dest_ip\":\"2001:db8:1::7\","
    "\"dest_port\":53,\"proto\":\"UDP\",\"flow\":{\"pkts_toserver\":1,\"pkts_toclient\":0,"
    "\"bytes_toserver\":80,\"bytes_toclient\":0,\"start\":\"2017-10-31T09:00:52.5+0900\","
    "\"end\":\"2017-10-31T09:00:52.5+0900\",\"age\":0,\"state\":\"new\","
    "\"reason\":\"timeout\",\"alerted\":false}}",
    /* nothing reached the server: no record, not an error */
    "{\"timestamp\":\"" T0 "53.000000+0000\",\"event_type\":\"flow\",\"src_ip\":\"192.0.2.3\","
    "\"src_port\":80,\"dest_ip\":\"203.0.113.3\",\"dest_port\":4444,\"proto\":\"TCP\","
    "\"flow\":{\"pkts_toserver\":0,\"pkts_toclient\":1,\"start\":\"" T0 "53.000000+0000\"}}",
    "{not json",
    "{\"timestamp\":\"" T0 "54.000000+0000\",\"event_type\":\"flow\",\"src_ip\":\"192.0.2.4\","
    "\"dest_ip\":\"203.0.113.4\",\"proto\":\"UDP\",\"flow\":{\"pkts_toserver\":5}}",
    /* a unidirectional netflow event with one TTL */
    "{\"timestamp\":\"" T0 "55.000000+0000\",\"event_type\":\"netflow\","
    "\"src_ip\":\"192.0.2.5\",\"src_port\":1234,\"dest_ip\":\"203.0.113.10\","
    "\"dest_port\":445,\"proto\":\"TCP\",\"netflow\":{\"pkts\":7,\"bytes\":280,"
    "\"start\":\"" T0 "54.000000+0000\",\"end\":\"" T0 "55.000000+0000\",\"age\":1,"
    "\"min_ttl\":50,\"max_ttl\":50},\"tcp\":{\"tcp_flags\":\"02\",\"syn\":true}}",
    /* B, C: severities 2 and 3 */
    "{\"timestamp\":\"" T0 "56.000000+0000\",\"host\":\"okinawa\",\"event_type\":\"alert\","
    "\"src_ip\":\"192.0.2.5\",\"src_port\":1234,\"dest_ip\":\"203.0.113.10\",\"dest_port\":445,"
    "\"proto\":\"TCP\",\"alert\":{\"signature_id\":2100001,\"signature\":\"SMB probe\","
    "\"category\":\"Misc activity\",\"severity\":2}}",
    "{\"timestamp\":\"" T0 "57.000000+0000\",\"event_type\":\"alert\","
    "\"src_ip\":\"198.51.100.9\",\"dest_ip\":\"203.0.113.9\",\"proto\":\"ICMP\","
    "\"icmp_type\":8,\"icmp_code\":0,\"alert\":{\"signature_id\":2100366,"
    "\"signature\":\"ICMP PING\",\"category\":\"Misc activity\",\"severity\":3}}",
    "{\"timestamp\":\"" T0 "58.000000+0000\",\"event_type\":\"stats\",\"stats\":{}}",
    /* SYN-ACK backscatter, 4 packets */
    "{\"timestamp\":\"2017-10-31T00:01:30.000000+0000\",\"event_type\":\"flow\","
    "\"src_ip\":\"192.0.2.9\",\"src_port\":80,\"dest_ip\":\"203.0.113.11\","
    "\"dest_port\":31337,\"proto\":\"TCP\",\"flow\":{\"pkts_toserver\":4,"
    "\"pkts_toclient\":0,\"start\":\"2017-10-31T00:01:00.000000+0000\","
    "\"end\":\"2017-10-31T00:01:09.000000+0000\"},\"tcp\":{\"tcp_flags_ts\":\"12\"}}",
    /* D: severity 4 (a custom rule), after the last record */
    "{\"timestamp\":\"2017-10-31T00:01:31.000000+0000\",\"event_type\":\"alert\","
    "\"src_ip\":\"192.0.2.9\",\"src_port\":80,\"dest_ip\":\"203.0.113.11\","
    "\"dest_port\":31337,\"proto\":\"TCP\",\"alert\":{\"signature\":\"local rule\","
    "\"severity\":4}}",
};

static fmt_drained d;

static void write_eve(const char *path)
{
    FILE *f = fopen(path, "w");
    for (size_t i = 0; i < sizeof EVE / sizeof EVE[0]; i++)
        fprintf(f, "%s\n", EVE[i]);
    fclose(f);
}

static void check_records(const fmt_drained *x)
{
    CHECK_EQ_INT(x->n, 5);
    CHECK_EQ_INT(x->pkts, 3 + 2 + 1 + 7 + 4);
    if (x->n != 5) return;
    const dg_record *r = x->rec;
    CHECK_EQ_INT(r[0].ts_ns, 1509408000250000000ull);
    CHECK_EQ_INT(r[0].pkts, 3);
    CHECK_EQ_INT(r[0].sport, 40000);
    CHECK_EQ_INT(r[0].dport, 23);
    CHECK(dg_record_is_syn(&r[0]));
    CHECK_EQ_INT(r[0].have, DG_HAVE_DST | DG_HAVE_SPORT | DG_HAVE_DPORT | DG_HAVE_FLAGS);
    CHECK(!dg_record_is_mirai(&r[0])); /* EVE has no sequence numbers */
    CHECK_EQ_INT(r[1].proto, DG_PROTO_ICMP);
    CHECK_EQ_INT(r[1].sport, 8);
    CHECK(dg_record_has(&r[1], DG_HAVE_SPORT | DG_HAVE_DPORT));
    CHECK_EQ_INT(r[2].ip_ver, 6);
    CHECK_EQ_INT(r[2].ts_ns, 1509408052500000000ull);
    CHECK_EQ_INT(dg_record_pkts(&r[2]), 1);
    CHECK_EQ_INT(r[3].pkts, 7);
    CHECK_EQ_INT(r[3].ttl, 50);
    CHECK(dg_record_has(&r[3], DG_HAVE_TTL | DG_HAVE_FLAGS));
    CHECK_EQ_INT(r[4].flags, DG_TCP_SYN | DG_TCP_ACK);
    CHECK(!dg_record_has(&r[4], DG_HAVE_TTL) && !dg_record_has(&r[4], DG_HAVE_LEN));
}

static void check_alerts(const fmt_drained *x)
{
    CHECK_EQ_INT(x->nalerts, 4);
    if (x->nalerts != 4) return;
    const dg_alert *a = x->alert;
    CHECK_EQ_INT(x->alert_before[0], 1); /* after the first flow, before the next */
    CHECK_EQ_INT(x->alert_before[1], 4);
    CHECK_EQ_INT(x->alert_before[2], 4);
    CHECK_EQ_INT(x->alert_before[3], 5);
    CHECK_EQ_INT(a[0].severity, DG_SEV_HIGH);
    CHECK_EQ_INT(a[1].severity, DG_SEV_MEDIUM);
    CHECK_EQ_INT(a[2].severity, DG_SEV_LOW);
    CHECK_EQ_INT(a[3].severity, DG_SEV_INFO);
    CHECK_STR_EQ(a[0].kind, "suricata");
    CHECK_STR_EQ(a[0].title, "ET SCAN Mirai telnet scan");
    CHECK_STR_EQ(a[0].src, "192.0.2.1");
    CHECK_EQ_INT(a[0].dport, 23);
    CHECK_EQ_INT(a[0].proto, DG_PROTO_TCP);
    CHECK_EQ_INT(a[0].ts_ns, 1509408006000000000ull);
    CHECK_STR_EQ(a[0].detail,
                 "Attempted Information Leak; sid 2023333; 192.0.2.1:40000 -> 203.0.113.7:23 TCP");
    CHECK_STR_EQ(a[1].sensor, "okinawa");
    CHECK_EQ_INT(a[2].dport, 0); /* ICMP: no port */
}

static void test_read(void)
{
    write_eve(fmt_path("eve.json"));
    CHECK(fmt_read(dgsrc_eve, fmt_path("eve.json"), &d));
    check_records(&d);
    check_alerts(&d);
    CHECK_EQ_INT(d.errors, 2); /* "{not json" and the flow without start */
    CHECK(d.n && d.rec[0].sensor == 0);
    /* by content, and gzip-compressed */
    CHECK(fmt_read(NULL, fmt_path("eve.json"), &d));
    check_records(&d);
    fmt_sh("gzip -c '%s' > '%s'", fmt_path("eve.json"), fmt_path("eve.json.gz"));
    CHECK(fmt_read(NULL, fmt_path("eve.json.gz"), &d));
    check_records(&d);
    check_alerts(&d);
}

static void test_rewind(void)
{
    char err[256];
    dg_source *s = dgsrc_eve(fmt_path("eve.json"), err, sizeof err);
    CHECK(s != NULL);
    if (!s) return;
    fmt_drain(s, &d);
    CHECK(s->rewind(s));
    fmt_drain(s, &d);
    check_records(&d);
    check_alerts(&d);
    s->close(s);
}

/* Cut inside the last line: everything before it is used, the torn line counted. */
static void test_cut(void)
{
    fmt_cut(fmt_path("eve.json"), fmt_path("cut.json"), fmt_size(fmt_path("eve.json")) - 40);
    CHECK(fmt_read(dgsrc_eve, fmt_path("cut.json"), &d));
    CHECK_EQ_INT(d.n, 5);
    CHECK_EQ_INT(d.pkts, 17);
    CHECK_EQ_INT(d.nalerts, 3);
    CHECK_EQ_INT(d.errors, 3);
}

static void test_recognise(void)
{
    char err[512];
    CHECK(dgfmt_check(fmt_path("eve.json"), DGFMT_EVE, err, sizeof err));
    fmt_write(fmt_path("pkt.json"), "pkt {\"src\":\"192.0.2.1\",\"dst\":\"203.0.113.7\",\"proto\":\"tcp\"}\n");
    CHECK(!dgfmt_check(fmt_path("pkt.json"), DGFMT_EVE, err, sizeof err));
    CHECK(strstr(err, "not Suricata EVE JSON (first line \"pkt {") != NULL);
    fmt_write(fmt_path("zeek.json"), "{\"ts\":1509408000.5,\"uid\":\"C1\",\"id.orig_h\":\"192.0.2.1\","
                                     "\"id.orig_p\":1,\"id.resp_h\":\"203.0.113.1\",\"id.resp_p\":23,"
                                     "\"proto\":\"tcp\",\"conn_state\":\"S0\"}\n");
    CHECK(!dgfmt_check(fmt_path("zeek.json"), DGFMT_EVE, err, sizeof err));
    CHECK(strstr(err, "(a Zeek conn.log)") != NULL);
}

int main(void)
{
    fmt_mkdir("dg_test_eve");
    test_read();
    test_rewind();
    test_cut();
    test_recognise();
    fmt_sh("rm -rf '%s'", fmt_dir);
    return check_report();
}
