/* alert.h - an alert as carried by the feed and shown by the viewer.
 * Owns: dg_alert and its severity names. Text fields are always sanitised
 * (length-limited, no control characters) before they are stored here.
 * Threads: plain data; any thread. */
#ifndef DG_ALERT_H
#define DG_ALERT_H

#include <stdbool.h>
#include <stdint.h>

enum dg_severity { DG_SEV_INFO, DG_SEV_LOW, DG_SEV_MEDIUM, DG_SEV_HIGH, DG_SEV_CRITICAL,
                   DG_SEV_COUNT };

typedef struct dg_alert {
    char id[40];          /* empty: assigned by the receiver */
    uint64_t ts_ns;       /* first seen */
    uint64_t last_ns;     /* last seen (merging) */
    uint8_t severity;     /* enum dg_severity */
    char kind[32];        /* e.g. "watchlist", "port-surge"; default "external" */
    char title[128];
    char detail[256];
    char src[64];         /* address or CIDR text, may be empty */
    char org[64];
    char sensor[32];
    uint16_t dport;       /* 0: none */
    uint8_t proto;        /* 0: none */
    bool has_loc;
    float lat, lon;
    uint32_t count;       /* >= 1 */
} dg_alert;

const char *dg_severity_name(int sev);
/* Returns the severity for a name ("info".."critical"), or -1. */
int dg_severity_parse(const char *name);

#endif
