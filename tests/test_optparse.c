/* test_optparse.c - the table-driven option parser (optparse.h) on a table of its own, and
 * the two programs' tables: a shared option is the very same spec in both (cliopts.h), so
 * its name, range and help cannot drift; darkglobe-feed's --filter is the old name of --bpf. */
#include "check.h"
#include "cliopts.h"
#include "feed_opts.h"
#include "optparse.h"
#include "opts.h"
#include "pace.h"

#include <stdlib.h>
#include <unistd.h>

enum { K_LEVEL = 1, K_SCALE, K_MODE, K_VERBOSE, K_ITEM, K_NAME, K_HELP };

static const dgopt_entry entries[] = {
    {&(const dgopt_spec){.name = "level",
                         .letter = 'l',
                         .kind = DGOPT_INT,
                         .min = 0,
                         .max = 9.2e18,
                         .metavar = "N",
                         .help = "a level"},
     .key = K_LEVEL, .section = "numbers"},
    {&(const dgopt_spec){.name = "scale",
                         .kind = DGOPT_DOUBLE,
                         .min = 0.5,
                         .max = 1e9,
                         .word = "max",
                         .word_value = -1,
                         .metavar = "X",
                         .help = "a scale"},
     .key = K_SCALE, .section = "numbers"},
    {&(const dgopt_spec){
         .name = "mode", .kind = DGOPT_ENUM, .choices = "a|b", .metavar = "M", .help = "a mode"},
     .key = K_MODE, .section = "words"},
    {&(const dgopt_spec){.name = "verbose", .letter = 'v', .kind = DGOPT_FLAG, .help = "talk"},
     .key = K_VERBOSE, .section = "words"},
    {&(const dgopt_spec){.name = "item",
                         .letter = 'i',
                         .alias = "old-item",
                         .kind = DGOPT_LIST,
                         .metavar = "S",
                         .help = "an item\nrepeatable"},
     .key = K_ITEM, .section = "words", .note = "a note of this program"},
    {&(const dgopt_spec){.name = "size", .kind = DGOPT_STRING, .metavar = "S", .help = "a name"},
     .key = K_NAME, .section = "words"},
    {&dgcli_help, .key = K_HELP, .section = "words"},
};
static const dgopt_table table = {"prog", entries, sizeof entries / sizeof entries[0]};

typedef struct got {
    long long level;
    double scale;
    const char *mode, *name;
    int verbose, nitems;
    const char *items[8];
} got;

static int setter(void *ctx, const dgopt_entry *e, const dgopt_val *v, char *err, size_t cap)
{
    got *g = ctx;
    switch (e->key) {
    case K_LEVEL: g->level = v->i; break;
    case K_SCALE: g->scale = v->num; break;
    case K_MODE: g->mode = v->text; break;
    case K_VERBOSE: g->verbose += v->flag; break;
    case K_ITEM: g->items[g->nitems++ & 7] = v->text; break;
    case K_NAME:
        if (!strcmp(v->text, "bad")) return snprintf(err, cap, "no bad names"), 2;
        g->name = v->text;
        break;
    case K_HELP: return 1;
    }
    return 0;
}

static char stderr_text[4096];

/* Parses the NULL-terminated arguments; what the parser printed lands in stderr_text. */
static int parse(got *g, const char *const *args)
{
    char *argv[32] = {"prog"};
    int argc = 1;
    while (args[argc - 1])
        argv[argc] = (char *)args[argc - 1], argc++;
    memset(g, 0, sizeof *g);
    fflush(stderr);
    FILE *tmp = tmpfile();
    int saved = dup(2);
    dup2(fileno(tmp), 2);
    int rc = dgopt_parse(&table, argc, argv, setter, g);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    rewind(tmp);
    size_t n = fread(stderr_text, 1, sizeof stderr_text - 1, tmp);
    stderr_text[n] = 0;
    fclose(tmp);
    return rc;
}

#define ARGS(...) ((const char *const[]){__VA_ARGS__, NULL})

