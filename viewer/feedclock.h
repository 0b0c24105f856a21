/* feedclock.h - feed time: the one clock everything time-dependent on screen runs on.
 * Owns: the feed's clock as seen from the packets drained each frame (the newest packet time,
 * carried on at real pace between packets), an estimate of the feed's speed against the
 * monotonic clock (a publisher replaying at x60 says so without telling us), and the decision
 * whether feed time is far enough from the wall clock that the HUD must show it as such.
 * A replay knows its own time and speed (viewer/replay.h) and does not need this estimate.
 * Threads: render thread only; every function takes its times as arguments (no clock reads),
 * so tests drive it with made-up times. */
#ifndef DG_FEEDCLOCK_H
#define DG_FEEDCLOCK_H

#include <stdbool.h>
#include <stddef.h>

/* Feed and wall clocks further apart than this (seconds) show as two clocks; they go back to
 * one below DGFC_SAME_S, so a feed near the limit does not flicker between the two. */
#define DGFC_DIFFER_S 3.0
#define DGFC_SAME_S 2.0
/* Feed time going back more than this (a publisher restarted or looped) starts over, once it
 * stays back: DGFC_BACKJUMP_N drained batches in a row over at least DGFC_BACKJUMP_HOLD_S.
 * A late row alone is no restart: real logs interleave their sensors (the Marx log's rows run
 * up to 22 min behind), and at x1 a frame drains a single row. */
#define DGFC_BACKJUMP_S 5.0
#define DGFC_BACKJUMP_N 8
#define DGFC_BACKJUMP_HOLD_S 1.0
#define DGFC_SAMPLES 32

typedef struct dgfc {
    double ts, ts_mono; /* newest packet time (epoch s; 0: none yet), monotonic s seen */
    double shown;       /* last dgfc_now: the clock never runs backwards on screen */
    struct {
        double mono, ts;
    } ring[DGFC_SAMPLES]; /* (monotonic, newest packet time), a quarter second apart */
    int head, n;
    int behind_n;       /* batches in a row more than DGFC_BACKJUMP_S behind ts */
    double behind_mono; /* monotonic s of the first of them */
    bool apart; /* feed and wall clocks shown apart (with hysteresis) */
} dgfc;

void dgfc_init(dgfc *c);
/* The newest packet time drained this frame (epoch s), at monotonic time mono (s). True when
 * it restarts the clock: the feed went back and stayed back (a loop or a restarted
 * publisher), which the statistics should start over with too. */
bool dgfc_observe(dgfc *c, double ts, double mono);
/* Feed time at monotonic time mono: the newest packet time carried on at real pace (never
 * faster: a guessed speed would run ahead of packets still to come); 0 before a packet. */
double dgfc_now(dgfc *c, double mono);
/* Feed seconds per wall second over the last few seconds; 0 when unknown (fewer than two
 * seconds of packets, or none for two seconds). */
double dgfc_speed(const dgfc *c, double mono);
/* Whether the HUD shows feed time apart from the wall clock (feed 0: never). */
bool dgfc_apart(dgfc *c, double feed, double wall);

/* "x60", "x1.5", "x3600", "x12k" (two significant digits); "" for speed <= 0. */
char *dgfc_fmt_speed(double speed, char *buf, size_t cap);

#endif
