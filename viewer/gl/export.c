/* export.c - see export.h. */
#include "export.h"

#include <GL/glew.h>
#include <dirent.h>
#include <errno.h>
#include <stb/stb_image_write.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* mkdir -p */
static bool make_dirs(const char *dir)
{
    char p[1024];
    if (snprintf(p, sizeof p, "%s", dir) >= (int)sizeof p) return false;
    for (char *s = p + 1; *s; s++) {
        if (*s != '/') continue;
        *s = '\0';
        if (mkdir(p, 0755) != 0 && errno != EEXIST) return false;
        *s = '/';
    }
    return mkdir(p, 0755) == 0 || errno == EEXIST;
}

/* Highest N of the shot-N.png files in dir; 0 when none; -1 when dir cannot be read. */
static long highest_shot(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return -1;
    long best = 0;
    for (struct dirent *e; (e = readdir(d));) {
        long n;
        int used = 0;
        if (sscanf(e->d_name, "shot-%ld.png%n", &n, &used) == 1 && !e->d_name[used] && n > best)
            best = n;
    }
    closedir(d);
    return best;
}

bool dgex_next_shot_path(const char *dir, char *out, size_t cap)
{
    long n = highest_shot(dir);
    if (n < 0) return false;
    int w = snprintf(out, cap, "%s/shot-%04ld.png", dir, n + 1);
    return w > 0 && (size_t)w < cap;
}

/* RGB rows of the bound read framebuffer, top row first; NULL when out of memory. */
static unsigned char *read_rgb(int w, int h)
{
    size_t row = (size_t)w * 3;
    unsigned char *px = malloc(row * (size_t)h), *tmp = malloc(row);
    if (!px || !tmp) {
        free(px);
        free(tmp);
        return NULL;
    }
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, w, h, GL_RGB, GL_UNSIGNED_BYTE, px);
    for (int y = 0; y < h / 2; y++) { /* GL's rows run bottom-up */
        memcpy(tmp, px + row * (size_t)y, row);
        memcpy(px + row * (size_t)y, px + row * (size_t)(h - 1 - y), row);
        memcpy(px + row * (size_t)(h - 1 - y), tmp, row);
    }
    free(tmp);
    return px;
}

bool dgex_screenshot(const char *dir, int w, int h, char *path_out, size_t cap)
{
    char path[1100];
    if (w <= 0 || h <= 0) return false;
    if (!make_dirs(dir) || !dgex_next_shot_path(dir, path, sizeof path)) {
        fprintf(stderr, "darkglobe: screenshot directory %s: %s\n", dir, strerror(errno));
        return false;
    }
    unsigned char *px = read_rgb(w, h);
    int ok = px && stbi_write_png(path, w, h, 3, px, w * 3);
    free(px);
    if (!ok) {
        fprintf(stderr, "darkglobe: cannot write screenshot %s\n", path);
        return false;
    }
    if (path_out) snprintf(path_out, cap, "%s", path);
    return true;
}

struct dgex_ppm {
    FILE *f;
    bool is_stdout, ended;
    int w, h; /* fixed by the first frame */
    unsigned long frames;
    unsigned char *frame; /* w x h RGB, reused */
};

dgex_ppm *dgex_ppm_open(const char *path, char *err, size_t errcap)
{
    dgex_ppm *p = calloc(1, sizeof *p);
    if (!p) {
        snprintf(err, errcap, "out of memory");
        return NULL;
    }
    p->is_stdout = !strcmp(path, "-");
    p->f = p->is_stdout ? stdout : fopen(path, "wb");
    if (!p->f) {
        snprintf(err, errcap, "%s: %s", path, strerror(errno));
        free(p);
        return NULL;
    }
    return p;
}

/* Copies the read w x h image into the stream's fixed-size frame: crop, or pad with black. */
static void fit(dgex_ppm *p, const unsigned char *px, int w, int h)
{
    size_t dst_row = (size_t)p->w * 3, n = (size_t)(w < p->w ? w : p->w) * 3;
    memset(p->frame, 0, dst_row * (size_t)p->h);
    for (int y = 0; y < h && y < p->h; y++)
        memcpy(p->frame + dst_row * (size_t)y, px + (size_t)w * 3 * (size_t)y, n);
}

static bool end_stream(dgex_ppm *p, const char *why)
{
    fprintf(stderr, "darkglobe: video stream ended after %lu frames: %s\n", p->frames, why);
    p->ended = true;
    return false;
}

bool dgex_ppm_frame(dgex_ppm *p, int w, int h)
{
    if (!p || p->ended || w <= 0 || h <= 0) return false;
    if (!p->frame) {
        p->w = w;
        p->h = h;
        p->frame = malloc((size_t)w * (size_t)h * 3);
        if (!p->frame) return end_stream(p, "out of memory");
    }
    unsigned char *px = read_rgb(w, h);
    if (!px) return end_stream(p, "out of memory");
    fit(p, px, w, h);
    free(px);
    errno = 0;
    size_t bytes = (size_t)p->w * (size_t)p->h * 3;
    if (fprintf(p->f, "P6\n%d %d\n255\n", p->w, p->h) < 0 ||
        fwrite(p->frame, 1, bytes, p->f) != bytes || fflush(p->f) != 0)
        return end_stream(p, errno ? strerror(errno) : "write error");
    p->frames++;
    return true;
}

bool dgex_ppm_ok(const dgex_ppm *p)
{
    return p && !p->ended;
}

unsigned long dgex_ppm_frames(const dgex_ppm *p)
{
    return p ? p->frames : 0;
}

void dgex_ppm_close(dgex_ppm *p)
{
    if (!p) return;
    if (p->is_stdout)
        fflush(stdout);
    else
        fclose(p->f);
    free(p->frame);
    free(p);
}
