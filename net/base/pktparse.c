/* pktparse.c - link-layer and IP header decoding for the pcap source and recordings. */
#include "pktparse.h"
#include "bytes.h"

#include <pcap/dlt.h>
#include <string.h>

#define ETH_V4 0x0800
#define ETH_V6 0x86DD
#define IP6_MAX_EXT 16 /* a longer chain is malformed or hostile */

bool dgpp_linktype_supported(int dlt)
{
    switch (dlt) {
    case DLT_EN10MB:
    case DLT_LINUX_SLL:
    case DLT_LINUX_SLL2:
    case DLT_RAW:
    case DLT_IPV4:
    case DLT_IPV6:
    case DLT_NULL:
    case DLT_LOOP: return true;
    default: return false;
    }
}

static bool is_vlan_type(uint16_t t)
{
    return t == 0x8100 || t == 0x88A8 || t == 0x9100;
}

/* Skips any 802.1Q/802.1ad tags starting at p (type already read) and dispatches on the
 * inner EtherType. */
static int parse_ethertype(uint16_t type, const uint8_t *p, size_t len, dg_record *out)
{
    while (is_vlan_type(type)) {
        if (len < 4) return DGPP_TRUNCATED;
        type = dgb_be16(p + 2);
        p += 4;
        len -= 4;
    }
    if (type != ETH_V4 && type != ETH_V6) return DGPP_NOT_IP;
    if (len < 1) return DGPP_TRUNCATED;
    if ((p[0] >> 4) != (type == ETH_V4 ? 4 : 6)) return DGPP_BAD;
    return dgpp_parse_ip(p, len, 0, out);
}

/* BSD loopback: a 4-byte address family, host order (NULL) or network order (LOOP). The
 * AF_INET6 value differs between BSDs and Linux, so all known values are accepted. */
static int parse_null(const uint8_t *p, size_t len, dg_record *out)
{
    if (len < 5) return DGPP_TRUNCATED;
    uint32_t be = dgb_be32(p), le = dgb_le32(p);
    uint32_t fam = be < 256 ? be : le;
    bool v6 = fam == 10 || fam == 24 || fam == 28 || fam == 30;
    if (fam != 2 && !v6) return DGPP_NOT_IP;
    if ((p[4] >> 4) != (v6 ? 6 : 4)) return DGPP_BAD;
    return dgpp_parse_ip(p + 4, len - 4, 0, out);
}

int dgpp_parse_frame(int dlt, const uint8_t *p, size_t len, dg_record *out)
{
    switch (dlt) {
    case DLT_EN10MB:
        if (len < 14) return DGPP_TRUNCATED;
        return parse_ethertype(dgb_be16(p + 12), p + 14, len - 14, out);
    case DLT_LINUX_SLL:
        if (len < 16) return DGPP_TRUNCATED;
        return parse_ethertype(dgb_be16(p + 14), p + 16, len - 16, out);
    case DLT_LINUX_SLL2:
        if (len < 20) return DGPP_TRUNCATED;
        return parse_ethertype(dgb_be16(p), p + 20, len - 20, out);
    case DLT_RAW:
    case DLT_IPV4:
    case DLT_IPV6: return dgpp_parse_ip(p, len, 0, out);
    case DLT_NULL:
    case DLT_LOOP: return parse_null(p, len, out);
    default: return DGPP_LINKTYPE;
    }
}

/* TCP options of a header of hl bytes (len captured): whether there are any, and the MSS.
 * A truncated option area leaves both unknown. */
static void parse_tcp_opts(const uint8_t *t, size_t len, size_t hl, dg_record *out)
{
    if (hl < 20 || len < hl) return;
    out->have |= DG_HAVE_OPTS | DG_HAVE_MSS;
    out->tcp_opts = hl > 20;
    for (size_t i = 20; i < hl;) {
        uint8_t kind = t[i];
        if (kind == 0) break; /* end of option list */
        if (kind == 1) {      /* NOP */
            i++;
            continue;
        }
        if (i + 1 >= hl || t[i + 1] < 2 || i + t[i + 1] > hl) break; /* malformed: stop */
        if (kind == 2 && t[i + 1] == 4) out->mss = dgb_be16(t + i + 2);
        i += t[i + 1];
    }
    if (!out->mss) out->have &= (uint16_t)~DG_HAVE_MSS;
}

/* TCP: ports, seq and flags (14 bytes), window (16), options (the header's own length). */
static int parse_tcp(const uint8_t *t, size_t len, dg_record *out)
{
    if (len < 14) return DGPP_TRUNCATED;
    out->seq = dgb_be32(t + 4);
    out->flags = t[13];
    out->have |= DG_HAVE_SEQ | DG_HAVE_FLAGS;
    if (len >= 16) {
        out->win = dgb_be16(t + 14);
        out->have |= DG_HAVE_WIN;
    }
    parse_tcp_opts(t, len, (size_t)(t[12] >> 4) * 4, out);
    return DGPP_OK;
}

