/* test_clock.c - clock.h: the monotonic clock never steps back and advances with a sleep;
 * the wall clock is the Unix epoch in nanoseconds (agrees with time()). */
#include "check.h"
#include "clock.h"

#include <time.h>

int main(void)
{
    uint64_t a = dg_mono_ns(), prev = a;
    for (int i = 0; i < 100000; i++) {
        uint64_t t = dg_mono_ns();
        CHECK(t >= prev);
        prev = t;
    }
    struct timespec nap = {0, 20 * 1000 * 1000};
    nanosleep(&nap, NULL);
    uint64_t b = dg_mono_ns();
    CHECK(b - a >= 20u * 1000 * 1000);

    uint64_t before = (uint64_t)time(NULL);
    uint64_t wall = dg_wall_ns();
    uint64_t after = (uint64_t)time(NULL);
    CHECK(wall / DG_NS_PER_SEC >= before && wall / DG_NS_PER_SEC <= after);
    return check_report();
}
