/* queue.c - lock-free SPSC ring; see queue.h. */
#include "queue.h"

#include <stdlib.h>
#include <string.h>

struct dgq_queue {
    /* Producer and consumer indices on their own cache lines so the two threads do not
     * bounce one line between cores on every batch. */
    _Alignas(64) _Atomic uint64_t head; /* next slot to write; written by the producer */
    _Alignas(64) _Atomic uint64_t tail; /* next slot to read; written by the consumer */
    _Alignas(64) _Atomic uint64_t dropped;
    size_t mask;
    dg_event *ring;
};

static size_t round_pow2(size_t n)
{
    size_t p = 1;
    while (p < n)
        p <<= 1;
    return p;
}

dgq_queue *dgq_create(size_t capacity)
{
    dgq_queue *q = aligned_alloc(64, sizeof *q);
    if (!q) return NULL;
    memset(q, 0, sizeof *q);
    size_t cap = round_pow2(capacity < 2 ? 2 : capacity);
    q->ring = malloc(cap * sizeof *q->ring);
    if (!q->ring) {
        free(q);
        return NULL;
    }
    q->mask = cap - 1;
    return q;
}

void dgq_destroy(dgq_queue *q)
{
    if (!q) return;
    free(q->ring);
    free(q);
}

/* Copies n events into the ring starting at index pos, wrapping at the end. */
static void ring_copy_in(dgq_queue *q, uint64_t pos, const dg_event *ev, size_t n)
{
    size_t at = pos & q->mask, first = q->mask + 1 - at;
    if (first > n) first = n;
    memcpy(q->ring + at, ev, first * sizeof *ev);
    memcpy(q->ring, ev + first, (n - first) * sizeof *ev);
}

static void ring_copy_out(const dgq_queue *q, uint64_t pos, dg_event *out, size_t n)
{
    size_t at = pos & q->mask, first = q->mask + 1 - at;
    if (first > n) first = n;
    memcpy(out, q->ring + at, first * sizeof *out);
    memcpy(out + first, q->ring, (n - first) * sizeof *out);
}

size_t dgq_push(dgq_queue *q, const dg_event *ev, size_t n)
{
    uint64_t head = atomic_load_explicit(&q->head, memory_order_relaxed);
    uint64_t tail = atomic_load_explicit(&q->tail, memory_order_acquire);
    size_t room = q->mask + 1 - (size_t)(head - tail);
    size_t k = n < room ? n : room;
    ring_copy_in(q, head, ev, k);
    atomic_store_explicit(&q->head, head + k, memory_order_release);
    if (k < n) atomic_fetch_add_explicit(&q->dropped, n - k, memory_order_relaxed);
    return k;
}

size_t dgq_pop(dgq_queue *q, dg_event *out, size_t max)
{
    uint64_t tail = atomic_load_explicit(&q->tail, memory_order_relaxed);
    uint64_t head = atomic_load_explicit(&q->head, memory_order_acquire);
    size_t avail = (size_t)(head - tail);
    size_t k = max < avail ? max : avail;
    ring_copy_out(q, tail, out, k);
    atomic_store_explicit(&q->tail, tail + k, memory_order_release);
    return k;
}

size_t dgq_capacity(const dgq_queue *q)
{
    return q->mask + 1;
}

size_t dgq_size(const dgq_queue *q)
{
    uint64_t head = atomic_load_explicit(&((dgq_queue *)q)->head, memory_order_acquire);
    uint64_t tail = atomic_load_explicit(&((dgq_queue *)q)->tail, memory_order_acquire);
    return (size_t)(head - tail);
}

uint64_t dgq_dropped(const dgq_queue *q)
{
    return atomic_load_explicit(&((dgq_queue *)q)->dropped, memory_order_relaxed);
}
