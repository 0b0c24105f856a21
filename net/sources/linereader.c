/* linereader.c - see linereader.h. */
#include "linereader.h"
#include "clock.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool dglr_open(dglr *r, const char *path, size_t max_line, char *err, size_t errcap)
{
    memset(r, 0, sizeof *r);
    snprintf(r->path, sizeof r->path, "%s", path);
    r->cap = max_line + 1;
    r->buf = malloc(r->cap);
    if (!r->buf) {
        snprintf(err, errcap, "out of memory");
        return false;
    }
    errno = 0;
    r->gz = strcmp(path, "-") == 0 ? gzdopen(0, "rb") : gzopen(path, "rb");
    if (!r->gz) {
        snprintf(err, errcap, "%s: %s", path, errno ? strerror(errno) : "cannot open");
        free(r->buf);
        return false;
    }
    gzbuffer(r->gz, 1 << 16);
    return true;
}

bool dglr_next(dglr *r, bool *too_long)
{
    *too_long = false;
    if (!gzgets(r->gz, r->buf, (int)r->cap)) return false;
    r->line++;
    size_t len = strlen(r->buf);
    while (len == r->cap - 1 && r->buf[len - 1] != '\n') {
        *too_long = true;
        if (!gzgets(r->gz, r->buf, (int)r->cap)) return true;
        len = strlen(r->buf);
    }
    while (len && (r->buf[len - 1] == '\n' || r->buf[len - 1] == '\r'))
        r->buf[--len] = 0;
    return true;
}

bool dglr_read_error(dglr *r, const char *used)
{
    int zerr;
    const char *msg = gzerror(r->gz, &zerr);
    if (zerr == Z_OK || zerr == Z_BUF_ERROR) return false;
    fprintf(stderr, "%s: %s after line %llu; the %s before are used\n", r->path, msg,
            (unsigned long long)r->line, used);
    gzclearerr(r->gz);
    return true;
}

bool dglr_rewind(dglr *r)
{
    if (strcmp(r->path, "-") == 0 || gzrewind(r->gz) != 0) return false;
    r->line = 0;
    return true;
}

void dglr_bad(dglr *r, uint64_t n, const char *why, const char *suffix)
{
    r->bad += n;
    uint64_t now = dg_mono_ns();
    if (r->shown && now - r->last_report_ns < DG_NS_PER_SEC) return;
    r->last_report_ns = now;
    r->shown += n;
    fprintf(stderr, "%s:%llu: %s (%s)\n", r->path, (unsigned long long)r->line, why, suffix);
}

void dglr_summarise(dglr *r, const char *what)
{
    if (r->summarised || r->bad == 0) return;
    r->summarised = true;
    fprintf(stderr, "%s: %llu bad %s skipped (%llu not shown)\n", r->path,
            (unsigned long long)r->bad, what, (unsigned long long)(r->bad - r->shown));
}

void dglr_close(dglr *r)
{
    if (r->gz) gzclose(r->gz);
    free(r->buf);
    r->gz = NULL;
    r->buf = NULL;
}
