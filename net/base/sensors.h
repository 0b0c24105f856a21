/* sensors.h - named sensor definitions: position and the darknet CIDRs each one watches.
 * Owns: parsing of --sensor NAME=LAT,LON[,CIDR...] and sensor files; name and CIDR lookup,
 * and the rule that picks a record's sensor (the feed and the viewer both use it).
 * Threads: built before threads start, then read-only from any thread. */
#ifndef DG_SENSORS_H
#define DG_SENSORS_H

#include "addr.h"
#include "record.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DGS_MAX_SENSORS 64
#define DGS_MAX_CIDRS 8

typedef struct dgs_sensor {
    char name[32];
    float lat, lon;
    int ncidr;
    dg_cidr cidr[DGS_MAX_CIDRS]; /* host bits clear */
} dgs_sensor;

typedef struct dgs_table {
    int count;
    dgs_sensor s[DGS_MAX_SENSORS];
} dgs_table;

/* Adds "NAME=LAT,LON[,CIDR...]"; false with a message in err on bad syntax or range. */
bool dgs_add_spec(dgs_table *t, const char *spec, char *err, size_t errcap);
/* Loads one spec per line ('#' comments); false with "file:line: reason" in err. */
bool dgs_load_file(dgs_table *t, const char *path, char *err, size_t errcap);
/* Index of the sensor called name, or -1. */
int dgs_find(const dgs_table *t, const char *name);
/* Index of the first sensor whose CIDRs contain addr, or -1. */
int dgs_match(const dgs_table *t, int ip_ver, const uint8_t addr[16]);
/* The one rule that gives a record its sensor: the one its source named, when that name is
 * a sensor of t (named: the index dgs_find gave for the name, -1 when the source named none
 * or one t lacks); otherwise the first sensor whose CIDRs contain its destination; -1 when
 * neither (or t is NULL). */
int dgs_resolve(const dgs_table *t, int named, const dg_record *r);
/* Adds the demo sensors tokyo, okinawa and sapporo, which split the synthetic feed's
 * darknet 203.0.113.0/24; a name already in t (or a full table) is skipped. */
void dgs_add_defaults(dgs_table *t);

#endif
