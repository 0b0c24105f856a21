/* sources.h - constructors of every dg_source kind.
 * Owns: nothing; each constructor's module owns its source. On failure a constructor
 * returns NULL with a one-line reason in err.
 * Threads: a source is used by the thread that opened it. */
#ifndef DG_SOURCES_H
#define DG_SOURCES_H

#include "source.h"
#include "sensors.h"

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
/* CSV event log, plain or gzip; columns NULL = Marx layout (src_csv.c). */
dg_source *dgsrc_csv(const char *path, const char *columns, char *err, size_t errcap);
/* JSON lines of "pkt" objects, plain or gzip, or "-" (src_json.c). */
dg_source *dgsrc_json(const char *path, char *err, size_t errcap);
/* A darkglobe recording (recording.c). */
dg_source *dgsrc_recording(const char *path, char *err, size_t errcap);

#endif
