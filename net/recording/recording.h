/* recording.h - darkglobe recordings: everything a viewer received (packet records and
 * alerts) with receive times, as pcapng (see docs/recording.md).
 * Owns: the writer (append-safe, crash-tolerant), the reader (records, alerts, foreign
 * pcapng), the sparse time->offset index used for seeking, and the dg_source over it.
 * Threads: a writer or reader is used by one thread at a time; an index is read-only
 * once built and may be shared. */
#ifndef DG_RECORDING_H
#define DG_RECORDING_H

#include "alert.h"
#include "wire.h"

#include <stdio.h>

/* Custom blocks carry this Private Enterprise Number, then the magic "DGR1". darkglobe has
 * no IANA PEN of its own; 32473 is the number RFC 5612 reserves for examples, so no
 * registered vendor's blocks can be mistaken for ours (the magic guards the rest). */
#define DGREC_PEN 32473u
#define DGREC_INDEX_EVERY 4096 /* records between two seek points by default */
#define DGREC_MAX_IFACES 128   /* interfaces per section the reader tracks */

typedef struct dgrec_writer dgrec_writer;

/* Opens path for writing. append: keep what is there (a torn last block is cut off) and
 * start a new section; otherwise the file is replaced. NULL with a reason in err.
 * The first failed write (disk full, file size limit) stops the recording for good: one
 * message on stderr, the file cut back to the end of the last whole record or alert that
 * reached it, every later write refused. Only items handed to the OS count as recorded. */
dgrec_writer *dgrec_open_write(const char *path, bool append, char *err, size_t errcap);
/* Writes n records received at recv_ns; r[i].sensor indexes st (st may be NULL).
 * Hands blocks to the OS when 64 KiB wait or a second has passed. False on an I/O error
 * (reported once). */
bool dgrec_write_records(dgrec_writer *w, const dgw_sensor_table *st, const dg_record *r, size_t n,
                         uint64_t recv_ns);
/* Writes one alert (as its feed JSON) received at recv_ns. */
bool dgrec_write_alert(dgrec_writer *w, const dg_alert *a, uint64_t recv_ns);
/* Hands the waiting blocks to the OS (write); sync also waits for the disk (fdatasync). */
bool dgrec_flush(dgrec_writer *w, bool sync);
/* Flushes, syncs and closes; false if any write failed. NULL is allowed. */
bool dgrec_close_write(dgrec_writer *w);
/* True once the recording stopped on a write error; any thread may ask. NULL: false. */
bool dgrec_failed(const dgrec_writer *w);
/* Records and alerts that reached the file (flushed), and failed writes; any thread. */
void dgrec_counters(const dgrec_writer *w, uint64_t *recorded, uint64_t *errors);

typedef struct dgrec_reader dgrec_reader;

enum dgrec_kind { DGREC_END = 0, DGREC_RECORDS = 1, DGREC_ALERT = 2 };

typedef struct dgrec_item {
    int kind;         /* enum dgrec_kind */
    uint64_t recv_ns; /* receive time; 0 for packets of a foreign pcapng (use ts_ns) */
    size_t n;         /* DGREC_RECORDS: records placed in out */
    dg_alert alert;   /* DGREC_ALERT */
} dgrec_item;

/* Opens a recording (or any pcapng file) for reading. */
dgrec_reader *dgrec_open_read(const char *path, char *err, size_t errcap);
/* Next item in file order: a run of records from one receive batch (at most max) or one
 * alert. Returns item->kind; DGREC_END at the end or at a torn/corrupt tail. */
int dgrec_next(dgrec_reader *r, dg_record *out, size_t max, dgrec_item *item);
/* Sensor names records' .sensor fields index (grows while reading). */
const dgw_sensor_table *dgrec_sensors(const dgrec_reader *r);
/* Skipped input: undecodable packets, bad alert blocks, a torn tail. */
uint64_t dgrec_errors(const dgrec_reader *r);
/* Packets skipped because their time is impossible (past 2^63 ns; timestamp.h). */
uint64_t dgrec_bad_ts(const dgrec_reader *r);
/* True once a torn or corrupt tail was met (and ignored). */
bool dgrec_torn(const dgrec_reader *r);
bool dgrec_rewind(dgrec_reader *r);
void dgrec_close_read(dgrec_reader *r);

typedef struct dgrec_index dgrec_index;

/* Scans path once; a seek point every `every` records (0: DGREC_INDEX_EVERY). */
dgrec_index *dgrec_index_build(const char *path, unsigned every, char *err, size_t errcap);
size_t dgrec_index_points(const dgrec_index *ix);
/* Packet-time range of the file (by the records' ts_ns); 0,0 when empty. */
void dgrec_index_span(const dgrec_index *ix, uint64_t *first_ns, uint64_t *last_ns);
/* Total records, alerts in the file. */
void dgrec_index_totals(const dgrec_index *ix, uint64_t *records, uint64_t *alerts);
/* Positions r at the last seek point whose first record is at or before ts_ns and drops
 * records older than ts_ns until one at or after it. Alerts after the point are still
 * returned. ix must come from the same file. */
bool dgrec_seek(dgrec_reader *r, const dgrec_index *ix, uint64_t ts_ns);
void dgrec_index_free(dgrec_index *ix);

#endif
