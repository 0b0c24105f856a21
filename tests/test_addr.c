/* test_addr.c - addr.h: address text, CIDR parsing (the one rule sensors, the watchlist,
 * alerts and --darknet share), masking, containment and the address hash. */
#include "addr.h"
#include "check.h"

static void test_parse(void)
{
    uint8_t a[16];
    int ver;
    CHECK(dg_addr_parse("203.0.113.9", a, &ver) && ver == 4 && a[3] == 9 && a[4] == 0);
    CHECK(dg_addr_parse("2001:db8::1", a, &ver) && ver == 6 && a[15] == 1);
    char buf[64];
    CHECK_STR_EQ(dg_addr_format(6, a, buf, sizeof buf), "2001:db8::1");
    CHECK(!dg_addr_parse("203.0.113", a, &ver));
    CHECK(!dg_addr_parse(" 203.0.113.9", a, &ver));
}

static void test_cidr_parse(void)
{
    dg_cidr c;
    CHECK_EQ_INT(dg_cidr_parse("203.0.113.77/25", &c), DG_CIDR_OK);
    CHECK(c.ip_ver == 4 && c.prefix == 25 && c.addr[3] == 77); /* kept as written */
    CHECK(dg_cidr_mask(&c));                                   /* host bits were set */
    CHECK_EQ_INT(c.addr[3], 0);
    CHECK(!dg_cidr_mask(&c));
    CHECK_EQ_INT(dg_cidr_parse("2001:db8:ffff::1/36", &c), DG_CIDR_OK);
    dg_cidr_mask(&c);
    CHECK(c.addr[4] == 0xf0 && c.addr[15] == 0);
    CHECK_EQ_INT(dg_cidr_parse("198.51.100.7", &c), DG_CIDR_OK); /* bare: one host */
    CHECK_EQ_INT(c.prefix, 32);
    CHECK_EQ_INT(dg_cidr_parse("::1", &c), DG_CIDR_OK);
    CHECK_EQ_INT(c.prefix, 128);
    CHECK_EQ_INT(dg_cidr_parse("0.0.0.0/0", &c), DG_CIDR_OK);
    CHECK_EQ_INT(dg_cidr_parse("10.0.0.0/008", &c), DG_CIDR_OK);
    CHECK_EQ_INT(c.prefix, 8);

    CHECK_EQ_INT(dg_cidr_parse("", &c), DG_CIDR_BAD_ADDR);
    CHECK_EQ_INT(dg_cidr_parse("/8", &c), DG_CIDR_BAD_ADDR);
    CHECK_EQ_INT(dg_cidr_parse("1.2.3/8", &c), DG_CIDR_BAD_ADDR);
    CHECK_EQ_INT(dg_cidr_parse(" 1.2.3.4/8", &c), DG_CIDR_BAD_ADDR);
    CHECK_EQ_INT(dg_cidr_parse("1.2.3.4/", &c), DG_CIDR_BAD_PREFIX);
    CHECK_EQ_INT(dg_cidr_parse("1.2.3.4/ 8", &c), DG_CIDR_BAD_PREFIX);
    CHECK_EQ_INT(dg_cidr_parse("1.2.3.4/8 ", &c), DG_CIDR_BAD_PREFIX);
    CHECK_EQ_INT(dg_cidr_parse("1.2.3.4/33", &c), DG_CIDR_BAD_PREFIX);
    CHECK(c.ip_ver == 4); /* the version is known for the message */
    CHECK_EQ_INT(dg_cidr_parse("::/129", &c), DG_CIDR_BAD_PREFIX);
    CHECK_EQ_INT(dg_cidr_parse("::/0128", &c), DG_CIDR_BAD_PREFIX);
    CHECK_EQ_INT(dg_cidr_parse("1.2.3.4/-1", &c), DG_CIDR_BAD_PREFIX);
}

static void test_network(void)
{
    dg_cidr c;
    char err[160];
    dg_cidr_status st;
    CHECK(dg_cidr_parse_network("203.0.113.0/24", &c, &st, err, sizeof err));
    CHECK(!dg_cidr_parse_network("203.0.113.5/24", &c, &st, err, sizeof err));
    CHECK_EQ_INT(st, DG_CIDR_OK);
    CHECK_STR_EQ(err, "host bits set in '203.0.113.5/24' (did you mean 203.0.113.0/24?)");
    CHECK(!dg_cidr_parse_network("1.2.3.4/99", &c, &st, err, sizeof err));
    CHECK_EQ_INT(st, DG_CIDR_BAD_PREFIX);
    CHECK_STR_EQ(err, "");
}

static void test_mask_contains(void)
{
    uint8_t a[16], m[16];
    int ver;
    dg_addr_parse("2001:db8:abcd:ef01::ffff", a, &ver);
    dg_addr_mask(m, a, 0);
    for (int i = 0; i < 16; i++)
        CHECK_EQ_INT(m[i], 0);
    dg_addr_mask(m, a, 128);
    CHECK(memcmp(m, a, 16) == 0);
    dg_addr_mask(m, a, 33);
    CHECK(m[4] == 0x80 && m[5] == 0 && m[3] == 0xb8);
    CHECK(dg_addr_prefix_eq(a, m, 33));
    CHECK(dg_addr_prefix_eq(a, m, 34)); /* 0xab: the second bit is clear in both */
    CHECK(!dg_addr_prefix_eq(a, m, 35));

    dg_cidr c;
    dg_cidr_parse("203.0.113.128/26", &c);
    uint8_t in[16] = {203, 0, 113, 191}, out[16] = {203, 0, 113, 192};
    CHECK(dg_cidr_contains(&c, 4, in));
    CHECK(!dg_cidr_contains(&c, 4, out));
    CHECK(!dg_cidr_contains(&c, 6, in)); /* other version */
    dg_cidr_parse("0.0.0.0/0", &c);
    CHECK(dg_cidr_contains(&c, 4, out));
}

/* Neighbouring addresses land in different buckets of a small table, in its low bits and in
 * its high bits, and the version is part of the key. */
static void test_hash(void)
{
    uint8_t a[16] = {203, 0, 113, 0};
    enum { BUCKETS = 256, N = 4096 };
    static int lo[BUCKETS], hi[BUCKETS];
    for (int i = 0; i < N; i++) {
        a[2] = (uint8_t)(i >> 8), a[3] = (uint8_t)i;
        uint64_t h = dg_addr_hash(4, a);
        lo[h % BUCKETS]++;
        hi[h >> 56]++;
    }
    int worst_lo = 0, worst_hi = 0;
    for (int b = 0; b < BUCKETS; b++) {
        if (lo[b] > worst_lo) worst_lo = lo[b];
        if (hi[b] > worst_hi) worst_hi = hi[b];
    }
    CHECK(worst_lo < 40 && worst_hi < 40); /* mean 16 */
    CHECK(dg_addr_hash(4, a) != dg_addr_hash(6, a));
    CHECK(dg_addr_hash(4, a) == dg_addr_hash(4, a));
}

int main(void)
{
    test_parse();
    test_cidr_parse();
    test_network();
    test_mask_contains();
    test_hash();
    return check_report();
}
