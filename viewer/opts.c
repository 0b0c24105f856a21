/* opts.c - see opts.h. */
#include "opts.h"

#include "addr.h"
#include "pace.h"
#include "camera.h"
#include "sync.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* T_SPEED: a T_DOUBLE that also takes "max" (DGSCH_SPEED_MAX: no pacing). */
typedef enum { T_FLAG, T_LONG, T_DOUBLE, T_STR, T_LIST, T_CHOICE, T_SIZE, T_SPEED } opt_type;

typedef struct opt_def {
    const char *name;
    opt_type type;
    size_t off;       /* field in dgo_options */
    size_t size;      /* bytes of a T_STR/T_CHOICE field or of one T_LIST element */
    size_t count_off; /* T_LIST: the int counter */
    double min, max;  /* T_LONG / T_DOUBLE range */
    const char *choices;
    const char *metavar;
    const char *help;
    const char *section;
} opt_def;

#define F(field) offsetof(dgo_options, field)
#define STR_SIZE(field) sizeof(((dgo_options *)0)->field)

static const opt_def defs[] = {
    {"connect", T_LIST, F(connect), DGO_PATH, F(nconnect), 0, 0, NULL, "URL",
     "subscribe to a feed (tcp://, ipc://, ws://); repeatable", "feed"},
    {"demo", T_FLAG, F(demo), 0, 0, 0, 0, NULL, NULL,
     "in-process synthetic feed (default when no --connect/--replay)", "feed"},
    {"rate", T_DOUBLE, F(rate), 0, 0, 0.001, 1e8, NULL, "PPS", "demo feed rate in packets/s",
     "feed"},
    {"seed", T_LONG, F(seed), 0, 0, 0, 9.2e18, NULL, "N", "demo feed random seed", "feed"},
    {"record", T_STR, F(record), STR_SIZE(record), 0, 0, 0, NULL, "FILE",
     "record everything received", "feed"},
    {"replay", T_STR, F(replay), STR_SIZE(replay), 0, 0, 0, NULL, "FILE",
     "replay a capture, log or recording", "feed"},
    {"columns", T_STR, F(columns), STR_SIZE(columns), 0, 0, 0, NULL, "MAP",
     "CSV column map for --replay (default: the Marx honeypot layout; see docs/sources.md)",
     "feed"},
    {"speed", T_SPEED, F(speed), 0, 0, DGSCH_SPEED_MIN_VALUE, DGSCH_SPEED_MAX_VALUE, NULL, "X|max",
     "replay speed (max: as fast as the file reads)", "feed"},
    {"feed-key", T_STR, F(feed_key), STR_SIZE(feed_key), 0, 0, 0, NULL, "FILE",
     "pre-shared key: accept only messages authenticated with it", "feed"},
    {"geoip", T_STR, F(geoip), STR_SIZE(geoip), 0, 0, 0, NULL, "PATH",
     "geolocation database file or directory", "geo"},
    {"sensor", T_LIST, F(sensor), DGO_PATH, F(nsensor), 0, 0, NULL, "NAME=LAT,LON[,CIDR...]",
     "define a sensor; repeatable", "geo"},
    {"sensor-file", T_STR, F(sensor_file), STR_SIZE(sensor_file), 0, 0, 0, NULL, "FILE",
     "sensor definitions, one per line", "geo"},
    {"globe-style", T_CHOICE, F(globe_style), STR_SIZE(globe_style), 0, 0, 0,
     "dark|satellite|night", "STYLE", "globe look", "globe"},
    {"globe-texture", T_STR, F(globe_texture), STR_SIZE(globe_texture), 0, 0, 0, NULL, "PATH",
     "equirectangular day texture", "globe"},
    {"night-texture", T_STR, F(night_texture), STR_SIZE(night_texture), 0, 0, 0, NULL, "PATH",
     "equirectangular city-lights texture", "globe"},
    {"port-scale", T_CHOICE, F(port_scale), STR_SIZE(port_scale), 0, 0, 0, "log|linear", "SCALE",
     "arc height from destination port", "globe"},
    {"palette", T_STR, F(palette), STR_SIZE(palette), 0, 0, 0, NULL, "SPEC",
     "class colours: NAME or class=#rrggbb,...", "globe"},
    {"color-by", T_CHOICE, F(color_by), STR_SIZE(color_by), 0, 0, 0, "class|tool", "MODE",
     "arc colour from the packet class or the scanner tool (T toggles)", "globe"},
    {"arcs", T_CHOICE, F(arcs), STR_SIZE(arcs), 0, 0, 0, "auto|per-packet|per-source", "MODE",
     "an arc per packet, or per source and port with width and brightness from its packets "
     "(auto: per source above 4,000 pkt/s drawn)",
     "globe"},
    {"max-arcs", T_LONG, F(max_arcs), 0, 0, 16, 16000000, NULL, "N",
     "arc pool capacity (a quarter of it, at most 4,096, for comets)", "globe"},
    {"flight-time", T_DOUBLE, F(flight_time), 0, 0, 0.05, 600, NULL, "SEC",
     "seconds an arc's head takes from source to sensor", "globe"},
    {"arc-lifetime", T_DOUBLE, F(arc_lifetime), 0, 0, 0.05, 3600, NULL, "SEC",
     "seconds an arc stays (flight plus fade)", "globe"},
    {"filter", T_STR, F(filter), STR_SIZE(filter), 0, 0, 0, NULL, "SPEC",
     "draw only matching arcs, e.g. class=syn+udp;port=23,2323;cc=JP;sensor=tokyo;mirai "
     "(counting stays complete)",
     "globe"},
    {"no-autorotate", T_FLAG, F(no_autorotate), 0, 0, 0, 0, NULL, NULL,
     "start with auto-rotation off", "globe"},
    {"home", T_STR, F(home), STR_SIZE(home), 0, 0, 0, NULL, "LAT,LON[,ZOOM]",
     "home view (R returns, auto-rotation swings out from it); default: the sensors' region",
     "globe"},
    {"watchlist", T_STR, F(watchlist), STR_SIZE(watchlist), 0, 0, 0, NULL, "FILE",
     "organisations and their CIDRs (DAEDALUS-style alerts)", "alerts"},
    {"alerts-log", T_STR, F(alerts_log), STR_SIZE(alerts_log), 0, 0, 0, NULL, "PATH",
     "append every alert as a JSON line", "alerts"},
    {"alert-expire", T_DOUBLE, F(alert_expire), 0, 0, 1, 86400 * 7, NULL, "SEC",
     "an alert leaves the overlay this long after it was last seen", "alerts"},
    {"no-detect", T_FLAG, F(no_detect), 0, 0, 0, 0, NULL, NULL,
     "no built-in traffic detectors, e.g. when darkglobe-feed --detect raises the "
     "alerts (a --watchlist still raises its own)",
     "alerts"},
    {"panels", T_STR, F(panels), STR_SIZE(panels), 0, 0, 0, NULL, "LIST",
     "HUD panels shown: all, none or a comma list", "alerts"},
    {"hud-window", T_CHOICE, F(hud_window), STR_SIZE(hud_window), 0, 0, 0, "1m|10m|1h|all",
     "WINDOW", "window of the top ports and countries (W cycles)", "alerts"},
    {"auto-card", T_FLAG, F(auto_card), 0, 0, 0, 0, NULL, NULL,
     "open the detail card of each new high or critical alert (walls, pictures)", "alerts"},
    {"services", T_STR, F(services), STR_SIZE(services), 0, 0, 0, NULL, "FILE",
     "port/service/CVE table for alert cards (default: assets/services.tsv)", "alerts"},
    {"size", T_SIZE, F(width), 0, 0, 0, 0, NULL, "WxH", "window or picture size", "display"},
    {"fullscreen", T_FLAG, F(fullscreen), 0, 0, 0, 0, NULL, NULL,
     "fullscreen on the chosen display (F11 toggles)", "display"},
    {"display", T_LONG, F(display), 0, 0, 0, 63, NULL, "N", "display to open on (0 = first)",
     "display"},
    {"span", T_FLAG, F(span), 0, 0, 0, 0, NULL, NULL, "one borderless canvas across all displays",
     "display"},
    {"window", T_STR, F(window), STR_SIZE(window), 0, 0, 0, NULL, "WxH+X+Y",
     "window size and position", "display"},
    {"frameless", T_FLAG, F(frameless), 0, 0, 0, 0, NULL, NULL, "no window decorations", "display"},
    {"kiosk", T_FLAG, F(kiosk), 0, 0, 0, 0, NULL, NULL,
     "unattended wall: no cursor, input ignored but Ctrl+Alt+Q, auto-tour, burn-in care",
     "display"},
    {"tile", T_STR, F(tile), STR_SIZE(tile), 0, 0, 0, NULL, "COLSxROWS:INDEX",
     "draw tile INDEX (row-major from top-left) of a video wall", "display"},
    {"sync", T_STR, F(sync), STR_SIZE(sync), 0, 0, 0, NULL, "URL",
     "video wall: tile 0 publishes camera and clock on URL, the others follow", "display"},
    {"anonymize", T_FLAG, F(anonymize), 0, 0, 0, 0, NULL, NULL,
     "mask host parts of addresses on screen (IPv4 last octet, IPv6 last 64 bits)", "display"},
    {"headless", T_FLAG, F(headless), 0, 0, 0, 0, NULL, NULL, "no window; offscreen rendering",
     "display"},
    {"duration", T_DOUBLE, F(duration), 0, 0, 0, 1e9, NULL, "SEC", "exit after SEC seconds", "run"},
    {"frames", T_LONG, F(frames), 0, 0, 0, 9.2e18, NULL, "N", "exit after N frames", "run"},
    {"fps", T_DOUBLE, F(fps), 0, 0, 0, 1000, NULL, "N", "frame cap (0 = uncapped)", "run"},
    {"fixed-dt", T_DOUBLE, F(fixed_dt), 0, 0, 0, 10, NULL, "SEC",
     "advance the simulation by SEC per frame (reproducible pictures)", "run"},
    {"screenshot", T_STR, F(screenshot), STR_SIZE(screenshot), 0, 0, 0, NULL, "PATH",
     "PNG of the last frame at exit", "run"},
    {"stats", T_STR, F(stats), STR_SIZE(stats), 0, 0, 0, NULL, "PATH|-",
     "JSON stats line each second and at exit", "run"},
    {"screenshot-dir", T_STR, F(screenshot_dir), STR_SIZE(screenshot_dir), 0, 0, 0, NULL, "DIR",
     "where F12 writes numbered PNG screenshots", "run"},
    {"output-ppm-stream", T_STR, F(output_ppm_stream), STR_SIZE(output_ppm_stream), 0, 0, 0, NULL,
     "FILE|-", "write every frame as PPM (for ffmpeg) at --output-framerate", "run"},
    {"output-framerate", T_DOUBLE, F(output_framerate), 0, 0, 1, 240, NULL, "N",
     "frames per second of video time for --output-ppm-stream", "run"},
    {"quiet", T_FLAG, F(quiet), 0, 0, 0, 0, NULL, NULL, "no warnings about bad feed input", "run"},
};

