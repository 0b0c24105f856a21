/* sub.h - the subscriber side of the feed: one nanomsg SUB socket set up the same way for
 * every program that listens to a publisher (the viewer's network thread, the recorder).
 * Owns: the socket options and their limits: subscribed to every topic (unknown prefixes must
 * arrive to be counted as malformed), messages up to DGSUB_RCVMAXSIZE, an 8 MiB receive
 * buffer, a 100 ms receive timeout and reconnects every 100 ms..1 s.
 * Threads: a socket belongs to the thread that receives on it. */
#ifndef DG_SUB_H
#define DG_SUB_H

#include <stddef.h>

/* Largest message taken. Far above any valid feed message (DGFM_MAX_MESSAGE plus the
 * authentication trailer), so an oversized one arrives and is counted as malformed: at
 * nanomsg's limit the connection would be dropped and every message in flight lost. */
#define DGSUB_RCVMAXSIZE (16 << 20)
#define DGSUB_RCVBUF (8 << 20)
#define DGSUB_RCVTIMEO_MS 100

/* A SUB socket connected to each of urls; -1 with a reason in err (the socket is closed). */
int dgsub_open(const char *const *urls, int nurls, char *err, size_t errcap);

#endif
