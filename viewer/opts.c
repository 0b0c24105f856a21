/* opts.c - see opts.h. */
#include "opts.h"

#include "addr.h"
#include "camera.h"
#include "cliopts.h"
#include "pace.h"
#include "sync.h"

#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define OWN(...) (&(const dgopt_spec){__VA_ARGS__})
#define FIELD(f) .off = offsetof(dgo_options, f), .size = sizeof(((dgo_options *)0)->f)
#define LIST(f, n)                                                                                 \
    .off = offsetof(dgo_options, f), .size = DGO_PATH, .count_off = offsetof(dgo_options, n)

/* Keys: VK_PLAIN options are stored by dgopt_store; the rest the setters handle. Options from
 * VK_HELP on are the command line's only: not in configuration files. */
enum { VK_PLAIN, VK_SIZE, VK_HELP, VK_CONFIG, VK_SAVE };

static const dgopt_entry defs[] = {
    {&dgcli_connect, LIST(connect, nconnect), .section = "feed",
     .note = "subscribe to a feed there"},
    {OWN(.name = "demo", .kind = DGOPT_FLAG,
         .help = "in-process synthetic feed (default when no --connect/--replay)"),
     FIELD(demo), .section = "feed"},
    {&dgcli_rate, FIELD(rate), .section = "feed", .note = "of the --demo feed"},
    {&dgcli_seed, FIELD(seed), .section = "feed"},
    {&dgcli_record, FIELD(record), .section = "feed"},
    {&dgcli_replay, FIELD(replay), .section = "feed"},
    {&dgcli_columns, FIELD(columns), .section = "feed"},
    {&dgcli_speed, FIELD(speed), .section = "feed"},
    {&dgcli_feed_key, FIELD(feed_key), .section = "feed"},
    {&dgcli_geoip, FIELD(geoip), .section = "geo"},
    {&dgcli_sensor, LIST(sensor, nsensor), .section = "geo"},
    {&dgcli_sensor_file, FIELD(sensor_file), .section = "geo"},
    {OWN(.name = "globe-style", .kind = DGOPT_ENUM, .choices = "dark|satellite|night",
         .metavar = "STYLE", .help = "globe look"),
     FIELD(globe_style), .section = "globe"},
    {OWN(.name = "globe-texture", .kind = DGOPT_STRING, .metavar = "PATH",
         .help = "equirectangular day texture"),
     FIELD(globe_texture), .section = "globe"},
    {OWN(.name = "night-texture", .kind = DGOPT_STRING, .metavar = "PATH",
         .help = "equirectangular city-lights texture"),
     FIELD(night_texture), .section = "globe"},
    {OWN(.name = "port-scale", .kind = DGOPT_ENUM, .choices = "log|linear", .metavar = "SCALE",
         .help = "arc height from destination port"),
     FIELD(port_scale), .section = "globe"},
    {OWN(.name = "palette", .kind = DGOPT_STRING, .metavar = "SPEC",
         .help = "class colours: NAME or class=#rrggbb,..."),
     FIELD(palette), .section = "globe"},
    {OWN(.name = "color-by", .kind = DGOPT_ENUM, .choices = "class|tool", .metavar = "MODE",
         .help = "arc colour from the packet class or the scanner tool (T toggles)"),
     FIELD(color_by), .section = "globe"},
    {OWN(.name = "arcs", .kind = DGOPT_ENUM, .choices = "auto|per-packet|per-source",
         .metavar = "MODE",
         .help =
             "an arc per packet, or per source and port with width and brightness from its packets "
             "(auto: per source above 4,000 pkt/s drawn)"),
     FIELD(arcs), .section = "globe"},
    {OWN(.name = "max-arcs", .kind = DGOPT_INT, .min = 16, .max = 16000000, .metavar = "N",
         .help = "arc pool capacity (a quarter of it, at most 4,096, for comets)"),
     FIELD(max_arcs), .section = "globe"},
    {OWN(.name = "flight-time", .kind = DGOPT_DOUBLE, .min = 0.05, .max = 600, .metavar = "SEC",
         .help = "seconds an arc's head takes from source to sensor"),
     FIELD(flight_time), .section = "globe"},
    {OWN(.name = "arc-lifetime", .kind = DGOPT_DOUBLE, .min = 0.05, .max = 3600, .metavar = "SEC",
         .help = "seconds an arc stays (flight plus fade)"),
     FIELD(arc_lifetime), .section = "globe"},
    {OWN(.name = "filter", .kind = DGOPT_STRING, .metavar = "SPEC",
         .help =
             "draw only matching arcs, e.g. class=syn+udp;port=23,2323;cc=JP;sensor=tokyo;mirai "
             "(counting stays complete)"),
     FIELD(filter), .section = "globe"},
    {OWN(.name = "no-autorotate", .kind = DGOPT_FLAG, .help = "start with auto-rotation off"),
     FIELD(no_autorotate), .section = "globe"},
    {OWN(.name = "home", .kind = DGOPT_STRING, .metavar = "LAT,LON[,ZOOM]",
         .help = "home view (R returns, auto-rotation swings out from it); default: the sensors' "
                 "region"),
     FIELD(home), .section = "globe"},
    {&dgcli_watchlist, FIELD(watchlist), .section = "alerts"},
    {OWN(.name = "alerts-log", .kind = DGOPT_STRING, .metavar = "PATH",
         .help = "append every alert as a JSON line"),
     FIELD(alerts_log), .section = "alerts"},
    {OWN(.name = "alert-expire", .kind = DGOPT_DOUBLE, .min = 1, .max = 86400 * 7, .metavar = "SEC",
         .help = "an alert leaves the overlay this long after it was last seen"),
     FIELD(alert_expire), .section = "alerts"},
    {OWN(.name = "no-detect", .kind = DGOPT_FLAG,
         .help = "no built-in traffic detectors, e.g. when darkglobe-feed --detect raises the "
                 "alerts (a --watchlist still raises its own)"),
     FIELD(no_detect), .section = "alerts"},
    {OWN(.name = "panels", .kind = DGOPT_STRING, .metavar = "LIST",
         .help = "HUD panels shown: all, none or a comma list"),
     FIELD(panels), .section = "alerts"},
    {OWN(.name = "hud-window", .kind = DGOPT_ENUM, .choices = "1m|10m|1h|all", .metavar = "WINDOW",
         .help = "window of the top ports and countries (W cycles)"),
     FIELD(hud_window), .section = "alerts"},
    {OWN(.name = "auto-card", .kind = DGOPT_FLAG,
         .help = "open the detail card of each new high or critical alert (walls, pictures)"),
     FIELD(auto_card), .section = "alerts"},
    {OWN(.name = "services", .kind = DGOPT_STRING, .metavar = "FILE",
         .help = "port/service/CVE table for alert cards (default: assets/services.tsv)"),
     FIELD(services), .section = "alerts"},
    {OWN(.name = "size", .kind = DGOPT_STRING, .metavar = "WxH", .help = "window or picture size"),
     .key = VK_SIZE, .section = "display"},
    {OWN(.name = "fullscreen", .kind = DGOPT_FLAG,
         .help = "fullscreen on the chosen display (F11 toggles)"),
     FIELD(fullscreen), .section = "display"},
    {OWN(.name = "display", .kind = DGOPT_INT, .min = 0, .max = 63, .metavar = "N",
         .help = "display to open on (0 = first)"),
     FIELD(display), .section = "display"},
    {OWN(.name = "span", .kind = DGOPT_FLAG, .help = "one borderless canvas across all displays"),
     FIELD(span), .section = "display"},
    {OWN(.name = "window", .kind = DGOPT_STRING, .metavar = "WxH+X+Y",
         .help = "window size and position"),
     FIELD(window), .section = "display"},
    {OWN(.name = "frameless", .kind = DGOPT_FLAG, .help = "no window decorations"),
     FIELD(frameless), .section = "display"},
    {OWN(.name = "kiosk", .kind = DGOPT_FLAG,
         .help =
             "unattended wall: no cursor, input ignored but Ctrl+Alt+Q, auto-tour, burn-in care"),
     FIELD(kiosk), .section = "display"},
    {OWN(.name = "tile", .kind = DGOPT_STRING, .metavar = "COLSxROWS:INDEX",
         .help = "draw tile INDEX (row-major from top-left) of a video wall"),
     FIELD(tile), .section = "display"},
    {OWN(.name = "sync", .kind = DGOPT_STRING, .metavar = "URL",
         .help = "video wall: tile 0 publishes camera and clock on URL, the others follow"),
     FIELD(sync), .section = "display"},
    {OWN(.name = "anonymize", .kind = DGOPT_FLAG,
         .help = "mask host parts of addresses on screen (IPv4 last octet, IPv6 last 64 bits)"),
     FIELD(anonymize), .section = "display"},
    {OWN(.name = "headless", .kind = DGOPT_FLAG, .help = "no window; offscreen rendering"),
     FIELD(headless), .section = "display"},
    {&dgcli_duration, FIELD(duration), .section = "run"},
    {OWN(.name = "frames", .kind = DGOPT_INT, .min = 0, .max = 9.2e18, .metavar = "N",
         .help = "exit after N frames"),
     FIELD(frames), .section = "run"},
    {OWN(.name = "fps", .kind = DGOPT_DOUBLE, .min = 0, .max = 1000, .metavar = "N",
         .help = "frame cap (0 = uncapped)"),
     FIELD(fps), .section = "run"},
    {OWN(.name = "fixed-dt", .kind = DGOPT_DOUBLE, .min = 0, .max = 10, .metavar = "SEC",
         .help = "advance the simulation by SEC per frame (reproducible pictures)"),
     FIELD(fixed_dt), .section = "run"},
    {OWN(.name = "screenshot", .kind = DGOPT_STRING, .metavar = "PATH",
         .help = "PNG of the last frame at exit"),
     FIELD(screenshot), .section = "run"},
    {&dgcli_stats, FIELD(stats), .section = "run"},
    {OWN(.name = "screenshot-dir", .kind = DGOPT_STRING, .metavar = "DIR",
         .help = "where F12 writes numbered PNG screenshots"),
     FIELD(screenshot_dir), .section = "run"},
    {OWN(.name = "output-ppm-stream", .kind = DGOPT_STRING, .metavar = "FILE|-",
         .help = "write every frame as PPM (for ffmpeg) at --output-framerate"),
     FIELD(output_ppm_stream), .section = "run"},
    {OWN(.name = "output-framerate", .kind = DGOPT_DOUBLE, .min = 1, .max = 240, .metavar = "N",
         .help = "frames per second of video time for --output-ppm-stream"),
     FIELD(output_framerate), .section = "run"},
    {&dgcli_quiet, FIELD(quiet), .section = "run"},
    {OWN(.name = "config", .kind = DGOPT_STRING, .metavar = "FILE",
         .help = "INI file: [section] then key = value, keys are the long options"),
     FIELD(config), .key = VK_CONFIG, .section = "configuration"},
    {OWN(.name = "save-config", .kind = DGOPT_STRING, .metavar = "FILE",
         .help = "write the effective configuration and exit"),
     FIELD(save_config), .key = VK_SAVE, .section = "configuration"},
    {&dgcli_help, .key = VK_HELP, .section = "configuration"},
};

