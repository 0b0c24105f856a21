/* test_wire.c - binary batch round trips and every rejection path of dgw_decode. */
#include "check.h"
#include "wire.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

static uint8_t buf[DGW_MAX_MESSAGE + 64];
static dg_record out[DGW_MAX_RECORDS];

static dg_record rec4(uint32_t i)
{
    dg_record r = {0};
    r.ts_ns = 1509408000250000000ull + i;
    inet_pton(AF_INET, "203.0.113.9", r.src);
    inet_pton(AF_INET, "198.51.100.20", r.dst);
    r.seq = 3325256980u + i;
    r.sport = 40123;
    r.dport = 23;
    r.ip_len = 40;
    r.sensor = 0;
    r.ip_ver = 4;
    r.proto = 6;
    r.flags = 0x02;
    r.ttl = 64;
    r.have = DG_HAVE_ALL;
    r.ipid = 54321;
    r.win = 1024;
    r.mss = 1460;
    r.tcp_opts = 1;
    return r;
}

static dg_record rec6(void)
{
    dg_record r = rec4(0);
    memset(r.src, 0, 16);
    memset(r.dst, 0, 16);
    inet_pton(AF_INET6, "2001:db8::1", r.src);
    inet_pton(AF_INET6, "2001:db8:ffff::abcd", r.dst);
    r.ip_ver = 6;
    r.proto = 58;
    r.sensor = DG_SENSOR_NONE;
    return r;
}

static dgw_sensor_table table2(void)
{
    dgw_sensor_table st;
    memset(&st, 0, sizeof st);
    st.count = 2;
    strcpy(st.name[0], "tokyo");
    strcpy(st.name[1], "osaka-2");
    return st;
}

static void test_round_trip(void)
{
    dgw_sensor_table st = table2(), got;
    dg_record in[3] = {rec4(0), rec6(), rec4(7)};
    in[2].sensor = 1;
    size_t len = dgw_encode(buf, sizeof buf, &st, in, 3);
    CHECK_EQ_INT(len, dgw_encoded_size(2, 3));
    CHECK_EQ_INT(len, 16 + 2 * 32 + 3 * 72);
    size_t n = 99;
    CHECK_EQ_INT(dgw_decode(buf, len, &got, out, &n), DGW_OK);
    CHECK_EQ_INT(n, 3);
    CHECK_EQ_INT(got.count, 2);
    CHECK_STR_EQ(got.name[1], "osaka-2");
    for (int i = 0; i < 3; i++)
        CHECK(memcmp(&out[i], &in[i], sizeof in[i]) == 0);
}

/* The byte layout is fixed little-endian, whatever the host. */
static void test_layout(void)
{
    dg_record r = rec4(0);
    r.sensor = DG_SENSOR_NONE;
    size_t len = dgw_encode(buf, sizeof buf, NULL, &r, 1);
    CHECK_EQ_INT(len, 88);
    static const uint8_t hdr[16] = {'D', 'G', 'P', 'K', 2, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0};
    CHECK(memcmp(buf, hdr, 16) == 0);
    const uint8_t *p = buf + 16;
    uint64_t ts = 0;
    for (int i = 7; i >= 0; i--)
        ts = (ts << 8) | p[i];
    CHECK(ts == r.ts_ns);
    CHECK(p[8] == 203 && p[11] == 9 && p[12] == 0 && p[23] == 0 && p[24] == 198);
    CHECK(p[40] == (3325256980u & 0xFF) && p[43] == (3325256980u >> 24));
    CHECK(p[44] == (40123 & 0xFF) && p[45] == (40123 >> 8));
    CHECK(p[46] == 23 && p[47] == 0 && p[48] == 40 && p[50] == 0xFF && p[51] == 0xFF);
    CHECK(p[52] == 4 && p[53] == 6 && p[54] == 2 && p[55] == 64);
    /* version 2: presence bits (bit 15: TCP options present), IP ID, window, MSS */
    CHECK(p[56] == 0xFF && p[57] == (0x87));
    CHECK(p[58] == (54321 & 0xFF) && p[59] == (54321 >> 8));
    CHECK(p[60] == 0 && p[61] == 4 && p[62] == (1460 & 0xFF) && p[63] == (1460 >> 8));
    CHECK(p[64] == 1 && p[65] == 0 && p[66] == 0 && p[67] == 0 && p[68] == 0 && p[71] == 0);
}

