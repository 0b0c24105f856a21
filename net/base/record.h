/* record.h - the packet record every source produces and every sink consumes.
 * Owns: dg_record (one observed IP packet) and the protocol/flag constants.
 * Threads: plain data; any thread. */
#ifndef DG_RECORD_H
#define DG_RECORD_H

#include "bytes.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { DG_TCP_FIN = 0x01, DG_TCP_SYN = 0x02, DG_TCP_RST = 0x04, DG_TCP_PSH = 0x08,
       DG_TCP_ACK = 0x10, DG_TCP_URG = 0x20, DG_TCP_ECE = 0x40, DG_TCP_CWR = 0x80 };

enum { DG_PROTO_ICMP = 1, DG_PROTO_TCP = 6, DG_PROTO_UDP = 17, DG_PROTO_ICMP6 = 58 };

/* No sensor named: the sensor comes from a CIDR match or the destination's geolocation. */
#define DG_SENSOR_NONE 0xFFFFu

/* Which fields a source observed (dg_record.have). A field whose bit is clear is unknown:
 * its value is zero and no classifier, fingerprint or detector may use it. Time, source
 * address, IP version and protocol are always known. */
enum {
    DG_HAVE_SEQ = 1u << 0,   /* TCP sequence number */
    DG_HAVE_DST = 1u << 1,   /* destination address */
    DG_HAVE_SPORT = 1u << 2, /* source port (ICMP type) */
    DG_HAVE_DPORT = 1u << 3, /* destination port (ICMP code) */
    DG_HAVE_FLAGS = 1u << 4, /* TCP flags */
    DG_HAVE_TTL = 1u << 5,
    DG_HAVE_LEN = 1u << 6,   /* IP length */
    DG_HAVE_IPID = 1u << 7,  /* IPv4 identification */
    DG_HAVE_WIN = 1u << 8,   /* TCP window */
    DG_HAVE_OPTS = 1u << 9,  /* whether the TCP header carried options (tcp_opts) */
    DG_HAVE_MSS = 1u << 10   /* TCP MSS option value */
};
#define DG_HAVE_ALL 0x07FFu

/* What an upstream classifier said about a record (dg_record.tags); 0 when nobody said.
 * CAIDA flowtuples carry corsaro's own verdicts (docs/sources.md); the wire format, the JSON
 * form ("tags") and recordings carry them. */
enum {
    DG_TAG_SPOOFED = 1u << 0, /* corsaro is_spoofed: the source address is likely forged */
    DG_TAG_LARGE_SCAN = 1u << 1 /* corsaro is_masscan: its large-scale-scan filter matched */
};

/* Addresses are 16 bytes; IPv4 uses the first 4 (network order), the rest zero. */
typedef struct dg_record {
    uint64_t ts_ns;   /* nanoseconds since the Unix epoch */
    uint8_t src[16];
    uint8_t dst[16];
    uint32_t seq;     /* TCP sequence number, 0 for other protocols */
    uint16_t sport;
    uint16_t dport;
    uint16_t ip_len;
    uint16_t sensor;  /* index into the message's sensor table, or DG_SENSOR_NONE */
    uint8_t ip_ver;   /* 4 or 6 */
    uint8_t proto;    /* IP protocol number */
    uint8_t flags;    /* TCP flags, DG_TCP_* */
    uint8_t ttl;
    uint16_t have;    /* DG_HAVE_* */
    uint16_t ipid;    /* IPv4 identification */
    uint16_t win;     /* TCP window */
    uint16_t mss;     /* TCP MSS option, when DG_HAVE_MSS */
    uint8_t tcp_opts; /* 1: the TCP header carried options (when DG_HAVE_OPTS) */
    uint8_t tags;     /* DG_TAG_* (in the padding before pkts) */
    uint32_t pkts;    /* packets this record stands for: 0 or 1 for one packet, more for an
                         aggregated record (a flow, a flowtuple); see dg_record_pkts */
} dg_record;

/* Packets a record counts for in every counter (an aggregated record is not one packet). */
static inline uint32_t dg_record_pkts(const dg_record *r)
{
    return r->pkts ? r->pkts : 1;
}

/* True when every field in mask was observed. */
static inline bool dg_record_has(const dg_record *r, unsigned mask)
{
    return (r->have & mask) == mask;
}

/* Keeps only the fields in have (a subset of what r observed): the others read 0. */
static inline void dg_record_mask(dg_record *r, unsigned have)
{
    r->have &= (uint16_t)have;
    if (!(r->have & DG_HAVE_SEQ)) r->seq = 0;
    if (!(r->have & DG_HAVE_DST))
        for (int i = 0; i < 16; i++) r->dst[i] = 0;
    if (!(r->have & DG_HAVE_SPORT)) r->sport = 0;
    if (!(r->have & DG_HAVE_DPORT)) r->dport = 0;
    if (!(r->have & DG_HAVE_FLAGS)) r->flags = 0;
    if (!(r->have & DG_HAVE_TTL)) r->ttl = 0;
    if (!(r->have & DG_HAVE_LEN)) r->ip_len = 0;
    if (!(r->have & DG_HAVE_IPID)) r->ipid = 0;
    if (!(r->have & DG_HAVE_WIN)) r->win = 0;
    if (!(r->have & DG_HAVE_OPTS)) r->tcp_opts = 0;
    if (!(r->have & DG_HAVE_MSS)) r->mss = 0;
}

/* The IPv4 destination as a host-order number (0 for IPv6). */
static inline uint32_t dg_record_dst4(const dg_record *r)
{
    if (r->ip_ver != 4) return 0;
    return dgb_be32(r->dst);
}

/* A TCP SYN without ACK whose flags were observed. */
static inline bool dg_record_is_syn(const dg_record *r)
{
    return r->proto == DG_PROTO_TCP && dg_record_has(r, DG_HAVE_FLAGS) &&
           (r->flags & (DG_TCP_SYN | DG_TCP_ACK)) == DG_TCP_SYN;
}

/* Mirai-family scanner fingerprint: a TCP SYN whose sequence number equals the IPv4
 * destination. Only from observed fields: a log without seq or dst never matches. */
static inline bool dg_record_is_mirai(const dg_record *r)
{
    if (r->ip_ver != 4 || !dg_record_is_syn(r)) return false;
    if (!dg_record_has(r, DG_HAVE_SEQ | DG_HAVE_DST)) return false;
    return r->seq == dg_record_dst4(r);
}

#endif
