/* test_pump.c - the one read-pace-deliver loop (pump.h) over a scripted in-memory source, on a
 * fake clock: due runs in order with their batch's alerts first, waiting while nothing is
 * due, a full sink offered the rest later, --count, the window end, --loop (and a source that
 * cannot rewind), seeks back and forth; and the optional slots of dg_source (source.h) that
 * answer false or do nothing when a kind leaves them NULL. */
#include "check.h"
#include "pump.h"

#include <stdlib.h>

#define NREC 10
#define T0 1000000000000ull /* the first record's time, ns */
#define STEP 1000000000ull  /* one second between records */

/* A scripted source: NREC records one second apart, read two at a time; one alert is passed
 * while reading the batch that starts at record 4. */
typedef struct script {
    size_t at;
    bool rewindable, alert_waiting;
    int rewinds, seeks;
} script;

static int script_next(dg_source *s, dg_record *out, size_t max)
{
    script *sc = s->impl;
    size_t n = 0;
    for (; n < max && n < 2 && sc->at < NREC; n++, sc->at++)
        out[n] = (dg_record){.ts_ns = T0 + sc->at * STEP, .ip_ver = 4, .sensor = DG_SENSOR_NONE};
    if (n && out[0].ts_ns == T0 + 4 * STEP) sc->alert_waiting = true;
    return (int)n;
}

static bool script_rewind(dg_source *s)
{
    script *sc = s->impl;
    sc->rewinds++;
    sc->at = 0;
    return sc->rewindable;
}

static bool script_alert(dg_source *s, dg_alert *out, uint64_t *recv_ns)
{
    script *sc = s->impl;
    if (!sc->alert_waiting) return false;
    sc->alert_waiting = false;
    *out = (dg_alert){.ts_ns = T0 + 4 * STEP};
    snprintf(out->title, sizeof out->title, "before record 4");
    if (recv_ns) *recv_ns = 0;
    return true;
}

static bool script_seek(dg_source *s, uint64_t ts)
{
    script *sc = s->impl;
    sc->seeks++;
    sc->at = ts > T0 ? (size_t)((ts - T0) / STEP) : 0;
    return true;
}

static void script_close(dg_source *s)
{
    (void)s;
}

/* What the sink saw: record times and alerts in one order (an alert is logged as 0). */
typedef struct seen {
    uint64_t log[64];
    size_t n;
    size_t room; /* records taken per call; 0: all */
    int restarts;
} seen;

static size_t take(void *ctx, dg_record *recs, size_t n)
{
    seen *s = ctx;
    if (s->room && n > s->room) n = s->room;
    for (size_t i = 0; i < n && s->n < 64; i++)
        s->log[s->n++] = recs[i].ts_ns;
    return n;
}

static void take_alert(void *ctx, const dg_alert *a)
{
    seen *s = ctx;
    (void)a;
    if (s->n < 64) s->log[s->n++] = 0;
}

static void restarted(void *ctx)
{
    ((seen *)ctx)->restarts++;
}

static uint64_t fake_now;
static uint64_t fake_clock(void *ctx)
{
    (void)ctx;
    return fake_now;
}

typedef struct rig {
    script sc;
    dg_source src;
    dgpace *pace;
    seen out;
    dgpump *pump;
} rig;

static void rig_open(rig *r, double speed, uint64_t count, bool loop)
{
    *r = (rig){.sc = {.rewindable = true}};
    r->src = (dg_source){.next = script_next,
                         .rewind = script_rewind,
                         .close = script_close,
                         .alert = script_alert,
                         .seek = script_seek,
                         .kind = "script",
                         .impl = &r->sc};
    fake_now = 5;
    r->pace = dgpace_create(speed, fake_clock, NULL);
    dgpump_config c = {.src = &r->src,
                       .pace = r->pace,
                       .count = count,
                       .loop = loop,
                       .sink = {take, take_alert, restarted, &r->out}};
    r->pump = dgpump_create(&c);
    CHECK(r->pace && r->pump);
}

static void rig_close(rig *r)
{
    dgpump_destroy(r->pump);
    dgpace_destroy(r->pace);
}

/* Steps until the end (or a bound), advancing the fake clock over every wait. */
static dgpump_state run_to_end(rig *r)
{
    for (int i = 0; i < 10000; i++) {
        uint64_t wait;
        dgpump_state st = dgpump_step(r->pump, &wait);
        if (st == DGPUMP_END || st == DGPUMP_FAILED) return st;
        if (st == DGPUMP_WAIT) fake_now += wait == UINT64_MAX ? STEP : wait;
    }
    return DGPUMP_MORE;
}

static void test_all_in_order(void)
{
    rig r;
    rig_open(&r, DGSCH_SPEED_MAX, 0, false);
    CHECK(run_to_end(&r) == DGPUMP_END);
    CHECK_EQ_INT(r.out.n, NREC + 1);
    CHECK_EQ_INT(r.out.log[4], 0); /* the alert, just before record 4 */
    CHECK_EQ_INT(r.out.log[5], T0 + 4 * STEP);
    CHECK_EQ_INT(dgpump_delivered(r.pump), NREC);
    uint64_t w;
    CHECK(dgpump_step(r.pump, &w) == DGPUMP_END); /* the end stays */
    rig_close(&r);
}

