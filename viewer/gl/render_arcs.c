/* render_arcs.c - the arc buffer (a mirror of the pool's ring, updated only where the pool
 * wrote, read by the shaders as a buffer texture) and the comet and spark draws: one draw call
 * each for every live arc. */
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "glutil.h"
#include "render_int.h"

/* Frame budgets: at most this many dots, and arcs that spark, per frame. */
#define MAX_DOTS 150000
#define MAX_SPARK_ARCS 4000

bool dgr_arcs_init(dgr_arcgl *a, char *err, size_t errcap)
{
    static const char *const vs[3] = {"arc_common.glsl+arc.vert.glsl",
                                      "arc_common.glsl+streak.vert.glsl",
                                      "arc_common.glsl+dot.vert.glsl"};
    static const char *const fs[3] = {"arc.frag.glsl", "streak.frag.glsl", "dot.frag.glsl"};
    memset(a, 0, sizeof *a);
    for (int i = 0; i < 3; i++)
        if (!(a->prog[i] = dgu_program(vs[i], fs[i], err, errcap))) return false;
    a->spark_prog = dgu_program("spark.vert.glsl", "spark.frag.glsl", err, errcap);
    if (!a->spark_prog) return false;
    /* core profile draws need a VAO even though every input comes from the buffer texture */
    glGenVertexArrays(1, &a->vao);
    glGenBuffers(1, &a->vbo);
    glGenTextures(1, &a->tbo);
    GLint texels = 0;
    glGetIntegerv(GL_MAX_TEXTURE_BUFFER_SIZE, &texels);
    a->max_arcs = (size_t)texels / 3;
    return true;
}

void dgr_arcs_free(dgr_arcgl *a)
{
    glDeleteTextures(1, &a->tbo);
    glDeleteBuffers(1, &a->vbo);
    glDeleteVertexArrays(1, &a->vao);
    for (int i = 0; i < 3; i++)
        glDeleteProgram(a->prog[i]);
    glDeleteProgram(a->spark_prog);
    memset(a, 0, sizeof *a);
}

/* Uploads slots [first, first + n) of the ring, n <= capacity, splitting at the wrap. */
static void upload(const dga_inst *inst, size_t cap, size_t first, size_t n)
{
    size_t run = n < cap - first ? n : cap - first;
    glBufferSubData(GL_TEXTURE_BUFFER, (GLintptr)(first * sizeof *inst),
                    (GLsizeiptr)(run * sizeof *inst), inst + first);
    if (run < n)
        glBufferSubData(GL_TEXTURE_BUFFER, 0, (GLsizeiptr)((n - run) * sizeof *inst), inst);
}

/* Brings the GL buffer in line with the pool: whole ring for a new pool, else the dirty range. */
static void sync(dgr_arcgl *a, dga_pool *pool)
{
    size_t cap = dga_capacity(pool), first, n;
    glBindBuffer(GL_TEXTURE_BUFFER, a->vbo);
    if (a->pool_gen != dga_generation(pool) || a->cap != cap) {
        glBufferData(GL_TEXTURE_BUFFER, (GLsizeiptr)(cap * sizeof(dga_inst)), NULL,
                     GL_DYNAMIC_DRAW);
        glBindTexture(GL_TEXTURE_BUFFER, a->tbo);
        glTexBuffer(GL_TEXTURE_BUFFER, GL_RGBA32F, a->vbo);
        a->cap = cap;
        a->pool_gen = dga_generation(pool);
        upload(dga_instances(pool), cap, 0, cap);
    } else {
        dga_dirty_range(pool, &first, &n);
        if (n > 0) upload(dga_instances(pool), cap, first, n);
    }
    dga_clear_dirty(pool);
}

/* The live range, trimmed to its newest arcs if the buffer texture cannot address them all. */
static void live_range(const dgr_arcgl *a, const dga_pool *pool, size_t *first, size_t *n)
{
    dga_live_range(pool, first, n);
    if (*n > a->max_arcs) {
        *first = (*first + *n - a->max_arcs) % a->cap;
        *n = a->max_arcs;
    }
}

/* Level of detail for n live arcs. llvmpipe pays ~0.25 us per vertex on one core and ~10 ns
 * per blended fragment, so crowds get fewer vertices and smaller footprints (measurements in
 * docs/rendering.md). */