#define NDEFS (sizeof defs / sizeof defs[0])

void dgo_defaults(dgo_options *o)
{
    memset(o, 0, sizeof *o);
    o->rate = 2000;
    o->seed = 1;
    o->speed = 1;
    strcpy(o->globe_style, "dark");
    strcpy(o->port_scale, "log");
    strcpy(o->color_by, "class");
    strcpy(o->arcs, "auto");
    strcpy(o->palette, "okabe-ito");
    o->max_arcs = 100000;
    o->flight_time = 1.6;
    o->arc_lifetime = 2.4;
    o->alert_expire = 600;
    strcpy(o->panels, "all");
    strcpy(o->hud_window, "10m");
    o->width = 1280;
    o->height = 720;
    o->fps = 60;
    strcpy(o->screenshot_dir, ".");
    o->output_framerate = 30;
}

/* Copies at most 80 bytes of s into out (cap >= 4 * 80 + 1) with control bytes and byte-order
 * marks written as \xNN, so a message shows what is really in a value. */
static const char *visible(const char *s, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; s[i] && i < 80 && o + 13 < cap; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == 0xEF && (unsigned char)s[i + 1] == 0xBB && (unsigned char)s[i + 2] == 0xBF)
            o += (size_t)snprintf(out + o, cap - o, "\\xEF\\xBB\\xBF"), i += 2;
        else if (c < 0x20 || c == 0x7F)
            o += (size_t)snprintf(out + o, cap - o, "\\x%02X", c);
        else
            out[o++] = (char)c;
    }
    out[o] = 0;
    return out;
}

