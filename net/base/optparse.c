/* optparse.c - see optparse.h. */
#include "optparse.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

const char *dgopt_visible(const char *s, char *out, size_t cap)
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

/* Writes "why, got "value"" into err; false for the callers' convenience. */
static bool bad_value(char *err, size_t cap, const char *why, const char *val)
{
    char shown[4 * 80 + 16];
    snprintf(err, cap, "%s, got \"%s\"", why, dgopt_visible(val, shown, sizeof shown));
    return false;
}

/* A bound as people write it: 1e9, not %g's 1e+09. */
static const char *bound(double x, char *buf, size_t cap)
{
    snprintf(buf, cap, "%g", x);
    char *e = strstr(buf, "e+");
    if (e) memmove(e + 1, e + 2 + (e[2] == '0'), strlen(e + 2 + (e[2] == '0')) + 1);
    return buf;
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

static bool convert_flag(const char *t, dgopt_val *v, char *err, size_t cap)
{
    if (!t || !strcmp(t, "true") || !strcmp(t, "yes") || !strcmp(t, "1") || !strcmp(t, "on"))
        v->flag = true;
    else if (!strcmp(t, "false") || !strcmp(t, "no") || !strcmp(t, "0") || !strcmp(t, "off"))
        v->flag = false;
    else
        return bad_value(err, cap, "expected true or false", t);
    return true;
}

/* The reason for a value that is no number: the spec's words, or else its range. */
static bool not_a_number(const dgopt_spec *s, const char *t, char *err, size_t cap)
{
    char why[160], lo[32], hi[32];
    const char * or = s->word ? " or " : "", *word = s->word ? s->word : "";
    if (s->expect)
        snprintf(why, sizeof why, "expected %s%s%s", s->expect, or, word);
    else
        snprintf(why, sizeof why, "expected a number from %s to %s%s%s",
                 bound(s->min, lo, sizeof lo), bound(s->max, hi, sizeof hi), or, word);
    return bad_value(err, cap, why, t);
}

/* A number in the spec's range; the reason names the bound a value is past. */
static bool convert_number(const dgopt_spec *s, const char *t, dgopt_val *v, char *err, size_t cap)
{
    char lo[32], hi[32], shown[4 * 80 + 16];
    if (s->word && !strcmp(t, s->word)) {
        v->num = s->word_value;
        return true;
    }
    char *end;
    errno = 0;
    long long i = strtoll(t, &end, 10);
    if (s->kind == DGOPT_INT && !errno && end != t && !*end && i >= s->min && i <= s->max) {
        v->i = i; /* exact, where a double would round a large seed */
        v->num = (double)i;
        return true;
    }
    errno = 0;
    double x = strtod(t, &end);
    bool huge = errno == ERANGE && isinf(x); /* a number still, past a bound: said below */
    if ((errno && !huge) || end == t || *end || isnan(x) || (isinf(x) && !huge))
        return not_a_number(s, t, err, cap);
    dgopt_visible(t, shown, sizeof shown);
    if (x < s->min) {
        snprintf(err, cap, "%s is below the minimum %s", shown, bound(s->min, lo, sizeof lo));
        return false;
    }
    if (x > s->max) {
        snprintf(err, cap, "%s is above the maximum %s", shown, bound(s->max, hi, sizeof hi));
        return false;
    }
    if (s->kind == DGOPT_INT && x != floor(x))
        return bad_value(err, cap, "expected a whole number", t);
    v->num = x;
    v->i = (long long)x;
    return true;
}

bool dgopt_convert(const dgopt_spec *s, const char *text, dgopt_val *v, char *err, size_t cap)
{
    *v = (dgopt_val){.text = text};
    if (s->kind == DGOPT_FLAG) return convert_flag(text, v, err, cap);
    if (!text) return bad_value(err, cap, "expected a value", "");
    if (s->kind == DGOPT_INT || s->kind == DGOPT_DOUBLE)
        return convert_number(s, text, v, err, cap);
    if (s->kind == DGOPT_ENUM && !in_choices(s->choices, text)) {
        char why[160];
        snprintf(why, sizeof why, "expected one of %s", s->choices);
        return bad_value(err, cap, why, text);
    }
    return true;
}

static bool store_string(char *field, size_t size, const char *t, char *err, size_t cap)
{
    if (strlen(t) >= size) return bad_value(err, cap, "value too long", t);
    memcpy(field, t, strlen(t) + 1);
    return true;
}

bool dgopt_store(const dgopt_entry *e, void *base, const dgopt_val *v, int max_items, char *err,
                 size_t cap)
{
    char *field = (char *)base + e->off;
    switch (e->spec->kind) {
    case DGOPT_FLAG: *(bool *)field = v->flag; return true;
    case DGOPT_INT: *(long *)field = (long)v->i; return true;
    case DGOPT_DOUBLE: *(double *)field = v->num; return true;
    case DGOPT_STRING:
    case DGOPT_ENUM: return store_string(field, e->size, v->text, err, cap);
    case DGOPT_LIST: {
        int *count = (int *)((char *)base + e->count_off);
        if (*count >= max_items) {
            char why[64];
            snprintf(why, sizeof why, "too many (at most %d)", max_items);
            return bad_value(err, cap, why, v->text);
        }
        if (!store_string(field + (size_t)*count * e->size, e->size, v->text, err, cap))
            return false;
        (*count)++;
        return true;
    }
    }
    return false;
}

const dgopt_entry *dgopt_find(const dgopt_table *t, const char *name)
{
    for (size_t i = 0; i < t->n; i++) {
        const dgopt_spec *s = t->entries[i].spec;
        if (!strcmp(s->name, name) || (s->alias && !strcmp(s->alias, name))) return &t->entries[i];
    }
    return NULL;
}

/* ---- The command line ---- */

typedef struct parser {
    const dgopt_table *t;
    dgopt_setter set;
    void *ctx;
    bool alias_noted;
} parser;

static int fail(const parser *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s: ", p->t->prog);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return 2;
}

/* Long name [name, name + len): exact name or alias first, then an unambiguous prefix (as
 * getopt_long took them). *alias tells whether the old name was used. */
static const dgopt_entry *lookup_long(const dgopt_table *t, const char *name, size_t len,
                                      bool *alias, bool *ambiguous)
{
    const dgopt_entry *found = NULL;
    bool found_alias = false;
    *ambiguous = false;
    for (size_t i = 0; i < t->n; i++) {
        const dgopt_spec *s = t->entries[i].spec;
        if (strlen(s->name) == len && !strncmp(s->name, name, len))
            return *alias = false, &t->entries[i];
        if (s->alias && strlen(s->alias) == len && !strncmp(s->alias, name, len))
            return *alias = true, &t->entries[i];
    }
    for (size_t i = 0; i < t->n; i++) {
        const dgopt_spec *s = t->entries[i].spec;
        bool by_name = !strncmp(s->name, name, len),
             by_alias = s->alias && !strncmp(s->alias, name, len);
        if (!by_name && !by_alias) continue;
        if (found && found != &t->entries[i]) *ambiguous = true;
        found = &t->entries[i];
        found_alias = !by_name;
    }
    *alias = found_alias;
    return *ambiguous ? NULL : found;
}

/* Checks and hands one value to the setter; the deprecation note of an old name, once. */
static int apply(parser *p, const dgopt_entry *e, const char *text, bool alias)
{
    const dgopt_spec *s = e->spec;
    if (alias && !p->alias_noted) {
        fprintf(stderr, "%s: note: --%s is deprecated and goes in the next release; use --%s\n",
                p->t->prog, s->alias, s->name);
        p->alias_noted = true;
    }
    char err[512] = "";
    dgopt_val v;
    if (!dgopt_convert(s, text, &v, err, sizeof err)) return fail(p, "--%s: %s", s->name, err);
    int rc = p->set(p->ctx, e, &v, err, sizeof err);
    if (rc == 2) return fail(p, "--%s: %s", s->name, err);
    return rc;
}

static int missing(const parser *p, const char *opt)
{
    return fail(p, "option \"%s\" needs a value (missing value, see --help)", opt);
}

/* argv[*i] is "--name[=value]"; a value without '=' is the next argument, whatever it is. */
static int parse_long(parser *p, int argc, char **argv, int *i)
{
    const char *arg = argv[*i] + 2, *eq = strchr(arg, '=');
    size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
    bool alias, ambiguous;
    const dgopt_entry *e = lookup_long(p->t, arg, len, &alias, &ambiguous);
    if (ambiguous) return fail(p, "option \"--%.*s\" is ambiguous (see --help)", (int)len, arg);
    if (!e) return fail(p, "unknown option \"--%.*s\" (see --help)", (int)len, arg);
    if (e->spec->kind == DGOPT_FLAG) {
        if (eq) return fail(p, "option \"--%s\" takes no value", e->spec->name);
        return apply(p, e, NULL, alias);
    }
    if (eq) return apply(p, e, eq + 1, alias);
    if (*i + 1 >= argc) return missing(p, argv[*i]);
    return apply(p, e, argv[++*i], alias);
}

static const dgopt_entry *lookup_short(const dgopt_table *t, char c)
{
    for (size_t i = 0; i < t->n; i++)
        if (t->entries[i].spec->letter == c) return &t->entries[i];
    return NULL;
}

/* argv[*i] is "-xyz": flags bundle; a letter that takes a value takes the rest, or the next
 * argument. */
static int parse_short(parser *p, int argc, char **argv, int *i)
{
    const char *arg = argv[*i];
    for (size_t j = 1; arg[j]; j++) {
        const dgopt_entry *e = lookup_short(p->t, arg[j]);
        if (!e) return fail(p, "unknown option \"-%c\" (see --help)", arg[j]);
        if (e->spec->kind != DGOPT_FLAG) {
            if (arg[j + 1]) return apply(p, e, arg + j + 1, false);
            if (*i + 1 >= argc) {
                char opt[3] = {'-', arg[j], 0};
                return missing(p, opt);
            }
            return apply(p, e, argv[++*i], false);
        }
        int rc = apply(p, e, NULL, false);
        if (rc) return rc;
    }
    return 0;
}

int dgopt_parse(const dgopt_table *t, int argc, char **argv, dgopt_setter set, void *ctx)
{
    parser p = {.t = t, .set = set, .ctx = ctx};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int rc;
        if (!strcmp(a, "--")) {
            if (i + 1 < argc)
                return fail(&p, "unexpected argument \"%s\" (see --help)", argv[i + 1]);
            return 0;
        }
        if (a[0] != '-' || a[1] == 0) return fail(&p, "unexpected argument \"%s\" (see --help)", a);
        rc = a[1] == '-' ? parse_long(&p, argc, argv, &i) : parse_short(&p, argc, argv, &i);
        if (rc) return rc;
    }
    return 0;
}

