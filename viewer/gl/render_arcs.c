/* render_arcs.c - the arc buffer (a mirror of the pool's two rings, updated only where the pool
 * wrote, read by the shaders as a buffer texture), the level of detail chosen from a cost
 * model, and the comet, streak, dot and spark draws. */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "ratelog.h"
#include "glutil.h"
#include "render_int.h"

/* llvmpipe bins a whole frame before rasterising it; past ~50,000 vertices in one scene its
 * cost per vertex climbs steeply (100,000 dots: 92 ms of the main thread's CPU in one draw,
 * 19 ms in chunks with a flush between). So draws are cut into chunks of about this many
 * vertices, each flushed to the rasteriser threads, which then work while the next is built. */
#define CHUNK_VERTS 24576
/* A comet's tail is this many screen-space segments (14 vertices with the head's cap). */
#define COMET_SEGMENTS 4

/* The cost model: CPU microseconds per arc on llvmpipe (2 cores), measured with
 * `test_render --bench` (CPU time per frame over arcs drawn) at 720, 1080 and 2160 lines; the
 * fragment part grows as (h / 720)^1.5 for comets and streaks (longer and wider in pixels),
 * linearly for dots. */
#define COMET_VERT_US 2.5
#define COMET_FRAG_US 6.0
#define STREAK_VERT_US 0.3
#define STREAK_FRAG_US 0.75
#define DOT_VERT_US 0.2
#define DOT_FRAG_US 0.25
#define SKIP_US 0.03 /* an arc a sparse level visits and drops */
/* CPU time per frame the arcs may take (about 11 ms of a 2-core frame), and the comets' share
 * of it. */
#define BUDGET_US 22000.0
#define COMET_SHARE 0.5
/* Adaptive (the viewer, not the tests or a video export): when frames come slower than
 * SLOW_MS apart (the machine is busier than the model assumes: other processes, a large HUD),
 * the budget shrinks by 4% a frame; below FAST_MS it grows back by 2% a frame, to at most the
 * model's. A few percent a frame is gradual to the eye and settles within a second. */
#define SLOW_MS 24.0
#define FAST_MS 19.0
#define SCALE_MIN 0.15

bool dgr_arcs_init(dgr_arcgl *a, char *err, size_t errcap)
{
    static const char *const vs[DGR_PROGS] = {
        "arc_common.glsl+arc.vert.glsl", "arc_common.glsl+streak.vert.glsl",
        "arc_common.glsl+dot.vert.glsl", "arc_common.glsl+spark.vert.glsl"};
    static const char *const fs[DGR_PROGS] = {"arc.frag.glsl", "streak.frag.glsl",
                                              "dot.frag.glsl", "spark.frag.glsl"};
    memset(a, 0, sizeof *a);
    a->budget_scale = 1;
    for (int i = 0; i < DGR_PROGS; i++)
        if (!(a->prog[i] = dgu_program(vs[i], fs[i], err, errcap))) return false;
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
    for (int i = 0; i < DGR_PROGS; i++)
        glDeleteProgram(a->prog[i]);
    memset(a, 0, sizeof *a);
}

/* Uploads ring positions [first, first + n) of the ring at slot base (capacity cap), n <= cap,
 * splitting at the wrap. */
static void upload(const dga_inst *inst, size_t base, size_t cap, size_t first, size_t n)
{
    size_t run = n < cap - first ? n : cap - first;
    glBufferSubData(GL_TEXTURE_BUFFER, (GLintptr)((base + first) * sizeof *inst),
                    (GLsizeiptr)(run * sizeof *inst), inst + base + first);
    if (run < n)
        glBufferSubData(GL_TEXTURE_BUFFER, (GLintptr)(base * sizeof *inst),
                        (GLsizeiptr)((n - run) * sizeof *inst), inst + base);
}

/* Brings the GL buffer in line with the pool: everything for a new pool, else what each ring
 * wrote since the last frame. */
static void sync(dgr_arcgl *a, dga_pool *pool)
{
    size_t cap = dga_capacity(pool);
    glBindBuffer(GL_TEXTURE_BUFFER, a->vbo);
    if (a->pool_gen != dga_generation(pool) || a->cap != cap) {
        glBufferData(GL_TEXTURE_BUFFER, (GLsizeiptr)(cap * sizeof(dga_inst)), NULL,
                     GL_DYNAMIC_DRAW);
        glBindTexture(GL_TEXTURE_BUFFER, a->tbo);
        glTexBuffer(GL_TEXTURE_BUFFER, GL_RGBA32F, a->vbo);
        a->cap = cap;
        a->pool_gen = dga_generation(pool);
        upload(dga_instances(pool), 0, cap, 0, cap);
    } else {
        for (int t = 0; t < DGA_TIERS; t++) {
            size_t base, rcap, first, n;
            dga_tier_slots(pool, (enum dga_tier)t, &base, &rcap);
            dga_dirty_range(pool, (enum dga_tier)t, &first, &n);
            if (n > 0) upload(dga_instances(pool), base, rcap, first, n);
        }
    }
    dga_clear_dirty(pool);
}