static dgr_lod choose_lod(size_t n)
{
    if (n <= 3000) return (dgr_lod){DGR_LOD_RIBBON, 4, 1};
    if (n <= 6000) return (dgr_lod){DGR_LOD_RIBBON, 2, 1};
    if (n <= 40000) return (dgr_lod){DGR_LOD_STREAK, 0, 1};
    return (dgr_lod){DGR_LOD_DOT, 0, n > MAX_DOTS ? (int)((n + MAX_DOTS - 1) / MAX_DOTS) : 1};
}

/* Uniforms every arc program shares. */
static void common_uniforms(GLuint prog, const dgr_renderer *r, const dga_pool *pool, double now_s,
                            size_t first, int stride)
{
    glUseProgram(prog);
    glUniformMatrix4fv(glGetUniformLocation(prog, "u_vp"), 1, GL_FALSE, r->vp[0]);
    glUniform1f(glGetUniformLocation(prog, "u_now"), (float)fmod(now_s, DGA_TIME_PERIOD));
    glUniform1f(glGetUniformLocation(prog, "u_period"), (float)DGA_TIME_PERIOD);
    glUniform1f(glGetUniformLocation(prog, "u_flight"), (float)dga_flight_s(pool));
    glUniform1i(glGetUniformLocation(prog, "u_arcs"), 0);
    glUniform1i(glGetUniformLocation(prog, "u_first"), (GLint)first);
    glUniform1i(glGetUniformLocation(prog, "u_cap"), (GLint)dga_capacity(pool));
    glUniform1i(glGetUniformLocation(prog, "u_stride"), stride);
    glUniform1f(glGetUniformLocation(prog, "u_px"), (float)r->h / 720.0f);
    dgr_set_colors_uniform(prog, &r->cfg.palette);
}

/* The comets: one draw call for every live arc (or every stride-th one). */
static void draw_comets(dgr_arcgl *a, const dgr_renderer *r, const dga_pool *pool, double now_s,
                        size_t first, size_t n)
{
    dgr_lod lod = a->lod;
    GLuint prog = a->prog[lod.mode];
    size_t drawn = n / (size_t)lod.stride;
    common_uniforms(prog, r, pool, now_s, first, lod.stride);
    /* crowds get shorter tails: fewer fragments, and less clutter */
    float tail = lod.mode == DGR_LOD_RIBBON ? r->cfg.tail : r->cfg.tail * 0.6f;
    glUniform1f(glGetUniformLocation(prog, "u_tail"), tail);
    if (lod.mode == DGR_LOD_RIBBON) {
        GLsizei per_arc = 2 * (lod.segments + 2) + 2;
        glUniform2f(glGetUniformLocation(prog, "u_viewport"), (float)r->w, (float)r->h);
        glUniform1i(glGetUniformLocation(prog, "u_segments"), lod.segments);
        glUniform1f(glGetUniformLocation(prog, "u_width"), r->cfg.arc_width_px * r->h / 720.0f);
        glDrawArrays(GL_TRIANGLE_STRIP, 0, (GLsizei)drawn * per_arc);
    } else if (lod.mode == DGR_LOD_STREAK) {
        glDrawArrays(GL_LINES, 0, (GLsizei)drawn * 2);
    } else {
        glDrawArrays(GL_POINTS, 0, (GLsizei)drawn);
    }
}

/* Source glows and impact flashes, sampled down to MAX_SPARK_ARCS with matching brightness. */
static void draw_sparks(dgr_arcgl *a, const dgr_renderer *r, const dga_pool *pool, double now_s,
                        size_t first, size_t n)
{
    int stride = n > MAX_SPARK_ARCS ? (int)((n + MAX_SPARK_ARCS - 1) / MAX_SPARK_ARCS) : 1;
    common_uniforms(a->spark_prog, r, pool, now_s, first, stride);
    glUniform3fv(glGetUniformLocation(a->spark_prog, "u_eye"), 1, r->eye);
    glUniform1f(glGetUniformLocation(a->spark_prog, "u_gain"), sqrtf((float)stride));
    glDrawArrays(GL_POINTS, 0, (GLsizei)(n / (size_t)stride) * 2);
}

void dgr_arcs_draw(dgr_arcgl *a, const dgr_renderer *r, dga_pool *pool, double now_s)
{
    sync(a, pool);
    size_t first, n;
    live_range(a, pool, &first, &n);
    a->lod = choose_lod(n);
    if (n == 0) return;
    glBindVertexArray(a->vao);
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_BUFFER, a->tbo);
    draw_comets(a, r, pool, now_s, first, n);
    draw_sparks(a, r, pool, now_s, first, n);
    glBindTexture(GL_TEXTURE_BUFFER, 0);
}
