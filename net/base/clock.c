/* clock.c - see clock.h. */
#include "clock.h"

#include <time.h>

static uint64_t clock_ns(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (uint64_t)ts.tv_sec * DG_NS_PER_SEC + (uint64_t)ts.tv_nsec;
}

uint64_t dg_mono_ns(void)
{
    return clock_ns(CLOCK_MONOTONIC);
}

uint64_t dg_wall_ns(void)
{
    return clock_ns(CLOCK_REALTIME);
}