/* A ring's live range, trimmed to its newest arcs if the buffer texture cannot address them. */
static void live_range(const dgr_arcgl *a, const dga_pool *pool, enum dga_tier tier,
                       size_t *first, size_t *n)
{
    size_t base, cap;
    dga_tier_slots(pool, tier, &base, &cap);
    dga_live_range(pool, tier, first, n);
    if (base + *n > a->max_arcs) {
        size_t keep = a->max_arcs > base ? a->max_arcs - base : 0;
        *first = (*first + *n - keep) % cap;
        *n = keep;
    }
}

/* Microseconds of CPU per comet, streak and dot at h lines (the model above). */
static void unit_costs(int h, double *comet, double *streak, double *dot)
{
    double s = h / 720.0, s15 = s * sqrt(s);
    *comet = COMET_VERT_US + COMET_FRAG_US * s15;
    *streak = STREAK_VERT_US + STREAK_FRAG_US * s15;
    *dot = DOT_VERT_US + DOT_FRAG_US * s;
}

/* Level of detail for `comets` featured and `crowd` other live arcs at h lines. Comets get
 * COMET_SHARE of the budget; the crowd gets what they leave: all streaks while they fit, then
 * a growing share of dots (each costs less than half a streak), then fewer dots, brighter.
 * Every step is continuous in the counts: no count where the frame time jumps. */
static dgr_lod choose_lod(size_t comets, size_t crowd, int h, double scale)
{
    double c_comet, c_streak, c_dot, budget_us = BUDGET_US * scale;
    unit_costs(h, &c_comet, &c_streak, &c_dot);
    size_t featured = (size_t)(budget_us * COMET_SHARE / c_comet);
    dgr_lod l = {.featured = featured,
                 .streak_hi = 1,
                 .dot_hi = 1,
                 .gain = 1};
    double left = budget_us - (double)comets * c_comet, n = (double)crowd;
    if (left < budget_us * (1 - COMET_SHARE)) left = budget_us * (1 - COMET_SHARE);
    double per_arc = n > 0 ? left / n : c_streak;
    if (per_arc < c_streak) {
        per_arc -= SKIP_US; /* a sparse level visits every arc twice */
        if (per_arc >= c_dot) {
            l.streak_hi = (float)((per_arc - c_dot) / (c_streak - c_dot));
        } else {
            l.streak_hi = 0;
            l.dot_hi = (float)(per_arc > 0 ? per_arc / c_dot : 0.01);
            l.gain = fminf(2.0f, 1.0f / sqrtf(l.dot_hi));
        }
    }
    double drawn_crowd = n * (l.streak_hi * c_streak + (l.dot_hi - l.streak_hi) * c_dot);
    l.cost_ms = ((double)comets * c_comet + drawn_crowd) / 1000.0;
    return l;
}

/* Uniforms every arc program shares; tier picks the ring. */
static void common_uniforms(GLuint prog, const dgr_renderer *r, const dga_pool *pool,
                            enum dga_tier tier, size_t first, double now_s)
{
    size_t base, cap;
    dga_tier_slots(pool, tier, &base, &cap);
    glUseProgram(prog);
    glUniformMatrix4fv(glGetUniformLocation(prog, "u_vp"), 1, GL_FALSE, r->vp[0]);
    glUniform1f(glGetUniformLocation(prog, "u_now"), (float)fmod(now_s, DGA_TIME_PERIOD));
    glUniform1f(glGetUniformLocation(prog, "u_period"), (float)DGA_TIME_PERIOD);
    glUniform1f(glGetUniformLocation(prog, "u_flight"), (float)dga_flight_s(pool));
    glUniform1i(glGetUniformLocation(prog, "u_arcs"), 0);
    glUniform1i(glGetUniformLocation(prog, "u_base"), (GLint)base);
    glUniform1i(glGetUniformLocation(prog, "u_first"), (GLint)first);
    glUniform1i(glGetUniformLocation(prog, "u_cap"), (GLint)cap);
    glUniform1f(glGetUniformLocation(prog, "u_px"), (float)r->h / 720.0f);
    glUniform2f(glGetUniformLocation(prog, "u_viewport"), (float)r->w, (float)r->h);
    glUniform3fv(glGetUniformLocation(prog, "u_eye"), 1, r->eye);
    dgr_set_colors_uniform(prog, &r->cfg.palette);
}

/* n arcs of per_arc vertices each, in chunks of about CHUNK_VERTS vertices, each flushed. */
static void draw_chunked(GLenum mode, size_t n, GLsizei per_arc)
{
    size_t chunk = CHUNK_VERTS / (size_t)per_arc;
    for (size_t done = 0; done < n; done += chunk) {
        size_t k = n - done < chunk ? n - done : chunk;
        glDrawArrays(mode, (GLint)(done * (size_t)per_arc), (GLsizei)(k * (size_t)per_arc));
        glFlush();
    }
}

