/* shaders.h - GLSL sources embedded from shaders/ at build time (cmake/embed.cmake).
 * Threads: any (returns static strings). */
#ifndef DG_SHADERS_H
#define DG_SHADERS_H

/* Source of shaders/<name> (e.g. "arc.vert.glsl"), or NULL when there is none. */
const char *dg_shader_source(const char *name);

#endif
