/* text.c - stb_truetype glyphs baked on demand into one atlas, drawn in batches. */
#include "text.h"

#include "glutil.h"

#include <GL/glew.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if __has_include(<stb/stb_truetype.h>)
#include <stb/stb_easy_font.h>
#include <stb/stb_truetype.h>
#else
#include <stb_easy_font.h>
#include <stb_truetype.h>
#endif

#define ATLAS 2048
#define CACHE_CAP 8192 /* power of two */
#define CACHE_MAX 6000 /* reset above this load */
#define MAX_QUADS 16384
#define SOLID_UV (1.0f / ATLAS) /* texel (1,1) of the 4x4 white block at the origin */
#define MAX_FONTS 5

typedef struct font {
    unsigned char *data;
    stbtt_fontinfo info;
    bool ok;
} font;

typedef struct glyph {
    uint64_t key;         /* 0: empty slot */
    int16_t x0, y0, w, h; /* bitmap offset from the pen on the baseline, size */
    uint16_t ax, ay;      /* atlas position */
    float adv;
    bool box;
} glyph;

typedef struct vert {
    float x, y, u, v;
    dgtx_rgba c;
} vert;

struct dgtx {
    font fonts[MAX_FONTS]; /* 0..2: styles, 3: DejaVu Sans fallback, 4: CJK */
    char cjk_path[512];
    bool cjk_tried, have_fonts;
    GLuint prog, vao, vbo, tex;
    GLint u_view, u_atlas;
    int vw, vh;
    glyph *cache;
    int cache_n;
    int pen_x, pen_y, row_h; /* shelf packer */
    vert *verts;
    int nverts;
    void (*hook)(void *);
    void *hook_ctx;
    uint64_t boxes;
};

static const char *default_fonts[DGTX_STYLE_COUNT] = {
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"};

static const char *cjk_candidates[] = {"/usr/share/opentype/noto/NotoSansCJK-Regular.ttc",
                                       "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
                                       "/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf",
                                       "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
                                       "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
                                       NULL};

uint32_t dgtx_utf8_next(const char **p)
{
    const unsigned char *s = (const unsigned char *)*p;
    if (!s[0]) return 0;
    int n = s[0] < 0x80             ? 0
            : (s[0] & 0xE0) == 0xC0 ? 1
            : (s[0] & 0xF0) == 0xE0 ? 2
            : (s[0] & 0xF8) == 0xF0 ? 3
                                    : -1;
    uint32_t cp = n == 0 ? s[0] : n == 1 ? s[0] & 0x1Fu : n == 2 ? s[0] & 0x0Fu : s[0] & 0x07u;
    for (int i = 1; i <= n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            n = -1;
        else
            cp = (cp << 6) | (s[i] & 0x3Fu);
        if (n < 0) break;
    }
    static const uint32_t min_cp[] = {0, 0x80, 0x800, 0x10000};
    if (n < 0 || cp < min_cp[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        *p += 1;
        return 0xFFFD;
    }
    *p += n + 1;
    return cp;
}

static bool font_load(font *f, const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) return false;
    fseek(fp, 0, SEEK_END);
    long len = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    f->data = len > 0 ? malloc((size_t)len) : NULL;
    bool ok = f->data && fread(f->data, 1, (size_t)len, fp) == (size_t)len;
    fclose(fp);
    int off = ok ? stbtt_GetFontOffsetForIndex(f->data, 0) : -1;
    f->ok = ok && off >= 0 && stbtt_InitFont(&f->info, f->data, off);
    if (!f->ok) {
        free(f->data);
        f->data = NULL;
    }
    return f->ok;
}

/* The CJK font is large (tens of MB): it is read on the first glyph the others lack. */
static font *cjk_font(dgtx *t)
{
    if (!t->cjk_tried) {
        t->cjk_tried = true;
        if (t->cjk_path[0]) font_load(&t->fonts[4], t->cjk_path);
        for (int i = 0; !t->fonts[4].ok && !t->cjk_path[0] && cjk_candidates[i]; i++)
            font_load(&t->fonts[4], cjk_candidates[i]);
    }
    return t->fonts[4].ok ? &t->fonts[4] : NULL;
}

/* The font of style's chain that has cp, and the glyph index; NULL when none has it. */
static font *find_glyph(dgtx *t, int style, uint32_t cp, int *gi)
{
    font *chain[3] = {&t->fonts[style], &t->fonts[3], NULL};
    for (int i = 0; i < 2; i++) {
        if (chain[i]->ok && (*gi = stbtt_FindGlyphIndex(&chain[i]->info, (int)cp))) return chain[i];
    }
    font *c = cp >= 0x2E80 || cp == 0x3000 ? cjk_font(t) : NULL;
    if (c && (*gi = stbtt_FindGlyphIndex(&c->info, (int)cp))) return c;
    return NULL;
}

bool dgtx_has_glyph(dgtx *t, int style, uint32_t cp)
{
    int gi;
    if (style < 0 || style >= DGTX_STYLE_COUNT) style = DGTX_SANS;
    if (find_glyph(t, style, cp, &gi)) return true;
    font *c = cjk_font(t);
    return c && stbtt_FindGlyphIndex(&c->info, (int)cp);
}

/* Clears the atlas (keeping the white block at the origin) and the glyph cache. */
static void atlas_reset(dgtx *t)
{
    memset(t->cache, 0, sizeof(glyph) * CACHE_CAP);
    t->cache_n = 0;
    t->pen_x = 6;
    t->pen_y = 0;
    t->row_h = 6;
    unsigned char *zero = calloc(ATLAS, ATLAS); /* NULL: GL leaves it undefined, still usable */
    glBindTexture(GL_TEXTURE_2D, t->tex);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, ATLAS, ATLAS, 0, GL_RED, GL_UNSIGNED_BYTE, zero);
    unsigned char white[16];
    memset(white, 255, sizeof white);
    glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, 4, 4, GL_RED, GL_UNSIGNED_BYTE, white);
    free(zero);
}

