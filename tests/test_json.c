/* test_json.c - JSON pkt/alert parsing, validation, formatting and text sanitising. */
#include "check.h"
#include "jsonfeed.h"
#include "text_sanitize.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#define NOW 1700000000000000000ull

static const char *example = "{\"ts\":1509408000.25,\"src\":\"203.0.113.9\",\"dst\":"
                             "\"198.51.100.20\",\"sport\":40123,\"dport\":23,\"proto\":\"tcp\","
                             "\"flags\":\"S\",\"seq\":3325256980,\"len\":40,\"ttl\":64,"
                             "\"sensor\":\"tokyo\"}";

static dgw_sensor_table st;
static dg_record recs[DGW_MAX_RECORDS];
static size_t n, nbad;
static char reason[128];

/* Parses a NUL-terminated pkt text with a fresh sensor table. */
static bool pkts(const char *json)
{
    memset(&st, 0, sizeof st);
    return dgj_parse_pkts(json, strlen(json), NOW, &st, recs, DGW_MAX_RECORDS, &n, &nbad, NULL,
                          reason, sizeof reason);
}

/* One object built from a fragment that replaces part of a valid packet. */
static bool pkt_with(const char *fields)
{
    char json[512];
    snprintf(json, sizeof json, "{\"src\":\"203.0.113.9\",\"dst\":\"198.51.100.20\",%s}", fields);
    return pkts(json);
}

static void test_example(void)
{
    CHECK(pkts(example));
    CHECK_EQ_INT(n, 1);
    CHECK_EQ_INT(nbad, 0);
    dg_record *r = &recs[0];
    CHECK(r->ts_ns == 1509408000250000000ull);
    uint8_t a[16] = {0};
    inet_pton(AF_INET, "203.0.113.9", a);
    CHECK(memcmp(r->src, a, 16) == 0);
    CHECK_EQ_INT(r->ip_ver, 4);
    CHECK_EQ_INT(r->sport, 40123);
    CHECK_EQ_INT(r->dport, 23);
    CHECK_EQ_INT(r->proto, DG_PROTO_TCP);
    CHECK_EQ_INT(r->flags, DG_TCP_SYN);
    CHECK(r->seq == 3325256980u);
    CHECK_EQ_INT(r->ip_len, 40);
    CHECK_EQ_INT(r->ttl, 64);
    CHECK_EQ_INT(st.count, 1);
    CHECK_EQ_INT(r->sensor, 0);
    CHECK_STR_EQ(st.name[0], "tokyo");
    /* formatting gives back exactly the documented form */
    char out[512];
    size_t len = dgj_format_record(out, sizeof out, r, st.name[r->sensor]);
    CHECK_STR_EQ(out, example);
    CHECK_EQ_INT(len, strlen(example));
    CHECK_EQ_INT(dgj_format_record(out, len, r, "tokyo"), 0); /* no room for the NUL */
    CHECK_EQ_INT(dgj_format_record(out, len + 1, r, "tokyo"), len);
}

static void test_minimal_and_defaults(void)
{
    CHECK(pkts("  {\"src\":\"2001:db8::1\",\"dst\":\"2001:db8::2\",\"proto\":\"ICMP6\"}\n\t "));
    CHECK_EQ_INT(n, 1);
    CHECK(recs[0].ts_ns == NOW);
    CHECK_EQ_INT(recs[0].ip_ver, 6);
    CHECK_EQ_INT(recs[0].proto, DG_PROTO_ICMP6);
    CHECK_EQ_INT(recs[0].sensor, DG_SENSOR_NONE);
    CHECK_EQ_INT(recs[0].flags | recs[0].sport | recs[0].seq | recs[0].ttl, 0);
    CHECK(pkt_with("\"proto\":132,\"flags\":\".\",\"extra\":[1,{\"x\":2}],\"ttl\":null"));
    CHECK_EQ_INT(recs[0].proto, 132);
    CHECK(pkt_with("\"proto\":\"udp\",\"flags\":\"FSRPAUEC\",\"sport\":0,\"dport\":65535"));
    CHECK_EQ_INT(recs[0].flags, 0xFF);
    CHECK_EQ_INT(recs[0].dport, 65535);
    CHECK(pkt_with("\"proto\":\"tcp\",\"ts\":0,\"seq\":4294967295,\"sport\":23.0"));
    CHECK(recs[0].ts_ns == 0 && recs[0].seq == 4294967295u && recs[0].sport == 23);
}

