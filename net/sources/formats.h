/* formats.h - the inputs telescope operators and SOCs already have (docs/sources.md):
 * compressed captures, Suricata EVE JSON, Zeek conn.log, NetFlow/IPFIX through nfdump and
 * CAIDA corsaro flowtuple Avro files. Their dg_source constructors, and recognising each by
 * content: one probe per format over the first bytes of a file (decompressed), which
 * dgsrc_open_auto and the command line call.
 * Owns: dgfmt_head (the first bytes of a file) and the table of probes (formats.c).
 * Threads: probes are pure; a source is used by the thread that opened it. */
#ifndef DG_FORMATS_H
#define DG_FORMATS_H

#include "source.h"
#include "zstream.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DGFMT_HEAD_BYTES 65536 /* enough for a long first JSON line or a Zeek header */

typedef enum dgfmt_kind {
    DGFMT_UNKNOWN,
    DGFMT_CAPTURE,   /* pcap or pcapng, compressed (gzip, bzip2, xz, zstd) or not */
    DGFMT_EVE,       /* Suricata EVE JSON lines */
    DGFMT_ZEEK,      /* Zeek conn.log, TSV or JSON lines */
    DGFMT_NFCAPD,    /* nfdump's nfcapd file (NetFlow v5/v9, IPFIX, nfpcapd) */
    DGFMT_FLOWTUPLE  /* Avro object container file (corsaro flowtuple) */
} dgfmt_kind;

/* The first bytes of a file: as stored, and decompressed (NUL-terminated). */
typedef struct dgfmt_head {
    dgz_kind z;
    uint8_t raw[16];
    size_t nraw;
    char text[DGFMT_HEAD_BYTES + 1];
    size_t n;
} dgfmt_head;

/* Reads the head of path (not "-"); false with err when it cannot be opened. */
bool dgfmt_read_head(const char *path, dgfmt_head *h, char *err, size_t errcap);
/* Which of the kinds above the head is; DGFMT_UNKNOWN for anything else (CSV, JSON "pkt"
 * lines and garbage alike). */
dgfmt_kind dgfmt_detect(const dgfmt_head *h);
/* "pcap/pcapng capture", "Suricata EVE JSON", ... */
const char *dgfmt_name(dgfmt_kind kind);

/* The probes behind dgfmt_detect, one per format, each in its source's file. */
bool dgsrc_zcapture_probe(const dgfmt_head *h); /* pcap/pcapng magic, decompressed */
bool dgsrc_eve_probe(const dgfmt_head *h);      /* src_eve.c */
bool dgsrc_zeek_probe(const dgfmt_head *h);     /* src_zeek.c */
bool dgsrc_nfdump_probe(const dgfmt_head *h);   /* src_nfdump.c */
bool dgsrc_flowtuple_probe(const dgfmt_head *h); /* src_flowtuple.c */

/* For an option that names the format of its file (--eve, --zeek, ...): false, with a reason
 * naming what the content looks like, when path can be read but is not of kind want (the
 * caller's exit 2). True otherwise: an unreadable file is the constructor's to report. For
 * flowtuples the check reads the Avro schema too. */
bool dgfmt_check(const char *path, dgfmt_kind want, char *err, size_t errcap);

/* Opens path when its content is a compressed capture or one of the formats above. For
 * anything else returns NULL with *known false, and the caller tries its own kinds. */
dg_source *dgsrc_open_format(const char *path, bool *known, char *err, size_t errcap);

/* Suricata EVE JSON lines, plain or gzip, or "-": flow and netflow events become aggregated
 * records, alert events alerts (src_eve.c). */
dg_source *dgsrc_eve(const char *path, char *err, size_t errcap);
/* What one EVE event is (dgsrc_eve_event). */
typedef enum {
    DGFMT_EVENT_SKIP,
    DGFMT_EVENT_RECORD,
    DGFMT_EVENT_ALERT,
    DGFMT_EVENT_BAD
} dgfmt_event;
/* One EVE JSON event, NUL-terminated, outside a file (a Kafka message, kafka_in.c): a record
 * in *r (its "host" interned into s->sensors), an alert in *a, an event type that carries
 * neither, or a bad event with the reason in *why (src_eve.c). */
dgfmt_event dgsrc_eve_event(dg_source *s, const char *line, dg_record *r, dg_alert *a,
                            const char **why);
/* Zeek conn.log, TSV with its header or JSON lines, plain or gzip, or "-" (src_zeek.c). */
dg_source *dgsrc_zeek(const char *path, char *err, size_t errcap);
/* An nfcapd file, read through the nfdump program's JSON output (src_nfdump.c). */
dg_source *dgsrc_nfdump(const char *path, char *err, size_t errcap);
/* A corsaro flowtuple Avro file, read with libavro (src_flowtuple.c). */
dg_source *dgsrc_flowtuple(const char *path, char *err, size_t errcap);
/* The schema check behind dgsrc_flowtuple: false with a reason when path is not an Avro
 * file of flowtuple records. */
bool dgsrc_flowtuple_check(const char *path, char *err, size_t errcap);

#endif
