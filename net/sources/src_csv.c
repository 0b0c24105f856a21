/* src_csv.c - CSV event logs (plain or gzip) as a dg_source; the Marx honeypot layout by
 * default, other layouts through a column mapping (see docs/sources.md). */
#include "source_kinds.h"
#include "names.h"
#include "addr.h"
#include "bytes.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <zlib.h>

#include "linereader.h"
#include "timestamp.h"

#define CSV_MAX_LINE 4096
#define CSV_MAX_FIELDS 64
#define MARX_COLUMNS "ts=0,sensor=1,src=2,proto=3,type=4,sport=5,dport=6,tsformat=iso"
static const char BAD_TS[] = "impossible timestamp (before 1970, past 2262 or not on the calendar)";

enum col {
    C_TS,
    C_SRC,
    C_DST,
    C_PROTO,
    C_SPORT,
    C_DPORT,
    C_SENSOR,
    C_TYPE,
    C_CODE,
    C_FLAGS,
    C_TTL,
    C_LEN,
    C_SEQ,
    C_COUNT
};
static const char *const col_names[C_COUNT] = {"ts",    "src",    "dst",  "proto", "sport",
                                               "dport", "sensor", "type", "code",  "flags",
                                               "ttl",   "len",    "seq"};

typedef struct csv_impl {
    dglr lr;
    int col[C_COUNT]; /* field index per column, -1: absent */
    bool ts_epoch;
    char sep;
    uint64_t skip_before;
} csv_impl;

/* Parses "key=value,..." into im; false with a message on unknown keys or values. */
static bool parse_columns(csv_impl *im, const char *spec, char *err, size_t errcap)
{
    char tmp[512];
    snprintf(tmp, sizeof tmp, "%s", spec);
    for (int i = 0; i < C_COUNT; i++)
        im->col[i] = -1;
    im->sep = ',';
    for (char *save = NULL, *kv = strtok_r(tmp, ",", &save); kv; kv = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(kv, '=');
        if (!eq) goto bad;
        *eq = 0;
        const char *v = eq + 1;
        if (strcmp(kv, "tsformat") == 0) {
            if (strcmp(v, "epoch") && strcmp(v, "iso")) goto bad;
            im->ts_epoch = strcmp(v, "epoch") == 0;
            continue;
        }
        if (strcmp(kv, "sep") == 0) {
            if (strcmp(v, "tab") && strcmp(v, "comma") && strcmp(v, "semicolon")) goto bad;
            im->sep = v[0] == 't' ? '\t' : v[0] == 'c' ? ',' : ';';
            continue;
        }
        int c = 0;
        while (c < C_COUNT && strcmp(col_names[c], kv) != 0)
            c++;
        char *end;
        long idx = strtol(v, &end, 10);
        if (c == C_COUNT || end == v || *end || idx < 0 || idx >= CSV_MAX_FIELDS) goto bad;
        im->col[c] = (int)idx;
        continue;
    bad:
        snprintf(err, errcap,
                 "bad column mapping \"%s\" in \"%s\" (keys: ts src dst proto sport "
                 "dport sensor type code flags ttl len seq tsformat=epoch|iso sep=comma|tab|"
                 "semicolon; values: field numbers from 0)",
                 kv, spec);
        return false;
    }
    if (im->col[C_TS] < 0 || im->col[C_SRC] < 0 || im->col[C_PROTO] < 0) {
        snprintf(err, errcap, "column mapping \"%s\" needs ts, src and proto", spec);
        return false;
    }
    return true;
}

/* Reports a bad row: rate-limited by the line reader, always counted (an impossible time
 * in bad_ts, anything else in src_errors). */
static void bad_row(dg_source *s, csv_impl *im, const char *why)
{
    if (why == BAD_TS)
        s->bad_ts++;
    else
        s->src_errors++;
    dglr_bad(&im->lr, 1, why, "row skipped");
}