static void test_round_trips(void)
{
    const char *v6 = "[{\"ts\":1509408000.123456789,\"src\":\"2001:db8::dead:beef\",\"dst\":"
                     "\"2001:db8:1::\",\"proto\":\"udp\",\"dport\":53,\"sensor\":\"paris\"},"
                     "{\"src\":\"::ffff:1.2.3.4\",\"dst\":\"::1\",\"proto\":\"icmp\"}]";
    CHECK(pkts(v6));
    CHECK_EQ_INT(n, 2);
    CHECK_NEAR((double)(int64_t)(recs[0].ts_ns - 1509408000123456789ull), 0, 1000);
    dg_record first[2] = {recs[0], recs[1]};
    dgw_sensor_table st1 = st;
    for (int i = 0; i < 2; i++) {
        char out[512];
        const char *name = first[i].sensor == DG_SENSOR_NONE ? NULL : st1.name[first[i].sensor];
        CHECK(dgj_format_record(out, sizeof out, &first[i], name) > 0);
        CHECK(pkts(out));
        CHECK_EQ_INT(n, 1);
        recs[0].ts_ns = first[i].ts_ns; /* ns -> seconds -> ns: within 1 us, checked below */
        CHECK(memcmp(&recs[0], &first[i], sizeof recs[0]) == 0);
    }
    /* nanosecond timestamps survive to within 1 us, up to the year 2262 */
    uint64_t samples[] = {0, 1, 999999999, 1509408000123456789ull, 9223372035999999999ull};
    for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
        dg_record r = first[0];
        r.ts_ns = samples[i];
        char out[512];
        dgj_format_record(out, sizeof out, &r, NULL);
        CHECK(pkts(out));
        CHECK_NEAR((double)recs[0].ts_ns, (double)samples[i], 1000);
    }
}

/* A field the JSON row leaves out is unknown, not zero: no dst and no seq is not Mirai,
 * and formatting writes back only what was observed. */
static void test_presence(void)
{
    CHECK(pkts("{\"ts\":1,\"src\":\"1.2.3.4\",\"proto\":\"tcp\",\"flags\":\"S\",\"dport\":23}"));
    CHECK_EQ_INT(n, 1);
    CHECK_EQ_INT(recs[0].have, DG_HAVE_FLAGS | DG_HAVE_DPORT);
    CHECK(!dg_record_is_mirai(&recs[0]));
    char out[512];
    dgj_format_record(out, sizeof out, &recs[0], NULL);
    CHECK(strstr(out, "\"dst\"") == NULL && strstr(out, "\"seq\"") == NULL);
    CHECK(strstr(out, "\"sport\"") == NULL && strstr(out, "\"dport\":23") != NULL);
    CHECK(pkts("{\"ts\":1,\"src\":\"1.2.3.4\",\"dst\":\"0.0.0.0\",\"proto\":\"tcp\","
               "\"flags\":\"S\",\"seq\":0}"));
    CHECK(dg_record_is_mirai(&recs[0])); /* observed seq 0 to observed 0.0.0.0 */
    CHECK(pkts("{\"src\":\"1.2.3.4\",\"dst\":\"1.2.3.5\",\"proto\":\"tcp\",\"ipid\":54321,"
               "\"win\":1024,\"mss\":1460}"));
    CHECK(dg_record_has(&recs[0], DG_HAVE_IPID | DG_HAVE_WIN | DG_HAVE_MSS | DG_HAVE_OPTS));
    CHECK(recs[0].ipid == 54321 && recs[0].win == 1024 && recs[0].mss == 1460 && recs[0].tcp_opts);
    CHECK(!pkts("{\"src\":\"1.2.3.4\",\"proto\":\"tcp\",\"ipid\":65536}"));
    CHECK(!pkts("{\"src\":\"1.2.3.4\",\"dst\":5,\"proto\":\"tcp\"}"));
}

