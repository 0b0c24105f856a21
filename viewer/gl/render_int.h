/* render_int.h - state shared by the renderer's files (render.c, globe.c, render_arcs.c).
 * Not a public API. Threads: the render thread with the GL context current. */
#ifndef DG_RENDER_INT_H
#define DG_RENDER_INT_H

#include <GL/glew.h>
#include <cglm/cglm.h>

#include "render.h"

typedef struct dgr_globe {
    GLuint prog, vao, vbo, ibo;
    GLsizei n_index;
    GLuint tex[3]; /* per enum dgr_style, baked; 0 where its image is missing */
    GLuint halo_prog, halo_vao;
    GLuint star_prog, star_vao, star_vbo;
    GLsizei n_stars;
} dgr_globe;

/* How arcs are drawn this frame (render_arcs.c choose_lod): the featured ring as comets, the
 * crowd as streaks (seeds below streak_hi), dots (seeds in [streak_hi, dot_hi)) or not at all
 * (the rest), the ones drawn brightened by gain. */
typedef struct dgr_lod {
    size_t featured; /* featured arcs the pool should keep live: the comet budget */
    float streak_hi, dot_hi, gain;
    double cost_ms; /* the cost model's CPU time for this frame's arcs */
} dgr_lod;

enum { DGR_PROG_COMET, DGR_PROG_STREAK, DGR_PROG_DOT, DGR_PROG_SPARK, DGR_PROGS };

typedef struct dgr_arcgl {
    GLuint prog[DGR_PROGS], vao, vbo, tbo;
    size_t cap;        /* arcs the buffer holds */
    size_t max_arcs;   /* arcs the buffer texture can address */
    uint32_t pool_gen; /* pool the buffer mirrors */
    dgr_lod lod;       /* level of detail of the last frame */
    size_t comets, crowd; /* live arcs of each ring in the last frame */
    bool adaptive;        /* the budget follows the measured frame period */
    double budget_scale;  /* 0.15 .. 1 of BUDGET_US */
    double period_ms;     /* smoothed time between frames */
    uint64_t last_ns;
    char lod_text[96];
} dgr_arcgl;

enum { DGR_RINGS_ALERT, DGR_RINGS_SENSOR, DGR_RING_KINDS };

typedef struct dgr_ringgl {
    GLuint prog;
    /* per kind: a buffer of its own, so updating one never waits on a draw from the other */
    GLuint vao[DGR_RING_KINDS], vbo[DGR_RING_KINDS];
    dgr_ring rings[DGR_MAX_RINGS];
    size_t n;
} dgr_ringgl;

struct dgr_renderer {
    dgr_config cfg;
    dgr_globe globe;
    dgr_arcgl arcs;
    dgr_ringgl rings;
    mat4 vp;
    vec3 eye;
    int w, h;
    int tile_cols, tile_rows, tile_index; /* video wall tile; 1x1:0 when not tiled */
};

/* globe.c */
bool dgr_globe_init(dgr_globe *g, const dgr_config *cfg, char *err, size_t errcap);
void dgr_globe_free(dgr_globe *g);
void dgr_globe_draw_stars(const dgr_globe *g, const dgr_renderer *r);
void dgr_globe_draw(const dgr_globe *g, const dgr_renderer *r);
void dgr_globe_draw_halo(const dgr_globe *g, const dgr_renderer *r);

/* render_arcs.c */
bool dgr_arcs_init(dgr_arcgl *a, char *err, size_t errcap);
void dgr_arcs_free(dgr_arcgl *a);
void dgr_arcs_draw(dgr_arcgl *a, const dgr_renderer *r, dga_pool *pool, double now_s);

/* render_rings.c */
bool dgr_rings_init(dgr_ringgl *g, char *err, size_t errcap);
void dgr_rings_free(dgr_ringgl *g);
void dgr_rings_draw(dgr_ringgl *g, const dgr_renderer *r, double now_s);
void dgr_rings_draw_sensors(dgr_ringgl *g, const dgr_renderer *r, const dga_pool *pool);

/* Uploads the palette's colour slots to a program's u_colors (program must be bound). */
void dgr_set_colors_uniform(GLuint prog, const dgp_palette *p);

#endif