static bool gl_setup(dgtx *t)
{
    t->prog = dgu_program_or_warn("text.vert.glsl", "text.frag.glsl");
    if (!t->prog) return false;
    t->u_view = glGetUniformLocation(t->prog, "u_view");
    t->u_atlas = glGetUniformLocation(t->prog, "u_atlas");
    glGenVertexArrays(1, &t->vao);
    glGenBuffers(1, &t->vbo);
    glBindVertexArray(t->vao);
    glBindBuffer(GL_ARRAY_BUFFER, t->vbo);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, sizeof(vert), (void *)0);
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, sizeof(vert), (void *)offsetof(vert, u));
    glEnableVertexAttribArray(2);
    glVertexAttribPointer(2, 4, GL_UNSIGNED_BYTE, GL_TRUE, sizeof(vert), (void *)offsetof(vert, c));
    glBindVertexArray(0);
    glGenTextures(1, &t->tex);
    glBindTexture(GL_TEXTURE_2D, t->tex);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    atlas_reset(t);
    return true;
}

static void load_fonts(dgtx *t, const dgtx_config *cfg)
{
    const char *missing = NULL;
    for (int s = 0; s < DGTX_STYLE_COUNT; s++) {
        const char *path = cfg && cfg->font[s] ? cfg->font[s] : default_fonts[s];
        if (!font_load(&t->fonts[s], path) && !missing) missing = path;
    }
    const char *sans = cfg && cfg->font[DGTX_SANS] ? cfg->font[DGTX_SANS] : default_fonts[0];
    font_load(&t->fonts[3], sans);
    if (!t->fonts[3].ok) /* any style that loaded serves as the common fallback */
        for (int s = 1; s < DGTX_STYLE_COUNT && !t->fonts[3].ok; s++)
            if (t->fonts[s].ok) {
                const char *p = cfg && cfg->font[s] ? cfg->font[s] : default_fonts[s];
                font_load(&t->fonts[3], p);
            }
    t->have_fonts = t->fonts[3].ok;
    if (missing)
        fprintf(stderr, "darkglobe: cannot load font %s (install fonts-dejavu-core); %s\n", missing,
                t->have_fonts ? "using DejaVu Sans in its place"
                              : "text falls back to built-in ASCII strokes");
    if (cfg && cfg->cjk) snprintf(t->cjk_path, sizeof t->cjk_path, "%s", cfg->cjk);
}