static void test_forms(void)
{
    got g;
    CHECK_EQ_INT(parse(&g, ARGS("--level", "7", "--scale=2.5", "--mode=b", "-v", "--size", "x")),
                 0);
    CHECK_EQ_INT(g.level, 7);
    CHECK_NEAR(g.scale, 2.5, 1e-12);
    CHECK_STR_EQ(g.mode, "b");
    CHECK_STR_EQ(g.name, "x");
    CHECK_EQ_INT(g.verbose, 1);
    CHECK_STR_EQ(stderr_text, "");
    /* short options: a value attached or next; flags bundle; a prefix names one option */
    CHECK_EQ_INT(parse(&g, ARGS("-l3", "-vvi", "one", "-i", "two", "--sc", "max", "--siz=-y")), 0);
    CHECK_EQ_INT(g.level, 3);
    CHECK_EQ_INT(g.verbose, 2);
    CHECK_EQ_INT(g.nitems, 2);
    CHECK_STR_EQ(g.items[1], "two");
    CHECK_NEAR(g.scale, -1, 0); /* the word */
    CHECK_STR_EQ(g.name, "-y");
    /* a value is the next argument whatever it looks like, as getopt took it */
    CHECK_EQ_INT(parse(&g, ARGS("--size", "--level")), 0);
    CHECK_STR_EQ(g.name, "--level");
    /* exact: no seed rounded through a double */
    CHECK_EQ_INT(parse(&g, ARGS("--level", "9000000000000000001")), 0);
    CHECK(g.level == 9000000000000000001LL);
    CHECK_EQ_INT(parse(&g, ARGS("--level", "1e3")), 0);
    CHECK_EQ_INT(g.level, 1000);
    CHECK_EQ_INT(parse(&g, ARGS("--", NULL)), 0);
}

/* Exit 2 and a message holding want. */
static void expect_error(const char *const *args, const char *want)
{
    got g;
    CHECK_EQ_INT(parse(&g, args), 2);
    if (!strstr(stderr_text, want)) fprintf(stderr, "want \"%s\" in \"%s\"\n", want, stderr_text);
    CHECK(strstr(stderr_text, want) != NULL);
    CHECK(!strncmp(stderr_text, "prog: ", 6));
}

static void test_errors(void)
{
    expect_error(ARGS("--scale", "2e9"), "prog: --scale: 2e9 is above the maximum 1e9");
    expect_error(ARGS("--scale", "0.1"), "--scale: 0.1 is below the minimum 0.5");
    expect_error(ARGS("--scale", "1e999"), "is above the maximum");
    expect_error(ARGS("--scale", "abc"),
                 "--scale: expected a number from 0.5 to 1e9 or max, got \"abc\"");
    expect_error(ARGS("--scale", "nan"), "--scale: expected");
    expect_error(ARGS("--level", "1.5"), "--level: expected a whole number, got \"1.5\"");
    expect_error(ARGS("--level", "-1"), "-1 is below the minimum 0");
    expect_error(ARGS("--mode", "c"), "--mode: expected one of a|b, got \"c\"");
    expect_error(ARGS("--scale", "1\x01"), "got \"1\\x01\"");
    expect_error(ARGS("--size", "bad"), "prog: --size: no bad names");
    expect_error(ARGS("--bogus"), "unknown option \"--bogus\"");
    expect_error(ARGS("-x"), "unknown option \"-x\"");
    expect_error(ARGS("--level"), "option \"--level\" needs a value");
    expect_error(ARGS("-l"), "missing value");
    expect_error(ARGS("--verbose=yes"), "option \"--verbose\" takes no value");
    expect_error(ARGS("--s", "1"), "option \"--s\" is ambiguous"); /* scale or size */
    expect_error(ARGS("stray"), "unexpected argument \"stray\"");
    expect_error(ARGS("-"), "unexpected argument \"-\"");
    expect_error(ARGS("--", "stray"), "unexpected argument \"stray\"");
    got g;
    CHECK_EQ_INT(parse(&g, ARGS("--help", "--bogus")), 1); /* help stops before the rest */
}

