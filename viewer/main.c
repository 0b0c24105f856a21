/* main.c - darkglobe, the viewer: options, start-up, the frame loop, shutdown.
 * Owns: the render thread's loop: input -> drain the queue once -> model -> draw -> stats.
 * Threads: this is the main (render) thread; the network thread lives in netthread.c. */
#include <GL/glew.h>
#include <SDL2/SDL.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ratelog.h"
#include "app.h"
#include "opts.h"

static atomic_int stop_signal, reload_signal;

static void on_signal(int sig)
{
    atomic_store(sig == SIGHUP ? &reload_signal : &stop_signal, sig);
}

static void install_signals(void)
{
    struct sigaction sa = {0};
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    signal(SIGXFSZ, SIG_IGN); /* past a file size limit a write fails (EFBIG) and is reported */
}

int main(int argc, char **argv)
{
    dgo_options o;
    dgo_defaults(&o);
    int rc = dgo_parse(&o, argc, argv);
    if (rc == 1) return 0;
    if (rc || dgo_validate(&o)) return 2;
    if (o.save_config[0]) {
        char err[600];
        if (dgo_save_file(&o, o.save_config, err, sizeof err)) return 0;
        fprintf(stderr, "darkglobe: --save-config: %s\n", err);
        return 1;
    }
    install_signals();
    dgapp_app *app = dgapp_create(&o, &rc);
    if (!app) return rc;
    rc = dgapp_run(app, &stop_signal, &reload_signal, argc, argv);
    int closed = dgapp_destroy(app);
    return rc ? rc : closed;
}