/* An aggregated record (a flow) keeps its packet count; zero or a reserved value rejects. */
static void test_pkts(void)
{
    dg_record r = rec4(0);
    r.sensor = DG_SENSOR_NONE;
    r.pkts = 70000;
    size_t len = dgw_encode(buf, sizeof buf, NULL, &r, 1), n = 0;
    CHECK_EQ_INT(dgw_decode(buf, len, NULL, out, &n), DGW_OK);
    CHECK_EQ_INT(out[0].pkts, 70000);
    CHECK_EQ_INT(dg_record_pkts(&out[0]), 70000);
    memset(buf + 16 + 64, 0, 4);
    CHECK_EQ_INT(dgw_decode(buf, len, NULL, out, &n), DGW_ERR_RECORD);
    buf[16 + 64] = 1;
    buf[16 + 70] = 1;
    CHECK_EQ_INT(dgw_decode(buf, len, NULL, out, &n), DGW_ERR_RECORD);
    buf[16 + 70] = 0;
    buf[16 + 68] = DG_TAG_SPOOFED | DG_TAG_LARGE_SCAN;
    CHECK_EQ_INT(dgw_decode(buf, len, NULL, out, &n), DGW_OK);
    CHECK_EQ_INT(out[0].tags, DG_TAG_SPOOFED | DG_TAG_LARGE_SCAN);
    buf[16 + 68] = 0x80;
    CHECK_EQ_INT(dgw_decode(buf, len, NULL, out, &n), DGW_ERR_RECORD);
}

/* A field the source did not observe crosses the wire as unknown and reads back as 0, and
 * a stray value in an unknown field's bytes is not taken. */
static void test_presence(void)
{
    dg_record r = rec4(0);
    r.sensor = DG_SENSOR_NONE;
    dg_record_mask(&r, DG_HAVE_SPORT | DG_HAVE_DPORT | DG_HAVE_FLAGS);
    CHECK(!dg_record_is_mirai(&r));
    size_t len = dgw_encode(buf, sizeof buf, NULL, &r, 1);
    CHECK_EQ_INT(len, 88);
    size_t n = 0;
    CHECK_EQ_INT(dgw_decode(buf, len, NULL, out, &n), DGW_OK);
    CHECK_EQ_INT(out[0].have, DG_HAVE_SPORT | DG_HAVE_DPORT | DG_HAVE_FLAGS);
    CHECK_EQ_INT(out[0].seq, 0);
    CHECK_EQ_INT(out[0].ttl, 0);
    CHECK(!dg_record_is_mirai(&out[0]));
    buf[16 + 40] = 7; /* a value in an unknown field: a broken encoder */
    CHECK_EQ_INT(dgw_decode(buf, len, NULL, out, &n), DGW_ERR_RECORD);
    buf[16 + 40] = 0;
    buf[16 + 57] = 0x08; /* an undefined presence bit */
    CHECK_EQ_INT(dgw_decode(buf, len, NULL, out, &n), DGW_ERR_RECORD);
}

/* Version 1 batches (56-byte records, no presence bits) still decode; a zero seq or
 * destination there means the source had none, so seq 0 == dst 0.0.0.0 is not Mirai. */
static void test_v1(void)
{
    dg_record r = rec4(0);
    r.sensor = DG_SENSOR_NONE;
    size_t len = dgw_encode(buf, sizeof buf, NULL, &r, 1);
    uint8_t v1[16 + 56];
    memcpy(v1, buf, sizeof v1);
    v1[4] = 1;
    size_t n = 0;
    CHECK_EQ_INT(dgw_decode(v1, sizeof v1, NULL, out, &n), DGW_OK);
    CHECK_EQ_INT(n, 1);
    CHECK_EQ_INT(out[0].seq, r.seq);
    CHECK(dg_record_has(&out[0], DG_HAVE_SEQ | DG_HAVE_DST | DG_HAVE_DPORT | DG_HAVE_FLAGS));
    CHECK(!dg_record_has(&out[0], DG_HAVE_IPID));
    buf[4] = 1; /* a version 1 header on a version 2 body */
    CHECK_EQ_INT(dgw_decode(buf, len, NULL, out, &n), DGW_ERR_LENGTH);
    memset(v1 + 16 + 24, 0, 4); /* dst 0.0.0.0 */
    memset(v1 + 16 + 40, 0, 4); /* seq 0 */
    CHECK_EQ_INT(dgw_decode(v1, sizeof v1, NULL, out, &n), DGW_OK);
    CHECK(!dg_record_has(&out[0], DG_HAVE_SEQ) && !dg_record_has(&out[0], DG_HAVE_DST));
    CHECK(!dg_record_is_mirai(&out[0]));
}

