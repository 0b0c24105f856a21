/* hud.c - statistics panels and globe labels over the scene (see hud.h). */
#include "hud.h"

#include "glutil.h"

#include <GL/glew.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_RECTS 4096

typedef struct rvert {
    float x, y, lx, ly, hx, hy, radius, border;
    dghud_rgba fill, edge;
} rvert;

struct dghud {
    dgtx *tx;
    GLuint prog, flat_prog, vao, vbo;
    GLint u_view, u_view_flat;
    int w, h;
    float u; /* size unit: the height of a 16:9 window that fits */
    rvert *verts;  /* rounded rectangles (hud.frag.glsl) */
    rvert *fverts; /* panel insides (hud_flat.frag.glsl), drawn before verts at each flush */
    int nverts, nfverts;
    /* hit areas of the last frame drawn */
    dghud_rect alert_rects[12];
    int n_alert_rects;
    dghud_rect card;
};

/* Metrics in units of u (see layout()). */
#define M_MARGIN 0.016f
#define M_PAD 0.012f
#define M_COLW 0.40f
#define M_BODY 0.019f
#define M_SMALL 0.0145f
#define M_HEAD 0.0150f
#define M_BIG 0.040f
#define M_CLOCK 0.058f
#define M_SPARK 0.045f
#define M_KEEPOUT 0.40f

static const dghud_rgba C_TEXT = {232, 238, 245, 255}, C_DIM = {146, 158, 174, 255},
                        C_FAINT = {96, 108, 124, 255}, C_ACCENT = {86, 196, 255, 255},
                        C_OK = {80, 220, 130, 255}, C_BAD = {255, 82, 82, 255},
                        C_PANEL_TOP = {16, 24, 36, 196}, C_PANEL_BOT = {8, 12, 20, 214},
                        C_EDGE = {80, 120, 170, 80}, C_TRACK = {255, 255, 255, 20};
static const dghud_rgba C_SEV[5] = {{120, 160, 200, 255},
                                    {90, 200, 120, 255},
                                    {240, 200, 60, 255},
                                    {255, 140, 40, 255},
                                    {255, 60, 60, 255}};
static const char *SEV_NAME[5] = {"INFO", "LOW", "MEDIUM", "HIGH", "CRITICAL"};

/* ---- formatting ---- */

char *dghud_fmt_si(uint64_t v, char *buf, size_t cap)
{
    static const char sfx[] = "kMGTPE";
    if (v < 10000) {
        snprintf(buf, cap, "%llu", (unsigned long long)v);
        return buf;
    }
    double d = (double)v;
    int i = -1;
    while (d >= 999.95 && i < 5) {
        d /= 1000.0;
        i++;
    }
    snprintf(buf, cap, d < 9.995 ? "%.2f%c" : d < 99.95 ? "%.1f%c" : "%.0f%c", d, sfx[i]);
    return buf;
}

char *dghud_fmt_group(uint64_t v, char *buf, size_t cap)
{
    char digits[32], out[48];
    int n = snprintf(digits, sizeof digits, "%llu", (unsigned long long)v), o = 0;
    for (int i = 0; i < n; i++) {
        if (i && (n - i) % 3 == 0) out[o++] = ',';
        out[o++] = digits[i];
    }
    out[o] = 0;
    snprintf(buf, cap, "%s", out);
    return buf;
}

char *dghud_fmt_age(double s, char *buf, size_t cap)
{
    if (!(s > 0)) s = 0;
    if (s < 60)
        snprintf(buf, cap, "%.0fs", floor(s));
    else if (s < 3600)
        snprintf(buf, cap, "%.0fm", floor(s / 60));
    else if (s < 86400)
        snprintf(buf, cap, "%.0fh", floor(s / 3600));
    else
        snprintf(buf, cap, "%.0fd", floor(s / 86400));
    return buf;
}

/* ---- layout (pure) ---- */

static float unit(int w, int h)
{
    float u = (float)h, by_w = (float)w * 9.0f / 16.0f;
    return by_w < u ? by_w : u;
}

static float line(float u, float m)
{
    return dgtx_line_height(u * m);
}

static float head_h(float u)
{
    return line(u, M_HEAD) + u * 0.006f;
}

static int legend_items(const dghud_input *in)
{
    return in->legend_tools && in->n_tools > 0 ? in->n_tools : in->n_classes;
}

static int legend_rows(const dghud_input *in)
{
    return legend_items(in) + 1 > 7 ? legend_items(in) + 1 : 7;
}

/* The most an alert row takes: two title lines and the meta line. */
static float alert_row_h(float u)
{
    return 2 * line(u, M_BODY) + line(u, M_SMALL) + u * 0.006f;
}

/* Scanner tools listed under the Mirai figure: those that tagged any source. */
static int tool_rows(const dghud_input *in)
{
    int n = 0;
    for (int t = 0; in->stats && t < DG_TOOL_COUNT; t++)
        n += in->stats->tool_hosts_total[t] > 0;
    return n;
}

/* Natural panel heights; the alert panel's is its maximum. */
static float panel_height(int p, float u, const dghud_input *in)
{
    float pad2 = 2 * u * M_PAD, body = line(u, M_BODY), small = line(u, M_SMALL);
    switch (p) {
    case DGHUD_P_RATE:
        return pad2 + head_h(u) + line(u, M_BIG) + small + body + u * (M_SPARK + 0.008f);
    case DGHUD_P_PORTS:
    case DGHUD_P_COUNTRIES: return pad2 + head_h(u) + DGTS_TOP * body;
    case DGHUD_P_MIRAI:
        return pad2 + head_h(u) + line(u, M_BIG) + small +
               (tool_rows(in) ? small * 1.2f + tool_rows(in) * body : 0);
    case DGHUD_P_FEED: return pad2 + body + 2 * small;
    case DGHUD_P_CLOCK: /* feed time apart: a label line and the wall clock below */
        return pad2 + line(u, M_CLOCK) + (in->clock.feed > 0 ? body + small : small);
    case DGHUD_P_CREDIT: return small + u * 0.008f;
    case DGHUD_P_LEGEND: return pad2 + head_h(u) + legend_rows(in) * body;
    case DGHUD_P_ALERTS: {
        int rows = in->n_alerts < 1 ? 1 : in->n_alerts > 12 ? 12 : in->n_alerts;
        return pad2 + head_h(u) + rows * alert_row_h(u);
    }
    default: return 0;
    }
}

/* Stacks panels down from top (dir +1) or up from bottom (dir -1); returns the free edge. */
static float stack(dghud_rect *out, const int *ids, int n, float x, float w, float y, int dir,
                   float u, const dghud_input *in)
{
    float gap = u * M_MARGIN * 0.6f;
    for (int i = 0; i < n; i++) {
        int p = ids[i];
        if (!(in->panels & DGHUD_BIT(p))) continue;
        float ph = panel_height(p, u, in);
        out[p] = (dghud_rect){x, dir > 0 ? y : y - ph, w, ph};
        y += dir * (ph + gap);
    }
    return y;
}

