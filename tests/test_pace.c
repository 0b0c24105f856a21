/* test_pace.c - the replay scheduler (sched.c) driven by a fake clock: speed, pause/resume,
 * seek, start/end windows (absolute and offset), loop restarts, unpaced (max) speed. */
#include "check.h"
#include "pace.h"

#include <stdint.h>

static uint64_t fake_now;

static uint64_t fake_clock(void *ctx)
{
    (void)ctx;
    return fake_now;
}

#define SEC 1000000000ull
#define T0 1700000000ull * SEC /* source time of the first record */

static void test_speed_one(void)
{
    fake_now = 5 * SEC;
    dgpace *s = dgpace_create(1.0, fake_clock, NULL);
    CHECK(s != NULL);
    CHECK_EQ_INT(dgpace_check(s, T0), DGSCH_DUE); /* the first record anchors and is due */
    CHECK_EQ_INT(dgpace_check(s, T0 + SEC), DGSCH_WAIT);
    CHECK_EQ_INT(dgpace_wait_ns(s, T0 + SEC), SEC + 1);
    fake_now += SEC / 2;
    CHECK_EQ_INT(dgpace_position(s), T0 + SEC / 2);
    CHECK(!dgpace_due(s, T0 + SEC));
    fake_now += SEC / 2;
    CHECK(dgpace_due(s, T0 + SEC));
    CHECK_EQ_INT(dgpace_wait_ns(s, T0 + SEC), 0);
    /* A late record (the publisher fell behind) is due, not skipped. */
    fake_now += 10 * SEC;
    CHECK(dgpace_due(s, T0 + 2 * SEC));
    CHECK_EQ_INT(dgpace_first_ts(s), T0);
    dgpace_destroy(s);
}

static void test_speed_change(void)
{
    fake_now = 0;
    dgpace *s = dgpace_create(10.0, fake_clock, NULL);
    CHECK(dgpace_due(s, T0));
    fake_now = SEC; /* 10 s of source time passed */
    CHECK_EQ_INT(dgpace_position(s), T0 + 10 * SEC);
    CHECK(dgpace_due(s, T0 + 10 * SEC));
    CHECK(!dgpace_due(s, T0 + 11 * SEC));
    CHECK(dgpace_set_speed(s, 0.5)); /* the playhead stays at T0+10s */
    CHECK_EQ_INT(dgpace_position(s), T0 + 10 * SEC);
    CHECK_EQ_INT(dgpace_wait_ns(s, T0 + 11 * SEC), 2 * SEC + 1);
    fake_now += 2 * SEC;
    CHECK(dgpace_due(s, T0 + 11 * SEC));
    CHECK(!dgpace_set_speed(s, 0.001));
    CHECK(!dgpace_set_speed(s, 200000));
    CHECK(!dgpace_set_speed(s, 0));
    CHECK(dgpace_speed(s) == 0.5);
    CHECK(dgpace_set_speed(s, 100000));
    fake_now += SEC / 1000; /* 1 ms at 100000x is 100 s */
    CHECK_EQ_INT(dgpace_position(s), T0 + 111 * SEC);
    CHECK(dgpace_create(0.001, fake_clock, NULL) == NULL);
    CHECK(dgpace_create(1.0, NULL, NULL) == NULL);
    dgpace_destroy(s);
}

static void test_max_speed(void)
{
    fake_now = 0;
    dgpace *s = dgpace_create(DGSCH_SPEED_MAX, fake_clock, NULL);
    CHECK(dgpace_due(s, T0));
    CHECK(dgpace_due(s, T0 + 3600 * SEC));
    CHECK_EQ_INT(dgpace_wait_ns(s, T0 + 7200 * SEC), 0);
    dgpace_pause(s, true);
    CHECK_EQ_INT(dgpace_check(s, T0 + 7200 * SEC), DGSCH_WAIT);
    dgpace_pause(s, false);
    CHECK(dgpace_due(s, T0 + 7200 * SEC));
    dgpace_destroy(s);
}

static void test_pause(void)
{
    fake_now = 100 * SEC;
    dgpace *s = dgpace_create(2.0, fake_clock, NULL);
    CHECK(dgpace_due(s, T0));
    fake_now += SEC; /* playhead T0+2s */
    dgpace_pause(s, true);
    CHECK(dgpace_paused(s));
    fake_now += 60 * SEC;
    CHECK_EQ_INT(dgpace_position(s), T0 + 2 * SEC);
    CHECK(dgpace_due(s, T0 + 2 * SEC) == false); /* nothing is due while paused */
    CHECK_EQ_INT(dgpace_wait_ns(s, T0 + 2 * SEC), UINT64_MAX);
    dgpace_pause(s, false);
    CHECK(dgpace_due(s, T0 + 2 * SEC));
    CHECK(!dgpace_due(s, T0 + 3 * SEC));
    fake_now += SEC / 2;
    CHECK(dgpace_due(s, T0 + 3 * SEC));
    dgpace_destroy(s);
}

