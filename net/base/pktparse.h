/* pktparse.h - decoding of captured link-layer frames into dg_record.
 * Owns: link-type dispatch (Ethernet with 802.1Q/QinQ tags, Linux cooked v1/v2, raw IP,
 * BSD null/loop), IPv4/IPv6 header parsing (IPv6 extension headers skipped) and the
 * transport fields darkglobe keeps. Shared by the pcap source and the recording reader.
 * Threads: pure functions; any thread. */
#ifndef DG_PKTPARSE_H
#define DG_PKTPARSE_H

#include "record.h"

enum dgpp_result {
    DGPP_OK = 0,
    DGPP_NOT_IP,    /* frame carries no IPv4/IPv6 packet (ARP, LLDP, ...) */
    DGPP_TRUNCATED, /* fewer bytes captured than the headers need */
    DGPP_BAD,       /* malformed header (bad version, header length) */
    DGPP_LINKTYPE   /* link type not supported */
};

/* Options for dgpp_parse_ip. */
enum {
    /* Read sport/dport from the first 4 payload bytes of any protocol without a known
     * layout (the recording format stores them there so no record field is lost). */
    DGPP_PORTS_ANY = 1,
    /* Bound the transport header by the captured bytes only, not by the IP length field
     * (a recording keeps a record's ip_len even when it is smaller than its headers). */
    DGPP_CAPLEN_ONLY = 2
};

/* True when dgpp_parse_frame understands this DLT_* link type. */
bool dgpp_linktype_supported(int dlt);

/* Decodes one frame of link type dlt (DLT_* as returned by pcap_datalink). Fills every
 * field of *out except ts_ns and sensor (set to DG_SENSOR_NONE). */
int dgpp_parse_frame(int dlt, const uint8_t *data, size_t caplen, dg_record *out);

/* Decodes an IP packet starting at its IP header (version taken from the first nibble). */
int dgpp_parse_ip(const uint8_t *p, size_t caplen, unsigned opts, dg_record *out);

const char *dgpp_strerror(int result);

#endif