static void test_alias(void)
{
    got g;
    CHECK_EQ_INT(parse(&g, ARGS("--old-item", "a", "--old-item=b", "--item", "c")), 0);
    CHECK_EQ_INT(g.nitems, 3);
    CHECK(strstr(stderr_text, "prog: note: --old-item is deprecated") != NULL);
    CHECK(strstr(stderr_text, "use --item") != NULL);
    CHECK(strchr(stderr_text, '\n') == stderr_text + strlen(stderr_text) - 1); /* one line */
    CHECK(dgopt_find(&table, "old-item") == &entries[4]);
    /* what a configuration file gives goes through the same checks */
    dgopt_val v;
    char err[256];
    CHECK(dgopt_convert(entries[3].spec, "off", &v, err, sizeof err) && !v.flag);
    CHECK(!dgopt_convert(entries[3].spec, "maybe", &v, err, sizeof err));
    CHECK(!dgopt_convert(entries[1].spec, "2e9", &v, err, sizeof err));
    CHECK_STR_EQ(err, "2e9 is above the maximum 1e9");
}

static void test_help(void)
{
    char buf[8192] = "";
    FILE *f = fmemopen(buf, sizeof buf - 1, "w");
    dgopt_print_help(f, &table, &(dgopt_layout){.width = 22});
    fclose(f);
    CHECK(strstr(buf, "\nnumbers:\n  -l, --level N          a level\n") != NULL);
    CHECK(strstr(buf, "      --mode M           a mode\n") != NULL);
    CHECK(strstr(buf, "one of: a|b") != NULL);
    CHECK(strstr(buf, "  -i, --item S           an item\n                         repeatable\n"
                      "                         a note of this program\n") != NULL);
    CHECK(strstr(buf, "      --old-item S       the old name of --item: deprecated") != NULL);
}

/* Every shared spec is the very object both programs' tables hold; no other name is in both. */
static void test_shared(void)
{
    const dgopt_table *view = dgo_table(), *feed = feedopt_table();
    for (size_t i = 0; i < dgcli_nshared; i++) {
        const dgopt_entry *v = dgopt_find(view, dgcli_shared[i]->name);
        const dgopt_entry *f = dgopt_find(feed, dgcli_shared[i]->name);
        CHECK(v && v->spec == dgcli_shared[i]);
        CHECK(f && f->spec == dgcli_shared[i]);
    }
    for (size_t i = 0; i < view->n; i++) {
        const dgopt_spec *s = view->entries[i].spec;
        const dgopt_entry *f = dgopt_find(feed, s->name);
        if (f && !strcmp(f->spec->name, s->name) && f->spec != s)
            fprintf(stderr, "--%s: two definitions\n", s->name);
        CHECK(!f || strcmp(f->spec->name, s->name) || f->spec == s);
    }
    /* the ranges settled once: --rate to 1e9 in both; --speed is pace.h's */
    const dgopt_spec *vr = dgopt_find(view, "rate")->spec, *fr = dgopt_find(feed, "rate")->spec;
    CHECK(vr == fr && vr->max == 1e9 && vr->min == 0.001);
    CHECK(dgcli_speed.min == DGSCH_SPEED_MIN_VALUE && dgcli_speed.max == DGSCH_SPEED_MAX_VALUE);
    CHECK(dgcli_speed.word_value == DGSCH_SPEED_MAX);
    /* the feed's --filter is the old name of --bpf; the viewer's --filter is its own */
    const dgopt_entry *bpf = dgopt_find(feed, "filter");
    CHECK(bpf && !strcmp(bpf->spec->name, "bpf") && !strcmp(bpf->spec->alias, "filter"));
    CHECK(dgopt_find(feed, "bpf") == bpf);
    const dgopt_entry *vf = dgopt_find(view, "filter");
    CHECK(vf && !strcmp(vf->spec->name, "filter") && !vf->spec->alias);
}

int main(void)
{
    test_forms();
    test_errors();
    test_alias();
    test_help();
    test_shared();
    return check_report();
}
