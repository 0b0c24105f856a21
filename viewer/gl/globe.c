/* globe.c - the globe: textures, the CPU-built style map for the dark style (land mask and
 * coastline distance glow), the sphere mesh, the atmosphere halo and the star field. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <stb_image.h>

#include "glutil.h"
#include "render_int.h"

#define MESH_LON 48
#define MESH_LAT 24
#define HALO_STEPS 128
#define N_STARS 1400
/* The style map: half the Debian textures' 2048x1024, about one texel per screen pixel for a
 * globe filling a 720-line window. */
#define MAP_W 1024
#define MAP_H 512
/* Coast glow reaches this many map texels (about 3 degrees) out from the shoreline. */
#define COAST_REACH 8.0f

/* Sea in the day image: clearly blue-dominant. Antarctic and Greenland ice is white, so land;
 * sea ice and shallow teal shelves count as sea. */
static bool is_sea(const unsigned char *px)
{
    return px[2] > px[0] + 12 && px[1] < px[2] + 40;
}

/* Land fraction per map texel, from 2x2 (or larger) blocks of the day image. */
static void land_fraction(const unsigned char *day, int w, int h, unsigned char *out)
{
    int bx = w / MAP_W > 0 ? w / MAP_W : 1, by = h / MAP_H > 0 ? h / MAP_H : 1;
    for (int y = 0; y < MAP_H; y++) {
        for (int x = 0; x < MAP_W; x++) {
            int sx0 = x * w / MAP_W, sy0 = y * h / MAP_H, land = 0;
            for (int j = 0; j < by; j++)
                for (int i = 0; i < bx; i++)
                    land += !is_sea(day + 4 * ((size_t)(sy0 + j) * w + sx0 + i));
            out[4 * (y * MAP_W + x)] = (unsigned char)(255 * land / (bx * by));
        }
    }
}

/* Relaxes dist at (x, y) from a neighbour at (x + dx, y + dy) with step cost c; x wraps. */
static void relax(float *dist, int x, int y, int dx, int dy, float c)
{
    int nx = (x + dx + MAP_W) % MAP_W, ny = y + dy;
    if (ny < 0 || ny >= MAP_H) return;
    float v = dist[ny * MAP_W + nx] + c;
    if (v < dist[y * MAP_W + x]) dist[y * MAP_W + x] = v;
}

/* Two-pass chamfer distance (in texels) to the nearest shoreline texel. */
static void coast_distance(const unsigned char *map, float *dist)
{
    for (int y = 0; y < MAP_H; y++)
        for (int x = 0; x < MAP_W; x++) {
            bool land = map[4 * (y * MAP_W + x)] >= 128;
            bool right = map[4 * (y * MAP_W + (x + 1) % MAP_W)] >= 128;
            bool down = y + 1 < MAP_H && (map[4 * ((y + 1) * MAP_W + x)] >= 128);
            bool edge = land != right || (y + 1 < MAP_H && land != down);
            dist[y * MAP_W + x] = edge ? 0.0f : 1e9f;
        }
    for (int y = 0; y < MAP_H; y++)
        for (int x = 0; x < MAP_W; x++) {
            relax(dist, x, y, -1, 0, 1.0f), relax(dist, x, y, 0, -1, 1.0f);
            relax(dist, x, y, -1, -1, 1.414f), relax(dist, x, y, 1, -1, 1.414f);
        }
    for (int y = MAP_H - 1; y >= 0; y--)
        for (int x = MAP_W - 1; x >= 0; x--) {
            relax(dist, x, y, 1, 0, 1.0f), relax(dist, x, y, 0, 1, 1.0f);
            relax(dist, x, y, 1, 1, 1.414f), relax(dist, x, y, -1, 1, 1.414f);
        }
}

/* Brightness of the night image at a map texel, 0..1. */
static float night_at(const unsigned char *night, int w, int h, int x, int y)
{
    const unsigned char *p = night + 4 * ((size_t)(y * h / MAP_H) * w + x * w / MAP_W);
    return (float)(p[0] + p[1] + p[2]) / (3.0f * 255.0f);
}

/* Per-texel inputs of the baked styles, each 0..1; land and coast are NULL without a day
 * image, lights NULL without a night image. */
typedef struct fields {
    float *land, *coast, *lights;
} fields;

static void free_fields(fields *f)
{
    free(f->land), free(f->coast), free(f->lights);
    memset(f, 0, sizeof *f);
}

