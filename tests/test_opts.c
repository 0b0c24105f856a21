/* test_opts.c - viewer option parsing: defaults, values, ranges, lists, errors. */
#include <stdlib.h>
#include <unistd.h>

#include "check.h"
#include "opts.h"

static int parse(dgo_options *o, const char *a1, const char *a2, const char *a3)
{
    char *argv[] = {"darkglobe", (char *)a1, (char *)a2, (char *)a3, NULL};
    int argc = 1 + (a1 != NULL) + (a2 != NULL) + (a3 != NULL);
    dgo_defaults(o);
    return dgo_parse(o, argc, argv);
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
}

/* --save-config then --config gives the same options; the command line overrides the file;
 * a bad file is reported with its line number and changes nothing. */
static void config_files(void)
{
    char saved[] = "/tmp/dg-opts-XXXXXX", bad[] = "/tmp/dg-bad-XXXXXX";
    close(mkstemp(saved));
    close(mkstemp(bad));
    dgo_options a, b;
    char err[600];
    CHECK_EQ_INT(parse(&a, "--connect", "tcp://x:1", "--headless"), 0);
    a.rate = 1234.5;
    strcpy(a.sensor[a.nsensor++], "tokyo=35.68,139.69,203.0.113.0/25");
    CHECK(dgo_save_file(&a, saved, err, sizeof err));
    dgo_defaults(&b);
    CHECK(dgo_load_file(&b, saved, err, sizeof err));
    CHECK(memcmp(&a, &b, sizeof a) == 0);
    char arg[600];
    snprintf(arg, sizeof arg, "--config=%s", saved);
    CHECK_EQ_INT(parse(&b, arg, "--rate", "99"), 0);
    CHECK(b.rate == 99);
    CHECK(b.headless);
    CHECK_STR_EQ(b.connect[0], "tcp://x:1");
    CHECK_EQ_INT(parse(&b, arg, "--connect", "tcp://y:2"), 0);
    CHECK_EQ_INT(b.nconnect, 1);
    CHECK_STR_EQ(b.connect[0], "tcp://y:2");

    write_file(bad, "# wall\n[feed]\nrate = 5\n\n[globe]\nmax-arcs = lots\n");
    dgo_defaults(&b);
    CHECK(!dgo_load_file(&b, bad, err, sizeof err));
    CHECK(strstr(err, ":6: max-arcs") != NULL);
    CHECK(b.rate == 2000); /* unchanged: all or nothing */
    write_file(bad, "[feed]\nmax-arcs = 5\n");
    CHECK(!dgo_load_file(&b, bad, err, sizeof err));
    CHECK(strstr(err, ":2: key \"max-arcs\" belongs in section [globe]") != NULL);
    write_file(bad, "rate = 5\n");
    CHECK(!dgo_load_file(&b, bad, err, sizeof err));
    write_file(bad, "[nosuch]\n");
    CHECK(!dgo_load_file(&b, bad, err, sizeof err));
    CHECK(strstr(err, ":1: unknown section") != NULL);
    unlink(saved);
    unlink(bad);
}

static void write_bytes(const char *path, const char *bytes, size_t n)
{
    FILE *f = fopen(path, "wb");
    fwrite(bytes, 1, n, f);
    fclose(f);
}

/* Lines of any length stay one line, a directory or a NUL byte is refused with file:line,
 * a UTF-8 byte-order mark is accepted and other invisible bytes are shown in messages. */
