/* test_feedmsg.c - dgfm_decode routing by prefix, size limit and result reuse. */
#include "check.h"
#include "feedmsg.h"
#include "jsonfeed.h"

#include <stdlib.h>
#include <string.h>

#define NOW 1700000000000000000ull

static dgfm_result res;
static uint8_t msg[DGFM_MAX_MESSAGE + 16];

/* Decodes a text message copied without its NUL, as it arrives from the socket. */
static bool decode_text(const char *text)
{
    size_t len = strlen(text);
    uint8_t *copy = malloc(len ? len : 1); /* exact size: ASan sees any over-read */
    memcpy(copy, text, len);
    bool ok = dgfm_decode(copy, len, NOW, &res);
    free(copy);
    return ok;
}

static void test_binary(void)
{
    dgw_sensor_table st = {.count = 1};
    strcpy(st.name[0], "tokyo");
    dg_record r[2] = {{.ts_ns = 5, .ip_ver = 4, .sensor = 0, .proto = 6, .dport = 23,
                       .have = DG_HAVE_DPORT},
                      {.ts_ns = 6, .ip_ver = 6, .sensor = DG_SENSOR_NONE, .proto = 17}};
    size_t len = dgw_encode(msg, sizeof msg, &st, r, 2);
    CHECK(dgfm_decode(msg, len, NOW, &res));
    CHECK_EQ_INT(res.kind, DGFM_PACKETS);
    CHECK_EQ_INT(res.nrec, 2);
    CHECK_EQ_INT(res.nbad, 0);
    CHECK_STR_EQ(res.sensors.name[res.recs[0].sensor], "tokyo");
    CHECK(memcmp(res.recs, r, sizeof r) == 0);
    CHECK(!dgfm_decode(msg, len - 1, NOW, &res));
    CHECK_EQ_INT(res.kind, DGFM_NONE);
    CHECK_EQ_INT(res.nrec, 0);
    CHECK(strstr(res.reason, "length") != NULL);
}

static void test_json_forms(void)
{
    CHECK(decode_text("pkt {\"src\":\"1.2.3.4\",\"dst\":\"5.6.7.8\",\"proto\":\"tcp\","
                      "\"sensor\":\"osaka\"}"));
    CHECK_EQ_INT(res.kind, DGFM_PACKETS);
    CHECK_EQ_INT(res.nrec, 1);
    CHECK(res.recs[0].ts_ns == NOW);
    CHECK_STR_EQ(res.sensors.name[0], "osaka");
    CHECK(decode_text("pkt [{\"src\":\"::1\",\"dst\":\"::2\",\"proto\":58},{\"src\":1}]  "));
    CHECK_EQ_INT(res.nrec, 1);
    CHECK_EQ_INT(res.nbad, 1);
    CHECK_EQ_INT(res.sensors.count, 0); /* not left over from the previous message */
    CHECK(strncmp(res.reason, "element 1", 9) == 0);
    CHECK(decode_text("alert {\"severity\":\"critical\",\"title\":\"worm\"}"));
    CHECK_EQ_INT(res.kind, DGFM_ALERT);
    CHECK_EQ_INT(res.alert.severity, DG_SEV_CRITICAL);
    CHECK_STR_EQ(res.alert.title, "worm");
    CHECK(!decode_text("alert {\"severity\":\"critical\"}"));
    CHECK_EQ_INT(res.kind, DGFM_NONE);
    CHECK(strstr(res.reason, "title") != NULL);
}

static void test_malformed(void)
{
    const char *bad[] = {"",
                         "pkt",
                         "pkt{\"src\":\"1.2.3.4\"}",
                         "PKT {}",
                         "alert",
                         "alert ",
                         "hello world",
                         "DGP",
                         "DGPK",
                         "pkt {\"src\":",
                         "pkt [1,2",
                         "pkt {\"src\":\"1.2.3.4\",\"dst\":\"5.6.7.8\",\"proto\":6}\x01"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECK(!decode_text(bad[i]));
        CHECK(res.reason[0] != '\0');
        CHECK_EQ_INT(res.kind, DGFM_NONE);
    }
    CHECK(!dgfm_decode(NULL, 0, NOW, &res));

    /* oversize is rejected before anything looks at the content */
    memset(msg, ' ', sizeof msg);
    memcpy(msg, "pkt []", 6);
    CHECK(dgfm_decode(msg, DGFM_MAX_MESSAGE, NOW, &res));
    CHECK(!dgfm_decode(msg, DGFM_MAX_MESSAGE + 1, NOW, &res));
    CHECK_STR_EQ(res.reason, "oversize");
}

/* Whatever decodes formats back to JSON that decodes to the same records. */
static void test_format_round_trip(void)
{
    CHECK(decode_text("pkt [{\"ts\":1.5,\"src\":\"10.0.0.1\",\"dst\":\"10.0.0.2\",\"proto\":6,"
                      "\"flags\":\"SA\",\"sensor\":\"a\"},{\"src\":\"fe80::1\",\"dst\":\"ff02::1\","
                      "\"proto\":\"icmp6\",\"ttl\":255}]"));
    static dgfm_result again;
    for (size_t i = 0; i < res.nrec; i++) {
        const dg_record *r = &res.recs[i];
        char text[600] = "pkt ";
        const char *name = r->sensor == DG_SENSOR_NONE ? NULL : res.sensors.name[r->sensor];
        CHECK(dgj_format_record(text + 4, sizeof text - 4, r, name) > 0);
        CHECK(dgfm_decode((const uint8_t *)text, strlen(text), 0, &again));
        CHECK_EQ_INT(again.nrec, 1);
        CHECK(memcmp(&again.recs[0], r, sizeof *r) == 0);
    }
}

int main(void)
{
    test_binary();
    test_json_forms();
    test_malformed();
    test_format_round_trip();
    return check_report();
}