#define NDEFS (sizeof defs / sizeof defs[0])

static const dgopt_table table = {"darkglobe", defs, NDEFS};

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

const dgopt_table *dgo_table(void)
{
    return &table;
}

/* Writes "why, got "value"" into err; returns false for the callers' convenience. */
static bool bad_value(char *err, size_t cap, const char *why, const char *val)
{
    char shown[4 * 80 + 16];
    snprintf(err, cap, "%s, got \"%s\"", why, dgopt_visible(val, shown, sizeof shown));
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

/* Applies one checked value to o; shared by the command line and configuration files. A list
 * named for the first time in a pass replaces what an earlier pass (the file) gave. */
static bool apply(const dgopt_entry *d, dgo_options *o, const dgopt_val *v, bool *list_seen,
                  char *err, size_t cap)
{
    if (d->key == VK_SIZE) return set_size(o, v->text, err, cap);
    if (d->spec->kind == DGOPT_LIST && !list_seen[d - defs]) *(int *)((char *)o + d->count_off) = 0;
    list_seen[d - defs] = true;
    return dgopt_store(d, o, v, DGO_MAX_LIST, err, cap);
}

/* An option configuration files hold (not --help, --config, --save-config). */
static bool in_file(const dgopt_entry *d)
{
    return d->key < VK_HELP;
}

/* First pass: --help and --config, so the file applies before the command line. */
static int prescan(void *ctx, const dgopt_entry *d, const dgopt_val *v, char *err, size_t cap)
{
    if (d->key == VK_HELP) {
        dgo_print_help(stdout);
        return 1;
    }
    if (d->key == VK_CONFIG && !dgopt_store(d, ctx, v, 0, err, cap)) return 2;
    return 0;
}

typedef struct pass {
    dgo_options *o;
    bool list_seen[NDEFS];
} pass;

/* Second pass: every option over what the file gave. */
static int set_option(void *ctx, const dgopt_entry *d, const dgopt_val *v, char *err, size_t cap)
{
    pass *p = ctx;
    if (d->key == VK_CONFIG) return 0;
    if (d->key == VK_SAVE) return dgopt_store(d, p->o, v, 0, err, cap) ? 0 : 2;
    return apply(d, p->o, v, p->list_seen, err, cap) ? 0 : 2;
}

int dgo_parse(dgo_options *o, int argc, char **argv)
{
    int rc = dgopt_parse(&table, argc, argv, prescan, o);
    if (rc) return rc;
    char err[256];
    if (o->config[0] && !dgo_load_file(o, o->config, err, sizeof err)) {
        fprintf(stderr, "darkglobe: %s\n", err);
        return 2;
    }
    pass p = {.o = o};
    return dgopt_parse(&table, argc, argv, set_option, &p);
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
    const dgopt_entry *d = dgopt_find(&table, key);
    if (!d || !in_file(d) || strcmp(d->spec->name, key))
        return bad_value(err, cap, "unknown key", key);
    if (strcmp(d->section, sec)) {
        snprintf(err, cap, "key \"%s\" belongs in section [%s], not [%s]", key, d->section, sec);
        return false;
    }
    char why[200];
    dgopt_val v;
    if (!dgopt_convert(d->spec, val, &v, why, sizeof why) ||
        !apply(d, o, &v, list_seen, why, sizeof why)) {
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
        if (in_file(&defs[i]) && !strcmp(defs[i].section, line + 1)) {
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

static void save_value(FILE *f, const dgopt_entry *d, const dgo_options *o)
{
    const char *field = (const char *)o + d->off, *name = d->spec->name;
    if (d->key == VK_SIZE) {
        fprintf(f, "%s = %dx%d\n", name, o->width, o->height);
        return;
    }
    switch (d->spec->kind) {
    case DGOPT_FLAG: fprintf(f, "%s = %s\n", name, *(const bool *)field ? "true" : "false"); break;
    case DGOPT_INT: fprintf(f, "%s = %ld\n", name, *(const long *)field); break;
    case DGOPT_DOUBLE:
        if (d->spec->word && *(const double *)field == d->spec->word_value)
            fprintf(f, "%s = %s\n", name, d->spec->word);
        else
            fprintf(f, "%s = %.17g\n", name, *(const double *)field);
        break;
    case DGOPT_STRING:
    case DGOPT_ENUM: fprintf(f, "%s = %s\n", name, field); break;
    case DGOPT_LIST:
        for (int i = 0; i < *(const int *)((const char *)o + d->count_off); i++)
            fprintf(f, "%s = %s\n", name, field + (size_t)i * d->size);
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
        if (!in_file(&defs[i])) continue;
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

/* The default shown in --help: the value dgo_defaults gives, when there is one to show. */
static const char *defval(void *ctx, const dgopt_entry *d, char *buf, size_t cap)
{
    const dgo_options *o = ctx;
    const char *field = (const char *)o + d->off;
    buf[0] = 0;
    if (d->key == VK_SIZE) {
        snprintf(buf, cap, "%dx%d", o->width, o->height);
        return buf;
    }
    switch (d->spec->kind) {
    case DGOPT_INT: snprintf(buf, cap, "%ld", *(const long *)field); break;
    case DGOPT_DOUBLE: snprintf(buf, cap, "%g", *(const double *)field); break;
    case DGOPT_STRING:
    case DGOPT_ENUM:
        if (in_file(d)) snprintf(buf, cap, "%s", field);
        break;
    default: break;
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
    dgopt_print_help(f, &table, &(dgopt_layout){.width = 28, .default_text = defval, .ctx = &def});
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
