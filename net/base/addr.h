/* addr.h - IP address text <-> the 16-byte form of dg_record, and the check of the
 * endpoint URLs both programs take.
 * Threads: pure functions; any thread. */
#ifndef DG_ADDR_H
#define DG_ADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Parses dotted IPv4 or IPv6 text into out (IPv4 in the first 4 bytes, rest zero). */
bool dg_addr_parse(const char *text, uint8_t out[16], int *ip_ver);
/* Checks a nanomsg endpoint before it is used: scheme tcp://, ws://, ipc:// or inproc://;
 * for tcp and ws a port 1..65535 and a host that is a name, a valid IPv4 address or (bind
 * only) "*" (the sockets are IPv4-only). False with a message naming the URL (and the
 * supported schemes, when the scheme is the fault). */
bool dg_addr_check_url(const char *url, bool bind, char *err, size_t errcap);
/* Formats an address; returns buf. buf should hold 46 bytes. */
const char *dg_addr_format(int ip_ver, const uint8_t addr[16], char *buf, size_t cap);

#endif
