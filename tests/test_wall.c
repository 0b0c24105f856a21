/* test_wall.c - the GL-free wall and workstation blocks: view filters, the source host table
 * and its tooltips, address masking, the kiosk tour, tile matrices and sync over inproc. */
#include "anon.h"
#include "check.h"
#include "filter.h"
#include "model.h"
#include "hosts.h"
#include "sync.h"
#include "tour.h"

#include "addr.h"

#include <nanomsg/nn.h>
#include <nanomsg/pubsub.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static dg_event ev_make(const char *src, int cls, uint16_t dport, const char *cc, bool mirai)
{
    dg_event e = {.ts = 1509451200.0,
                  .cls = (uint8_t)cls,
                  .dport = dport,
                  .sensor = 0,
                  .src_lat = 35.7f,
                  .src_lon = 139.7f,
                  .flags = DGE_SRC_PLACED};
    int ver;
    dg_addr_parse(src, e.src, &ver);
    e.ip_ver = (uint8_t)ver;
    if (mirai) e.flags |= DGE_MIRAI;
    snprintf(e.cc, sizeof e.cc, "%s", cc);
    return e;
}

static void test_filter_parse_match(void)
{
    dgs_table st = {0};
    dgs_add_defaults(&st);
    dgfl_filter f;
    char err[200];
    dgfl_clear(&f);
    dg_event e = ev_make("198.51.100.7", DG_CLS_SYN, 23, "JP", true);
    CHECK(!dgfl_active(&f) && dgfl_match(&f, &e));
    CHECK(dgfl_parse(&f, "class=syn+udp;port=23,2323;cc=jp;mirai", &st, err, sizeof err));
    CHECK(dgfl_active(&f));
    CHECK(dgfl_match(&f, &e));
    dg_event e2 = e;
    e2.cls = DG_CLS_TCP;
    CHECK(!dgfl_match(&f, &e2)); /* class */
    e2 = e;
    e2.dport = 24;
    CHECK(!dgfl_match(&f, &e2)); /* port */
    e2.dport = 2323;
    CHECK(dgfl_match(&f, &e2));
    e2 = e;
    memcpy(e2.cc, "CN", 3);
    CHECK(!dgfl_match(&f, &e2)); /* country */
    e2 = e;
    e2.cc[0] = '\0';
    CHECK(!dgfl_match(&f, &e2)); /* unplaced */
    e2 = e;
    e2.flags &= (uint8_t)~DGE_MIRAI;
    CHECK(!dgfl_match(&f, &e2)); /* mirai only */
    char d[160];
    CHECK_STR_EQ(dgfl_describe(&f, d, sizeof d),
                 "filters: SYN+UDP \xC2\xB7 port 23,2323 \xC2\xB7 JP \xC2\xB7 Mirai only");

    CHECK(dgfl_parse(&f, "port=1-1024; sensor=okinawa,sapporo; cc=??", &st, err, sizeof err));
    e2 = ev_make("198.51.100.7", DG_CLS_UDP, 1024, "", false);
    e2.sensor = (uint16_t)dgs_find(&st, "okinawa");
    CHECK(dgfl_match(&f, &e2));
    e2.dport = 1025;
    CHECK(!dgfl_match(&f, &e2));
    e2.dport = 0;
    CHECK(!dgfl_match(&f, &e2));
    e2.dport = 1;
    CHECK(dgfl_match(&f, &e2));
    e2.sensor = (uint16_t)dgs_find(&st, "tokyo");
    CHECK(!dgfl_match(&f, &e2));
    e2.sensor = DG_SENSOR_NONE;
    CHECK(!dgfl_match(&f, &e2));
    CHECK_STR_EQ(dgfl_describe(&f, d, sizeof d),
                 "filters: port 1-1024 \xC2\xB7 ?? \xC2\xB7 sensor okinawa,sapporo");
    CHECK(dgfl_parse(&f, "udp;tcp", &st, err, sizeof err));
    CHECK_EQ_INT(f.classes, (1 << DG_CLS_UDP) | (1 << DG_CLS_TCP));
    CHECK(dgfl_parse(&f, "mirai;all", &st, err, sizeof err) && !dgfl_active(&f));
    CHECK(dgfl_parse(&f, "", &st, err, sizeof err) && !dgfl_active(&f));
}

