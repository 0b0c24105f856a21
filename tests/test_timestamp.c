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

/* The fraction rule every time text shares (the two ISO parsers disagreed: one took
 * "12:00:00." as a whole second, the other refused it; this pins the refusal). */
static void test_fraction(void)
{
    uint64_t ns = 0, base = 1509451200000000000ull; /* 2017-10-31T12:00:00Z */
    CHECK_EQ_INT(dgtm_parse_iso("2017-10-31T12:00:00Z", &ns), DGTM_OK);
    CHECK(ns == base);
    CHECK_EQ_INT(dgtm_parse_iso("2017-10-31T12:00:00.5Z", &ns), DGTM_OK);
    CHECK(ns == base + 500000000u);
    CHECK_EQ_INT(dgtm_parse_iso("2017-10-31T12:00:00.123456789Z", &ns), DGTM_OK);
    CHECK(ns == base + 123456789u);
    /* past nine digits: truncated, never rounded into the next second */
    CHECK_EQ_INT(dgtm_parse_iso("2017-10-31T12:00:00.9999999999999Z", &ns), DGTM_OK);
    CHECK(ns == base + 999999999u);
    CHECK_EQ_INT(dgtm_parse_iso("2017-10-31T12:00:00.Z", &ns), DGTM_SYNTAX);
    CHECK_EQ_INT(dgtm_parse_iso("2017-10-31T12:00:00.", &ns), DGTM_SYNTAX);
    CHECK_EQ_INT(dgtm_parse_utc("2017-10-31T12:00:00.", &ns), DGTM_SYNTAX);
    CHECK_EQ_INT(dgtm_parse_epoch("1509451200.", &ns), DGTM_SYNTAX);
    CHECK_EQ_INT(dgtm_parse_epoch("1509451200.25", &ns), DGTM_OK);
    CHECK(ns == base + 250000000u);
    CHECK_EQ_INT(dgtm_parse_epoch("1509451200", &ns), DGTM_OK);
    CHECK(ns == base);
    CHECK_EQ_INT(dgtm_parse_epoch("-1", &ns), DGTM_SYNTAX);
    CHECK_EQ_INT(dgtm_parse_epoch("1e9", &ns), DGTM_SYNTAX);
    CHECK_EQ_INT(dgtm_parse_epoch("9223372037", &ns), DGTM_RANGE); /* past 2^63 ns */
    CHECK_EQ_INT(dgtm_parse_epoch("99999999999999999999999", &ns), DGTM_RANGE);
}

/* Offsets: only the ISO form takes them; the UTC form (CSV, --start) still refuses them. */
static void test_offsets(void)
{
    uint64_t ns = 0, base = 1509451200000000000ull;
    CHECK_EQ_INT(dgtm_parse_iso("2017-10-31T21:00:00+09:00", &ns), DGTM_OK);
    CHECK(ns == base);
    CHECK_EQ_INT(dgtm_parse_iso("2017-10-31T21:00:00.5+0900", &ns), DGTM_OK);
    CHECK(ns == base + 500000000u);
    CHECK_EQ_INT(dgtm_parse_iso("2017-10-31T07:00:00-05", &ns), DGTM_OK);
    CHECK(ns == base);
    CHECK_EQ_INT(dgtm_parse_iso("2017-10-31 12:00:00", &ns), DGTM_OK); /* no zone: UTC */
    CHECK(ns == base);
    CHECK_EQ_INT(dgtm_parse_iso("2017-10-31T12:00:00+24:00", &ns), DGTM_SYNTAX);
    CHECK_EQ_INT(dgtm_parse_iso("2017-10-31T12:00:00+9", &ns), DGTM_SYNTAX);
    CHECK_EQ_INT(dgtm_parse_iso("2017-10-31T12:00:00Z+01", &ns), DGTM_SYNTAX);
    CHECK_EQ_INT(dgtm_parse_iso("1970-01-01T00:30:00+01:00", &ns), DGTM_RANGE); /* 1969 */
    /* the calendar check applies to the ISO form too (it rolled 31 February into March) */
    CHECK_EQ_INT(dgtm_parse_iso("2017-02-31T00:00:00Z", &ns), DGTM_RANGE);
    CHECK_EQ_INT(dgtm_parse_utc("2017-10-31T21:00:00+09:00", &ns), DGTM_SYNTAX);
}

int main(void)
{
    test_limit();
    test_double();
    test_calendar();
    test_fraction();
    test_offsets();
    return check_report();
}
