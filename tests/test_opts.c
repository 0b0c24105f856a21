/* test_opts.c - viewer option parsing: defaults, values, ranges, lists, errors. */
#include "check.h"
#include "opts.h"

static int parse(dgo_options *o, const char *a1, const char *a2, const char *a3)
{
    char *argv[] = {"darkglobe", (char *)a1, (char *)a2, (char *)a3, NULL};
    int argc = 1 + (a1 != NULL) + (a2 != NULL) + (a3 != NULL);
    dgo_defaults(o);
    return dgo_parse(o, argc, argv);
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
    return check_report();
}
