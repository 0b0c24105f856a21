/* formats.c - recognising the operators' formats by content (see formats.h). */
#include "formats.h"
#include "bytes.h"
#include "source_kinds.h"
#include "text_sanitize.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool dgfmt_read_head(const char *path, dgfmt_head *h, char *err, size_t errcap)
{
    FILE *f = fopen(path, "rb");
    if (!f) return snprintf(err, errcap, "%s: %s", path, strerror(errno)), false;
    h->nraw = fread(h->raw, 1, sizeof h->raw, f);
    fclose(f);
    h->z = dgz_probe(h->raw, h->nraw);
    h->n = 0;
    h->text[0] = 0;
    dgz_kind z;
    long n = dgz_head(path, (uint8_t *)h->text, DGFMT_HEAD_BYTES, &z, err, errcap);
    if (n < 0) return false;
    h->n = (size_t)n;
    h->text[h->n] = 0;
    return true;
}

static bool capture_magic(const uint8_t *p, size_t n)
{
    if (n < 4) return false;
    uint32_t v = dgb_be32(p);
    return v == 0xA1B2C3D4 || v == 0xD4C3B2A1 || v == 0xA1B23C4D || v == 0x4D3CB2A1 ||
           v == 0x0A0D0D0A;
}

bool dgsrc_zcapture_probe(const dgfmt_head *h)
{
    return capture_magic((const uint8_t *)h->text, h->n);
}

dgfmt_kind dgfmt_detect(const dgfmt_head *h)
{
    if (dgsrc_zcapture_probe(h)) return DGFMT_CAPTURE;
    if (dgsrc_nfdump_probe(h)) return DGFMT_NFCAPD;
    if (dgsrc_flowtuple_probe(h)) return DGFMT_FLOWTUPLE;
    if (dgsrc_eve_probe(h)) return DGFMT_EVE;
    if (dgsrc_zeek_probe(h)) return DGFMT_ZEEK;
    return DGFMT_UNKNOWN;
}

const char *dgfmt_name(dgfmt_kind kind)
{
    switch (kind) {
    case DGFMT_CAPTURE: return "a pcap/pcapng capture";
    case DGFMT_EVE: return "Suricata EVE JSON";
    case DGFMT_ZEEK: return "a Zeek conn.log";
    case DGFMT_NFCAPD: return "an nfcapd file";
    case DGFMT_FLOWTUPLE: return "an Avro (flowtuple) file";
    case DGFMT_UNKNOWN: break;
    }
    return "unrecognised";
}

/* What an unrecognised head looks like, for the refusal message. */
static void describe(const dgfmt_head *h, char *out, size_t cap)
{
    if (h->n == 0) {
        snprintf(out, cap, "empty");
        return;
    }
    size_t len = strcspn(h->text, "\r\n");
    char line[64];
    size_t kept = dg_text_sanitize(line, sizeof line, h->text, len > 60 ? 60 : len);
    if (kept * 2 < (len > 60 ? 60 : len) || memchr(h->text, 0, h->n))
        snprintf(out, cap, "binary data");
    else
        snprintf(out, cap, "first line \"%s%s\"", line, len > 60 ? "..." : "");
}

bool dgfmt_check(const char *path, dgfmt_kind want, char *err, size_t errcap)
{
    dgfmt_head *h = malloc(sizeof *h);
    if (!h) return true;
    if (!dgfmt_read_head(path, h, err, errcap)) { /* unreadable: the source's to report */
        bool damaged = h->nraw > 0 && h->z != DGZ_NONE;
        return free(h), !damaged;
    }
    dgfmt_kind got = dgfmt_detect(h);
    bool ok = got == want;
    bool log = want == DGFMT_EVE || want == DGFMT_ZEEK;
    if (!ok && log && h->z != DGZ_NONE && h->z != DGZ_GZIP) {
        snprintf(err, errcap, "%s: %s-compressed: logs are read plain or gzip-compressed", path,
                 dgz_name(h->z));
    } else if (!ok) {
        char what[96];
        if (got == DGFMT_UNKNOWN)
            describe(h, what, sizeof what);
        else
            snprintf(what, sizeof what, "%s", dgfmt_name(got));
        snprintf(err, errcap, "%s: not %s (%s%s%s)", path, dgfmt_name(want),
                 h->z != DGZ_NONE ? dgz_name(h->z) : "", h->z != DGZ_NONE ? ", " : "", what);
    }
    free(h);
    if (ok && want == DGFMT_FLOWTUPLE) return dgsrc_flowtuple_check(path, err, errcap);
    return ok;
}

/* Only gzip logs are read compressed (linereader.h); other compressions hold captures only. */
static dg_source *open_kind(const char *path, const dgfmt_head *h, bool *known, char *err,
                            size_t errcap)
{
    *known = true;
    switch (dgfmt_detect(h)) {
    case DGFMT_CAPTURE:
        if (h->z != DGZ_NONE) return dgsrc_pcap(path, err, errcap);
        break; /* plain captures and recordings are dgsrc_open_auto's */
    case DGFMT_EVE: return dgsrc_eve(path, err, errcap);
    case DGFMT_ZEEK: return dgsrc_zeek(path, err, errcap);
    case DGFMT_NFCAPD: return dgsrc_nfdump(path, err, errcap);
    case DGFMT_FLOWTUPLE: return dgsrc_flowtuple(path, err, errcap);
    case DGFMT_UNKNOWN:
        if (h->z == DGZ_NONE || h->z == DGZ_GZIP) break;
        snprintf(err, errcap,
                 "%s: %s-compressed, but not a pcap/pcapng capture (logs are read plain or "
                 "gzip-compressed)",
                 path, dgz_name(h->z));
        return NULL;
    }
    *known = false;
    return NULL;
}

dg_source *dgsrc_open_format(const char *path, bool *known, char *err, size_t errcap)
{
    *known = false;
    if (strcmp(path, "-") == 0) return NULL; /* stdin: the caller names its kind */
    dgfmt_head *h = calloc(1, sizeof *h);
    if (!h) return snprintf(err, errcap, "out of memory"), NULL;
    /* a compressed file damaged before its first byte is ours to report */
    if (!dgfmt_read_head(path, h, err, errcap)) {
        *known = h->nraw > 0 && h->z != DGZ_NONE;
        return free(h), NULL;
    }
    dg_source *s = open_kind(path, h, known, err, errcap);
    free(h);
    return s;
}
