/* filter.c - see filter.h. */
#include "filter.h"
#include "names.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void dgfl_clear(dgfl_filter *f)
{
    memset(f, 0, sizeof *f);
    f->classes = DGFL_ALL_CLASSES;
}

bool dgfl_active(const dgfl_filter *f)
{
    return f->classes != DGFL_ALL_CLASSES || f->mirai_only || f->tools || f->port_on || f->cc_on ||
           f->sensor_on;
}

static int class_find(const char *v)
{
    return dgn_class_find(v, strlen(v));
}

/* Parse state: the filter being built, where errors go, and the sensor table. */
typedef struct parser {
    dgfl_filter *f;
    const dgs_table *sensors;
    char *err;
    size_t errcap;
    bool class_given; /* the first class= term replaces "all classes" */
} parser;

static bool fail(parser *p, const char *fmt, const char *what)
{
    snprintf(p->err, p->errcap, fmt, what);
    return false;
}

static bool add_class(parser *p, const char *v)
{
    int c = class_find(v);
    if (c < 0) return fail(p, "unknown class '%s' (syn, synack, tcp, udp, icmp, other)", v);
    if (!p->class_given) p->f->classes = 0;
    p->class_given = true;
    p->f->classes |= (uint8_t)(1u << c);
    return true;
}

static bool parse_port(const char *s, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < 0 || v > 65535 || !isdigit((unsigned char)*s))
        return false;
    *out = v;
    return true;
}

static void append(char *dst, size_t cap, const char *s)
{
    size_t n = strlen(dst);
    if (n + (n ? 1 : 0) + strlen(s) >= cap) return; /* the bitset is exact; only text is cut */
    if (n) strcat(dst, ",");
    strcat(dst, s);
}

static bool add_port(parser *p, const char *v)
{
    char lo_s[16], *dash;
    long lo, hi;
    snprintf(lo_s, sizeof lo_s, "%s", v);
    dash = strchr(lo_s, '-');
    if (dash) *dash = '\0';
    if (strlen(v) >= sizeof lo_s || !parse_port(lo_s, &lo) ||
        !parse_port(dash ? dash + 1 : lo_s, &hi))
        return fail(p, "bad port '%s' (a number 0-65535 or a range like 1-1024)", v);
    if (hi < lo) return fail(p, "bad port range '%s' (the low end comes first)", v);
    dgfl_filter *f = p->f;
    for (long x = lo; x <= hi; x++)
        f->ports[x >> 6] |= 1ull << (x & 63);
    f->port_on = true;
    if (f->nranges < DGFL_MAX_RANGES)
        f->ranges[f->nranges++] = (dgfl_range){(uint16_t)lo, (uint16_t)hi};
    else
        f->ranges_dropped++;
    return true;
}

static bool add_cc(parser *p, const char *v)
{
    unsigned slot;
    char up[3] = {0};
    if (!strcmp(v, "??")) {
        slot = 26 * 26;
    } else {
        if (strlen(v) != 2 || !isalpha((unsigned char)v[0]) || !isalpha((unsigned char)v[1]))
            return fail(p, "bad country code '%s' (two letters, e.g. JP, or ?? for unplaced)", v);
        up[0] = (char)toupper((unsigned char)v[0]);
        up[1] = (char)toupper((unsigned char)v[1]);
        slot = (unsigned)(up[0] - 'A') * 26 + (unsigned)(up[1] - 'A');
    }
    p->f->cc[slot >> 6] |= 1ull << (slot & 63);
    p->f->cc_on = true;
    append(p->f->cc_text, sizeof p->f->cc_text, up[0] ? up : "??");
    return true;
}

static bool add_sensor(parser *p, const char *v)
{
    int i = p->sensors ? dgs_find(p->sensors, v) : -1;
    if (i < 0) return fail(p, "unknown sensor '%s'", v);
    if (i >= 64) return fail(p, "sensor '%s' is past the 64 a filter can name", v);
    p->f->sensors |= 1ull << i;
    p->f->sensor_on = true;
    append(p->f->sensor_text, sizeof p->f->sensor_text, v);
    return true;
}

static bool set_mirai(parser *p, const char *v)
{
    if (!strcasecmp(v, "yes") || !strcasecmp(v, "on") || !strcmp(v, "1"))
        p->f->mirai_only = true;
    else if (!strcasecmp(v, "no") || !strcasecmp(v, "off") || !strcmp(v, "0"))
        p->f->mirai_only = false;
    else
        return fail(p, "bad mirai value '%s' (yes or no)", v);
    return true;
}

static bool add_tool(parser *p, const char *v)
{
    unsigned bit = dgfp_parse(v);
    if (!bit) return fail(p, "unknown tool '%s' (mirai, masscan, zmap, unicorn, lss, backscatter)", v);
    p->f->tools |= (uint8_t)bit;
    return true;
}

typedef bool (*value_fn)(parser *p, const char *v);

static value_fn key_handler(const char *key)
{
    if (!strcasecmp(key, "class") || !strcasecmp(key, "proto")) return add_class;
    if (!strcasecmp(key, "port") || !strcasecmp(key, "dport")) return add_port;
    if (!strcasecmp(key, "cc") || !strcasecmp(key, "country")) return add_cc;
    if (!strcasecmp(key, "sensor")) return add_sensor;
    if (!strcasecmp(key, "mirai")) return set_mirai;
    if (!strcasecmp(key, "tool")) return add_tool;
    return NULL;
}

/* Trims blanks in place. */
static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    char *e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1]))
        *--e = '\0';
    return s;
}