/* Land fraction and coast glow (1 on the shore, 0 at COAST_REACH texels) from the day image. */
static bool land_fields(fields *f, const unsigned char *day, int dw, int dh)
{
    unsigned char *mask = calloc((size_t)MAP_W * MAP_H, 4);
    f->land = malloc(sizeof(float) * MAP_W * MAP_H);
    f->coast = malloc(sizeof(float) * MAP_W * MAP_H);
    if (!mask || !f->land || !f->coast) {
        free(mask);
        return false;
    }
    land_fraction(day, dw, dh, mask);
    coast_distance(mask, f->coast);
    for (int i = 0; i < MAP_W * MAP_H; i++) {
        float g = 1.0f - f->coast[i] / COAST_REACH;
        f->coast[i] = g > 0 ? g : 0;
        f->land[i] = mask[4 * i] / 255.0f;
    }
    free(mask);
    return true;
}

static bool light_field(fields *f, const unsigned char *night, int nw, int nh)
{
    f->lights = malloc(sizeof(float) * MAP_W * MAP_H);
    if (!f->lights) return false;
    for (int i = 0; i < MAP_W * MAP_H; i++)
        f->lights[i] = night_at(night, nw, nh, i % MAP_W, i / MAP_W);
    return true;
}

/* Graticule every 15 degrees: 1 on a line, fading over about a texel. */
static float graticule(int x, int y)
{
    float step_x = MAP_W / 24.0f, step_y = MAP_H / 12.0f;
    float dx = fmodf((float)x + 0.5f, step_x), dy = fmodf((float)y + 0.5f, step_y);
    dx = fminf(dx, step_x - dx), dy = fminf(dy, step_y - dy);
    float d = fminf(dx, dy);
    return d < 1.0f ? 1.0f - d : 0.0f;
}

static float smooth01(float a, float b, float x)
{
    float t = (x - a) / (b - a);
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    return t * t * (3 - 2 * t);
}

/* The map's colours are low in chroma (coast silver-slate, lights warm white, grid grey-blue):
 * every arc class is a saturated colour, so nothing on the globe reads as traffic (CIELAB
 * distance to every class colour >= 25, tested in test_render). */
static const float OCEAN[3] = {0.016f, 0.045f, 0.100f}, LAND[3] = {0.085f, 0.108f, 0.145f},
                   COAST[3] = {0.56f, 0.56f, 0.55f}, LIGHTS[3] = {1.00f, 0.88f, 0.70f},
                   GRID[3] = {0.28f, 0.36f, 0.46f};

/* Colour of one texel of a baked style (DGR_STYLE_DARK or DGR_STYLE_NIGHT). */
static void bake_texel(const fields *f, enum dgr_style style, int i, float out[3])
{
    float land = f->land ? smooth01(0.3f, 0.7f, f->land[i]) : 0.0f;
    float coast = f->coast ? f->coast[i] : 0.0f, c10 = powf(coast, 10.0f);
    float lights = f->lights ? f->lights[i] : 0.0f;
    float grid = graticule(i % MAP_W, i / MAP_W) * 0.16f;
    for (int k = 0; k < 3; k++) {
        if (style == DGR_STYLE_NIGHT)
            out[k] = OCEAN[k] * 0.6f + LIGHTS[k] * lights * 1.1f + COAST[k] * c10 * 0.25f;
        else
            out[k] = OCEAN[k] + (LAND[k] - OCEAN[k]) * land +
                     COAST[k] * (c10 * 0.95f + coast * coast * coast * 0.10f) +
                     LIGHTS[k] * powf(lights, 1.5f) * 0.45f;
        out[k] += GRID[k] * grid;
    }
}

/* Bakes a style into an MAP_W x MAP_H texture; 0 when out of memory. */
static GLuint bake(const fields *f, enum dgr_style style)
{
    unsigned char *px = malloc((size_t)MAP_W * MAP_H * 4);
    if (!px) return 0;
    for (int i = 0; i < MAP_W * MAP_H; i++) {
        float c[3];
        bake_texel(f, style, i, c);
        for (int k = 0; k < 3; k++)
            px[4 * i + k] = (unsigned char)(255.0f * fminf(c[k], 1.0f));
        px[4 * i + 3] = 255;
    }
    GLuint t = dgu_texture_rgba(px, MAP_W, MAP_H, false);
    free(px);
    return t;
}

/* Loads an image as RGBA8; NULL (reason appended to why) when path is empty or unreadable. */
static unsigned char *load_rgba(const char *path, int *w, int *h, char *why, size_t cap)
{
    if (!path || !*path) return NULL;
    int n;
    unsigned char *px = stbi_load(path, w, h, &n, 4);
    if (!px) {
        size_t len = strlen(why);
        snprintf(why + len, cap - len, "%s'%s' (%s)", len ? ", " : "", path, stbi_failure_reason());
    }
    return px;
}