static void test_rejections(void)
{
    const char *bad[] = {
        "",
        "{",
        "{\"src\":\"1.2.3.4\",\"dst\":\"1.2.3.5\",\"proto\":\"tcp\"} x",
        "{\"src\":\"1.2.3.4\",\"dst\":\"1.2.3.5\",\"proto\":\"tcp\"}{}",
        "42",
        "\"pkt\"",
        "null",
        "{\"dst\":\"1.2.3.5\",\"proto\":\"tcp\"}",
        "{\"src\":\"1.2.3.4\",\"dst\":\"1.2.3.5\"}",
        "{\"src\":16909060,\"dst\":\"1.2.3.5\",\"proto\":\"tcp\"}",
        "{\"src\":\"1.2.3\",\"dst\":\"1.2.3.5\",\"proto\":\"tcp\"}",
        "{\"src\":\"256.2.3.4\",\"dst\":\"1.2.3.5\",\"proto\":\"tcp\"}",
        "{\"src\":\"1.2.3.4\",\"dst\":\"2001:db8::g\",\"proto\":\"tcp\"}",
        "{\"src\":\"1.2.3.4 \",\"dst\":\"1.2.3.5\",\"proto\":\"tcp\"}",
        "{\"src\":\"1.2.3.4\",\"dst\":\"2001:db8::1\",\"proto\":\"tcp\"}",
        "{\"src\":\"1.2.3.4\",\"dst\":\"1.2.3.5\",\"proto\":\"sctp\"}",
        "{\"src\":\"1.2.3.4\",\"dst\":\"1.2.3.5\",\"proto\":\"6\"}",
        "{\"src\":\"1.2.3.4\",\"dst\":\"1.2.3.5\",\"proto\":256}",
        "{\"src\":\"1.2.3.4\",\"dst\":\"1.2.3.5\",\"proto\":true}",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        bool ok = pkts(bad[i]);
        CHECK(!ok && reason[0] != '\0');
        if (ok) fprintf(stderr, "  accepted: %s\n", bad[i]);
    }
    const char *badfields[] = {
        "\"proto\":\"tcp\",\"sport\":65536",    "\"proto\":\"tcp\",\"sport\":-1",
        "\"proto\":\"tcp\",\"dport\":23.5",     "\"proto\":\"tcp\",\"dport\":\"23\"",
        "\"proto\":\"tcp\",\"seq\":4294967296", "\"proto\":\"tcp\",\"len\":65536",
        "\"proto\":\"tcp\",\"ttl\":256",        "\"proto\":\"tcp\",\"ttl\":1e999",
        "\"proto\":\"tcp\",\"ts\":1e999",       "\"proto\":\"tcp\",\"ts\":-1e999",
        "\"proto\":\"tcp\",\"ts\":-0.5",        "\"proto\":\"tcp\",\"ts\":9223372037",
        "\"proto\":\"tcp\",\"ts\":1e300",       "\"proto\":\"tcp\",\"ts\":\"1509408000\"",
        "\"proto\":\"tcp\",\"flags\":\"SX\"",   "\"proto\":\"tcp\",\"flags\":\"S.\"",
        "\"proto\":\"tcp\",\"flags\":2",        "\"proto\":\"tcp\",\"flags\":\"s\"",
        "\"proto\":\"tcp\",\"sensor\":\"\"",    "\"proto\":\"tcp\",\"sensor\":\"\\u0007\\n\"",
        "\"proto\":\"tcp\",\"sensor\":5",
    };
    for (size_t i = 0; i < sizeof badfields / sizeof badfields[0]; i++) {
        bool ok = pkt_with(badfields[i]);
        CHECK(!ok && reason[0] != '\0');
        if (ok) fprintf(stderr, "  accepted: %s\n", badfields[i]);
    }
    CHECK(pkt_with("\"proto\":\"tcp\",\"ts\":9223372036.5"));
}

