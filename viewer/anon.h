/* anon.h - address text for screens that strangers may see (walls, screenshots, videos).
 * Owns: the masking rule. Anonymized, an IPv4 address keeps its /24 and the last octet reads
 * "x" ("203.0.113.x"); an IPv6 address keeps its /64 network prefix and says so
 * ("2001:db8:1:2::/64"). The rule only hides the host; the network stays visible on purpose,
 * because which networks scan is what an operator reads from the screen.
 * Threads: pure functions; any thread. */
#ifndef DG_ANON_H
#define DG_ANON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Longest text dg_anon_format writes, with the NUL. */
#define DG_ANON_TEXT 52

/* Formats a (dg_record layout: IPv4 in the first 4 bytes), masked when anonymize is set.
 * Returns buf; "?" for an unknown ip_ver. cap should be at least DG_ANON_TEXT. */
const char *dg_anon_format(int ip_ver, const uint8_t a[16], bool anonymize, char *buf, size_t cap);

/* Copies text with every IPv4/IPv6 address in it masked as dg_anon_format does. */
char *dg_anon_text(const char *in, char *out, size_t cap);

#endif
