/* services.c - see services.h. */
#include "services.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void dgsv_init(dgsv_table *t)
{
    t->n = 0;
}

static int cmp_entry(const void *a, const void *b)
{
    const dgsv_entry *x = a, *y = b;
    if (x->proto != y->proto) return x->proto < y->proto ? -1 : 1;
    return (x->port > y->port) - (x->port < y->port);
}

/* Copies a field, refusing control bytes and overlong text (the HUD shows it as is). */
static bool field(char *dst, size_t cap, const char *src, const char **why)
{
    size_t n = strlen(src);
    if (n >= cap) return (*why = "field too long"), false;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)src[i] < 0x20) return (*why = "control character in a field"), false;
    memcpy(dst, src, n + 1);
    return true;
}

static bool parse_proto(const char *s, uint8_t *out)
{
    if (!strcmp(s, "tcp")) return (*out = 6), true;
    if (!strcmp(s, "udp")) return (*out = 17), true;
    return false;
}

/* One data line: port TAB proto TAB service TAB cves [TAB note]. */
static bool parse_line(char *line, dgsv_entry *e, const char **why)
{
    char *f[5] = {0};
    int n = 0;
    for (char *p = line; n < 5; n++) {
        f[n] = p;
        p = strchr(p, '\t');
        if (!p) {
            n++;
            break;
        }
        *p++ = '\0';
    }
    if (n < 4) return (*why = "expected port, proto, service and CVEs separated by TABs"), false;
    char *end;
    errno = 0;
    long port = strtol(f[0], &end, 10);
    if (errno || end == f[0] || *end || port < 0 || port > 65535)
        return (*why = "bad port (0..65535)"), false;
    if (!parse_proto(f[1], &e->proto)) return (*why = "bad protocol (tcp or udp)"), false;
    e->port = (uint16_t)port;
    if (!f[2][0]) return (*why = "empty service name"), false;
    if (!field(e->service, sizeof e->service, f[2], why)) return false;
    if (!field(e->cves, sizeof e->cves, strcmp(f[3], "-") ? f[3] : "", why)) return false;
    return field(e->note, sizeof e->note, f[4] ? f[4] : "", why);
}

/* Adds or replaces e in the unsorted tail of t. */
static bool put(dgsv_table *t, const dgsv_entry *e)
{
    for (int i = 0; i < t->n; i++)
        if (t->e[i].port == e->port && t->e[i].proto == e->proto) return (t->e[i] = *e), true;
    if (t->n == DGSV_MAX) return false;
    t->e[t->n++] = *e;
    return true;
}

static void chomp(char *s)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == '\n' || s[n - 1] == '\r'))
        s[--n] = '\0';
}

static bool load_lines(dgsv_table *t, FILE *f, const char *path, char *err, size_t errcap)
{
    char line[1024];
    for (int no = 1; fgets(line, sizeof line, f); no++) {
        const char *why = NULL;
        dgsv_entry e = {0};
        if (!strchr(line, '\n') && !feof(f)) why = "line too long";
        chomp(line);
        if (!why && (!line[0] || line[0] == '#')) continue;
        if (!why && parse_line(line, &e, &why) && !put(t, &e)) why = "too many entries";
        if (why) {
            snprintf(err, errcap, "%s:%d: %s", path, no, why);
            return false;
        }
    }
    return true;
}

bool dgsv_load(dgsv_table *t, const char *path, char *err, size_t errcap)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errcap, "%s: %s", path, strerror(errno));
        return false;
    }
    dgsv_table *tmp = malloc(sizeof *tmp);
    bool ok = tmp != NULL;
    if (!ok) snprintf(err, errcap, "%s: out of memory", path);
    if (ok) *tmp = *t;
    ok = ok && load_lines(tmp, f, path, err, errcap);
    fclose(f);
    if (ok) {
        qsort(tmp->e, (size_t)tmp->n, sizeof tmp->e[0], cmp_entry);
        *t = *tmp;
    }
    free(tmp);
    return ok;
}

bool dgsv_load_default(dgsv_table *t, const char *path, char *err, size_t errcap)
{
    static const char *const paths[] = {DG_SOURCE_ASSETDIR "/services.tsv",
                                        DG_INSTALL_DATADIR "/assets/services.tsv"};
    if (path && path[0]) return dgsv_load(t, path, err, errcap);
    for (size_t i = 0; i < sizeof paths / sizeof *paths; i++)
        if (access(paths[i], R_OK) == 0) return dgsv_load(t, paths[i], err, errcap);
    return true;
}

const dgsv_entry *dgsv_find(const dgsv_table *t, uint16_t port, uint8_t proto)
{
    dgsv_entry key = {.port = port, .proto = proto};
    return bsearch(&key, t->e, (size_t)t->n, sizeof key, cmp_entry);
}
