/* fuzz_opts.c - libFuzzer target over the viewer's configuration file (opts.c,
 * dgo_load_file). A refused file must leave the options untouched and name path:line;
 * an accepted one must survive --save-config: saved and loaded again it gives the same
 * options (opts.h promises the file and the options can never disagree). */
#include "fuzz_util.h"
#include "opts.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define T "fuzz_opts"

static dgo_options loaded, before, reloaded;

/* The config file names are run control, not saved options. */
static void forget_files(dgo_options *o)
{
    memset(o->config, 0, sizeof o->config);
    memset(o->save_config, 0, sizeof o->save_config);
}

static void check_round_trip(void)
{
    fuzz_file out;
    char err[600] = "";
    if (!fuzz_file_open(&out, (const uint8_t *)"", 0)) return;
    if (!dgo_save_file(&loaded, out.path, err, sizeof err)) fuzz_fail(T, "save failed");
    dgo_defaults(&reloaded);
    if (!dgo_load_file(&reloaded, out.path, err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        fuzz_fail(T, "saved options do not load");
    }
    forget_files(&loaded);
    forget_files(&reloaded);
    if (memcmp(&loaded, &reloaded, sizeof loaded) != 0) fuzz_fail(T, "save/load changed options");
    fuzz_file_close(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_file in;
    if (!fuzz_file_open(&in, data, size)) return 0;
    char err[600] = "";
    dgo_defaults(&loaded);
    before = loaded;
    if (dgo_load_file(&loaded, in.path, err, sizeof err)) {
        check_round_trip();
    } else {
        if (strncmp(err, in.path, strlen(in.path)) != 0) fuzz_fail(T, "error names no path");
        if (memcmp(&loaded, &before, sizeof loaded) != 0) fuzz_fail(T, "refused file changed options");
    }
    fuzz_file_close(&in);
    return 0;
}
