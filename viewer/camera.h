/* camera.h - the orbit camera around the unit globe: drag to orbit, wheel to zoom, reset,
 * auto-rotation, and a fly-to; all motion is exponentially damped by dt, so it looks the same
 * at any frame rate.
 * Owns: dgc_camera (plain value; the app shell keeps one). GL-free: produces cglm matrices.
 * World frame: globe of radius 1 at the origin, +y north, lat 0/lon 0 on +z, lon 90E on +x.
 * Threads: render thread (any single thread). */
#ifndef DG_CAMERA_H
#define DG_CAMERA_H

#include <stdbool.h>

#include <cglm/cglm.h>

typedef struct dgc_camera {
    /* where the camera looks from: the sub-camera point and the distance from the centre */
    float lat, lon, dist;
    float target_lat, target_lon, target_dist;
    float home_lat, home_lon, home_dist;
    bool autorotate;
    float autorotate_dps; /* degrees of longitude per second the globe turns (eastward) */
    float idle_s;         /* seconds since the last user input; auto-rotation waits a bit */
    float fov_deg;
} dgc_camera;

#define DGC_MIN_DIST 1.25f
#define DGC_MAX_DIST 8.0f

/* Camera looking at (lat, lon) from dist globe radii, auto-rotation on. */
void dgc_init(dgc_camera *c, float lat, float lon, float dist);
/* Drag by (dx, dy) pixels in a viewport h pixels tall: the globe follows the pointer. */
void dgc_orbit(dgc_camera *c, float dx_px, float dy_px, int viewport_h);
/* Wheel steps: positive zooms in. */
void dgc_zoom(dgc_camera *c, float steps);
/* Flies back to the position given to dgc_init. */
void dgc_reset(dgc_camera *c);
/* Flies to look at (lat, lon) at the current zoom. */
void dgc_fly_to(dgc_camera *c, float lat, float lon);
void dgc_set_autorotate(dgc_camera *c, bool on);
/* Advances the damped motion by dt seconds (negative or huge dt is clamped). */
void dgc_update(dgc_camera *c, float dt);

/* Eye position in world space. */
void dgc_eye(const dgc_camera *c, vec3 eye);
/* View and projection matrices for a viewport of this aspect ratio (w / h). */
void dgc_matrices(const dgc_camera *c, float aspect, mat4 view, mat4 proj);

#endif
