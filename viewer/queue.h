/* queue.h - the bounded single-producer/single-consumer queue between the network
 * thread (producer) and the render thread (consumer).
 * Owns: a fixed ring of dg_event allocated once; never blocks, never allocates after create.
 * Threads: dgq_push* only from the one producer thread, dgq_pop* only from the one consumer
 * thread; dgq_size and the counters from any thread. */
#ifndef DG_QUEUE_H
#define DG_QUEUE_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "event.h"

typedef struct dgq_queue dgq_queue;

/* Capacity is rounded up to a power of two. NULL when out of memory. */
dgq_queue *dgq_create(size_t capacity);
void dgq_destroy(dgq_queue *q);

/* Copies up to n events in; returns how many fit. The rest are counted as dropped. */
size_t dgq_push(dgq_queue *q, const dg_event *ev, size_t n);
/* Copies up to max events out, oldest first; returns how many. */
size_t dgq_pop(dgq_queue *q, dg_event *out, size_t max);

size_t dgq_capacity(const dgq_queue *q);
size_t dgq_size(const dgq_queue *q);
/* Events refused because the queue was full, since create. */
uint64_t dgq_dropped(const dgq_queue *q);

#endif
