/* sched.h - replay pacing: when each record of a source is due on the wall clock.
 * Owns: dgsch, the playhead of one replay - it maps source time (record timestamps) to
 * wall-clock time at a speed, and handles pause/resume, seek, a start/end window and loop
 * restarts. It never sleeps: the caller asks how long to wait and sleeps itself; the clock is
 * injected (a function returning monotonic ns), so tests drive it with a fake clock.
 * Threads: one scheduler is used by one thread. */
#ifndef DG_SCHED_H
#define DG_SCHED_H

#include <stdbool.h>
#include <stdint.h>

/* Monotonic nanoseconds; ctx is the caller's. */
typedef uint64_t (*dgsch_clock_fn)(void *ctx);

/* CLOCK_MONOTONIC, for real use. */
uint64_t dgsch_monotonic_ns(void *ctx);

/* Speed that makes every record due at once (--speed max). */
#define DGSCH_SPEED_MAX (-1.0)
#define DGSCH_SPEED_MIN_VALUE 0.01
#define DGSCH_SPEED_MAX_VALUE 100000.0

/* A window edge: unset, an absolute epoch time, or an offset from the first record. */
typedef struct dgsch_time {
    bool set;
    bool offset;
    uint64_t ns;
} dgsch_time;

typedef enum {
    DGSCH_DUE,  /* publish it now */
    DGSCH_WAIT, /* not yet: dgsch_wait_ns tells how long */
    DGSCH_SKIP, /* before the start of the window or a seek target: drop it */
    DGSCH_END   /* at or after the end of the window: stop (or loop) */
} dgsch_verdict;

typedef struct dgsch dgsch;

/* speed: DGSCH_SPEED_MIN_VALUE..DGSCH_SPEED_MAX_VALUE or DGSCH_SPEED_MAX. NULL if out of
 * range or clock is NULL. */
dgsch *dgsch_create(double speed, dgsch_clock_fn clock, void *clock_ctx);
void dgsch_destroy(dgsch *s);

/* Changes the speed from now on, keeping the playhead where it is; false if out of range. */
bool dgsch_set_speed(dgsch *s, double speed);
double dgsch_speed(const dgsch *s);
/* True for values dgsch_set_speed accepts. */
bool dgsch_speed_valid(double speed);

/* Records before start are skipped, records at or after end end the replay. Offsets count
 * from the first record the scheduler sees (the start of the capture). */
void dgsch_set_window(dgsch *s, dgsch_time start, dgsch_time end);

/* While paused nothing is due and the playhead stands still. */
void dgsch_pause(dgsch *s, bool paused);
bool dgsch_paused(const dgsch *s);

/* Moves the playhead to source time ts_ns; records before it are skipped until one at or
 * after it arrives (the caller may also reposition the source, e.g. dgsrc_seek). */
void dgsch_seek(dgsch *s, uint64_t ts_ns);

/* The source was rewound (--loop): the next record re-anchors the playhead to now. */
void dgsch_restart(dgsch *s);

/* Decides about the next record, whose timestamp is ts_ns. The first record that is not
 * skipped anchors the playhead (at the window start, if one is set). */
dgsch_verdict dgsch_check(dgsch *s, uint64_t ts_ns);
/* Shorthand for dgsch_check(s, ts_ns) == DGSCH_DUE. */
bool dgsch_due(dgsch *s, uint64_t ts_ns);
/* Wall-clock ns until a record at ts_ns is due: 0 if due now, UINT64_MAX while paused. */
uint64_t dgsch_wait_ns(dgsch *s, uint64_t ts_ns);

/* Source time of the playhead now; 0 before the first record. */
uint64_t dgsch_position(const dgsch *s);
/* Timestamp of the first record seen (0: none yet); the origin of window offsets. */
uint64_t dgsch_first_ts(const dgsch *s);
/* Absolute window edges once known (0 / UINT64_MAX when unset or not yet resolved). */
uint64_t dgsch_start_ts(const dgsch *s);
uint64_t dgsch_end_ts(const dgsch *s);

#endif