/* The featured ring as comets, with their source glows and impact flashes. */
static void draw_comets(const dgr_arcgl *a, const dgr_renderer *r, const dga_pool *pool,
                        double now_s)
{
    size_t first, n;
    live_range(a, pool, DGA_FEATURED, &first, &n);
    if (n == 0) return;
    GLuint prog = a->prog[DGR_PROG_COMET];
    common_uniforms(prog, r, pool, DGA_FEATURED, first, now_s);
    glUniform1f(glGetUniformLocation(prog, "u_tail"), r->cfg.tail);
    glUniform1i(glGetUniformLocation(prog, "u_segments"), COMET_SEGMENTS);
    glUniform1f(glGetUniformLocation(prog, "u_width"), r->cfg.arc_width_px * r->h / 720.0f);
    draw_chunked(GL_TRIANGLE_STRIP, n, 2 * (COMET_SEGMENTS + 2) + 2);
    prog = a->prog[DGR_PROG_SPARK];
    common_uniforms(prog, r, pool, DGA_FEATURED, first, now_s);
    draw_chunked(GL_POINTS, n, 2);
}

/* One crowd pass: the arcs whose seed lies in [lo, hi), as streaks or dots. */
static void draw_crowd_pass(const dgr_arcgl *a, const dgr_renderer *r, const dga_pool *pool,
                            int which, float lo, float hi, double now_s)
{
    size_t first, n;
    live_range(a, pool, DGA_CROWD, &first, &n);
    if (n == 0 || hi <= lo) return;
    GLuint prog = a->prog[which];
    common_uniforms(prog, r, pool, DGA_CROWD, first, now_s);
    /* crowds get shorter tails: fewer fragments, and less clutter */
    glUniform1f(glGetUniformLocation(prog, "u_tail"), r->cfg.tail * 0.6f);
    glUniform1f(glGetUniformLocation(prog, "u_keep_lo"), lo);
    glUniform1f(glGetUniformLocation(prog, "u_keep_hi"), hi);
    glUniform1f(glGetUniformLocation(prog, "u_gain"), a->lod.gain);
    if (which == DGR_PROG_STREAK)
        draw_chunked(GL_LINES, n, 2);
    else
        draw_chunked(GL_POINTS, n, 1);
}

/* Premultiplied "over": accumulation is bounded by the colours drawn, so a dense area keeps
 * its class's hue instead of adding up to white. */
static void over_blend(void)
{
    glEnable(GL_BLEND);
    glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
}

static void describe(dgr_arcgl *a)
{
    snprintf(a->lod_text, sizeof a->lod_text,
             "%zu comets (budget %zu), crowd %zu: %.0f%% streaks, %.0f%% dots, model %.1f ms "
             "(%.0f%% of budget)",
             a->comets, a->lod.featured, a->crowd, 100.0 * a->lod.streak_hi,
             100.0 * (a->lod.dot_hi - a->lod.streak_hi), a->lod.cost_ms,
             100.0 * a->budget_scale);
}

/* The adaptive budget: follows the smoothed time between this frame and the last. */
static void adapt(dgr_arcgl *a)
{
    uint64_t now = dg_mono_ns();
    double dt = a->last_ns ? (double)(now - a->last_ns) * 1e-6 : 0;
    a->last_ns = now;
    if (!a->adaptive || dt <= 0 || dt > 1000) return;
    a->period_ms = a->period_ms > 0 ? 0.8 * a->period_ms + 0.2 * dt : dt;
    if (a->period_ms > SLOW_MS) a->budget_scale *= 0.96;
    if (a->period_ms < FAST_MS) a->budget_scale *= 1.02;
    a->budget_scale = fmin(1.0, fmax(SCALE_MIN, a->budget_scale));
}

void dgr_arcs_draw(dgr_arcgl *a, const dgr_renderer *r, dga_pool *pool, double now_s)
{
    sync(a, pool);
    a->comets = dga_tier_live(pool, DGA_FEATURED);
    a->crowd = dga_tier_live(pool, DGA_CROWD);
    adapt(a);
    a->lod = choose_lod(a->comets, a->crowd, r->h, a->budget_scale);
    dga_set_feature_budget(pool, a->lod.featured);
    describe(a);
    if (a->comets + a->crowd == 0) return;
    over_blend();
    glBindVertexArray(a->vao);
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_BUFFER, a->tbo);
    float s = a->lod.streak_hi, d = a->lod.dot_hi;
    draw_crowd_pass(a, r, pool, DGR_PROG_STREAK, 0, s, now_s);
    draw_crowd_pass(a, r, pool, DGR_PROG_DOT, s, d, now_s);
    draw_comets(a, r, pool, now_s);
    glBindTexture(GL_TEXTURE_BUFFER, 0);
}