static void config_file_bytes(void)
{
    char path[] = "/tmp/dg-bytes-XXXXXX", dir[] = "/tmp/dg-dir-XXXXXX";
    close(mkstemp(path));
    CHECK(mkdtemp(dir) != NULL);
    dgo_options o;
    char err[600], *text = malloc(10000);
    /* a comment whose tail once became a live "fps = 7" (fgets into 2,048 bytes) */
    int n = snprintf(text, 10000, "[run]\n# %.*s", 2045, "");
    memset(text + n, 'x', 2045);
    strcpy(text + n + 2045, "fps = 7\n");
    write_file(path, text);
    dgo_defaults(&o);
    CHECK(dgo_load_file(&o, path, err, sizeof err));
    CHECK(o.fps == 60);
    /* a setting longer than any buffer is reported on its own line */
    n = snprintf(text, 10000, "[run]\n\nstats = ");
    memset(text + n, 'y', 5000);
    strcpy(text + n + 5000, "\nfps = 9\n");
    write_file(path, text);
    CHECK(!dgo_load_file(&o, path, err, sizeof err));
    CHECK(strstr(err, ":3: stats: value too long") != NULL);
    CHECK(!dgo_load_file(&o, dir, err, sizeof err));
    CHECK(strstr(err, "is a directory") != NULL);
    write_bytes(path, "[run]\nfps = 12\0 garbage\n", 25);
    CHECK(!dgo_load_file(&o, path, err, sizeof err));
    CHECK(strstr(err, ":2: NUL byte") != NULL);
    write_file(path, "\xEF\xBB\xBF[run]\nfps = 12\n");
    CHECK(dgo_load_file(&o, path, err, sizeof err));
    CHECK(o.fps == 12);
    write_file(path, "[run]\n\xEF\xBB\xBF"
                     "fps = 13\x01\n");
    CHECK(!dgo_load_file(&o, path, err, sizeof err));
    CHECK(strstr(err, ":2: unknown key, got \"\\xEF\\xBB\\xBFfps\"") != NULL);
    free(text);
    unlink(path);
    rmdir(dir);
}

int main(void)
{
    dgo_options o;
    CHECK_EQ_INT(parse(&o, NULL, NULL, NULL), 0);
    CHECK_EQ_INT(o.width, 1280);
    CHECK_EQ_INT(o.height, 720);
    CHECK_EQ_INT(o.max_arcs, 100000);
    CHECK(o.fps == 60);
    CHECK_EQ_INT(parse(&o, "--size", "1920x1080", "--headless"), 0);
    CHECK_EQ_INT(o.width, 1920);
    CHECK(o.headless);
    CHECK_EQ_INT(parse(&o, "--connect", "tcp://a:1", "--connect=ipc:///tmp/x"), 0);
    CHECK_EQ_INT(o.nconnect, 2);
    CHECK_STR_EQ(o.connect[1], "ipc:///tmp/x");
    CHECK_EQ_INT(parse(&o, "--fixed-dt", "0.0166667", NULL), 0);
    CHECK(o.fixed_dt > 0.0166 && o.fixed_dt < 0.0167);
    CHECK_EQ_INT(parse(&o, "--globe-style", "night", NULL), 0);
    CHECK_STR_EQ(o.globe_style, "night");
    /* errors: exit 2 */
    CHECK_EQ_INT(parse(&o, "--globe-style", "pink", NULL), 2);
    CHECK_EQ_INT(parse(&o, "--size", "12x", NULL), 2);
    CHECK_EQ_INT(parse(&o, "--rate", "abc", NULL), 2);
    CHECK_EQ_INT(parse(&o, "--rate", "-5", NULL), 2);
    CHECK_EQ_INT(parse(&o, "--frames", "1.5", NULL), 2);
    CHECK_EQ_INT(parse(&o, "--fps", "nan", NULL), 2);
    CHECK_EQ_INT(parse(&o, "--bogus", NULL, NULL), 2);
    CHECK_EQ_INT(parse(&o, "--rate", NULL, NULL), 2);
    CHECK_EQ_INT(parse(&o, "stray", NULL, NULL), 2);
    CHECK_EQ_INT(parse(&o, "--help", NULL, NULL), 1);
    CHECK_EQ_INT(parse(&o, "--flight-time", "3", NULL), 0);
    CHECK_EQ_INT(dgo_validate(&o), 2); /* lifetime shorter than flight */
    config_files();
    config_file_bytes();
    return check_report();
}