dgtx *dgtx_create(const dgtx_config *cfg)
{
    dgtx *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    t->cache = calloc(CACHE_CAP, sizeof(glyph));
    t->verts = malloc(sizeof(vert) * 6 * MAX_QUADS);
    if (!t->cache || !t->verts || !gl_setup(t)) {
        dgtx_destroy(t);
        return NULL;
    }
    load_fonts(t, cfg);
    return t;
}

void dgtx_destroy(dgtx *t)
{
    if (!t) return;
    for (int i = 0; i < MAX_FONTS; i++)
        free(t->fonts[i].data);
    if (t->prog) glDeleteProgram(t->prog);
    if (t->vao) glDeleteVertexArrays(1, &t->vao);
    if (t->vbo) glDeleteBuffers(1, &t->vbo);
    if (t->tex) glDeleteTextures(1, &t->tex);
    free(t->cache);
    free(t->verts);
    free(t);
}

bool dgtx_has_fonts(const dgtx *t)
{
    return t->have_fonts;
}

uint64_t dgtx_boxes_drawn(const dgtx *t)
{
    return t->boxes;
}

void dgtx_set_flush_hook(dgtx *t, void (*fn)(void *), void *ctx)
{
    t->hook = fn;
    t->hook_ctx = ctx;
}

void dgtx_begin(dgtx *t, int w, int h)
{
    if (h != t->vh && t->vh) atlas_reset(t);
    t->vw = w;
    t->vh = h;
    t->nverts = 0;
}

float dgtx_line_height(float px)
{
    return ceilf(px * 1.25f);
}

/* Finds room for a w x h bitmap on the shelves; false when the atlas is full. */
static bool atlas_alloc(dgtx *t, int w, int h, int *x, int *y)
{
    if (t->pen_x + w + 1 > ATLAS) {
        t->pen_y += t->row_h + 1;
        t->pen_x = 0;
        t->row_h = 0;
    }
    if (t->pen_y + h + 1 > ATLAS || w + 1 > ATLAS) return false;
    *x = t->pen_x;
    *y = t->pen_y;
    t->pen_x += w + 1;
    if (h > t->row_h) t->row_h = h;
    return true;
}

static void upload(dgtx *t, int x, int y, int w, int h, const unsigned char *px)
{
    glBindTexture(GL_TEXTURE_2D, t->tex);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexSubImage2D(GL_TEXTURE_2D, 0, x, y, w, h, GL_RED, GL_UNSIGNED_BYTE, px);
}

/* A hollow rectangle for code points no font has. */
static unsigned char *box_bitmap(int px, glyph *g)
{
    g->w = (int16_t)fmaxf(3, roundf(px * 0.55f));
    g->h = (int16_t)fmaxf(4, roundf(px * 0.7f));
    g->x0 = (int16_t)roundf(px * 0.08f);
    g->y0 = (int16_t)-g->h;
    g->adv = roundf(px * 0.72f);
    g->box = true;
    int lw = px >= 32 ? 2 : 1;
    unsigned char *b = calloc((size_t)g->w * g->h, 1);
    for (int y = 0; b && y < g->h; y++)
        for (int x = 0; x < g->w; x++)
            if (x < lw || y < lw || x >= g->w - lw || y >= g->h - lw) b[y * g->w + x] = 255;
    return b;
}

