/* src_json.c - JSON lines of "pkt" objects or arrays (optionally prefixed "pkt "), plain,
 * gzip or stdin, as a dg_source. Parsing and sensor interning are jsonfeed.c's. */
#include "jsonfeed.h"
#include "sources.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#define JSON_MAX_LINE (1 << 20) /* a whole "pkt" array of a busy batch fits */
#define JSON_LINE_RECORDS 1024  /* records one line may hold */

typedef struct json_impl {
    gzFile gz;
    char path[4096];
    uint64_t line, bad, shown;
    struct timespec last_report;
    bool summarised;
    uint64_t skip_before;
    dg_record pend[JSON_LINE_RECORDS]; /* records of a line not yet handed out */
    size_t npend, ipend;
    char buf[JSON_MAX_LINE];
} json_impl;

/* Reports a bad line: at most one message a second, the rest counted for the summary. */
static void bad_line(dg_source *s, json_impl *im, const char *why, uint64_t nbad)
{
    s->src_errors += nbad;
    im->bad += nbad;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (im->shown && now.tv_sec - im->last_report.tv_sec < 1) return;
    im->last_report = now;
    im->shown += nbad;
    fprintf(stderr, "%s:%llu: %s (skipped)\n", im->path, (unsigned long long)im->line, why);
}

static void summarise(json_impl *im)
{
    if (im->summarised || im->bad == 0) return;
    im->summarised = true;
    fprintf(stderr, "%s: %llu bad records skipped (%llu not shown)\n", im->path,
            (unsigned long long)im->bad, (unsigned long long)(im->bad - im->shown));
}

/* Reads the next line; false at the end. Over-long lines are consumed and flagged. */
static bool read_line(json_impl *im, bool *too_long)
{
    *too_long = false;
    if (!gzgets(im->gz, im->buf, sizeof im->buf)) return false;
    im->line++;
    size_t len = strlen(im->buf);
    while (len == sizeof im->buf - 1 && im->buf[len - 1] != '\n') {
        *too_long = true;
        if (!gzgets(im->gz, im->buf, sizeof im->buf)) return true;
        len = strlen(im->buf);
    }
    while (len && (im->buf[len - 1] == '\n' || im->buf[len - 1] == '\r'))
        im->buf[--len] = 0;
    return true;
}

/* Parses the current line into the pending buffer. */
static void parse_line(dg_source *s, json_impl *im)
{
    const char *p = im->buf;
    while (*p == ' ' || *p == '\t')
        p++;
    if (strncmp(p, "pkt ", 4) == 0) p += 4;
    if (*p == 0 || *p == '#') return;
    size_t n = 0, nbad = 0;
    char why[160] = "";
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now); /* the time of records that carry no "ts" */
    uint64_t now_ns = (uint64_t)now.tv_sec * 1000000000ull + (uint64_t)now.tv_nsec;
    bool ok = dgj_parse_pkts(p, strlen(p), now_ns, &s->sensors, im->pend, JSON_LINE_RECORDS, &n,
                             &nbad, why, sizeof why);
    if (!ok)
        bad_line(s, im, why[0] ? why : "invalid pkt JSON", 1);
    else if (nbad)
        bad_line(s, im, why[0] ? why : "invalid records in array", nbad);
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
        if (!read_line(im, &too_long)) break;
        if (too_long)
            bad_line(s, im, "line too long", 1);
        else
            parse_line(s, im);
    }
    int zerr;
    const char *msg = gzerror(im->gz, &zerr);
    if (n < max && zerr != Z_OK && zerr != Z_BUF_ERROR) {
        fprintf(stderr, "%s: %s after line %llu; the lines before are used\n", im->path, msg,
                (unsigned long long)im->line);
        s->src_errors++;
        gzclearerr(im->gz);
    }
    if (n == 0) summarise(im);
    return (int)n;
}

static bool json_rewind(dg_source *s)
{
    json_impl *im = s->impl;
    if (strcmp(im->path, "-") == 0 || gzrewind(im->gz) != 0) return false;
    im->line = 0;
    im->npend = im->ipend = 0;
    im->skip_before = 0;
    return true;
}

static void json_close(dg_source *s)
{
    json_impl *im = s->impl;
    summarise(im);
    gzclose(im->gz);
    free(im);
    free(s);
}

bool dgsrc_json_seek(dg_source *s, uint64_t ts_ns)
{
    if (!s || s->close != json_close || !json_rewind(s)) return false;
    ((json_impl *)s->impl)->skip_before = ts_ns;
    return true;
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
    snprintf(im->path, sizeof im->path, "%s", path);
    errno = 0;
    im->gz = strcmp(path, "-") == 0 ? gzdopen(0, "rb") : gzopen(path, "rb");
    if (!im->gz) {
        snprintf(err, errcap, "%s: %s", path, errno ? strerror(errno) : "cannot open");
        free(im), free(s);
        return NULL;
    }
    gzbuffer(im->gz, 1 << 16);
    s->next = json_next;
    s->rewind = json_rewind;
    s->close = json_close;
    s->impl = im;
    return s;
}
