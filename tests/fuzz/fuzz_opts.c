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

/* Saves o into a fresh memfd f; the file's text is the comparable form of options (string
 * buffers may hold stale bytes after their NUL, which are not part of any option). */
static void save(const dgo_options *o, fuzz_file *f, char *text, size_t cap)
{
    char err[600] = "";
    if (!fuzz_file_open(f, (const uint8_t *)"", 0)) fuzz_fail(T, "no memfd");
    if (!dgo_save_file(o, f->path, err, sizeof err)) fuzz_fail(T, "save failed");
    ssize_t n = pread(f->fd, text, cap - 1, 0);
    if (n < 0 || (size_t)n == cap - 1) fuzz_fail(T, "saved file unreadable or too long");
    text[n] = '\0';
}

static void check_round_trip(void)
{
    static char text1[1 << 16], text2[1 << 16];
    fuzz_file out1, out2;
    char err[600] = "";
    save(&loaded, &out1, text1, sizeof text1);
    dgo_defaults(&reloaded);
    if (!dgo_load_file(&reloaded, out1.path, err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        fuzz_fail(T, "saved options do not load");
    }
    save(&reloaded, &out2, text2, sizeof text2);
    if (strcmp(text1, text2) != 0) fuzz_fail(T, "save/load changed options");
    fuzz_file_close(&out1);
    fuzz_file_close(&out2);
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
        if (memcmp(&loaded, &before, sizeof loaded) != 0)
            fuzz_fail(T, "refused file changed options");
    }
    fuzz_file_close(&in);
    return 0;
}