static unsigned char *glyph_bitmap(dgtx *t, int style, uint32_t cp, int px, glyph *g)
{
    int gi = 0;
    font *f = find_glyph(t, style, cp, &gi);
    if (!f) return box_bitmap(px, g);
    float sc = stbtt_ScaleForMappingEmToPixels(&f->info, (float)px);
    int adv, lsb, x0, y0, x1, y1;
    stbtt_GetGlyphHMetrics(&f->info, gi, &adv, &lsb);
    stbtt_GetGlyphBitmapBox(&f->info, gi, sc, sc, &x0, &y0, &x1, &y1);
    g->x0 = (int16_t)x0;
    g->y0 = (int16_t)y0;
    g->w = (int16_t)(x1 - x0);
    g->h = (int16_t)(y1 - y0);
    g->adv = roundf(adv * sc);
    unsigned char *b = calloc((size_t)(g->w > 0 ? g->w : 1) * (g->h > 0 ? g->h : 1), 1);
    if (b && g->w > 0 && g->h > 0) stbtt_MakeGlyphBitmap(&f->info, b, g->w, g->h, g->w, sc, sc, gi);
    return b;
}

static uint64_t glyph_key(int style, uint32_t cp, int px)
{
    return ((uint64_t)cp << 16) | ((uint64_t)style << 12) | (uint64_t)px | (1ULL << 63);
}

static glyph *cache_slot(dgtx *t, uint64_t key)
{
    uint64_t h = key * 0x9e3779b97f4a7c15ULL;
    for (uint32_t i = (uint32_t)(h >> 51);; i = (i + 1) & (CACHE_CAP - 1))
        if (t->cache[i].key == key || t->cache[i].key == 0) return &t->cache[i];
}

static void flush_full(dgtx *t)
{
    if (t->nverts && t->hook) t->hook(t->hook_ctx);
    dgtx_flush(t);
    atlas_reset(t);
}

/* The cached glyph, baked and uploaded on first use; NULL only when out of memory. */
static const glyph *get_glyph(dgtx *t, int style, uint32_t cp, int px)
{
    uint64_t key = glyph_key(style, cp, px);
    glyph *g = cache_slot(t, key);
    if (g->key == key) return g;
    if (t->cache_n >= CACHE_MAX) {
        flush_full(t);
        g = cache_slot(t, key);
    }
    glyph ng = {.key = key};
    unsigned char *bmp = glyph_bitmap(t, style, cp, px, &ng);
    if (!bmp) return NULL;
    int x = 0, y = 0;
    if (ng.w > 0 && ng.h > 0 && !atlas_alloc(t, ng.w, ng.h, &x, &y)) {
        flush_full(t);
        g = cache_slot(t, key);
        if (!atlas_alloc(t, ng.w, ng.h, &x, &y)) ng.w = ng.h = 0; /* larger than the atlas */
    }
    if (ng.w > 0 && ng.h > 0) upload(t, x, y, ng.w, ng.h, bmp);
    free(bmp);
    ng.ax = (uint16_t)x;
    ng.ay = (uint16_t)y;
    *g = ng;
    t->cache_n++;
    return g;
}

static int clamp_px(float px)
{
    int p = (int)lroundf(px);
    return p < 4 ? 4 : p > 1000 ? 1000 : p;
}

static void push_quad(dgtx *t, float x0, float y0, float x1, float y1, float u0, float v0, float u1,
                      float v1, dgtx_rgba c)
{
    if (t->nverts + 6 > 6 * MAX_QUADS) dgtx_flush(t);
    vert *v = &t->verts[t->nverts];
    v[0] = (vert){x0, y0, u0, v0, c};
    v[1] = (vert){x1, y0, u1, v0, c};
    v[2] = (vert){x1, y1, u1, v1, c};
    v[3] = v[0];
    v[4] = v[2];
    v[5] = (vert){x0, y1, u0, v1, c};
    t->nverts += 6;
}

