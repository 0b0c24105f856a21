/* hud.h - the statistics HUD: translucent panels in the side columns and corners, and labels
 * on the globe (alert rings, tooltips).
 * Owns: panel layout (relative to the window height, never over the globe's centre at 16:9),
 * one rounded-rectangle batch (shaders hud.*.glsl) and the text renderer it draws through.
 * Input is plain data the shell fills each frame (stats snapshot, legend, alert rows, feed
 * status), so the HUD depends on no other viewer module but tstats.
 * Threads: render thread only, with the GL context current (dghud_layout, dghud_keepout and
 * the formatters: any thread). */
#ifndef DG_HUD_H
#define DG_HUD_H

#include "../tstats.h"
#include "text.h"

#include <stdbool.h>
#include <stdint.h>

/* Panels, one bit each (the shell maps them to keys and config). */
enum dghud_panel {
    DGHUD_P_LEGEND,
    DGHUD_P_RATE,
    DGHUD_P_PORTS,
    DGHUD_P_COUNTRIES,
    DGHUD_P_MIRAI,
    DGHUD_P_FEED,
    DGHUD_P_CLOCK,
    DGHUD_P_CREDIT,
    DGHUD_P_ALERTS,
    DGHUD_P_COUNT
};
#define DGHUD_BIT(p) (1u << (p))
#define DGHUD_ALL ((1u << DGHUD_P_COUNT) - 1u)

typedef dgtx_rgba dghud_rgba;

typedef struct dghud_rect {
    float x, y, w, h; /* pixels from the top-left corner; w == 0: not shown */
} dghud_rect;

typedef struct dghud_legend_item {
    dghud_rgba colour;
    const char *name;
} dghud_legend_item;

/* A tick of the port-height axis: pos 0 = lowest arcs, 1 = highest. */
typedef struct dghud_tick {
    const char *label;
    float pos;
} dghud_tick;

/* One alert row, newest first; severity is enum dg_severity (0 info .. 4 critical). */
typedef struct dghud_alert_row {
    uint8_t severity;
    const char *title;
    double age_s;
    uint32_t count;
    float fade; /* 1 opaque .. 0 gone */
} dghud_alert_row;

typedef struct dghud_feed {
    bool connected;
    double lost_since; /* UTC seconds since the epoch, when not connected (0: never connected) */
    uint64_t drops, malformed;
    uint64_t lost;    /* messages lost on the way (gaps in publishers' sequences) */
    const char *name; /* the endpoint, or the replayed file; may be NULL */
    bool replay;      /* a file replay: "REPLAY", never connected or lost */
} dghud_feed;

/* The clock panel shows feed time apart from the wall clock when feed > 0: the feed's time
 * and date as the main figure, labelled, with the wall clock small below. */
typedef struct dghud_clock {
    double feed;       /* feed time, UTC seconds since the epoch; 0: one clock (`now`) */
    const char *label; /* "FEED", "REPLAY"; NULL: "FEED" */
    const char *speed; /* "x60"; NULL or "": unknown */
} dghud_clock;

typedef struct dghud_input {
    unsigned panels;        /* DGHUD_BIT()s */
    double now;             /* UTC seconds since the epoch: the clock, "lost since" */
    const dgts_view *stats; /* NULL: the stats panels say "no data" */
    const dghud_legend_item *classes;
    int n_classes;
    dghud_rgba mirai_colour;
    const char *mirai_name; /* NULL: "Mirai fingerprint" */
    const dghud_tick *ticks;
    int n_ticks;
    dghud_feed feed;
    const char *credit; /* e.g. "IP geolocation by DB-IP"; NULL: none */
    const dghud_alert_row *alerts;
    int n_alerts;      /* rows given (the panel shows as many as fit) */
    int alerts_active; /* the count in the panel's header: all active alerts, shown or not
                          (0: n_alerts) */
    float alert_flash; /* 0..1: the alert panel flashes (new high/critical alert) */
    dghud_clock clock;
    const char *hint; /* a warning line at the top centre (with the feed panel); NULL: none */
} dghud_input;

typedef struct dghud dghud;

/* Needs a current GL 3.3 context; fonts may be NULL (Debian defaults). NULL on GL failure. */
dghud *dghud_create(const dgtx_config *fonts);
void dghud_destroy(dghud *h);
/* The text renderer, for callers that draw their own text in the same batch. */
dgtx *dghud_text(dghud *h);

/* Where each panel goes for a w x h window (w == 0 for panels not shown). */
void dghud_layout(int w, int h, const dghud_input *in, dghud_rect out[DGHUD_P_COUNT]);
/* The globe's centre region, which no panel covers at 16:9 or wider. */
dghud_rect dghud_keepout(int w, int h);

/* Frame: begin, draw panels and/or labels, end (issues the draw calls: panels, then text).
 * Changes blend and depth-test state and restores them. */
void dghud_begin(dghud *h, int w, int hgt);
void dghud_draw(dghud *h, const dghud_input *in);
/* A label anchored at window point (x, y): text in colour on a small dark plate. */
void dghud_label(dghud *h, float x, float y, const char *text, dghud_rgba colour);
void dghud_end(dghud *h);

/* "987", "12.3k", "4.56M", "1.23G" */
char *dghud_fmt_si(uint64_t v, char *buf, size_t cap);
/* "1,234,567" */
char *dghud_fmt_group(uint64_t v, char *buf, size_t cap);
/* "12s", "4m", "2h", "3d" */
char *dghud_fmt_age(double s, char *buf, size_t cap);
/* The feed panel's text: the state ("FEED CONNECTED", "FEED LOST", "WAITING FOR FEED",
 * "REPLAY"), what qualifies it on the same line ("7s ago") and the line naming the endpoint
 * or file ("never connected to tcp://...", "tcp://... · lost at 12:00:03 UTC"). */
void dghud_feed_text(const dghud_feed *f, double now, char *state, size_t scap, char *qual,
                     size_t qcap, char *detail, size_t dcap);
/* The clock panel's lines: main figure ("09:12:04"), its label line and the small line. */
void dghud_clock_text(const dghud_clock *c, double now, char *big, size_t bcap, char *label,
                      size_t lcap, char *small, size_t scap);

#endif
