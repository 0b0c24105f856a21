/* pace.h - replay pacing: when each record of a source is due on the wall clock.
 * Owns: dgpace, the playhead of one replay - it maps source time (record timestamps) to
 * wall-clock time at a speed, and handles pause/resume, seek, a start/end window and loop
 * restarts. It never sleeps: the caller asks how long to wait and sleeps itself; the clock is
 * injected (a function returning monotonic ns), so tests drive it with a fake clock.
 * Threads: one scheduler is used by one thread. */
#ifndef DG_PACE_H
#define DG_PACE_H

#include <stdbool.h>
#include <stdint.h>

/* Monotonic nanoseconds; ctx is the caller's. */
typedef uint64_t (*dgpace_clock_fn)(void *ctx);

/* dg_mono_ns (clock.h) in the shape of a dgpace_clock_fn, for real use. */
uint64_t dgpace_monotonic_ns(void *ctx);

/* Speed that makes every record due at once (--speed max). */
#define DGSCH_SPEED_MAX (-1.0)
#define DGSCH_SPEED_MIN_VALUE 0.01
#define DGSCH_SPEED_MAX_VALUE 100000.0

/* A window edge: unset, an absolute epoch time, or an offset from the first record. */
typedef struct dgpace_time {
    bool set;
    bool offset;
    uint64_t ns;
} dgpace_time;

typedef enum {
    DGSCH_DUE,  /* publish it now */
    DGSCH_WAIT, /* not yet: dgpace_wait_ns tells how long */
    DGSCH_SKIP, /* before the start of the window or a seek target: drop it */
    DGSCH_END   /* at or after the end of the window: stop (or loop) */
} dgpace_verdict;

typedef struct dgpace dgpace;

/* speed: DGSCH_SPEED_MIN_VALUE..DGSCH_SPEED_MAX_VALUE or DGSCH_SPEED_MAX. NULL if out of
 * range or clock is NULL. */
dgpace *dgpace_create(double speed, dgpace_clock_fn clock, void *clock_ctx);
void dgpace_destroy(dgpace *s);

/* Changes the speed from now on, keeping the playhead where it is; false if out of range. */
bool dgpace_set_speed(dgpace *s, double speed);
double dgpace_speed(const dgpace *s);
/* True for values dgpace_set_speed accepts. */
bool dgpace_speed_valid(double speed);

/* Records before start are skipped, records at or after end end the replay. Offsets count
 * from the first record the scheduler sees (the start of the capture). */
void dgpace_set_window(dgpace *s, dgpace_time start, dgpace_time end);

/* While paused nothing is due and the playhead stands still. */
void dgpace_pause(dgpace *s, bool paused);
bool dgpace_paused(const dgpace *s);

/* Moves the playhead to source time ts_ns; records before it are skipped until one at or
 * after it arrives (the caller may also reposition the source, e.g. dgsrc_seek). */
void dgpace_seek(dgpace *s, uint64_t ts_ns);

/* The source was rewound (--loop): the next record re-anchors the playhead to now. */
void dgpace_restart(dgpace *s);

/* Decides about the next record, whose timestamp is ts_ns. The first record that is not
 * skipped anchors the playhead (at the window start, if one is set). */
dgpace_verdict dgpace_check(dgpace *s, uint64_t ts_ns);
/* Shorthand for dgpace_check(s, ts_ns) == DGSCH_DUE. */
bool dgpace_due(dgpace *s, uint64_t ts_ns);
/* Wall-clock ns until a record at ts_ns is due: 0 if due now, UINT64_MAX while paused. */
uint64_t dgpace_wait_ns(dgpace *s, uint64_t ts_ns);

/* Source time of the playhead now; 0 before the first record. */
uint64_t dgpace_position(const dgpace *s);
/* Timestamp of the first record seen (0: none yet); the origin of window offsets. */
uint64_t dgpace_first_ts(const dgpace *s);
/* Absolute window edges once known (0 / UINT64_MAX when unset or not yet resolved). */
uint64_t dgpace_start_ts(const dgpace *s);
uint64_t dgpace_end_ts(const dgpace *s);

#endif