void dghud_layout(int w, int h, const dghud_input *in, dghud_rect out[DGHUD_P_COUNT])
{
    memset(out, 0, sizeof(dghud_rect) * DGHUD_P_COUNT);
    if (w <= 0 || h <= 0) return;
    float u = unit(w, h), m = u * M_MARGIN, cw = u * M_COLW;
    float lx = m, rx = (float)w - m - cw;
    static const int left_top[] = {DGHUD_P_RATE, DGHUD_P_PORTS, DGHUD_P_COUNTRIES};
    static const int left_bot[] = {DGHUD_P_FEED};
    static const int right_top[] = {DGHUD_P_CLOCK, DGHUD_P_MIRAI};
    static const int right_bot[] = {DGHUD_P_CREDIT, DGHUD_P_LEGEND};
    stack(out, left_top, 3, lx, cw, m, 1, u, in);
    stack(out, left_bot, 1, lx, cw, (float)h - m, -1, u, in);
    float top = stack(out, right_top, 2, rx, cw, m, 1, u, in);
    float bot = stack(out, right_bot, 2, rx, cw, (float)h - m, -1, u, in);
    if (in->panels & DGHUD_BIT(DGHUD_P_ALERTS)) {
        float ah = panel_height(DGHUD_P_ALERTS, u, in), room = bot - top;
        if (ah > room) ah = room;
        if (ah > 0) out[DGHUD_P_ALERTS] = (dghud_rect){rx, top, cw, ah};
    }
    if (out[DGHUD_P_CREDIT].w > 0) { /* the credit line hugs its text, right-aligned */
        float cwid = cw * 0.75f;
        out[DGHUD_P_CREDIT].x = (float)w - m - cwid;
        out[DGHUD_P_CREDIT].w = cwid;
    }
}

dghud_rect dghud_keepout(int w, int h)
{
    float u = unit(w, h), r = u * M_KEEPOUT;
    return (dghud_rect){(float)w * 0.5f - r, (float)h * 0.5f - r, 2 * r, 2 * r};
}

/* ---- GL ---- */

static void setup_vao(dghud *h)
{
    glGenVertexArrays(1, &h->vao);
    glGenBuffers(1, &h->vbo);
    glBindVertexArray(h->vao);
    glBindBuffer(GL_ARRAY_BUFFER, h->vbo);
    const GLsizei st = sizeof(rvert);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, st, (void *)offsetof(rvert, x));
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, st, (void *)offsetof(rvert, lx));
    glEnableVertexAttribArray(2);
    glVertexAttribPointer(2, 4, GL_FLOAT, GL_FALSE, st, (void *)offsetof(rvert, hx));
    glEnableVertexAttribArray(3);
    glVertexAttribPointer(3, 4, GL_UNSIGNED_BYTE, GL_TRUE, st, (void *)offsetof(rvert, fill));
    glEnableVertexAttribArray(4);
    glVertexAttribPointer(4, 4, GL_UNSIGNED_BYTE, GL_TRUE, st, (void *)offsetof(rvert, edge));
    glBindVertexArray(0);
}

static void rects_flush(void *ctx);

dghud *dghud_create(const dgtx_config *fonts)
{
    dghud *h = calloc(1, sizeof *h);
    if (!h) return NULL;
    h->verts = malloc(sizeof(rvert) * 6 * MAX_RECTS);
    h->fverts = malloc(sizeof(rvert) * 6 * MAX_RECTS);
    h->tx = h->verts && h->fverts ? dgtx_create(fonts) : NULL;
    h->prog = h->tx ? dgu_program_or_warn("hud.vert.glsl", "hud.frag.glsl") : 0;
    h->flat_prog = h->prog ? dgu_program_or_warn("hud.vert.glsl", "hud_flat.frag.glsl") : 0;
    if (!h->flat_prog) {
        dghud_destroy(h);
        return NULL;
    }
    h->u_view = glGetUniformLocation(h->prog, "u_view");
    h->u_view_flat = glGetUniformLocation(h->flat_prog, "u_view");
    setup_vao(h);
    dgtx_set_flush_hook(h->tx, rects_flush, h);
    return h;
}

void dghud_destroy(dghud *h)
{
    if (!h) return;
    dgtx_destroy(h->tx);
    if (h->prog) glDeleteProgram(h->prog);
    if (h->flat_prog) glDeleteProgram(h->flat_prog);
    if (h->vao) glDeleteVertexArrays(1, &h->vao);
    if (h->vbo) glDeleteBuffers(1, &h->vbo);
    free(h->verts);
    free(h->fverts);
    free(h);
}

dgtx *dghud_text(dghud *h)
{
    return h->tx;
}

/* Draws the queued rectangles: the panels' flat insides, then the rounded rectangles over
 * them (two draws from one buffer). Leaves the HUD's blending on. */
static void rects_flush(void *ctx)
{
    dghud *h = ctx;
    /* also for a flush in mid-build (a full batch, the text atlas starting over), and for the
     * text the text module draws right after this */
    glEnable(GL_BLEND);
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    if (!h->nverts && !h->nfverts) return;
    glBindVertexArray(h->vao);
    glBindBuffer(GL_ARRAY_BUFFER, h->vbo);
    size_t nf = (size_t)h->nfverts, n = (size_t)h->nverts;
    glBufferData(GL_ARRAY_BUFFER, (GLsizeiptr)(sizeof(rvert) * (nf + n)), NULL,
                 GL_STREAM_DRAW); /* orphan */
    glBufferSubData(GL_ARRAY_BUFFER, 0, (GLsizeiptr)(sizeof(rvert) * nf), h->fverts);
    glBufferSubData(GL_ARRAY_BUFFER, (GLintptr)(sizeof(rvert) * nf),
                    (GLsizeiptr)(sizeof(rvert) * n), h->verts);
    if (nf) { /* opaque: see panel_rect4 */
        glUseProgram(h->flat_prog);
        glUniform2f(h->u_view_flat, (float)h->w, (float)h->h);
        glDisable(GL_BLEND);
        glDrawArrays(GL_TRIANGLES, 0, (GLsizei)nf);
        glEnable(GL_BLEND);
    }
    if (n) {
        glUseProgram(h->prog);
        glUniform2f(h->u_view, (float)h->w, (float)h->h);
        glDrawArrays(GL_TRIANGLES, (GLint)nf, (GLsizei)n);
    }
    glBindVertexArray(0);
    h->nverts = h->nfverts = 0;
}

/* One shape: a rounded rectangle (x, y, w, ht; corner r, edge bw) whose fill runs from top at
 * its top to bot at its bottom. quad() queues the part of it between x0..x1, y0..y1. */
typedef struct shape {
    float x, y, w, ht, r, bw;
    dghud_rgba top, bot, edge;
} shape;

static dghud_rgba mixc(dghud_rgba a, dghud_rgba b, float t);

/* The shape's fill at height y, as the vertex interpolation of the whole shape gives it. */
static dghud_rgba fill_at(const shape *s, float y)
{
    float t = (y - (s->y - 1.0f)) / (s->ht + 2.0f);
    return mixc(s->top, s->bot, t < 0 ? 0 : t > 1 ? 1 : t);
}

static void quad(rvert *v, const shape *s, float x0, float y0, float x1, float y1)
{
    float hx = s->w * 0.5f, hy = s->ht * 0.5f, xs[2] = {x0, x1}, ys[2] = {y0, y1};
    rvert c[4];
    for (int i = 0; i < 4; i++) {
        float vx = xs[i & 1], vy = ys[i >> 1];
        c[i] = (rvert){vx, vy, vx - s->x - hx, vy - s->y - hy, hx, hy, s->r, s->bw,
                       fill_at(s, vy), s->edge};
    }
    v[0] = c[0], v[1] = c[1], v[2] = c[3], v[3] = c[0], v[4] = c[3], v[5] = c[2];
}

