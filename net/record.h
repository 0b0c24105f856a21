/* record.h - the packet record every source produces and every sink consumes.
 * Owns: dg_record (one observed IP packet) and the protocol/flag constants.
 * Threads: plain data; any thread. */
#ifndef DG_RECORD_H
#define DG_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { DG_TCP_FIN = 0x01, DG_TCP_SYN = 0x02, DG_TCP_RST = 0x04, DG_TCP_PSH = 0x08,
       DG_TCP_ACK = 0x10, DG_TCP_URG = 0x20, DG_TCP_ECE = 0x40, DG_TCP_CWR = 0x80 };

enum { DG_PROTO_ICMP = 1, DG_PROTO_TCP = 6, DG_PROTO_UDP = 17, DG_PROTO_ICMP6 = 58 };

/* No sensor named: the sensor comes from a CIDR match or the destination's geolocation. */
#define DG_SENSOR_NONE 0xFFFFu

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
} dg_record;

/* Mirai-family scanner fingerprint: a TCP SYN whose sequence number equals the IPv4 destination. */
static inline bool dg_record_is_mirai(const dg_record *r)
{
    if (r->ip_ver != 4 || r->proto != DG_PROTO_TCP) return false;
    if ((r->flags & (DG_TCP_SYN | DG_TCP_ACK)) != DG_TCP_SYN) return false;
    uint32_t d = ((uint32_t)r->dst[0] << 24) | ((uint32_t)r->dst[1] << 16) |
                 ((uint32_t)r->dst[2] << 8) | r->dst[3];
    return r->seq == d;
}

#endif
