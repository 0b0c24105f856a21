/* linereader.h - line-oriented log files for the CSV and JSON-lines sources: plain or gzip (zlib
 * reads both), a path or "-" for standard input, line numbers, over-long lines consumed and
 * flagged, and the rate-limited reporting of bad lines with a summary at the end.
 * Owns: the open file and one line buffer.
 * Threads: a reader belongs to the thread of its source. */
#ifndef DG_LINEREADER_H
#define DG_LINEREADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <zlib.h>

typedef struct dglr {
    gzFile gz;
    char path[4096];
    char *buf;     /* the current line, without its end of line */
    size_t cap;    /* longest line + 1 */
    uint64_t line; /* number of the line in buf, from 1 */
    uint64_t bad, shown;
    uint64_t last_report_ns;
    bool summarised;
} dglr;

/* Opens path ("-": standard input) for lines up to max_line bytes; false with err. */
bool dglr_open(dglr *r, const char *path, size_t max_line, char *err, size_t errcap);
/* Reads the next line into r->buf; false at the end. A line longer than the buffer is
 * consumed whole and flagged in *too_long. */
bool dglr_next(dglr *r, bool *too_long);
/* After a read that ended early: true (and one message) when the file is corrupt or cut,
 * naming what before it is still used ("rows", "lines"). */
bool dglr_read_error(dglr *r, const char *used);
/* Back to the first line; false for standard input. */
bool dglr_rewind(dglr *r);
/* Counts n bad items at the current line; prints "path:line: why (suffix)" at most once a
 * second, the rest only in the summary. */
void dglr_bad(dglr *r, uint64_t n, const char *why, const char *suffix);
/* Prints "path: N bad <what> skipped (M not shown)" once, if any. */
void dglr_summarise(dglr *r, const char *what);
void dglr_close(dglr *r);

#endif
