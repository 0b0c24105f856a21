/* test_hud.c - headless GL: HUD panels and text drawn over a plain background, read back and
 * checked pixel by pixel; PNGs of each case go to argv[1] (default ".") for a human look. */
#include "check.h"
#include "hud.h"
#include "text.h"

#include <GL/glew.h>
#include <SDL2/SDL.h>
#include <stb/stb_image_write.h>
#include <stdlib.h>
#include <sys/stat.h>

static const unsigned char BG[3] = {18, 28, 48};
static const char *outdir = ".";

typedef struct target {
    GLuint fbo, tex;
    int w, h;
    unsigned char *px; /* RGBA, row 0 at the top after read_back */
} target;

static bool gl_open(SDL_Window **win, SDL_GLContext *ctx)
{
    setenv("SDL_VIDEODRIVER", "offscreen", 1);
    if (SDL_Init(SDL_INIT_VIDEO) != 0) {
        fprintf(stderr, "SDL_Init: %s\n", SDL_GetError());
        return false;
    }
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
    *win = SDL_CreateWindow("test_hud", 0, 0, 64, 64, SDL_WINDOW_OPENGL | SDL_WINDOW_HIDDEN);
    *ctx = *win ? SDL_GL_CreateContext(*win) : NULL;
    if (!*ctx) {
        fprintf(stderr, "no GL context: %s\n", SDL_GetError());
        return false;
    }
    glewExperimental = GL_TRUE;
    GLenum e = glewInit();
    /* Debian's GLX-built GLEW says NO_GLX_DISPLAY (4) under EGL, yet loads the functions. */
    if (e != GLEW_OK && e != 4) return false;
    return glGenFramebuffers && glCreateShader && glGenVertexArrays && glBufferSubData;
}

static void target_make(target *t, int w, int h)
{
    t->w = w;
    t->h = h;
    t->px = malloc((size_t)w * h * 4);
    glGenTextures(1, &t->tex);
    glBindTexture(GL_TEXTURE_2D, t->tex);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, NULL);
    glGenFramebuffers(1, &t->fbo);
    glBindFramebuffer(GL_FRAMEBUFFER, t->fbo);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, t->tex, 0);
    CHECK(glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE);
}

static void target_free(target *t)
{
    glDeleteFramebuffers(1, &t->fbo);
    glDeleteTextures(1, &t->tex);
    free(t->px);
}

static void target_clear(target *t)
{
    glBindFramebuffer(GL_FRAMEBUFFER, t->fbo);
    glViewport(0, 0, t->w, t->h);
    glClearColor(BG[0] / 255.0f, BG[1] / 255.0f, BG[2] / 255.0f, 1);
    glClear(GL_COLOR_BUFFER_BIT);
}

static void read_back(target *t, const char *png)
{
    glFinish();
    glReadPixels(0, 0, t->w, t->h, GL_RGBA, GL_UNSIGNED_BYTE, t->px);
    size_t row = (size_t)t->w * 4;
    unsigned char *tmp = malloc(row);
    for (int y = 0; y < t->h / 2; y++) { /* GL's rows run bottom-up */
        memcpy(tmp, t->px + y * row, row);
        memcpy(t->px + y * row, t->px + (t->h - 1 - y) * row, row);
        memcpy(t->px + (t->h - 1 - y) * row, tmp, row);
    }
    free(tmp);
    if (png) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s", outdir, png);
        CHECK(stbi_write_png(path, t->w, t->h, 4, t->px, (int)row));
    }
}

static const unsigned char *pix(const target *t, int x, int y)
{
    return t->px + ((size_t)y * t->w + x) * 4;
}

static bool is_bg(const unsigned char *p)
{
    return abs(p[0] - BG[0]) <= 1 && abs(p[1] - BG[1]) <= 1 && abs(p[2] - BG[2]) <= 1;
}

/* Pixels in r (clipped) that are bright: text, not panel or background. */
static int bright_in(const target *t, dghud_rect r)
{
    int n = 0;
    for (int y = (int)r.y; y < (int)(r.y + r.h) && y < t->h; y++)
        for (int x = (int)r.x; x < (int)(r.x + r.w) && x < t->w; x++) {
            const unsigned char *p = pix(t, x, y);
            n += (p[0] * 3 + p[1] * 6 + p[2]) / 10 > 150;
        }
    return n;
}

static int non_bg_in(const target *t, dghud_rect r)
{
    int n = 0;
    for (int y = (int)r.y; y < (int)(r.y + r.h) && y < t->h; y++)
        for (int x = (int)r.x; x < (int)(r.x + r.w) && x < t->w; x++)
            n += !is_bg(pix(t, x, y));
    return n;
}

static bool overlaps(dghud_rect a, dghud_rect b)
{
    return a.w > 0 && b.w > 0 && a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h &&
           b.y < a.y + a.h;
}

/* ---- known data ---- */

static dgts_view stats;
static const dghud_legend_item classes[] = {
    {{255, 90, 90, 255}, "TCP SYN (scan)"}, {{255, 200, 80, 255}, "TCP SYN-ACK (backscatter)"},
    {{120, 220, 255, 255}, "TCP other"},    {{120, 255, 140, 255}, "UDP"},
    {{200, 140, 255, 255}, "ICMP"},         {{170, 170, 170, 255}, "other"}};
static const dghud_tick ticks[] = {{"23", 0.95f}, {"2323", 0.8f},   {"22", 0.62f},  {"80", 0.45f},
                                   {"445", 0.3f}, {"52869", 0.12f}, {"other", 0.0f}};
