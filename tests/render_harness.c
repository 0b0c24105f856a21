/* render_harness.c - headless SDL/GL context for tests (see render_harness.h). */
#include "render_harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <GL/glew.h>
#include <SDL2/SDL.h>
#include <stb_image_write.h>

struct rh_context {
    SDL_Window *win;
    SDL_GLContext gl;
    int w, h;
};

rh_context *rh_open(int w, int h, char *err, size_t errcap)
{
    /* explicit: SDL >= 2.30 does not pick the offscreen driver by itself */
    setenv("SDL_VIDEODRIVER", "offscreen", 1);
    if (SDL_Init(SDL_INIT_VIDEO) != 0) {
        snprintf(err, errcap, "SDL_Init: %s", SDL_GetError());
        return NULL;
    }
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
    SDL_GL_SetAttribute(SDL_GL_DEPTH_SIZE, 24);
    SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
    rh_context *c = calloc(1, sizeof *c);
    c->w = w, c->h = h;
    c->win = SDL_CreateWindow("darkglobe-test", 0, 0, w, h, SDL_WINDOW_OPENGL | SDL_WINDOW_HIDDEN);
    if (c->win) c->gl = SDL_GL_CreateContext(c->win);
    if (!c->gl) {
        snprintf(err, errcap, "SDL GL context: %s", SDL_GetError());
        rh_close(c);
        return NULL;
    }
    glewExperimental = GL_TRUE;
    GLenum ge = glewInit();
    /* 4 = GLEW_ERROR_NO_GLX_DISPLAY: benign with EGL, the entry points are loaded anyway */
    if (ge != GLEW_OK && ge != 4) {
        snprintf(err, errcap, "glewInit: %s", (const char *)glewGetErrorString(ge));
        rh_close(c);
        return NULL;
    }
    while (glGetError() != GL_NO_ERROR) {
    }
    return c;
}

void rh_close(rh_context *c)
{
    if (!c) return;
    if (c->gl) SDL_GL_DeleteContext(c->gl);
    if (c->win) SDL_DestroyWindow(c->win);
    free(c);
    SDL_Quit();
}

void rh_read(rh_context *c, unsigned char *rgba)
{
    size_t row = (size_t)c->w * 4;
    unsigned char *tmp = malloc(row);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadBuffer(GL_BACK);
    glReadPixels(0, 0, c->w, c->h, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
    for (int y = 0; y < c->h / 2; y++) {
        unsigned char *a = rgba + row * y, *b = rgba + row * (c->h - 1 - y);
        memcpy(tmp, a, row), memcpy(a, b, row), memcpy(b, tmp, row);
    }
    free(tmp);
}

bool rh_write_png(const char *path, const unsigned char *rgba, int w, int h)
{
    return stbi_write_png(path, w, h, 4, rgba, w * 4) != 0;
}

void rh_swap(rh_context *c)
{
    SDL_GL_SwapWindow(c->win);
}

const char *rh_renderer(void)
{
    const char *s = (const char *)glGetString(GL_RENDERER);
    return s ? s : "?";
}
