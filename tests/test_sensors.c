/* test_sensors.c - sensor specs, sensor files and CIDR matching (net/base/sensors.h).
 * Usage: test_sensors TMPDIR (a scratch directory for the sensor files it writes). */
#include "check.h"
#include "sensors.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>

static dgs_table table;

/* A fresh table with one spec added; returns whether the spec was accepted. */
static bool add_one(const char *spec, char *err, size_t cap)
{
    memset(&table, 0, sizeof table);
    err[0] = '\0';
    return dgs_add_spec(&table, spec, err, cap);
}

static void test_good_specs(void)
{
    char err[200];
    CHECK(add_one("tokyo=35.68,139.69", err, sizeof err));
    CHECK_STR_EQ(table.s[0].name, "tokyo");
    CHECK_NEAR(table.s[0].lat, 35.68, 1e-5);
    CHECK_NEAR(table.s[0].lon, 139.69, 1e-5);
    CHECK_EQ_INT(table.s[0].ncidr, 0);
    CHECK(add_one(" a.B_-9 = -90 , 180 , 198.51.100.0/24, 2001:db8::/32 ", err, sizeof err));
    CHECK_STR_EQ(table.s[0].name, "a.B_-9");
    CHECK_EQ_INT(table.s[0].ncidr, 2);
    CHECK_EQ_INT(table.s[0].cidr[1].ip_ver, 6);
    CHECK(add_one("x=90,-180,0.0.0.0/0,::/0", err, sizeof err));
    CHECK(add_one("abcdefghijklmnopqrstuvwxyz01234=0,0", err, sizeof err)); /* 31 chars */
    CHECK(add_one("h=1,2,192.0.2.7", err, sizeof err));
    CHECK_EQ_INT(table.s[0].cidr[0].prefix, 32);
}

/* Each bad spec is refused with a message that names the problem. */
static void check_bad(const char *spec, const char *want_in_msg)
{
    char err[200];
    bool ok = add_one(spec, err, sizeof err);
    CHECK(!ok);
    CHECK_EQ_INT(table.count, 0);
    if (!strstr(err, want_in_msg))
        fprintf(stderr, "spec '%s': message '%s' lacks '%s'\n", spec, err, want_in_msg);
    CHECK(strstr(err, want_in_msg) != NULL);
}

static void test_bad_specs(void)
{
    check_bad("tokyo", "missing '='");
    check_bad("=1,2", "bad sensor name");
    check_bad("abcdefghijklmnopqrstuvwxyz012345=0,0", "bad sensor name"); /* 32 chars */
    check_bad("to kyo=1,2", "bad sensor name");
    check_bad("tök=1,2", "bad sensor name");
    check_bad("t=1", "missing longitude");
    check_bad("t=", "bad latitude");
    check_bad("t=90.01,0", "bad latitude");
    check_bad("t=nan,0", "bad latitude");
    check_bad("t=1x,0", "bad latitude");
    check_bad("t=0,-180.5", "bad longitude");
    check_bad("t=0,inf", "bad longitude");
    check_bad("t=0,0,", "bad CIDR ''");
    check_bad("t=0,0,10.0.0.0/33", "bad CIDR");
    check_bad("t=0,0,10.0.0.0/-1", "bad CIDR");
    check_bad("t=0,0,10.0.0/8", "bad CIDR");
    check_bad("t=0,0,2001:db8::/129", "bad CIDR");
    check_bad("t=0,0,10.0.0.0/8/9", "bad CIDR");
    check_bad("t=0,0,1.0.0.0/8,2.0.0.0/8,3.0.0.0/8,4.0.0.0/8,5.0.0.0/8,6.0.0.0/8,7.0.0.0/8,"
              "8.0.0.0/8,9.0.0.0/8",
              "more than 8 CIDRs");
}

static void test_table_limits(void)
{
    char err[200], spec[64];
    memset(&table, 0, sizeof table);
    CHECK(dgs_add_spec(&table, "dup=1,2", err, sizeof err));
    CHECK(!dgs_add_spec(&table, "dup=3,4", err, sizeof err));
    CHECK(strstr(err, "duplicate") != NULL);
    for (int i = 1; i < DGS_MAX_SENSORS; i++) {
        snprintf(spec, sizeof spec, "s%d=0,0", i);
        CHECK(dgs_add_spec(&table, spec, err, sizeof err));
    }
    CHECK(!dgs_add_spec(&table, "onemore=0,0", err, sizeof err));
    CHECK(strstr(err, "too many") != NULL);
    CHECK_EQ_INT(table.count, DGS_MAX_SENSORS);
    CHECK_EQ_INT(dgs_find(&table, "s63"), 63);
    CHECK_EQ_INT(dgs_find(&table, "nope"), -1);
}

static void addr_of(const char *text, int *ver, uint8_t a[16])
{
    memset(a, 0, 16);
    *ver = inet_pton(AF_INET, text, a) == 1 ? 4 : 6;
    if (*ver == 6 && inet_pton(AF_INET6, text, a) != 1) abort();
}

static int match(const char *text)
{
    int ver;
    uint8_t a[16];
    addr_of(text, &ver, a);
    return dgs_match(&table, ver, a);
}