static const dghud_alert_row alerts[] = {
    {4, "Mirai surge: 1,204 hosts in JP on 23/TCP", 12, 37, 1.0f, 1, false},
    {3, "Watchlist: 203.0.113.7 (\xE6\x9D\xB1\xE4\xBA\xAC\xE9\x83\xBD)", 95, 3, 1.0f, 1, false},
    {2, "Port surge 52869/TCP (UPnP, CVE-2014-8361)", 420, 12, 0.9f, 1, false},
    {1, "New scanner subnet 198.51.100.0/24", 1900, 1, 0.6f, 1, false},
    {0, "Feed reconnected", 5400, 1, 0.3f, 1, false}};

static void make_stats(void)
{
    dgts *s = dgts_create();
    static const struct {
        uint8_t proto;
        uint16_t port;
        int n;
    } mix[] = {{6, 23, 5400},  {6, 2323, 900}, {6, 52869, 700}, {6, 22, 600},
               {6, 445, 500},  {6, 80, 400},   {17, 53, 300},   {1, 0, 250},
               {6, 8080, 200}, {17, 123, 150}, {6, 3389, 100}};
    static const char *cc[] = {"JP", "CN", "US", "BR", "RU", "IN", "KR", "VN", "TW", "DE", ""};
    double t = 1509408000.0; /* 2017-10-31 00:00 UTC */
    int k = 0;
    for (size_t m = 0; m < sizeof mix / sizeof mix[0]; m++)
        for (int i = 0; i < mix[m].n; i++, k++) {
            dg_event e = {.ts = t + k * 0.001, .proto = mix[m].proto, .dport = mix[m].port};
            snprintf(e.cc, sizeof e.cc, "%s", cc[(k * 7 + k / 13) % 11 < 5 ? 0 : (k % 11)]);
            e.src[0] = 1, e.src[1] = (uint8_t)(k >> 8), e.src[2] = (uint8_t)k;
            if (mix[m].port == 23 && k % 3 == 0) e.flags = DGE_MIRAI;
            dgts_add(s, &e, 1);
        }
    dgts_read(s, &stats);
    dgts_destroy(s);
    for (int i = 0; i < DGTS_SPARK; i++)
        stats.spark[i] = 800 + 400 * sinf(i * 0.3f) + i * 20;
    stats.rate = 1523.4;
}

static dghud_input input(unsigned panels)
{
    dghud_input in = {.panels = panels, .now = 1509408000.0 + 3 * 3600 + 14 * 60 + 7};
    in.stats = &stats;
    in.classes = classes;
    in.n_classes = 6;
    in.mirai_colour = (dghud_rgba){255, 64, 160, 255};
    in.ticks = ticks;
    in.n_ticks = 7;
    in.feed = (dghud_feed){.connected = false,
                           .lost_since = in.now - 37,
                           .drops = 1234,
                           .malformed = 5,
                           .name = "tcp://127.0.0.1:5555"};
    in.credit = "IP geolocation by DB-IP";
    in.alerts = alerts;
    in.n_alerts = 5;
    return in;
}

static void render(dghud *h, target *t, const dghud_input *in, const char *png)
{
    target_clear(t);
    dghud_begin(h, t->w, t->h);
    dghud_draw(h, in);
    dghud_end(h);
    read_back(t, png);
}

/* ---- checks ---- */

static void check_panels_and_centre(dghud *h, int w, int ht, const char *png)
{
    target t;
    target_make(&t, w, ht);
    dghud_input in = input(DGHUD_ALL);
    render(h, &t, &in, png);
    dghud_rect r[DGHUD_P_COUNT], ko = dghud_keepout(w, ht);
    dghud_layout(w, ht, &in, r);
    for (int p = 0; p < DGHUD_P_COUNT; p++) {
        CHECK(r[p].w > 0);
        CHECK(!overlaps(r[p], ko));
        CHECK(r[p].x >= 0 && r[p].y >= 0 && r[p].x + r[p].w <= w && r[p].y + r[p].h <= ht);
        int bright = bright_in(&t, r[p]);
        if (bright < 40) fprintf(stderr, "panel %d at %dx%d: %d text pixels\n", p, w, ht, bright);
        CHECK(bright >= 40);
        for (int q = 0; q < p; q++)
            CHECK(!overlaps(r[p], r[q]));
    }
    CHECK_EQ_INT(non_bg_in(&t, ko), 0);
    target_free(&t);
}

/* Panels are opaque: inside each (past its rounded edge) the pixels are the same over a bright
 * green background as over the plain one. (Drawn opaque so that llvmpipe, which pays per pixel,
 * neither reads what is behind a third of a 4K window nor draws the arcs there.) */
