/* timeline.c - the replay timeline bar (see timeline.h): flat rectangles in one draw call,
 * then labels through the HUD's text renderer. */
#include "timeline.h"

#include "glutil.h"

#include <GL/glew.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define HIST_COLS 160 /* columns of the activity histogram */
#define MAX_QUADS (DGRP_MAX_MARKS + HIST_COLS + 16)

typedef struct vert {
    float x, y;
    uint8_t r, g, b, a;
} vert;

/* Pixel geometry of the bar for one window size. */
typedef struct geom {
    dghud_rect bar;
    float px;       /* text size */
    float tx0, tx1; /* the track's ends: fraction 0 and 1 */
    float ty, th;   /* the track's top and height */
} geom;

struct dgtl {
    GLuint prog, vao, vbo;
    GLint u_view;
    vert v[MAX_QUADS * 6];
    int nv;
    geom g;     /* of the last draw */
    bool ready; /* the last draw had a time range, so clicks seek */
};

static const dghud_rgba PLATE = {8, 12, 20, 200}, TRACK = {70, 80, 100, 255},
                        HIST = {110, 140, 180, 150}, DONE = {60, 150, 230, 255},
                        MARK = {255, 70, 60, 255}, HEAD = {255, 255, 255, 255},
                        TEXT = {220, 230, 240, 255}, PAUSED = {255, 190, 60, 255};

dgtl *dgtl_create(void)
{
    char err[512];
    GLuint prog = dgu_program("timeline.vert.glsl", "timeline.frag.glsl", err, sizeof err);
    if (!prog) {
        fprintf(stderr, "darkglobe: timeline: %s\n", err);
        return NULL;
    }
    dgtl *t = calloc(1, sizeof *t);
    if (!t) return glDeleteProgram(prog), NULL;
    t->prog = prog;
    t->u_view = glGetUniformLocation(prog, "u_view");
    glGenVertexArrays(1, &t->vao);
    glGenBuffers(1, &t->vbo);
    glBindVertexArray(t->vao);
    glBindBuffer(GL_ARRAY_BUFFER, t->vbo);
    glBufferData(GL_ARRAY_BUFFER, sizeof t->v, NULL, GL_STREAM_DRAW);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, sizeof(vert), (void *)0);
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 4, GL_UNSIGNED_BYTE, GL_TRUE, sizeof(vert), (void *)offsetof(vert, r));
    glBindVertexArray(0);
    return t;
}

void dgtl_destroy(dgtl *t)
{
    if (!t) return;
    glDeleteBuffers(1, &t->vbo);
    glDeleteVertexArrays(1, &t->vao);
    glDeleteProgram(t->prog);
    free(t);
}

/* Between the HUD's bottom-left (feed) and bottom-right (legend) panels, whose columns the
 * HUD's own layout gives; a window too narrow for that gets the full width. */
dghud_rect dgtl_rect(int w, int h)
{
    dghud_input in = {.panels = DGHUD_BIT(DGHUD_P_FEED) | DGHUD_BIT(DGHUD_P_LEGEND)};
    dghud_rect p[DGHUD_P_COUNT];
    dghud_layout(w, h, &in, p);
    float m = p[DGHUD_P_FEED].x, x0 = p[DGHUD_P_FEED].x + p[DGHUD_P_FEED].w + m;
    float x1 = p[DGHUD_P_LEGEND].x - m, u = (float)h < w * 9.0f / 16 ? (float)h : w * 9.0f / 16;
    if (x1 - x0 < u * 0.3f) x0 = m, x1 = (float)w - m;
    float px = u * 0.017f < 11 ? 11 : u * 0.017f, bh = px * 4.8f; /* labels, histogram, track */
    return (dghud_rect){x0, (float)h - m - bh, x1 - x0, bh};
}

static geom geometry(int w, int h)
{
    geom g = {.bar = dgtl_rect(w, h)};
    float u = (float)h < w * 9.0f / 16 ? (float)h : w * 9.0f / 16;
    g.px = u * 0.017f < 11 ? 11 : u * 0.017f;
    float pad = g.px * 0.8f;
    g.tx0 = g.bar.x + pad;
    g.tx1 = g.bar.x + g.bar.w - pad;
    g.th = g.px * 0.45f < 4 ? 4 : g.px * 0.45f;
    g.ty = g.bar.y + g.bar.h - pad - g.th;
    return g;
}

static void quad(dgtl *t, float x, float y, float w, float h, dghud_rgba c)
{
    if (t->nv + 6 > MAX_QUADS * 6) return;
    float xs[6] = {x, x + w, x + w, x, x + w, x}, ys[6] = {y, y, y + h, y, y + h, y + h};
    for (int i = 0; i < 6; i++)
        t->v[t->nv++] = (vert){xs[i], ys[i], c.r, c.g, c.b, c.a};
}

static float x_at(const geom *g, const dgrp_status *st, double ts)
{
    double span = st->last - st->first, f = span > 0 ? (ts - st->first) / span : 0;
    if (f < 0) f = 0;
    if (f > 1) f = 1;
    return g->tx0 + (float)f * (g->tx1 - g->tx0);
}

/* Records per histogram column: the scan's bins resampled to the track's columns. */
static void hist_columns(const dgrp_status *st, double *col, double *max)
{
    double span = st->last - st->first;
    *max = 0;
    memset(col, 0, sizeof(double) * HIST_COLS);
    for (int i = 0; i < st->hist_n && span > 0; i++) {
        double mid = st->hist_origin + (i + 0.5) * st->hist_bin;
        int c = (int)((mid - st->first) / span * HIST_COLS);
        c = c < 0 ? 0 : c >= HIST_COLS ? HIST_COLS - 1 : c;
        col[c] += st->hist[i];
        if (col[c] > *max) *max = col[c];
    }
}