/* Ascent of the style's font at px, so that y is the top of the line box. */
static float ascent(dgtx *t, int style, int px)
{
    font *f = t->fonts[style].ok ? &t->fonts[style] : &t->fonts[3];
    int asc, desc, gap;
    stbtt_GetFontVMetrics(&f->info, &asc, &desc, &gap);
    float sc = stbtt_ScaleForMappingEmToPixels(&f->info, (float)px);
    float line = dgtx_line_height((float)px), h = (asc - desc) * sc;
    return roundf(asc * sc + (line - h) * 0.5f);
}

/* stb_easy_font strokes, scaled; ASCII only (others become '?'). */
static float easy_draw(dgtx *t, float px, float x, float y, const char *s, dgtx_rgba c, bool draw)
{
    char ascii[512];
    size_t n = 0;
    for (uint32_t cp; n + 1 < sizeof ascii && (cp = dgtx_utf8_next(&s));)
        ascii[n++] = cp < 0x80 && cp >= 0x20 ? (char)cp : '?';
    ascii[n] = 0;
    float k = px / 10.0f;
    if (!draw) return stb_easy_font_width(ascii) * k;
    static char buf[512 * 270];
    int quads = stb_easy_font_print(0, 0, ascii, NULL, buf, sizeof buf);
    for (int q = 0; q < quads; q++) {
        const float *v0 = (const float *)(buf + q * 64), *v2 = (const float *)(buf + q * 64 + 32);
        float ox = x, oy = y + px * 0.2f;
        push_quad(t, ox + v0[0] * k, oy + v0[1] * k, ox + v2[0] * k, oy + v2[1] * k, SOLID_UV,
                  SOLID_UV, SOLID_UV, SOLID_UV, c);
    }
    return stb_easy_font_width(ascii) * k;
}

/* Lays out utf8; queues quads when draw is set. Returns the advance in pixels. */
static float layout(dgtx *t, int style, float pxf, float x, float y, const char *s, dgtx_rgba c,
                    bool draw)
{
    if (!s) return 0;
    if (style < 0 || style >= DGTX_STYLE_COUNT) style = DGTX_SANS;
    if (!t->have_fonts) return easy_draw(t, pxf, x, y, s, c, draw);
    int px = clamp_px(pxf);
    float pen = roundf(x), base = roundf(y) + ascent(t, style, px);
    for (uint32_t cp; (cp = dgtx_utf8_next(&s));) {
        const glyph *g = get_glyph(t, style, cp, px);
        if (!g) break;
        if (draw && g->w > 0) {
            float x0 = pen + g->x0, y0 = base + g->y0;
            push_quad(t, x0, y0, x0 + g->w, y0 + g->h, (float)g->ax / ATLAS, (float)g->ay / ATLAS,
                      (float)(g->ax + g->w) / ATLAS, (float)(g->ay + g->h) / ATLAS, c);
        }
        if (draw && g->box) t->boxes++;
        pen += g->adv;
    }
    return pen - roundf(x);
}

float dgtx_draw(dgtx *t, int style, float px, float x, float y, const char *utf8, dgtx_rgba c)
{
    return layout(t, style, px, x, y, utf8, c, true);
}

float dgtx_width(dgtx *t, int style, float px, const char *utf8)
{
    return layout(t, style, px, 0, 0, utf8, (dgtx_rgba){0}, false);
}

char *dgtx_fit(dgtx *t, int style, float px, const char *utf8, float max_w, char *out, size_t cap)
{
    if (!cap) return out;
    snprintf(out, cap, "%s", utf8 ? utf8 : "");
    if (dgtx_width(t, style, px, out) <= max_w) return out;
    static const char ell[] = "\xE2\x80\xA6"; /* U+2026 */
    float ew = dgtx_width(t, style, px, ell);
    size_t keep = 0;
    for (const char *p = out; *p;) {
        const char *q = p;
        dgtx_utf8_next(&q);
        char save = out[q - out];
        out[q - out] = 0;
        bool fits = dgtx_width(t, style, px, out) + ew <= max_w;
        out[q - out] = save;
        if (!fits) break;
        keep = (size_t)(q - out);
        p = q;
    }
    if (keep + sizeof ell <= cap)
        memcpy(out + keep, ell, sizeof ell);
    else
        out[keep] = 0;
    return out;
}

