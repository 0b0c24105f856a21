/* zstream.c - see zstream.h. */
#include "zstream.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#define ZS_BLOCK (1 << 16) /* bytes libarchive reads from the file at a time */

typedef struct zs_cookie {
    struct archive *a;
    char path[4096];
    bool failed; /* the error was reported; later reads fail at once */
} zs_cookie;

dgz_kind dgz_probe(const uint8_t *h, size_t n)
{
    if (n >= 2 && h[0] == 0x1F && h[1] == 0x8B) return DGZ_GZIP;
    if (n >= 4 && h[0] == 'B' && h[1] == 'Z' && h[2] == 'h' && h[3] >= '1' && h[3] <= '9')
        return DGZ_BZIP2;
    static const uint8_t xz[6] = {0xFD, '7', 'z', 'X', 'Z', 0};
    if (n >= 6 && memcmp(h, xz, 6) == 0) return DGZ_XZ;
    if (n >= 4 && h[0] == 0x28 && h[1] == 0xB5 && h[2] == 0x2F && h[3] == 0xFD) return DGZ_ZSTD;
    return DGZ_NONE;
}

const char *dgz_name(dgz_kind kind)
{
    switch (kind) {
    case DGZ_GZIP: return "gzip";
    case DGZ_BZIP2: return "bzip2";
    case DGZ_XZ: return "xz";
    case DGZ_ZSTD: return "zstd";
    case DGZ_NONE: break;
    }
    return "uncompressed";
}

/* Only the four filters we name: filter_all would also run external programs. */
static struct archive *open_archive(const char *path, char *err, size_t errcap)
{
    struct archive *a = archive_read_new();
    if (!a) return snprintf(err, errcap, "out of memory"), NULL;
    archive_read_support_filter_gzip(a);
    archive_read_support_filter_bzip2(a);
    archive_read_support_filter_xz(a);
    archive_read_support_filter_zstd(a);
    archive_read_support_format_raw(a);
    struct archive_entry *e;
    int rc = strcmp(path, "-") == 0 ? archive_read_open_fd(a, 0, ZS_BLOCK)
                                    : archive_read_open_filename(a, path, ZS_BLOCK);
    if (rc != ARCHIVE_OK || archive_read_next_header(a, &e) != ARCHIVE_OK) {
        const char *why = archive_error_string(a);
        snprintf(err, errcap, "%s: %s", path, why ? why : "empty compressed stream");
        archive_read_free(a);
        return NULL;
    }
    return a;
}

static ssize_t zs_read(void *cookie, char *buf, size_t size)
{
    zs_cookie *c = cookie;
    if (c->failed) return errno = EIO, -1;
    la_ssize_t n = archive_read_data(c->a, buf, size);
    if (n >= 0) return n;
    c->failed = true;
    const char *why = archive_error_string(c->a);
    fprintf(stderr, "%s: %s\n", c->path, why ? why : "decompression failed");
    errno = EIO;
    return -1;
}

static int zs_close(void *cookie)
{
    zs_cookie *c = cookie;
    archive_read_free(c->a);
    free(c);
    return 0;
}

/* Reads the first bytes of path, raw; -1 with err if it cannot be opened. */
static long raw_head(const char *path, uint8_t *buf, size_t cap, char *err, size_t errcap)
{
    FILE *f = fopen(path, "rb");
    if (!f) return snprintf(err, errcap, "%s: %s", path, strerror(errno)), -1;
    size_t n = fread(buf, 1, cap, f);
    fclose(f);
    return (long)n;
}

dgz_kind dgz_file_kind(const char *path)
{
    uint8_t magic[8];
    char err[16];
    long n = raw_head(path, magic, sizeof magic, err, sizeof err);
    return n > 0 ? dgz_probe(magic, (size_t)n) : DGZ_NONE;
}

/* Standard input cannot be peeked at: libarchive's bidding looks, and "raw" passes a plain
 * stream through. */
FILE *dgz_fopen(const char *path, char *err, size_t errcap)
{
    bool in = strcmp(path, "-") == 0;
    if (!in && dgz_file_kind(path) == DGZ_NONE) {
        FILE *f = fopen(path, "rb");
        if (!f) snprintf(err, errcap, "%s: %s", path, strerror(errno));
        return f;
    }
    zs_cookie *c = calloc(1, sizeof *c);
    if (!c) return snprintf(err, errcap, "out of memory"), NULL;
    snprintf(c->path, sizeof c->path, "%s", path);
    if (!(c->a = open_archive(path, err, errcap))) return free(c), NULL;
    FILE *f = fopencookie(c, "rb", (cookie_io_functions_t){.read = zs_read, .close = zs_close});
    if (!f) {
        snprintf(err, errcap, "%s: %s", path, strerror(errno));
        zs_close(c);
    }
    return f;
}

long dgz_head(const char *path, uint8_t *buf, size_t cap, dgz_kind *kind, char *err,
              size_t errcap)
{
    long n = raw_head(path, buf, cap, err, errcap);
    *kind = n > 0 ? dgz_probe(buf, (size_t)n) : DGZ_NONE;
    if (n <= 0 || *kind == DGZ_NONE) return n;
    char why[256];
    struct archive *a = open_archive(path, why, sizeof why);
    if (!a) return 0; /* compressed but unreadable: no content to recognise */
    size_t got = 0;
    while (got < cap) {
        la_ssize_t r = archive_read_data(a, buf + got, cap - got);
        if (r <= 0) break;
        got += (size_t)r;
    }
    archive_read_free(a);
    return (long)got;
}