/* Queues a rounded rectangle with a vertical gradient (top, bot) and an edge of width bw. */
static void rect4(dghud *h, float x, float y, float w, float ht, float r, dghud_rgba top,
                  dghud_rgba bot, float bw, dghud_rgba edge)
{
    if (w <= 0 || ht <= 0) return;
    if (h->nverts + 6 > 6 * MAX_RECTS) rects_flush(h);
    shape s = {x, y, w, ht, r, bw, top, bot, edge};
    quad(&h->verts[h->nverts], &s, x - 1.0f, y - 1.0f, x + w + 1.0f, y + ht + 1.0f);
    h->nverts += 6; /* 1 px apron for the antialiased edge */
}

/* c laid over the colour of space, opaque. */
static dghud_rgba over_space(dghud_rgba c)
{
    float a = c.a / 255.0f, bg[3] = {DGU_SPACE_R, DGU_SPACE_G, DGU_SPACE_B};
    return (dghud_rgba){(uint8_t)lroundf(c.r * a + bg[0] * 255.0f * (1 - a)),
                        (uint8_t)lroundf(c.g * a + bg[1] * 255.0f * (1 - a)),
                        (uint8_t)lroundf(c.b * a + bg[2] * 255.0f * (1 - a)), 255};
}

/* A panel's background: as rect4, but opaque, and the inside (past the corners and the edge,
 * where hud.frag.glsl gives full cover and the plain fill) goes to the flat batch, drawn without
 * blending; only the corners and thin bands along the edges pay for the rounded-rectangle
 * shader. Only for the bottom layer of the HUD: the flat batch draws under everything queued
 * with it. Opaque because at 4K the panels are a third of the window and llvmpipe's cost is per pixel:
 * a blended pixel reads the one below, and a tile that one opaque draw covers whole drops what
 * was binned before it (the stars and arcs behind the panel). The fill is composed over the
 * colour of space, so over empty space it is the pixel the translucent panel gave. */
static void panel_rect4(dghud *h, float x, float y, float w, float ht, float r, dghud_rgba top,
                        dghud_rgba bot, float bw, dghud_rgba edge)
{
    top = over_space(top), bot = over_space(bot);
    float m = r + bw + 1.0f; /* the inside starts here: see round_box in hud.frag.glsl */
    if (w <= 4 * m || ht <= 4 * m) {
        rect4(h, x, y, w, ht, r, top, bot, bw, edge);
        return;
    }
    if (h->nverts + 48 > 6 * MAX_RECTS || h->nfverts + 18 > 6 * MAX_RECTS) rects_flush(h);
    shape s = {x, y, w, ht, r, bw, top, bot, edge};
    /* Rounded shader: the four m x m corners and, between them, bands e wide along the straight
     * edges (past bw the shader's edge colour is gone: pixel centres lie >= bw + 0.5 inside). */
    float e = fminf(bw + 2.0f, m);
    float x0 = x - 1.0f, y0 = y - 1.0f, x1 = x + w + 1.0f, y1 = y + ht + 1.0f;
    float ix0 = x + m, iy0 = y + m, ix1 = x + w - m, iy1 = y + ht - m;
    float ex0 = x + e, ey0 = y + e, ex1 = x + w - e, ey1 = y + ht - e;
    rvert *v = &h->verts[h->nverts];
    quad(v, &s, x0, y0, ix0, iy0); /* corners */
    quad(v + 6, &s, ix1, y0, x1, iy0);
    quad(v + 12, &s, x0, iy1, ix0, y1);
    quad(v + 18, &s, ix1, iy1, x1, y1);
    quad(v + 24, &s, ix0, y0, ix1, ey0); /* edge bands */
    quad(v + 30, &s, ix0, ey1, ix1, y1);
    quad(v + 36, &s, x0, iy0, ex0, iy1);
    quad(v + 42, &s, ex1, iy0, x1, iy1);
    h->nverts += 48;
    rvert *f = &h->fverts[h->nfverts]; /* the inside: a cross */
    quad(f, &s, ex0, iy0, ex1, iy1);
    quad(f + 6, &s, ix0, ey0, ix1, iy0);
    quad(f + 12, &s, ix0, iy1, ix1, ey1);
    h->nfverts += 18;
}

static void rect(dghud *h, float x, float y, float w, float ht, float r, dghud_rgba c)
{
    rect4(h, x, y, w, ht, r, c, c, 0, c);
}

static dghud_rgba alpha(dghud_rgba c, float a)
{
    float v = c.a * (a < 0 ? 0 : a > 1 ? 1 : a);
    c.a = (uint8_t)lroundf(v);
    return c;
}

static dghud_rgba mixc(dghud_rgba a, dghud_rgba b, float t)
{
    return (dghud_rgba){(uint8_t)(a.r + (b.r - a.r) * t), (uint8_t)(a.g + (b.g - a.g) * t),
                        (uint8_t)(a.b + (b.b - a.b) * t), (uint8_t)(a.a + (b.a - a.a) * t)};
}

/* ---- panel pieces ---- */

static void text(dghud *h, int style, float m, float x, float y, const char *s, dghud_rgba c)
{
    dgtx_draw(h->tx, style, h->u * m, x, y, s, c);
}

static void text_right(dghud *h, int style, float m, float xr, float y, const char *s, dghud_rgba c)
{
    float w = dgtx_width(h->tx, style, h->u * m, s);
    dgtx_draw(h->tx, style, h->u * m, xr - w, y, s, c);
}

static void panel_bg(dghud *h, dghud_rect r)
{
    panel_rect4(h, r.x, r.y, r.w, r.h, h->u * 0.009f, C_PANEL_TOP, C_PANEL_BOT, 1.0f, C_EDGE);
}

/* Panel background and header; returns the y where the body starts. */
static float panel_open(dghud *h, dghud_rect r, const char *title, dghud_rgba accent)
{
    panel_bg(h, r);
    float pad = h->u * M_PAD, y = r.y + pad;
    rect(h, r.x + pad, y + h->u * 0.003f, h->u * 0.0035f, line(h->u, M_HEAD) - h->u * 0.006f,
         h->u * 0.0015f, accent);
    text(h, DGTX_BOLD, M_HEAD, r.x + pad + h->u * 0.009f, y, title, accent);
    return y + head_h(h->u);
}

/* A share bar: track across w, fill for frac of it. */
static void bar(dghud *h, float x, float y, float w, float frac, dghud_rgba c)
{
    float bh = h->u * 0.0065f, r = bh * 0.5f;
    float yc = y + (line(h->u, M_BODY) - bh) * 0.5f;
    rect(h, x, yc, w, bh, r, C_TRACK);
    float f = frac < 0 ? 0 : frac > 1 ? 1 : frac;
    if (f > 0) rect(h, x, yc, fmaxf(w * f, bh), bh, r, c);
}

static dghud_rgba proto_colour(uint8_t proto)
{
    if (proto == DG_PROTO_TCP) return (dghud_rgba){86, 196, 255, 255};
    if (proto == DG_PROTO_UDP) return (dghud_rgba){255, 176, 64, 255};
    return (dghud_rgba){190, 130, 255, 255};
}

static void no_data(dghud *h, float x, float y)
{
    text(h, DGTX_SANS, M_BODY, x, y, "no data yet", C_FAINT);
}

