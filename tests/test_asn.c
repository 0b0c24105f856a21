/* test_asn.c - AS number and organisation for the tooltip (viewer/asn.c) from fixture MMDBs
 * that scripts/asn2mmdb.pl (MaxMind::DB::Writer) wrote from small CSVs in the layout of the npm
 * package @ip-location-db/asn: IPv4 and IPv6 files, quoted organisations with commas and
 * quotes, bogons never looked up, the search order, no database at all.
 * Usage: test_asn DIR (holding asn-ipv4.mmdb and asn-ipv6.mmdb). */
#include "asn.h"
#include "check.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>

static int addr(const char *text, uint8_t out[16])
{
    memset(out, 0, 16);
    if (inet_pton(AF_INET, text, out) == 1) return 4;
    return inet_pton(AF_INET6, text, out) == 1 ? 6 : 0;
}

static void test_lookups(const char *dir)
{
    dgasn *a = dgasn_open(dir, NULL);
    CHECK(dgasn_has_db(a));
    CHECK(strstr(dgasn_describe(a), "asn-ipv4.mmdb") && strstr(dgasn_describe(a), "asn-ipv6.mmdb"));
    CHECK_STR_EQ(dgasn_credit(a), "AS data by RouteViews, DB-IP and NRO (CC BY 4.0)");
    uint8_t ip[16];
    dgasn_result r;
    int v = addr("61.0.1.2", ip);
    CHECK(dgasn_lookup(a, v, ip, &r) && r.asn == 2516);
    CHECK_STR_EQ(r.org, "KDDI CORPORATION");
    v = addr("1.0.0.1", ip);
    CHECK(dgasn_lookup(a, v, ip, &r) && r.asn == 13335);
    CHECK_STR_EQ(r.org, "Cloudflare, Inc.");
    v = addr("133.243.3.34", ip); /* long: cut to the field's size at a character boundary */
    CHECK(dgasn_lookup(a, v, ip, &r) && r.asn == 2907);
    CHECK(strlen(r.org) == sizeof r.org - 1 && !strncmp(r.org, "Research Organization", 21));
    v = addr("::ffff:61.0.9.9", ip); /* mapped IPv4 counts as IPv4 */
    CHECK(dgasn_lookup(a, v, ip, &r) && r.asn == 2516);
    v = addr("2400:8500:1::1", ip);
    CHECK(dgasn_lookup(a, v, ip, &r) && r.asn == 9371);
    CHECK_STR_EQ(r.org, "SAKURA Internet Inc. \"Ishikari\"");
    v = addr("2001:200:1::2", ip);
    CHECK(dgasn_lookup(a, v, ip, &r) && r.asn == 2500);
    v = addr("8.8.8.8", ip); /* not in the fixture */
    CHECK(!dgasn_lookup(a, v, ip, &r) && r.asn == 0 && !r.org[0]);
    v = addr("10.1.2.3", ip); /* bogons are never looked up (the fixture has a trap there) */
    CHECK(!dgasn_lookup(a, v, ip, &r) && r.asn == 0);
    v = addr("203.0.113.7", ip);
    CHECK(!dgasn_lookup(a, v, ip, &r));
    dgasn_close(a);
}

static void test_search(const char *dir)
{
    char file[600];
    snprintf(file, sizeof file, "%s/asn-ipv4.mmdb", dir);
    /* $DARKGLOBE_ASN first, then the --geoip directory */
    setenv("DARKGLOBE_ASN", dir, 1);
    dgasn *a = dgasn_open(NULL, NULL);
    CHECK(dgasn_has_db(a));
    dgasn_close(a);
    unsetenv("DARKGLOBE_ASN");
    a = dgasn_open(NULL, file); /* a file named by --geoip stands for its directory */
    CHECK(dgasn_has_db(a) && strstr(dgasn_describe(a), dir));
    dgasn_close(a);
    a = dgasn_open(file, NULL); /* one file: IPv4 only */
    uint8_t ip[16];
    dgasn_result r;
    int v = addr("2400:8500:1::1", ip);
    CHECK(!dgasn_lookup(a, v, ip, &r));
    v = addr("61.0.1.2", ip);
    CHECK(dgasn_lookup(a, v, ip, &r));
    dgasn_close(a);
    /* nothing usable: lookups miss, no credit */
    a = dgasn_open("/nonexistent/asn.mmdb", NULL);
    bool builtin = dgasn_has_db(a); /* a database installed on this machine may answer */
    if (!builtin) {
        CHECK(dgasn_credit(a) == NULL);
        CHECK(!dgasn_lookup(a, v, ip, &r));
        CHECK_STR_EQ(dgasn_describe(a), "no ASN database");
    }
    dgasn_close(a);
    dgasn_close(NULL);
}

int main(int argc, char **argv)
{
    if (argc < 2) return fprintf(stderr, "usage: test_asn DIR\n"), 2;
    test_lookups(argv[1]);
    test_search(argv[1]);
    return check_report();
}
