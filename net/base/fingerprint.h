/* fingerprint.h - scanner tools told apart by the published rules of their packets
 * (docs/fingerprints.md cites each source).
 * Owns: the tool bits (DG_TOOL_*), their names, the stateless rules (one packet decides) and
 * the Unicornscan tracker (its rule needs two packets of one source).
 * Every rule uses only fields the record observed (dg_record.have): a log without IP ID or
 * sequence numbers can match none of them.
 * Threads: the stateless functions are pure; a tracker belongs to one thread (the viewer's
 * network thread, or the feed's main thread). */
#ifndef DG_FINGERPRINT_H
#define DG_FINGERPRINT_H

#include "record.h"

/* A packet can carry several tags. */
enum {
    DG_TOOL_MIRAI = 1u << 0,      /* SYN with seq == destination IPv4 */
    DG_TOOL_MASSCAN = 1u << 1,    /* IP ID == low 16 bits of (dst ^ dport ^ seq) */
    DG_TOOL_ZMAP = 1u << 2,       /* IP ID 54321 (ZMap before 4.1) */
    DG_TOOL_UNICORN = 1u << 3,    /* seq ^ (dst ^ ((dport << 16) + sport)) constant per source */
    DG_TOOL_LSS = 1u << 4,        /* large-scale scanner: SYN, no options, TTL >= 200, win 1024 */
    DG_TOOL_BACKSCATTER = 1u << 5 /* SYN-ACK, RST or ICMP error: a reply to a spoofed packet */
};
#define DG_TOOL_COUNT 6
/* The scanner tools proper (backscatter is traffic, not a tool). */
#define DG_TOOL_SCANNERS 5

/* Tags that one packet decides on its own (everything but Unicornscan). */
unsigned dgfp_stateless(const dg_record *r);

/* Short name of tool bit index i (0..DG_TOOL_COUNT-1): "mirai", "masscan", "zmap",
 * "unicorn", "lss", "backscatter"; NULL when out of range. */
const char *dgfp_name(int i);
/* Display name ("Mirai", "Masscan", "ZMap", "Unicornscan", "Large-scale", "Backscatter"). */
const char *dgfp_label(int i);
/* Bit of the tool with short name `name`, or 0 when unknown. */
unsigned dgfp_parse(const char *name);

/* Unicornscan: its key (seq ^ (dst ^ ((dport << 16) + sport))) is fixed per scan, so a
 * source whose SYNs to different destinations or ports repeat one key is Unicornscan. A
 * fixed table remembers the last key and probe per IPv4 source (a collision forgets, never
 * allocates); the second such packet, and every one after, is tagged. */
typedef struct dgfp_tracker dgfp_tracker;
dgfp_tracker *dgfp_tracker_create(void);
void dgfp_tracker_destroy(dgfp_tracker *t);
/* All tags of r: the stateless ones, plus Unicornscan from the source's history. */
unsigned dgfp_tags(dgfp_tracker *t, const dg_record *r);

#endif
