/* render_rings.c - rings on the globe, one instanced draw per kind: pulsing alert rings, and
 * steady sensor rings whose size follows the rate of drawn traffic landing at the sensor. */
#include <math.h>
#include <string.h>

#include "glutil.h"
#include "render_int.h"

#define RING_STEPS 48

/* Per-ring instance: centre (3), rgb + age (4), radius (1). */
typedef struct ring_inst {
    float centre[3];
    float color_age[4];
    float radius;
} ring_inst;

/* One kind's instance buffer (cap instances) and its vertex layout. */
static void init_kind(GLuint vao, GLuint vbo, size_t cap)
{
    glBindVertexArray(vao);
    glBindBuffer(GL_ARRAY_BUFFER, vbo);
    glBufferData(GL_ARRAY_BUFFER, (GLsizeiptr)(sizeof(ring_inst) * cap), NULL, GL_DYNAMIC_DRAW);
    const GLsizei st = sizeof(ring_inst);
    glVertexAttribPointer(0, 3, GL_FLOAT, GL_FALSE, st, (void *)offsetof(ring_inst, centre));
    glVertexAttribPointer(1, 4, GL_FLOAT, GL_FALSE, st, (void *)offsetof(ring_inst, color_age));
    glVertexAttribPointer(2, 1, GL_FLOAT, GL_FALSE, st, (void *)offsetof(ring_inst, radius));
    for (GLuint i = 0; i < 3; i++) {
        glEnableVertexAttribArray(i);
        glVertexAttribDivisor(i, 1);
    }
    glBindVertexArray(0);
}

bool dgr_rings_init(dgr_ringgl *g, char *err, size_t errcap)
{
    g->n = 0;
    g->prog = dgu_program("ring.vert.glsl", "ring.frag.glsl", err, errcap);
    if (!g->prog) return false;
    glGenVertexArrays(DGR_RING_KINDS, g->vao);
    glGenBuffers(DGR_RING_KINDS, g->vbo);
    init_kind(g->vao[DGR_RINGS_ALERT], g->vbo[DGR_RINGS_ALERT], DGR_MAX_RINGS);
    init_kind(g->vao[DGR_RINGS_SENSOR], g->vbo[DGR_RINGS_SENSOR], DGAG_MAX_SENSORS);
    return true;
}

void dgr_rings_free(dgr_ringgl *g)
{
    glDeleteBuffers(DGR_RING_KINDS, g->vbo);
    glDeleteVertexArrays(DGR_RING_KINDS, g->vao);
    glDeleteProgram(g->prog);
    g->n = 0;
}

/* Sends n ring instances of a kind and draws them; sensor rings have no pulse and no fill. */
static void draw_instances(dgr_ringgl *g, const dgr_renderer *r, int kind, const ring_inst *inst,
                           size_t n)
{
    bool steady = kind == DGR_RINGS_SENSOR;
    glBindVertexArray(g->vao[kind]);
    glBindBuffer(GL_ARRAY_BUFFER, g->vbo[kind]);
    glBufferSubData(GL_ARRAY_BUFFER, 0, (GLsizeiptr)(n * sizeof *inst), inst);
    glUseProgram(g->prog);
    glUniformMatrix4fv(glGetUniformLocation(g->prog, "u_vp"), 1, GL_FALSE, r->vp[0]);
    glUniform3fv(glGetUniformLocation(g->prog, "u_eye"), 1, r->eye);
    glUniform1i(glGetUniformLocation(g->prog, "u_steps"), RING_STEPS);
    glUniform1f(glGetUniformLocation(g->prog, "u_steady"), steady ? 1.0f : 0.0f);
    glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 2 * (RING_STEPS + 1), (GLsizei)n);
}

static void unit(float lat, float lon, float out[3])
{
    float la = glm_rad(lat), lo = glm_rad(lon);
    out[0] = cosf(la) * sinf(lo), out[1] = sinf(la), out[2] = cosf(la) * cosf(lo);
}

/* Rings change age every frame, so all of them (at most DGR_MAX_RINGS) are re-sent. */
void dgr_rings_draw(dgr_ringgl *g, const dgr_renderer *r, double now_s)
{
    if (g->n == 0) return;
    ring_inst inst[DGR_MAX_RINGS];
    for (size_t i = 0; i < g->n; i++) {
        const dgr_ring *s = &g->rings[i];
        double age = now_s - s->start_s;
        inst[i] = (ring_inst){.color_age = {s->rgb[0], s->rgb[1], s->rgb[2],
                                            (float)fmod(age > 0 ? age : 0, 1024.0)},
                              .radius = glm_rad(s->radius_deg > 0 ? s->radius_deg : 2.0f)};
        unit(s->lat, s->lon, inst[i].centre);
    }
    draw_instances(g, r, DGR_RINGS_ALERT, inst, g->n);
}

float dgr_sensor_ring_deg(double pps)
{
    return 0.6f + 0.9f * (float)log10(1.0 + (pps > 0 ? pps : 0));
}

/* A dim silver ring per sensor with traffic: low in chroma like the map, so it reads as a
 * gauge, not as a class, and drawn "over" (bounded) so a ring crossing a coast stays grey. */
void dgr_rings_draw_sensors(dgr_ringgl *g, const dgr_renderer *r, const dga_pool *pool)
{
    dgag_sensor s[DGAG_MAX_SENSORS];
    size_t n = dgag_sensors(dga_aggregator(pool), s, DGAG_MAX_SENSORS);
    if (n == 0) return;
    ring_inst inst[DGAG_MAX_SENSORS];
    for (size_t i = 0; i < n; i++) {
        inst[i] = (ring_inst){.color_age = {0.27f, 0.30f, 0.35f, 0},
                              .radius = glm_rad(dgr_sensor_ring_deg(s[i].pps))};
        unit(s[i].lat, s[i].lon, inst[i].centre);
    }
    glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    draw_instances(g, r, DGR_RINGS_SENSOR, inst, n);
    glBlendFunc(GL_ONE, GL_ONE);
}