/* Writes "why, got "value"" into err; returns false for the callers' convenience. */
static bool bad_value(char *err, size_t cap, const char *why, const char *val)
{
    char shown[4 * 80 + 16];
    snprintf(err, cap, "%s, got \"%s\"", why, visible(val, shown, sizeof shown));
    return false;
}

static bool parse_double(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || !isfinite(v)) return false;
    *out = v;
    return true;
}

static bool in_choices(const char *choices, const char *v)
{
    size_t n = strlen(v);
    for (const char *p = choices; *p;) {
        const char *bar = strchr(p, '|');
        size_t len = bar ? (size_t)(bar - p) : strlen(p);
        if (len == n && strncmp(p, v, n) == 0) return true;
        p += len + (bar != NULL);
    }
    return false;
}

static bool set_size(dgo_options *o, const char *v, char *err, size_t cap)
{
    int w, h, used = 0;
    if (sscanf(v, "%dx%d%n", &w, &h, &used) != 2 || v[used] || w < 16 || h < 16 || w > 16384 ||
        h > 16384)
        return bad_value(err, cap, "expected WxH between 16x16 and 16384x16384", v);
    o->width = w;
    o->height = h;
    return true;
}

static bool set_string(const opt_def *d, char *field, const char *v, char *err, size_t cap)
{
    if (strlen(v) >= d->size) return bad_value(err, cap, "value too long", v);
    if (d->type == T_CHOICE && !in_choices(d->choices, v)) {
        char why[96];
        snprintf(why, sizeof why, "expected one of %s", d->choices);
        return bad_value(err, cap, why, v);
    }
    strcpy(field, v);
    return true;
}