/* Appends n bytes of s to out (o: bytes used), as far as cap allows. */
static void put_bytes(char *out, size_t cap, size_t *o, const char *s, size_t n)
{
    if (*o + n >= cap) n = cap > *o + 1 ? cap - *o - 1 : 0;
    memcpy(out + *o, s, n);
    *o += n;
    out[*o] = '\0';
}

/* End of the longest run of whole words from p that fits max_w; p itself if not one does. */
static const char *words_that_fit(dgtx *t, int style, float px, const char *p, float max_w)
{
    char buf[512];
    const char *best = p;
    for (const char *q = p; *q;) {
        while (*q == ' ')
            q++;
        while (*q && *q != ' ')
            q++;
        size_t len = (size_t)(q - p);
        if (len >= sizeof buf) break;
        memcpy(buf, p, len);
        buf[len] = '\0';
        if (dgtx_width(t, style, px, buf) > max_w) break;
        best = q;
    }
    return best;
}

int dgtx_wrap(dgtx *t, int style, float px, const char *utf8, float max_w, int max_lines, char *out,
              size_t cap)
{
    size_t o = 0;
    int lines = 0;
    char word[512], fit[512];
    if (!cap) return 0;
    out[0] = '\0';
    for (const char *p = utf8 ? utf8 : ""; lines < max_lines;) {
        while (*p == ' ')
            p++;
        if (!*p) break;
        if (lines) put_bytes(out, cap, &o, "\n", 1);
        lines++;
        const char *end = lines == max_lines ? p : words_that_fit(t, style, px, p, max_w);
        if (end == p) { /* the last line, or one word too wide: cut it */
            const char *q = p;
            while (*q && (lines == max_lines || *q != ' '))
                q++;
            size_t n = (size_t)(q - p) < sizeof word ? (size_t)(q - p) : sizeof word - 1;
            memcpy(word, p, n);
            word[n] = '\0';
            dgtx_fit(t, style, px, word, max_w, fit, sizeof fit);
            put_bytes(out, cap, &o, fit, strlen(fit));
            p = q;
            continue;
        }
        put_bytes(out, cap, &o, p, (size_t)(end - p));
        p = end;
    }
    return lines;
}

float dgtx_fit_size(dgtx *t, int style, float px, const char *utf8, float max_w, float min_scale)
{
    float w = dgtx_width(t, style, px, utf8), lo = px * min_scale;
    if (w <= max_w || w <= 0) return px;
    float s = floorf(px * max_w / w);
    return s < lo ? lo : s;
}

void dgtx_flush(dgtx *t)
{
    if (!t->nverts || t->vw <= 0 || t->vh <= 0) {
        t->nverts = 0;
        return;
    }
    glUseProgram(t->prog);
    glUniform2f(t->u_view, (float)t->vw, (float)t->vh);
    glUniform1i(t->u_atlas, 0);
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, t->tex);
    glBindVertexArray(t->vao);
    glBindBuffer(GL_ARRAY_BUFFER, t->vbo);
    GLsizeiptr bytes = (GLsizeiptr)(sizeof(vert) * (size_t)t->nverts);
    glBufferData(GL_ARRAY_BUFFER, bytes, NULL, GL_STREAM_DRAW); /* orphan last frame's */
    glBufferSubData(GL_ARRAY_BUFFER, 0, bytes, t->verts);
    glDrawArrays(GL_TRIANGLES, 0, t->nverts);
    glBindVertexArray(0);
    t->nverts = 0;
}