static void test_arrays(void)
{
    const char *mixed = "[{\"src\":\"1.2.3.4\",\"dst\":\"5.6.7.8\",\"proto\":\"tcp\"},"
                        "{\"src\":\"1.2.3.4\",\"dst\":\"5.6.7.8\",\"proto\":\"tcp\",\"sport\":1e6},"
                        "7,"
                        "{\"src\":\"1.2.3.4\",\"dst\":\"5.6.7.8\",\"proto\":17,\"sensor\":\"b\"}]";
    CHECK(pkts(mixed));
    CHECK_EQ_INT(n, 2);
    CHECK_EQ_INT(nbad, 2);
    CHECK(strncmp(reason, "element 1: ", 11) == 0 && strstr(reason, "sport"));
    CHECK_EQ_INT(recs[1].proto, 17);
    CHECK_EQ_INT(recs[1].sensor, 0);
    CHECK(pkts("[]") && n == 0 && nbad == 0);
    CHECK(!pkts("[{\"src\":\"1.2.3.4\"},"));

    /* more elements than DGW_MAX_RECORDS: the whole message is rejected */
    const char *el = "{\"src\":\"1.2.3.4\",\"dst\":\"5.6.7.8\",\"proto\":6},";
    size_t cap = (DGW_MAX_RECORDS + 1) * strlen(el) + 4;
    char *big = malloc(cap);
    strcpy(big, "[");
    for (int i = 0; i < DGW_MAX_RECORDS; i++)
        strcat(big + i * strlen(el), el);
    big[strlen(big) - 1] = ']';
    CHECK(pkts(big) && n == DGW_MAX_RECORDS);
    big[strlen(big) - 1] = ',';
    strcat(big, el);
    big[strlen(big) - 1] = ']';
    CHECK(!pkts(big) && n == 0 && strstr(reason, "limit"));
    free(big);

    /* the max argument limits too */
    memset(&st, 0, sizeof st);
    CHECK(!dgj_parse_pkts("[{},{}]", 7, NOW, &st, recs, 1, &n, &nbad, NULL, reason, sizeof reason));
}

static void test_sensor_interning(void)
{
    char json[8192];
    size_t k = 0;
    k += (size_t)snprintf(json + k, sizeof json - k, "[");
    /* 66 distinct names, then the first again: the 65th and 66th do not fit */
    for (int i = 0; i <= DGW_MAX_SENSORS + 2; i++)
        k += (size_t)snprintf(json + k, sizeof json - k,
                              "%s{\"src\":\"1.2.3.4\",\"dst\":\"5.6.7.8\",\"proto\":6,"
                              "\"sensor\":\"s%d\"}",
                              i ? "," : "", i == DGW_MAX_SENSORS + 2 ? 0 : i);
    snprintf(json + k, sizeof json - k, "]");
    CHECK(pkts(json));
    CHECK_EQ_INT(st.count, DGW_MAX_SENSORS);
    CHECK_EQ_INT(nbad, 2);
    CHECK(strstr(reason, "element 64: ") == reason);
    CHECK_EQ_INT(n, DGW_MAX_SENSORS + 1);
    CHECK_EQ_INT(recs[DGW_MAX_SENSORS].sensor, 0);
    CHECK_STR_EQ(st.name[63], "s63");
    /* a long name is cut at 31 bytes, control characters are dropped */
    CHECK(pkt_with("\"proto\":6,\"sensor\":\"a\\tb0123456789012345678901234567890123\""));
    CHECK_STR_EQ(st.name[0], "ab01234567890123456789012345678");
    /* length-delimited input: bytes past len are not looked at */
    const char *tail = "{\"src\":\"1.2.3.4\",\"dst\":\"5.6.7.8\",\"proto\":6}GARBAGE";
    CHECK(dgj_parse_pkts(tail, strlen(tail) - 7, NOW, &st, recs, 1, &n, &nbad, NULL, reason,
                         sizeof reason));
}