static bool parse_uint(const char *f, unsigned long long max, unsigned long long *out)
{
    if (!isdigit((unsigned char)f[0])) return false;
    errno = 0;
    char *end;
    unsigned long long v = strtoull(f, &end, 10);
    if (errno || *end || v > max) return false;
    *out = v;
    return true;
}

/* "YYYY-MM-DD HH:MM:SS[.frac]" or with 'T' and optional 'Z', UTC; or epoch seconds.
 * DGTM_RANGE: a time of the right form that cannot be (31 February, past 2262). */
static dgtm_status parse_ts(const char *f, bool epoch, uint64_t *ns)
{
    if (!epoch) return dgtm_parse_utc(f, ns);
    char *end;
    errno = 0;
    double v = strtod(f, &end);
    if (errno == EINVAL || end == f || *end || isspace((unsigned char)f[0])) return DGTM_SYNTAX;
    return dgtm_from_double(v, ns) ? DGTM_OK : DGTM_RANGE;
}

/* An address as an unsigned 32-bit integer, dotted IPv4 or IPv6 text. */
static bool parse_addr(const char *f, uint8_t out[16], uint8_t *ver)
{
    unsigned long long v;
    memset(out, 0, 16);
    if (parse_uint(f, 0xFFFFFFFFull, &v)) {
        dgb_put_be32(out, (uint32_t)v);
        *ver = 4;
        return true;
    }
    int fam;
    if (!dg_addr_parse(f, out, &fam)) return false;
    *ver = (uint8_t)fam;
    return true;
}

static bool parse_proto(const char *f, uint8_t *proto)
{
    if (dgn_proto_from_name(f, proto)) return true;
    unsigned long long v;
    if (!parse_uint(f, 255, &v)) return false;
    *proto = (uint8_t)v;
    return true;
}

/* TCP flags as a number or letters (F S R P A U E C), as tcpdump and Zeek print them. */
static bool parse_flags(const char *f, uint8_t *flags)
{
    unsigned long long v;
    if (parse_uint(f, 255, &v)) return *flags = (uint8_t)v, true;
    static const char letters[] = "FSRPAUEC";
    *flags = 0;
    for (; *f; f++) {
        const char *l = strchr(letters, toupper((unsigned char)*f));
        if (!l || *f == '.') return false;
        *flags |= (uint8_t)(1u << (l - letters));
    }
    return true;
}

/* Splits line in place at sep; strips surrounding double quotes. Returns the field count. */
static int split(char *line, char sep, char **fields)
{
    int n = 0;
    for (char *p = line;; p++) {
        char *end = strchr(p, sep);
        if (end) *end = 0;
        size_t len = strlen(p);
        if (len >= 2 && p[0] == '"' && p[len - 1] == '"') p[len - 1] = 0, p++;
        fields[n++] = p;
        if (!end || n == CSV_MAX_FIELDS) return n;
        p = end;
    }
}

static const char *field(char **f, int nf, int col)
{
    return col >= 0 && col < nf ? f[col] : "";
}

/* An optional unsigned field: empty (or no such column) leaves it unknown, with *out 0 and
 * bit left out of *have. */
static bool opt_uint(char **f, int nf, int col, unsigned long long max, unsigned long long *out,
                     uint16_t *have, uint16_t bit)
{
    const char *v = field(f, nf, col);
    *out = 0;
    if (!v[0]) return true;
    *have |= bit;
    return parse_uint(v, max, out);
}

/* ICMP type and code travel in sport/dport (as in Zeek's conn.log). */
static bool row_ports(csv_impl *im, char **f, int nf, dg_record *r, const char **why)
{
    bool icmp = r->proto == DG_PROTO_ICMP || r->proto == DG_PROTO_ICMP6;
    int cs = icmp && im->col[C_TYPE] >= 0 ? im->col[C_TYPE] : im->col[C_SPORT];
    int cd = icmp && im->col[C_CODE] >= 0 ? im->col[C_CODE] : im->col[C_DPORT];
    unsigned long long max = icmp ? 255 : 65535, sp, dp;
    if (!opt_uint(f, nf, cs, max, &sp, &r->have, DG_HAVE_SPORT) ||
        !opt_uint(f, nf, cd, max, &dp, &r->have, DG_HAVE_DPORT))
        return *why = icmp ? "bad ICMP type/code" : "bad port", false;
    r->sport = (uint16_t)sp;
    r->dport = (uint16_t)dp;
    return true;
}

