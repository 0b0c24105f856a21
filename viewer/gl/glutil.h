/* glutil.h - small GL helpers for the renderer: programs from the embedded shaders with
 * readable compile/link errors, texture upload, and a check that the GL 3.3 entry points the
 * renderer uses are loaded (glewInit may report error 4 with SDL's offscreen/EGL driver while
 * everything works, so the functions themselves are checked instead).
 * Threads: the thread whose GL context is current. */
#ifndef DG_GLUTIL_H
#define DG_GLUTIL_H

#include <stdbool.h>
#include <stddef.h>

#include <GL/glew.h>

/* The colour of space behind the globe: the renderer clears to it, and the HUD composes its
 * panels over it once on the CPU so that they can be drawn opaque (see hud.c panel_rect4). */
#define DGU_SPACE_R 0.008f
#define DGU_SPACE_G 0.012f
#define DGU_SPACE_B 0.024f

/* Compiles and links shaders/<vs_name> and shaders/<fs_name>; a name may join up to four files
 * with '+' ("arc_common.glsl+arc.vert.glsl"), concatenated in order. 0 and a message naming the
 * file and the driver's log on failure. */
GLuint dgu_program(const char *vs_name, const char *fs_name, char *err, size_t errcap);
/* dgu_program with the message printed as "darkglobe: <message>"; 0 on failure. */
GLuint dgu_program_or_warn(const char *vs_name, const char *fs_name);
/* Uploads tightly packed RGBA8 pixels (row 0 = top = v 0); wraps in s (longitude), clamps in t.
 * Mipmapped when asked (trilinear), else bilinear. */
GLuint dgu_texture_rgba(const unsigned char *px, int w, int h, bool mipmap);
/* False, with the missing function's name, when a GL 3.3 entry point the renderer needs is
 * not loaded. */
bool dgu_have_gl33(char *err, size_t errcap);

#endif