static void check_opaque_panels(dghud *h)
{
    target a, b;
    target_make(&a, 1280, 720);
    target_make(&b, 1280, 720);
    dghud_input in = input(DGHUD_ALL);
    render(h, &a, &in, NULL);
    glBindFramebuffer(GL_FRAMEBUFFER, b.fbo);
    glViewport(0, 0, b.w, b.h);
    glClearColor(0, 1, 0, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    dghud_begin(h, b.w, b.h);
    dghud_draw(h, &in);
    dghud_end(h);
    read_back(&b, NULL);
    dghud_rect r[DGHUD_P_COUNT];
    dghud_layout(a.w, a.h, &in, r);
    long inside = 0, differ = 0;
    for (int p = 0; p < DGHUD_P_COUNT; p++) {
        if (p == DGHUD_P_CREDIT) continue; /* a line of text, no panel */
        for (int y = (int)r[p].y + 10; y < (int)(r[p].y + r[p].h) - 10; y++)
            for (int x = (int)r[p].x + 10; x < (int)(r[p].x + r[p].w) - 10; x++) {
                inside++;
                differ += memcmp(pix(&a, x, y), pix(&b, x, y), 3) != 0;
            }
    }
    CHECK(inside > 100000);
    CHECK_EQ_INT(differ, 0);
    target_free(&a);
    target_free(&b);
}

/* A panel switched off leaves its place as background (where no other panel moved in). */
static void check_toggle(dghud *h, int panel, const char *png)
{
    target t;
    target_make(&t, 1280, 720);
    dghud_input all = input(DGHUD_ALL), some = input(DGHUD_ALL & ~DGHUD_BIT(panel));
    dghud_rect full[DGHUD_P_COUNT], now[DGHUD_P_COUNT];
    dghud_layout(t.w, t.h, &all, full);
    dghud_layout(t.w, t.h, &some, now);
    CHECK(now[panel].w == 0);
    render(h, &t, &some, png);
    dghud_rect r = full[panel];
    int free_px = 0, drawn = 0;
    for (int y = (int)r.y; y < (int)(r.y + r.h); y++)
        for (int x = (int)r.x; x < (int)(r.x + r.w); x++) {
            bool covered = false;
            for (int q = 0; q < DGHUD_P_COUNT; q++) {
                dghud_rect o = now[q];
                covered |= o.w > 0 && x >= o.x - 2 && x < o.x + o.w + 2 && y >= o.y - 2 &&
                           y < o.y + o.h + 2;
            }
            if (covered) continue;
            free_px++;
            drawn += !is_bg(pix(&t, x, y));
        }
    CHECK(free_px > r.w * r.h / 2);
    CHECK_EQ_INT(drawn, 0);
    target_free(&t);
}

static void check_flash_and_label(dghud *h)
{
    target t;
    target_make(&t, 1280, 720);
    dghud_input in = input(DGHUD_BIT(DGHUD_P_ALERTS));
    dghud_rect r[DGHUD_P_COUNT];
    dghud_layout(t.w, t.h, &in, r);
    dghud_rect a = r[DGHUD_P_ALERTS];
    render(h, &t, &in, NULL);
    long red0 = 0, red1 = 0;
    for (int y = (int)a.y; y < (int)(a.y + a.h); y++)
        for (int x = (int)a.x; x < (int)(a.x + a.w); x++)
            red0 += pix(&t, x, y)[0];
    in.alert_flash = 1;
    render(h, &t, &in, "hud-flash.png");
    for (int y = (int)a.y; y < (int)(a.y + a.h); y++)
        for (int x = (int)a.x; x < (int)(a.x + a.w); x++)
            red1 += pix(&t, x, y)[0];
    CHECK(red1 > red0 + (long)(a.w * a.h) * 20);

    target_clear(&t);
    dghud_begin(h, t.w, t.h);
    dghud_label(h, 640, 360, "ACME Corp \xC2\xB7 3 alerts", (dghud_rgba){255, 140, 40, 255});
    dghud_label(h, 1270, 100, "edge label", (dghud_rgba){255, 255, 255, 255});
    dghud_end(h);
    read_back(&t, "hud-label.png");
    CHECK(non_bg_in(&t, (dghud_rect){640, 340, 200, 40}) > 200);
    CHECK_EQ_INT(non_bg_in(&t, (dghud_rect){0, 0, 600, 720}), 0);
    CHECK(non_bg_in(&t, (dghud_rect){1100, 80, 170, 40}) > 100); /* flipped left of x */
    target_free(&t);
}

/* Text: fitting, boxes for unknown code points, Japanese when a CJK font exists. */
static void check_text(dghud *h)
{
    dgtx *tx = dghud_text(h);
    CHECK(dgtx_has_fonts(tx));
    char out[64];
    dgtx_fit(tx, DGTX_SANS, 20, "short", 500, out, sizeof out);
    CHECK_STR_EQ(out, "short");
    dgtx_fit(tx, DGTX_SANS, 20, "a rather long alert title that will not fit", 150, out,
             sizeof out);
    CHECK(dgtx_width(tx, DGTX_SANS, 20, out) <= 150);
    CHECK(strlen(out) > 6 && strcmp(out + strlen(out) - 3, "\xE2\x80\xA6") == 0);
    CHECK(dgtx_width(tx, DGTX_MONO, 20, "0000") == 2 * dgtx_width(tx, DGTX_MONO, 20, "00"));

    target t;
    target_make(&t, 640, 200);
    target_clear(&t);
    uint64_t boxes = dgtx_boxes_drawn(tx);
    dgtx_begin(tx, t.w, t.h);
    dgtx_draw(tx, DGTX_SANS, 28, 10, 10, "\xEE\x80\x80 box", (dghud_rgba){255, 255, 255, 255});
    CHECK_EQ_INT(dgtx_boxes_drawn(tx), boxes + 1);
    bool cjk = dgtx_has_glyph(tx, DGTX_SANS, 0x65E5);
    boxes = dgtx_boxes_drawn(tx);
    const char *ja = "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E \xE3\x83\x86\xE3\x82\xB9\xE3\x83\x88";
    dgtx_draw(tx, DGTX_SANS, 28, 10, 60, ja, (dghud_rgba){255, 255, 255, 255});
    dgtx_draw(tx, DGTX_BOLD, 28, 10, 110, "darkglobe \xE2\x80\x94 23/TCP 54%",
              (dghud_rgba){86, 196, 255, 255});
    glEnable(GL_BLEND);
    glBlendFunc(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA);
    dgtx_flush(tx);
    read_back(&t, "text.png");
    CHECK(bright_in(&t, (dghud_rect){10, 10, 200, 40}) > 20);
    CHECK(bright_in(&t, (dghud_rect){10, 110, 500, 40}) > 200);
    if (cjk) {
        CHECK_EQ_INT(dgtx_boxes_drawn(tx), boxes);
        CHECK(bright_in(&t, (dghud_rect){10, 60, 300, 40}) > 200);
    } else {
        printf("SKIP Japanese glyphs: no CJK font installed (fonts-noto-cjk)\n");
    }
    target_free(&t);
}

/* Pixels in r of a hue family: 'a' amber (feed-time label, hint), 'r' red (lost), 'g' green. */
static int hue_in(const target *t, dghud_rect r, char hue)
{
    int n = 0;
    for (int y = (int)r.y; y < (int)(r.y + r.h) && y < t->h; y++)
        for (int x = (int)r.x; x < (int)(r.x + r.w) && x < t->w; x++) {
            const unsigned char *p = pix(t, x, y);
            int R = p[0], G = p[1], B = p[2];
            n += hue == 'a'   ? R > 170 && G > 130 && B < 110 && R - B > 100
                 : hue == 'r' ? R > 170 && G < 120 && B < 120
                              : G > 150 && R < 140 && G - R > 60;
        }
    return n;
}

/* Feed time apart from the wall clock: an amber label and a taller clock panel; the wall
 * clock alone has no amber. */
static void check_feed_clock(dghud *h)
{
    target t;
    target_make(&t, 1280, 720);
    dghud_input in = input(DGHUD_BIT(DGHUD_P_CLOCK) | DGHUD_BIT(DGHUD_P_MIRAI));
    dghud_rect one[DGHUD_P_COUNT], two[DGHUD_P_COUNT];
    dghud_layout(t.w, t.h, &in, one);
    render(h, &t, &in, "hud-clock-wall.png");
    CHECK_EQ_INT(hue_in(&t, one[DGHUD_P_CLOCK], 'a'), 0);
    in.clock = (dghud_clock){.feed = 1509441124.0, .label = "FEED", .speed = "x60"};
    dghud_layout(t.w, t.h, &in, two);
    render(h, &t, &in, "hud-clock-feed.png");
    CHECK(two[DGHUD_P_CLOCK].h > one[DGHUD_P_CLOCK].h);
    CHECK(!overlaps(two[DGHUD_P_CLOCK], two[DGHUD_P_MIRAI]));
    int amber = hue_in(&t, two[DGHUD_P_CLOCK], 'a');
    printf("feed clock: %d amber label pixels\n", amber);
    CHECK(amber > 150);
    CHECK(bright_in(&t, two[DGHUD_P_CLOCK]) > 200);
    target_free(&t);
}

/* Feed states: waiting is neither red nor green, lost is red, a replay is green. */
static void check_feed_states(dghud *h)
{
    target t;
    target_make(&t, 1280, 720);
    dghud_input in = input(DGHUD_BIT(DGHUD_P_FEED));
    dghud_rect r[DGHUD_P_COUNT];
    dghud_layout(t.w, t.h, &in, r);
    dghud_rect f = r[DGHUD_P_FEED];
    in.feed.lost_since = 0;
    render(h, &t, &in, "hud-feed-waiting.png");
    CHECK_EQ_INT(hue_in(&t, f, 'r'), 0);
    CHECK_EQ_INT(hue_in(&t, f, 'g'), 0);
    CHECK(bright_in(&t, (dghud_rect){f.x, f.y + f.h * 0.6f, f.w, f.h * 0.4f}) > 20); /* name */
    in.feed.lost_since = in.now - 7;
    render(h, &t, &in, "hud-feed-lost.png");
    CHECK(hue_in(&t, f, 'r') > 100);
    in.feed.replay = true;
    in.feed.name = "marx.csv.gz";
    render(h, &t, &in, "hud-feed-replay.png");
    CHECK_EQ_INT(hue_in(&t, f, 'r'), 0);
    CHECK(hue_in(&t, f, 'g') > 60);
    target_free(&t);
}

/* The placement hint: amber, at the top centre, clear of every panel and of the globe. */
static void check_hint(dghud *h, int w, int ht)
{
    target t;
    target_make(&t, w, ht);
    dghud_input in = input(DGHUD_ALL);
    dghud_rect r[DGHUD_P_COUNT], ko = dghud_keepout(w, ht);
    dghud_layout(w, ht, &in, r);
    render(h, &t, &in, NULL);
    dghud_rect top = {r[DGHUD_P_RATE].x + r[DGHUD_P_RATE].w + 2, 0,
                      r[DGHUD_P_CLOCK].x - r[DGHUD_P_RATE].x - r[DGHUD_P_RATE].w - 4, ko.y};
    CHECK_EQ_INT(non_bg_in(&t, top), 0);
    in.hint = "No arcs for 451,581 of 451,581 packets: no sensor matches them (--sensor-file "
              "FILE)";
    render(h, &t, &in, w == 1280 ? "hud-hint.png" : NULL);
    CHECK(hue_in(&t, top, 'a') > 300);
    CHECK_EQ_INT(non_bg_in(&t, ko), 0);
    in.panels &= ~DGHUD_BIT(DGHUD_P_FEED); /* it belongs to the feed panel's information */
    render(h, &t, &in, NULL);
    CHECK_EQ_INT(non_bg_in(&t, top), 0);
    target_free(&t);
}

static void check_feed_text(void)
{
    char st[32], q[32], d[128], big[16], lab[96], sm[64];
    double now = 1509408000.0 + 3600;
    dghud_feed f = {.name = "tcp://127.0.0.1:5999"};
    dghud_feed_text(&f, now, st, sizeof st, q, sizeof q, d, sizeof d);
    CHECK_STR_EQ(st, "WAITING FOR FEED");
    CHECK_STR_EQ(d, "never connected to tcp://127.0.0.1:5999");
    f.lost_since = now - 7;
    dghud_feed_text(&f, now, st, sizeof st, q, sizeof q, d, sizeof d);
    CHECK_STR_EQ(st, "FEED LOST");
    CHECK_STR_EQ(q, "7s ago");
    CHECK_STR_EQ(d, "tcp://127.0.0.1:5999  \xC2\xB7  lost at 00:59:53 UTC");
    f.connected = true;
    dghud_feed_text(&f, now, st, sizeof st, q, sizeof q, d, sizeof d);
    CHECK_STR_EQ(st, "FEED CONNECTED");
    CHECK_STR_EQ(q, "");
    f = (dghud_feed){.connected = true, .replay = true, .name = "marx.csv.gz"};
    dghud_feed_text(&f, now, st, sizeof st, q, sizeof q, d, sizeof d);
    CHECK_STR_EQ(st, "REPLAY");
    CHECK_STR_EQ(d, "marx.csv.gz");
    dghud_clock c = {0};
    dghud_clock_text(&c, 1796152058.6, big, sizeof big, lab, sizeof lab, sm, sizeof sm);
    CHECK_STR_EQ(big, "19:07:38");
    CHECK_STR_EQ(lab, "UTC  \xC2\xB7  Tue 2026-12-01");
    CHECK_STR_EQ(sm, "");
    c = (dghud_clock){.feed = 1509440400.0 + 724.9, .label = "FEED", .speed = "x60"};
    dghud_clock_text(&c, 1796152058.6, big, sizeof big, lab, sizeof lab, sm, sizeof sm);
    CHECK_STR_EQ(big, "09:12:04");
    CHECK_STR_EQ(lab, "FEED  2017-10-31 UTC \xC2\xB7 x60");
    CHECK_STR_EQ(sm, "wall clock 19:07:38 UTC  \xC2\xB7  2026-12-01");
    c.speed = NULL;
    c.label = "REPLAY";
    dghud_clock_text(&c, 1796152058.6, big, sizeof big, lab, sizeof lab, sm, sizeof sm);
    CHECK_STR_EQ(lab, "REPLAY  2017-10-31 UTC");
}

static int hook_calls;
static void count_hook(void *ctx)
{
    (void)ctx;
    hook_calls++;
}

/* Thousands of big glyphs overflow the atlas mid-frame: the hook runs, the frame still draws. */
static void check_atlas_overflow(dghud *h)
{
    dgtx *tx = dghud_text(h);
    target t;
    target_make(&t, 400, 120);
    target_clear(&t);
    dgtx_begin(tx, t.w, t.h);
    dgtx_set_flush_hook(tx, count_hook, NULL);
    char ascii[96];
    for (int i = 0; i < 94; i++)
        ascii[i] = (char)('!' + i);
    ascii[94] = 0;
    dgtx_rgba white = {255, 255, 255, 255};
    dgtx_draw(tx, DGTX_BOLD, 40, 10, 10, "BEFORE", white);
    for (int px = 150; px < 250; px++)
        dgtx_draw(tx, DGTX_SANS, (float)px, -20000, 0, ascii, white);
    dgtx_draw(tx, DGTX_BOLD, 40, 10, 60, "AFTER", white);
    glEnable(GL_BLEND);
    glBlendFunc(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA);
    dgtx_flush(tx);
    read_back(&t, "text-overflow.png");
    CHECK(hook_calls >= 2);
    CHECK(bright_in(&t, (dghud_rect){10, 10, 200, 50}) > 300);
    CHECK(bright_in(&t, (dghud_rect){10, 60, 200, 50}) > 300);
    target_free(&t);
}

/* No font files at all: a message, then the built-in strokes still draw ASCII. */
static void check_missing_font(void)
{
    dgtx_config cfg = {.font = {"/nonexistent/a.ttf", "/nonexistent/b.ttf", "/nonexistent/c.ttf"},
                       .cjk = "/nonexistent/cjk.ttc"};
    dgtx *tx = dgtx_create(&cfg);
    CHECK(tx != NULL);
    if (!tx) return;
    CHECK(!dgtx_has_fonts(tx));
    target t;
    target_make(&t, 400, 100);
    target_clear(&t);
    dgtx_begin(tx, t.w, t.h);
    float w = dgtx_draw(tx, DGTX_SANS, 30, 10, 20, "FALLBACK 123 \xE6\x97\xA5",
                        (dghud_rgba){255, 255, 255, 255});
    CHECK(w > 100);
    glEnable(GL_BLEND);
    glBlendFunc(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA);
    dgtx_flush(tx);
    read_back(&t, "text-fallback.png");
    CHECK(bright_in(&t, (dghud_rect){0, 0, 400, 100}) > 100);
    target_free(&t);
    dgtx_destroy(tx);
}

static void check_utf8(void)
{
    const char *s = "A\xC3\xA9\xE6\x97\xA5\xF0\x9F\x98\x80\xC0\xAF\xED\xA0\x80\xE6\x97";
    uint32_t want[] = {'A',    0xE9,   0x65E5, 0x1F600, 0xFFFD, 0xFFFD,
                       0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD,  0xFFFD, 0};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        uint32_t cp = dgtx_utf8_next(&s);
        if (cp != want[i]) fprintf(stderr, "utf8 #%zu: %x != %x\n", i, cp, want[i]);
        CHECK(cp == want[i]);
    }
}