static void test_filter_errors(void)
{
    dgs_table st = {0};
    dgs_add_defaults(&st);
    dgfl_filter f;
    char err[200];
    dgfl_parse(&f, "cc=JP", &st, err, sizeof err);
    struct {
        const char *spec, *msg;
    } bad[] = {
        {"class=sny", "unknown class 'sny' (syn, synack, tcp, udp, icmp, other)"},
        {"port=70000", "bad port '70000' (a number 0-65535 or a range like 1-1024)"},
        {"port=1024-1", "bad port range '1024-1' (the low end comes first)"},
        {"port=-5", "bad port '-5' (a number 0-65535 or a range like 1-1024)"},
        {"port=23x", "bad port '23x' (a number 0-65535 or a range like 1-1024)"},
        {"cc=JPN", "bad country code 'JPN' (two letters, e.g. JP, or ?? for unplaced)"},
        {"sensor=nowhere", "unknown sensor 'nowhere'"},
        {"colour=red", "unknown filter key 'colour' (class, port, cc, sensor, tool, mirai)"},
        {"tool=nmap", "unknown tool 'nmap' (mirai, masscan, zmap, unicorn, lss, backscatter)"},
        {"port=", "'port=' needs a value"},
        {"mirai=maybe", "bad mirai value 'maybe' (yes or no)"},
        {"bogus", "unknown filter term 'bogus' (class=, port=, cc=, sensor=, tool=, mirai, all)"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err[0] = '\0';
        CHECK(!dgfl_parse(&f, bad[i].spec, &st, err, sizeof err));
        CHECK_STR_EQ(err, bad[i].msg);
    }
    CHECK(f.cc_on && !f.port_on); /* failed parses left the filter alone */
    CHECK(!dgfl_parse(&f, "sensor=tokyo", NULL, err, sizeof err));
}

/* tool=: packets tagged with any of the named tools. */
static void test_filter_tools(void)
{
    dgfl_filter f;
    char err[200], d[160];
    CHECK(dgfl_parse(&f, "tool=masscan,zmap", NULL, err, sizeof err));
    dg_event e = ev_make("198.51.100.7", DG_CLS_SYN, 445, "US", false);
    CHECK(!dgfl_match(&f, &e));
    e.tools = DG_TOOL_ZMAP;
    CHECK(dgfl_match(&f, &e));
    e.tools = DG_TOOL_LSS | DG_TOOL_MASSCAN;
    CHECK(dgfl_match(&f, &e));
    CHECK_STR_EQ(dgfl_describe(&f, d, sizeof d), "filters: tool Masscan+ZMap");
}

static void test_filter_toggles(void)
{
    dgfl_filter f;
    dgfl_clear(&f);
    dg_event e = ev_make("198.51.100.7", DG_CLS_UDP, 53, "US", false);
    CHECK(!dgfl_toggle_class(&f, DG_CLS_UDP));
    CHECK(!dgfl_match(&f, &e) && dgfl_active(&f));
    char d[160];
    CHECK_STR_EQ(dgfl_describe(&f, d, sizeof d), "filters: SYN+SYN-ACK+TCP+ICMP+other");
    CHECK(dgfl_toggle_class(&f, DG_CLS_UDP));
    CHECK(dgfl_match(&f, &e) && !dgfl_active(&f));
    CHECK(dgfl_toggle_mirai(&f));
    CHECK(!dgfl_match(&f, &e));
    CHECK(!dgfl_toggle_mirai(&f));
    dgfl_toggle_class(&f, DG_CLS_SYN);
    dgfl_clear(&f);
    CHECK_STR_EQ(dgfl_describe(&f, d, sizeof d), "filters: none");
}

static void test_anon(void)
{
    uint8_t a[16];
    int v;
    char b[DG_ANON_TEXT];
    dg_addr_parse("203.0.113.77", a, &v);
    CHECK_STR_EQ(dg_anon_format(v, a, false, b, sizeof b), "203.0.113.77");
    CHECK_STR_EQ(dg_anon_format(v, a, true, b, sizeof b), "203.0.113.x");
    dg_addr_parse("2001:db8:1:2:aaaa:bbbb:cccc:dddd", a, &v);
    CHECK_STR_EQ(dg_anon_format(v, a, true, b, sizeof b), "2001:db8:1:2::/64");
    CHECK_STR_EQ(dg_anon_format(v, a, false, b, sizeof b), "2001:db8:1:2:aaaa:bbbb:cccc:dddd");
    dg_addr_parse("2001:db8::1", a, &v);
    CHECK_STR_EQ(dg_anon_format(v, a, true, b, sizeof b), "2001:db8::/64");
    CHECK_STR_EQ(dg_anon_format(9, a, true, b, sizeof b), "?");
    char t[128];
    CHECK_STR_EQ(dg_anon_text("Host 133.243.3.34 scanning 23/TCP", t, sizeof t),
                 "Host 133.243.3.x scanning 23/TCP");
    CHECK_STR_EQ(dg_anon_text("from 2001:db8:1:2:3:4:5:6, then 10.1.2.3.", t, sizeof t),
                 "from 2001:db8:1:2::/64, then 10.1.2.x.");
    CHECK_STR_EQ(dg_anon_text("port 52869 at 12:30:45 (v1.2.3)", t, sizeof t),
                 "port 52869 at 12:30:45 (v1.2.3)");
    CHECK_STR_EQ(dg_anon_text("1.2.3.4", t, 6), "1.2.3"); /* cut, never overrun */
    char small[8];
    dg_addr_parse("203.0.113.77", a, &v);
    dg_anon_format(v, a, true, small, sizeof small);
    CHECK_EQ_INT(strlen(small), 7);
}

static void test_hosts_basic(void)
{
    dghost_tbl *t = dghost_create(64);
    dg_event e[4] = {ev_make("198.51.100.7", DG_CLS_SYN, 23, "JP", true),
                     ev_make("198.51.100.7", DG_CLS_SYN, 2323, "JP", false),
                     ev_make("198.51.100.7", DG_CLS_UDP, 23, "JP", false),
                     ev_make("2001:db8::5", DG_CLS_ICMP, 0, "", false)};
    e[1].ts += 10;
    e[2].ts += 65;
    dghost_observe(t, e, 4);
    CHECK_EQ_INT(dghost_count(t), 2);
    const dghost *h = dghost_find(t, 4, e[0].src);
    CHECK(h != NULL);
    if (!h) return;
    CHECK_EQ_INT(h->packets, 3);
    CHECK(h->mirai && h->placed);
    CHECK_EQ_INT(h->nports, 2);
    CHECK_EQ_INT(h->ports[0].count, 2);
    CHECK_EQ_INT(h->classes, (1 << DG_CLS_SYN) | (1 << DG_CLS_UDP));
    dg_alert al = {.severity = DG_SEV_HIGH};
    snprintf(al.id, sizeof al.id, "A7");
    snprintf(al.title, sizeof al.title, "watchlist host 198.51.100.7 scanning");
    snprintf(al.src, sizeof al.src, "198.51.100.0/24");
    dghost_note_alert(t, &al);
    snprintf(al.id, sizeof al.id, "A8");
    snprintf(al.src, sizeof al.src, "192.0.2.1");
    dghost_note_alert(t, &al); /* another host: not shown */
    dggeo_result geo = {.asn = 2516, .city = "Tokyo"};
    char tip[1024];
    dghost_format_tooltip(t, h, &geo, NULL, false, tip, sizeof tip);
    CHECK_STR_EQ(tip, "198.51.100.7\n"
                      "JP \xC2\xB7 Tokyo \xC2\xB7 AS2516\n"
                      "SYN+UDP \xC2\xB7 ports 23 \xC3\x97"
                      "2, 2323 \xC3\x97"
                      "1\n"
                      "3 packets \xC2\xB7 Mirai fingerprint: yes\n"
                      "first seen 2017-10-31 12:00:00 UTC\n"
                      "last seen 2017-10-31 12:01:05 UTC\n"
                      "alert A7 [high] watchlist host 198.51.100.7 scanning");
    dghost_format_tooltip(t, h, NULL, NULL, true, tip, sizeof tip);
    CHECK(strstr(tip, "198.51.100.x\n") == tip);
    CHECK(!strstr(tip, "198.51.100.7"));
    CHECK(strstr(tip, "alert A7 [high] watchlist host 198.51.100.x scanning") != NULL);
    const dghost *h6 = dghost_find(t, 6, e[3].src);
    CHECK(h6 && h6->nports == 0);
    if (h6) {
        dghost_format_tooltip(t, h6, NULL, NULL, true, tip, sizeof tip);
        CHECK(strstr(tip, "2001:db8::/64\ncountry unknown\nICMP\n1 packet ") == tip);
        CHECK(strstr(tip, "\nno alerts") != NULL);
    }
    char tiny[16];
    dghost_format_tooltip(t, h, NULL, NULL, false, tiny, sizeof tiny);
    CHECK_EQ_INT(strlen(tiny), 15);
    dgasn_result as = {.asn = 2516, .org = "KDDI CORPORATION"};
    dghost_format_tooltip(t, h, &geo, &as, false, tip, sizeof tip);
    CHECK(
        strstr(tip, "198.51.100.7\nJP \xC2\xB7 Tokyo\nAS2516 \xC2\xB7 KDDI CORPORATION\nSYN+UDP") ==
        tip);
    dghost_destroy(t);
}

static void test_hosts_flood_lru(void)
{
    enum { CAP = 1024 };
    dghost_tbl *t = dghost_create(CAP);
    dg_event e = ev_make("10.0.0.0", DG_CLS_SYN, 23, "JP", false);
    dg_event keep = ev_make("203.0.113.1", DG_CLS_SYN, 23, "JP", false);
    for (uint32_t i = 0; i < 100000; i++) {
        e.src[0] = (uint8_t)(10 + (i >> 16));
        e.src[1] = (uint8_t)(i >> 8);
        e.src[2] = (uint8_t)i;
        e.ts += 0.001;
        dghost_observe(t, &e, 1);
        if (i % 500 == 0) { /* a steady scanner stays recently seen */
            keep.ts = e.ts;
            dghost_observe(t, &keep, 1);
        }
    }
    CHECK_EQ_INT(dghost_count(t), CAP);
    dghost_counters c = dghost_get_counters(t);
    CHECK_EQ_INT(c.inserted, 100001);
    CHECK_EQ_INT(c.evicted, 100001 - CAP);
    CHECK(dghost_find(t, 4, keep.src) != NULL);
    CHECK(dghost_find(t, 4, e.src) != NULL); /* newest */
    dg_event first = ev_make("10.0.0.0", DG_CLS_SYN, 23, "JP", false);
    CHECK(dghost_find(t, 4, first.src) == NULL); /* oldest evicted */
    /* every entry still reachable through the hash after all the evictions */
    size_t found = 0;
    for (uint32_t i = 100000 - 2000; i < 100000; i++) {
        e.src[0] = (uint8_t)(10 + (i >> 16));
        e.src[1] = (uint8_t)(i >> 8);
        e.src[2] = (uint8_t)i;
        found += dghost_find(t, 4, e.src) != NULL;
    }
    CHECK(found >= CAP - 3 && found <= CAP);
    dghost_destroy(t);
}

/* Projection for picking tests: lon/lat degrees straight to pixels; lon > 170 "hidden". */
static bool flat_project(void *ctx, float lat, float lon, float *sx, float *sy)
{
    (void)ctx;
    *sx = lon * 10.0f;
    *sy = lat * 10.0f;
    return lon <= 170.0f;
}

static void test_hosts_pick(void)
{
    dghost_tbl *t = dghost_create(16);
    dg_event a = ev_make("198.51.100.1", DG_CLS_SYN, 23, "JP", false);
    dg_event b = ev_make("198.51.100.2", DG_CLS_SYN, 23, "JP", false);
    dg_event old = ev_make("198.51.100.3", DG_CLS_SYN, 23, "JP", false);
    dg_event hidden = ev_make("198.51.100.4", DG_CLS_SYN, 23, "JP", false);
    a.src_lat = 10, a.src_lon = 10;
    b.src_lat = 10, b.src_lon = 12;
    old.src_lat = 10, old.src_lon = 11;
    hidden.src_lat = 10, hidden.src_lon = 175;
    old.ts -= 100;
    dghost_observe(t, &old, 1);
    dghost_observe(t, &a, 1);
    dghost_observe(t, &b, 1);
    dghost_observe(t, &hidden, 1);
    double now = a.ts + 1;
    const dghost *h = dghost_pick(t, flat_project, NULL, 108, 100, 20, now, 30);
    CHECK(h && h->addr[3] == 1);
    h = dghost_pick(t, flat_project, NULL, 115, 100, 20, now, 30);
    CHECK(h && h->addr[3] == 2);
    h = dghost_pick(t, flat_project, NULL, 110, 100, 2, now, 30); /* old one is stale */
    CHECK(h == NULL);
    h = dghost_pick(t, flat_project, NULL, 110, 100, 2, now, 300);
    CHECK(h && h->addr[3] == 3);
    CHECK(dghost_pick(t, flat_project, NULL, 1750, 100, 50, now, 30) == NULL);
    dghost_destroy(t);
}

static void test_tour(void)
{
    dgtour t;
    dgtour_config cfg = {.home_lat = 20,
                         .home_lon = 100,
                         .home_dist = 3.2f,
                         .overview_s = 10,
                         .hold_s = 8,
                         .glide_s = 2};
    dgtour_init(&t, &cfg, 0);
    dgtour_target g = dgtour_tick(&t, 1, 1);
    CHECK(!g.fly && g.phase == DGTOUR_OVERVIEW && g.autorotate);
    dg_event e[200];
    for (int i = 0; i < 200; i++) {
        e[i] = ev_make("198.51.100.1", DG_CLS_SYN, 23, "JP", false);
        e[i].src_lat = i < 120 ? 35.0f + (float)(i % 3) : -23.0f;
        e[i].src_lon = i < 120 ? 139.0f : -46.0f;
    }
    dgtour_events(&t, e, 200);
    float la, lo, n;
    CHECK(dgtour_hotspot(&t, &la, &lo, &n));
    CHECK_NEAR(la, 36.0, 0.01);
    CHECK_NEAR(lo, 139.0, 0.01);
    g = dgtour_tick(&t, 5, 4);
    CHECK(!g.fly); /* overview not over yet */
    g = dgtour_tick(&t, 10.5, 5.5);
    CHECK(g.fly && g.phase == DGTOUR_FOCUS_HOT && !g.autorotate);
    CHECK_NEAR(g.lat, 36.0, 0.01);
    CHECK_NEAR(g.dist, 2.0, 1e-6);
    g = dgtour_tick(&t, 15, 4.5);
    CHECK(!g.fly && g.phase == DGTOUR_FOCUS_HOT);
    g = dgtour_tick(&t, 20.6, 5.6); /* glide 2 + hold 8 */
    CHECK(g.fly && g.phase == DGTOUR_OVERVIEW);
    CHECK_NEAR(g.lat, 20, 1e-6);
    CHECK_NEAR(g.dist, 3.2, 1e-6);
    /* the next visit prefers another region when it has half the activity */
    g = dgtour_tick(&t, 31, 10.4);
    CHECK(g.fly && g.phase == DGTOUR_FOCUS_HOT);
    CHECK_NEAR(g.lat, -23.0, 0.01);
    g = dgtour_tick(&t, 41.5, 10.5);
    CHECK(g.phase == DGTOUR_OVERVIEW);
    /* a high alert cuts the overview short; a low one does not count */
    dgtour_alert(&t, 50, 8, DG_SEV_LOW);
    g = dgtour_tick(&t, 44, 2.5);
    CHECK(!g.fly);
    dgtour_alert(&t, 52, 5, DG_SEV_CRITICAL);
    g = dgtour_tick(&t, 44.1, 0.1);
    CHECK(g.fly && g.phase == DGTOUR_FOCUS_ALERT);
    CHECK_NEAR(g.lat, 52, 1e-6);
    /* user input pauses; the tour resumes at the overview */
    dgtour_user_input(&t, 45);
    g = dgtour_tick(&t, 50, 5);
    CHECK(!g.fly && g.phase == DGTOUR_PAUSED);
    g = dgtour_tick(&t, 76, 26);
    CHECK(g.fly && g.phase == DGTOUR_OVERVIEW);
    /* decay: after many half-lives nothing is hot enough */
    dgtour_tick(&t, 2000, 1924);
    CHECK(!dgtour_hotspot(&t, &la, &lo, &n));
    float dx, dy, maxd = 0, mind = 1;
    for (double s = 0; s < 3600; s += 7) {
        dgtour_burnin_offset(s, &dx, &dy);
        CHECK(fabsf(dx) < 0.005f && fabsf(dy) < 0.005f);
        maxd = fmaxf(maxd, dx);
        mind = fminf(mind, dx);
        float f = dgtour_burnin_fade(s);
        CHECK(f >= 0.85f && f <= 1.0f);
    }
    CHECK(maxd - mind > 0.006f); /* it does move */
    dgtour_burnin_offset(0, &dx, &dy);
    float dx2, dy2;
    dgtour_burnin_offset(1.0 / 60, &dx2, &dy2); /* one frame: far below a pixel at 4K */
    CHECK(fabsf(dx2 - dx) * 3840 < 0.01f);
}

static void test_tile_parse(void)
{
    dgsync_tile t;
    char err[160];
    CHECK(dgsync_parse_tile("3x2:4", &t, err, sizeof err));
    CHECK(t.cols == 3 && t.rows == 2 && t.index == 4);
    CHECK(!dgsync_parse_tile("3x2:6", &t, err, sizeof err));
    CHECK_STR_EQ(err, "bad tile '3x2:6' (index 0 to 5, row-major from the top left)");
    CHECK(!dgsync_parse_tile("3x2", &t, err, sizeof err));
    CHECK_STR_EQ(err, "bad tile '3x2' (COLSxROWS:INDEX, e.g. 3x2:0)");
    CHECK(!dgsync_parse_tile("0x2:0", &t, err, sizeof err));
    CHECK(!dgsync_parse_tile("3x2:1junk", &t, err, sizeof err));
}

/* Projects a world point through the whole wall and through each tile; the tile holding it
 * must show it at the same pixel of the big picture. */
static void test_tile_matrix(void)
{
    enum { COLS = 3, ROWS = 2, TW = 640, TH = 360 };
    dgc_camera cam;
    dgc_init(&cam, 20, 100, 3.2f);
    mat4 view, proj, vp;
    dgc_matrices(&cam, (float)(COLS * TW) / (float)(ROWS * TH), view, proj);
    glm_mat4_mul(proj, view, vp);
    mat4 inv;
    glm_mat4_inv(vp, inv);
    int hits[COLS * ROWS] = {0};
    for (int k = 0; k < 400; k++) {
        /* a world point behind a spread of wall pixels, at varied depths */
        vec4 n = {(float)(k % 20) / 10.0f - 0.95f, (float)(k / 20) / 10.0f - 0.95f,
                  (float)(k % 7) / 7.0f - 0.4f, 1},
             p, c;
        glm_mat4_mulv(inv, n, p);
        glm_vec4_scale(p, 1.0f / p[3], p);
        glm_mat4_mulv(vp, p, c);
        float nx = c[0] / c[3], ny = c[1] / c[3];
        if (c[3] <= 0 || fabsf(nx) >= 1 || fabsf(ny) >= 1) continue;
        float px = (nx + 1) / 2 * COLS * TW, py = (1 - ny) / 2 * ROWS * TH;
        int col = (int)(px / TW), row = (int)(py / TH), idx = row * COLS + col;
        mat4 tm, tvp;
        dgsync_tile_matrix(COLS, ROWS, idx, tm);
        glm_mat4_mul(tm, vp, tvp);
        vec4 tc;
        glm_mat4_mulv(tvp, p, tc);
        float tx = (tc[0] / tc[3] + 1) / 2 * TW, ty = (1 - tc[1] / tc[3]) / 2 * TH;
        CHECK_NEAR(tx, px - (float)(col * TW), 0.05);
        CHECK_NEAR(ty, py - (float)(row * TH), 0.05);
        CHECK_NEAR(tc[2] / tc[3], c[2] / c[3], 1e-5); /* depth untouched */
        hits[idx]++;
    }
    for (int i = 0; i < COLS * ROWS; i++)
        CHECK(hits[i] > 0);
    mat4 one;
    dgsync_tile_matrix(1, 1, 0, one);
    for (int i = 0; i < 16; i++)
        CHECK(one[i / 4][i % 4] == (i / 4 == i % 4 ? 1.0f : 0.0f));
}

static void sleep_ms(int ms)
{
    struct timespec ts = {0, ms * 1000000L};
    nanosleep(&ts, NULL);
}

static void test_sync_inproc(void)
{
    char err[256];
    dgsync *lead = dgsync_open("inproc://wall-sync", true, err, sizeof err);
    dgsync *fol = dgsync_open("inproc://wall-sync", false, err, sizeof err);
    CHECK(lead && fol);
    if (!lead || !fol) return;
    CHECK(dgsync_is_leader(lead) && !dgsync_is_leader(fol));
    dgc_camera cam;
    dgc_init(&cam, 35.5f, 139.25f, 2.5f);
    dgsync_state st, got = {0};
    bool ok = false;
    /* PUB drops what it sends before the subscription arrives: send until one lands */
    for (int i = 0; i < 200 && !ok; i++) {
        dgsync_from_camera(&cam, 12.5 + i, 1509451200.25, &st);
        dgsync_publish(lead, &st);
        sleep_ms(5);
        ok = dgsync_poll(fol, &got);
    }
    CHECK(ok);
    CHECK_NEAR(got.lat, 35.5, 1e-5);
    CHECK_NEAR(got.lon, 139.25, 1e-4);
    CHECK_NEAR(got.dist, 2.5, 1e-6);
    CHECK_NEAR(got.feed_t, 1509451200.25, 1e-6);
    CHECK(got.autorotate && got.seq >= 1);
    /* a burst: only the newest is kept */
    for (int i = 0; i < 5; i++) {
        st.sim_t = 100 + i;
        dgsync_publish(lead, &st);
    }
    sleep_ms(50);
    CHECK(dgsync_poll(fol, &got));
    CHECK_NEAR(got.sim_t, 104, 1e-9);
    CHECK(!dgsync_poll(fol, &got)); /* nothing new */
    dgc_camera fc;
    dgc_init(&fc, 0, 0, 5);
    dgsync_apply_camera(&got, &fc);
    CHECK(fc.lat == got.lat && fc.target_lon == got.lon && fc.target_dist == got.dist);
    CHECK(!fc.autorotate);
    /* garbage on the topic is counted, not applied */
    int raw = nn_socket(AF_SP, NN_PUB);
    CHECK(raw >= 0 && nn_bind(raw, "inproc://wall-sync-raw") >= 0);
    dgsync *f2 = dgsync_open("inproc://wall-sync-raw", false, err, sizeof err);
    dgsync_counters c = {0};
    for (int i = 0; i < 200 && !c.malformed; i++) {
        nn_send(raw, "sync 1 1 nan 0 2 40 0 0 0", 25, 0);
        nn_send(raw, "other topic", 11, 0);
        sleep_ms(5);
        dgsync_poll(f2, &got);
        c = dgsync_get_counters(f2);
    }
    CHECK(c.malformed >= 1 && c.received == 0);
    dgsync_close(f2);
    nn_close(raw);
    CHECK(dgsync_open("bogus://x", true, err, sizeof err) == NULL);
    CHECK(strstr(err, "--sync bogus://x") == err);
    dgsync_close(fol);
    dgsync_close(lead);
}

static void test_sync_codec(void)
{
    dgsync_state s = {.seq = 9,
                      .lat = -12.5f,
                      .lon = 170,
                      .dist = 3,
                      .fov_deg = 40,
                      .sim_t = 1.5,
                      .feed_t = 2},
                 o;
    char buf[256];
    int n = dgsync_encode(&s, buf, sizeof buf);
    CHECK_STR_EQ(buf, "sync 1 9 -12.5 170 3 40 0 1.5 2");
    CHECK(dgsync_decode(buf, (size_t)n, &o) && o.seq == 9 && o.lat == -12.5f);
    CHECK(!dgsync_decode("sync 1 9 -12.5 170 3 40 0 1.5", 29, &o));
    CHECK(!dgsync_decode("sync 2 9 -12.5 170 3 40 0 1.5 2", 31, &o));
    CHECK(!dgsync_decode("sync 1 9 95 170 3 40 0 1.5 2", 28, &o));
    CHECK(!dgsync_decode("sync 1 9 5 170 3 40 2 1.5 2", 27, &o));
    CHECK(!dgsync_decode("sync 1 9 5 170 3 40 0 1.5 2 x", 29, &o));
    CHECK(dgsync_encode(&s, buf, 10) == -1);
}

/* Places every alert at Tokyo, as the viewer's geolocating callback would. */
static bool locate_tokyo(void *ctx, const dg_alert *a, float *lat, float *lon)
{
    (void)ctx, (void)a;
    *lat = 35.68f, *lon = 139.69f;
    return true;
}

/* Regression: an alert raised by the viewer's own detectors has no id and, for a surge, no
 * place (detect.h); the station must get the store's copy, which has both, or its tooltip
 * names no alert and the tour never visits it. */
static void test_raised_alert_reaches_station(void)
{
    char err[256];
    dgm_config mc = {.alert_expire_s = 60, .locate = locate_tokyo};
    dgm_model *m = dgm_create(&mc, err, sizeof err);
    CHECK(m != NULL);
    if (!m) return;
    dg_alert raised = {.severity = DG_SEV_HIGH, .ts_ns = 1509451200000000000ull};
    snprintf(raised.kind, sizeof raised.kind, "watchlist");
    snprintf(raised.src, sizeof raised.src, "198.51.100.7");
    snprintf(raised.title, sizeof raised.title, "Scanning host in Example");
    const dg_alert *st = dgm_alert(m, &raised, 1.0);
    CHECK(st != NULL && st->id[0] && st->has_loc);
    if (!st) {
        dgm_destroy(m);
        return;
    }

    dghost_tbl *t = dghost_create(16);
    dg_event e = ev_make("198.51.100.7", DG_CLS_SYN, 23, "JP", true);
    dghost_observe(t, &e, 1);
    dghost_note_alert(t, st);
    const dghost *h = dghost_find(t, 4, e.src);
    char tip[1024], want[96];
    snprintf(want, sizeof want, "alert %s [high] Scanning host", st->id);
    CHECK(h != NULL);
    if (h) dghost_format_tooltip(t, h, NULL, NULL, false, tip, sizeof tip);
    CHECK(h && strstr(tip, want) != NULL);

    dgtour tour;
    dgtour_config tc = {.home_lat = 0, .home_lon = 0, .home_dist = 3};
    dgtour_init(&tour, &tc, 0);
    if (st->has_loc) dgtour_alert(&tour, st->lat, st->lon, st->severity);
    CHECK(tour.alert_pending && tour.alert_lat > 35 && tour.alert_lat < 36);
    dghost_destroy(t);
    dgm_destroy(m);
}

int main(void)
{
    test_filter_tools();
    test_filter_parse_match();
    test_filter_errors();
    test_filter_toggles();
    test_anon();
    test_hosts_basic();
    test_raised_alert_reaches_station();
    test_hosts_flood_lru();
    test_hosts_pick();
    test_tour();
    test_tile_parse();
    test_tile_matrix();
    test_sync_codec();
    test_sync_inproc();
    return check_report();
}
