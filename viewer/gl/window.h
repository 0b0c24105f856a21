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
    GLsync fence; /* the previous frame, headless only */
} dgwin_window;

typedef struct dgwin_config {
    int width, height; /* window (or offscreen picture) size */
    bool headless;     /* hidden window on SDL's offscreen EGL driver */
    bool fullscreen;   /* desktop fullscreen on display */
    int display;       /* 0 = first */
    bool span;         /* one borderless window over the union of all displays */
    bool frameless;
    bool has_pos; /* x, y valid (--window) */
    int x, y;
} dgwin_config;

/* Opens the window with a GL 3.3 core context, high-DPI aware; false with a message. */
bool dgwin_open(dgwin_window *w, const dgwin_config *cfg, char *err, size_t errcap);
/* Switches desktop fullscreen on or off (F11). */
void dgwin_toggle_fullscreen(dgwin_window *w);
void dgwin_close(dgwin_window *w);
/* Refreshes width/height from the drawable (resizes, high-DPI). */
void dgwin_update_size(dgwin_window *w);
/* Reads the back buffer (before swap) and writes a PNG; false with a message on stderr. */
bool dgwin_save_png(const dgwin_window *w, const char *path);
void dgwin_swap(dgwin_window *w);

#endif
