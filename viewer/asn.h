/* asn.h - the AS number and AS organisation of a source address, for the hover tooltip.
 * Reads MMDB files in the schema of MaxMind's GeoLite2-ASN (autonomous_system_number,
 * autonomous_system_organization): the ones scripts/fetch-geoip.sh makes from the npm package
 * @ip-location-db/asn (RouteViews, DB-IP and NRO data, CC BY 4.0; asn-ipv4.mmdb and
 * asn-ipv6.mmdb) or a GeoLite2-ASN.mmdb.
 * Owns: the open ASN databases (libmaxminddb, MMDB_MODE_MMAP). No cache: it serves the tooltip
 * (one lookup per frame at most), not the packet path.
 * Threads: a handle belongs to the thread that opened it (the render thread's tooltip). */
#ifndef DG_ASN_H
#define DG_ASN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct dgasn dgasn;

typedef struct dgasn_result {
    uint32_t asn; /* 0: not found */
    char org[64]; /* UTF-8, cut at a character boundary, control bytes replaced */
} dgasn_result;

/* Opens the first ASN databases found, in this order: path (a file or a directory), the
 * directories of $DARKGLOBE_ASN, the directory --geoip or $DARKGLOBE_GEOIP names (geo_path,
 * may be NULL), the checkout's data/, the installed share/darkglobe, /usr/share/GeoIP and
 * /var/lib/GeoIP. A directory is searched for asn-ipv4.mmdb, asn-ipv6.mmdb and
 * GeoLite2-ASN.mmdb. Never NULL but out of memory: without a database every lookup misses
 * (the viewer runs without ASN). */
dgasn *dgasn_open(const char *path, const char *geo_path);
void dgasn_close(dgasn *a);
bool dgasn_has_db(const dgasn *a);
/* "asn-ipv4.mmdb + asn-ipv6.mmdb" or "no ASN database". */
const char *dgasn_describe(const dgasn *a);
/* The credit the data needs when shown (CC BY 4.0), or NULL without a database. */
const char *dgasn_credit(const dgasn *a);
/* Looks addr up (dg_record layout; ::ffff:a.b.c.d counts as IPv4); false when not found. */
bool dgasn_lookup(dgasn *a, int ip_ver, const uint8_t addr[16], dgasn_result *out);

#endif