static void test_full_batch(void)
{
    static dg_record in[DGW_MAX_RECORDS];
    dgw_sensor_table st;
    memset(&st, 0, sizeof st);
    st.count = DGW_MAX_SENSORS;
    for (int i = 0; i < DGW_MAX_SENSORS; i++)
        snprintf(st.name[i], 32, "sensor-%d", i);
    for (uint32_t i = 0; i < DGW_MAX_RECORDS; i++) {
        in[i] = (i % 3) ? rec4(i) : rec6();
        in[i].sensor = (uint16_t)(i % DGW_MAX_SENSORS);
    }
    size_t len = dgw_encode(buf, sizeof buf, &st, in, DGW_MAX_RECORDS);
    CHECK_EQ_INT(len, DGW_MAX_MESSAGE);
    size_t n = 0;
    CHECK_EQ_INT(dgw_decode(buf, len, NULL, out, &n), DGW_OK);
    CHECK_EQ_INT(n, DGW_MAX_RECORDS);
    CHECK(memcmp(out, in, sizeof in) == 0);
    CHECK_EQ_INT(dgw_encode(buf, sizeof buf, &st, in, DGW_MAX_RECORDS + 1), 0);
    CHECK_EQ_INT(dgw_encode(buf, len - 1, &st, in, DGW_MAX_RECORDS), 0);
}

/* Encodes one v4 record with table2() and returns the length. */
static size_t good_msg(void)
{
    dgw_sensor_table st = table2();
    dg_record r = rec4(0);
    return dgw_encode(buf, sizeof buf, &st, &r, 1);
}

static int decode(size_t len)
{
    size_t n = 77;
    int err = dgw_decode(buf, len, NULL, out, &n);
    if (err != DGW_OK) CHECK_EQ_INT(n, 0);
    return err;
}

static void test_header_rejections(void)
{
    size_t len = good_msg();
    CHECK_EQ_INT(decode(len), DGW_OK);
    for (size_t k = 0; k < len; k++)
        CHECK(decode(k) != DGW_OK); /* every truncation */
    CHECK_EQ_INT(decode(3), DGW_ERR_SHORT);
    CHECK_EQ_INT(decode(10), DGW_ERR_SHORT);
    CHECK_EQ_INT(decode(len - 1), DGW_ERR_LENGTH);
    buf[len] = 0;
    CHECK_EQ_INT(decode(len + 1), DGW_ERR_LENGTH);

    len = good_msg();
    buf[0] = 'X';
    CHECK_EQ_INT(decode(len), DGW_ERR_MAGIC);
    len = good_msg();
    buf[4] = 3;
    CHECK_EQ_INT(decode(len), DGW_ERR_VERSION);
    len = good_msg();
    buf[5] = 2; /* an unknown header flag */
    CHECK_EQ_INT(decode(len), DGW_ERR_VERSION);
    len = good_msg();
    buf[15] = 1; /* sequence bytes without DGW_FLAG_SEQ */
    CHECK_EQ_INT(decode(len), DGW_ERR_VERSION);
    /* With DGW_FLAG_SEQ the last four header bytes are publisher id and sequence. */
    len = good_msg();
    uint16_t pub = 0, seq = 0;
    CHECK(!dgw_get_seq(buf, len, &pub, &seq));
    dgw_set_seq(buf, 0xBEEF, 65535);
    CHECK_EQ_INT(decode(len), DGW_OK);
    CHECK(dgw_get_seq(buf, len, &pub, &seq));
    CHECK_EQ_INT(pub, 0xBEEF);
    CHECK_EQ_INT(seq, 65535);
    CHECK_EQ_INT(buf[5], DGW_FLAG_SEQ);
    len = good_msg();
    buf[8] = 2; /* record count 2, one present */
    CHECK_EQ_INT(decode(len), DGW_ERR_LENGTH);
    len = good_msg();
    buf[6] = 3; /* sensor count 3, two present */
    CHECK_EQ_INT(decode(len), DGW_ERR_LENGTH);
    len = good_msg();
    buf[6] = DGW_MAX_SENSORS + 1;
    CHECK_EQ_INT(decode(len), DGW_ERR_COUNT);
    len = good_msg();
    buf[9] = (DGW_MAX_RECORDS + 1) >> 8;
    buf[8] = (DGW_MAX_RECORDS + 1) & 0xFF;
    CHECK_EQ_INT(decode(len), DGW_ERR_COUNT);
    len = good_msg();
    buf[11] = 0x80; /* huge record count must not overflow the length computation */
    CHECK_EQ_INT(decode(len), DGW_ERR_COUNT);
}