static bool set_number(const opt_def *d, char *field, const char *v, char *err, size_t cap)
{
    double x;
    char why[96];
    if (d->type == T_SPEED && !strcmp(v, "max")) {
        *(double *)field = DGSCH_SPEED_MAX;
        return true;
    }
    snprintf(why, sizeof why, "expected a number from %g to %g%s", d->min, d->max,
             d->type == T_SPEED ? " or max" : "");
    if (!parse_double(v, &x) || x < d->min || x > d->max) return bad_value(err, cap, why, v);
    if (d->type == T_DOUBLE || d->type == T_SPEED) {
        *(double *)field = x;
        return true;
    }
    if (x != floor(x)) return bad_value(err, cap, "expected a whole number", v);
    *(long *)field = (long)x;
    return true;
}

/* Flags take no value on the command line (v NULL) and true/false in files. */
static bool set_flag(bool *field, const char *v, char *err, size_t cap)
{
    if (!v || !strcmp(v, "true") || !strcmp(v, "yes") || !strcmp(v, "1") || !strcmp(v, "on"))
        *field = true;
    else if (!strcmp(v, "false") || !strcmp(v, "no") || !strcmp(v, "0") || !strcmp(v, "off"))
        *field = false;
    else
        return bad_value(err, cap, "expected true or false", v);
    return true;
}

