/* fmt_util.h - shared helpers of the operators' format tests (test_zcapture, test_eve,
 * test_zeek, test_nfdump, test_flowtuple): a temporary directory, running the formats' own
 * tools, cutting a file, and draining a source while keeping the order of its alerts.
 * Threads: test main threads only. */
#ifndef DG_TESTS_FMT_UTIL_H
#define DG_TESTS_FMT_UTIL_H

#include "check.h"
#include "source_kinds.h"

#include <stdarg.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char fmt_dir[64];

/* Not every test uses every helper. */
#define FMT_HELPER __attribute__((unused)) static

/* Makes the test's temporary directory; the path of name inside it goes to out. */
FMT_HELPER void fmt_mkdir(const char *prefix)
{
    snprintf(fmt_dir, sizeof fmt_dir, "/tmp/%s_XXXXXX", prefix);
    if (!mkdtemp(fmt_dir)) perror("mkdtemp"), exit(1);
}

static const char *fmt_path(const char *name)
{
    static char buf[4][320];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", fmt_dir, name);
    return buf[k];
}

/* Runs a shell command built like printf; its exit status. */
__attribute__((format(printf, 1, 2))) FMT_HELPER int fmt_sh(const char *fmt, ...)
{
    char cmd[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    int rc = system(cmd);
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

FMT_HELPER long fmt_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

/* Copies the first len bytes of from into to: a file cut short. */
FMT_HELPER void fmt_cut(const char *from, const char *to, long len)
{
    fmt_sh("head -c %ld '%s' > '%s'", len, from, to);
}

FMT_HELPER void fmt_write(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f) perror(path), exit(1);
    fputs(text, f);
    fclose(f);
}

/* Everything a source gives: records, their packet total, alerts with the number of records
 * that came before each. */
typedef struct fmt_drained {
    dg_record rec[4096];
    size_t n;
    uint64_t pkts;
    dg_alert alert[64];
    size_t alert_before[64];
    size_t nalerts;
    uint64_t errors;
} fmt_drained;

FMT_HELPER void fmt_drain(dg_source *s, fmt_drained *d)
{
    memset(d, 0, sizeof *d);
    for (;;) {
        int k = s->next(s, d->rec + d->n, 4096 - d->n < 7 ? 4096 - d->n : 7);
        dg_alert a;
        while (dgsrc_alert(s, &a, NULL))
            if (d->nalerts < 64) d->alert_before[d->nalerts] = d->n, d->alert[d->nalerts++] = a;
        if (k <= 0) break;
        for (int i = 0; i < k; i++)
            d->pkts += dg_record_pkts(&d->rec[d->n + (size_t)i]);
        d->n += (size_t)k;
    }
    d->errors = s->src_errors;
}

/* Opens path with ctor (or by content when ctor is NULL) and drains it; false if it would
 * not open. */
FMT_HELPER bool fmt_read(dg_source *(*ctor)(const char *, char *, size_t), const char *path,
                     fmt_drained *d)
{
    char err[512] = "";
    dg_source *s = ctor ? ctor(path, err, sizeof err) : dgsrc_open_auto(path, NULL, err, sizeof err);
    if (!s) {
        fprintf(stderr, "open %s: %s\n", path, err);
        memset(d, 0, sizeof *d);
        return false;
    }
    fmt_drain(s, d);
    s->close(s);
    return true;
}

#endif