/* Pixels of r that differ between two renders of the same size. */
static int diff_in(const target *a, const target *b, dghud_rect r)
{
    int n = 0;
    for (int y = (int)r.y; y < (int)(r.y + r.h) && y < a->h; y++)
        for (int x = (int)r.x; x < (int)(r.x + r.w) && x < a->w; x++)
            n += memcmp(pix(a, x, y), pix(b, x, y), 3) != 0;
    return n;
}

/* The alert panel's header counts every active alert, not the rows that fit: 12 rows of 256
 * active alerts draw exactly as 256 rows given (the panel shows what fits), and not as 12
 * rows of 12 alerts. */
static void check_alert_header(dghud *h)
{
    static dghud_alert_row rows[256];
    static char titles[256][32];
    for (int i = 0; i < 256; i++) {
        snprintf(titles[i], sizeof titles[i], "Port surge %d/TCP", 1000 + i);
        rows[i] = (dghud_alert_row){i % 5, titles[i], 60.0 * i, 1, 1.0f, 1, false};
    }
    target all, shown, old;
    target_make(&all, 1280, 720);
    target_make(&shown, 1280, 720);
    target_make(&old, 1280, 720);
    dghud_input in = input(DGHUD_BIT(DGHUD_P_ALERTS));
    in.alerts = rows;
    in.n_alerts = 256;
    render(h, &all, &in, "hud-alerts-256.png");
    in.n_alerts = 12;
    in.alerts_active = 256;
    render(h, &shown, &in, "hud-alerts-12-of-256.png");
    in.alerts_active = 0;
    render(h, &old, &in, NULL);
    dghud_rect r[DGHUD_P_COUNT];
    dghud_layout(1280, 720, &in, r);
    CHECK(r[DGHUD_P_ALERTS].w > 0);
    CHECK(bright_in(&all, r[DGHUD_P_ALERTS]) > 100);
    CHECK_EQ_INT(diff_in(&all, &shown, r[DGHUD_P_ALERTS]), 0);
    CHECK(diff_in(&shown, &old, r[DGHUD_P_ALERTS]) > 0);
    target_free(&all);
    target_free(&shown);
    target_free(&old);
}

