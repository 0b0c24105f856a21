/* render.h - the Atlas view: background stars, the globe (dark / satellite / night styles),
 * its atmosphere, alert rings, sensor rings sized by their traffic's rate, and every live arc
 * of a dga_pool built on the GPU: featured arcs as comets with source glows and impact
 * flashes, the crowd as streaks or dots, chosen each frame by a cost model; colours blend
 * bounded ("over"), so they keep their hue at any density.
 * Owns: all GL objects of the view (programs, textures, buffers); the arc instance buffer
 * mirrors the pool's rings and is updated only where the pool wrote since the last frame.
 * Threads: the render thread, with the GL 3.3 core context current (GLEW initialised). */
#ifndef DG_RENDER_H
#define DG_RENDER_H

#include <stdbool.h>
#include <stddef.h>

#include "../arcs.h"
#include "../camera.h"
#include "../palette.h"

#define DGR_DEFAULT_DAY_TEXTURE "/usr/share/xplanet/images/earth.jpg"
#define DGR_DEFAULT_NIGHT_TEXTURE "/usr/share/xplanet/images/night.jpg"
#define DGR_MAX_RINGS 256

enum dgr_style { DGR_STYLE_DARK, DGR_STYLE_SATELLITE, DGR_STYLE_NIGHT };

typedef struct dgr_config {
    const char *globe_texture; /* equirectangular day image; NULL or "" for none */
    const char *night_texture; /* equirectangular city lights; NULL or "" for none */
    enum dgr_style style;
    dgp_palette palette;
    float arc_width_px; /* head radius in pixels at 720 lines; <= 0 for the default */
    float tail;         /* comet tail, fraction of the path; <= 0 for the default */
    bool stars;         /* background star field */
} dgr_config;

typedef struct dgr_renderer dgr_renderer;

/* A pulsing alert ring on the globe. */
typedef struct dgr_ring {
    float lat, lon;   /* degrees */
    float radius_deg; /* ring radius, degrees of arc (e.g. 2) */
    float rgb[3];     /* 0..1 */
    double start_s;   /* app time the ring appeared: the pulse runs from here */
} dgr_ring;

/* Defaults: the Debian xplanet textures, dark style, Okabe-Ito palette, stars on. */
void dgr_config_defaults(dgr_config *cfg);
/* "dark", "satellite", "night" -> style; false otherwise. */
bool dgr_style_parse(const char *name, enum dgr_style *out);
const char *dgr_style_name(enum dgr_style style);

/* Needs a current GL 3.3 core context. A texture that fails to load is not an error: the globe
 * falls back to a procedural one and ONE warning line goes to stderr. NULL with a message in
 * err when shaders fail or GL 3.3 functions are missing. */
dgr_renderer *dgr_create(const dgr_config *cfg, char *err, size_t errcap);
void dgr_destroy(dgr_renderer *r);

/* Draws the whole view into the current framebuffer (w x h pixels) at app time now_s: clear,
 * stars, globe, atmosphere, rings, arcs, glows and flashes. Uploads what the pool wrote since
 * the last frame and clears its dirty range. Leaves blending and depth test disabled, VAO and
 * program unbound, viewport (0, 0, w, h), so the HUD can draw next. */
void dgr_frame(dgr_renderer *r, const dgc_camera *cam, dga_pool *arcs, double now_s, int w, int h);

/* Screen position (pixels, origin top-left, y down) of lat/lon at alt globe radii above the
 * surface, as drawn by the last dgr_frame; false when it is hidden behind the globe or behind
 * the camera (the position may lie outside the viewport). */
bool dgr_project(const dgr_renderer *r, float lat, float lon, float alt, float *sx, float *sy);

/* Radius in degrees of a sensor's ring for pps packets/s of drawn traffic landing there:
 * 0.6 + 0.9 log10(1 + pps) (1.5 at 10 pkt/s, 3.3 at 1,000, 5.1 at 100,000). */
float dgr_sensor_ring_deg(double pps);

/* Replaces the alert rings (copied; at most DGR_MAX_RINGS are kept). Returns how many. */
size_t dgr_set_rings(dgr_renderer *r, const dgr_ring *rings, size_t n);
void dgr_set_palette(dgr_renderer *r, const dgp_palette *p);
void dgr_set_style(dgr_renderer *r, enum dgr_style style);
/* Draws only tile index (row-major from the top-left) of a cols x rows video wall whose
 * tiles each have the size passed to dgr_frame; dgr_project then answers in tile pixels. */
void dgr_set_tile(dgr_renderer *r, int cols, int rows, int index);

/* Adaptive level of detail (off at create): the arcs' cost budget shrinks while frames come
 * more than 24 ms apart and grows back below 19 ms, a few percent a frame (render_arcs.c). For
 * the interactive viewer; pictures that must be reproducible (tests, video export) leave it off. */
void dgr_set_adaptive(dgr_renderer *r, bool on);

/* Level of detail of the last frame's arcs, in words: comets drawn (the featured arcs) and
 * how the crowd was drawn (shares of streaks and dots), with the cost model's estimate. */
const char *dgr_arc_lod(const dgr_renderer *r);

#endif