/* TCP flags: a layout without a flags column is a log of connection attempts, whose TCP
 * rows are SYNs (docs/sources.md); with the column, an empty field is unknown. */
static bool row_flags(csv_impl *im, char **f, int nf, dg_record *r, const char **why)
{
    if (r->proto != DG_PROTO_TCP) return true;
    if (im->col[C_FLAGS] < 0) {
        r->flags = DG_TCP_SYN;
        r->have |= DG_HAVE_FLAGS;
        return true;
    }
    const char *fl = field(f, nf, im->col[C_FLAGS]);
    if (!fl[0]) return true;
    if (!parse_flags(fl, &r->flags)) return *why = "bad TCP flags", false;
    r->have |= DG_HAVE_FLAGS;
    return true;
}

/* Fields a row lacks stay unknown: a honeypot log records no TTL, length or sequence
 * number, and none is invented (a zero seq and dst would pass for Mirai's seq == dst). */
static bool row_numbers(csv_impl *im, char **f, int nf, dg_record *r, const char **why)
{
    unsigned long long ttl, len, seq;
    if (!row_ports(im, f, nf, r, why)) return false;
    if (!opt_uint(f, nf, im->col[C_TTL], 255, &ttl, &r->have, DG_HAVE_TTL) ||
        !opt_uint(f, nf, im->col[C_LEN], 65535, &len, &r->have, DG_HAVE_LEN) ||
        !opt_uint(f, nf, im->col[C_SEQ], 0xFFFFFFFFull, &seq, &r->have, DG_HAVE_SEQ))
        return *why = "bad ttl, len or seq", false;
    r->ttl = (uint8_t)ttl;
    r->seq = (uint32_t)seq;
    r->ip_len = (uint16_t)len;
    return row_flags(im, f, nf, r, why);
}

static int intern(dgw_sensor_table *st, const char *name)
{
    for (int i = 0; i < st->count; i++)
        if (strcmp(st->name[i], name) == 0) return i;
    if (st->count == DGW_MAX_SENSORS) return -1;
    snprintf(st->name[st->count], DGW_SENSOR_NAME_LEN, "%s", name);
    return st->count++;
}

static bool row_sensor(dg_source *s, csv_impl *im, char **f, int nf, dg_record *r, const char **why)
{
    const char *name = field(f, nf, im->col[C_SENSOR]);
    r->sensor = DG_SENSOR_NONE;
    if (!name[0]) return true;
    if (strlen(name) >= DGW_SENSOR_NAME_LEN) return *why = "sensor name over 31 bytes", false;
    int idx = intern(&s->sensors, name);
    if (idx < 0) return *why = "more than 64 sensor names", false;
    r->sensor = (uint16_t)idx;
    return true;
}

/* Parses one data row into r; false with the reason. */
static bool parse_row(dg_source *s, csv_impl *im, char *line, dg_record *r, const char **why)
{
    char *f[CSV_MAX_FIELDS];
    int nf = split(line, im->sep, f);
    memset(r, 0, sizeof *r);
    dgtm_status ts = parse_ts(field(f, nf, im->col[C_TS]), im->ts_epoch, &r->ts_ns);
    if (ts == DGTM_RANGE) return *why = BAD_TS, false;
    if (ts != DGTM_OK) return *why = "bad timestamp", false;
    if (!parse_addr(field(f, nf, im->col[C_SRC]), r->src, &r->ip_ver))
        return *why = "bad source address", false;
    const char *dst = field(f, nf, im->col[C_DST]);
    uint8_t dver = r->ip_ver;
    if (dst[0] && (!parse_addr(dst, r->dst, &dver) || dver != r->ip_ver))
        return *why = "bad destination address", false;
    if (dst[0]) r->have |= DG_HAVE_DST;
    if (!parse_proto(field(f, nf, im->col[C_PROTO]), &r->proto)) return *why = "bad proto", false;
    return row_numbers(im, f, nf, r, why) && row_sensor(s, im, f, nf, r, why);
}