/* One warning line naming what failed and what the globe falls back to. */
static void warn_textures(const dgr_config *cfg, const char *why, bool day, bool night)
{
    bool want_night = cfg->night_texture && *cfg->night_texture;
    if (day && (night || !want_night)) return;
    fprintf(stderr, "darkglobe: warning: globe texture not loaded: %s; %s\n",
            *why ? why : "no globe texture configured",
            day ? "night style shows no city lights" : "drawing a procedural globe");
}

/* Loads the images and bakes one texture per style (procedural where images are missing). */
static void load_textures(dgr_globe *g, const dgr_config *cfg)
{
    char why[512] = "";
    int dw = 0, dh = 0, nw = 0, nh = 0;
    unsigned char *day = load_rgba(cfg->globe_texture, &dw, &dh, why, sizeof why);
    unsigned char *night = load_rgba(cfg->night_texture, &nw, &nh, why, sizeof why);
    fields f = {0};
    if (day && !land_fields(&f, day, dw, dh)) free_fields(&f);
    if (night && !light_field(&f, night, nw, nh)) free(f.lights), f.lights = NULL;
    g->tex[DGR_STYLE_DARK] = bake(&f, DGR_STYLE_DARK);
    if (night) g->tex[DGR_STYLE_NIGHT] = bake(&f, DGR_STYLE_NIGHT);
    if (day) g->tex[DGR_STYLE_SATELLITE] = dgu_texture_rgba(day, dw, dh, true);
    free_fields(&f);
    stbi_image_free(day);
    stbi_image_free(night);
    warn_textures(cfg, why, day != NULL, night != NULL);
}

/* Grid of (lon, lat) vertices with a duplicated seam column, and its triangle indices. */
static void build_mesh(dgr_globe *g)
{
    static float verts[(MESH_LON + 1) * (MESH_LAT + 1) * 2];
    static uint32_t idx[MESH_LON * MESH_LAT * 6];
    size_t v = 0, k = 0;
    for (int j = 0; j <= MESH_LAT; j++)
        for (int i = 0; i <= MESH_LON; i++) {
            verts[v++] = (float)(-M_PI + 2.0 * M_PI * i / MESH_LON);
            verts[v++] = (float)(M_PI / 2 - M_PI * j / MESH_LAT);
        }
    for (int j = 0; j < MESH_LAT; j++)
        for (int i = 0; i < MESH_LON; i++) {
            uint32_t a = (uint32_t)(j * (MESH_LON + 1) + i), b = a + MESH_LON + 1;
            uint32_t quad[6] = {a, b, a + 1, a + 1, b, b + 1};
            memcpy(idx + k, quad, sizeof quad);
            k += 6;
        }
    glGenVertexArrays(1, &g->vao);
    glBindVertexArray(g->vao);
    glGenBuffers(1, &g->vbo);
    glBindBuffer(GL_ARRAY_BUFFER, g->vbo);
    glBufferData(GL_ARRAY_BUFFER, sizeof verts, verts, GL_STATIC_DRAW);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 0, (void *)0);
    glGenBuffers(1, &g->ibo);
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, g->ibo);
    glBufferData(GL_ELEMENT_ARRAY_BUFFER, sizeof idx, idx, GL_STATIC_DRAW);
    g->n_index = (GLsizei)k;
    glBindVertexArray(0);
}

/* Deterministic star field (xorshift), denser towards dim stars. */
static void build_stars(dgr_globe *g)
{
    static float stars[N_STARS * 4];
    uint32_t s = 0x9E3779B9u;
    for (int i = 0; i < N_STARS; i++) {
        float r[4];
        for (int k = 0; k < 4; k++) {
            s ^= s << 13, s ^= s >> 17, s ^= s << 5;
            r[k] = (float)(s & 0xFFFFFF) / (float)0xFFFFFF;
        }
        float z = 2 * r[0] - 1, phi = 2 * (float)M_PI * r[1], q = sqrtf(1 - z * z);
        stars[4 * i] = q * cosf(phi), stars[4 * i + 1] = z, stars[4 * i + 2] = q * sinf(phi);
        stars[4 * i + 3] = r[2] * r[2] * r[3];
    }
    glGenVertexArrays(1, &g->star_vao);
    glBindVertexArray(g->star_vao);
    glGenBuffers(1, &g->star_vbo);
    glBindBuffer(GL_ARRAY_BUFFER, g->star_vbo);
    glBufferData(GL_ARRAY_BUFFER, sizeof stars, stars, GL_STATIC_DRAW);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 4, GL_FLOAT, GL_FALSE, 0, (void *)0);
    glBindVertexArray(0);
    g->n_stars = N_STARS;
}

