/* src_zeek.c - Zeek conn.log as a dg_source: the TSV form (with its #separator/#fields
 * header, which may appear again further down) or JSON lines, plain, gzip or stdin. Each
 * connection becomes ONE record standing for the originator's packets (orig_pkts), from the
 * originator to the responder at the connection's start (ts). Field mapping and what conn.log
 * cannot say: docs/sources.md. JSON parsing: cJSON; lines and bad-row reports: linereader.h. */
#include "formats.h"
#include "timestamp.h"
#include "source_kinds.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "linereader.h"
#include "logfields.h"

#define ZEEK_MAX_LINE (1 << 16)
#define ZEEK_MAX_FIELDS 128

/* The columns a connection is built from; the first six are required. */
enum { Z_TS, Z_OH, Z_OP, Z_RH, Z_RP, Z_PROTO, Z_HISTORY, Z_OPKTS, Z_OIPB, Z_NCOLS };
static const char *const COLUMN[Z_NCOLS] = {"ts",    "id.orig_h", "id.orig_p",
                                            "id.resp_h", "id.resp_p", "proto",
                                            "history", "orig_pkts", "orig_ip_bytes"};
#define Z_REQUIRED 6

/* One connection's values; NULL: unset. */
typedef struct zconn {
    const char *v[Z_NCOLS];
    bool ts_iso; /* JSON logs may write ISO 8601 times */
} zconn;

typedef struct zeek_impl {
    dglr lr;
    uint64_t skip_before;
    char sep;            /* from #separator */
    char unset[32];      /* "-" */
    char empty[32];      /* "(empty)" */
    int col[Z_NCOLS];    /* field index of each column, -1 absent */
    bool have_fields;    /* a #fields line was read */
    int nfields;         /* columns it names: every row has exactly as many */
    char num[Z_NCOLS][32]; /* JSON numbers as text */
} zeek_impl;

/* ---- header ---- */

/* "\x09" (Zeek escapes the separator) or a literal character. */
static char parse_separator(const char *v)
{
    if (v[0] == '\\' && v[1] == 'x' && isxdigit((unsigned char)v[2]) &&
        isxdigit((unsigned char)v[3]))
        return (char)strtol(v + 2, NULL, 16);
    return v[0] ? v[0] : '\t';
}

static void read_fields(zeek_impl *im, char *list)
{
    for (int c = 0; c < Z_NCOLS; c++)
        im->col[c] = -1;
    int i = 0;
    for (char *f = list; f && i < ZEEK_MAX_FIELDS; i++) {
        char *next = strchr(f, im->sep);
        if (next) *next++ = 0;
        for (int c = 0; c < Z_NCOLS; c++)
            if (strcmp(f, COLUMN[c]) == 0) im->col[c] = i;
        f = next;
    }
    im->nfields = i;
    im->have_fields = true;
}

/* A '#' line: the directives we use; false when it names another log than conn. */
static bool header_line(zeek_impl *im, char *line, const char **why)
{
    if (strncmp(line, "#separator ", 11) == 0) {
        im->sep = parse_separator(line + 11);
        return true;
    }
    char *v = strchr(line, im->sep);
    if (!v) return true;
    *v++ = 0;
    if (strcmp(line, "#fields") == 0) read_fields(im, v);
    if (strcmp(line, "#unset_field") == 0) snprintf(im->unset, sizeof im->unset, "%s", v);
    if (strcmp(line, "#empty_field") == 0) snprintf(im->empty, sizeof im->empty, "%s", v);
    if (strcmp(line, "#path") == 0 && strcmp(v, "conn") != 0)
        return *why = "a log other than conn.log", false;
    return true;
}

/* ---- building the record ---- */

static bool parse_port(const char *v, uint16_t *out)
{
    if (!isdigit((unsigned char)v[0])) return false;
    char *end;
    errno = 0;
    unsigned long p = strtoul(v, &end, 10);
    if (errno || *end || p > 65535) return false;
    *out = (uint16_t)p;
    return true;
}

static bool parse_count(const char *v, unsigned long long *out)
{
    if (!isdigit((unsigned char)v[0])) return false;
    char *end;
    errno = 0;
    *out = strtoull(v, &end, 10);
    return !errno && !*end;
}

/* Zeek history: upper case letters are the originator's. Only "S" alone (SYNs without
 * ACK) says the flags of every originator packet; anything else leaves them unknown. */
static void history_flags(const char *h, dg_record *r)
{
    bool syn = false;
    for (; *h; h++) {
        if (*h == '^' || islower((unsigned char)*h)) continue;
        if (*h != 'S') return;
        syn = true;
    }
    if (syn) r->flags = DG_TCP_SYN, r->have |= DG_HAVE_FLAGS;
}