/* ---- panels ---- */

static void draw_rate(dghud *h, dghud_rect r, const dgts_view *s)
{
    float pad = h->u * M_PAD, x = r.x + pad, iw = r.w - 2 * pad;
    float y = panel_open(h, r, "PACKETS / SECOND", C_ACCENT);
    char b[48];
    if (!s) {
        no_data(h, x, y);
        return;
    }
    float w = dgtx_draw(h->tx, DGTX_BOLD, h->u * M_BIG, x, y,
                        dghud_fmt_group(llround(s->rate), b, sizeof b), C_TEXT);
    float ybig = y + line(h->u, M_BIG);
    text(h, DGTX_SANS, M_SMALL, x + w + h->u * 0.008f, ybig - line(h->u, M_SMALL) * 1.15f, "pkt/s",
         C_DIM);
    static const char *lbl[3] = {"LAST 1 MIN", "1 HOUR", "24 HOURS"};
    uint64_t val[3] = {s->last_1m, s->last_1h, s->last_24h};
    for (int i = 0; i < 3; i++) {
        float cx = x + iw * (float)i / 3.0f;
        text(h, DGTX_SANS, M_SMALL, cx, ybig, lbl[i], C_DIM);
        if (val[i] < 1000000)
            dghud_fmt_group(val[i], b, sizeof b);
        else
            dghud_fmt_si(val[i], b, sizeof b);
        text(h, DGTX_MONO, M_BODY, cx, ybig + line(h->u, M_SMALL), b, C_TEXT);
    }
    float sy = ybig + line(h->u, M_SMALL) + line(h->u, M_BODY) + h->u * 0.008f, sh = h->u * M_SPARK;
    float mx = 1;
    for (int i = 0; i < DGTS_SPARK; i++)
        mx = fmaxf(mx, s->spark[i]);
    float bw = iw / DGTS_SPARK;
    rect(h, x, sy + sh - 1, iw, 1, 0, C_TRACK);
    for (int i = 0; i < DGTS_SPARK; i++) {
        float bh = fmaxf(s->spark[i] > 0 ? 1.5f : 0, sh * s->spark[i] / mx);
        rect(h, x + i * bw + bw * 0.12f, sy + sh - bh, bw * 0.76f, bh, 0,
             alpha(C_ACCENT, 0.45f + 0.55f * (float)i / DGTS_SPARK));
    }
}

/* A row's trend mark at the right edge: rising (amber), falling (green), steady (faint). */
static float trend_mark(dghud *h, float xr, float y, int trend)
{
    const char *g = trend > 0 ? "\xE2\x96\xB2" : trend < 0 ? "\xE2\x96\xBC" : "\xC2\xB7";
    dghud_rgba c = trend > 0 ? C_SEV[3] : trend < 0 ? C_OK : C_FAINT;
    float px = h->u * M_SMALL, w = h->u * 0.016f;
    float gw = dgtx_width(h->tx, DGTX_SANS, px, g);
    dgtx_draw(h->tx, DGTX_SANS, px, xr - (w + gw) * 0.5f,
              y + (line(h->u, M_BODY) - line(h->u, M_SMALL)) * 0.5f, g, c);
    return w;
}

/* The window of the top lists, small at the header's right. */
static void window_caption(dghud *h, dghud_rect r, const dghud_input *in)
{
    if (!in->window_caption) return;
    float pad = h->u * M_PAD;
    text_right(h, DGTX_SANS, M_SMALL, r.x + r.w - pad, r.y + pad + h->u * 0.001f,
               in->window_caption, C_FAINT);
}

static void draw_ports(dghud *h, dghud_rect r, const dghud_input *in)
{
    const dgts_view *s = in->stats;
    float pad = h->u * M_PAD, x = r.x + pad, xr = r.x + r.w - pad, iw = r.w - 2 * pad;
    window_caption(h, r, in);
    float y = panel_open(h, r, "TOP DESTINATION PORTS", C_ACCENT), lh = line(h->u, M_BODY);
    if (!s || !s->n_ports) {
        no_data(h, x, y);
        return;
    }
    float top = s->ports[0].share > 0 ? (float)s->ports[0].share : 1;
    for (int i = 0; i < s->n_ports; i++, y += lh) {
        const dgts_port *p = &s->ports[i];
        char lbl[24], pct[16];
        dgts_port_label(p, lbl, sizeof lbl);
        snprintf(pct, sizeof pct, "%.1f%%", p->share * 100.0);
        text(h, DGTX_MONO, M_BODY, x, y, lbl, C_TEXT);
        bar(h, x + iw * 0.36f, y, iw * 0.36f, (float)p->share / top, proto_colour(p->proto));
        float tw = trend_mark(h, xr, y, p->trend);
        text_right(h, DGTX_MONO, M_BODY, xr - tw, y, pct, C_DIM);
    }
}

static void draw_countries(dghud *h, dghud_rect r, const dghud_input *in)
{
    const dgts_view *s = in->stats;
    float pad = h->u * M_PAD, x = r.x + pad, xr = r.x + r.w - pad, iw = r.w - 2 * pad;
    window_caption(h, r, in);
    float y = panel_open(h, r, "TOP SOURCE COUNTRIES", C_ACCENT), lh = line(h->u, M_BODY);
    if (!s || !s->n_countries) {
        no_data(h, x, y);
        return;
    }
    float top = s->countries[0].share > 0 ? (float)s->countries[0].share : 1;
    for (int i = 0; i < s->n_countries; i++, y += lh) {
        const dgts_country *c = &s->countries[i];
        char cnt[16], pct[16];
        snprintf(pct, sizeof pct, "%.1f%%", c->share * 100.0);
        text(h, DGTX_BOLD, M_BODY, x, y, c->cc[0] ? c->cc : "??", c->cc[0] ? C_TEXT : C_FAINT);
        text_right(h, DGTX_MONO, M_SMALL, x + iw * 0.33f, y + lh * 0.12f,
                   dghud_fmt_si(c->pkts, cnt, sizeof cnt), C_FAINT);
        bar(h, x + iw * 0.36f, y, iw * 0.36f, (float)c->share / top, C_ACCENT);
        float tw = trend_mark(h, xr, y, c->trend);
        text_right(h, DGTX_MONO, M_BODY, xr - tw, y, pct, C_DIM);
    }
}

/* Trend of sources now against the 5 minutes before (steady until 10 minutes were seen:
 * everything would rise out of the start-up). */
static int host_trend(const dgts_view *s, uint32_t now, uint32_t prev)
{
    return s->tool_trend_valid ? dgts_trend_of(now, 300, prev, 300) : DGTS_STEADY;
}

