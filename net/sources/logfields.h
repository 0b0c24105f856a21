/* logfields.h - field values as flow and event logs write them (Suricata EVE, Zeek, nfdump):
 * protocol names, TCP flag notations (their timestamps: timestamp.h).
 * Owns: nothing; pure functions for the log sources.
 * Threads: any. */
#ifndef DG_LOGFIELDS_H
#define DG_LOGFIELDS_H

#include "wire.h"

#include <stdbool.h>
#include <stdint.h>

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