/* Zeek logs ICMPv6 as "icmp": the address family tells. */
static bool conn_proto(const char *p, int ver, dg_record *r)
{
    if (strcmp(p, "icmp") == 0) return r->proto = ver == 6 ? DG_PROTO_ICMP6 : DG_PROTO_ICMP, true;
    return strcmp(p, "unknown_transport") != 0 && dglf_proto(p, &r->proto);
}

/* Packet count and, for a single packet, its exact IP length; false: skip the row. */
static bool conn_packets(const zconn *c, dg_record *r, const char **why)
{
    unsigned long long pkts = 1, ipb;
    if (c->v[Z_OPKTS] && !parse_count(c->v[Z_OPKTS], &pkts)) return *why = "bad orig_pkts", false;
    if (pkts > 4294967295ull) return *why = "orig_pkts over 2^32", false;
    if (pkts == 0) return *why = NULL, false; /* only the responder spoke */
    r->pkts = pkts > 1 ? (uint32_t)pkts : 0;
    if (pkts == 1 && c->v[Z_OIPB] && parse_count(c->v[Z_OIPB], &ipb) && ipb >= 20 && ipb <= 65535)
        r->ip_len = (uint16_t)ipb, r->have |= DG_HAVE_LEN;
    return true;
}

static bool conn_record(const zconn *c, dg_record *r, const char **why)
{
    memset(r, 0, sizeof *r);
    r->sensor = DG_SENSOR_NONE;
    for (int i = 0; i < Z_REQUIRED; i++)
        if (!c->v[i]) return *why = "a required field is unset", false;
    bool ts_ok = c->ts_iso ? dgtm_parse_iso(c->v[Z_TS], &r->ts_ns) == DGTM_OK
                           : dgtm_parse_epoch(c->v[Z_TS], &r->ts_ns) == DGTM_OK;
    int sv, dv;
    if (!ts_ok) return *why = "bad ts", false;
    if (!dg_addr_parse(c->v[Z_OH], r->src, &sv)) return *why = "bad id.orig_h", false;
    if (!dg_addr_parse(c->v[Z_RH], r->dst, &dv) || dv != sv) return *why = "bad id.resp_h", false;
    r->ip_ver = (uint8_t)sv;
    if (!conn_proto(c->v[Z_PROTO], sv, r)) return *why = "unknown transport protocol", false;
    if (!parse_port(c->v[Z_OP], &r->sport) || !parse_port(c->v[Z_RP], &r->dport))
        return *why = "bad port", false;
    r->have = DG_HAVE_DST | DG_HAVE_SPORT | DG_HAVE_DPORT;
    if (r->proto == DG_PROTO_TCP && c->v[Z_HISTORY]) history_flags(c->v[Z_HISTORY], r);
    return conn_packets(c, r, why);
}

/* ---- the two row forms ---- */

static bool tsv_row(zeek_impl *im, char *line, zconn *c, const char **why)
{
    char *f[ZEEK_MAX_FIELDS];
    int n = 0;
    if (!im->have_fields) return *why = "data before the #fields header", false;
    for (char *p = line; p && n < ZEEK_MAX_FIELDS;) {
        f[n++] = p;
        if ((p = strchr(p, im->sep))) *p++ = 0;
    }
    memset(c, 0, sizeof *c);
    if (n != im->nfields) return *why = "wrong number of fields (a cut line?)", false;
    for (int i = 0; i < Z_NCOLS; i++) {
        int k = im->col[i];
        if (k < 0) continue;
        if (strcmp(f[k], im->unset) && strcmp(f[k], im->empty)) c->v[i] = f[k];
    }
    return true;
}

/* JSON values as the text the TSV form would hold. */
static bool json_row(zeek_impl *im, const cJSON *o, zconn *c, const char **why)
{
    memset(c, 0, sizeof *c);
    if (!cJSON_IsObject(o)) return *why = "not a JSON object", false;
    for (int i = 0; i < Z_NCOLS; i++) {
        const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, COLUMN[i]);
        if (cJSON_IsString(it)) {
            c->v[i] = it->valuestring;
            if (i == Z_TS) c->ts_iso = true;
        } else if (cJSON_IsNumber(it)) {
            snprintf(im->num[i], sizeof im->num[i], i == Z_TS ? "%.6f" : "%.0f", it->valuedouble);
            c->v[i] = im->num[i];
        }
    }
    return true;
}

