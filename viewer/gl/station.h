/* station.h - what the analyst's desk and the SOC wall add to the view: view filters, the
 * source table and its tooltip, anonymised addresses, the kiosk tour with burn-in care, the
 * video-wall tile and camera/clock sync, screenshots and the PPM video stream.
 * Owns: the filter, the host table, the tour, the sync socket, the exporters, and a
 * geolocation handle of its own for tooltips (the network thread's is not shareable).
 * Threads: render thread only, GL context current for the drawing and export calls. */
#ifndef DG_STATION_H
#define DG_STATION_H

#include <SDL2/SDL.h>
#include <stdbool.h>

#include "alert.h"
#include "sensors.h"
#include "../camera.h"
#include "event.h"
#include "../opts.h"
#include "hud.h"
#include "render.h"

typedef struct dgstation dgstation;

/* NULL with err on a bad --filter, --tile or --sync (exit 2) or an export file failure. */
dgstation *dgstation_create(const dgo_options *o, const dgs_table *sensors, const dgc_camera *home, char *err,
                  size_t errcap);
void dgstation_destroy(dgstation *w);

/* Takes a drained batch (hosts, tour) and compacts ev to the events the filter lets be
 * drawn; returns how many. Everything is counted before it is filtered. */
size_t dgstation_events(dgstation *w, dg_event *ev, size_t n);
void dgstation_alert(dgstation *w, const dg_alert *a);

/* Keys of the desk (filters, anonymize, kiosk tour, screenshot); true when handled. In kiosk
 * mode every other key and the mouse are ignored: see dgstation_kiosk_blocks. */
bool dgstation_key(dgstation *w, SDL_Keycode k);
bool dgstation_kiosk_blocks(const dgstation *w, const SDL_Event *e, bool *quit);
void dgstation_pointer(dgstation *w, int x, int y);
/* User input pauses the tour. */
void dgstation_user_input(dgstation *w, double now);

/* Camera for this frame: the wall leader's (followers, sim_t replaced), or the tour's. */
void dgstation_camera(dgstation *w, dgc_camera *cam, double *sim_t, double feed_now, double dt);

/* The tile of a video wall: the whole wall's size for a w x h tile, the projection offset
 * for the renderer, and the viewport that puts the wall's HUD where this tile shows it. */
bool dgstation_tiled(const dgstation *w);
int dgstation_tile_index(const dgstation *w);
void dgstation_apply_tile(const dgstation *w, dgr_renderer *r);
void dgstation_hud_viewport(const dgstation *w, int tile_w, int tile_h, double t, int *wall_w, int *wall_h);

/* Tooltip and filter line, inside the HUD's begin/end. */
void dgstation_draw(dgstation *w, dghud *hud, const dgr_renderer *r, int wall_w, int wall_h, double feed_now);

/* Before the swap: a requested screenshot and the PPM frame. False when the PPM stream ended
 * (the consumer closed it): the app stops. */
bool dgstation_export(dgstation *w, int fb_w, int fb_h);
bool dgstation_anonymize(const dgstation *w);
/* The status chip's text: the filter, the tour, masked addresses ("" when none is on). */
void dgstation_status_text(const dgstation *w, char *buf, size_t cap);
/* Where the sources are: the busiest region of recent traffic at least 15 degrees from home
 * (the far end of the auto-rotation's swing); false while nothing qualifies. */
bool dgstation_sources(const dgstation *w, float home_lat, float home_lon, float *lat, float *lon);
/* Classes the view filter hides (bit per enum dg_class), for the legend. */
unsigned dgstation_hidden_classes(const dgstation *w);

#endif
