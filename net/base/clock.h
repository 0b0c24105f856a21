/* clock.h - the program's clocks, in nanoseconds as uint64_t: monotonic for intervals,
 * timeouts and rate limits (never steps back when the wall clock is set), wall (Unix epoch)
 * for stamping what was received or generated now.
 * Owns: the only calls of clock_gettime for these two uses; an absolute deadline for a
 * condition variable (pthread_cond_timedwait) is the one place that still reads the clock
 * itself, because it needs a timespec of that clock.
 * Threads: any thread. */
#ifndef DG_CLOCK_H
#define DG_CLOCK_H

#include <stdint.h>

#define DG_NS_PER_SEC UINT64_C(1000000000)

/* Monotonic clock in nanoseconds (since an unspecified start). */
uint64_t dg_mono_ns(void);
/* Wall clock (Unix epoch) in nanoseconds. */
uint64_t dg_wall_ns(void);

#endif