/* Applies one option's value to o; shared by the command line and config files. */
static bool apply(const opt_def *d, dgo_options *o, const char *v, char *err, size_t cap)
{
    char *field = (char *)o + d->off;
    switch (d->type) {
    case T_FLAG: return set_flag((bool *)field, v, err, cap);
    case T_LONG:
    case T_DOUBLE:
    case T_SPEED: return set_number(d, field, v, err, cap);
    case T_STR:
    case T_CHOICE: return set_string(d, field, v, err, cap);
    case T_SIZE: return set_size(o, v, err, cap);
    case T_LIST: {
        int *count = (int *)((char *)o + d->count_off);
        if (*count >= DGO_MAX_LIST) return bad_value(err, cap, "too many (at most 16)", v);
        if (!set_string(d, field + (size_t)*count * d->size, v, err, cap)) return false;
        (*count)++;
        return true;
    }
    }
    return false;
}

static const opt_def *find_def(const char *name)
{
    for (size_t i = 0; i < NDEFS; i++)
        if (!strcmp(defs[i].name, name)) return &defs[i];
    return NULL;
}

enum { OPT_HELP = 'h', OPT_CONFIG = 1000, OPT_SAVE = 1001 };

static void build_longopts(struct option *lo)
{
    for (size_t i = 0; i < NDEFS; i++)
        lo[i] =
            (struct option){defs[i].name, defs[i].type == T_FLAG ? no_argument : required_argument,
                            NULL, (int)(i + 256)};
    lo[NDEFS] = (struct option){"help", no_argument, NULL, OPT_HELP};
    lo[NDEFS + 1] = (struct option){"config", required_argument, NULL, OPT_CONFIG};
    lo[NDEFS + 2] = (struct option){"save-config", required_argument, NULL, OPT_SAVE};
    lo[NDEFS + 3] = (struct option){0, 0, 0, 0};
}

/* First pass: --help and --config, so the file applies before the command line. */
static int prescan(dgo_options *o, int argc, char **argv, const struct option *lo)
{
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":h", lo, NULL)) != -1) {
        if (c == OPT_HELP) {
            dgo_print_help(stdout);
            return 1;
        }
        if (c == '?' || c == ':') {
            fprintf(stderr, "darkglobe: %s option: %s (see --help)\n",
                    c == ':' ? "missing value for" : "unknown", argv[optind - 1]);
            return 2;
        }
        if (c == OPT_CONFIG && strlen(optarg) >= sizeof o->config) {
            fprintf(stderr, "darkglobe: --config: path too long\n");
            return 2;
        }
        if (c == OPT_CONFIG) strcpy(o->config, optarg);
    }
    if (optind < argc) {
        fprintf(stderr, "darkglobe: unexpected argument \"%s\" (see --help)\n", argv[optind]);
        return 2;
    }
    return 0;
}

int dgo_parse(dgo_options *o, int argc, char **argv)
{
    struct option lo[NDEFS + 4];
    build_longopts(lo);
    int rc = prescan(o, argc, argv, lo);
    if (rc) return rc;
    char err[256];
    if (o->config[0] && !dgo_load_file(o, o->config, err, sizeof err)) {
        fprintf(stderr, "darkglobe: %s\n", err);
        return 2;
    }
    bool list_seen[NDEFS] = {false};
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, ":h", lo, NULL)) != -1) {
        if (c == OPT_SAVE && strlen(optarg) < sizeof o->save_config) strcpy(o->save_config, optarg);
        if (c < 256 || c >= 256 + (int)NDEFS) continue;
        const opt_def *d = &defs[c - 256];
        /* A list given on the command line replaces the file's list instead of extending it. */
        if (d->type == T_LIST && !list_seen[c - 256]) *(int *)((char *)o + d->count_off) = 0;
        list_seen[c - 256] = true;
        if (!apply(d, o, optarg, err, sizeof err)) {
            fprintf(stderr, "darkglobe: --%s: %s (see --help)\n", d->name, err);
            return 2;
        }
    }
    return 0;
}

/* Strips leading and trailing blanks in place. */
static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
        s[--n] = 0;
    return s;
}

