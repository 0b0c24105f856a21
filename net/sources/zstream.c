/* zstream.c - see zstream.h. One input buffer feeds whichever decoder the magic bytes
 * named (zlib, libbz2, liblzma, libzstd), so standard input can be recognised as it streams
 * and every decoder hands out all it decoded before a cut or a corrupt block. */
#include "zstream.h"

#include <bzlib.h>
#include <errno.h>
#include <lzma.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <zlib.h>
#include <zstd.h>

#define ZS_IN (1 << 16) /* compressed bytes read at a time */

typedef enum { ST_OK, ST_END, ST_ERR } zs_status; /* a step's outcome */

typedef struct zs {
    FILE *in;
    bool own_in; /* not stdin: closed with the stream */
    char path[4096];
    dgz_kind kind;
    uint8_t ibuf[ZS_IN];
    size_t ipos, ilen;
    bool in_eof, started, failed, done;
    bool ended; /* the decoder finished one stream; another may follow */
    z_stream z;
    bz_stream bz;
    lzma_stream lz;
    ZSTD_DStream *zd;
    size_t zstd_left; /* ZSTD_decompressStream's last hint: 0 when a frame is complete */
    const char *why;  /* the reason of the last ST_ERR */
} zs;

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

/* ---- the decoders: start (again, for the next concatenated stream), step, end ---- */

static bool dec_start(zs *s)
{
    switch (s->kind) {
    case DGZ_GZIP: return inflateInit2(&s->z, 15 + 16) == Z_OK; /* gzip wrapper only */
    case DGZ_BZIP2: return BZ2_bzDecompressInit(&s->bz, 0, 0) == BZ_OK;
    case DGZ_XZ:
        return lzma_stream_decoder(&s->lz, UINT64_MAX, LZMA_CONCATENATED) == LZMA_OK;
    case DGZ_ZSTD: return (s->zd = ZSTD_createDStream()) && !ZSTD_isError(ZSTD_initDStream(s->zd));
    case DGZ_NONE: return true;
    }
    return false;
}

static void dec_end(zs *s)
{
    switch (s->kind) {
    case DGZ_GZIP: inflateEnd(&s->z); break;
    case DGZ_BZIP2: BZ2_bzDecompressEnd(&s->bz); break;
    case DGZ_XZ: lzma_end(&s->lz); break;
    case DGZ_ZSTD: ZSTD_freeDStream(s->zd), s->zd = NULL; break;
    case DGZ_NONE: break;
    }
}

static zs_status step_gzip(zs *s, const uint8_t *in, size_t *used, uint8_t *out, size_t *made)
{
    s->z.next_in = (Bytef *)in, s->z.avail_in = (uInt)*used;
    s->z.next_out = out, s->z.avail_out = (uInt)*made;
    int rc = inflate(&s->z, Z_NO_FLUSH);
    *used -= s->z.avail_in, *made -= s->z.avail_out;
    if (rc == Z_STREAM_END) return ST_END;
    if (rc == Z_OK || rc == Z_BUF_ERROR) return ST_OK;
    s->why = s->z.msg ? s->z.msg : "corrupt gzip data";
    return ST_ERR;
}

static zs_status step_bzip2(zs *s, const uint8_t *in, size_t *used, uint8_t *out, size_t *made)
{
    s->bz.next_in = (char *)in, s->bz.avail_in = (unsigned)*used;
    s->bz.next_out = (char *)out, s->bz.avail_out = (unsigned)*made;
    int rc = BZ2_bzDecompress(&s->bz);
    *used -= s->bz.avail_in, *made -= s->bz.avail_out;
    if (rc == BZ_STREAM_END) return ST_END;
    if (rc == BZ_OK) return ST_OK;
    s->why = "corrupt bzip2 data";
    return ST_ERR;
}

static zs_status step_xz(zs *s, const uint8_t *in, size_t *used, uint8_t *out, size_t *made)
{
    s->lz.next_in = in, s->lz.avail_in = *used;
    s->lz.next_out = out, s->lz.avail_out = *made;
    lzma_ret rc = lzma_code(&s->lz, s->in_eof ? LZMA_FINISH : LZMA_RUN);
    *used -= s->lz.avail_in, *made -= s->lz.avail_out;
    if (rc == LZMA_STREAM_END) return ST_END;
    if (rc == LZMA_OK || (rc == LZMA_BUF_ERROR && !s->in_eof)) return ST_OK;
    s->why = rc == LZMA_BUF_ERROR ? "xz data cut short" : "corrupt xz data";
    return ST_ERR;
}

static zs_status step_zstd(zs *s, const uint8_t *in, size_t *used, uint8_t *out, size_t *made)
{
    ZSTD_inBuffer ib = {in, *used, 0};
    ZSTD_outBuffer ob = {out, *made, 0};
    size_t rc = ZSTD_decompressStream(s->zd, &ob, &ib);
    *used = ib.pos, *made = ob.pos;
    if (ZSTD_isError(rc)) return s->why = ZSTD_getErrorName(rc), ST_ERR;
    if (ib.pos || ob.pos) s->zstd_left = rc; /* frames follow one another in one stream */
    return ST_OK;
}

/* One decoder call over the buffered input; *used and *made in: room, out: counts. */
static zs_status step(zs *s, size_t *used, uint8_t *out, size_t *made)
{
    const uint8_t *in = s->ibuf + s->ipos;
    switch (s->kind) {
    case DGZ_GZIP: return step_gzip(s, in, used, out, made);
    case DGZ_BZIP2: return step_bzip2(s, in, used, out, made);
    case DGZ_XZ: return step_xz(s, in, used, out, made);
    case DGZ_ZSTD: return step_zstd(s, in, used, out, made);
    case DGZ_NONE: break;
    }
    *made = *used < *made ? *used : *made;
    memcpy(out, in, *made);
    *used = *made;
    return ST_OK;
}

