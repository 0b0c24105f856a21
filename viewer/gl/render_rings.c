/* render_rings.c - pulsing alert rings on the globe, one instanced draw for all of them. */
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

bool dgr_rings_init(dgr_ringgl *g, char *err, size_t errcap)
{
    g->n = 0;
    g->prog = dgu_program("ring.vert.glsl", "ring.frag.glsl", err, errcap);
    if (!g->prog) return false;
    glGenVertexArrays(1, &g->vao);
    glGenBuffers(1, &g->vbo);
    glBindVertexArray(g->vao);
    glBindBuffer(GL_ARRAY_BUFFER, g->vbo);
    glBufferData(GL_ARRAY_BUFFER, sizeof(ring_inst) * DGR_MAX_RINGS, NULL, GL_DYNAMIC_DRAW);
    const GLsizei st = sizeof(ring_inst);
    glVertexAttribPointer(0, 3, GL_FLOAT, GL_FALSE, st, (void *)offsetof(ring_inst, centre));
    glVertexAttribPointer(1, 4, GL_FLOAT, GL_FALSE, st, (void *)offsetof(ring_inst, color_age));
    glVertexAttribPointer(2, 1, GL_FLOAT, GL_FALSE, st, (void *)offsetof(ring_inst, radius));
    for (GLuint i = 0; i < 3; i++) {
        glEnableVertexAttribArray(i);
        glVertexAttribDivisor(i, 1);
    }
    glBindVertexArray(0);
    return true;
}

void dgr_rings_free(dgr_ringgl *g)
{
    glDeleteBuffers(1, &g->vbo);
    glDeleteVertexArrays(1, &g->vao);
    glDeleteProgram(g->prog);
    g->n = 0;
}

/* Rings change age every frame, so all of them (at most DGR_MAX_RINGS) are re-sent. */
void dgr_rings_draw(dgr_ringgl *g, const dgr_renderer *r, double now_s)
{
    if (g->n == 0) return;
    ring_inst inst[DGR_MAX_RINGS];
    for (size_t i = 0; i < g->n; i++) {
        const dgr_ring *s = &g->rings[i];
        float la = glm_rad(s->lat), lo = glm_rad(s->lon);
        double age = now_s - s->start_s;
        inst[i] =
            (ring_inst){{cosf(la) * sinf(lo), sinf(la), cosf(la) * cosf(lo)},
                        {s->rgb[0], s->rgb[1], s->rgb[2], (float)fmod(age > 0 ? age : 0, 1024.0)},
                        glm_rad(s->radius_deg > 0 ? s->radius_deg : 2.0f)};
    }
    glBindVertexArray(g->vao);
    glBindBuffer(GL_ARRAY_BUFFER, g->vbo);
    glBufferSubData(GL_ARRAY_BUFFER, 0, (GLsizeiptr)(g->n * sizeof *inst), inst);
    glUseProgram(g->prog);
    glUniformMatrix4fv(glGetUniformLocation(g->prog, "u_vp"), 1, GL_FALSE, r->vp[0]);
    glUniform1i(glGetUniformLocation(g->prog, "u_steps"), RING_STEPS);
    glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 2 * (RING_STEPS + 1), (GLsizei)g->n);
}
