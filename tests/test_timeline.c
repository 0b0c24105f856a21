/* test_timeline.c - headless GL: the replay timeline drawn over a plain background, read back
 * and checked by colour (plate, track, progress, alert mark, playhead, labels) plus the click
 * hit test; PNGs go to argv[1] (default ".") for a human look. */
#include "check.h"
#include "hud.h"
#include "timeline.h"

#include <GL/glew.h>
#include <SDL2/SDL.h>
#include <stb/stb_image_write.h>
#include <stdlib.h>
#include <sys/stat.h>

#define W 1280
#define H 720

static const unsigned char BG[3] = {18, 28, 48};
static unsigned char px[W * H * 4]; /* RGBA, row 0 at the top after read_back */

static bool gl_open(void)
{
    setenv("SDL_VIDEODRIVER", "offscreen", 1);
    if (SDL_Init(SDL_INIT_VIDEO) != 0)
        return fprintf(stderr, "SDL_Init: %s\n", SDL_GetError()), false;
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
    SDL_Window *win =
        SDL_CreateWindow("test_timeline", 0, 0, 64, 64, SDL_WINDOW_OPENGL | SDL_WINDOW_HIDDEN);
    if (!win || !SDL_GL_CreateContext(win))
        return fprintf(stderr, "no GL: %s\n", SDL_GetError()), false;
    glewExperimental = GL_TRUE;
    GLenum e = glewInit();
    /* Debian's GLX-built GLEW says NO_GLX_DISPLAY (4) under EGL, yet loads the functions. */
    if (e != GLEW_OK && e != 4) return false;
    return glGenFramebuffers && glCreateShader && glGenVertexArrays && glBufferSubData;
}

static void make_target(void)
{
    GLuint tex, fbo;
    glGenTextures(1, &tex);
    glBindTexture(GL_TEXTURE_2D, tex);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, W, H, 0, GL_RGBA, GL_UNSIGNED_BYTE, NULL);
    glGenFramebuffers(1, &fbo);
    glBindFramebuffer(GL_FRAMEBUFFER, fbo);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, tex, 0);
    CHECK(glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE);
}

static void clear(void)
{
    glViewport(0, 0, W, H);
    glClearColor(BG[0] / 255.0f, BG[1] / 255.0f, BG[2] / 255.0f, 1);
    glClear(GL_COLOR_BUFFER_BIT);
}

static void read_back(const char *dir, const char *png)
{
    glFinish();
    glReadPixels(0, 0, W, H, GL_RGBA, GL_UNSIGNED_BYTE, px);
    static unsigned char tmp[W * 4];
    for (int y = 0; y < H / 2; y++) { /* GL's rows run bottom-up */
        memcpy(tmp, px + y * W * 4, W * 4);
        memcpy(px + y * W * 4, px + (H - 1 - y) * W * 4, W * 4);
        memcpy(px + (H - 1 - y) * W * 4, tmp, W * 4);
    }
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, png);
    CHECK(stbi_write_png(path, W, H, 4, px, W * 4));
}

static bool near(const unsigned char *p, int r, int g, int b)
{
    return abs(p[0] - r) <= 3 && abs(p[1] - g) <= 3 && abs(p[2] - b) <= 3;
}

/* Pixels of colour (r, g, b) in column x between y0 and y1. */
static int in_column(int x, float y0, float y1, int r, int g, int b)
{
    int n = 0;
    for (int y = (int)y0; y < (int)y1 && y < H; y++)
        n += near(px + ((size_t)y * W + x) * 4, r, g, b);
    return n;
}

static int count(dghud_rect rc, bool (*pred)(const unsigned char *))
{
    int n = 0;
    for (int y = (int)rc.y; y < (int)(rc.y + rc.h) && y < H; y++)
        for (int x = (int)rc.x; x < (int)(rc.x + rc.w) && x < W; x++)
            n += pred(px + ((size_t)y * W + x) * 4);
    return n;
}

static bool bright(const unsigned char *p)
{
    return (p[0] * 3 + p[1] * 6 + p[2]) / 10 > 150;
}

static bool not_bg(const unsigned char *p)
{
    return !near(p, BG[0], BG[1], BG[2]);
}

/* The window column whose click seeks to fraction f (found through the hit test). */
static int x_for(const dgtl *t, dghud_rect bar, double f)
{
    int y = (int)(bar.y + bar.h / 2);
    double got;
    for (int x = (int)bar.x; x < (int)(bar.x + bar.w); x++)
        if (dgtl_hit(t, x, y, &got) && got >= f) return x;
    return -1;
}

