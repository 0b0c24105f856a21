/* ratelog.c - see ratelog.h. */
#include "ratelog.h"

#include <stdarg.h>
#include <stdio.h>

static uint64_t interval_of(const dg_ratelog *rl)
{
    return rl->interval_ns ? rl->interval_ns : 1000000000ull;
}

void dg_ratelog_printf(dg_ratelog *rl, uint64_t now_ns, const char *prog, const char *fmt, ...)
{
    bool quiet = rl->last_ns && now_ns - rl->last_ns < interval_of(rl);
    char line[sizeof rl->last_suppressed];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(quiet ? rl->last_suppressed : line, sizeof line, fmt, ap);
    va_end(ap);
    if (quiet) {
        rl->suppressed++;
        return;
    }
    if (rl->suppressed)
        fprintf(stderr, "%s: %s (%llu similar suppressed)\n", prog, line,
                (unsigned long long)rl->suppressed);
    else
        fprintf(stderr, "%s: %s\n", prog, line);
    rl->last_ns = now_ns;
    rl->suppressed = 0;
}

void dg_ratelog_flush(dg_ratelog *rl, uint64_t now_ns, const char *prog, bool final)
{
    if (!rl->suppressed || (!final && now_ns - rl->last_ns < interval_of(rl))) return;
    fprintf(stderr, "%s: %s (the last of %llu suppressed)\n", prog, rl->last_suppressed,
            (unsigned long long)rl->suppressed);
    rl->last_ns = now_ns;
    rl->suppressed = 0;
}
