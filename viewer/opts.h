/* opts.h - the viewer's options: one table (optparse.h; the options darkglobe-feed takes too
 * from cliopts.h) drives the command line, --help, config files and --save-config, so the
 * four can never disagree.
 * Owns: dgo_options (the effective configuration) and its parsing and printing.
 * Threads: main thread, before the other threads start. */
#ifndef DG_OPTS_H
#define DG_OPTS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "optparse.h"

#define DGO_PATH 512
#define DGO_MAX_LIST 16

typedef struct dgo_options {
    /* feed */
    char connect[DGO_MAX_LIST][DGO_PATH];
    int nconnect;
    bool demo;
    double rate;
    long seed;
    char record[DGO_PATH];
    char replay[DGO_PATH];
    char columns[DGO_PATH]; /* CSV column map for --replay of other layouts than Marx */
    double speed;
    char feed_key[DGO_PATH];
    /* geolocation and sensors */
    char geoip[DGO_PATH];
    char sensor[DGO_MAX_LIST][DGO_PATH];
    int nsensor;
    char sensor_file[DGO_PATH];
    /* globe and arcs */
    char globe_style[16];
    char globe_texture[DGO_PATH];
    char night_texture[DGO_PATH];
    char port_scale[16];
    char color_by[16]; /* class|tool */
    char arcs[16];     /* auto|per-packet|per-source (arcagg.h) */
    char palette[DGO_PATH];
    long max_arcs;
    double flight_time;
    double arc_lifetime;
    bool no_autorotate;
    char home[64]; /* LAT,LON[,ZOOM]; "": the sensors' region */
    /* alerts and HUD */
    char watchlist[DGO_PATH];
    char alerts_log[DGO_PATH];
    double alert_expire;
    bool no_detect;
    char panels[128];
    char hud_window[8]; /* 1m|10m|1h|all: the window of the top lists */
    char services[DGO_PATH];
    bool auto_card;
        /* open the card of each new high/critical alert */ /* port/service/CVE table; "":
                                                               assets/services.tsv */
    /* display and run control */
    int width, height;
    bool headless;
    bool fullscreen, span, frameless, kiosk, anonymize;
    long display;
    char window[64];     /* WxH+X+Y */
    char tile[32];       /* COLSxROWS:INDEX */
    char sync[DGO_PATH]; /* nanomsg URL of the video wall's leader */
    char filter[DGO_PATH];
    char screenshot_dir[DGO_PATH];
    char output_ppm_stream[DGO_PATH];
    double output_framerate;
    double duration;
    long frames;
    double fps;
    double fixed_dt;
    char screenshot[DGO_PATH];
    char stats[DGO_PATH];
    bool quiet;
    /* configuration files (not saved themselves) */
    char config[DGO_PATH];
    char save_config[DGO_PATH];
} dgo_options;

/* Fills the documented defaults. */
void dgo_defaults(dgo_options *o);

/* Parses argv over o: the --config file first, then the command line, which overrides it.
 * Returns 0 to run, 1 when --help was printed (exit 0), 2 on a bad option or value
 * (message printed to stderr as "darkglobe: ..."). */
int dgo_parse(dgo_options *o, int argc, char **argv);

/* Checks cross-option rules after parsing; 2 with a message, else 0. */
int dgo_validate(const dgo_options *o);

void dgo_print_help(FILE *f);

/* The options' table (optparse.h): shared specs point at cliopts.h. */
const dgopt_table *dgo_table(void);

/* Parses --window "WxH+X+Y" (W, H 16..16384, X and Y within +-DGO_WINDOW_POS); false on
 * bad syntax or a value out of range. */
#define DGO_WINDOW_POS 65535
bool dgo_parse_window(const char *text, int *w, int *h, int *x, int *y);

/* Loads an INI file ([section], key = value; keys are the long options; '#' comments)
 * over o. All or nothing: on error o is unchanged and err holds "path:line: reason". */
bool dgo_load_file(dgo_options *o, const char *path, char *err, size_t errcap);
/* Writes every option of o as a file dgo_load_file reads back to the same options. */
bool dgo_save_file(const dgo_options *o, const char *path, char *err, size_t errcap);

#endif
