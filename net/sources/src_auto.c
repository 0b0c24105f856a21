/* src_auto.c - opening a file source by its content (the opened source says its kind). */
#include "source_kinds.h"
#include "bytes.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#define SNIFF_BYTES 512

/* Reads the first bytes of path, raw and (if gzip) decompressed (*ntext bytes, then a NUL). */
static bool sniff(const char *path, uint8_t *raw, size_t *nraw, char *text, size_t textcap,
                  size_t *ntext, char *err, size_t errcap)
{
    FILE *f = fopen(path, "rb");
    struct stat st;
    if (!f || fstat(fileno(f), &st) != 0) {
        snprintf(err, errcap, "%s: %s", path, strerror(errno));
        if (f) fclose(f);
        return false;
    }
    *nraw = S_ISDIR(st.st_mode) ? 0 : fread(raw, 1, 4, f);
    fclose(f);
    if (S_ISDIR(st.st_mode)) {
        snprintf(err, errcap, "%s: is a directory", path);
        return false;
    }
    gzFile gz = gzopen(path, "rb");
    int n = gz ? gzread(gz, text, (unsigned)textcap - 1) : -1;
    if (gz) gzclose(gz);
    *ntext = n > 0 ? (size_t)n : 0;
    text[*ntext] = 0;
    return true;
}

static bool is_pcap_magic(uint32_t v)
{
    return v == 0xA1B2C3D4 || v == 0xD4C3B2A1 || v == 0xA1B23C4D || v == 0x4D3CB2A1;
}

/* JSON lines start (after blanks) with an object, an array or the "pkt " topic. */
static bool looks_json(const char *text)
{
    while (*text == ' ' || *text == '\t' || *text == '\r' || *text == '\n')
        text++;
    return *text == '{' || *text == '[' || strncmp(text, "pkt ", 4) == 0;
}

/* Text a log can hold: no NUL byte, and control bytes (other than tab, CR, LF) rare. A
 * picture or an archive has plenty of both within its first bytes. */
static bool looks_text(const char *text, size_t n)
{
    size_t odd = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == 0) return false;
        odd += (c < 0x20 && c != '\t' && c != '\r' && c != '\n') || c == 0x7F;
    }
    return odd * 20 <= n;
}

dgsrc_kind dgsrc_sniff(const char *path, char *err, size_t errcap)
{
    if (strcmp(path, "-") == 0) {
        snprintf(err, errcap,
                 "stdin cannot be detected without consuming it: "
                 "name its format (--pcap -, --json - or --csv -)");
        return DGSRC_KIND_NONE;
    }
    uint8_t raw[4] = {0};
    char text[SNIFF_BYTES];
    size_t nraw = 0, ntext = 0;
    if (!sniff(path, raw, &nraw, text, sizeof text, &ntext, err, errcap)) return DGSRC_KIND_NONE;
    if (nraw == 4 && is_pcap_magic(dgb_be32(raw))) return DGSRC_KIND_PCAP;
    if (nraw == 4 && dgb_be32(raw) == 0x0A0D0D0A) return DGSRC_KIND_PCAPNG;
    if (ntext == 0) {
        snprintf(err, errcap, "%s: empty", path);
        return DGSRC_KIND_NONE;
    }
    if (!looks_text(text, ntext)) {
        snprintf(err, errcap,
                 "%s: not a capture, log or recording darkglobe reads (pcap, pcapng, CSV or "
                 "JSON lines, plain or gzip)",
                 path);
        return DGSRC_KIND_NONE;
    }
    return looks_json(text) ? DGSRC_KIND_JSON : DGSRC_KIND_CSV;
}

/* The operators' formats (formats.h: compressed captures, EVE, Zeek, nfcapd, flowtuples)
 * first, then darkglobe's own kinds by dgsrc_sniff. */
dg_source *dgsrc_open_auto(const char *path, const char *columns, char *err, size_t errcap)
{
    bool known;
    dg_source *fs = dgsrc_open_format(path, &known, err, errcap);
    if (known) return fs;
    switch (dgsrc_sniff(path, err, errcap)) {
    case DGSRC_KIND_PCAP: return dgsrc_pcap(path, err, errcap);
    case DGSRC_KIND_PCAPNG: return dgsrc_recording(path, err, errcap);
    case DGSRC_KIND_JSON: return dgsrc_json(path, err, errcap);
    case DGSRC_KIND_CSV: return dgsrc_csv(path, columns, err, errcap);
    case DGSRC_KIND_NONE: break;
    }
    return NULL;
}
