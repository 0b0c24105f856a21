/* sensors.c - parsing of sensor specs and files, name and CIDR lookup (see sensors.h). */
#include "sensors.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Longest field we copy out of a spec; anything longer is an error, not a truncation. */
#define DGS_FIELD_MAX 64

/* Writes a formatted message into err when the caller gave room for one. */
static bool fail(char *err, size_t errcap, const char *fmt, ...)
{
    if (err && errcap) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errcap, fmt, ap);
        va_end(ap);
    }
    return false;
}

/* Copies s[0..n) without surrounding blanks into out; false when it does not fit. */
static bool copy_trimmed(const char *s, size_t n, char *out, size_t cap)
{
    while (n && isspace((unsigned char)*s))
        s++, n--;
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    if (n >= cap) return false;
    memcpy(out, s, n);
    out[n] = '\0';
    return true;
}

static bool valid_name(const char *name)
{
    size_t n = strlen(name);
    if (n < 1 || n > 31) return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)name[i];
        if (!isalnum(c) && c != '_' && c != '.' && c != '-') return false;
    }
    return true;
}

/* Strict decimal number: the whole text must parse and be finite. */
static bool parse_coord(const char *text, double lo, double hi, float *out)
{
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (end == text || *end || errno || !isfinite(v) || v < lo || v > hi) return false;
    *out = (float)v;
    return true;
}

/* Parses the comma-separated "LAT,LON[,CIDR...]" part into s. */
static bool parse_fields(dgs_sensor *s, const char *text, char *err, size_t errcap)
{
    char field[DGS_FIELD_MAX];
    int idx = 0;
    for (const char *p = text;; idx++) {
        const char *comma = strchr(p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen(p);
        if (!copy_trimmed(p, n, field, sizeof field))
            return fail(err, errcap, "field %d too long", idx + 1);
        if (idx == 0 && !parse_coord(field, -90, 90, &s->lat))
            return fail(err, errcap, "bad latitude '%s' (want -90..90)", field);
        if (idx == 1 && !parse_coord(field, -180, 180, &s->lon))
            return fail(err, errcap, "bad longitude '%s' (want -180..180)", field);
        if (idx >= 2) {
            if (s->ncidr == DGS_MAX_CIDRS)
                return fail(err, errcap, "more than %d CIDRs", DGS_MAX_CIDRS);
            char why[128];
            if (!dg_cidr_parse_network(field, &s->cidr[s->ncidr], NULL, why, sizeof why))
                return why[0] ? fail(err, errcap, "%s", why)
                              : fail(err, errcap, "bad CIDR '%s'", field);
            s->ncidr++;
        }
        if (!comma) break;
        p = comma + 1;
    }
    if (idx < 1) return fail(err, errcap, "missing longitude (want NAME=LAT,LON[,CIDR...])");
    return true;
}

bool dgs_add_spec(dgs_table *t, const char *spec, char *err, size_t errcap)
{
    if (!t || !spec) return fail(err, errcap, "no sensor spec");
    const char *eq = strchr(spec, '=');
    if (!eq) return fail(err, errcap, "missing '=' (want NAME=LAT,LON[,CIDR...])");
    dgs_sensor s;
    memset(&s, 0, sizeof s);
    if (!copy_trimmed(spec, (size_t)(eq - spec), s.name, sizeof s.name) || !valid_name(s.name))
        return fail(err, errcap, "bad sensor name (want 1..31 of A-Z a-z 0-9 _ . -)");
    if (dgs_find(t, s.name) >= 0) return fail(err, errcap, "duplicate sensor '%s'", s.name);
    if (t->count >= DGS_MAX_SENSORS)
        return fail(err, errcap, "too many sensors (max %d)", DGS_MAX_SENSORS);
    if (!parse_fields(&s, eq + 1, err, errcap)) return false;
    t->s[t->count++] = s;
    return true;
}

/* Drops a '#' comment; names, numbers and addresses never contain '#'. */
static void strip_comment(char *line)
{
    char *hash = strchr(line, '#');
    if (hash) *hash = '\0';
}

static bool blank(const char *line)
{
    while (*line && isspace((unsigned char)*line))
        line++;
    return !*line;
}

/* Adds every spec of f to t; on error names path and line. */
static bool load_lines(dgs_table *t, FILE *f, const char *path, char *err, size_t errcap)
{
    char *line = NULL, reason[160];
    size_t cap = 0;
    bool ok = true;
    for (long lineno = 1; ok && getline(&line, &cap, f) >= 0; lineno++) {
        strip_comment(line);
        if (blank(line)) continue;
        if (!dgs_add_spec(t, line, reason, sizeof reason))
            ok = fail(err, errcap, "%s:%ld: %s", path, lineno, reason);
    }
    if (ok && ferror(f)) ok = fail(err, errcap, "%s: read error: %s", path, strerror(errno));
    free(line);
    return ok;
}

/* All or nothing: a file with one bad line leaves t as it was. */
bool dgs_load_file(dgs_table *t, const char *path, char *err, size_t errcap)
{
    if (!t || !path) return fail(err, errcap, "no sensor file");
    FILE *f = fopen(path, "r");
    if (!f) return fail(err, errcap, "%s: %s", path, strerror(errno));
    dgs_table *work = malloc(sizeof *work);
    bool ok = work != NULL;
    if (!ok) fail(err, errcap, "%s: out of memory", path);
    if (ok) {
        *work = *t;
        ok = load_lines(work, f, path, err, errcap);
        if (ok) *t = *work;
    }
    free(work);
    fclose(f);
    return ok;
}

int dgs_find(const dgs_table *t, const char *name)
{
    if (!t || !name) return -1;
    for (int i = 0; i < t->count; i++)
        if (strcmp(t->s[i].name, name) == 0) return i;
    return -1;
}

int dgs_match(const dgs_table *t, int ip_ver, const uint8_t addr[16])
{
    if (!t || !addr) return -1;
    for (int i = 0; i < t->count; i++)
        for (int j = 0; j < t->s[i].ncidr; j++)
            if (dg_cidr_contains(&t->s[i].cidr[j], ip_ver, addr)) return i;
    return -1;
}

int dgs_resolve(const dgs_table *t, int named, const dg_record *r)
{
    if (named >= 0) return named;
    if (!t || !dg_record_has(r, DG_HAVE_DST)) return -1;
    return dgs_match(t, r->ip_ver, r->dst);
}

/* The synthetic feed's darknet 203.0.113.0/24 split over three demo sensors. */
void dgs_add_defaults(dgs_table *t)
{
    static const char *const specs[] = {
        "tokyo=35.68,139.69,203.0.113.0/25,2001:db8::/32",
        "okinawa=26.21,127.68,203.0.113.128/26",
        "sapporo=43.06,141.35,203.0.113.192/26",
    };
    for (size_t i = 0; i < sizeof specs / sizeof specs[0]; i++)
        dgs_add_spec(t, specs[i], NULL, 0);
}
