/* test_export.c - headless GL: numbered PNG screenshots and the PPM video stream (header,
 * size, orientation, fixed size across resizes, and a reader that goes away). */
#include "check.h"
#include "export.h"

#include <GL/glew.h>
#include <SDL2/SDL.h>
#include <fcntl.h>
#include <signal.h>
#include <stb/stb_image.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static bool gl_open(SDL_Window **win, SDL_GLContext *ctx)
{
    setenv("SDL_VIDEODRIVER", "offscreen", 1);
    if (SDL_Init(SDL_INIT_VIDEO) != 0) {
        fprintf(stderr, "SDL_Init: %s\n", SDL_GetError());
        return false;
    }
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
    *win = SDL_CreateWindow("test_export", 0, 0, 64, 64, SDL_WINDOW_OPENGL | SDL_WINDOW_HIDDEN);
    *ctx = *win ? SDL_GL_CreateContext(*win) : NULL;
    if (!*ctx) {
        fprintf(stderr, "no GL context: %s\n", SDL_GetError());
        return false;
    }
    glewExperimental = GL_TRUE;
    GLenum e = glewInit();
    /* Debian's GLX-built GLEW says NO_GLX_DISPLAY (4) under EGL, yet loads the functions. */
    if (e != GLEW_OK && e != 4) return false;
    return glGenFramebuffers && glFramebufferTexture2D;
}

/* An FBO of w x h: dark blue, with a red block in the top-left quarter. */
static GLuint scene(int w, int h, GLuint *tex)
{
    GLuint fbo;
    glGenTextures(1, tex);
    glBindTexture(GL_TEXTURE_2D, *tex);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, NULL);
    glGenFramebuffers(1, &fbo);
    glBindFramebuffer(GL_FRAMEBUFFER, fbo);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, *tex, 0);
    glViewport(0, 0, w, h);
    glClearColor(0, 0, 0.5f, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    glEnable(GL_SCISSOR_TEST);
    glScissor(0, h / 2, w / 2, h - h / 2); /* GL's y runs up: this is the top-left */
    glClearColor(1, 0, 0, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    glDisable(GL_SCISSOR_TEST);
    return fbo;
}

static void drop(GLuint fbo, GLuint tex)
{
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    glDeleteFramebuffers(1, &fbo);
    glDeleteTextures(1, &tex);
}

static unsigned char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    *len = (size_t)ftell(f);
    rewind(f);
    unsigned char *b = malloc(*len + 1);
    if (b && fread(b, 1, *len, f) != *len) *len = 0;
    fclose(f);
    return b;
}

static void test_ppm(const char *dir)
{
    char path[600], err[256];
    snprintf(path, sizeof path, "%s/stream.ppm", dir);
    dgex_ppm *p = dgex_ppm_open(path, err, sizeof err);
    CHECK(p != NULL);
    if (!p) return;
    GLuint tex, fbo = scene(64, 48, &tex);
    CHECK(dgex_ppm_frame(p, 64, 48));
    drop(fbo, tex);
    fbo = scene(32, 80, &tex); /* a resize: cropped/padded to 64 x 48 */
    CHECK(dgex_ppm_frame(p, 32, 80));
    drop(fbo, tex);
    CHECK_EQ_INT(dgex_ppm_frames(p), 2);
    dgex_ppm_close(p);
    size_t len = 0;
    unsigned char *b = slurp(path, &len);
    const char hdr[] = "P6\n64 48\n255\n";
    size_t hl = sizeof hdr - 1, img = 64 * 48 * 3;
    CHECK_EQ_INT(len, 2 * (hl + img));
    if (!b || len != 2 * (hl + img)) {
        free(b);
        return;
    }
    CHECK(!memcmp(b, hdr, hl) && !memcmp(b + hl + img, hdr, hl));
    const unsigned char *f1 = b + hl, *f2 = b + 2 * hl + img;
    CHECK(f1[0] == 255 && f1[1] == 0 && f1[2] == 0);   /* top-left: red */
    const unsigned char *br = f1 + (47 * 64 + 63) * 3; /* bottom-right: blue */
    CHECK(br[0] == 0 && br[1] == 0 && br[2] >= 126 && br[2] <= 129);
    CHECK(f2[0] == 255 && f2[2] == 0);                  /* 32x80 frame's top-left */
    const unsigned char *pad = f2 + (10 * 64 + 40) * 3; /* right of 32 px: black */
    CHECK(pad[0] == 0 && pad[1] == 0 && pad[2] == 0);
    const unsigned char *in = f2 + (39 * 64 + 10) * 3; /* last red row of the 32x80 frame */
    CHECK(in[0] == 255 && in[2] == 0);
    in = f2 + (47 * 64 + 10) * 3; /* its lower half, blue, up to the crop at row 48 */
    CHECK(in[0] == 0 && in[2] >= 126 && in[2] <= 129);
    free(b);
    CHECK(dgex_ppm_open("/nonexistent-dir/x.ppm", err, sizeof err) == NULL);
    CHECK(strstr(err, "/nonexistent-dir/x.ppm: ") == err);
}