/* One "key = value" line of section sec. */
static bool load_line(dgo_options *o, const char *sec, char *line, bool *list_seen, char *err,
                      size_t cap)
{
    char *eq = strchr(line, '=');
    if (!eq) return bad_value(err, cap, "expected key = value", line);
    *eq = 0;
    char *key = trim(line), *val = trim(eq + 1);
    const opt_def *d = find_def(key);
    if (!d) return bad_value(err, cap, "unknown key", key);
    if (strcmp(d->section, sec)) {
        snprintf(err, cap, "key \"%s\" belongs in section [%s], not [%s]", key, d->section, sec);
        return false;
    }
    if (d->type == T_LIST && !list_seen[d - defs]) *(int *)((char *)o + d->count_off) = 0;
    list_seen[d - defs] = true;
    char why[200];
    if (!apply(d, o, val, why, sizeof why)) {
        snprintf(err, cap, "%s: %s", key, why);
        return false;
    }
    return true;
}

static bool load_section(char *line, char *sec, size_t cap, char *err, size_t errcap)
{
    char *end = strchr(line, ']');
    if (!end || end[1]) return bad_value(err, errcap, "expected [section]", line);
    *end = 0;
    for (size_t i = 0; i < NDEFS; i++)
        if (!strcmp(defs[i].section, line + 1)) {
            snprintf(sec, cap, "%s", line + 1);
            return true;
        }
    return bad_value(err, errcap, "unknown section", line + 1);
}

#define SECTION_MAX 32

/* One line of a configuration file (n bytes, as read); false with the reason in why. A
 * UTF-8 byte-order mark, as some editors write, may open the first line. */
static bool load_one(dgo_options *o, char *buf, size_t n, int line, char *sec, bool *list_seen,
                     char *why, size_t cap)
{
    if (memchr(buf, 0, n)) {
        snprintf(why, cap, "NUL byte in the line (not a text file?)");
        return false;
    }
    if (line == 1 && !strncmp(buf, "\xEF\xBB\xBF", 3)) buf += 3;
    char *s = trim(buf);
    if (!*s || *s == '#' || *s == ';') return true;
    if (*s == '[') return load_section(s, sec, SECTION_MAX, why, cap);
    if (!sec[0]) return bad_value(why, cap, "key before any [section]", s);
    return load_line(o, sec, s, list_seen, why, cap);
}

bool dgo_load_file(dgo_options *o, const char *path, char *err, size_t errcap)
{
    FILE *f = fopen(path, "r");
    struct stat st;
    if (!f || fstat(fileno(f), &st) != 0) {
        snprintf(err, errcap, "%s: %s", path, strerror(errno));
        if (f) fclose(f);
        return false;
    }
    if (S_ISDIR(st.st_mode)) {
        snprintf(err, errcap, "%s: is a directory, not a configuration file", path);
        fclose(f);
        return false;
    }
    dgo_options tmp = *o;
    bool list_seen[NDEFS] = {false}, ok = true;
    char sec[SECTION_MAX] = "", why[512], *buf = NULL;
    size_t cap = 0;
    ssize_t n;
    /* getline: a line of any length is one line, never a tail read as the next */
    for (int line = 1; ok && (n = getline(&buf, &cap, f)) >= 0; line++) {
        ok = load_one(&tmp, buf, (size_t)n, line, sec, list_seen, why, sizeof why);
        if (!ok) snprintf(err, errcap, "%s:%d: %s", path, line, why);
    }
    if (ok && ferror(f)) {
        snprintf(err, errcap, "%s: %s", path, strerror(errno));
        ok = false;
    }
    free(buf);
    fclose(f);
    if (ok) *o = tmp;
    return ok;
}

