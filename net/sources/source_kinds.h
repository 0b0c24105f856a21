/* source_kinds.h - constructors of every dg_source kind.
 * Owns: nothing; each constructor's module owns its source. On failure a constructor
 * returns NULL with a one-line reason in err.
 * Threads: a source is used by the thread that opened it. */
#ifndef DG_SOURCE_KINDS_H
#define DG_SOURCE_KINDS_H

#include "source.h"
#include "sensors.h"
#include "formats.h" /* compressed captures, EVE, Zeek, nfdump, flowtuples */

/* Synthetic darknet (synth.c). */
typedef struct dgsyn_config {
    double rate;              /* packets per second of source time */
    uint64_t seed;
    uint64_t count;           /* 0: unlimited */
    double duration;          /* seconds of source time, 0: unlimited */
    uint64_t start_ns;        /* timestamp of the first packet */
    char darknet[48];         /* destination prefix, e.g. "198.51.100.0/24" */
    const char *scenario;     /* NULL or "mirai-2017-jp" */
} dgsyn_config;
dg_source *dgsrc_synthetic(const dgsyn_config *cfg, char *err, size_t errcap);

/* pcap / pcapng file or "-" for stdin (src_pcap.c). */
dg_source *dgsrc_pcap(const char *path, char *err, size_t errcap);
/* Live capture with an optional BPF filter (src_pcap.c). */
dg_source *dgsrc_iface(const char *iface, const char *filter, char *err, size_t errcap);
/* A file (not stdin) none of whose first DGSRC_PROBE_ROWS rows is a record is not a log
 * of the kind asked for: the CSV and JSON sources refuse it whole instead of skipping it row
 * by row. */
#define DGSRC_PROBE_ROWS 16
/* CSV event log, plain or gzip; columns NULL = Marx layout (src_csv.c). */
dg_source *dgsrc_csv(const char *path, const char *columns, char *err, size_t errcap);
/* JSON lines of "pkt" objects, plain or gzip, or "-" (src_json.c). */
dg_source *dgsrc_json(const char *path, char *err, size_t errcap);
/* A darkglobe recording (recording.c). */
dg_source *dgsrc_recording(const char *path, char *err, size_t errcap);

/* --- added by the sources module (src_pcap.c, src_auto.c, recording.c) --- */

/* What a file holds, by its content (src_auto.c). */
typedef enum {
    DGSRC_KIND_NONE, /* nothing darkglobe reads: missing, a directory, empty, binary */
    DGSRC_KIND_PCAP,
    DGSRC_KIND_PCAPNG, /* darkglobe recordings and foreign pcapng */
    DGSRC_KIND_JSON,   /* text whose first line opens an object, an array or "pkt " */
    DGSRC_KIND_CSV     /* any other text: a CSV log, if its first rows say so */
} dgsrc_kind;
/* Sniffs path; DGSRC_KIND_NONE with a reason in err. Stdin cannot be sniffed without
 * consuming it: "-" is refused with advice. */
dgsrc_kind dgsrc_sniff(const char *path, char *err, size_t errcap);
/* Opens a file by its content: pcap, pcapng (read by the recording reader, which also
 * reads foreign pcapng), gzip or plain CSV (columns as for dgsrc_csv) or JSON lines. A file
 * of none of these kinds, or a log none of whose first rows is a record, is refused. */
dg_source *dgsrc_open_auto(const char *path, const char *columns, char *err, size_t errcap);
/* After opening a capture as root: switch to user (groups, gid, uid); true if already
 * running as that user. */
bool dgsrc_drop_privileges(const char *user, char *err, size_t errcap);
#endif