/* ---- issue 14: the analyst's HUD ---- */

static const dghud_legend_item tools[] = {{{255, 60, 130, 255}, "Mirai"},
                                          {{240, 210, 60, 255}, "Masscan"},
                                          {{30, 230, 200, 255}, "ZMap"},
                                          {{200, 60, 120, 255}, "Unicornscan"},
                                          {{60, 200, 90, 255}, "large-scale scanner"},
                                          {{90, 120, 220, 255}, "backscatter"},
                                          {{150, 150, 150, 255}, "no tool tag"}};

/* Pixels near colour c (each channel within 12) in r. */
static int colour_in(const target *t, dghud_rect r, dghud_rgba c)
{
    int n = 0;
    for (int y = (int)r.y; y < (int)(r.y + r.h) && y < t->h; y++)
        for (int x = (int)r.x; x < (int)(r.x + r.w) && x < t->w; x++) {
            const unsigned char *p = pix(t, x, y);
            n += abs(p[0] - c.r) <= 12 && abs(p[1] - c.g) <= 12 && abs(p[2] - c.b) <= 12;
        }
    return n;
}

/* The alert card: bottom centre, clear of both side columns and of a reserved strip, with
 * its text; the wrapped title and the lines are drawn. */
static void check_card(dghud *h, int w, int ht, const char *png)
{
    target t;
    target_make(&t, w, ht);
    dghud_card c = {.severity = 3,
                    .title = "New port 52869/tcp draws many sources: the start of the 2017 "
                             "router outbreak in Japan",
                    .n = 4,
                    .label = {"Kind", "Port", "CVEs", "Detail"},
                    .value = {"new-port \xC2\xB7 severity medium",
                              "52869/tcp \xC2\xB7 UPnP SOAP (Realtek SDK miniigd)", "CVE-2014-8361",
                              "about 128 distinct sources within a 60 s window, long-term rate "
                              "0.0001 pkt/s, far below the 0.05 pkt/s that makes a port known; "
                              "the detector raises this once an hour at most"},
                    .footer = "Tab: next"};
    dghud_input in = input(DGHUD_ALL);
    in.card = &c;
    in.bottom_reserve = ht * 0.08f;
    render(h, &t, &in, png);
    dghud_rect r[DGHUD_P_COUNT], k = dghud_card_rect(h);
    dghud_layout(w, ht, &in, r);
    CHECK(k.w > 0 && k.h > 0);
    for (int p = 0; p < DGHUD_P_COUNT; p++)
        CHECK(!overlaps(k, r[p]));
    CHECK(k.y + k.h <= ht - in.bottom_reserve + 1);
    CHECK(fabsf(k.x + k.w * 0.5f - w * 0.5f) < 2);
    int bright = bright_in(&t, k);
    printf("card %dx%d: %.0fx%.0f at %.0f,%.0f, %d text pixels\n", w, ht, k.w, k.h, k.x, k.y,
           bright);
    CHECK(bright > 1500);
    int edge = 0; /* the severity's orange edge along the top */
    for (int x = (int)k.x; x < (int)(k.x + k.w); x++)
        for (int y = (int)k.y - 1; y < (int)k.y + 3; y++) {
            const unsigned char *p = pix(&t, x, y);
            edge += p[0] > 180 && p[1] > 80 && p[1] < 180 && p[2] < 100;
        }
    CHECK(edge > k.w / 2);
    /* the long detail wraps to three lines: the card is taller than 4 single lines need */
    CHECK(k.h > dgtx_line_height(ht * 0.019f) * (2 + 4 + 2));
    target_free(&t);
}

