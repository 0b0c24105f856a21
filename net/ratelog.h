/* ratelog.h - rate-limited warnings, so hostile or broken input cannot flood stderr.
 * Owns: one limiter per message kind: at most one line per interval, with the number
 * of lines suppressed since the last one.
 * Threads: a limiter belongs to one thread. */
#ifndef DG_RATELOG_H
#define DG_RATELOG_H

#include <stdint.h>

typedef struct dg_ratelog {
    uint64_t interval_ns; /* default 1 s when 0 */
    uint64_t last_ns;
    uint64_t suppressed;
} dg_ratelog;

/* Prints "prog: <fmt...>" to stderr unless a line was printed less than an interval ago.
 * fmt is always a literal of ours; untrusted text goes in as a "%s" argument, sanitised. */
void dg_ratelog_printf(dg_ratelog *rl, uint64_t now_ns, const char *prog, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Monotonic clock in nanoseconds. */
uint64_t dg_mono_ns(void);
/* Wall clock (Unix epoch) in nanoseconds. */
uint64_t dg_wall_ns(void);

#endif
