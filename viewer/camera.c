/* camera.c - damped orbit camera (see camera.h). */
#include "camera.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

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
                      .swing_period_s = 60.0f,
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

void dgc_set_home(dgc_camera *c, float lat, float lon, float dist)
{
    c->home_lat = clampf(lat, -MAX_LAT, MAX_LAT);
    c->home_lon = wrap_lon(lon);
    c->home_dist = clampf(dist, DGC_MIN_DIST, DGC_MAX_DIST);
}

static void to_vec(float lat, float lon, vec3 v)
{
    float la = glm_rad(lat), lo = glm_rad(lon);
    v[0] = cosf(la) * sinf(lo);
    v[1] = sinf(la);
    v[2] = cosf(la) * cosf(lo);
}

static void from_vec(const vec3 v, float *lat, float *lon)
{
    *lat = glm_deg(asinf(clampf(v[1], -1.0f, 1.0f)));
    *lon = glm_deg(atan2f(v[0], v[2]));
}

/* The point a fraction t of the way from a to b along the great circle. */
static void slerp_ll(float alat, float alon, float blat, float blon, float t, float *lat,
                     float *lon)
{
    vec3 a, b, v;
    to_vec(alat, alon, a);
    to_vec(blat, blon, b);
    float om = acosf(clampf(glm_vec3_dot(a, b), -1.0f, 1.0f));
    if (om < 1e-4f) {
        *lat = alat, *lon = alon;
        return;
    }
    float wa = sinf((1 - t) * om) / sinf(om), wb = sinf(t * om) / sinf(om);
    for (int i = 0; i < 3; i++)
        v[i] = wa * a[i] + wb * b[i];
    from_vec(v, lat, lon);
}

void dgc_set_swing(dgc_camera *c, float lat, float lon)
{
    vec3 h, s;
    to_vec(c->home_lat, c->home_lon, h);
    to_vec(lat, lon, s);
    float d = glm_deg(acosf(clampf(glm_vec3_dot(h, s), -1.0f, 1.0f)));
    float t = d > DGC_SWING_MAX_DEG ? DGC_SWING_MAX_DEG / d : 1.0f;
    slerp_ll(c->home_lat, c->home_lon, lat, lon, t, &c->swing_lat, &c->swing_lon);
    c->has_swing = true;
}

/* Auto-rotation: a slow swing out from home and back (ease in and out at both ends). */
static void swing(dgc_camera *c, float dt)
{
    c->swing_phase += 2.0 * GLM_PI * dt / (c->swing_period_s > 0 ? c->swing_period_s : 60.0f);
    if (c->swing_phase > 2.0 * GLM_PI) c->swing_phase -= 2.0 * GLM_PI;
    float t = (float)(0.5 - 0.5 * cos(c->swing_phase)), lat, lon;
    if (c->has_swing) {
        slerp_ll(c->home_lat, c->home_lon, c->swing_lat, c->swing_lon, t, &lat, &lon);
    } else { /* nothing known of the sources yet: a little either side of home */
        lat = c->home_lat;
        lon = c->home_lon + 20.0f * (float)sin(c->swing_phase);
    }
    c->target_lat = clampf(lat, -MAX_LAT, MAX_LAT);
    c->target_lon = c->lon + lon_delta(c->lon, lon);
}

void dgc_set_centre(dgc_camera *c, float cx, float cy, int w, int h)
{
    c->shift_x = w > 0 ? 2.0f * cx / (float)w - 1.0f : 0.0f;
    c->shift_y = h > 0 ? 1.0f - 2.0f * cy / (float)h : 0.0f;
}

float dgc_dist_for_radius(const dgc_camera *c, float radius_px, int h)
{
    /* the disc's radius on screen is tan(a) / tan(fov / 2) half-heights, sin(a) = 1 / dist */
    float r = h > 0 ? 2.0f * radius_px / (float)h : 1.0f;
    float a = atanf(r * tanf(glm_rad(c->fov_deg) * 0.5f));
    float d = a > 0 ? 1.0f / sinf(a) : DGC_MAX_DIST;
    return clampf(d, DGC_MIN_DIST, DGC_MAX_DIST);
}

bool dgc_parse_home(const char *text, float *lat, float *lon, float *zoom)
{
    char *end;
    double v[3] = {0, 0, 1};
    const char *p = text;
    int n = 0;
    for (; n < 3; n++) {
        v[n] = strtod(p, &end);
        if (end == p) return false;
        p = end;
        if (*p != ',') break;
        p++;
    }
    if (*p || n < 1 || fabs(v[0]) > 90 || fabs(v[1]) > 180 || !(v[2] >= 0.5 && v[2] <= 10))
        return false;
    *lat = (float)v[0], *lon = (float)v[1], *zoom = (float)v[2];
    return true;
}

void dgc_region_centre(const float *lat, const float *lon, int n, float *clat, float *clon)
{
    vec3 sum = {0, 0, 0}, v;
    for (int i = 0; i < n; i++) {
        to_vec(lat[i], lon[i], v);
        glm_vec3_add(sum, v, sum);
    }
    if (glm_vec3_norm(sum) < 1e-3f) { /* all around the world: no region, look at the first */
        *clat = n ? lat[0] : 0, *clon = n ? lon[0] : 0;
        return;
    }
    glm_vec3_normalize(sum);
    from_vec(sum, clat, clon);
}

void dgc_update(dgc_camera *c, float dt)
{
    dt = clampf(dt, 0.0f, 0.25f);
    c->idle_s += dt;
    if (c->autorotate && c->idle_s >= IDLE_RESUME_S) swing(c, dt);
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
    /* the lens shift moves the picture, not the eye: the globe sits in the free space */
    mat4 shift = GLM_MAT4_IDENTITY_INIT;
    shift[3][0] = c->shift_x;
    shift[3][1] = c->shift_y;
    glm_mat4_mul(shift, proj, proj);
}
