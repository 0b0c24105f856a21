/* app.h - the viewer application: everything main() starts, runs and stops.
 * Owns: the window, the network thread, the demo feed, the model (arcs, statistics,
 * alerts, detectors), the renderer and HUD, and the stats output.
 * Threads: main (render) thread only. */
#ifndef DG_APP_H
#define DG_APP_H

#include <stdatomic.h>

#include "opts.h"

typedef struct dgapp_app dgapp_app;

/* Starts everything; NULL with *rc = exit status (1 runtime failure, 2 bad input). */
dgapp_app *dgapp_create(const dgo_options *o, int *rc);
/* Runs frames until --frames/--duration, a quit key, or *stop_signal; returns the exit status.
 * When *reload is set (SIGHUP) it re-reads the configuration: argv is parsed again (the
 * --config file, then the command line over it); a bad file is reported with its line and
 * the running configuration stays. */
int dgapp_run(dgapp_app *app, atomic_int *stop_signal, atomic_int *reload, int argc, char **argv);
/* Writes the screenshot and last stats line, stops threads, frees everything. Returns 1
 * when the --record file could not be written completely, else 0. */
int dgapp_destroy(dgapp_app *app);

#endif
