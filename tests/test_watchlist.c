/* test_watchlist.c - watchlist file parsing (errors with line numbers) and longest-prefix
 * lookups for IPv4 and IPv6. */
#include "addr.h"
#include "watchlist.h"
#include "check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static dgwl_list *parse(const char *text, char *err, size_t cap)
{
    return dgwl_parse(text, strlen(text), "wl.txt", err, cap);
}

/* Returns the organisation an address maps to, or "-" when none. */
static const char *org_of(const dgwl_list *wl, const char *addr)
{
    uint8_t a[16];
    int ver;
    if (!dg_addr_parse(addr, a, &ver)) return "bad-test-address";
    dgwl_hit hit;
    return dgwl_lookup(wl, a, ver, &hit) ? hit.org : "-";
}

static void expect_error(const char *text, const char *want)
{
    char err[256] = "";
    dgwl_list *wl = parse(text, err, sizeof err);
    CHECK(wl == NULL);
    if (!strstr(err, want)) fprintf(stderr, "error was '%s', wanted '%s'\n", err, want);
    CHECK(strstr(err, want) != NULL);
    dgwl_free(wl);
}

static void test_errors(void)
{
    expect_error("# ok\nA = 192.0.2.0/24\nB 192.0.2.0/24\n", "wl.txt:3: expected");
    expect_error("A = 192.0.2.1/24\n",
                 "wl.txt:1: host bits set in '192.0.2.1/24' (did you mean 192.0.2.0/24?)");
    expect_error("\n\nA = 192.0.2.0/33\n", "wl.txt:3: bad prefix length");
    expect_error("A = 2001:db8::/129\n", "wl.txt:1: bad prefix length");
    expect_error("A = 192.0.2.0/2x\n", "wl.txt:1: bad prefix length");
    expect_error("A = 192.0.2.0/\n", "wl.txt:1: bad prefix length");
    expect_error("A = 192.0.300.0/24\n", "wl.txt:1: bad address '192.0.300.0'");
    expect_error("A =\n", "wl.txt:1: no address range");
    expect_error("A = # nothing\n", "wl.txt:1: no address range");
    expect_error(" = 192.0.2.0/24\n", "wl.txt:1: missing organisation name");
    expect_error("A\x01 = 192.0.2.0/24\n", "wl.txt:1: organisation name has control");
    expect_error("A\xff = 192.0.2.0/24\n", "wl.txt:1: organisation name has control");
    expect_error("A = 192.0.2.0/24\n# x\nB = 10.0.0.0/8, 192.0.2.0/24\n",
                 "wl.txt:3: 192.0.2.0/24 is already listed for 'A' (line 1)");
    char longname[200];
    memset(longname, 'x', 100);
    strcpy(longname + 100, " = 192.0.2.0/24\n");
    expect_error(longname, "wl.txt:1: organisation name longer than 63 bytes");
    char *huge = malloc(10000);
    memset(huge, ' ', 9999);
    huge[9999] = '\0';
    memcpy(huge, "A = 192.0.2.0/24", 16);
    expect_error(huge, "wl.txt:1: line longer than");
    free(huge);
    char err[256] = "";
    CHECK(dgwl_load("/nonexistent/watchlist", err, sizeof err) == NULL);
    CHECK(strstr(err, "/nonexistent/watchlist: ") == err);
}

static void test_lookup(void)
{
    const char *text = "# organisations\n"
                       "Example Org = 198.51.100.0/24, 2001:db8:1::/48\r\n"
                       "Example Org Lab = 198.51.100.128/25 2001:db8:1:ff::/64\n"
                       "Wide = 0.0.0.0/0\n"
                       "Host = 203.0.113.7   # a single host\n"
                       "Example Org = 198.51.100.0/24\n" /* same org again: tolerated */
                       "Six = 2001:db8::/32\n";
    char err[256] = "";
    dgwl_list *wl = parse(text, err, sizeof err);
    if (!wl) fprintf(stderr, "parse failed: %s\n", err);
    CHECK(wl != NULL);
    if (!wl) return;
    CHECK_EQ_INT(dgwl_org_count(wl), 5);
    CHECK_EQ_INT(dgwl_range_count(wl), 7);
    CHECK_STR_EQ(org_of(wl, "198.51.100.1"), "Example Org");
    CHECK_STR_EQ(org_of(wl, "198.51.100.127"), "Example Org");
    CHECK_STR_EQ(org_of(wl, "198.51.100.128"), "Example Org Lab");
    CHECK_STR_EQ(org_of(wl, "198.51.100.255"), "Example Org Lab");
    CHECK_STR_EQ(org_of(wl, "203.0.113.7"), "Host");
    CHECK_STR_EQ(org_of(wl, "203.0.113.8"), "Wide");
    CHECK_STR_EQ(org_of(wl, "8.8.8.8"), "Wide");
    CHECK_STR_EQ(org_of(wl, "2001:db8:1::5"), "Example Org");
    CHECK_STR_EQ(org_of(wl, "2001:db8:1:ff::1"), "Example Org Lab");
    CHECK_STR_EQ(org_of(wl, "2001:db8:2::1"), "Six");
    CHECK_STR_EQ(org_of(wl, "2001:db9::1"), "-"); /* 0.0.0.0/0 does not cover IPv6 */
    uint8_t a[16];
    int ver;
    dg_addr_parse("198.51.100.200", a, &ver);
    dgwl_hit hit;
    CHECK(dgwl_lookup(wl, a, 4, &hit));
    char cidr[48];
    CHECK_STR_EQ(dgwl_hit_cidr(&hit, cidr, sizeof cidr), "198.51.100.128/25");
    CHECK(!dgwl_lookup(NULL, a, 4, &hit));
    CHECK(!dgwl_lookup(wl, a, 5, &hit));
    dgwl_free(wl);
}

/* Many ranges: the sorted-array search must agree with a plain linear longest match. */
static void test_many(void)
{
    size_t cap = 1 << 20, len = 0;
    char *text = malloc(cap);
    for (unsigned i = 0; i < 5000; i++)
        len += (size_t)snprintf(text + len, cap - len, "org%u = 10.%u.%u.0/24, 10.%u.0.0/16\n",
                                i % 50, i / 256, i % 256, 100 + i % 100);
    char err[256] = "";
    dgwl_list *wl = dgwl_parse(text, len, "many", err, sizeof err);
    if (!wl) fprintf(stderr, "%s\n", err);
    CHECK(wl != NULL);
    if (wl) {
        CHECK_STR_EQ(org_of(wl, "10.0.5.9"), "org5");
        CHECK_STR_EQ(org_of(wl, "10.19.135.1"), "org49"); /* i = 19*256+135 = 4999 */
        CHECK_STR_EQ(org_of(wl, "10.150.3.3"), "org0");   /* i = 50 -> 10.150/16, org0 */
        CHECK_STR_EQ(org_of(wl, "10.250.0.1"), "-");
        CHECK_STR_EQ(org_of(wl, "11.0.0.1"), "-");
    }
    dgwl_free(wl);
    free(text);
}

static void test_file(void)
{
    char err[256] = "";
    dgwl_list *wl = dgwl_load(DG_SOURCE_ASSETDIR "/watchlist.example", err, sizeof err);
    if (!wl) fprintf(stderr, "%s\n", err);
    CHECK(wl != NULL);
    CHECK(dgwl_range_count(wl) > 0);
    dgwl_free(wl);
}

int main(void)
{
    test_errors();
    test_lookup();
    test_many();
    test_file();
    return check_report();
}