static void test_sanitize(void)
{
    char d[64];
    CHECK_EQ_INT(dg_text_sanitize(d, sizeof d,
                                  "a\x01\tb\x7f"
                                  "c",
                                  6),
                 3);
    CHECK_STR_EQ(d, "abc");
    CHECK_EQ_INT(dg_text_sanitize(d, sizeof d, "x\xc2\x85y\xc2\xa0z", 7), 5); /* C1 NEL dropped */
    CHECK_STR_EQ(d, "xy\xc2\xa0z");
    CHECK_EQ_INT(dg_text_sanitize(d, sizeof d, "\xc0\xaf\xed\xa0\x80\xf4\x90\x80\x80ok", 11), 2);
    CHECK_STR_EQ(d, "ok"); /* overlong, surrogate, > U+10FFFF */
    CHECK_EQ_INT(dg_text_sanitize(d, sizeof d, "\xff\xe3\x81\x82\xe3\x81", 6), 3);
    CHECK_STR_EQ(d, "\xe3\x81\x82"); /* stray byte and truncated tail dropped */
    CHECK_EQ_INT(dg_text_sanitize(d, sizeof d, "\xf0\x9f\x98\x80", 4), 4);
    CHECK_EQ_INT(dg_text_sanitize(d, 3, "a\xc3\xa9", 3), 1); /* é does not fit in 2 bytes */
    CHECK_STR_EQ(d, "a");
    CHECK_EQ_INT(dg_text_sanitize(d, 4, "abcdef", 6), 3);
    CHECK_STR_EQ(d, "abc");
    CHECK_EQ_INT(dg_text_sanitize(d, 1, "abc", 3), 0);
    CHECK_STR_EQ(d, "");
    CHECK_EQ_INT(dg_text_sanitize(d, sizeof d, "a\0b", 3), 2); /* NUL is a C0 control */
    CHECK_STR_EQ(d, "ab");
    CHECK_EQ_INT(dg_text_sanitize(d, 0, "abc", 3), 0);
    /* bidi overrides, isolates, marks and zero-width characters are dropped like controls */
    const char *tricky = "evil\xe2\x80\xaegpj.exe \xe2\x80\x8bz\xe2\x80\x8dw\xef\xbb\xbf"
                         "j\xe2\x81\xa6i\xe2\x81\xa9\xe2\x80\x8f\xd8\x9c\xe2\x80\xa8.";
    CHECK_EQ_INT(dg_text_sanitize(d, sizeof d, tricky, strlen(tricky)), 17);
    CHECK_STR_EQ(d, "evilgpj.exe zwji.");
    CHECK_EQ_INT(dg_text_sanitize(d, sizeof d, "\xe2\x80\x8a\xe2\x80\x90", 6), 6);
}

static dg_alert al;

static bool alert(const char *json)
{
    return dgj_parse_alert(json, strlen(json), NOW, &al, reason, sizeof reason);
}

static void test_alerts(void)
{
    CHECK(alert("{\"id\":\"a-1\",\"ts\":1509408000.5,\"severity\":\"High\",\"kind\":\"watchlist\","
                "\"title\":\"Mirai scan from \\u0007org\",\"detail\":\"line1\\nline2\","
                "\"src\":\"203.0.113.0/24\",\"org\":\"Example\",\"sensor\":\"tokyo\","
                "\"dport\":23,\"proto\":\"tcp\",\"lat\":35.68,\"lon\":139.69,\"count\":12}"));
    CHECK_STR_EQ(al.id, "a-1");
    CHECK(al.ts_ns == 1509408000500000000ull && al.last_ns == al.ts_ns);
    CHECK_EQ_INT(al.severity, DG_SEV_HIGH);
    CHECK_STR_EQ(al.kind, "watchlist");
    CHECK_STR_EQ(al.title, "Mirai scan from org");
    CHECK_STR_EQ(al.detail, "line1line2");
    CHECK_STR_EQ(al.src, "203.0.113.0/24");
    CHECK_EQ_INT(al.dport, 23);
    CHECK_EQ_INT(al.proto, 6);
    CHECK(al.has_loc);
    CHECK_NEAR(al.lat, 35.68, 1e-5);
    CHECK_EQ_INT(al.count, 12);

    /* format -> parse gives the same alert */
    dg_alert first = al;
    char out[1024];
    CHECK(dgj_format_alert(out, sizeof out, &first) > 0);
    CHECK(alert(out));
    CHECK(memcmp(&al, &first, sizeof al) == 0);
    CHECK_EQ_INT(dgj_format_alert(out, 20, &first), 0);

    CHECK(alert("{\"severity\":\"info\",\"title\":\"t\",\"src\":\"2001:DB8:0::1\"}"));
    CHECK_STR_EQ(al.kind, "external");
    CHECK_STR_EQ(al.src, "2001:db8::1");
    CHECK(al.ts_ns == NOW && al.count == 1 && !al.has_loc);

    /* an overlong title is cut at 127 bytes, never inside a character */
    char json[1024], title[400] = "";
    for (int i = 0; i < 100; i++)
        strcat(title, "\xe3\x81\x82"); /* 3-byte character */
    snprintf(json, sizeof json, "{\"severity\":\"low\",\"title\":\"%s\\u0000\xff\"}", title);
    CHECK(alert(json));
    CHECK_EQ_INT(strlen(al.title), 126);
}