static void test_paced_and_full_sink(void)
{
    rig r;
    rig_open(&r, DGSCH_SPEED_MAX, 0, false);
    r.out.room = 1; /* a sink with room for one record at a time */
    uint64_t wait;
    CHECK(dgpump_step(r.pump, &wait) == DGPUMP_MORE); /* the first batch is read */
    CHECK(dgpump_step(r.pump, &wait) == DGPUMP_WAIT); /* records 0 and 1 due, one fits */
    CHECK_EQ_INT(wait, DGPUMP_ROOM_WAIT_NS);
    CHECK_EQ_INT(r.out.n, 1);
    CHECK(dgpump_step(r.pump, &wait) == DGPUMP_MORE); /* the room came */
    CHECK_EQ_INT(r.out.n, 2);
    CHECK(run_to_end(&r) == DGPUMP_END);
    CHECK_EQ_INT(dgpump_delivered(r.pump), NREC);
    rig_close(&r);

    rig_open(&r, 1, 0, false); /* real pace: one record a second */
    CHECK(dgpump_step(r.pump, &wait) == DGPUMP_MORE);
    CHECK(dgpump_step(r.pump, &wait) == DGPUMP_MORE); /* record 0 anchors and goes */
    CHECK(dgpump_step(r.pump, &wait) == DGPUMP_WAIT);
    CHECK(wait >= STEP && wait <= STEP + 1); /* the pace rounds up, never early */
    CHECK_EQ_INT(r.out.n, 1);
    fake_now += STEP;
    CHECK(dgpump_step(r.pump, &wait) == DGPUMP_MORE);
    CHECK_EQ_INT(r.out.n, 2);
    rig_close(&r);
}

static void test_count_window_loop(void)
{
    rig r;
    rig_open(&r, DGSCH_SPEED_MAX, 3, false);
    CHECK(run_to_end(&r) == DGPUMP_END);
    CHECK_EQ_INT(dgpump_delivered(r.pump), 3);
    rig_close(&r);

    rig_open(&r, DGSCH_SPEED_MAX, 0, false); /* a window ending before record 6 */
    dgpace_set_window(r.pace, (dgpace_time){0}, (dgpace_time){true, true, 6 * STEP});
    CHECK(run_to_end(&r) == DGPUMP_END);
    CHECK_EQ_INT(dgpump_delivered(r.pump), 6);
    rig_close(&r);

    rig_open(&r, DGSCH_SPEED_MAX, 25, true); /* --loop --count 25: two rewinds */
    CHECK(run_to_end(&r) == DGPUMP_END);
    CHECK_EQ_INT(dgpump_delivered(r.pump), 25);
    CHECK_EQ_INT(r.out.restarts, 2);
    CHECK(!dgpump_rewind_failed(r.pump));
    rig_close(&r);

    rig_open(&r, DGSCH_SPEED_MAX, 0, true);
    r.sc.rewindable = false;
    CHECK(run_to_end(&r) == DGPUMP_END);
    CHECK(dgpump_rewind_failed(r.pump));
    CHECK_EQ_INT(dgpump_delivered(r.pump), NREC);
    rig_close(&r);
}

static void test_seek(void)
{
    rig r;
    rig_open(&r, DGSCH_SPEED_MAX, 0, false);
    CHECK(run_to_end(&r) == DGPUMP_END);
    r.out.n = 0;
    CHECK(dgpump_seek(r.pump, T0 + 7 * STEP)); /* back from the end: the seek slot */
    CHECK_EQ_INT(r.sc.seeks, 1);
    CHECK(run_to_end(&r) == DGPUMP_END);
    CHECK_EQ_INT(r.out.n, 3);
    CHECK_EQ_INT(r.out.log[0], T0 + 7 * STEP);

    r.src.seek = NULL; /* a kind without one rewinds instead */
    r.out.n = 0;
    CHECK(dgpump_seek(r.pump, T0 + 2 * STEP));
    CHECK_EQ_INT(r.sc.rewinds, 1);
    CHECK(run_to_end(&r) == DGPUMP_END);
    CHECK_EQ_INT(r.out.log[0], T0 + 2 * STEP);
    CHECK_EQ_INT(r.out.n, NREC - 2 + 1); /* the alert before record 4 again */
    rig_close(&r);
}

static void test_optional_slots(void)
{
    script sc = {0};
    dg_source s = {
        .next = script_next, .rewind = script_rewind, .close = script_close, .impl = &sc};
    char err[128] = "";
    dg_alert a;
    CHECK(!dgsrc_seek(&s, T0));
    CHECK(!dgsrc_alert(&s, &a, NULL));
    CHECK(!dgsrc_set_filter(&s, "tcp", err, sizeof err));
    CHECK(strstr(err, "BPF filters apply to pcap") != NULL);
    dgsrc_break(&s); /* nothing to break: no effect */
    CHECK(!dgsrc_seek(NULL, T0) && !dgsrc_alert(NULL, &a, NULL));
    dgsrc_break(NULL);
    dgpump_config bad = {.src = &s};
    CHECK(dgpump_create(&bad) == NULL); /* no pace, no sink */
}

int main(void)
{
    test_all_in_order();
    test_paced_and_full_sink();
    test_count_window_loop();
    test_seek();
    test_optional_slots();
    return check_report();
}
