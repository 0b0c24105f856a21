/* window.c - see window.h. */
#include "window.h"

#include <GL/glew.h>
#include <stb/stb_image_write.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool init_video(bool headless, char *err, size_t errcap)
{
    /* SDL 2.30+ no longer falls back to the offscreen driver by itself, and the dummy
     * driver has no GL: ask for offscreen explicitly unless the user chose a driver. */
    if (headless && !getenv("SDL_VIDEODRIVER")) setenv("SDL_VIDEODRIVER", "offscreen", 1);
    if (SDL_Init(SDL_INIT_VIDEO) != 0) {
        snprintf(err, errcap, "cannot start video (%s)%s", SDL_GetError(),
                 headless ? "" : "; without a display use --headless");
        return false;
    }
    return true;
}

static bool init_glew(char *err, size_t errcap)
{
    glewExperimental = GL_TRUE;
    GLenum e = glewInit();
    /* GLEW built for GLX reports "no GLX display" under EGL although the core entry points
     * are loaded; check for the functions we use instead of trusting that code. */
    if (e != GLEW_OK && !(e == 4 && glCreateShader && glDrawArraysInstanced && glGenVertexArrays)) {
        snprintf(err, errcap, "cannot load OpenGL functions: %s", glewGetErrorString(e));
        return false;
    }
    while (glGetError() != GL_NO_ERROR) {
    }
    return true;
}

/* Where the window goes: a display, the union of all displays, or an explicit position. */
static SDL_Rect placement(const dgwin_config *c)
{
    SDL_Rect r = {SDL_WINDOWPOS_CENTERED_DISPLAY(c->display),
                  SDL_WINDOWPOS_CENTERED_DISPLAY(c->display), c->width, c->height};
    int n = SDL_GetNumVideoDisplays();
    if (c->span && !c->headless && n > 0) {
        SDL_GetDisplayBounds(0, &r);
        for (int i = 1; i < n; i++) {
            SDL_Rect b;
            if (SDL_GetDisplayBounds(i, &b) == 0) SDL_UnionRect(&r, &b, &r);
        }
    } else if (c->has_pos) {
        r.x = c->x;
        r.y = c->y;
    }
    return r;
}

static Uint32 window_flags(const dgwin_config *c)
{
    Uint32 f = SDL_WINDOW_OPENGL | SDL_WINDOW_ALLOW_HIGHDPI;
    if (c->headless) return f | SDL_WINDOW_HIDDEN;
    f |= SDL_WINDOW_RESIZABLE;
    if (c->frameless || c->span) f |= SDL_WINDOW_BORDERLESS;
    if (c->fullscreen && !c->span) f |= SDL_WINDOW_FULLSCREEN_DESKTOP;
    return f;
}

bool dgwin_open(dgwin_window *w, const dgwin_config *cfg, char *err, size_t errcap)
{
    memset(w, 0, sizeof *w);
    w->headless = cfg->headless;
    if (!init_video(cfg->headless, err, errcap)) return false;
    if (cfg->display >= SDL_GetNumVideoDisplays() && !cfg->headless) {
        snprintf(err, errcap, "--display %d: only %d display(s)", cfg->display,
                 SDL_GetNumVideoDisplays());
        SDL_QuitSubSystem(SDL_INIT_VIDEO);
        return false;
    }
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
    SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
    /* No depth buffer: nothing is depth-tested (render.c), and with one llvmpipe keeps every
     * draw binned to a tile even when a later opaque draw covers the tile whole. */
    SDL_GL_SetAttribute(SDL_GL_DEPTH_SIZE, 0);
    SDL_Rect r = placement(cfg);
    w->win = SDL_CreateWindow("darkglobe", r.x, r.y, r.w, r.h, window_flags(cfg));
    if (w->win) w->gl = SDL_GL_CreateContext(w->win);
    if (!w->win || !w->gl) {
        snprintf(err, errcap, "cannot create an OpenGL 3.3 core context: %s", SDL_GetError());
        dgwin_close(w);
        return false;
    }
    if (!init_glew(err, errcap)) {
        dgwin_close(w);
        return false;
    }
    SDL_GL_SetSwapInterval(cfg->headless ? 0 : 1);
    dgwin_update_size(w);
    return true;
}

void dgwin_toggle_fullscreen(dgwin_window *w)
{
    bool full = SDL_GetWindowFlags(w->win) & SDL_WINDOW_FULLSCREEN_DESKTOP;
    SDL_SetWindowFullscreen(w->win, full ? 0 : SDL_WINDOW_FULLSCREEN_DESKTOP);
    dgwin_update_size(w);
}

void dgwin_close(dgwin_window *w)
{
    if (w->fence) glDeleteSync(w->fence);
    w->fence = NULL;
    if (w->gl) SDL_GL_DeleteContext(w->gl);
    if (w->win) SDL_DestroyWindow(w->win);
    w->gl = NULL;
    w->win = NULL;
    SDL_QuitSubSystem(SDL_INIT_VIDEO);
}

void dgwin_update_size(dgwin_window *w)
{
    SDL_GL_GetDrawableSize(w->win, &w->width, &w->height);
}

bool dgwin_save_png(const dgwin_window *w, const char *path)
{
    int wd = w->width, ht = w->height;
    unsigned char *px = malloc((size_t)wd * ht * 3);
    if (!px) return false;
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadBuffer(GL_BACK);
    glReadPixels(0, 0, wd, ht, GL_RGB, GL_UNSIGNED_BYTE, px);
    stbi_flip_vertically_on_write(1);
    int ok = stbi_write_png(path, wd, ht, 3, px, wd * 3);
    free(px);
    if (!ok) fprintf(stderr, "darkglobe: cannot write screenshot %s\n", path);
    return ok != 0;
}

void dgwin_swap(dgwin_window *w)
{
    SDL_GL_SwapWindow(w->win);
    /* Offscreen there is no vsync to pace us: llvmpipe would queue frames until a buffer
     * update has to wait for all of them, a stall of up to a second. Keep at most one
     * frame in flight: wait for the previous one, fence this one. */
    if (!w->headless) return;
    if (w->fence) {
        glClientWaitSync(w->fence, GL_SYNC_FLUSH_COMMANDS_BIT, 2000000000ull);
        glDeleteSync(w->fence);
    }
    w->fence = glFenceSync(GL_SYNC_GPU_COMMANDS_COMPLETE, 0);
}
