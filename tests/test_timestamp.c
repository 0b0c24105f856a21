/* test_timestamp.c - the timestamp range and conversions every source relies on
 * (timestamp.h): the 2^63 ns limit on both sides, negative and fractional inputs, and UTC
 * text checked against the calendar. */
#include "check.h"
#include "timestamp.h"

#include <stdint.h>

static void test_limit(void)
{
    uint64_t ns = 0;
    CHECK(dgtm_valid(DGTM_LIMIT_NS - 1));
    CHECK(!dgtm_valid(DGTM_LIMIT_NS));
    CHECK(!dgtm_valid(UINT64_MAX));
    /* 9223372036 s + 854775807 ns is the last possible time */
    CHECK(dgtm_from_sec(9223372036, 854775807, &ns) && ns == DGTM_LIMIT_NS - 1);
    CHECK(!dgtm_from_sec(9223372036, 854775808, &ns));
    CHECK(!dgtm_from_sec(9223372037, 0, &ns));
    CHECK(!dgtm_from_sec(INT64_MAX, 0, &ns));
    CHECK(!dgtm_from_sec(-1, 0, &ns));
    CHECK(!dgtm_from_sec(1, 1000000000, &ns));
    /* a classic pcap's seconds read as unsigned: 2040 is fine */
    CHECK(dgtm_from_sec(2208988800, 5, &ns) && ns == 2208988800000000005ull);
}

static void test_double(void)
{
    uint64_t ns = 0;
    CHECK(dgtm_from_double(1500000000.25, &ns) && ns == 1500000000250000000ull);
    CHECK(dgtm_from_double(0, &ns) && ns == 0);
    CHECK(dgtm_from_double(9.2e9, &ns));
    CHECK(!dgtm_from_double(9.23e9, &ns)); /* the CSV epoch gap of 9.22e9 .. 1.8e10 */
    CHECK(!dgtm_from_double(1.0e10, &ns));
    CHECK(!dgtm_from_double(1.7e10, &ns));
    CHECK(!dgtm_from_double(-0.5, &ns));
    CHECK(!dgtm_from_double(NAN, &ns));
    CHECK(!dgtm_from_double(INFINITY, &ns));
    CHECK(dgtm_from_double(1.9999999999, &ns) && ns == 2000000000ull);
}

static void test_calendar(void)
{
    uint64_t ns = 0;
    CHECK_EQ_INT(dgtm_parse_utc("2017-02-28T23:59:59Z", &ns), DGTM_OK);
    CHECK(ns == 1488326399000000000ull);
    CHECK_EQ_INT(dgtm_parse_utc("2017-02-29T00:00:00Z", &ns), DGTM_RANGE);
    CHECK_EQ_INT(dgtm_parse_utc("2017-02-31T00:00:00Z", &ns), DGTM_RANGE);
    CHECK_EQ_INT(dgtm_parse_utc("2016-02-29 12:00:00", &ns), DGTM_OK);
    CHECK_EQ_INT(dgtm_parse_utc("2000-02-29 12:00:00", &ns), DGTM_OK);
    CHECK_EQ_INT(dgtm_parse_utc("2100-02-29 12:00:00", &ns), DGTM_RANGE);
    CHECK_EQ_INT(dgtm_parse_utc("2017-04-31 00:00:00", &ns), DGTM_RANGE);
    CHECK_EQ_INT(dgtm_parse_utc("2017-06-30 23:59:60", &ns), DGTM_RANGE);
    CHECK_EQ_INT(dgtm_parse_utc("1969-12-31 23:59:59", &ns), DGTM_RANGE);
    CHECK_EQ_INT(dgtm_parse_utc("9999-12-31 23:59:59", &ns), DGTM_RANGE);
    CHECK_EQ_INT(dgtm_parse_utc("2262-04-11T23:47:16.854775807Z", &ns), DGTM_OK);
    CHECK(ns == DGTM_LIMIT_NS - 1);
    CHECK_EQ_INT(dgtm_parse_utc("2262-04-11T23:47:17Z", &ns), DGTM_RANGE);
    CHECK_EQ_INT(dgtm_parse_utc("2013-03-03 21:53:59.5", &ns), DGTM_OK);
    CHECK(ns == 1362347639500000000ull);
    CHECK_EQ_INT(dgtm_parse_utc("2013-03-03", &ns), DGTM_SYNTAX);
    CHECK_EQ_INT(dgtm_parse_utc("2013-03-03 21:53:59x", &ns), DGTM_SYNTAX);
    CHECK_EQ_INT(dgtm_parse_utc("2013-03-03 21:53:59.", &ns), DGTM_SYNTAX);
    CHECK_EQ_INT(dgtm_parse_utc("yesterday", &ns), DGTM_SYNTAX);
}

int main(void)
{
    test_limit();
    test_double();
    test_calendar();
    return check_report();
}