bool dgr_globe_init(dgr_globe *g, const dgr_config *cfg, char *err, size_t errcap)
{
    memset(g, 0, sizeof *g);
    g->prog = dgu_program("globe.vert.glsl", "globe.frag.glsl", err, errcap);
    if (g->prog) g->halo_prog = dgu_program("halo.vert.glsl", "halo.frag.glsl", err, errcap);
    if (g->halo_prog) g->star_prog = dgu_program("stars.vert.glsl", "stars.frag.glsl", err, errcap);
    if (!g->star_prog) return false;
    build_mesh(g);
    build_stars(g);
    glGenVertexArrays(1, &g->halo_vao);
    load_textures(g, cfg);
    return true;
}

void dgr_globe_free(dgr_globe *g)
{
    glDeleteTextures(3, g->tex);
    GLuint bufs[3] = {g->vbo, g->ibo, g->star_vbo};
    glDeleteBuffers(3, bufs);
    GLuint vaos[3] = {g->vao, g->halo_vao, g->star_vao};
    glDeleteVertexArrays(3, vaos);
    glDeleteProgram(g->prog);
    glDeleteProgram(g->halo_prog);
    glDeleteProgram(g->star_prog);
    memset(g, 0, sizeof *g);
}

void dgr_globe_draw_stars(const dgr_globe *g, const dgr_renderer *r)
{
    glUseProgram(g->star_prog);
    glUniformMatrix4fv(glGetUniformLocation(g->star_prog, "u_vp"), 1, GL_FALSE, r->vp[0]);
    glUniform1f(glGetUniformLocation(g->star_prog, "u_px"), (float)r->h / 720.0f);
    glBindVertexArray(g->star_vao);
    glDrawArrays(GL_POINTS, 0, g->n_stars);
}

void dgr_globe_draw(const dgr_globe *g, const dgr_renderer *r)
{
    enum dgr_style style = r->cfg.style;
    GLuint tex = g->tex[style] ? g->tex[style] : g->tex[DGR_STYLE_DARK];
    glUseProgram(g->prog);
    glUniformMatrix4fv(glGetUniformLocation(g->prog, "u_vp"), 1, GL_FALSE, r->vp[0]);
    glUniform3fv(glGetUniformLocation(g->prog, "u_eye"), 1, r->eye);
    /* light from over the viewer's left shoulder, so the satellite style has shape */
    vec3 up = {0, 1, 0}, side, light;
    glm_vec3_cross(up, (float *)r->eye, side);
    glm_vec3_normalize(side);
    glm_vec3_normalize_to((float *)r->eye, light);
    glm_vec3_muladds(side, -0.6f, light);
    glm_vec3_muladds(up, 0.5f, light);
    glm_vec3_normalize(light);
    glUniform3fv(glGetUniformLocation(g->prog, "u_light"), 1, light);
    glUniform1f(glGetUniformLocation(g->prog, "u_lit"),
                style == DGR_STYLE_SATELLITE && g->tex[style] ? 1.0f : 0.0f);
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, tex);
    glUniform1i(glGetUniformLocation(g->prog, "u_tex"), 0);
    glBindVertexArray(g->vao);
    glDrawElements(GL_TRIANGLES, g->n_index, GL_UNSIGNED_INT, (void *)0);
}

void dgr_globe_draw_halo(const dgr_globe *g, const dgr_renderer *r)
{
    glUseProgram(g->halo_prog);
    glUniformMatrix4fv(glGetUniformLocation(g->halo_prog, "u_vp"), 1, GL_FALSE, r->vp[0]);
    glUniform3fv(glGetUniformLocation(g->halo_prog, "u_eye"), 1, r->eye);
    glUniform1i(glGetUniformLocation(g->halo_prog, "u_steps"), HALO_STEPS);
    /* The glow's profile (halo.frag.glsl) runs from the limb to 1.16 limb radii, but past 89% of
     * the way its brightest channel is under half an 8-bit step: those pixels (an eighth of
     * the ring's area, ~0.12 M at 3840x2160) would add nothing. */
    glUniform1f(glGetUniformLocation(g->halo_prog, "u_spread"), 1.16f);
    glUniform1f(glGetUniformLocation(g->halo_prog, "u_t_out"), 0.89f);
    glBindVertexArray(g->halo_vao);
    glDrawArrays(GL_TRIANGLE_STRIP, 0, 2 * (HALO_STEPS + 1));
}
