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
    /* Auto-rotation swings between the home view and the sources (swing_lat/lon, when
     * has_swing; else a little either side of home), so the sensors never leave the view. */
    bool autorotate;
    bool has_swing;
    float swing_lat, swing_lon;
    float swing_period_s; /* one swing out and back */
    double swing_phase;   /* radians; 0 at home */
    float idle_s;         /* seconds since the last user input; auto-rotation waits a bit */
    float fov_deg;
    float shift_x, shift_y; /* lens shift in clip units: the globe's centre on screen */
} dgc_camera;

/* How far the swing goes from home at most (great-circle degrees): the sensors stay well
 * inside the visible disc, never at its rim. */
#define DGC_SWING_MAX_DEG 55.0f

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
/* Sets the home view (R flies there; auto-rotation swings out from it). */
void dgc_set_home(dgc_camera *c, float lat, float lon, float dist);
/* The far end of the swing: the sources' region (clamped to DGC_SWING_MAX_DEG from home). */
void dgc_set_swing(dgc_camera *c, float lat, float lon);
/* Puts the globe's centre at window point (cx, cy) of a w x h window (lens shift). */
void dgc_set_centre(dgc_camera *c, float cx, float cy, int w, int h);
/* Distance at which the globe's disc is radius_px tall in a window h pixels high (at this
 * camera's field of view); at least DGC_MIN_DIST. */
float dgc_dist_for_radius(const dgc_camera *c, float radius_px, int h);
/* Parses --home "LAT,LON[,ZOOM]": zoom 1 = the fitted default distance, 2 = twice as near
 * the surface (0.5..10). False on bad syntax or range; *zoom 1 when not given. */
bool dgc_parse_home(const char *text, float *lat, float *lon, float *zoom);
/* The centre of the sensors' region: the normalised mean of their positions. */
void dgc_region_centre(const float *lat, const float *lon, int n, float *clat, float *clon);
/* Advances the damped motion by dt seconds (negative or huge dt is clamped). */
void dgc_update(dgc_camera *c, float dt);

/* Eye position in world space. */
void dgc_eye(const dgc_camera *c, vec3 eye);
/* View and projection matrices for a viewport of this aspect ratio (w / h). */
void dgc_matrices(const dgc_camera *c, float aspect, mat4 view, mat4 proj);

#endif
