/* watchlist.h - DAEDALUS-style registry of organisations and their address ranges.
 * Owns: parsing the watchlist file (format in docs/alerts.md) and the longest-prefix
 * lookup of a source address to its organisation.
 * Threads: load on any thread; a loaded list is read-only, so lookups may run on any
 * number of threads at once. dgwl_lookup allocates nothing (it runs once per packet). */
#ifndef DG_WATCHLIST_H
#define DG_WATCHLIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DGWL_ORG_MAX 64         /* bytes of an organisation name, NUL included */
#define DGWL_MAX_RANGES 1000000 /* a bigger file is refused rather than eating memory */
#define DGWL_MAX_ORGS 65535

typedef struct dgwl_list dgwl_list;

/* What a lookup found: the organisation and the matching range. */
typedef struct dgwl_hit {
    const char *org; /* owned by the list */
    uint16_t org_id; /* 0..dgwl_org_count()-1 */
    uint8_t ip_ver;  /* 4 or 6 */
    uint8_t plen;    /* prefix length of the matching range */
    uint8_t net[16]; /* the range's network address */
} dgwl_hit;

/* Parses a watchlist from memory. name is used in error messages ("name:line: reason").
 * Returns NULL with err set on the first error (out of memory included). */
dgwl_list *dgwl_parse(const char *text, size_t len, const char *name, char *err, size_t errcap);
/* Reads and parses the file at path. Returns NULL with err set ("path:line: reason"). */
dgwl_list *dgwl_load(const char *path, char *err, size_t errcap);
void dgwl_free(dgwl_list *wl);

/* Longest-prefix match of addr (16-byte form: IPv4 in the first 4 bytes). Returns false
 * when no listed range contains it; wl may be NULL (nothing listed). */
bool dgwl_lookup(const dgwl_list *wl, const uint8_t addr[16], int ip_ver, dgwl_hit *hit);

size_t dgwl_range_count(const dgwl_list *wl);
size_t dgwl_org_count(const dgwl_list *wl);
const char *dgwl_org_name(const dgwl_list *wl, size_t org_id);
/* Formats a hit's range as CIDR text ("192.0.2.0/24"); returns buf (48 bytes suffice). */
const char *dgwl_hit_cidr(const dgwl_hit *hit, char *buf, size_t cap);

#endif
