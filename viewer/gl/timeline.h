/* timeline.h - the replay timeline: a bar along the bottom centre, between the HUD's left and
 * right panel columns, showing the file's time range (UTC), the replay position, alert marks,
 * the speed and "PAUSED"; and the hit test that turns a click into a seek fraction.
 * Owns: one flat-rectangle batch (shaders timeline.*.glsl); text goes through the HUD's dgtx.
 * Input is the replay engine's status (replay.h), copied by the shell each frame.
 * Threads: render thread only, with the GL context current (dgtl_rect: any thread). */
#ifndef DG_TIMELINE_H
#define DG_TIMELINE_H

#include "../replay.h"
#include "hud.h"

#include <stdbool.h>

typedef struct dgtl dgtl;

/* Needs a current GL 3.3 context; NULL (message on stderr) when the shaders fail. */
dgtl *dgtl_create(void);
void dgtl_destroy(dgtl *t);

/* Where the bar goes in a w x h window: bottom centre, clear of the HUD's side columns. */
dghud_rect dgtl_rect(int w, int h);
/* Draws the bar over what is on screen (call after dghud_end); text through dghud_text(hud).
 * Before st->ready it only says that the file is being scanned. Restores blend/depth state. */
void dgtl_draw(dgtl *t, dghud *hud, int w, int h, const dgrp_status *st);
/* True when window pixel (x, y) is on the bar last drawn with a ready status; *fraction gets
 * the position along the time range (0..1) for dgrp_seek_fraction. */
bool dgtl_hit(const dgtl *t, int x, int y, double *fraction);

#endif
