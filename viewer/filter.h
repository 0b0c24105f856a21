/* filter.h - view filters: which packets are drawn as arcs. The statistics, detectors and
 * alerts still see every packet; only the drawing is filtered.
 * Owns: dgfl_filter (a plain value the shell keeps), the --filter SPEC grammar, the key
 * toggles and the one-line HUD summary.
 *
 * SPEC grammar: terms separated by ';'; inside a term, values separated by ',' or '+'.
 *   class=V[,V...]   V in syn, synack, tcp, udp, icmp, other (a bare class name is a term too)
 *   port=P[,P...]    P a destination port "23" or an inclusive range "1-1024"
 *   cc=CC[,CC...]    ISO country codes of the source, any case; "??" for unplaced sources
 *   sensor=NAME[,..] sensors by name (net/base/sensors.h table)
 *   mirai            only packets with the Mirai fingerprint (also "mirai=yes"/"mirai=no")
 *   tool=T[,T...]    packets tagged with one of the scanner tools T (fingerprint.h: mirai,
 *                    masscan, zmap, unicorn, lss, backscatter)
 *   all / none       no filter (resets everything given before it)
 * Different keys must all match (AND); values of one key are alternatives (OR); repeating a
 * key adds values. Example: "class=syn+udp;port=23,2323;cc=JP;mirai". The port test applies
 * to the destination port field, so ICMP (port 0) never matches a port filter.
 * Threads: parse and toggles on the main thread; dgfl_match is a pure read (render thread). */
#ifndef DG_FILTER_H
#define DG_FILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sensors.h"
#include "event.h"

#define DGFL_ALL_CLASSES ((1u << DG_CLS_COUNT) - 1u)
#define DGFL_MAX_RANGES 16          /* port ranges remembered for the summary; the bitset has all */
#define DGFL_CC_SLOTS (26 * 26 + 1) /* AA..ZZ, then "unplaced" */

typedef struct dgfl_range {
    uint16_t lo, hi;
} dgfl_range;

typedef struct dgfl_filter {
    uint8_t classes; /* bit per enum dg_class; DGFL_ALL_CLASSES: no class filter */
    bool mirai_only;
    uint8_t tools; /* DG_TOOL_* bits; 0: no tool filter */
    bool port_on, cc_on, sensor_on;
    uint64_t ports[65536 / 64];             /* destination ports, when port_on */
    uint64_t cc[(DGFL_CC_SLOTS + 63) / 64]; /* countries, when cc_on */
    uint64_t sensors;                       /* bit per sensor index (< 64), when sensor_on */
    dgfl_range ranges[DGFL_MAX_RANGES];     /* for the summary, in the order given */
    int nranges, ranges_dropped;
    char cc_text[48];     /* "JP,CN" for the summary */
    char sensor_text[96]; /* "tokyo,okinawa" for the summary */
} dgfl_filter;

/* No filter: everything drawn. */
void dgfl_clear(dgfl_filter *f);
/* Parses SPEC over a cleared filter. sensors may be NULL (then sensor= is an error). All or
 * nothing: on error f is unchanged and err holds a one-line reason naming the bad term. */
bool dgfl_parse(dgfl_filter *f, const char *spec, const dgs_table *sensors, char *err,
                size_t errcap);
/* Whether any filter is set. */
bool dgfl_active(const dgfl_filter *f);

/* Whether ev is drawn: a few bit tests, no branches on strings. */
static inline bool dgfl_match(const dgfl_filter *f, const dg_event *ev)
{
    if (!((f->classes >> (ev->cls % 8)) & 1u)) return false;
    if (f->mirai_only && !(ev->flags & DGE_MIRAI)) return false;
    if (f->tools && !(f->tools & ev->tools)) return false;
    if (f->port_on && !((f->ports[ev->dport >> 6] >> (ev->dport & 63)) & 1u)) return false;
    if (f->cc_on) {
        unsigned a = (unsigned)(ev->cc[0] - 'A'), b = (unsigned)(ev->cc[1] - 'A');
        unsigned slot = (a < 26 && b < 26) ? a * 26 + b : 26 * 26;
        if (!((f->cc[slot >> 6] >> (slot & 63)) & 1u)) return false;
    }
    if (f->sensor_on && (ev->sensor >= 64 || !((f->sensors >> ev->sensor) & 1u))) return false;
    return true;
}

/* Key toggles. A class toggle flips whether that class is drawn; returns the new state. */
bool dgfl_toggle_class(dgfl_filter *f, int cls);
bool dgfl_toggle_mirai(dgfl_filter *f);

/* "filters: SYN+UDP · port 23,2323 · JP · Mirai only", or "filters: none". Returns buf. */
char *dgfl_describe(const dgfl_filter *f, char *buf, size_t cap);

#endif