static void test_name_rejections(void)
{
    size_t len = good_msg();
    uint8_t *name0 = buf + 16;
    name0[0] = 0; /* empty */
    CHECK_EQ_INT(decode(len), DGW_ERR_RECORD);
    len = good_msg();
    memset(name0, 'a', 32); /* no NUL within 32 */
    CHECK_EQ_INT(decode(len), DGW_ERR_RECORD);
    len = good_msg();
    name0[1] = '\n'; /* control character */
    CHECK_EQ_INT(decode(len), DGW_ERR_RECORD);
    len = good_msg();
    name0[1] = (char)0xC3; /* truncated UTF-8 */
    CHECK_EQ_INT(decode(len), DGW_ERR_RECORD);
    len = good_msg();
    name0[20] = 'x'; /* garbage after the terminator */
    CHECK_EQ_INT(decode(len), DGW_ERR_RECORD);
    len = good_msg();
    memcpy(name0, "\xe6\x9d\xb1\xe4\xba\xac", 7); /* UTF-8 "Tokyo" in kanji is fine */
    CHECK_EQ_INT(decode(len), DGW_OK);
}

static void test_record_rejections(void)
{
    size_t len = good_msg();
    uint8_t *r = buf + 16 + 64;
    r[52] = 5; /* ip_ver */
    CHECK_EQ_INT(decode(len), DGW_ERR_RECORD);
    len = good_msg();
    r[8 + 4] = 1; /* IPv4 src with non-zero tail */
    CHECK_EQ_INT(decode(len), DGW_ERR_RECORD);
    len = good_msg();
    r[24 + 15] = 1; /* IPv4 dst with non-zero tail */
    CHECK_EQ_INT(decode(len), DGW_ERR_RECORD);
    len = good_msg();
    r[50] = 2; /* sensor index == count */
    CHECK_EQ_INT(decode(len), DGW_ERR_RECORD);
    len = good_msg();
    r[50] = 0xFF;
    r[51] = 0xFF; /* DG_SENSOR_NONE is allowed */
    CHECK_EQ_INT(decode(len), DGW_OK);
    len = good_msg();
    r[7] = 0x80; /* ts >= 2^63 ns */
    CHECK_EQ_INT(decode(len), DGW_ERR_RECORD);
}

static void test_encode_refusals(void)
{
    dgw_sensor_table st = table2();
    dg_record r = rec4(0);
    r.sensor = 2;
    CHECK_EQ_INT(dgw_encode(buf, sizeof buf, &st, &r, 1), 0);
    r = rec4(0);
    r.ip_ver = 0;
    CHECK_EQ_INT(dgw_encode(buf, sizeof buf, &st, &r, 1), 0);
    r = rec4(0);
    st.name[0][0] = '\0';
    CHECK_EQ_INT(dgw_encode(buf, sizeof buf, &st, &r, 1), 0);
    /* stray IPv4 tail bytes are not sent */
    st = table2();
    r.src[9] = 0xAA;
    size_t len = dgw_encode(buf, sizeof buf, &st, &r, 1);
    CHECK(len > 0);
    size_t n = 0;
    CHECK_EQ_INT(dgw_decode(buf, len, NULL, out, &n), DGW_OK);
    CHECK_EQ_INT(out[0].src[9], 0);
    CHECK_STR_EQ(dgw_strerror(DGW_ERR_LENGTH), "length does not match the counts");
}

int main(void)
{
    test_presence();
    test_v1();
    test_pkts();
    test_round_trip();
    test_layout();
    test_full_batch();
    test_header_rejections();
    test_name_rejections();
    test_record_rejections();
    test_encode_refusals();
    return check_report();
}
