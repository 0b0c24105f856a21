/* event.h - a packet after the network thread has decoded, placed and classified it.
 * Owns: dg_event (what the queue carries to the render thread) and the arc classes.
 * Threads: plain data; produced by the network thread, consumed by the render thread. */
#ifndef DG_EVENT_H
#define DG_EVENT_H

#include "fingerprint.h"
#include "record.h"

#include <string.h>

enum dg_class { DG_CLS_SYN, DG_CLS_SYNACK, DG_CLS_TCP, DG_CLS_UDP, DG_CLS_ICMP, DG_CLS_OTHER,
                DG_CLS_COUNT };

/* DGE_NO_DPORT: the destination port was not observed (dg_record.have): port counters and
 * port detectors leave the event out. */
/* DGE_TIME_JUMP: the feed's time jumped (a replay's seek or loop) just before this event, so
 * time windows restart at it rather than taking a jump back for late packets. */
enum { DGE_MIRAI = 1, DGE_SRC_PLACED = 2, DGE_DST_PLACED = 4, DGE_NO_DPORT = 8, DGE_TIME_JUMP = 16 };

typedef struct dg_event {
    double ts;                /* packet time, seconds since the epoch */
    float src_lat, src_lon;   /* degrees */
    float dst_lat, dst_lon;
    uint8_t src[16];
    uint16_t sport, dport;
    uint16_t sensor;          /* index in the viewer's sensor table, or DG_SENSOR_NONE */
    uint8_t ip_ver, proto, tcp_flags;
    uint8_t cls;              /* enum dg_class */
    uint8_t flags;            /* DGE_* */
    char cc[3];               /* ISO country code of the source, "" when unknown */
    uint32_t pkts;            /* packets the event stands for (dg_record_pkts), >= 1 */
    uint8_t tools;            /* DG_TOOL_* tags (fingerprint.h) */
} dg_event;

/* Arc class of a record: SYN scan, SYN-ACK backscatter, other TCP, UDP, ICMP, other. TCP
 * whose flags were not observed is "other TCP". */
static inline uint8_t dg_classify(const dg_record *r)
{
    switch (r->proto) {
    case DG_PROTO_TCP:
        if (!dg_record_has(r, DG_HAVE_FLAGS)) return DG_CLS_TCP;
        if ((r->flags & (DG_TCP_SYN | DG_TCP_ACK)) == DG_TCP_SYN) return DG_CLS_SYN;
        if ((r->flags & (DG_TCP_SYN | DG_TCP_ACK)) == (DG_TCP_SYN | DG_TCP_ACK))
            return DG_CLS_SYNACK;
        return DG_CLS_TCP;
    case DG_PROTO_UDP: return DG_CLS_UDP;
    case DG_PROTO_ICMP:
    case DG_PROTO_ICMP6: return DG_CLS_ICMP;
    default: return DG_CLS_OTHER;
    }
}

/* The record's own part of an event: time, source, ports, protocol, class, Mirai flag.
 * Placement (positions, country, sensor) is the caller's. */
static inline void dg_event_from_record(dg_event *ev, const dg_record *r)
{
    *ev = (dg_event){.ts = (double)r->ts_ns * 1e-9,
                     .pkts = dg_record_pkts(r),
                     .tools = (uint8_t)dgfp_stateless(r),
                     .sport = r->sport,
                     .dport = r->dport,
                     .sensor = DG_SENSOR_NONE,
                     .ip_ver = r->ip_ver,
                     .proto = r->proto,
                     .tcp_flags = r->flags,
                     .cls = dg_classify(r),
                     .flags = (uint8_t)((dg_record_is_mirai(r) ? DGE_MIRAI : 0) |
                                        (dg_record_has(r, DG_HAVE_DPORT) ? 0 : DGE_NO_DPORT))};
    /* memcpy, not a byte loop: the record may come from anywhere (a replay's buffer), and
     * only memcpy tells the compiler the two cannot overlap, so it is one 16-byte move. */
    memcpy(ev->src, r->src, sizeof ev->src);
}

#endif