static void save_value(FILE *f, const opt_def *d, const dgo_options *o)
{
    const char *field = (const char *)o + d->off;
    switch (d->type) {
    case T_FLAG: fprintf(f, "%s = %s\n", d->name, *(const bool *)field ? "true" : "false"); break;
    case T_LONG: fprintf(f, "%s = %ld\n", d->name, *(const long *)field); break;
    case T_DOUBLE: fprintf(f, "%s = %.17g\n", d->name, *(const double *)field); break;
    case T_SPEED:
        if (*(const double *)field == DGSCH_SPEED_MAX)
            fprintf(f, "%s = max\n", d->name);
        else
            fprintf(f, "%s = %.17g\n", d->name, *(const double *)field);
        break;
    case T_STR:
    case T_CHOICE: fprintf(f, "%s = %s\n", d->name, field); break;
    case T_SIZE: fprintf(f, "%s = %dx%d\n", d->name, o->width, o->height); break;
    case T_LIST:
        for (int i = 0; i < *(const int *)((const char *)o + d->count_off); i++)
            fprintf(f, "%s = %s\n", d->name, field + (size_t)i * d->size);
        break;
    }
}

bool dgo_save_file(const dgo_options *o, const char *path, char *err, size_t errcap)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        snprintf(err, errcap, "%s: %s", path, strerror(errno));
        return false;
    }
    fprintf(f, "# darkglobe configuration (keys are the long options; see darkglobe --help)\n");
    const char *sec = "";
    for (size_t i = 0; i < NDEFS; i++) {
        if (strcmp(sec, defs[i].section)) fprintf(f, "\n[%s]\n", sec = defs[i].section);
        save_value(f, &defs[i], o);
    }
    bool ok = !ferror(f);
    if (fclose(f) != 0 || !ok) {
        snprintf(err, errcap, "%s: write failed: %s", path, strerror(errno));
        return false;
    }
    return true;
}

/* A decimal integer in [lo, hi] at *p (sign allowed when lo < 0); advances *p. */
static bool int_in(const char **p, long lo, long hi, int *out)
{
    char *end;
    errno = 0;
    if (!((*p)[0] == '-' || (*p)[0] == '+' || ((*p)[0] >= '0' && (*p)[0] <= '9'))) return false;
    long v = strtol(*p, &end, 10);
    if (end == *p || errno || v < lo || v > hi) return false;
    *p = end;
    *out = (int)v;
    return true;
}

bool dgo_parse_window(const char *text, int *w, int *h, int *x, int *y)
{
    const char *p = text;
    if (!int_in(&p, 16, 16384, w) || *p++ != 'x' || !int_in(&p, 16, 16384, h)) return false;
    if ((*p != '+' && *p != '-') || !int_in(&p, -DGO_WINDOW_POS, DGO_WINDOW_POS, x)) return false;
    if ((*p != '+' && *p != '-') || !int_in(&p, -DGO_WINDOW_POS, DGO_WINDOW_POS, y)) return false;
    return *p == 0;
}

/* Every --connect URL and --sync; false with a message naming the option. */
static bool urls_ok(const dgo_options *o)
{
    char err[512];
    for (int i = 0; i < o->nconnect; i++)
        if (!dg_addr_check_url(o->connect[i], false, err, sizeof err)) {
            fprintf(stderr, "darkglobe: --connect: %s\n", err);
            return false;
        }
    if (o->sync[0] && !dg_addr_check_url(o->sync, true, err, sizeof err)) {
        fprintf(stderr, "darkglobe: --sync: %s\n", err);
        return false;
    }
    return true;
}

