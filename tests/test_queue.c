/* test_queue.c - the SPSC queue: order, wrap, drops counted, and two real threads. */
#include <pthread.h>
#include <stdlib.h>

#include "check.h"
#include "queue.h"

#define TOTAL 2000000

static void single_thread(void)
{
    dgq_queue *q = dgq_create(5);
    CHECK_EQ_INT(dgq_capacity(q), 8);
    dg_event ev[10] = {0}, out[10];
    for (int i = 0; i < 10; i++)
        ev[i].dport = (uint16_t)i;
    CHECK_EQ_INT(dgq_push(q, ev, 6), 6);
    CHECK_EQ_INT(dgq_pop(q, out, 4), 4);
    CHECK_EQ_INT(out[3].dport, 3);
    CHECK_EQ_INT(dgq_push(q, ev + 6, 4), 4); /* wraps */
    CHECK_EQ_INT(dgq_push(q, ev, 10), 2);    /* 6 in, room for 2 */
    CHECK_EQ_INT(dgq_dropped(q), 8);
    CHECK_EQ_INT(dgq_pop(q, out, 10), 8);
    CHECK_EQ_INT(out[0].dport, 4);
    CHECK_EQ_INT(out[5].dport, 9);
    CHECK_EQ_INT(out[7].dport, 1);
    CHECK_EQ_INT(dgq_size(q), 0);
    dgq_destroy(q);
}

static void *producer(void *arg)
{
    dgq_queue *q = arg;
    dg_event batch[100];
    uint32_t next = 0;
    while (next < TOTAL) {
        uint32_t n = TOTAL - next < 100 ? TOTAL - next : 100;
        for (uint32_t i = 0; i < n; i++) {
            uint32_t v = next + i;
            memcpy(batch[i].src, &v, 4);
        }
        /* What did not fit is counted as dropped; it is sent again to check ordering. */
        next += (uint32_t)dgq_push(q, batch, n);
    }
    return NULL;
}

/* Two threads: every accepted event arrives exactly once and in order. */
static void two_threads(void)
{
    dgq_queue *q = dgq_create(1024);
    pthread_t t;
    pthread_create(&t, NULL, producer, q);
    uint32_t expect = 0;
    int disorder = 0;
    dg_event out[256];
    while (expect < TOTAL) {
        size_t n = dgq_pop(q, out, 256);
        for (size_t i = 0; i < n; i++, expect++) {
            uint32_t v;
            memcpy(&v, out[i].src, 4);
            disorder += v != expect;
        }
    }
    pthread_join(t, NULL);
    CHECK_EQ_INT(disorder, 0);
    CHECK_EQ_INT(expect, TOTAL);
    CHECK_EQ_INT(dgq_size(q), 0);
    dgq_destroy(q);
}

int main(void)
{
    single_thread();
    two_threads();
    return check_report();
}