/* One tool: its name, sources in the last 5 min with their trend, then its top countries. */
static void tool_row(dghud *h, float x, float xr, float y, const dgts_view *s, int t,
                     const char *name, dghud_rgba c)
{
    float px = h->u * M_SMALL, lh = line(h->u, M_BODY), dy = (lh - line(h->u, M_SMALL)) * 0.5f;
    char n[16], cc[64] = "", fit[48];
    float cx = x + (xr - x) * 0.34f, w, room = cx - x - h->u * 0.008f;
    float npx = dgtx_fit_size(h->tx, DGTX_SANS, h->u * M_BODY, name, room, 0.75f);
    dgtx_fit(h->tx, DGTX_SANS, npx, name, room, fit, sizeof fit);
    dgtx_draw(h->tx, DGTX_SANS, npx, x, y + (lh - dgtx_line_height(npx)) * 0.5f, fit, c);
    w = dgtx_draw(h->tx, DGTX_MONO, h->u * M_BODY, cx, y,
                  dghud_fmt_si(s->tool_tbl_now[t], n, sizeof n), C_TEXT);
    trend_mark(h, cx + w + h->u * 0.016f, y,
               host_trend(s, s->tool_tbl_now[t], s->tool_tbl_prev[t]));
    float ccx = x + (xr - x) * 0.56f;
    for (int i = 0; i < s->n_tool_cc[t]; i++) {
        const dgts_tool_cc *k = &s->tool_cc[t][i];
        snprintf(cc, sizeof cc, "%s %s", k->cc[0] ? k->cc : "??",
                 dghud_fmt_si(k->now, n, sizeof n));
        if (ccx + dgtx_width(h->tx, DGTX_SANS, px, cc) + h->u * 0.016f > xr) break;
        ccx += dgtx_draw(h->tx, DGTX_SANS, px, ccx, y + dy, cc, C_DIM);
        ccx +=
            trend_mark(h, ccx + h->u * 0.016f, y, host_trend(s, k->now, k->prev)) + h->u * 0.004f;
    }
}

static void draw_mirai(dghud *h, dghud_rect r, const dghud_input *in)
{
    const dgts_view *s = in->stats;
    dghud_rgba mc = in->mirai_colour;
    float pad = h->u * M_PAD, x = r.x + pad, xr = r.x + r.w - pad;
    float y = panel_open(h, r, "MIRAI-FINGERPRINTED HOSTS", mc);
    char a[32], b[32], line2[96];
    if (!s) {
        no_data(h, x, y);
        return;
    }
    float w = dgtx_draw(h->tx, DGTX_BOLD, h->u * M_BIG, x, y,
                        dghud_fmt_group(s->mirai_hosts_now, a, sizeof a), C_TEXT);
    float ybig = y + line(h->u, M_BIG);
    text(h, DGTX_SANS, M_SMALL, x + w + h->u * 0.008f, ybig - line(h->u, M_SMALL) * 1.15f,
         "now (5 min)", C_DIM);
    snprintf(line2, sizeof line2, "total %s hosts  \xC2\xB7  %s packets",
             dghud_fmt_group(s->mirai_hosts_total, a, sizeof a),
             s->mirai_pkts < 1000000 ? dghud_fmt_group(s->mirai_pkts, b, sizeof b)
                                     : dghud_fmt_si(s->mirai_pkts, b, sizeof b));
    text(h, DGTX_SANS, M_SMALL, x, ybig, line2, C_DIM);
    if (!tool_rows(in)) return;
    y = ybig + line(h->u, M_SMALL) * 1.2f;
    text(h, DGTX_SANS, M_SMALL, x, y - line(h->u, M_SMALL) * 0.1f,
         "sources by tool, last 5 min, top countries", C_FAINT);
    y += line(h->u, M_SMALL) * 0.9f;
    for (int t = 0; t < DG_TOOL_COUNT; t++) {
        if (!s->tool_hosts_total[t]) continue;
        bool named = in->n_tools > t && in->tools[t].name;
        tool_row(h, x, xr, y, s, t, named ? in->tools[t].name : dgfp_label(t),
                 named ? in->tools[t].colour : C_TEXT);
        y += line(h->u, M_BODY);
    }
}

static void hms(double t, char *buf, size_t cap)
{
    time_t tt = (time_t)floor(t);
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(buf, cap, "%H:%M:%S", &tm);
}

void dghud_feed_text(const dghud_feed *f, double now, char *state, size_t scap, char *qual,
                     size_t qcap, char *detail, size_t dcap)
{
    const char *name = f->name ? f->name : "";
    char t[16];
    snprintf(qual, qcap, "%s", "");
    snprintf(detail, dcap, "%s", name);
    if (f->replay) {
        snprintf(state, scap, "REPLAY");
    } else if (f->connected) {
        snprintf(state, scap, "FEED CONNECTED");
    } else if (f->lost_since > 0) {
        snprintf(state, scap, "FEED LOST");
        dghud_fmt_age(now - f->lost_since, t, sizeof t);
        snprintf(qual, qcap, "%s ago", t);
        hms(f->lost_since, t, sizeof t);
        snprintf(detail, dcap, "%s  \xC2\xB7  lost at %s UTC", name, t);
    } else {
        /* Nothing ever answered: a wrong address or a publisher not started yet, not a loss. */
        snprintf(state, scap, "WAITING FOR FEED");
        snprintf(detail, dcap, "never connected to %s", name);
    }
}

static void draw_feed(dghud *h, dghud_rect r, const dghud_feed *f, double now)
{
    float pad = h->u * M_PAD, x = r.x + pad, y = r.y + pad, iw = r.w - 2 * pad;
    float lh = line(h->u, M_BODY), sh = line(h->u, M_SMALL), dot = h->u * 0.011f;
    char s[128], state[32], qual[32], detail[600], d1[32], d2[32], d3[32], fit[160];
    bool up = f->connected || f->replay;
    dghud_rgba c = up ? C_OK : f->lost_since > 0 ? C_BAD : C_DIM;
    panel_bg(h, r);
    rect(h, x, y + (lh - dot) * 0.5f, dot, dot, dot * 0.5f, c);
    dghud_feed_text(f, now, state, sizeof state, qual, sizeof qual, detail, sizeof detail);
    float w = dgtx_draw(h->tx, DGTX_BOLD, h->u * M_BODY, x + dot * 1.8f, y, state, c);
    if (qual[0]) {
        snprintf(s, sizeof s, "  %s", qual);
        text(h, DGTX_SANS, M_BODY, x + dot * 1.8f + w, y, s, c);
    }
    snprintf(s, sizeof s, "drops %s  \xC2\xB7  lost %s msgs  \xC2\xB7  malformed %s",
             dghud_fmt_group(f->drops, d1, sizeof d1), dghud_fmt_group(f->lost, d3, sizeof d3),
             dghud_fmt_group(f->malformed, d2, sizeof d2));
    text(h, DGTX_SANS, M_SMALL, x, y + lh, s, f->drops || f->malformed || f->lost ? C_TEXT : C_DIM);
    /* Which endpoint or file: readable whenever the state needs the user's attention. */
    dgtx_fit(h->tx, DGTX_SANS, h->u * M_SMALL, detail, iw, fit, sizeof fit);
    text(h, DGTX_SANS, M_SMALL, x, y + lh + sh, fit, up ? C_FAINT : C_TEXT);
}

static void ymd(double t, const char *fmt, char *buf, size_t cap)
{
    time_t tt = (time_t)floor(t);
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(buf, cap, fmt, &tm);
}

void dghud_clock_text(const dghud_clock *c, double now, char *big, size_t bcap, char *label,
                      size_t lcap, char *small, size_t scap)
{
    char d[48], w[16];
    if (!(c->feed > 0)) {
        hms(now, big, bcap);
        ymd(now, "UTC  \xC2\xB7  %a %Y-%m-%d", label, lcap);
        snprintf(small, scap, "%s", "");
        return;
    }
    hms(c->feed, big, bcap);
    ymd(c->feed, "%Y-%m-%d UTC", d, sizeof d);
    bool speed = c->speed && c->speed[0];
    snprintf(label, lcap, "%s  %s%s%s", c->label ? c->label : "FEED", d, speed ? " \xC2\xB7 " : "",
             speed ? c->speed : "");
    hms(now, w, sizeof w);
    ymd(now, "%Y-%m-%d", d, sizeof d);
    snprintf(small, scap, "wall clock %s UTC  \xC2\xB7  %s", w, d);
}