/* Alert rows: a long title takes two lines, a short one one; clicks find the right row. */
static void check_alert_rows(dghud *h)
{
    target t;
    target_make(&t, 1280, 720);
    dghud_alert_row rows[] = {
        {3, "New port 52869/tcp draws many sources from 128 hosts across the world", 60, 1, 1, 1,
         true},
        {2, "Scanning host in ExampleOrg", 30, 57, 1, 12, false},
        {1, "Short", 10, 1, 1, 1, false}};
    dghud_input in = input(DGHUD_BIT(DGHUD_P_ALERTS));
    in.alerts = rows;
    in.n_alerts = 3;
    render(h, &t, &in, "hud-alert-rows.png");
    dghud_rect a = h ? (dghud_rect){0} : (dghud_rect){0};
    int r0 = -1, r1 = -1, r2 = -1;
    float y0 = 0, y1 = 0, y2 = 0;
    dghud_rect pr[DGHUD_P_COUNT];
    dghud_layout(1280, 720, &in, pr);
    a = pr[DGHUD_P_ALERTS];
    for (float y = a.y; y < a.y + a.h; y += 1) {
        int r = dghud_alert_at(h, a.x + a.w * 0.5f, y);
        if (r == 0 && r0 < 0) r0 = 0, y0 = y;
        if (r == 1 && r1 < 0) r1 = 1, y1 = y;
        if (r == 2 && r2 < 0) r2 = 2, y2 = y;
    }
    CHECK(r0 == 0 && r1 == 1 && r2 == 2);
    float lh = dgtx_line_height(720 * 0.019f);
    CHECK(y1 - y0 > 2.5f * lh); /* two title lines and the meta line */
    CHECK(y2 - y1 < 2.5f * lh); /* one title line and the meta line */
    CHECK_EQ_INT(dghud_alert_at(h, 10, 10), -1);
    CHECK(bright_in(&t, (dghud_rect){a.x, y0 + lh, a.w, lh}) > 100); /* the second line */
    target_free(&t);
}

