/* logfields.h - field values as flow and event logs write them (Suricata EVE, Zeek, nfdump):
 * timestamps to nanoseconds since the Unix epoch, protocol names, TCP flag notations.
 * Owns: nothing; pure functions for the log sources.
 * Threads: any. */
#ifndef DG_LOGFIELDS_H
#define DG_LOGFIELDS_H

#include "wire.h"

#include <stdbool.h>
#include <stdint.h>

/* "YYYY-MM-DDTHH:MM:SS[.frac][zone]" ('T' or a space); zone "Z", "+hh:mm", "+hhmm" or "+hh"
 * (or '-'); without a zone the time is UTC. False for anything else, trailing text included. */
bool dglf_time_iso(const char *text, uint64_t *ns);
/* Epoch seconds with an optional fraction, 0 .. year 2540. */
bool dglf_time_epoch(const char *text, uint64_t *ns);
/* Epoch seconds as a JSON number would hold them; false for NaN, negative or absurd. */
bool dglf_time_seconds(double secs, uint64_t *ns);

/* An IP protocol by name, any case ("tcp", "udp", "icmp", "icmp6", "ipv6-icmp", "icmpv6",
 * "sctp", ...) or number 0..255. */
bool dglf_proto(const char *text, uint8_t *proto);
/* TCP flags as letters F S R P A U E C in any order, dots allowed as place holders (nfdump
 * prints "...A..S."); false for any other character. */
bool dglf_flags_letters(const char *text, uint8_t *flags);
/* TCP flags as hexadecimal digits (Suricata's "1e"); false for anything else or > 0xff. */
bool dglf_flags_hex(const char *text, uint8_t *flags);

/* Interns a sensor name a log row gives into st; NULL and *idx set, or the reason the row
 * cannot have it (too long, not clean text, more than DGW_MAX_SENSORS names). */
const char *dglf_sensor(dgw_sensor_table *st, const char *name, uint16_t *idx);

#endif
