/* src_auto.c - opening a file source by its content, and seeking any file source. */
#include "sources.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <zlib.h>

#define SNIFF_BYTES 512

/* Reads the first bytes of path, raw and (if gzip) decompressed. */
static bool sniff(const char *path, uint8_t *raw, size_t *nraw, char *text, size_t textcap,
                  char *err, size_t errcap)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errcap, "%s: %s", path, strerror(errno));
        return false;
    }
    *nraw = fread(raw, 1, 4, f);
    fclose(f);
    gzFile gz = gzopen(path, "rb");
    int n = gz ? gzread(gz, text, (unsigned)textcap - 1) : -1;
    if (gz) gzclose(gz);
    text[n > 0 ? n : 0] = 0;
    return true;
}

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
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

dg_source *dgsrc_open_auto(const char *path, const char *columns, char *err, size_t errcap)
{
    if (strcmp(path, "-") == 0) {
        snprintf(err, errcap,
                 "stdin cannot be detected without consuming it: "
                 "name its format (--pcap -, --json - or --csv -)");
        return NULL;
    }
    bool known;
    dg_source *fs = dgsrc_open_format(path, &known, err, errcap);
    if (known) return fs;
    uint8_t raw[4] = {0};
    char text[SNIFF_BYTES];
    size_t nraw = 0;
    if (!sniff(path, raw, &nraw, text, sizeof text, err, errcap)) return NULL;
    if (nraw == 4 && is_pcap_magic(be32(raw))) return dgsrc_pcap(path, err, errcap);
    if (nraw == 4 && be32(raw) == 0x0A0D0D0A) return dgsrc_recording(path, err, errcap);
    if (text[0] == 0) {
        snprintf(err, errcap, "%s: empty or unreadable", path);
        return NULL;
    }
    if (looks_json(text)) return dgsrc_json(path, err, errcap);
    return dgsrc_csv(path, columns, err, errcap);
}

bool dgsrc_seek(dg_source *s, uint64_t ts_ns)
{
    return dgsrc_pcap_seek(s, ts_ns) || dgsrc_recording_seek(s, ts_ns) ||
           dgsrc_csv_seek(s, ts_ns) || dgsrc_json_seek(s, ts_ns);
}
