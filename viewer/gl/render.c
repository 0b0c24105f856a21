/* render.c - the Atlas view's public API and frame orchestration (see render.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "glutil.h"
#include "../sync.h"
#include "render_int.h"

void dgr_config_defaults(dgr_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->globe_texture = DGR_DEFAULT_DAY_TEXTURE;
    cfg->night_texture = DGR_DEFAULT_NIGHT_TEXTURE;
    cfg->style = DGR_STYLE_DARK;
    dgp_default(&cfg->palette);
    cfg->arc_width_px = 3.6f;
    cfg->tail = 0.22f;
    cfg->stars = true;
}

static const char *const style_names[] = {"dark", "satellite", "night"};

bool dgr_style_parse(const char *name, enum dgr_style *out)
{
    for (int i = 0; name && i < 3; i++)
        if (strcmp(name, style_names[i]) == 0) {
            *out = (enum dgr_style)i;
            return true;
        }
    return false;
}

const char *dgr_style_name(enum dgr_style style)
{
    return (unsigned)style < 3 ? style_names[style] : "?";
}

dgr_renderer *dgr_create(const dgr_config *cfg, char *err, size_t errcap)
{
    if (!dgu_have_gl33(err, errcap)) return NULL;
    dgr_renderer *r = calloc(1, sizeof *r);
    if (!r) {
        snprintf(err, errcap, "renderer: out of memory");
        return NULL;
    }
    r->cfg = *cfg;
    if (!(r->cfg.arc_width_px > 0)) r->cfg.arc_width_px = 3.6f;
    if (!(r->cfg.tail > 0)) r->cfg.tail = 0.22f;
    if (r->cfg.tail > 1) r->cfg.tail = 1;
    bool ok = dgr_globe_init(&r->globe, &r->cfg, err, errcap) &&
              dgr_arcs_init(&r->arcs, err, errcap) && dgr_rings_init(&r->rings, err, errcap);
    if (!ok) {
        dgr_destroy(r);
        return NULL;
    }
    return r;
}

void dgr_destroy(dgr_renderer *r)
{
    if (!r) return;
    dgr_globe_free(&r->globe);
    dgr_arcs_free(&r->arcs);
    dgr_rings_free(&r->rings);
    free(r);
}

void dgr_set_colors_uniform(GLuint prog, const dgp_palette *p)
{
    float slots[DGP_SLOTS][3];
    dgp_slots(p, slots);
    glUniform3fv(glGetUniformLocation(prog, "u_colors"), DGP_SLOTS, &slots[0][0]);
}

/* Additive blending: glows add up. No depth buffer anywhere: what the globe hides is decided
 * per vertex against the sphere (arc_common.glsl arc_visible), which spares llvmpipe a depth
 * clear, a depth write per globe pixel and a depth test per arc fragment. */
static void additive(void)
{
    glEnable(GL_BLEND);
    glBlendFunc(GL_ONE, GL_ONE);
}

void dgr_set_tile(dgr_renderer *r, int cols, int rows, int index)
{
    r->tile_cols = cols;
    r->tile_rows = rows;
    r->tile_index = index;
}

void dgr_frame(dgr_renderer *r, const dgc_camera *cam, dga_pool *arcs, double now_s, int w, int h)
{
    mat4 view, proj;
    r->w = w > 0 ? w : 1, r->h = h > 0 ? h : 1;
    int cols = r->tile_cols ? r->tile_cols : 1, rows = r->tile_rows ? r->tile_rows : 1;
    dgc_matrices(cam, (float)(cols * r->w) / (float)(rows * r->h), view, proj);
    if (cols * rows > 1) {
        mat4 t;
        dgsync_tile_matrix(cols, rows, r->tile_index, t);
        glm_mat4_mul(t, proj, proj);
    }
    glm_mat4_mul(proj, view, r->vp);
    dgc_eye(cam, r->eye);
    glViewport(0, 0, r->w, r->h);
    glDisable(GL_DEPTH_TEST);
    glDepthMask(GL_FALSE);
    glClearColor(DGU_SPACE_R, DGU_SPACE_G, DGU_SPACE_B, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    glEnable(GL_PROGRAM_POINT_SIZE);
    if (r->cfg.stars) {
        additive();
        dgr_globe_draw_stars(&r->globe, r);
    }
    /* opaque, over the stars behind it; back faces culled, so each pixel is shaded once */
    glDisable(GL_BLEND);
    glEnable(GL_CULL_FACE);
    dgr_globe_draw(&r->globe, r);
    glDisable(GL_CULL_FACE);
    additive();
    dgr_globe_draw_halo(&r->globe, r);
    dgr_rings_draw(&r->rings, r, now_s);
    if (arcs) dgr_rings_draw_sensors(&r->rings, r, arcs);
    if (arcs) dgr_arcs_draw(&r->arcs, r, arcs, now_s);
    glDisable(GL_BLEND);
    glDepthMask(GL_TRUE);
    glBindVertexArray(0);
    glUseProgram(0);
}

bool dgr_project(const dgr_renderer *r, float lat, float lon, float alt, float *sx, float *sy)
{
    float la = glm_rad(lat), lo = glm_rad(lon), rad = 1.0f + alt;
    vec4 p = {rad * cosf(la) * sinf(lo), rad * sinf(la), rad * cosf(la) * cosf(lo), 1.0f}, c;
    /* hidden if the segment from the eye to p enters the globe before reaching p */
    vec3 d;
    glm_vec3_sub(p, (float *)r->eye, d);
    float a = glm_vec3_dot(d, d), b = 2 * glm_vec3_dot((float *)r->eye, d);
    float cc = glm_vec3_dot((float *)r->eye, (float *)r->eye) - 1.0f, disc = b * b - 4 * a * cc;
    if (disc > 0 && (-b - sqrtf(disc)) / (2 * a) < 0.999f) return false;
    glm_mat4_mulv((vec4 *)r->vp, p, c);
    if (c[3] <= 1e-6f) return false;
    *sx = (c[0] / c[3] * 0.5f + 0.5f) * (float)r->w;
    *sy = (0.5f - c[1] / c[3] * 0.5f) * (float)r->h;
    return true;
}

size_t dgr_set_rings(dgr_renderer *r, const dgr_ring *rings, size_t n)
{
    if (n > DGR_MAX_RINGS) n = DGR_MAX_RINGS;
    if (n) memcpy(r->rings.rings, rings, n * sizeof *rings);
    r->rings.n = n;
    return n;
}

void dgr_set_palette(dgr_renderer *r, const dgp_palette *p)
{
    r->cfg.palette = *p;
}

void dgr_set_style(dgr_renderer *r, enum dgr_style style)
{
    r->cfg.style = style;
}

void dgr_set_adaptive(dgr_renderer *r, bool on)
{
    r->arcs.adaptive = on;
    if (!on) r->arcs.budget_scale = 1;
}

const char *dgr_arc_lod(const dgr_renderer *r)
{
    return r->arcs.lod_text;
}