static void test_cidr_matching(void)
{
    memset(&table, 0, sizeof table);
    dgs_add_defaults(&table);
    CHECK_EQ_INT(table.count, 3);
    CHECK_EQ_INT(match("203.0.113.0"), dgs_find(&table, "tokyo"));
    CHECK_EQ_INT(match("203.0.113.127"), dgs_find(&table, "tokyo"));
    CHECK_EQ_INT(match("203.0.113.128"), dgs_find(&table, "okinawa"));
    CHECK_EQ_INT(match("203.0.113.191"), dgs_find(&table, "okinawa"));
    CHECK_EQ_INT(match("203.0.113.192"), dgs_find(&table, "sapporo"));
    CHECK_EQ_INT(match("203.0.113.255"), dgs_find(&table, "sapporo"));
    CHECK_EQ_INT(match("203.0.114.0"), -1);
    CHECK_EQ_INT(match("203.0.112.255"), -1);
    CHECK_EQ_INT(match("2001:db8:7::1"), dgs_find(&table, "tokyo")); /* synthetic IPv6 darknet */
    dgs_add_defaults(&table); /* names exist: nothing added */
    CHECK_EQ_INT(table.count, 3);

    char err[200];
    memset(&table, 0, sizeof table);
    dgs_add_defaults(&table);
    table.s[0].ncidr = 1; /* without tokyo's IPv6 prefix, which covers all of 2001:db8::/32 */
    CHECK(dgs_add_spec(&table, "v6=0,0,2001:db8:1::/48,2001:db8:2:3::/64", err, sizeof err));
    CHECK_EQ_INT(match("2001:db8:1:ffff::9"), 3);
    CHECK_EQ_INT(match("2001:db8:2:3:4::"), 3);
    CHECK_EQ_INT(match("2001:db8:2:4::"), -1);
    CHECK_EQ_INT(match("2001:db8::"), -1);
    /* The same 4 leading bytes as an IPv6 address must not match an IPv4 CIDR. */
    CHECK_EQ_INT(match("cb00:7100::"), -1);
    CHECK(dgs_add_spec(&table, "all=0,0,0.0.0.0/0", err, sizeof err));
    CHECK_EQ_INT(match("8.8.8.8"), 4);
    CHECK_EQ_INT(match("203.0.113.5"), 0); /* first match wins */
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
        perror(path);
        exit(2);
    }
}

static void test_files(const char *dir)
{
    char path[512], err[600], want[600];
    snprintf(path, sizeof path, "%s/good.conf", dir);
    write_file(path, "# header comment\n\n  tokyo=35.68,139.69,203.0.113.0/25  # inline\n"
                     "\t\n"
                     "v6=0,0,2001:db8::/32\r\n"
                     "last=1,2");
    memset(&table, 0, sizeof table);
    CHECK(dgs_load_file(&table, path, err, sizeof err));
    CHECK_EQ_INT(table.count, 3);
    CHECK_EQ_INT(dgs_find(&table, "last"), 2);

    snprintf(path, sizeof path, "%s/bad.conf", dir);
    write_file(path, "# ok so far\na=1,2\n\nb=1,2,10.0.0.0/40\nc=3,4\n");
    CHECK(!dgs_load_file(&table, path, err, sizeof err));
    snprintf(want, sizeof want, "%s:4: bad CIDR '10.0.0.0/40'", path);
    CHECK_STR_EQ(err, want);
    CHECK_EQ_INT(table.count, 3); /* all or nothing */
    CHECK_EQ_INT(dgs_find(&table, "a"), -1);

    write_file(path, "tokyo=1,2\n");
    CHECK(!dgs_load_file(&table, path, err, sizeof err));
    snprintf(want, sizeof want, "%s:1: duplicate sensor 'tokyo'", path);
    CHECK_STR_EQ(err, want);

    snprintf(path, sizeof path, "%s/missing.conf", dir);
    CHECK(!dgs_load_file(&table, path, err, sizeof err));
    CHECK(strstr(err, "missing.conf: No such file") != NULL);
}

/* The committed Marx sensor file must load and place all nine honeypots. */
static void test_marx_conf(void)
{
    char err[300];
    memset(&table, 0, sizeof table);
    CHECK(dgs_load_file(&table, DG_SOURCE_ASSETDIR "/marx-sensors.conf", err, sizeof err));
    CHECK_EQ_INT(table.count, 9);
    int i = dgs_find(&table, "groucho-sa");
    CHECK(i >= 0);
    if (i >= 0) CHECK_NEAR(table.s[i].lat, -23.55, 1e-4);
    CHECK(dgs_find(&table, "zeppo-norcal") >= 0);
}

/* A named sensor wins; without one the destination's CIDR decides; a record without a
 * destination, or a NULL table, gets none. */
static void test_resolve(void)
{
    dgs_table t;
    memset(&t, 0, sizeof t);
    dgs_add_defaults(&t);
    int tokyo = dgs_find(&t, "tokyo"), sapporo = dgs_find(&t, "sapporo");
    dg_record r;
    memset(&r, 0, sizeof r);
    int ver;
    addr_of("203.0.113.200", &ver, r.dst);
    r.ip_ver = (uint8_t)ver;
    r.have = DG_HAVE_DST;
    CHECK_EQ_INT(dgs_resolve(&t, -1, &r), sapporo);
    CHECK_EQ_INT(dgs_resolve(&t, tokyo, &r), tokyo);
    r.have = 0;
    CHECK_EQ_INT(dgs_resolve(&t, -1, &r), -1);
    CHECK_EQ_INT(dgs_resolve(&t, tokyo, &r), tokyo);
    r.have = DG_HAVE_DST;
    CHECK_EQ_INT(dgs_resolve(NULL, -1, &r), -1);
    addr_of("198.51.100.1", &ver, r.dst);
    CHECK_EQ_INT(dgs_resolve(&t, -1, &r), -1);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s TMPDIR\n", argv[0]);
        return 2;
    }
    test_good_specs();
    test_bad_specs();
    test_table_limits();
    test_cidr_matching();
    test_resolve();
    test_files(argv[1]);
    test_marx_conf();
    return check_report();
}
