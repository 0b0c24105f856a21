/* names.c - see names.h. */
#include "names.h"

#include "event.h"

#include <string.h>
#include <strings.h>

/* The first WIRE_NAMES are the ones the feed protocol names (docs/feed-protocol.md). */
#define WIRE_NAMES 4
static const struct {
    const char *name;
    uint8_t num;
} protos[] = {{"tcp", DG_PROTO_TCP},
              {"udp", DG_PROTO_UDP},
              {"icmp", DG_PROTO_ICMP},
              {"icmp6", DG_PROTO_ICMP6},
              {"icmpv6", DG_PROTO_ICMP6},
              {"ipv6-icmp", DG_PROTO_ICMP6},
              {"sctp", 132},
              {"gre", 47},
              {"esp", 50},
              {"ah", 51},
              {"udplite", 136},
              {"dccp", 33}};

static bool find_proto(const char *name, size_t n, uint8_t *proto)
{
    for (size_t i = 0; i < n; i++)
        if (strcasecmp(name, protos[i].name) == 0) return *proto = protos[i].num, true;
    return false;
}

bool dgn_proto_from_name(const char *name, uint8_t *proto)
{
    return find_proto(name, sizeof protos / sizeof protos[0], proto);
}

bool dgn_proto_from_wire_name(const char *name, uint8_t *proto)
{
    return find_proto(name, WIRE_NAMES, proto);
}

const char *dgn_proto_name(uint8_t proto)
{
    switch (proto) {
    case DG_PROTO_TCP: return "TCP";
    case DG_PROTO_UDP: return "UDP";
    case DG_PROTO_ICMP: return "ICMP";
    case DG_PROTO_ICMP6: return "ICMPv6";
    default: return NULL;
    }
}

static const struct {
    const char *key, *short_name, *legend;
} classes[DG_CLS_COUNT] = {
    [DG_CLS_SYN] = {"syn", "SYN", "SYN scan"},
    [DG_CLS_SYNACK] = {"synack", "SYN-ACK", "SYN-ACK backscatter"},
    [DG_CLS_TCP] = {"tcp", "TCP", "other TCP"},
    [DG_CLS_UDP] = {"udp", "UDP", "UDP"},
    [DG_CLS_ICMP] = {"icmp", "ICMP", "ICMP"},
    [DG_CLS_OTHER] = {"other", "other", "other"},
};

static bool in_range(int cls)
{
    return cls >= 0 && cls < DG_CLS_COUNT;
}

const char *dgn_class_key(int cls)
{
    return in_range(cls) ? classes[cls].key : "?";
}

const char *dgn_class_short(int cls)
{
    return in_range(cls) ? classes[cls].short_name : "?";
}

const char *dgn_class_legend(int cls)
{
    return in_range(cls) ? classes[cls].legend : "?";
}

int dgn_class_find(const char *key, size_t len)
{
    for (int c = 0; c < DG_CLS_COUNT; c++)
        if (strlen(classes[c].key) == len && strncasecmp(key, classes[c].key, len) == 0) return c;
    if (len == 7 && strncasecmp(key, "syn-ack", 7) == 0) return DG_CLS_SYNACK;
    return -1;
}