static void draw_clock(dghud *h, dghud_rect r, const dghud_clock *c, double now)
{
    float pad = h->u * M_PAD, xr = r.x + r.w - pad, y = r.y + pad + line(h->u, M_CLOCK);
    panel_bg(h, r);
    char big[16], label[96], small[64];
    dghud_clock_text(c, now, big, sizeof big, label, sizeof label, small, sizeof small);
    text_right(h, DGTX_MONO, M_CLOCK, xr, r.y + pad, big, C_TEXT);
    if (!(c->feed > 0)) {
        text_right(h, DGTX_SANS, M_SMALL, xr, y, label, C_ACCENT);
        return;
    }
    /* Feed time is not now: its label stands out in amber, the wall clock stays small. */
    char fit[128];
    dgtx_fit(h->tx, DGTX_BOLD, h->u * M_BODY, label, r.w - 2 * pad, fit, sizeof fit);
    text_right(h, DGTX_BOLD, M_BODY, xr, y, fit, C_SEV[2]);
    text_right(h, DGTX_SANS, M_SMALL, xr, y + line(h->u, M_BODY), small, C_DIM);
}

/* A warning across the top centre, between the columns, above the globe's keep-out. */
static void draw_hint(dghud *h, const char *hint)
{
    float m = h->u * M_MARGIN, room = (float)h->w - 2 * (2 * m + h->u * M_COLW);
    float pad = h->u * M_PAD, lh = line(h->u, M_BODY);
    if (room <= 4 * pad) return;
    char fit[256];
    dgtx_fit(h->tx, DGTX_SANS, h->u * M_BODY, hint, room - 2 * pad, fit, sizeof fit);
    float tw = dgtx_width(h->tx, DGTX_SANS, h->u * M_BODY, fit) + 2 * pad;
    float x = ((float)h->w - tw) * 0.5f, y = m;
    rect4(h, x, y, tw, lh + pad, h->u * 0.009f, C_PANEL_TOP, C_PANEL_BOT, 1.0f,
          alpha(C_SEV[2], 0.8f));
    text(h, DGTX_SANS, M_BODY, x + pad, y + pad * 0.5f, fit, C_SEV[2]);
}

static void draw_credit(dghud *h, dghud_rect r, const char *credit)
{
    float pm = M_SMALL, w = dgtx_width(h->tx, DGTX_SANS, h->u * pm, credit);
    float pad = h->u * 0.008f, x = r.x + r.w - w - 2 * pad;
    if (x < r.x) x = r.x;
    rect(h, x, r.y, r.x + r.w - x, r.h, r.h * 0.5f, alpha(C_PANEL_BOT, 0.8f));
    text(h, DGTX_SANS, pm, x + pad, r.y + h->u * 0.004f, credit, C_DIM);
}

/* Port-height axis: ticks from pos 0 (bottom) to 1 (top); labels that would collide skip. */
static void legend_axis(dghud *h, float ax, float atop, float abot, const dghud_input *in)
{
    float sh = line(h->u, M_SMALL), used[32];
    int nused = 0;
    rect(h, ax, atop, h->u * 0.002f, abot - atop, 0, C_DIM);
    for (int i = 0; i < in->n_ticks; i++) {
        float p = in->ticks[i].pos < 0 ? 0 : in->ticks[i].pos > 1 ? 1 : in->ticks[i].pos;
        float ty = abot - p * (abot - atop);
        rect(h, ax - h->u * 0.005f, ty - 0.75f, h->u * 0.007f, 1.5f, 0, C_DIM);
        bool clash = false;
        for (int k = 0; k < nused; k++)
            clash |= fabsf(used[k] - ty) < sh * 0.85f;
        if (clash || !in->ticks[i].label || nused == 32) continue;
        used[nused++] = ty;
        text(h, DGTX_MONO, M_SMALL, ax + h->u * 0.008f, ty - sh * 0.5f, in->ticks[i].label, C_TEXT);
    }
}

/* One legend entry: swatch (a ring for the Mirai marker) and the name in full: a long name
 * is drawn smaller rather than cut. Hidden entries are dimmed and struck through. */
static void legend_item(dghud *h, float x, float y, float name_w, dghud_rgba c, const char *name,
                        bool ring, bool hidden)
{
    float lh = line(h->u, M_BODY), sw = h->u * 0.012f, sy = y + (lh - sw) * 0.5f;
    float nx = x + sw * 1.8f, px = h->u * M_BODY;
    dghud_rgba sc = hidden ? alpha(c, 0.25f) : c;
    if (ring)
        rect4(h, x, sy, sw, sw, sw * 0.5f, alpha(sc, 0.15f), alpha(sc, 0.15f), sw * 0.22f, sc);
    else
        rect(h, x, sy, sw, sw, sw * 0.25f, sc);
    float fpx = dgtx_fit_size(h->tx, DGTX_SANS, px, name, name_w, 0.6f);
    char fit[96];
    dgtx_fit(h->tx, DGTX_SANS, fpx, name, name_w, fit, sizeof fit);
    float w = dgtx_draw(h->tx, DGTX_SANS, fpx, nx, y + (lh - dgtx_line_height(fpx)) * 0.5f, fit,
                        hidden ? C_FAINT : C_TEXT);
    if (hidden) rect(h, x - sw * 0.2f, y + lh * 0.5f, nx - x + w + sw * 0.2f, 1.5f, 0, C_DIM);
}

/* Legend: class (or scanner-tool) swatches on the left, the port-height axis on the right. */
static void draw_legend(dghud *h, dghud_rect r, const dghud_input *in)
{
    float pad = h->u * M_PAD, x = r.x + pad, xr = r.x + r.w - pad;
    text_right(h, DGTX_SANS, M_SMALL, xr, r.y + pad + h->u * 0.001f, "arc height = dst port",
               C_FAINT);
    bool tools = in->legend_tools && in->n_tools > 0;
    float y = panel_open(h, r, tools ? "LEGEND \xC2\xB7 TOOLS" : "LEGEND", C_ACCENT);
    float lh = line(h->u, M_BODY), tw = 0;
    for (int i = 0; i < in->n_ticks; i++)
        if (in->ticks[i].label)
            tw = fmaxf(tw, dgtx_width(h->tx, DGTX_MONO, h->u * M_SMALL, in->ticks[i].label));
    float ax = in->n_ticks > 0 ? xr - tw - h->u * 0.01f : xr;
    float name_w = ax - x - h->u * 0.012f * 1.8f - h->u * 0.015f;
    int n = legend_items(in);
    for (int i = 0; i < n; i++) {
        const dghud_legend_item *it = tools ? &in->tools[i] : &in->classes[i];
        bool hidden = !tools && (in->hidden_classes & (1u << i));
        legend_item(h, x, y + i * lh, name_w, it->colour, it->name ? it->name : "", false, hidden);
    }
    legend_item(h, x, y + n * lh, name_w, in->mirai_colour,
                in->mirai_name ? in->mirai_name : "Mirai fingerprint", true, false);
    if (in->n_ticks > 0) legend_axis(h, ax, y + lh * 0.5f, y + (legend_rows(in) - 0.5f) * lh, in);
}

