/* test_feed_detect.c - the feed's detectors (feeddet.h) on the mirai-2017-jp scenario, in
 * process (no sockets, no sleeping), with the default detector settings: no alert during
 * the background, then new port / surge on 52869/tcp, then the Japanese Mirai surge.
 * Usage: test_feed_detect GEOIP.mmdb */
#include "check.h"
#include "feeddet.h"
#include "synth.h"

#include <stdlib.h>

#define START_NS 1509408037000000000ull /* 2017-10-31T00:00:37Z: windows not aligned */
#define MAX_ALERTS 64

typedef struct seen {
    dg_alert a[MAX_ALERTS];
    int n;
} seen;

static void on_alert(const dg_alert *a, void *user)
{
    seen *s = user;
    if (s->n < MAX_ALERTS) s->a[s->n] = *a;
    s->n++;
}

static double offset_s(const dg_alert *a)
{
    return (double)(a->ts_ns - START_NS) / 1e9;
}

/* Source time (s from the start) of the first alert of kind on dport (0: any), or -1. */
static double first(const seen *s, const char *kind, uint16_t dport, const char *org)
{
    for (int i = 0; i < s->n && i < MAX_ALERTS; i++)
        if (strcmp(s->a[i].kind, kind) == 0 && (!dport || s->a[i].dport == dport) &&
            (!org || strcmp(s->a[i].org, org) == 0))
            return offset_s(&s->a[i]);
    return -1;
}

static void run_scenario(dgfd *f, double rate, uint64_t seed, double secs)
{
    dgsyn_config c = {.rate = rate,
                      .seed = seed,
                      .start_ns = START_NS,
                      .duration = secs,
                      .scenario = "mirai-2017-jp"};
    char err[256];
    dg_source *src = dgsrc_synthetic(&c, err, sizeof err);
    CHECK(src != NULL);
    if (!src) return;
    static dg_record buf[8192];
    int n;
    while ((n = src->next(src, buf, 8192)) > 0)
        dgfd_process(f, buf, (size_t)n);
    dgfd_finish(f);
    src->close(src);
}

static void check_story(const char *geoip, double rate, uint64_t seed)
{
    dgfd_config c = {.geoip = {geoip}};
    dgd_config_defaults(&c.det);
    static seen s;
    s.n = 0;
    char err[256];
    dgfd *f = dgfd_open(&c, on_alert, &s, err, sizeof err);
    CHECK(f != NULL);
    if (!f) return;
    run_scenario(f, rate, seed, 1260);
    printf("rate %g seed %llu: %d alerts\n", rate, (unsigned long long)seed, s.n);
    for (int i = 0; i < s.n && i < MAX_ALERTS; i++)
        printf("  +%7.1f s %-11s %5u %-3s %s\n", offset_s(&s.a[i]), s.a[i].kind, s.a[i].dport,
               s.a[i].org, s.a[i].title);
    double np = first(&s, "new-port", 52869, NULL), ps = first(&s, "port-surge", 52869, NULL);
    double jp = first(&s, "mirai-surge", 0, "JP");
    CHECK(s.n > 0 && offset_s(&s.a[0]) >= 720); /* nothing during the background */
    CHECK(np >= 720 && np < 840);
    CHECK(ps >= np && ps < 900);
    CHECK(jp > ps && jp < 1080);
    CHECK(first(&s, "mirai-surge", 0, "") < 0); /* no surge from elsewhere */
    dgd_counters k = dgfd_counters(f);
    CHECK(k.bad_ts == 0 && k.late_events == 0);
    dgfd_close(f);
}

/* Records become the events the viewer builds: class, fingerprint, place, country. */
static void test_event(const char *geoip)
{
    dggeo_config gc = {.paths = {geoip}};
    dggeo *g = dggeo_open(&gc);
    dg_record r = {.ts_ns = START_NS,
                   .ip_ver = 4,
                   .proto = DG_PROTO_TCP,
                   .flags = DG_TCP_SYN,
                   .src = {126, 1, 2, 3},
                   .dst = {203, 0, 113, 7},
                   .dport = 23,
                   .seq = 0xCB007107u,
                   .have = DG_HAVE_ALL};
    dg_event ev;
    dgfd_event(g, &r, &ev);
    CHECK(ev.cls == DG_CLS_SYN && (ev.flags & DGE_MIRAI) && (ev.flags & DGE_SRC_PLACED));
    CHECK_STR_EQ(ev.cc, "JP");
    CHECK(fabs(ev.ts - 1509408037.0) < 1e-6);
    r.seq = 1;
    r.src[0] = 198; /* 198.1.2.3: not in the fixture */
    dgfd_event(g, &r, &ev);
    CHECK(!(ev.flags & (DGE_MIRAI | DGE_SRC_PLACED)) && ev.cc[0] == 0);
    dggeo_close(g);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: test_feed_detect GEOIP.mmdb\n");
        return 2;
    }
    test_event(argv[1]);
    check_story(argv[1], 1000, 1);
    check_story(argv[1], 1000, 7);
    check_story(argv[1], 250, 3);
    check_story(argv[1], 20000, 5);
    return check_report();
}