static void test_alert_rejections(void)
{
    const char *bad[] = {
        "{\"title\":\"t\"}",
        "{\"severity\":\"severe\",\"title\":\"t\"}",
        "{\"severity\":3,\"title\":\"t\"}",
        "{\"severity\":\"high\"}",
        "{\"severity\":\"high\",\"title\":\"\"}",
        "{\"severity\":\"high\",\"title\":\"\\u0001\\u009f\\r\\n\"}",
        "{\"severity\":\"high\",\"title\":\"\xff\xfe\"}",
        "{\"severity\":\"high\",\"title\":7}",
        "{\"severity\":\"high\",\"title\":\"t\",\"detail\":[]}",
        "{\"severity\":\"high\",\"title\":\"t\",\"src\":\"10.0.0.0/33\"}",
        "{\"severity\":\"high\",\"title\":\"t\",\"src\":\"::/129\"}",
        "{\"severity\":\"high\",\"title\":\"t\",\"src\":\"10.0.0.0/\"}",
        "{\"severity\":\"high\",\"title\":\"t\",\"src\":\"10.0.0.0/+8\"}",
        "{\"severity\":\"high\",\"title\":\"t\",\"src\":\"example.org\"}",
        "{\"severity\":\"high\",\"title\":\"t\",\"lat\":10}",
        "{\"severity\":\"high\",\"title\":\"t\",\"lat\":91,\"lon\":0}",
        "{\"severity\":\"high\",\"title\":\"t\",\"lat\":0,\"lon\":-180.5}",
        "{\"severity\":\"high\",\"title\":\"t\",\"lat\":\"0\",\"lon\":0}",
        "{\"severity\":\"high\",\"title\":\"t\",\"count\":0}",
        "{\"severity\":\"high\",\"title\":\"t\",\"count\":1.5}",
        "{\"severity\":\"high\",\"title\":\"t\",\"dport\":70000}",
        "{\"severity\":\"high\",\"title\":\"t\",\"proto\":\"gre\"}",
        "{\"severity\":\"high\",\"title\":\"t\",\"ts\":1e999}",
        "[{\"severity\":\"high\",\"title\":\"t\"}]",
        "{\"severity\":\"high\",\"title\":\"t\"",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        bool ok = alert(bad[i]);
        CHECK(!ok && reason[0] != '\0');
        if (ok) fprintf(stderr, "  accepted: %s\n", bad[i]);
    }
    CHECK_STR_EQ(dg_severity_name(DG_SEV_CRITICAL), "critical");
    CHECK_STR_EQ(dg_severity_name(99), "unknown");
    CHECK_EQ_INT(dg_severity_parse("MEDIUM"), DG_SEV_MEDIUM);
    CHECK_EQ_INT(dg_severity_parse("med"), -1);
    CHECK_EQ_INT(dg_severity_parse(NULL), -1);
}

int main(void)
{
    test_presence();
    test_example();
    test_minimal_and_defaults();
    test_round_trips();
    test_rejections();
    test_arrays();
    test_sensor_interning();
    test_sanitize();
    test_alerts();
    test_alert_rejections();
    return check_report();
}
