/* addr.h - IP addresses in the 16-byte form of dg_record: text <-> binary, CIDR networks
 * (parsing, masking, containment), the address hash every table uses, and the check of the
 * endpoint URLs both programs take.
 * Owns: the only calls of inet_pton/inet_ntop and the only prefix masking and hashing of
 * addresses; sensors, the watchlist, alerts and sources use these.
 * Threads: pure functions; any thread. */
#ifndef DG_ADDR_H
#define DG_ADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "hash.h"

/* A network: ip_ver 4 or 6, prefix 0..32 or 0..128, the address in the first 4 (IPv4) or
 * all 16 bytes. */
typedef struct dg_cidr {
    uint8_t ip_ver;
    uint8_t prefix;
    uint8_t addr[16];
} dg_cidr;

typedef enum {
    DG_CIDR_OK,
    DG_CIDR_BAD_ADDR,  /* the part before '/' is not an IPv4 or IPv6 address */
    DG_CIDR_BAD_PREFIX /* the part after '/' is not 1-3 digits or exceeds 32 / 128 */
} dg_cidr_status;

/* Parses dotted IPv4 or IPv6 text into out (IPv4 in the first 4 bytes, rest zero). */
bool dg_addr_parse(const char *text, uint8_t out[16], int *ip_ver);
/* Checks a nanomsg endpoint before it is used: scheme tcp://, ws://, ipc:// or inproc://;
 * for tcp and ws a port 1..65535 and a host that is a name, a valid IPv4 address or (bind
 * only) "*" (the sockets are IPv4-only). False with a message naming the URL (and the
 * supported schemes, when the scheme is the fault). */
bool dg_addr_check_url(const char *url, bool bind, char *err, size_t errcap);
/* Formats an address; returns buf. buf should hold 46 bytes. */
const char *dg_addr_format(int ip_ver, const uint8_t addr[16], char *buf, size_t cap);

/* Parses "ADDR" (one host: the full prefix) or "ADDR/LEN", with no blanks anywhere. The
 * address is kept as written, host bits included: dg_cidr_mask clears them. out is written
 * unless the address is bad (on DG_CIDR_BAD_PREFIX it holds the address and its version). */
dg_cidr_status dg_cidr_parse(const char *text, dg_cidr *out);
/* Clears the host bits beyond the prefix; true when any was set. */
bool dg_cidr_mask(dg_cidr *c);
/* out = in with every bit from bit plen on cleared (plen 0..128). */
void dg_addr_mask(uint8_t out[16], const uint8_t in[16], unsigned plen);
/* The first plen bits of a and net are equal. */
bool dg_addr_prefix_eq(const uint8_t a[16], const uint8_t net[16], unsigned plen);
/* addr (of version ip_ver) lies in c, whose host bits are clear. */
bool dg_cidr_contains(const dg_cidr *c, int ip_ver, const uint8_t addr[16]);
/* A network someone wrote down (a sensor's darknet, --darknet, a watchlist range): parsed
 * as dg_cidr_parse, and refused when host bits are set ("203.0.113.5/24"), err naming the
 * network meant ("did you mean 203.0.113.0/24?"). err is empty on bad syntax (the caller
 * names the value); *status, when not NULL, says which part was bad. out is written as by
 * dg_cidr_parse (masked when only host bits were wrong). */
bool dg_cidr_parse_network(const char *text, dg_cidr *out, dg_cidr_status *status, char *err,
                           size_t errcap);

/* A 64-bit hash of an address and its version, for hash tables and caches (any bits of it
 * may be used). Inline: it sits on the per-packet path of the viewer and the detector. */
static inline uint64_t dg_addr_hash(int ip_ver, const uint8_t a[16])
{
    uint64_t lo, hi;
    memcpy(&lo, a, 8);
    memcpy(&hi, a + 8, 8);
    return dg_mix64(lo ^ dg_mix64(hi ^ ((uint64_t)(uint8_t)ip_ver << 56) ^ DG_GOLDEN64));
}

#endif
