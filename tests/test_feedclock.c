/* test_feedclock.c - the feed clock with made-up times: a x60 publisher, a live feed, a quiet
 * feed, a restarted one, the two-clock decision with its hysteresis, and speed labels. */
#include "../viewer/feedclock.h"
#include "check.h"

#define T2017 1509440400.0 /* 2017-10-31T09:00:00Z */
#define WALL 1796152058.0  /* the wall clock of these runs */

/* Frames every 20 ms of monotonic time; packets advance feed time by speed per second. */
static double play(dgfc *c, double mono0, double secs, double ts0, double speed)
{
    double mono = mono0;
    for (; mono < mono0 + secs; mono += 0.02)
        dgfc_observe(c, ts0 + (mono - mono0) * speed, mono);
    return mono;
}

static void test_x60(void)
{
    dgfc c;
    dgfc_init(&c);
    CHECK(dgfc_now(&c, 100) == 0);
    CHECK(dgfc_speed(&c, 100) == 0);
    double m = play(&c, 100, 1.0, T2017, 60);
    CHECK(dgfc_speed(&c, m) == 0); /* one second is too little to tell */
    m = play(&c, m, 9.0, T2017 + 60, 60);
    double sp = dgfc_speed(&c, m);
    printf("x60 estimated as %.3f\n", sp);
    CHECK(fabs(sp - 60) < 0.5);
    char b[16];
    CHECK_STR_EQ(dgfc_fmt_speed(sp, b, sizeof b), "x60");
    double now = dgfc_now(&c, m);
    CHECK(now > T2017 + 590 && now < T2017 + 601);
    CHECK(dgfc_apart(&c, now, WALL));
    /* The feed goes quiet: time runs on at real pace, the speed becomes unknown. */
    double later = dgfc_now(&c, m + 5);
    CHECK(fabs(later - now - 5) < 0.05);
    CHECK(dgfc_speed(&c, m + 5) == 0);
}

static void test_live(void)
{
    dgfc c;
    dgfc_init(&c);
    /* A live feed: packets 30 ms old when drained; the wall clock runs with monotonic. */
    double m = play(&c, 50, 6.0, WALL - 0.03, 1);
    double now = dgfc_now(&c, m);
    CHECK(fabs(dgfc_speed(&c, m) - 1) < 0.02);
    CHECK(!dgfc_apart(&c, now, WALL + (m - 50)));
    /* A sensor clock 2.5 s off stays one clock (hysteresis band), 3.5 s off shows two, and
     * it takes less than 2 s to go back to one. */
    CHECK(!dgfc_apart(&c, WALL + 2.5, WALL));
    CHECK(dgfc_apart(&c, WALL + 3.5, WALL));
    CHECK(dgfc_apart(&c, WALL + 2.5, WALL));
    CHECK(!dgfc_apart(&c, WALL + 1.5, WALL));
    CHECK(!dgfc_apart(&c, 0, WALL));
}

static void test_jumps(void)
{
    dgfc c;
    dgfc_init(&c);
    double m = play(&c, 10, 4.0, T2017, 10);
    double before = dgfc_now(&c, m);
    /* A packet a little late does not move the clock back. */
    dgfc_observe(&c, before - 2, m + 0.01);
    CHECK(dgfc_now(&c, m + 0.01) >= before);
    /* A publisher that starts over (loop) a minute back: once it stays back (8 batches over
     * a second) the clock follows it; until then it holds. */
    double held = dgfc_now(&c, m + 0.02);
    int restarts = 0;
    for (int i = 0; i <= DGFC_BACKJUMP_N; i++) {
        m += 0.15;
        bool r = dgfc_observe(&c, T2017 + i * 0.15, m);
        restarts += r;
        CHECK(r == (i == DGFC_BACKJUMP_N - 1)); /* said once, when it restarts */
        if (i < DGFC_BACKJUMP_N - 1) CHECK(dgfc_now(&c, m) >= held);
    }
    CHECK_EQ_INT(restarts, 1);
    CHECK(fabs(dgfc_now(&c, m) - (T2017 + DGFC_BACKJUMP_N * 0.15)) < 0.01);
    /* Garbage is ignored. */
    dgfc_observe(&c, -1, m + 0.01);
    dgfc_observe(&c, NAN, m + 0.01);
    CHECK(fabs(dgfc_now(&c, m + 0.01) - (T2017 + DGFC_BACKJUMP_N * 0.15) - 0.01) < 0.01);
}

/* Two honeypots interleaved as in the Marx log at x1: a row every ~30 s, every other one
 * 200 s late. The clock never steps back (it used to restart at each late row). */
static void test_interleaved(void)
{
    dgfc c;
    dgfc_init(&c);
    double m = 100, shown = 0;
    for (int i = 0; i < 40; i++) {
        double ts = T2017 + i * 30.0 - ((i % 2) ? 200.0 : 0.0);
        CHECK(!dgfc_observe(&c, ts, m)); /* late rows are no restart */
        double now = dgfc_now(&c, m);
        CHECK(now >= shown);
        shown = now;
        m += 30;
    }
    CHECK(fabs(shown - (T2017 + 38 * 30.0 + 30.0)) < 0.5);
}

static void test_labels(void)
{
    char b[16];
    CHECK_STR_EQ(dgfc_fmt_speed(0, b, sizeof b), "");
    CHECK_STR_EQ(dgfc_fmt_speed(1.004, b, sizeof b), "x1");
    CHECK_STR_EQ(dgfc_fmt_speed(1.5, b, sizeof b), "x1.5");
    CHECK_STR_EQ(dgfc_fmt_speed(0.25, b, sizeof b), "x0.25");
    CHECK_STR_EQ(dgfc_fmt_speed(59.6, b, sizeof b), "x60");
    CHECK_STR_EQ(dgfc_fmt_speed(3581, b, sizeof b), "x3600");
    CHECK_STR_EQ(dgfc_fmt_speed(12345, b, sizeof b), "x12k");
}

int main(void)
{
    test_x60();
    test_live();
    test_jumps();
    test_interleaved();
    test_labels();
    return check_report();
}
