/* test_names.c - names.h: every protocol spelling a source may write, and the class names
 * the filter, the palette, the legend and the tooltips share. */
#include "check.h"
#include "event.h"
#include "names.h"

static void test_proto(void)
{
    static const struct {
        const char *name;
        int num;
    } want[] = {{"tcp", 6},     {"TCP", 6},        {"Udp", 17},   {"icmp", 1}, {"icmp6", 58},
                {"ICMPv6", 58}, {"IPv6-ICMP", 58}, {"sctp", 132}, {"gre", 47}, {"esp", 50},
                {"ah", 51},     {"udplite", 136},  {"dccp", 33}};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        uint8_t p = 0;
        CHECK(dgn_proto_from_name(want[i].name, &p));
        CHECK_EQ_INT(p, want[i].num);
    }
    uint8_t p = 99;
    CHECK(!dgn_proto_from_name("6", &p)); /* numbers are the caller's */
    CHECK(!dgn_proto_from_name("tcp ", &p));
    CHECK(!dgn_proto_from_name("", &p));
    CHECK_EQ_INT(p, 99);
    CHECK(dgn_proto_from_wire_name("ICMP6", &p) && p == 58);
    CHECK(!dgn_proto_from_wire_name("icmpv6", &p)); /* not a feed-protocol name */
    CHECK(!dgn_proto_from_wire_name("sctp", &p));
    CHECK_STR_EQ(dgn_proto_name(DG_PROTO_TCP), "TCP");
    CHECK_STR_EQ(dgn_proto_name(DG_PROTO_ICMP6), "ICMPv6");
    CHECK(dgn_proto_name(132) == NULL);
}

static void test_class(void)
{
    CHECK_STR_EQ(dgn_class_key(DG_CLS_SYNACK), "synack");
    CHECK_STR_EQ(dgn_class_short(DG_CLS_SYNACK), "SYN-ACK");
    CHECK_STR_EQ(dgn_class_legend(DG_CLS_SYNACK), "SYN-ACK backscatter");
    CHECK_STR_EQ(dgn_class_legend(DG_CLS_TCP), "other TCP");
    CHECK_STR_EQ(dgn_class_key(DG_CLS_COUNT), "?");
    CHECK_STR_EQ(dgn_class_short(-1), "?");
    for (int c = 0; c < DG_CLS_COUNT; c++) {
        const char *k = dgn_class_key(c);
        CHECK_EQ_INT(dgn_class_find(k, strlen(k)), c);
    }
    CHECK_EQ_INT(dgn_class_find("SYN", 3), DG_CLS_SYN);
    CHECK_EQ_INT(dgn_class_find("syn-ack", 7), DG_CLS_SYNACK);
    CHECK_EQ_INT(dgn_class_find("synackx", 6), DG_CLS_SYNACK); /* only len bytes count */
    CHECK_EQ_INT(dgn_class_find("sy", 2), -1);
    CHECK_EQ_INT(dgn_class_find("mirai", 5), -1);
}

int main(void)
{
    test_proto();
    test_class();
    return check_report();
}
