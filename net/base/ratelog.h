/* ratelog.h - rate-limited warnings, so hostile or broken input cannot flood stderr.
 * Owns: one limiter per message kind: at most one line per interval, with the number
 * of lines suppressed since the last one; the last suppressed line is kept and printed by
 * dg_ratelog_flush, so the end of a burst is never lost.
 * Threads: a limiter belongs to one thread (or to whoever holds it after that thread ended). */
#ifndef DG_RATELOG_H
#define DG_RATELOG_H

#include "clock.h" /* now_ns is dg_mono_ns() */

#include <stdbool.h>
#include <stdint.h>

typedef struct dg_ratelog {
    uint64_t interval_ns; /* default 1 s when 0 */
    uint64_t last_ns;
    uint64_t suppressed;
    char last_suppressed[512]; /* the newest line not printed */
} dg_ratelog;

/* Prints "prog: <fmt...>" to stderr unless a line was printed less than an interval ago.
 * fmt is always a literal of ours; untrusted text goes in as a "%s" argument, sanitised. */
void dg_ratelog_printf(dg_ratelog *rl, uint64_t now_ns, const char *prog, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Prints the newest suppressed line, with the count, once an interval has passed since the
 * last line printed (or at once when final); nothing when none is waiting. Call it now and
 * then while input may be quiet, and at the end. */
void dg_ratelog_flush(dg_ratelog *rl, uint64_t now_ns, const char *prog, bool final);

#endif
