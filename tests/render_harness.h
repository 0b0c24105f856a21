/* render_harness.h - headless GL for the render tests and the benchmark: an SDL offscreen
 * (EGL) window with a GL 3.3 core context, pixel readback and PNG output.
 * Threads: the test's main thread. */
#ifndef DG_RENDER_HARNESS_H
#define DG_RENDER_HARNESS_H

#include <stdbool.h>
#include <stddef.h>

typedef struct rh_context rh_context;

/* Creates a hidden w x h window with a current GL 3.3 core context and initialised GLEW;
 * NULL with a message in err on failure. */
rh_context *rh_open(int w, int h, char *err, size_t errcap);
void rh_close(rh_context *c);
/* Reads the back buffer as tightly packed RGBA8, row 0 = TOP of the image. */
void rh_read(rh_context *c, unsigned char *rgba);
/* Writes RGBA8 (row 0 = top) as a PNG; false on failure. */
bool rh_write_png(const char *path, const unsigned char *rgba, int w, int h);
/* Finishes the frame (swap) so the next one starts clean. */
void rh_swap(rh_context *c);
/* The GL_RENDERER string, for the log. */
const char *rh_renderer(void);

#endif
