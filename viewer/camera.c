/* camera.c - damped orbit camera (see camera.h). */
#include "camera.h"

#include <math.h>

/* Damping rate, 1/s: the gap to the target shrinks by e every 1/RATE seconds. */
#define RATE 7.0f
/* Auto-rotation resumes this long after the last drag, zoom or fly-to. */
#define IDLE_RESUME_S 4.0f
#define MAX_LAT 85.0f

static float clampf(float v, float lo, float hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* Longitude difference b - a folded into -180..180, so the camera takes the short way. */
static float lon_delta(float a, float b)
{
    float d = fmodf(b - a, 360.0f);
    if (d > 180.0f) d -= 360.0f;
    if (d < -180.0f) d += 360.0f;
    return d;
}

static float wrap_lon(float lon)
{
    return lon - 360.0f * floorf((lon + 180.0f) / 360.0f);
}

void dgc_init(dgc_camera *c, float lat, float lon, float dist)
{
    dist = clampf(dist, DGC_MIN_DIST, DGC_MAX_DIST);
    lat = clampf(lat, -MAX_LAT, MAX_LAT);
    *c = (dgc_camera){.lat = lat,
                      .lon = lon,
                      .dist = dist,
                      .target_lat = lat,
                      .target_lon = lon,
                      .target_dist = dist,
                      .home_lat = lat,
                      .home_lon = lon,
                      .home_dist = dist,
                      .autorotate = true,
                      .autorotate_dps = 3.0f,
                      .idle_s = IDLE_RESUME_S,
                      .fov_deg = 40.0f};
}

void dgc_orbit(dgc_camera *c, float dx_px, float dy_px, int viewport_h)
{
    if (viewport_h <= 0) viewport_h = 1;
    /* degrees per pixel such that a point under the pointer roughly stays under it */
    float deg_per_px = c->fov_deg * (c->target_dist - 1.0f) / (float)viewport_h;
    c->target_lon = c->target_lon - dx_px * deg_per_px;
    c->target_lat = clampf(c->target_lat + dy_px * deg_per_px, -MAX_LAT, MAX_LAT);
    c->idle_s = 0.0f;
}

void dgc_zoom(dgc_camera *c, float steps)
{
    /* multiplicative on the height above the surface, so zoom feels even at any distance */
    float above = (c->target_dist - 1.0f) * powf(0.88f, steps);
    c->target_dist = clampf(1.0f + above, DGC_MIN_DIST, DGC_MAX_DIST);
    c->idle_s = 0.0f;
}

void dgc_reset(dgc_camera *c)
{
    dgc_fly_to(c, c->home_lat, c->home_lon);
    c->target_dist = c->home_dist;
}

void dgc_fly_to(dgc_camera *c, float lat, float lon)
{
    c->target_lat = clampf(lat, -MAX_LAT, MAX_LAT);
    c->target_lon = c->lon + lon_delta(c->lon, lon);
    c->idle_s = 0.0f;
}

void dgc_set_autorotate(dgc_camera *c, bool on)
{
    c->autorotate = on;
}

void dgc_update(dgc_camera *c, float dt)
{
    dt = clampf(dt, 0.0f, 0.25f);
    c->idle_s += dt;
    /* the view drifts west, so the globe turns eastward as the Earth does */
    if (c->autorotate && c->idle_s >= IDLE_RESUME_S) c->target_lon -= c->autorotate_dps * dt;
    float k = 1.0f - expf(-RATE * dt);
    c->lat += (c->target_lat - c->lat) * k;
    c->lon += (c->target_lon - c->lon) * k;
    c->dist += (c->target_dist - c->dist) * k;
    /* keep both in range without a visible jump: shift them together */
    float wrapped = wrap_lon(c->lon);
    c->target_lon += wrapped - c->lon;
    c->lon = wrapped;
}

void dgc_eye(const dgc_camera *c, vec3 eye)
{
    float la = glm_rad(c->lat), lo = glm_rad(c->lon);
    eye[0] = c->dist * cosf(la) * sinf(lo);
    eye[1] = c->dist * sinf(la);
    eye[2] = c->dist * cosf(la) * cosf(lo);
}

void dgc_matrices(const dgc_camera *c, float aspect, mat4 view, mat4 proj)
{
    vec3 eye, centre = {0, 0, 0}, up = {0, 1, 0};
    dgc_eye(c, eye);
    glm_lookat(eye, centre, up, view);
    /* near/far hug the globe: depth precision is spent where the arcs are */
    float near = fmaxf(0.05f, c->dist - 1.6f), far = c->dist + 1.6f;
    glm_perspective(glm_rad(c->fov_deg), aspect > 0 ? aspect : 1.0f, near, far, proj);
}
