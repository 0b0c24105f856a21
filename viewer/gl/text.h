/* text.h - TrueType text for the HUD and globe labels.
 * Owns: the fonts (DejaVu Sans / Bold / Mono, a CJK fallback loaded on first need), a bounded
 * glyph atlas texture baked on demand at the exact pixel size, UTF-8 decoding, and one batched
 * vertex stream drawn with shaders text.*.glsl (one VBO orphaned per flush, one draw call).
 * Missing glyph: primary font, then DejaVu Sans, then the CJK font, else a box. No font file
 * at all: one message on stderr, then stb_easy_font's built-in ASCII strokes.
 * Threads: render thread only, with the GL context current (dgtx_utf8_next: any thread). */
#ifndef DG_TEXT_H
#define DG_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct dgtx dgtx;

enum dgtx_style { DGTX_SANS, DGTX_BOLD, DGTX_MONO, DGTX_STYLE_COUNT };

typedef struct dgtx_rgba {
    uint8_t r, g, b, a;
} dgtx_rgba;

/* Font files; NULL fields take the Debian defaults (fonts-dejavu-core, fonts-noto-cjk). */
typedef struct dgtx_config {
    const char *font[DGTX_STYLE_COUNT];
    const char *cjk; /* a .ttf/.otf/.ttc with CJK glyphs (face 0 of a collection) */
} dgtx_config;

/* Needs a current GL 3.3 context; NULL only when the shaders fail (message on stderr).
 * cfg may be NULL. */
dgtx *dgtx_create(const dgtx_config *cfg);
void dgtx_destroy(dgtx *t);
/* True when the TrueType fonts loaded (false: the stb_easy_font fallback is in use). */
bool dgtx_has_fonts(const dgtx *t);
/* True when some font of style's chain has a glyph for cp (loads the CJK font if needed). */
bool dgtx_has_glyph(dgtx *t, int style, uint32_t cp);

/* Starts a frame of a w x h pixel viewport; a new height drops the atlas (sizes follow it). */
void dgtx_begin(dgtx *t, int w, int h);
/* Queues utf8 at pixel size px (em size) with its line box's top-left at (x, y), pixels from
 * the top-left corner. Returns the advance width in pixels. */
float dgtx_draw(dgtx *t, int style, float px, float x, float y, const char *utf8, dgtx_rgba c);
/* Width in pixels utf8 would take. */
float dgtx_width(dgtx *t, int style, float px, const char *utf8);
/* Copies utf8 into out (cap bytes), cut at a character boundary and ended with an ellipsis
 * when it is wider than max_w; returns out. */
char *dgtx_fit(dgtx *t, int style, float px, const char *utf8, float max_w, char *out, size_t cap);
/* Breaks utf8 at spaces into at most max_lines lines no wider than max_w, written into out
 * separated by '\n'; what does not fit on the last line ends it with an ellipsis, and a word
 * wider than a line is cut the same way. Returns the number of lines (0 for empty text). */
int dgtx_wrap(dgtx *t, int style, float px, const char *utf8, float max_w, int max_lines, char *out,
              size_t cap);
/* The largest size <= px at which utf8 fits in max_w (never below px * min_scale). */
float dgtx_fit_size(dgtx *t, int style, float px, const char *utf8, float max_w, float min_scale);
/* Height of a line of size px (the box dgtx_draw's y refers to). */
float dgtx_line_height(float px);
/* Draws what is queued (one draw call per atlas generation) and empties the queue. */
void dgtx_flush(dgtx *t);
/* Called before dgtx flushes on its own (atlas full mid-frame), so that a caller with
 * geometry meant to sit under the text can draw it first. */
void dgtx_set_flush_hook(dgtx *t, void (*fn)(void *), void *ctx);
/* Glyphs drawn as boxes (no font has them) since create; for tests and diagnostics. */
uint64_t dgtx_boxes_drawn(const dgtx *t);

/* Next code point of a UTF-8 string, advancing *p; U+FFFD for each invalid byte, 0 at the end. */
uint32_t dgtx_utf8_next(const char **p);

#endif