/* Fills ports, seq and flags from the transport header t (len bytes captured). */
static int parse_transport(const uint8_t *t, size_t len, unsigned opts, dg_record *out)
{
    switch (out->proto) {
    case DG_PROTO_TCP:
        if (parse_tcp(t, len, out) != DGPP_OK) return DGPP_TRUNCATED;
        break;
    case DG_PROTO_UDP:
    case 33 /* DCCP */:
    case 132 /* SCTP */:
    case 136 /* UDP-Lite */:
        if (len < 4) return DGPP_TRUNCATED;
        break;
    case DG_PROTO_ICMP:
    case DG_PROTO_ICMP6:
        /* ICMP type and code travel in sport/dport, as in Zeek's conn.log. */
        if (len < 2) return DGPP_TRUNCATED;
        out->sport = t[0];
        out->dport = t[1];
        out->have |= DG_HAVE_SPORT | DG_HAVE_DPORT;
        return DGPP_OK;
    default:
        if (!(opts & DGPP_PORTS_ANY) || len < 4) return DGPP_OK;
        break;
    }
    out->sport = dgb_be16(t);
    out->dport = dgb_be16(t + 2);
    out->have |= DG_HAVE_SPORT | DG_HAVE_DPORT;
    return DGPP_OK;
}

static int parse_ipv4(const uint8_t *p, size_t len, unsigned opts, dg_record *out)
{
    if (len < 20) return DGPP_TRUNCATED;
    size_t ihl = (size_t)(p[0] & 15) * 4;
    if (ihl < 20) return DGPP_BAD;
    if (len < ihl) return DGPP_TRUNCATED;
    out->ip_ver = 4;
    out->ip_len = dgb_be16(p + 2);
    out->ipid = dgb_be16(p + 4);
    out->ttl = p[8];
    out->proto = p[9];
    out->have = DG_HAVE_DST | DG_HAVE_TTL | DG_HAVE_LEN | DG_HAVE_IPID;
    memcpy(out->src, p + 12, 4);
    memcpy(out->dst, p + 16, 4);
    if ((dgb_be16(p + 6) & 0x1FFF) != 0) return DGPP_OK; /* later fragment: no ports */
    size_t end = len;
    bool bound = !(opts & DGPP_CAPLEN_ONLY) && out->ip_len >= ihl;
    if (bound && out->ip_len < end) end = out->ip_len; /* Ethernet padding */
    return parse_transport(p + ihl, end - ihl, opts, out);
}

/* Length of the IPv6 extension header h of type nh, or 0 if nh is not one. */
static size_t ip6_ext_len(uint8_t nh, const uint8_t *h)
{
    switch (nh) {
    case 0:
    case 43:
    case 60:
    case 135:
    case 139:
    case 140: return ((size_t)h[1] + 1) * 8;
    case 51: return ((size_t)h[1] + 2) * 4; /* AH counts 4-byte words */
    case 44: return 8;
    default: return 0;
    }
}

static int parse_ipv6(const uint8_t *p, size_t len, unsigned opts, dg_record *out)
{
    if (len < 40) return DGPP_TRUNCATED;
    out->ip_ver = 6;
    out->ip_len = (uint16_t)(40u + dgb_be16(p + 4) > 0xFFFF ? 0xFFFF : 40u + dgb_be16(p + 4));
    out->ttl = p[7];
    out->have = DG_HAVE_DST | DG_HAVE_TTL | DG_HAVE_LEN;
    memcpy(out->src, p + 8, 16);
    memcpy(out->dst, p + 24, 16);
    uint8_t nh = p[6];
    size_t off = 40;
    for (int i = 0; i < IP6_MAX_EXT; i++) {
        static const uint8_t probe[2];
        if (ip6_ext_len(nh, probe) == 0) break;
        if (off + 2 > len) return DGPP_TRUNCATED;
        size_t el = ip6_ext_len(nh, p + off);
        if (off + el > len) return DGPP_TRUNCATED;
        bool later_frag = nh == 44 && (dgb_be16(p + off + 2) & 0xFFF8) != 0;
        nh = p[off];
        off += el;
        if (later_frag) {
            out->proto = nh;
            return DGPP_OK;
        }
        if (i == IP6_MAX_EXT - 1) return DGPP_BAD;
    }
    out->proto = nh;
    return parse_transport(p + off, len - off, opts, out);
}

int dgpp_parse_ip(const uint8_t *p, size_t len, unsigned opts, dg_record *out)
{
    memset(out, 0, sizeof *out);
    out->sensor = DG_SENSOR_NONE;
    if (len < 1) return DGPP_TRUNCATED;
    switch (p[0] >> 4) {
    case 4: return parse_ipv4(p, len, opts, out);
    case 6: return parse_ipv6(p, len, opts, out);
    default: return DGPP_NOT_IP;
    }
}

const char *dgpp_strerror(int result)
{
    switch (result) {
    case DGPP_OK: return "ok";
    case DGPP_NOT_IP: return "not an IP packet";
    case DGPP_TRUNCATED: return "truncated packet";
    case DGPP_BAD: return "malformed IP header";
    case DGPP_LINKTYPE: return "unsupported link type";
    default: return "unknown error";
    }
}
