/* names.h - the names of IP protocols and traffic classes, in the forms people type and the
 * forms the viewer shows.
 * Owns: the only tables of these names: the sources and the JSON feed read protocol names
 * through it, the viewer's filter, palette, legend and tooltips name classes through it.
 * Threads: pure functions over constant tables; any thread. */
#ifndef DG_NAMES_H
#define DG_NAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* An IP protocol by name, any case: "tcp", "udp", "icmp", "icmp6" / "icmpv6" / "ipv6-icmp",
 * "sctp", "gre", "esp", "ah", "udplite", "dccp". Numbers are the caller's (each format writes
 * them its own way). */
bool dgn_proto_from_name(const char *name, uint8_t *proto);
/* Only the names the feed protocol defines: "tcp", "udp", "icmp", "icmp6", any case (a
 * publisher that writes others is refused, so every viewer reads the same feed alike). */
bool dgn_proto_from_wire_name(const char *name, uint8_t *proto);
/* Display name of the protocols the viewer classifies: "TCP", "UDP", "ICMP", "ICMPv6";
 * NULL for any other (the caller shows the number). */
const char *dgn_proto_name(uint8_t proto);

/* Class (enum dg_class) names; "?" when out of range. */
/* The key a user types in filters and colour specs: "syn", "synack", "tcp", ... */
const char *dgn_class_key(int cls);
/* Short upper-case name: "SYN", "SYN-ACK", "TCP", "UDP", "ICMP", "other". */
const char *dgn_class_short(int cls);
/* Legend name: "SYN scan", "SYN-ACK backscatter", "other TCP", ... */
const char *dgn_class_legend(int cls);
/* The class whose key is key[0..len), any case ("syn-ack" too), or -1. */
int dgn_class_find(const char *key, size_t len);

#endif