/* 1: a record, 0: nothing (header, blank, skipped), -1: bad (why set). */
static int parse_line(zeek_impl *im, char *line, dg_record *r, const char **why)
{
    zconn c;
    bool ok;
    *why = NULL;
    if (line[0] == 0) return 0;
    if (line[0] == '#') return header_line(im, line, why) ? 0 : -1;
    if (line[0] == '{') {
        cJSON *o = cJSON_Parse(line);
        ok = json_row(im, o, &c, why) && conn_record(&c, r, why);
        cJSON_Delete(o);
    } else {
        ok = tsv_row(im, line, &c, why) && conn_record(&c, r, why);
    }
    return ok ? 1 : *why ? -1 : 0;
}

static int zeek_next(dg_source *s, dg_record *out, size_t max)
{
    zeek_impl *im = s->impl;
    size_t n = 0;
    bool too_long;
    while (n < max && dglr_next(&im->lr, &too_long)) {
        const char *why = "line too long";
        int k = too_long ? -1 : parse_line(im, im->lr.buf, &out[n], &why);
        if (k < 0) {
            s->src_errors++;
            dglr_bad(&im->lr, 1, why, "skipped");
        }
        if (k <= 0 || out[n].ts_ns < im->skip_before) continue;
        im->skip_before = 0;
        n++;
    }
    if (n < max && dglr_read_error(&im->lr, "connections")) s->src_errors++;
    if (n == 0) dglr_summarise(&im->lr, "rows");
    return (int)n;
}

static void reset_header(zeek_impl *im)
{
    im->sep = '\t';
    snprintf(im->unset, sizeof im->unset, "-");
    snprintf(im->empty, sizeof im->empty, "(empty)");
    im->have_fields = false;
}

static bool zeek_rewind(dg_source *s)
{
    zeek_impl *im = s->impl;
    if (!dglr_rewind(&im->lr)) return false;
    reset_header(im);
    im->skip_before = 0;
    return true;
}

static void zeek_close(dg_source *s)
{
    zeek_impl *im = s->impl;
    dglr_summarise(&im->lr, "rows");
    dglr_close(&im->lr);
    free(im);
    free(s);
}

/* ---- recognising it ---- */

/* The TSV header: "#separator" first, a #fields line with the required columns, and no
 * #path other than conn. */
static bool tsv_probe(const char *text)
{
    if (strncmp(text, "#separator ", 11) != 0) return false;
    const char *f = strstr(text, "\n#fields");
    const char *path = strstr(text, "\n#path");
    if (path && strncmp(path + 6, "\tconn", 5) != 0) return false;
    if (!f) return false;
    size_t len = strcspn(f + 1, "\r\n");
    char line[4096];
    if (len >= sizeof line) return false;
    memcpy(line, f + 1, len);
    line[len] = 0;
    for (int i = 0; i < Z_REQUIRED; i++) {
        char want[32];
        snprintf(want, sizeof want, "\t%s", COLUMN[i]);
        const char *at = strstr(line, want);
        size_t wl = strlen(want);
        if (!at || (at[wl] != '\t' && at[wl] != 0)) return false;
    }
    return true;
}

/* A JSON line with the connection's 5-tuple and a sign that it is conn.log. */
static bool json_probe(const dgfmt_head *h, const char *p)
{
    size_t len = strcspn(p, "\r\n");
    if (*p != '{' || (p[len] == 0 && h->n == DGFMT_HEAD_BYTES)) return false;
    cJSON *o = cJSON_ParseWithLength(p, len);
    bool ok = cJSON_IsObject(o);
    for (int i = 0; ok && i < Z_REQUIRED; i++)
        ok = cJSON_GetObjectItemCaseSensitive(o, COLUMN[i]) != NULL;
    const cJSON *path = cJSON_GetObjectItemCaseSensitive(o, "_path");
    if (ok && path) ok = cJSON_IsString(path) && strcmp(path->valuestring, "conn") == 0;
    else if (ok) ok = cJSON_GetObjectItemCaseSensitive(o, "conn_state") != NULL;
    cJSON_Delete(o);
    return ok;
}

bool dgsrc_zeek_probe(const dgfmt_head *h)
{
    if (h->z != DGZ_NONE && h->z != DGZ_GZIP) return false;
    const char *p = h->text + strspn(h->text, " \t\r\n");
    return tsv_probe(p) || json_probe(h, p);
}

dg_source *dgsrc_zeek(const char *path, char *err, size_t errcap)
{
    dg_source *s = calloc(1, sizeof *s);
    zeek_impl *im = calloc(1, sizeof *im);
    if (!s || !im) {
        free(s), free(im);
        return snprintf(err, errcap, "out of memory"), NULL;
    }
    if (!dglr_open(&im->lr, path, ZEEK_MAX_LINE - 1, err, errcap)) {
        free(im), free(s);
        return NULL;
    }
    reset_header(im);
    s->next = zeek_next;
    s->rewind = zeek_rewind;
    s->close = zeek_close;
    s->kind = "zeek";
    s->impl = im;
    return s;
}