static int csv_next(dg_source *s, dg_record *out, size_t max)
{
    csv_impl *im = s->impl;
    size_t n = 0;
    bool too_long;
    while (n < max && dglr_next(&im->lr, &too_long)) {
        const char *why = "line too long";
        if (!too_long && im->lr.buf[0] == 0) continue;
        bool ok = !too_long && parse_row(s, im, im->lr.buf, &out[n], &why);
        if (!ok && im->lr.line == 1 && !too_long) continue; /* a header names its columns */
        if (!ok)
            bad_row(s, im, why);
        else if (out[n].ts_ns >= im->skip_before)
            n++, im->skip_before = 0;
    }
    if (n < max && dglr_read_error(&im->lr, "rows")) s->src_errors++;
    if (n == 0) dglr_summarise(&im->lr, "rows");
    return (int)n;
}

static bool csv_rewind(dg_source *s)
{
    csv_impl *im = s->impl;
    if (!dglr_rewind(&im->lr)) return false;
    im->skip_before = 0;
    return true;
}

static void csv_close(dg_source *s)
{
    csv_impl *im = s->impl;
    dglr_summarise(&im->lr, "rows");
    dglr_close(&im->lr);
    free(im);
    free(s);
}

static bool csv_seek(dg_source *s, uint64_t ts_ns)
{
    if (!csv_rewind(s)) return false;
    ((csv_impl *)s->impl)->skip_before = ts_ns;
    return true;
}

/* A file none of whose first rows is a record is not a log of this layout (a README, a
 * picture): refused whole, naming its first bad data row, instead of skipped row by row. */
static bool probe(dg_source *s, csv_impl *im, char *err, size_t errcap)
{
    dg_record r;
    const char *why = "no rows";
    uint64_t bad_line = 0;
    bool too_long, found = false;
    for (int rows = 0; !found && rows < DGSRC_PROBE_ROWS && dglr_next(&im->lr, &too_long);) {
        if (!too_long && im->lr.buf[0] == 0) continue;
        rows++;
        const char *w = "line too long";
        found = !too_long && parse_row(s, im, im->lr.buf, &r, &w);
        if (!found && bad_line <= 1) bad_line = im->lr.line, why = w; /* line 1 may be a header */
    }
    memset(&s->sensors, 0, sizeof s->sensors); /* the rows are read again */
    if (found && dglr_rewind(&im->lr)) return true;
    if (found)
        snprintf(err, errcap, "%s: cannot read it again after its first rows", im->lr.path);
    else
        snprintf(err, errcap,
                 "%s: not a CSV event log in this column layout: no record in its first %d "
                 "rows (line %llu: %s)",
                 im->lr.path, DGSRC_PROBE_ROWS, (unsigned long long)bad_line, why);
    return false;
}

dg_source *dgsrc_csv(const char *path, const char *columns, char *err, size_t errcap)
{
    dg_source *s = calloc(1, sizeof *s);
    csv_impl *im = calloc(1, sizeof *im);
    if (!s || !im) {
        free(s), free(im);
        snprintf(err, errcap, "out of memory");
        return NULL;
    }
    if (!parse_columns(im, columns ? columns : MARX_COLUMNS, err, errcap)) goto fail;
    if (!dglr_open(&im->lr, path, CSV_MAX_LINE - 1, err, errcap)) goto fail;
    if (strcmp(path, "-") != 0 && !probe(s, im, err, errcap)) {
        dglr_close(&im->lr);
        goto fail;
    }
    s->next = csv_next;
    s->rewind = csv_rewind;
    s->close = csv_close;
    s->seek = csv_seek;
    s->kind = "csv";
    s->impl = im;
    return s;
fail:
    free(im);
    free(s);
    return NULL;
}