/* The tooltip is one box: right of the point, or wholly left of it at the right edge. */
static void check_tooltip(dghud *h)
{
    target t;
    target_make(&t, 1280, 720);
    const char *tip = "133.243.3.34\nJP \xC2\xB7 Tokyo\nAS2516 \xC2\xB7 KDDI CORPORATION\n"
                      "SYN \xC2\xB7 ports 23 \xC3\x97"
                      "12\nfirst seen 2017-10-31 09:15:00 UTC";
    target_clear(&t);
    dghud_begin(h, t.w, t.h);
    dghud_rect a = dghud_tooltip(h, 400, 300, tip);
    dghud_rect b = dghud_tooltip(h, 1240, 500, tip);
    dghud_end(h);
    read_back(&t, "hud-tooltip.png");
    CHECK(a.x > 400 && a.w > 100);
    CHECK(b.x + b.w < 1240 && b.y + b.h <= 720);
    float lh = dgtx_line_height(720 * 0.019f * 0.9f);
    CHECK(a.h > 5 * lh && a.h < 6.5f * lh);
    /* every line inside the box: nothing drawn right of the flipped box */
    CHECK_EQ_INT(non_bg_in(&t, (dghud_rect){b.x + b.w + 2, b.y, 1280 - b.x - b.w - 2, b.h}), 0);
    CHECK(bright_in(&t, b) > 300);
    target_free(&t);
}

/* Legend: the tool colours when arcs are coloured by tool; a hidden class dimmed. */
static void check_legend_modes(dghud *h)
{
    target t;
    target_make(&t, 1280, 720);
    dghud_input in = input(DGHUD_BIT(DGHUD_P_LEGEND));
    dghud_rect r[DGHUD_P_COUNT];
    dghud_layout(1280, 720, &in, r);
    dghud_rect lg = r[DGHUD_P_LEGEND];
    render(h, &t, &in, NULL);
    int syn = colour_in(&t, lg, classes[0].colour), zmap0 = colour_in(&t, lg, tools[2].colour);
    in.hidden_classes = 1u << 0;
    render(h, &t, &in, "hud-legend-hidden.png");
    int syn_hidden = colour_in(&t, lg, classes[0].colour);
    in.hidden_classes = 0;
    in.legend_tools = true;
    in.tools = tools;
    in.n_tools = 7;
    render(h, &t, &in, "hud-legend-tools.png");
    int zmap = colour_in(&t, lg, tools[2].colour), ls = colour_in(&t, lg, tools[4].colour);
    printf("legend: SYN swatch %d px, hidden %d; ZMap %d (classes: %d), large-scale %d\n", syn,
           syn_hidden, zmap, zmap0, ls);
    CHECK(syn > 40);
    CHECK(syn_hidden < syn / 4);
    CHECK(zmap > 40 && zmap > zmap0 + 30);
    CHECK(ls > 40);
    target_free(&t);
}

/* Pixels brighter than a panel's background (faint text counts). */
static int lit_in(const target *t, dghud_rect r)
{
    int n = 0;
    for (int y = (int)r.y; y < (int)(r.y + r.h) && y < t->h; y++)
        for (int x = (int)r.x; x < (int)(r.x + r.w) && x < t->w; x++) {
            const unsigned char *p = pix(t, x, y);
            n += (p[0] * 3 + p[1] * 6 + p[2]) / 10 > 70;
        }
    return n;
}