/* The title on up to two lines, then severity, count and age in the severity's colour;
 * returns the row's height. */
static float alert_row(dghud *h, dghud_rect r, float y, const dghud_alert_row *a)
{
    float pad = h->u * M_PAD, x = r.x + pad, iw = r.w - 2 * pad, lh = line(h->u, M_BODY);
    int sev = a->severity < 5 ? a->severity : 4;
    float f = a->fade < 0 ? 0 : a->fade > 1 ? 1 : a->fade, tx = x + h->u * 0.011f;
    dghud_rgba sc = alpha(C_SEV[sev], f);
    char wrapped[300], age[16], meta[96], n[16];
    int lines = dgtx_wrap(h->tx, DGTX_SANS, h->u * M_BODY, a->title ? a->title : "", x + iw - tx, 2,
                          wrapped, sizeof wrapped);
    if (lines < 1) lines = 1;
    float rh = lines * lh + line(h->u, M_SMALL) + h->u * 0.006f;
    if (a->selected)
        rect(h, r.x + pad * 0.4f, y - h->u * 0.002f, r.w - pad * 0.8f, rh, h->u * 0.004f,
             alpha(C_ACCENT, 0.16f));
    rect(h, x, y + h->u * 0.003f, h->u * 0.004f, rh - h->u * 0.009f, h->u * 0.002f, sc);
    float ty = y;
    for (char *save, *l = strtok_r(wrapped, "\n", &save); l;
         l = strtok_r(NULL, "\n", &save), ty += lh)
        text(h, DGTX_SANS, M_BODY, tx, ty, l, alpha(C_TEXT, f));
    float w = dgtx_draw(h->tx, DGTX_BOLD, h->u * M_SMALL, tx, y + lines * lh, SEV_NAME[sev], sc);
    dghud_fmt_age(a->age_s, age, sizeof age);
    int o = 0;
    if (a->members > 1) o = snprintf(meta, sizeof meta, "   %u alerts", a->members);
    if (a->count > 1)
        o += snprintf(meta + o, sizeof meta - (size_t)o, "%s\xC3\x97%s", o ? " \xC2\xB7 " : "   ",
                      dghud_fmt_si(a->count, n, sizeof n));
    snprintf(meta + o, sizeof meta - (size_t)o, "%s%s ago", o ? "  \xC2\xB7  " : "   ", age);
    text(h, DGTX_SANS, M_SMALL, tx + w, y + lines * lh, meta, alpha(C_DIM, f));
    return rh;
}

static void draw_alerts(dghud *h, dghud_rect r, const dghud_input *in)
{
    float fl = in->alert_flash < 0 ? 0 : in->alert_flash > 1 ? 1 : in->alert_flash;
    panel_bg(h, r);
    if (fl > 0) /* a red wash and edge over the panel for a new high/critical alert */
        rect4(h, r.x, r.y, r.w, r.h, h->u * 0.009f, alpha(C_BAD, 0.35f * fl),
              alpha(C_BAD, 0.2f * fl), h->u * 0.003f, alpha(C_BAD, fl));
    float pad = h->u * M_PAD, y = r.y + pad;
    dghud_rgba hc = mixc(C_ACCENT, C_BAD, fl);
    rect(h, r.x + pad, y + h->u * 0.003f, h->u * 0.0035f, line(h->u, M_HEAD) - h->u * 0.006f,
         h->u * 0.0015f, hc);
    text(h, DGTX_BOLD, M_HEAD, r.x + pad + h->u * 0.009f, y, "ALERTS", hc);
    char n[16];
    int active = in->alerts_active > in->n_alerts ? in->alerts_active : in->n_alerts;
    snprintf(n, sizeof n, "%d", active);
    text_right(h, DGTX_MONO, M_HEAD, r.x + r.w - pad, y, n, C_DIM);
    text_right(h, DGTX_SANS, M_SMALL,
               r.x + r.w - pad - dgtx_width(h->tx, DGTX_MONO, h->u * M_HEAD, n) - h->u * 0.012f,
               y + h->u * 0.001f, "click or Tab: details", C_FAINT);
    y += head_h(h->u);
    if (in->n_alerts <= 0) text(h, DGTX_SANS, M_BODY, r.x + pad, y, "no alerts", C_FAINT);
    float most = alert_row_h(h->u);
    for (int i = 0; i < in->n_alerts && i < 12 && y + most <= r.y + r.h - pad * 0.5f; i++) {
        float rh = alert_row(h, r, y, &in->alerts[i]);
        h->alert_rects[h->n_alert_rects++] = (dghud_rect){r.x, y, r.w, rh};
        y += rh + h->u * 0.004f;
    }
}

/* The card's box: bottom centre between the side columns, above any reserved strip. */
static dghud_rect card_box(const dghud *h, const dghud_input *in, float ht)
{
    float m = h->u * M_MARGIN, side = m + h->u * M_COLW + m;
    float w = (float)h->w - 2 * side;
    if (w > h->u * 1.0f) w = h->u * 1.0f;
    if (w < h->u * 0.5f) w = fminf(h->u * 0.6f, (float)h->w - 2 * m);
    float y = (float)h->h - m - in->bottom_reserve - ht;
    return (dghud_rect){((float)h->w - w) * 0.5f, y < m ? m : y, w, ht};
}

/* The alert's detail card: wrapped title, then label/value lines (long values wrap). */
static void draw_card(dghud *h, const dghud_input *in)
{
    const dghud_card *c = in->card;
    float pad = h->u * M_PAD * 1.2f, lh = line(h->u, M_BODY), sh = line(h->u, M_SMALL);
    float labw = h->u * 0.16f;
    char title[300], vals[DGHUD_CARD_LINES][400];
    int vl[DGHUD_CARD_LINES];
    dghud_rect b = card_box(h, in, 0);
    int tl = dgtx_wrap(h->tx, DGTX_BOLD, h->u * M_BODY, c->title ? c->title : "", b.w - 2 * pad, 2,
                       title, sizeof title);
    float ht = 2 * pad + (tl > 0 ? tl : 1) * lh + sh * 0.6f + (c->footer ? sh * 1.3f : 0);
    for (int i = 0; i < c->n && i < DGHUD_CARD_LINES; i++) {
        vl[i] = dgtx_wrap(h->tx, DGTX_SANS, h->u * M_BODY, c->value[i] ? c->value[i] : "",
                          b.w - 2 * pad - labw, 3, vals[i], sizeof vals[i]);
        ht += (vl[i] > 0 ? vl[i] : 1) * lh;
    }
    b = card_box(h, in, ht);
    h->card = b;
    int sev = c->severity < 5 ? c->severity : 4;
    panel_rect4(h, b.x, b.y, b.w, b.h, h->u * 0.009f, (dghud_rgba){14, 22, 34, 236},
          (dghud_rgba){8, 12, 20, 244}, h->u * 0.002f, alpha(C_SEV[sev], 0.9f));
    rect(h, b.x + pad * 0.5f, b.y + pad, h->u * 0.004f, tl * lh, h->u * 0.002f, C_SEV[sev]);
    float y = b.y + pad, x = b.x + pad;
    for (char *save, *l = strtok_r(title, "\n", &save); l; l = strtok_r(NULL, "\n", &save), y += lh)
        text(h, DGTX_BOLD, M_BODY, x, y, l, C_TEXT);
    y += sh * 0.6f;
    for (int i = 0; i < c->n && i < DGHUD_CARD_LINES; i++) {
        text(h, DGTX_SANS, M_SMALL, x, y + (lh - sh) * 0.5f, c->label[i] ? c->label[i] : "", C_DIM);
        for (char *save, *l = strtok_r(vals[i], "\n", &save); l;
             l = strtok_r(NULL, "\n", &save), y += lh)
            text(h, DGTX_SANS, M_BODY, x + labw, y, l, C_TEXT);
        if (vl[i] < 1) y += lh;
    }
    if (c->footer) text(h, DGTX_SANS, M_SMALL, x, y + sh * 0.3f, c->footer, C_FAINT);
}

