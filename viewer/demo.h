/* demo.h - the viewer's in-process demo feed: the synthetic darknet published on an
 * inproc:// PUB socket, so demo packets take exactly the path of a real feed (batches with
 * sequence numbers, as darkglobe-feed sends them).
 * Owns: its thread, its synthetic source, its pacing and its publisher; the thread runs
 * them through dgpump, the loop darkglobe-feed and the replay use.
 * Threads: dgdemo_start/stop from the main thread; the feed runs on its own thread. */
#ifndef DG_DEMO_H
#define DG_DEMO_H

#include <stddef.h>
#include <stdint.h>

typedef struct dgdemo dgdemo;

/* Starts publishing rate packets/s (real time) on url; NULL with err on failure. */
dgdemo *dgdemo_start(const char *url, double rate, uint64_t seed, char *err, size_t errcap);
void dgdemo_stop(dgdemo *d);

#endif