/* ---- --help ---- */

static void left_column(char *buf, size_t cap, const dgopt_spec *s, const char *name, bool letter,
                        bool letters)
{
    const char *mv = s->kind == DGOPT_FLAG || !s->metavar ? "" : s->metavar;
    if (letter && s->letter)
        snprintf(buf, cap, "-%c, --%s%s%s", s->letter, name, *mv ? " " : "", mv);
    else
        snprintf(buf, cap, "%s--%s%s%s", letters ? "    " : "", name, *mv ? " " : "", mv);
}

/* Lines of text (split at '\n'): the first after the left column, the others under it. */
static void print_lines(FILE *f, const char *text, int col, bool *first, const char *last_tail)
{
    for (const char *p = text; p && *p;) {
        const char *nl = strchr(p, '\n');
        int len = nl ? (int)(nl - p) : (int)strlen(p);
        if (!*first) fprintf(f, "%*s", col, "");
        *first = false;
        fprintf(f, "%.*s%s\n", len, p, nl || !last_tail ? "" : last_tail);
        p = nl ? nl + 1 : NULL;
    }
}

static void print_entry(FILE *f, const dgopt_entry *e, const dgopt_layout *l, bool letters)
{
    const dgopt_spec *s = e->spec;
    char left[128], dv[96] = "", tail[112] = "";
    left_column(left, sizeof left, s, s->name, true, letters);
    int col = l->width + 3;
    if ((int)strlen(left) <= l->width)
        fprintf(f, "  %-*s ", l->width, left);
    else
        fprintf(f, "  %s  ", left);
    if (l->default_text && l->default_text(l->ctx, e, dv, sizeof dv)[0])
        snprintf(tail, sizeof tail, " [%s]", dv);
    bool first = true;
    print_lines(f, s->help, col, &first, e->note ? NULL : tail);
    if (e->note) print_lines(f, e->note, col, &first, tail);
    if (s->kind == DGOPT_ENUM) fprintf(f, "%*s  one of: %s\n", col, "", s->choices);
    if (s->alias) {
        left_column(left, sizeof left, s, s->alias, false, letters);
        fprintf(f, "  %-*s the old name of --%s: deprecated, kept for one release\n", l->width,
                left, s->name);
    }
}

void dgopt_print_help(FILE *f, const dgopt_table *t, const dgopt_layout *l)
{
    bool letters = false;
    for (size_t i = 0; i < t->n; i++)
        letters |= t->entries[i].spec->letter != 0;
    const char *section = NULL;
    for (size_t i = 0; i < t->n; i++) {
        const dgopt_entry *e = &t->entries[i];
        if (e->section && (!section || strcmp(section, e->section)))
            fprintf(f, "\n%s:\n", section = e->section);
        print_entry(f, e, l, letters);
    }
}
