/* watchlist.c - see watchlist.h. Ranges are kept sorted by (version, prefix length
 * descending, network address), so a lookup tries each prefix length present from the
 * longest down and binary-searches the masked address: the first hit is the longest match. */
#include "watchlist.h"
#include "addr.h"
#include "text_sanitize.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LINE_MAX_BYTES 4096

typedef struct wl_range {
    uint8_t net[16];
    uint8_t plen, ver;
    uint16_t org;
    uint32_t line;
} wl_range;

/* A run of ranges with the same version and prefix length. */
typedef struct wl_group {
    uint8_t ver, plen;
    uint32_t start, end;
} wl_group;

struct dgwl_list {
    wl_range *r;
    size_t n, cap;
    char (*orgs)[DGWL_ORG_MAX];
    size_t norgs, orgcap;
    wl_group groups[33 + 129];
    size_t ngroups;
};

/* Parser state: where we are, for "name:line: reason". */
typedef struct wl_parser {
    dgwl_list *wl;
    const char *name;
    uint32_t line;
    char *err;
    size_t errcap;
} wl_parser;

static bool fail(wl_parser *p, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (p->errcap) snprintf(p->err, p->errcap, "%s:%u: %s", p->name, (unsigned)p->line, msg);
    return false;
}

static int find_org(wl_parser *p, const char *org)
{
    dgwl_list *wl = p->wl;
    for (size_t i = 0; i < wl->norgs; i++)
        if (strcmp(wl->orgs[i], org) == 0) return (int)i;
    if (wl->norgs >= DGWL_MAX_ORGS) return fail(p, "more than %d organisations", DGWL_MAX_ORGS), -1;
    if (wl->norgs == wl->orgcap) {
        size_t cap = wl->orgcap ? wl->orgcap * 2 : 16;
        void *o = realloc(wl->orgs, cap * sizeof *wl->orgs);
        if (!o) return fail(p, "out of memory"), -1;
        wl->orgs = o;
        wl->orgcap = cap;
    }
    snprintf(wl->orgs[wl->norgs], DGWL_ORG_MAX, "%s", org);
    return (int)wl->norgs++;
}

static bool push_range(wl_parser *p, const wl_range *r)
{
    dgwl_list *wl = p->wl;
    if (wl->n >= DGWL_MAX_RANGES) return fail(p, "more than %d ranges", DGWL_MAX_RANGES);
    if (wl->n == wl->cap) {
        size_t cap = wl->cap ? wl->cap * 2 : 64;
        wl_range *nr = realloc(wl->r, cap * sizeof *nr);
        if (!nr) return fail(p, "out of memory");
        wl->r = nr;
        wl->cap = cap;
    }
    wl->r[wl->n++] = *r;
    return true;
}

