/* src_json.c - JSON lines of "pkt" objects or arrays (optionally prefixed "pkt "), plain,
 * gzip or stdin, as a dg_source. Parsing and sensor interning are jsonfeed.c's. */
#include "jsonfeed.h"
#include "clock.h"
#include "source_kinds.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "linereader.h"

#define JSON_MAX_LINE (1 << 20) /* a whole "pkt" array of a busy batch fits */
#define JSON_LINE_RECORDS 1024  /* records one line may hold */

typedef struct json_impl {
    dglr lr;
    uint64_t skip_before;
    dg_record pend[JSON_LINE_RECORDS]; /* records of a line not yet handed out */
    size_t npend, ipend;
} json_impl;

/* Reports bad lines or records: rate-limited by the line reader, all counted; those with
 * an impossible time in bad_ts, the rest in src_errors. */
static void bad_line(dg_source *s, json_impl *im, const char *why, uint64_t nbad, uint64_t nbad_ts)
{
    s->bad_ts += nbad_ts;
    s->src_errors += nbad - nbad_ts;
    dglr_bad(&im->lr, nbad, why, "skipped");
}

/* Parses the current line into the pending buffer. */
static void parse_line(dg_source *s, json_impl *im)
{
    const char *p = im->lr.buf;
    while (*p == ' ' || *p == '\t')
        p++;
    if (strncmp(p, "pkt ", 4) == 0) p += 4;
    if (*p == 0 || *p == '#') return;
    size_t n = 0, nbad = 0, nbad_ts = 0;
    char why[160] = "";
    uint64_t now_ns = dg_wall_ns(); /* the time of records that carry no "ts" */
    bool ok = dgj_parse_pkts(p, strlen(p), now_ns, &s->sensors, im->pend, JSON_LINE_RECORDS, &n,
                             &nbad, &nbad_ts, why, sizeof why);
    if (!ok)
        bad_line(s, im, why[0] ? why : "invalid pkt JSON", 1, nbad_ts);
    else if (nbad)
        bad_line(s, im, why[0] ? why : "invalid records in array", nbad, nbad_ts);
    im->npend = ok ? n : 0;
    im->ipend = 0;
}

static int json_next(dg_source *s, dg_record *out, size_t max)
{
    json_impl *im = s->impl;
    size_t n = 0;
    bool too_long;
    while (n < max) {
        if (im->ipend < im->npend) {
            dg_record *r = &im->pend[im->ipend++];
            if (r->ts_ns < im->skip_before) continue;
            im->skip_before = 0;
            out[n++] = *r;
            continue;
        }
        if (!dglr_next(&im->lr, &too_long)) break;
        if (too_long)
            bad_line(s, im, "line too long", 1, 0);
        else
            parse_line(s, im);
    }
    if (n < max && dglr_read_error(&im->lr, "lines")) s->src_errors++;
    if (n == 0) dglr_summarise(&im->lr, "records");
    return (int)n;
}

static bool json_rewind(dg_source *s)
{
    json_impl *im = s->impl;
    if (!dglr_rewind(&im->lr)) return false;
    im->npend = im->ipend = 0;
    im->skip_before = 0;
    return true;
}

static void json_close(dg_source *s)
{
    json_impl *im = s->impl;
    dglr_summarise(&im->lr, "records");
    dglr_close(&im->lr);
    free(im);
    free(s);
}

static bool json_seek(dg_source *s, uint64_t ts_ns)
{
    if (!json_rewind(s)) return false;
    ((json_impl *)s->impl)->skip_before = ts_ns;
    return true;
}

/* A file none of whose first lines holds a record is not JSON lines of packets: refused
 * whole, naming its first bad line, instead of skipped line by line. */
static bool probe(dg_source *s, json_impl *im, char *err, size_t errcap)
{
    char why[160] = "no lines";
    uint64_t bad_line = 0;
    bool too_long, found = false;
    for (int rows = 0; !found && rows < DGSRC_PROBE_ROWS && dglr_next(&im->lr, &too_long);) {
        const char *p = im->lr.buf + strspn(im->lr.buf, " \t");
        if (!too_long && (*p == 0 || *p == '#')) continue;
        rows++;
        if (strncmp(p, "pkt ", 4) == 0) p += 4;
        size_t n = 0, nbad = 0;
        char w[160] = "line too long";
        found = !too_long &&
                dgj_parse_pkts(p, strlen(p), 0, &s->sensors, im->pend, JSON_LINE_RECORDS, &n, &nbad,
                               NULL, w, sizeof w) &&
                n > 0;
        if (!found && !bad_line) bad_line = im->lr.line, snprintf(why, sizeof why, "%s", w);
    }
    memset(&s->sensors, 0, sizeof s->sensors); /* the lines are read again */
    if (found && dglr_rewind(&im->lr)) return true;
    if (found)
        snprintf(err, errcap, "%s: cannot read it again after its first lines", im->lr.path);
    else
        snprintf(err, errcap,
                 "%s: not JSON lines of packets: no record in its first %d lines (line %llu: "
                 "%s)",
                 im->lr.path, DGSRC_PROBE_ROWS, (unsigned long long)bad_line, why);
    return false;
}

dg_source *dgsrc_json(const char *path, char *err, size_t errcap)
{
    dg_source *s = calloc(1, sizeof *s);
    json_impl *im = calloc(1, sizeof *im);
    if (!s || !im) {
        free(s), free(im);
        snprintf(err, errcap, "out of memory");
        return NULL;
    }
    if (!dglr_open(&im->lr, path, JSON_MAX_LINE - 1, err, errcap)) {
        free(im), free(s);
        return NULL;
    }
    if (strcmp(path, "-") != 0 && !probe(s, im, err, errcap)) {
        dglr_close(&im->lr);
        free(im), free(s);
        return NULL;
    }
    s->next = json_next;
    s->rewind = json_rewind;
    s->close = json_close;
    s->seek = json_seek;
    s->kind = "json";
    s->impl = im;
    return s;
}