/* Windowed tops: the caption shows; the status chip draws centred. */
static void check_caption_and_chip(dghud *h)
{
    target t;
    target_make(&t, 1280, 720);
    dghud_input in = input(DGHUD_BIT(DGHUD_P_PORTS));
    dghud_rect r[DGHUD_P_COUNT];
    dghud_layout(1280, 720, &in, r);
    dghud_rect head = {r[DGHUD_P_PORTS].x + r[DGHUD_P_PORTS].w * 0.7f, r[DGHUD_P_PORTS].y,
                       r[DGHUD_P_PORTS].w * 0.3f, 720 * 0.03f};
    render(h, &t, &in, NULL);
    int without = lit_in(&t, head);
    in.window_caption = "LAST 10 MIN";
    render(h, &t, &in, NULL);
    CHECK(lit_in(&t, head) > without + 30);
    target_clear(&t);
    dghud_begin(h, t.w, t.h);
    dghud_rect c = dghud_chip(h, 640, 40, "port=23  \xC2\xB7  TOUR (K)  \xC2\xB7  ADDRESSES MASKED",
                              (dghud_rgba){255, 210, 90, 255});
    dghud_end(h);
    read_back(&t, "hud-chip.png");
    CHECK(fabsf(c.x + c.w * 0.5f - 640) < 1 && c.w > 200);
    CHECK(bright_in(&t, c) > 200);
    target_free(&t);
}

/* Wrapping and fitting sizes: the helpers behind two-line titles and full legend names. */
static void check_wrap(dghud *h)
{
    dgtx *tx = dghud_text(h);
    char out[300];
    int n = dgtx_wrap(tx, DGTX_SANS, 14, "New port 52869/tcp draws many sources", 150, 2, out,
                      sizeof out);
    CHECK_EQ_INT(n, 2);
    CHECK(strchr(out, '\n') && !strstr(out, "\xE2\x80\xA6"));
    char *nl = strchr(out, '\n');
    *nl = '\0';
    CHECK(dgtx_width(tx, DGTX_SANS, 14, out) <= 150);
    CHECK(dgtx_width(tx, DGTX_SANS, 14, nl + 1) <= 150);
    n = dgtx_wrap(tx, DGTX_SANS, 14, "one two three four five six seven eight nine ten eleven", 80,
                  2, out, sizeof out);
    CHECK(n == 2 && strstr(out, "\xE2\x80\xA6")); /* the rest is cut on the last line */
    CHECK_EQ_INT(dgtx_wrap(tx, DGTX_SANS, 14, "   ", 80, 2, out, sizeof out), 0);
    CHECK_EQ_INT(dgtx_wrap(tx, DGTX_SANS, 14, "Short", 80, 2, out, sizeof out), 1);
    float px = dgtx_fit_size(tx, DGTX_SANS, 20, "SYN-ACK backscatter", 120, 0.5f);
    CHECK(px < 20 && dgtx_width(tx, DGTX_SANS, px, "SYN-ACK backscatter") <= 120);
    CHECK(dgtx_fit_size(tx, DGTX_SANS, 20, "UDP", 120, 0.5f) == 20);
}

int main(int argc, char **argv)
{
    if (argc > 1) {
        outdir = argv[1];
        mkdir(outdir, 0755);
    }
    check_utf8();
    char b[32];
    CHECK_STR_EQ(dghud_fmt_si(9999, b, sizeof b), "9999");
    CHECK_STR_EQ(dghud_fmt_si(12345, b, sizeof b), "12.3k");
    CHECK_STR_EQ(dghud_fmt_si(4560000, b, sizeof b), "4.56M");
    CHECK_STR_EQ(dghud_fmt_group(1234567, b, sizeof b), "1,234,567");
    CHECK_STR_EQ(dghud_fmt_age(125, b, sizeof b), "2m");
    check_feed_text();
    SDL_Window *win = NULL;
    SDL_GLContext ctx = NULL;
    if (!gl_open(&win, &ctx)) {
        fprintf(stderr, "test_hud: no headless GL 3.3 context\n");
        return 1;
    }
    make_stats();
    CHECK_EQ_INT(stats.ports[0].port, 23);
    dghud *h = dghud_create(NULL);
    CHECK(h != NULL);
    if (h) {
        check_panels_and_centre(h, 1280, 720, "hud-1280x720.png");
        check_panels_and_centre(h, 1920, 1080, "hud-1920x1080.png");
        check_opaque_panels(h);
        check_toggle(h, DGHUD_P_COUNTRIES, "hud-no-countries.png");
        check_toggle(h, DGHUD_P_ALERTS, "hud-no-alerts.png");
        check_toggle(h, DGHUD_P_FEED, NULL);
        check_flash_and_label(h);
        check_feed_clock(h);
        check_feed_states(h);
        check_hint(h, 1280, 720);
        check_hint(h, 1920, 1080);
        check_text(h);
        check_atlas_overflow(h);
        check_alert_header(h);
        check_card(h, 1280, 720, "hud-card-1280x720.png");
        check_card(h, 1920, 1080, "hud-card-1920x1080.png");
        check_alert_rows(h);
        check_tooltip(h);
        check_legend_modes(h);
        check_caption_and_chip(h);
        check_wrap(h);
        dghud_destroy(h);
    }
    check_missing_font();
    SDL_GL_DeleteContext(ctx);
    SDL_DestroyWindow(win);
    SDL_Quit();
    return check_report();
}