static void test_seek(void)
{
    fake_now = 0;
    dgpace *s = dgpace_create(1.0, fake_clock, NULL);
    CHECK(dgpace_due(s, T0));
    dgpace_seek(s, T0 + 100 * SEC);
    CHECK_EQ_INT(dgpace_position(s), T0 + 100 * SEC);
    /* Records before the target are skipped until one reaches it. */
    CHECK_EQ_INT(dgpace_check(s, T0 + SEC), DGSCH_SKIP);
    CHECK_EQ_INT(dgpace_check(s, T0 + 99 * SEC), DGSCH_SKIP);
    CHECK_EQ_INT(dgpace_check(s, T0 + 100 * SEC), DGSCH_DUE);
    CHECK_EQ_INT(dgpace_check(s, T0 + 101 * SEC), DGSCH_WAIT);
    fake_now += SEC;
    CHECK(dgpace_due(s, T0 + 101 * SEC));
    /* Seek backwards (the caller rewinds the source). */
    dgpace_seek(s, T0 + 10 * SEC);
    CHECK_EQ_INT(dgpace_check(s, T0 + 5 * SEC), DGSCH_SKIP);
    CHECK(dgpace_due(s, T0 + 10 * SEC));
    CHECK(!dgpace_due(s, T0 + 11 * SEC));
    dgpace_destroy(s);
}

static void test_window_offset(void)
{
    fake_now = 0;
    dgpace *s = dgpace_create(1.0, fake_clock, NULL);
    dgpace_set_window(s, (dgpace_time){true, true, 30 * SEC}, (dgpace_time){true, true, 40 * SEC});
    CHECK_EQ_INT(dgpace_check(s, T0), DGSCH_SKIP);
    CHECK_EQ_INT(dgpace_start_ts(s), T0 + 30 * SEC);
    CHECK_EQ_INT(dgpace_end_ts(s), T0 + 40 * SEC);
    CHECK_EQ_INT(dgpace_check(s, T0 + 29 * SEC), DGSCH_SKIP);
    /* The playhead starts at the window start: a record 1 s after it waits 1 s. */
    CHECK_EQ_INT(dgpace_check(s, T0 + 31 * SEC), DGSCH_WAIT);
    CHECK_EQ_INT(dgpace_wait_ns(s, T0 + 31 * SEC), SEC + 1);
    fake_now += SEC;
    CHECK(dgpace_due(s, T0 + 31 * SEC));
    fake_now += 100 * SEC;
    CHECK(dgpace_due(s, T0 + 39 * SEC));
    CHECK_EQ_INT(dgpace_check(s, T0 + 40 * SEC), DGSCH_END);
    /* Loop: the source restarts; the window applies again and the playhead re-anchors. */
    dgpace_restart(s);
    CHECK_EQ_INT(dgpace_check(s, T0), DGSCH_SKIP);
    CHECK_EQ_INT(dgpace_check(s, T0 + 30 * SEC), DGSCH_DUE);
    CHECK_EQ_INT(dgpace_check(s, T0 + 32 * SEC), DGSCH_WAIT);
    fake_now += 2 * SEC;
    CHECK(dgpace_due(s, T0 + 32 * SEC));
    dgpace_destroy(s);
}

static void test_window_absolute_and_loop(void)
{
    fake_now = 0;
    dgpace *s = dgpace_create(1.0, fake_clock, NULL);
    dgpace_set_window(s, (dgpace_time){true, false, T0 + 5 * SEC}, (dgpace_time){0});
    CHECK_EQ_INT(dgpace_start_ts(s), T0 + 5 * SEC);
    CHECK_EQ_INT(dgpace_end_ts(s), UINT64_MAX);
    CHECK_EQ_INT(dgpace_check(s, T0 + 4 * SEC), DGSCH_SKIP);
    CHECK(dgpace_due(s, T0 + 5 * SEC));
    fake_now += 1000 * SEC;
    CHECK(dgpace_due(s, T0 + 900 * SEC));
    /* An absolute start before the capture begins anchors at the first record. */
    dgpace *t = dgpace_create(1.0, fake_clock, NULL);
    dgpace_set_window(t, (dgpace_time){true, false, T0 - 3600 * SEC}, (dgpace_time){0});
    CHECK(dgpace_due(t, T0));
    CHECK(!dgpace_due(t, T0 + SEC));
    /* Loop without a window: after restart the first record is due at once again. */
    fake_now += 50 * SEC;
    dgpace_restart(t);
    CHECK(dgpace_due(t, T0));
    CHECK_EQ_INT(dgpace_wait_ns(t, T0 + 2 * SEC), 2 * SEC + 1);
    dgpace_destroy(s);
    dgpace_destroy(t);
}

int main(void)
{
    test_speed_one();
    test_speed_change();
    test_max_speed();
    test_pause();
    test_seek();
    test_window_offset();
    test_window_absolute_and_loop();
    return check_report();
}