static bool parse_values(parser *p, value_fn fn, const char *key, char *vals)
{
    char *save = NULL;
    int n = 0;
    for (char *v = strtok_r(vals, ",+", &save); v; v = strtok_r(NULL, ",+", &save)) {
        v = trim(v);
        if (!*v) continue;
        if (!fn(p, v)) return false;
        n++;
    }
    return n ? true : fail(p, "'%s=' needs a value", key);
}

static bool parse_bare(parser *p, const char *word)
{
    if (!strcasecmp(word, "mirai")) return set_mirai(p, "yes");
    if (!strcasecmp(word, "all") || !strcasecmp(word, "none")) {
        dgfl_clear(p->f);
        p->class_given = false;
        return true;
    }
    if (class_find(word) >= 0) return add_class(p, word);
    return fail(p, "unknown filter term '%s' (class=, port=, cc=, sensor=, tool=, mirai, all)",
                word);
}

static bool parse_term(parser *p, char *term)
{
    term = trim(term);
    if (!*term) return true;
    char *eq = strchr(term, '=');
    if (!eq) return parse_bare(p, term);
    *eq = '\0';
    char *key = trim(term);
    value_fn fn = key_handler(key);
    if (!fn) return fail(p, "unknown filter key '%s' (class, port, cc, sensor, tool, mirai)", key);
    return parse_values(p, fn, key, eq + 1);
}

bool dgfl_parse(dgfl_filter *f, const char *spec, const dgs_table *sensors, char *err,
                size_t errcap)
{
    static dgfl_filter tmp; /* 8 KiB of port bits: kept off the stack; main thread only */
    char buf[1024];
    if (strlen(spec) >= sizeof buf) {
        snprintf(err, errcap, "filter spec longer than %zu characters", sizeof buf - 1);
        return false;
    }
    snprintf(buf, sizeof buf, "%s", spec);
    dgfl_clear(&tmp);
    parser p = {.f = &tmp, .sensors = sensors, .err = err, .errcap = errcap};
    char *save = NULL;
    for (char *t = strtok_r(buf, ";", &save); t; t = strtok_r(NULL, ";", &save))
        if (!parse_term(&p, t)) return false;
    *f = tmp;
    return true;
}

bool dgfl_toggle_class(dgfl_filter *f, int cls)
{
    if (cls < 0 || cls >= DG_CLS_COUNT) return false;
    f->classes ^= (uint8_t)(1u << cls);
    return (f->classes >> cls) & 1u;
}

bool dgfl_toggle_mirai(dgfl_filter *f)
{
    f->mirai_only = !f->mirai_only;
    return f->mirai_only;
}

/* Appends " · " (or nothing before the first part) and the formatted text. */
static void part(char *buf, size_t cap, bool *first, const char *text)
{
    size_t n = strlen(buf);
    if (n >= cap) return;
    snprintf(buf + n, cap - n, "%s%s", *first ? "" : " \xC2\xB7 ", text);
    *first = false;
}

static void describe_classes(const dgfl_filter *f, char *out, size_t cap)
{
    out[0] = '\0';
    if (!f->classes) {
        snprintf(out, cap, "no classes");
        return;
    }
    for (int c = 0; c < DG_CLS_COUNT; c++) {
        if (!((f->classes >> c) & 1u)) continue;
        size_t n = strlen(out);
        snprintf(out + n, cap - n, "%s%s", n ? "+" : "", dgn_class_short(c));
    }
}

static void describe_ports(const dgfl_filter *f, char *out, size_t cap)
{
    snprintf(out, cap, "port ");
    for (int i = 0; i < f->nranges; i++) {
        size_t n = strlen(out);
        const dgfl_range *r = &f->ranges[i];
        if (r->lo == r->hi)
            snprintf(out + n, cap - n, "%s%u", i ? "," : "", r->lo);
        else
            snprintf(out + n, cap - n, "%s%u-%u", i ? "," : "", r->lo, r->hi);
    }
    if (f->ranges_dropped) {
        size_t n = strlen(out);
        snprintf(out + n, cap - n, ",+%d more", f->ranges_dropped);
    }
}

/* "tool Masscan+ZMap" */
static void describe_tools(const dgfl_filter *f, char *buf, size_t cap)
{
    size_t n = (size_t)snprintf(buf, cap, "tool ");
    for (int t = 0; t < DG_TOOL_COUNT && n < cap; t++)
        if (f->tools & (1u << t))
            n += (size_t)snprintf(buf + n, cap - n, "%s%s", n > 5 ? "+" : "", dgfp_label(t));
}

char *dgfl_describe(const dgfl_filter *f, char *buf, size_t cap)
{
    char tmp[160];
    bool first = true;
    if (!cap) return buf;
    snprintf(buf, cap, "filters: ");
    if (!dgfl_active(f)) {
        snprintf(buf, cap, "filters: none");
        return buf;
    }
    if (f->classes != DGFL_ALL_CLASSES) {
        describe_classes(f, tmp, sizeof tmp);
        part(buf, cap, &first, tmp);
    }
    if (f->port_on) {
        describe_ports(f, tmp, sizeof tmp);
        part(buf, cap, &first, tmp);
    }
    if (f->cc_on) part(buf, cap, &first, f->cc_text);
    if (f->sensor_on) {
        snprintf(tmp, sizeof tmp, "sensor %s", f->sensor_text);
        part(buf, cap, &first, tmp);
    }
    if (f->mirai_only) part(buf, cap, &first, "Mirai only");
    if (f->tools) {
        describe_tools(f, tmp, sizeof tmp);
        part(buf, cap, &first, tmp);
    }
    return buf;
}