static void test_ready(dgtl *t, dghud *hud, const char *dir)
{
    dgrp_status st = {.ready = true,
                      .first = 1.7e9,
                      .last = 1.7e9 + 1000,
                      .now = 1.7e9 + 500,
                      .speed = 100,
                      .paused = true,
                      .nmarks = 1};
    st.marks[0] = 1.7e9 + 100;
    clear();
    dgtl_draw(t, hud, W, H, &st);
    read_back(dir, "timeline.png");
    dghud_rect bar = dgtl_rect(W, H);
    CHECK(bar.w > 200 && bar.y + bar.h < H && bar.y > H * 0.8f);
    /* Clear of the HUD's side columns. */
    dghud_input in = {.panels = DGHUD_BIT(DGHUD_P_FEED) | DGHUD_BIT(DGHUD_P_LEGEND)};
    dghud_rect p[DGHUD_P_COUNT];
    dghud_layout(W, H, &in, p);
    CHECK(bar.x > p[DGHUD_P_FEED].x + p[DGHUD_P_FEED].w);
    CHECK(bar.x + bar.w < p[DGHUD_P_LEGEND].x);
    CHECK_EQ_INT(count(p[DGHUD_P_FEED], not_bg), 0);
    CHECK_EQ_INT(count(p[DGHUD_P_LEGEND], not_bg), 0);
    float y0 = bar.y, y1 = bar.y + bar.h;
    int x10 = x_for(t, bar, 0.10), x25 = x_for(t, bar, 0.25), x50 = x_for(t, bar, 0.5),
        x75 = x_for(t, bar, 0.75);
    CHECK(x10 > 0 && x25 > x10 && x50 > x25 && x75 > x50);
    CHECK(in_column(x10, y0, y1, 255, 70, 60) >= 4);   /* the alert mark */
    CHECK(in_column(x25, y0, y1, 60, 150, 230) >= 3);  /* replayed part */
    CHECK(in_column(x50, y0, y1, 255, 255, 255) >= 6); /* the playhead */
    CHECK(in_column(x75, y0, y1, 70, 80, 100) >= 3);   /* still to come */
    CHECK_EQ_INT(in_column(x75, y0, y1, 60, 150, 230), 0);
    dghud_rect top = {bar.x, bar.y, bar.w, bar.h * 0.45f};
    CHECK(count(top, bright) > 100); /* labels */
    dghud_rect paused = {x50, bar.y, bar.x + bar.w - x50, bar.h * 0.45f};
    int amber = 0;
    for (int y = (int)paused.y; y < (int)(paused.y + paused.h); y++)
        for (int x = (int)paused.x; x < (int)(paused.x + paused.w); x++)
            amber += near(px + ((size_t)y * W + x) * 4, 255, 190, 60);
    CHECK(amber > 10); /* "PAUSED" */
    double f = -1;
    CHECK(dgtl_hit(t, x75, (int)(bar.y + 2), &f));
    CHECK(f > 0.74 && f < 0.76);
    CHECK(dgtl_hit(t, (int)bar.x + 1, (int)(bar.y + bar.h / 2), &f) && f == 0);
    CHECK(!dgtl_hit(t, (int)bar.x - 2, (int)(bar.y + bar.h / 2), &f));
    CHECK(!dgtl_hit(t, x50, (int)bar.y - 3, &f));
    CHECK(!dgtl_hit(t, W / 2, H / 2, &f));
}

/* The histogram's blue-grey columns over the plate. */
static bool histish(const unsigned char *p)
{
    return p[2] > 70 && p[2] > p[0] + 25;
}

/* The activity histogram above the track: a burst in the middle of a quiet file shows as
 * columns there and nowhere else (issue 14). */
static void test_histogram(dgtl *t, dghud *hud, const char *dir)
{
    static dgrp_status st;
    st = (dgrp_status){.ready = true,
                       .first = 1.7e9,
                       .last = 1.7e9 + 999,
                       .now = 1.7e9,
                       .speed = 1,
                       .hist_n = 1000,
                       .hist_origin = 1.7e9,
                       .hist_bin = 1};
    for (int i = 600; i < 700; i++)
        st.hist[i] = 50;
    st.hist[100] = 1; /* a quiet stretch still shows (square-root scale) */
    clear();
    dgtl_draw(t, hud, W, H, &st);
    read_back(dir, "timeline-histogram.png");
    dghud_rect bar = dgtl_rect(W, H);
    int x30 = x_for(t, bar, 0.30), x65 = x_for(t, bar, 0.65), x10 = x_for(t, bar, 0.1005);
    float y0 = bar.y + bar.h * 0.3f, y1 = bar.y + bar.h * 0.72f;
    int burst = count((dghud_rect){x65 - 1, y0, 3, y1 - y0}, histish);
    int quiet = count((dghud_rect){x30 - 1, y0, 3, y1 - y0}, histish);
    int one = count((dghud_rect){x10 - 1, y0, 3, y1 - y0}, histish);
    printf("histogram pixels: burst %d, quiet %d, single record %d\n", burst, quiet, one);
    CHECK(burst >= 6);
    CHECK_EQ_INT(quiet, 0);
}

static void test_scanning(dgtl *t, dghud *hud, const char *dir)
{
    dgrp_status st = {.ready = false, .speed = 1};
    clear();
    dgtl_draw(t, hud, W, H, &st);
    read_back(dir, "timeline-scanning.png");
    dghud_rect bar = dgtl_rect(W, H);
    double f;
    CHECK(!dgtl_hit(t, (int)(bar.x + bar.w / 2), (int)(bar.y + bar.h / 2), &f));
    CHECK(count(bar, not_bg) > bar.w * bar.h * 0.9f); /* the plate */
    CHECK(count(bar, bright) > 50);                   /* "scanning" */
    dghud_rect track = {bar.x, bar.y + bar.h * 0.6f, bar.w, bar.h * 0.4f};
    int white = 0;
    for (int y = (int)track.y; y < (int)(track.y + track.h); y++)
        for (int x = (int)track.x; x < (int)(track.x + track.w); x++)
            white += near(px + ((size_t)y * W + x) * 4, 255, 255, 255);
    CHECK_EQ_INT(white, 0); /* no playhead before the range is known */
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : ".";
    mkdir(dir, 0755);
    if (!gl_open()) {
        fprintf(stderr, "no GL context: skipped\n");
        return 77;
    }
    make_target();
    dghud *hud = dghud_create(NULL);
    dgtl *t = dgtl_create();
    CHECK(hud && t);
    if (hud && t) {
        test_ready(t, hud, dir);
        test_histogram(t, hud, dir);
        test_scanning(t, hud, dir);
    }
    dgtl_destroy(t);
    dghud_destroy(hud);
    return check_report();
}
