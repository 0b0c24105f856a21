/* window.h - the SDL window (or hidden offscreen surface) and its GL 3.3 core context.
 * Owns: SDL video init, the window, the GL context, GLEW, vsync and PNG capture.
 * Threads: main (render) thread only. */
#ifndef DG_WINDOW_H
#define DG_WINDOW_H

#include <GL/glew.h>
#include <SDL2/SDL.h>
#include <stdbool.h>

typedef struct dgwin_window {
    SDL_Window *win;
    SDL_GLContext gl;
    int width, height; /* drawable size in pixels */
    bool headless;
    GLsync fence;        /* the previous frame, headless only */
} dgwin_window;

/* Opens a window (or, headless, a hidden window on SDL's offscreen EGL driver) with a GL
 * 3.3 core context; false with a message in err. */
bool dgwin_open(dgwin_window *w, const char *title, int width, int height, bool headless, char *err,
                size_t errcap);
void dgwin_close(dgwin_window *w);
/* Refreshes width/height from the drawable (resizes, high-DPI). */
void dgwin_update_size(dgwin_window *w);
/* Reads the back buffer (before swap) and writes a PNG; false with a message on stderr. */
bool dgwin_save_png(const dgwin_window *w, const char *path);
void dgwin_swap(dgwin_window *w);

#endif
