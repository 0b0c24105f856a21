/* ratelog.c - see ratelog.h. */
#include "ratelog.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>

void dg_ratelog_printf(dg_ratelog *rl, uint64_t now_ns, const char *prog, const char *fmt, ...)
{
    uint64_t interval = rl->interval_ns ? rl->interval_ns : 1000000000ull;
    if (rl->last_ns && now_ns - rl->last_ns < interval) {
        rl->suppressed++;
        return;
    }
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (rl->suppressed)
        fprintf(stderr, "%s: %s (%llu similar suppressed)\n", prog, line,
                (unsigned long long)rl->suppressed);
    else
        fprintf(stderr, "%s: %s\n", prog, line);
    rl->last_ns = now_ns;
    rl->suppressed = 0;
}

static uint64_t clock_ns(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

uint64_t dg_mono_ns(void)
{
    return clock_ns(CLOCK_MONOTONIC);
}

uint64_t dg_wall_ns(void)
{
    return clock_ns(CLOCK_REALTIME);
}
