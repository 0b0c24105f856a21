/* hosts.h - recently seen source hosts, for the hover tooltip.
 * Owns: dghost_tbl, a fixed-capacity table (hash by address, least-recently-seen eviction;
 * everything allocated at create, nothing per packet), and a small ring of the alerts that
 * name a source address, matched to hosts by address or CIDR at tooltip time.
 * Keeps only what events carry (address, place, country, classes, ports, Mirai, feed time);
 * city and ASN come from the caller's own geolocation handle when the tooltip is built.
 * Threads: render thread only (fed from the drained events, read by the pointer code). */
#ifndef DG_HOSTS_H
#define DG_HOSTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "alert.h"
#include "asn.h"
#include "event.h"
#include "geo.h"

#define DGHOST_DEFAULT_CAPACITY 16384
#define DGHOST_PORTS 8        /* distinct destination ports counted per host */
#define DGHOST_ALERT_REFS 256 /* alerts remembered for tooltips, newest replace oldest */

typedef struct dghost_port {
    uint16_t port;
    uint32_t count;
} dghost_port;

typedef struct dghost {
    uint8_t addr[16];
    uint8_t ip_ver;
    bool placed;     /* lat/lon valid */
    bool mirai;      /* any packet with the Mirai fingerprint */
    uint8_t tools;   /* DG_TOOL_* tags of any of its packets (fingerprint.h) */
    uint8_t classes; /* bit per enum dg_class seen */
    char cc[3];
    float lat, lon;
    uint64_t packets;
    double first_seen, last_seen; /* feed time (dg_event.ts) */
    uint8_t nports;
    dghost_port ports[DGHOST_PORTS]; /* by first appearance */
    uint64_t other_ports;            /* packets to ports beyond the first DGHOST_PORTS */
    /* table links (indices; -1 none) */
    int32_t hnext, lprev, lnext;
} dghost;

typedef struct dghost_tbl dghost_tbl;

typedef struct dghost_counters {
    uint64_t inserted, evicted, updated;
} dghost_counters;

/* capacity 0: DGHOST_DEFAULT_CAPACITY. NULL when out of memory. */
dghost_tbl *dghost_create(size_t capacity);
void dghost_destroy(dghost_tbl *t);

/* Records a batch of drained events (all of them, filtered view or not). */
void dghost_observe(dghost_tbl *t, const dg_event *ev, size_t n);
/* Remembers an alert whose src names an address or CIDR (others are ignored). */
void dghost_note_alert(dghost_tbl *t, const dg_alert *al);

/* The host with this address, or NULL. */
const dghost *dghost_find(const dghost_tbl *t, int ip_ver, const uint8_t addr[16]);
size_t dghost_count(const dghost_tbl *t);
dghost_counters dghost_get_counters(const dghost_tbl *t);

/* Screen position of lat/lon (pixels); false when hidden. Wraps dgr_project for picking. */
typedef bool (*dghost_project_fn)(void *ctx, float lat, float lon, float *sx, float *sy);

/* The placed host nearest to (mx, my) within radius_px on screen, among hosts seen at feed
 * time now - live_s or later (the walk stops at the first older one: cost ~ live hosts). */
const dghost *dghost_pick(const dghost_tbl *t, dghost_project_fn project, void *ctx, float mx,
                          float my, float radius_px, double now, double live_s);

/* Multi-line tooltip (lines end in '\n' except the last): address (masked when anonymize),
 * country / city (geo may be NULL), the AS number and organisation (as may be NULL; else the
 * city database's AS number), classes and ports, packets, first/last seen UTC, Mirai
 * fingerprint, and the alerts naming the host. Returns buf. */
char *dghost_format_tooltip(const dghost_tbl *t, const dghost *h, const dggeo_result *geo,
                            const dgasn_result *as, bool anonymize, char *buf, size_t cap);

#endif
