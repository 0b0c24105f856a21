/* seqtrack.h - counts the binary batches a subscriber never received: the gaps in each
 * publisher's batch sequence (wire.h DGW_FLAG_SEQ; pub.h sends them, with an end mark).
 * Owns: the last number heard from each of up to DGSEQ_PUBLISHERS publishers (a further one
 * replaces the oldest). A jump backwards (a restarted publisher that drew the same id, or a
 * repeated mark) is not a loss.
 * Threads: a tracker is used by one thread. */
#ifndef DG_SEQTRACK_H
#define DG_SEQTRACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DGSEQ_PUBLISHERS 32

typedef struct dgseq_tracker {
    struct {
        uint16_t id, next;
        bool used;
    } pubs[DGSEQ_PUBLISHERS];
    int next_slot; /* round-robin replacement */
} dgseq_tracker;

/* Batches missing from msg's publisher before msg (0 for an unstamped message, or the first
 * one heard from its publisher). A zeroed tracker is ready. */
uint64_t dgseq_track(dgseq_tracker *t, const uint8_t *msg, size_t len);

#endif