/* ---- the stream ---- */

/* Moves what is left to the front and reads more behind it. */
static void fill(zs *s)
{
    if (s->ipos) {
        memmove(s->ibuf, s->ibuf + s->ipos, s->ilen - s->ipos);
        s->ilen -= s->ipos;
        s->ipos = 0;
    }
    if (s->in_eof || s->ilen == ZS_IN) return;
    size_t n = fread(s->ibuf + s->ilen, 1, ZS_IN - s->ilen, s->in);
    s->ilen += n;
    if (n == 0) s->in_eof = true;
}

/* A decoder reached the end of one stream: the next (concatenated) one, or the end. */
static bool next_stream(zs *s)
{
    if (s->ipos == s->ilen) return false;
    dec_end(s);
    return dec_start(s);
}

static ssize_t cut_short(zs *s)
{
    s->why = "compressed data cut short";
    return -1;
}

/* With the input over and nothing buffered: 1 the data is complete, 0 the decoder may still
 * flush (xz, zstd), -1 cut short. */
static int at_input_end(const zs *s)
{
    switch (s->kind) {
    case DGZ_NONE: return 1;
    case DGZ_ZSTD: return s->zstd_left == 0 ? 1 : 0;
    case DGZ_XZ: return 0; /* LZMA_FINISH tells: stream end or a cut */
    default: return -1;    /* gzip, bzip2: the stream did not end */
    }
}

/* Decodes until some output is made, the input ends (0) or fails (-1, why set). */
static ssize_t decode(zs *s, uint8_t *out, size_t cap)
{
    for (;;) {
        fill(s);
        if (s->ended) {
            s->ended = false;
            if (!next_stream(s)) return 0;
        }
        size_t used = s->ilen - s->ipos, made = cap;
        bool idle_eof = used == 0 && s->in_eof;
        int end = idle_eof ? at_input_end(s) : 0;
        if (end) return end > 0 ? 0 : cut_short(s);
        zs_status st = step(s, &used, out, &made);
        s->ipos += used;
        if (st == ST_ERR) return -1;
        if (st == ST_END) s->ended = true;
        if (made) return (ssize_t)made;
        if (s->ended) continue;
        if (idle_eof) return s->kind == DGZ_ZSTD && s->zstd_left == 0 ? 0 : cut_short(s);
        if (!used && (s->in_eof || s->ilen == ZS_IN))
            return s->why = "corrupt compressed data", -1; /* no progress possible */
    }
}

static ssize_t zs_read(void *cookie, char *buf, size_t size)
{
    zs *s = cookie;
    if (s->failed) return errno = EIO, -1;
    if (s->done) return 0;
    ssize_t n = decode(s, (uint8_t *)buf, size);
    if (n == 0) s->done = true;
    if (n >= 0) return n;
    s->failed = true;
    fprintf(stderr, "%s: %s\n", s->path, s->why ? s->why : "decompression failed");
    return errno = EIO, -1;
}

static int zs_close(void *cookie)
{
    zs *s = cookie;
    if (s->started) dec_end(s);
    if (s->own_in) fclose(s->in);
    free(s);
    return 0;
}

/* Opens the input and names its compression from the first bytes, kept in the buffer. */
static zs *zs_open(const char *path, char *err, size_t errcap)
{
    zs *s = calloc(1, sizeof *s);
    if (!s) return snprintf(err, errcap, "out of memory"), NULL;
    snprintf(s->path, sizeof s->path, "%s", path);
    s->own_in = strcmp(path, "-") != 0;
    s->in = s->own_in ? fopen(path, "rb") : stdin;
    if (!s->in) {
        snprintf(err, errcap, "%s: %s", path, strerror(errno));
        return free(s), NULL;
    }
    while (!s->in_eof && s->ilen < 8)
        fill(s);
    s->kind = dgz_probe(s->ibuf, s->ilen);
    if (!(s->started = dec_start(s))) {
        snprintf(err, errcap, "%s: cannot start the %s decoder", path, dgz_name(s->kind));
        zs_close(s);
        return NULL;
    }
    return s;
}

dgz_kind dgz_file_kind(const char *path)
{
    uint8_t magic[8];
    FILE *f = fopen(path, "rb");
    size_t n = f ? fread(magic, 1, sizeof magic, f) : 0;
    if (f) fclose(f);
    return dgz_probe(magic, n);
}

FILE *dgz_fopen(const char *path, char *err, size_t errcap)
{
    zs *s = zs_open(path, err, errcap);
    if (!s) return NULL;
    FILE *f = fopencookie(s, "rb", (cookie_io_functions_t){.read = zs_read, .close = zs_close});
    if (!f) {
        snprintf(err, errcap, "%s: %s", path, strerror(errno));
        zs_close(s);
    }
    return f;
}

long dgz_head(const char *path, uint8_t *buf, size_t cap, dgz_kind *kind, char *err,
              size_t errcap)
{
    zs *s = zs_open(path, err, errcap);
    if (!s) return -1;
    *kind = s->kind;
    size_t got = 0;
    ssize_t n = 0;
    while (got < cap && (n = decode(s, buf + got, cap - got)) > 0)
        got += (size_t)n;
    if (n < 0 && got == 0) /* nothing to recognise: say why */
        snprintf(err, errcap, "%s: %s-compressed, %s before any data", path,
                 dgz_name(s->kind), s->why ? s->why : "damaged");
    zs_close(s);
    return n < 0 && got == 0 ? -1 : (long)got;
}