/* Parses "ADDR" or "ADDR/LEN"; a bare address is a single host. */
static bool parse_cidr(wl_parser *p, const char *tok, wl_range *r)
{
    const char *slash = strchr(tok, '/');
    size_t alen = slash ? (size_t)(slash - tok) : strlen(tok);
    if (alen == 0 || alen >= 64) return fail(p, "bad address range '%s'", tok);
    dg_cidr c;
    dg_cidr_status st;
    char why[160];
    if (!dg_cidr_parse_network(tok, &c, &st, why, sizeof why)) {
        if (st == DG_CIDR_BAD_ADDR) return fail(p, "bad address '%.*s'", (int)alen, tok);
        if (st == DG_CIDR_BAD_PREFIX)
            return fail(p, "bad prefix length in '%s' (0..%u)", tok, c.ip_ver == 6 ? 128 : 32);
        return fail(p, "%s", why);
    }
    memcpy(r->net, c.addr, 16);
    r->ver = c.ip_ver;
    r->plen = c.prefix;
    r->line = p->line;
    return true;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

/* Checks an organisation name: non-empty, short, printable UTF-8. */
static bool check_org(wl_parser *p, const char *org)
{
    char clean[DGWL_ORG_MAX * 4];
    size_t n = strlen(org);
    if (n == 0) return fail(p, "missing organisation name before '='");
    if (n >= DGWL_ORG_MAX)
        return fail(p, "organisation name longer than %d bytes", DGWL_ORG_MAX - 1);
    if (dg_text_sanitize(clean, sizeof clean, org, n) != n)
        return fail(p, "organisation name has control characters or invalid UTF-8");
    return true;
}

/* One line: "ORG = RANGE[, RANGE]..."; '#' starts a comment. */
static bool parse_line(wl_parser *p, char *line)
{
    char *hash = strchr(line, '#');
    if (hash) *hash = '\0';
    char *s = trim(line);
    if (!*s) return true;
    char *eq = strchr(s, '=');
    if (!eq) return fail(p, "expected 'ORGANISATION = RANGE[, RANGE]...'");
    *eq = '\0';
    char *org = trim(s);
    if (!check_org(p, org)) return false;
    int id = find_org(p, org);
    if (id < 0) return false;
    size_t before = p->wl->n;
    char *save = NULL;
    for (char *tok = strtok_r(eq + 1, ", \t", &save); tok; tok = strtok_r(NULL, ", \t", &save)) {
        wl_range r = {.org = (uint16_t)id};
        if (!parse_cidr(p, tok, &r) || !push_range(p, &r)) return false;
    }
    if (p->wl->n == before) return fail(p, "no address range after '='");
    return true;
}

static int cmp_range(const void *a, const void *b)
{
    const wl_range *x = a, *y = b;
    if (x->ver != y->ver) return x->ver < y->ver ? -1 : 1;
    if (x->plen != y->plen) return x->plen > y->plen ? -1 : 1;
    int c = memcmp(x->net, y->net, 16);
    if (c) return c;
    return x->line < y->line ? -1 : x->line > y->line;
}

/* Sorts, rejects a range listed for two organisations, drops exact repeats, builds groups. */
static bool finish(wl_parser *p)
{
    dgwl_list *wl = p->wl;
    if (wl->n) qsort(wl->r, wl->n, sizeof *wl->r, cmp_range);
    size_t out = 0;
    for (size_t i = 0; i < wl->n; i++) {
        wl_range *r = &wl->r[i], *prev = out ? &wl->r[out - 1] : NULL;
        if (prev && prev->ver == r->ver && prev->plen == r->plen &&
            !memcmp(prev->net, r->net, 16)) {
            if (prev->org == r->org) continue;
            char net[48];
            p->line = r->line;
            return fail(p, "%s/%u is already listed for '%s' (line %u)",
                        dg_addr_format(r->ver, r->net, net, sizeof net), r->plen,
                        wl->orgs[prev->org], (unsigned)prev->line);
        }
        wl->r[out++] = *r;
    }
    wl->n = out;
    for (size_t i = 0; i < wl->n; i++) {
        wl_group *g = wl->ngroups ? &wl->groups[wl->ngroups - 1] : NULL;
        if (!g || g->ver != wl->r[i].ver || g->plen != wl->r[i].plen) {
            g = &wl->groups[wl->ngroups++];
            *g = (wl_group){wl->r[i].ver, wl->r[i].plen, (uint32_t)i, (uint32_t)i};
        }
        g->end = (uint32_t)i + 1;
    }
    return true;
}

dgwl_list *dgwl_parse(const char *text, size_t len, const char *name, char *err, size_t errcap)
{
    wl_parser p = {calloc(1, sizeof(dgwl_list)), name ? name : "watchlist", 0, err, errcap};
    if (!p.wl) return fail(&p, "out of memory"), NULL;
    char line[LINE_MAX_BYTES];
    size_t i = 0;
    bool ok = true;
    while (ok && i < len) {
        p.line++;
        const char *nl = memchr(text + i, '\n', len - i);
        size_t n = nl ? (size_t)(nl - (text + i)) : len - i;
        if (n >= sizeof line)
            ok = fail(&p, "line longer than %d bytes", LINE_MAX_BYTES - 1);
        else if (memchr(text + i, '\0', n))
            ok = fail(&p, "NUL byte in line");
        else {
            memcpy(line, text + i, n);
            line[n] = '\0';
            ok = parse_line(&p, line);
        }
        i += n + 1;
    }
    if (ok) ok = finish(&p);
    if (!ok) {
        dgwl_free(p.wl);
        return NULL;
    }
    return p.wl;
}

dgwl_list *dgwl_load(const char *path, char *err, size_t errcap)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        if (errcap) snprintf(err, errcap, "%s: %s", path, strerror(errno));
        return NULL;
    }
    char *buf = NULL;
    size_t len = 0, cap = 0, got;
    do {
        if (len == cap) {
            cap = cap ? cap * 2 : 65536;
            char *nb = cap <= (size_t)256 << 20 ? realloc(buf, cap) : NULL;
            if (!nb) {
                if (errcap) snprintf(err, errcap, "%s: too large or out of memory", path);
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = nb;
        }
        got = fread(buf + len, 1, cap - len, f);
        len += got;
    } while (got > 0);
    bool rerr = ferror(f);
    fclose(f);
    dgwl_list *wl = NULL;
    if (rerr) {
        if (errcap) snprintf(err, errcap, "%s: read error", path);
    } else {
        wl = dgwl_parse(buf, len, path, err, errcap);
    }
    free(buf);
    return wl;
}

void dgwl_free(dgwl_list *wl)
{
    if (!wl) return;
    free(wl->r);
    free(wl->orgs);
    free(wl);
}

static const wl_range *search(const dgwl_list *wl, const wl_group *g, const uint8_t key[16])
{
    size_t lo = g->start, hi = g->end, klen = g->ver == 4 ? 4 : 16;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = memcmp(wl->r[mid].net, key, klen);
        if (c == 0) return &wl->r[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

bool dgwl_lookup(const dgwl_list *wl, const uint8_t addr[16], int ip_ver, dgwl_hit *hit)
{
    if (!wl || (ip_ver != 4 && ip_ver != 6)) return false;
    uint8_t key[16];
    for (size_t i = 0; i < wl->ngroups; i++) {
        const wl_group *g = &wl->groups[i];
        if (g->ver != ip_ver) continue;
        dg_addr_mask(key, addr, g->plen);
        const wl_range *r = search(wl, g, key);
        if (!r) continue;
        if (hit) {
            hit->org = wl->orgs[r->org];
            hit->org_id = r->org;
            hit->ip_ver = r->ver;
            hit->plen = r->plen;
            memcpy(hit->net, r->net, 16);
        }
        return true;
    }
    return false;
}

size_t dgwl_range_count(const dgwl_list *wl)
{
    return wl ? wl->n : 0;
}

size_t dgwl_org_count(const dgwl_list *wl)
{
    return wl ? wl->norgs : 0;
}

const char *dgwl_org_name(const dgwl_list *wl, size_t org_id)
{
    return wl && org_id < wl->norgs ? wl->orgs[org_id] : NULL;
}

const char *dgwl_hit_cidr(const dgwl_hit *hit, char *buf, size_t cap)
{
    char net[48];
    snprintf(buf, cap, "%s/%u", dg_addr_format(hit->ip_ver, hit->net, net, sizeof net), hit->plen);
    return buf;
}