/* ---- frame ---- */

void dghud_begin(dghud *h, int w, int hgt)
{
    h->w = w;
    h->h = hgt;
    h->u = unit(w, hgt);
    h->nverts = h->nfverts = 0;
    h->n_alert_rects = 0;
    h->card = (dghud_rect){0};
    dgtx_begin(h->tx, w, hgt);
}

void dghud_draw(dghud *h, const dghud_input *in)
{
    dghud_rect r[DGHUD_P_COUNT];
    dghud_layout(h->w, h->h, in, r);
    const dgts_view *s = in->stats;
    if (r[DGHUD_P_RATE].w > 0) draw_rate(h, r[DGHUD_P_RATE], s);
    if (r[DGHUD_P_PORTS].w > 0) draw_ports(h, r[DGHUD_P_PORTS], in);
    if (r[DGHUD_P_COUNTRIES].w > 0) draw_countries(h, r[DGHUD_P_COUNTRIES], in);
    if (r[DGHUD_P_FEED].w > 0) draw_feed(h, r[DGHUD_P_FEED], &in->feed, in->now);
    if (r[DGHUD_P_CLOCK].w > 0) draw_clock(h, r[DGHUD_P_CLOCK], &in->clock, in->now);
    if (r[DGHUD_P_MIRAI].w > 0) draw_mirai(h, r[DGHUD_P_MIRAI], in);
    if (r[DGHUD_P_ALERTS].w > 0) draw_alerts(h, r[DGHUD_P_ALERTS], in);
    if (r[DGHUD_P_LEGEND].w > 0) draw_legend(h, r[DGHUD_P_LEGEND], in);
    if (r[DGHUD_P_CREDIT].w > 0 && in->credit) draw_credit(h, r[DGHUD_P_CREDIT], in->credit);
    if (in->hint && in->hint[0] && (in->panels & DGHUD_BIT(DGHUD_P_FEED))) draw_hint(h, in->hint);
    if (in->card) draw_card(h, in);
}

int dghud_alert_at(const dghud *h, float x, float y)
{
    for (int i = 0; i < h->n_alert_rects; i++) {
        dghud_rect r = h->alert_rects[i];
        if (x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h) return i;
    }
    return -1;
}

dghud_rect dghud_card_rect(const dghud *h)
{
    return h->card;
}

void dghud_label(dghud *h, float x, float y, const char *s, dghud_rgba c)
{
    if (!s || !*s) return;
    float px = h->u * M_BODY * 0.9f, lh = dgtx_line_height(px), pad = px * 0.45f;
    float w = dgtx_width(h->tx, DGTX_SANS, px, s) + 2 * pad, dot = px * 0.35f;
    float lx = x + px * 0.7f, ly = y - lh * 0.5f;
    /* Flip to the left where the label would run into the right-hand panels (or off the
     * window): labels belong over the globe, not over the HUD. */
    dghud_rect k = dghud_keepout((int)h->w, (int)h->h);
    float right = x < k.x + k.w ? k.x + k.w : (float)h->w;
    if (lx + w > right) lx = x - px * 0.7f - w;
    if (ly < 0) ly = 0;
    if (ly + lh > h->h) ly = h->h - lh;
    dghud_rgba plate = {8, 12, 20, 200};
    rect(h, x - dot * 0.5f, y - dot * 0.5f, dot, dot, dot * 0.5f, c); /* the anchor */
    rect4(h, lx, ly, w, lh, lh * 0.3f, plate, plate, 1.0f, alpha(c, 0.6f));
    dgtx_draw(h->tx, DGTX_SANS, px, lx + pad, ly, s, c);
}

dghud_rect dghud_tooltip(dghud *h, float x, float y, const char *text)
{
    float px = h->u * M_BODY * 0.9f, lh = dgtx_line_height(px), pad = px * 0.6f, w = 0;
    char buf[1024];
    int n = 0;
    snprintf(buf, sizeof buf, "%s", text ? text : "");
    for (char *l = buf; l; n++) {
        char *e = strchr(l, '\n');
        if (e) *e = '\0';
        w = fmaxf(w, dgtx_width(h->tx, n ? DGTX_SANS : DGTX_BOLD, px, l));
        if (e) *e = '\n';
        l = e ? e + 1 : NULL;
    }
    float bw = w + 2 * pad, bh = n * lh + 2 * pad * 0.7f, off = px * 1.1f;
    /* One box: right of the point, or wholly left of it where it would leave the window. */
    float bx = x + off + bw <= (float)h->w ? x + off : x - off - bw, by = y - lh * 0.5f;
    if (bx < 0) bx = 0;
    if (by + bh > (float)h->h) by = (float)h->h - bh;
    if (by < 0) by = 0;
    dghud_rgba plate = {8, 12, 20, 226};
    rect4(h, bx, by, bw, bh, px * 0.4f, plate, plate, 1.0f, alpha(C_ACCENT, 0.6f));
    float ly = by + pad * 0.7f;
    int i = 0;
    for (char *save, *l = strtok_r(buf, "\n", &save); l; l = strtok_r(NULL, "\n", &save), i++) {
        dgtx_draw(h->tx, i ? DGTX_SANS : DGTX_BOLD, px, bx + pad, ly, l, i ? C_TEXT : C_ACCENT);
        ly += lh;
    }
    return (dghud_rect){bx, by, bw, bh};
}

dghud_rect dghud_chip(dghud *h, float cx, float y, const char *text, dghud_rgba colour)
{
    float px = h->u * M_BODY * 0.9f, lh = dgtx_line_height(px), pad = px * 0.6f;
    float w = dgtx_width(h->tx, DGTX_BOLD, px, text) + 2 * pad, x = cx - w * 0.5f;
    dghud_rgba plate = {8, 12, 20, 214};
    rect4(h, x, y, w, lh + pad * 0.6f, (lh + pad * 0.6f) * 0.5f, plate, plate, 1.5f, colour);
    dgtx_draw(h->tx, DGTX_BOLD, px, x + pad, y + pad * 0.3f, text, colour);
    return (dghud_rect){x, y, w, lh + pad * 0.6f};
}

void dghud_end(dghud *h)
{
    GLboolean depth = glIsEnabled(GL_DEPTH_TEST), blend = glIsEnabled(GL_BLEND);
    glDisable(GL_DEPTH_TEST);
    rects_flush(h); /* sets the blending the text below draws with */
    dgtx_flush(h->tx);
    if (depth) glEnable(GL_DEPTH_TEST);
    if (!blend) glDisable(GL_BLEND);
}
