/* overlay.h - what is drawn over the globe: the HUD panels filled from the model and the
 * feed counters, alert rings on the globe and their labels.
 * Owns: the HUD, the panel visibility mask and the per-frame HUD input it assembles.
 * Threads: render thread only, GL context current. */
#ifndef DG_OVERLAY_H
#define DG_OVERLAY_H

#include "sensors.h"
#include "../model.h"
#include "../netthread.h"
#include "../portscale.h"
#include "../services.h"
#include "hud.h"
#include "render.h"

typedef struct dgov_overlay dgov_overlay;

typedef struct dgov_frame {
    double now;            /* display clock (alert fades, rings) */
    double utc;            /* wall clock: the HUD clock when feed time is not apart, "lost since" */
    double feed_now;       /* feed time (alert ages: "3m ago" in the feed's minutes); 0: unknown */
    dghud_clock clock;     /* feed time shown apart from the wall clock, when it is */
    const char *feed_name; /* the endpoint or the replayed file */
    bool replay;
    const char *hint; /* a warning for the top of the screen, or NULL */
    const dgnt_counters *feed;
    const char *credit;       /* geolocation database credit, or NULL */
    bool anonymize;           /* mask addresses in alert titles */
    float label_dx, label_dy; /* from dgr_project's (tile) pixels to the HUD's (wall) pixels */
    unsigned hidden_classes;  /* classes the view filter hides: dimmed in the legend */
    bool color_by_tool;       /* arcs coloured by scanner tool: the legend lists the tools */
    float bottom_reserve;     /* HUD pixels kept free at the bottom centre (replay timeline) */
    /* More labels drawn in the same HUD pass (tooltip, filter line); may be NULL. */
    void (*extra)(void *ctx, dghud *hud);
    void *extra_ctx;
} dgov_frame;

/* panels: "all", "none" or a comma list of legend,rate,ports,countries,mirai,feed,clock,
 * credit,alerts. NULL with a message in err on a bad list. */
dgov_overlay *dgov_create(const char *panels, const dgp_palette *pal, enum dgps_scale scale,
                          char *err, size_t errcap);
void dgov_destroy(dgov_overlay *o);
/* The HUD, for overlays drawn through it (the replay timeline). */
dghud *dgov_hud(dgov_overlay *o);
/* Rebuilds the legend after a palette or port-scale change (config reload). */
void dgov_set_legend(dgov_overlay *o, const dgp_palette *pal, enum dgps_scale scale);
/* Replaces the panel mask. */
void dgov_set_panels(dgov_overlay *o, unsigned mask);
/* Parses a panel list into a mask; false on an unknown name. */
bool dgov_parse_panels(const char *list, unsigned *mask, char *err, size_t errcap);
/* Toggles one panel (DGHUD_P_*), or all of them with DGHUD_P_COUNT. */
void dgov_toggle(dgov_overlay *o, int panel);
unsigned dgov_panels(const dgov_overlay *o);
/* The port/service/CVE table the alert card names ports from (kept by the caller; NULL:
 * none). */
void dgov_set_services(dgov_overlay *o, const dgsv_table *services);

/* The alert card. Rows group repeats of one alert (same kind and title); the card shows the
 * group's newest alert with the group's counts and first/last times. */
/* A click at HUD pixel (x, y): on an alert row it opens that row's card (or closes it when it
 * is open); true when the click was the overlay's. */
bool dgov_click(dgov_overlay *o, float x, float y);
/* Opens the card of the next (dir 1) or previous (-1) row; past the last row it closes. */
void dgov_step_card(dgov_overlay *o, int dir);
/* Opens the card of the group alert a belongs to (same kind and title). */
void dgov_show_alert(dgov_overlay *o, const dg_alert *a);
/* Closes the card; false when none was open. */
bool dgov_close_card(dgov_overlay *o);
bool dgov_card_open(const dgov_overlay *o);
/* Once after the card opened or moved to another alert: true with that alert's place, so
 * the camera can fly there (false for an alert without a place, or nothing new). */
bool dgov_card_place(dgov_overlay *o, dgm_model *m, float *lat, float *lon);

/* Before dgr_frame: hands the active alerts' rings to the renderer. */
void dgov_rings(dgov_overlay *o, dgr_renderer *r, dgm_model *m, double now);
/* After dgr_frame: panels, ring labels. */
void dgov_draw(dgov_overlay *o, const dgr_renderer *r, dgm_model *m, const dgov_frame *f, int w,
               int h);

#endif