/* The file's activity over time, above the track (square-root scale, so quiet stretches
 * still show beside bursts). */
static void build_hist(dgtl *t, const geom *g, const dgrp_status *st)
{
    double col[HIST_COLS], max;
    hist_columns(st, col, &max);
    if (max <= 0) return;
    float top = g->bar.y + g->px * 1.5f, bottom = g->ty - g->th * 0.8f,
          cw = (g->tx1 - g->tx0) / HIST_COLS;
    for (int c = 0; c < HIST_COLS; c++) {
        float hgt = (bottom - top) * (float)sqrt(col[c] / max);
        if (col[c] > 0 && hgt < 1) hgt = 1;
        quad(t, g->tx0 + c * cw, bottom - hgt, cw > 2 ? cw - 1 : cw, hgt, HIST);
    }
}

/* Plate, histogram, track, progress, alert marks, playhead. */
static void build_quads(dgtl *t, const geom *g, const dgrp_status *st)
{
    t->nv = 0;
    quad(t, g->bar.x, g->bar.y, g->bar.w, g->bar.h, PLATE);
    if (!st->ready) return;
    build_hist(t, g, st);
    float head = x_at(g, st, st->now), mw = g->px * 0.15f < 2 ? 2 : g->px * 0.15f;
    quad(t, g->tx0, g->ty, g->tx1 - g->tx0, g->th, TRACK);
    quad(t, g->tx0, g->ty, head - g->tx0, g->th, DONE);
    for (int i = 0; i < st->nmarks; i++)
        quad(t, x_at(g, st, st->marks[i]) - mw * 0.5f, g->ty - g->th * 0.6f, mw, g->th * 2.2f,
             MARK);
    float hw = g->px * 0.25f < 3 ? 3 : g->px * 0.25f;
    quad(t, head - hw * 0.5f, g->ty - g->th, hw, g->th * 3, HEAD);
}

static char *fmt_utc(double t, char *buf, size_t cap)
{
    time_t s = (time_t)t;
    struct tm tm;
    gmtime_r(&s, &tm);
    strftime(buf, cap, "%Y-%m-%d %H:%M:%S", &tm);
    return buf;
}

/* Start and end on the left and right, the position, speed and state in the middle. */
static void draw_labels(dgtx *tx, const geom *g, const dgrp_status *st)
{
    float y = g->bar.y + g->px * 0.35f, small = g->px * 0.85f;
    char a[48], b[48], mid[160], sp[24];
    if (!st->ready) {
        dgtx_draw(tx, DGTX_SANS, g->px, g->tx0, y, "Replay: scanning the file ...", TEXT);
        return;
    }
    dgtx_draw(tx, DGTX_MONO, small, g->tx0, y, fmt_utc(st->first, a, sizeof a), TEXT);
    fmt_utc(st->last, b, sizeof b);
    dgtx_draw(tx, DGTX_MONO, small, g->tx1 - dgtx_width(tx, DGTX_MONO, small, b), y, b, TEXT);
    if (st->speed == DGSCH_SPEED_MAX)
        snprintf(sp, sizeof sp, "max");
    else
        snprintf(sp, sizeof sp, "x%g", st->speed);
    snprintf(mid, sizeof mid, "%s UTC  %s%s", fmt_utc(st->now, a, sizeof a), sp,
             st->done ? "  END" : "");
    const char *state = st->paused ? "  PAUSED" : "";
    float wm = dgtx_width(tx, DGTX_BOLD, g->px, mid), ws = dgtx_width(tx, DGTX_BOLD, g->px, state);
    float x = (g->tx0 + g->tx1 - wm - ws) * 0.5f, y2 = y - g->px * 0.1f;
    x += dgtx_draw(tx, DGTX_BOLD, g->px, x, y2, mid, TEXT);
    if (*state) dgtx_draw(tx, DGTX_BOLD, g->px, x, y2, state, PAUSED);
}

void dgtl_draw(dgtl *t, dghud *hud, int w, int h, const dgrp_status *st)
{
    if (!t || w <= 0 || h <= 0) return;
    t->g = geometry(w, h);
    t->ready = st->ready && st->last >= st->first;
    build_quads(t, &t->g, st);
    GLboolean depth = glIsEnabled(GL_DEPTH_TEST), blend = glIsEnabled(GL_BLEND);
    glDisable(GL_DEPTH_TEST);
    glEnable(GL_BLEND);
    glBlendFunc(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA);
    glUseProgram(t->prog);
    glUniform2f(t->u_view, (float)w, (float)h);
    glBindVertexArray(t->vao);
    glBindBuffer(GL_ARRAY_BUFFER, t->vbo);
    glBufferSubData(GL_ARRAY_BUFFER, 0, (GLsizeiptr)(t->nv * sizeof(vert)), t->v);
    glDrawArrays(GL_TRIANGLES, 0, t->nv);
    glBindVertexArray(0);
    dgtx *tx = hud ? dghud_text(hud) : NULL;
    if (tx) {
        dgtx_begin(tx, w, h);
        draw_labels(tx, &t->g, st);
        dgtx_flush(tx);
    }
    if (depth) glEnable(GL_DEPTH_TEST);
    if (!blend) glDisable(GL_BLEND);
}

bool dgtl_hit(const dgtl *t, int x, int y, double *fraction)
{
    if (!t || !t->ready) return false;
    const dghud_rect *b = &t->g.bar;
    if (x < b->x || x > b->x + b->w || y < b->y || y > b->y + b->h) return false;
    double f = (x - t->g.tx0) / (double)(t->g.tx1 - t->g.tx0);
    if (fraction) *fraction = f < 0 ? 0 : f > 1 ? 1 : f;
    return true;
}