static void test_broken_pipe(void)
{
    int fds[2];
    CHECK(pipe(fds) == 0);
    close(fds[0]); /* ffmpeg has gone */
    char path[64], err[256];
    snprintf(path, sizeof path, "/dev/fd/%d", fds[1]);
    dgex_ppm *p = dgex_ppm_open(path, err, sizeof err);
    close(fds[1]);
    CHECK(p != NULL);
    if (!p) return;
    GLuint tex, fbo = scene(16, 16, &tex);
    CHECK(!dgex_ppm_frame(p, 16, 16));
    CHECK(!dgex_ppm_ok(p));
    CHECK(!dgex_ppm_frame(p, 16, 16)); /* ended: quietly ignored */
    drop(fbo, tex);
    dgex_ppm_close(p);
}

static void test_shots(const char *dir)
{
    char shots[600], path[700];
    snprintf(shots, sizeof shots, "%s/shots/nested", dir);
    GLuint tex, fbo = scene(40, 30, &tex);
    CHECK(dgex_screenshot(shots, 40, 30, path, sizeof path));
    CHECK(strstr(path, "/shots/nested/shot-0001.png") != NULL);
    int w = 0, h = 0, n = 0;
    CHECK(stbi_info(path, &w, &h, &n) && w == 40 && h == 30);
    CHECK(dgex_screenshot(shots, 40, 30, path, sizeof path));
    CHECK(strstr(path, "/shot-0002.png") != NULL);
    char other[700];
    snprintf(other, sizeof other, "%s/shot-0041.png", shots);
    FILE *f = fopen(other, "w");
    if (f) fclose(f);
    CHECK(dgex_screenshot(shots, 40, 30, path, sizeof path));
    CHECK(strstr(path, "/shot-0042.png") != NULL);
    unsigned char *px = stbi_load(path, &w, &h, &n, 3);
    CHECK(px && px[0] == 255 && px[2] == 0); /* top-left red: rows flipped */
    stbi_image_free(px);
    CHECK(!dgex_screenshot("/proc/no/such", 40, 30, path, sizeof path));
    drop(fbo, tex);
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : ".";
    signal(SIGPIPE, SIG_IGN); /* as the app does */
    mkdir(dir, 0755);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s/shots'", dir);
    if (system(cmd) != 0) return 1;
    SDL_Window *win = NULL;
    SDL_GLContext ctx = NULL;
    if (!gl_open(&win, &ctx)) {
        fprintf(stderr, "no headless GL\n");
        return 1;
    }
    test_ppm(dir);
    test_broken_pipe();
    test_shots(dir);
    SDL_GL_DeleteContext(ctx);
    SDL_DestroyWindow(win);
    SDL_Quit();
    return check_report();
}