int dgo_validate(const dgo_options *o)
{
    char err[160];
    dgsync_tile tile;
    int w, h, x, y;
    if (o->tile[0] && !dgsync_parse_tile(o->tile, &tile, err, sizeof err)) {
        fprintf(stderr, "darkglobe: --tile: %s\n", err);
        return 2;
    }
    if (o->window[0] && !dgo_parse_window(o->window, &w, &h, &x, &y)) {
        fprintf(stderr,
                "darkglobe: --window: expected WxH+X+Y (e.g. 1920x1080+0+0; W, H 16..16384, "
                "X, Y within +-%d), got \"%s\"\n",
                DGO_WINDOW_POS, o->window);
        return 2;
    }
    if (!urls_ok(o)) return 2;
    float lat, lon, zoom;
    if (o->home[0] && !dgc_parse_home(o->home, &lat, &lon, &zoom)) {
        fprintf(stderr,
                "darkglobe: --home: expected LAT,LON[,ZOOM] (-90..90, -180..180, zoom "
                "0.5..10), got \"%s\"\n",
                o->home);
        return 2;
    }
    if (!strcmp(o->output_ppm_stream, "-") && !strcmp(o->stats, "-")) {
        fprintf(stderr, "darkglobe: --output-ppm-stream - and --stats - cannot share stdout\n");
        return 2;
    }
    if (o->replay[0] && o->nconnect) {
        fprintf(stderr, "darkglobe: --replay and --connect exclude each other\n");
        return 2;
    }
    if (o->arc_lifetime < o->flight_time) {
        fprintf(stderr, "darkglobe: --arc-lifetime (%g) must be at least --flight-time (%g)\n",
                o->arc_lifetime, o->flight_time);
        return 2;
    }
    return 0;
}

static const char *defval(const opt_def *d, const dgo_options *o, char *buf, size_t cap)
{
    const char *field = (const char *)o + d->off;
    switch (d->type) {
    case T_LONG: snprintf(buf, cap, "%ld", *(const long *)field); break;
    case T_DOUBLE:
    case T_SPEED: snprintf(buf, cap, "%g", *(const double *)field); break;
    case T_STR:
    case T_CHOICE: snprintf(buf, cap, "%s", field); break;
    case T_SIZE: snprintf(buf, cap, "%dx%d", o->width, o->height); break;
    default: buf[0] = 0;
    }
    return buf;
}

void dgo_print_help(FILE *f)
{
    dgo_options def;
    dgo_defaults(&def);
    fprintf(f, "Usage: darkglobe [OPTION]...\n"
               "Real-time 3D globe of darknet traffic: every packet an arc from its source to\n"
               "the sensor that saw it, coloured by class, height by destination port.\n");
    const char *section = "";
    for (size_t i = 0; i < NDEFS; i++) {
        const opt_def *d = &defs[i];
        if (strcmp(section, d->section)) fprintf(f, "\n%s:\n", section = d->section);
        char left[64], dv[64];
        snprintf(left, sizeof left, "--%s%s%s", d->name, d->metavar ? " " : "",
                 d->metavar ? d->metavar : "");
        defval(d, &def, dv, sizeof dv);
        fprintf(f, "  %-28s %s%s%s%s\n", left, d->help, dv[0] ? " [" : "", dv, dv[0] ? "]" : "");
        if (d->choices) fprintf(f, "  %-28s   one of: %s\n", "", d->choices);
    }
    fprintf(f, "\nconfiguration:\n  %-28s %s\n  %-28s %s\n", "--config FILE",
            "INI file: [section] then key = value, keys are the long options", "--save-config FILE",
            "write the effective configuration and exit");
    fprintf(f, "\n  %-28s %s\n", "--help", "this text");
    fprintf(f, "\nKeys: drag = orbit, wheel = zoom, R = home view, A = auto-rotation (swing),\n"
               "      F1..F9 = HUD panels, H = all panels, F11 = fullscreen, F12 = screenshot,\n"
               "      1..6 = show/hide a class, M = Mirai only, 0 = clear filters,\n"
               "      T = colour by class/tool, W = window of the top lists (1m/10m/1h/all),\n"
               "      N = anonymize, K = kiosk tour, Tab/Shift+Tab = next/previous alert card,\n"
               "      click an alert = its card, Esc = close the card, else quit; Q = quit\n"
               "      (kiosk: Ctrl+Alt+Q). Hover a source: tooltip (place, AS, traffic, alerts).\n"
               "Replay: Space = pause, +/- = speed, Left/Right = -/+10 s (Shift: 1 min,\n"
               "      Ctrl: 1%% of the file), PageUp/PageDown = -/+10%% of the file,\n"
               "      J = next alert, click the timeline to seek.\n"
               "Exit status: 0 ok, 1 runtime failure, 2 bad option or value.\n");
}
