/* services.h - what a destination port is: the service name, notable CVEs and a note, for the
 * alert card and the hover tooltip. Read from a TAB-separated file (assets/services.tsv:
 * port, proto, service, CVEs, note), so an analyst extends it without a rebuild.
 * Owns: dgsv_table, a fixed-size sorted table filled once at start (no allocation after).
 * Threads: load on one thread, then read-only: any thread may look up. */
#ifndef DG_SERVICES_H
#define DG_SERVICES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DGSV_MAX 1024

typedef struct dgsv_entry {
    uint16_t port;
    uint8_t proto; /* IP protocol number: 6 TCP, 17 UDP */
    char service[48];
    char cves[96]; /* "CVE-2014-8361" or "CVE-a, CVE-b"; "" for none */
    char note[112];
} dgsv_entry;

typedef struct dgsv_table {
    int n;
    dgsv_entry e[DGSV_MAX]; /* sorted by (proto, port) after load */
} dgsv_table;

/* Empties t. */
void dgsv_init(dgsv_table *t);
/* Adds the lines of a services file to t (a later line for the same port and protocol
 * replaces an earlier one). All or nothing: on error t is unchanged and err holds
 * "path:line: reason". */
bool dgsv_load(dgsv_table *t, const char *path, char *err, size_t errcap);
/* Loads the first services.tsv found: path if given, else the checkout's assets/, else the
 * installed share/darkglobe/assets/. False (err set) only when a file found is bad; no file
 * at all leaves t empty and returns true. */
bool dgsv_load_default(dgsv_table *t, const char *path, char *err, size_t errcap);
/* The entry for a port, or NULL. */
const dgsv_entry *dgsv_find(const dgsv_table *t, uint16_t port, uint8_t proto);

#endif
