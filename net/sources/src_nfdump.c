/* src_nfdump.c - NetFlow/IPFIX flows from an nfcapd file as a dg_source, read through the
 * nfdump program ("nfdump -r FILE -o json", TZ=UTC so its local times are UTC): each flow
 * record becomes ONE record standing for its packets (in_packets), at its first packet's
 * time. nfdump prints one JSON object over several lines: lines from "{" to "}" are gathered
 * and parsed with cJSON. nfdump's own messages (a damaged file) are relayed and counted.
 * Field mapping: docs/sources.md. */
#include "formats.h"
#include "timestamp.h"
#include "bytes.h"
#include "source_kinds.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "addr.h"
#include "logfields.h"
#include "procread.h"
#include "ratelog.h"

#define NF_MAX_OBJECT 16384 /* one flow's JSON is well under 1 KB */

typedef struct nf_impl {
    char path[4096];
    dgpr *proc;
    char obj[NF_MAX_OBJECT];
    size_t olen;
    bool in_obj, finished;
    uint64_t skip_before, records, bad;
    uint64_t tool_errors; /* nfdump's messages and a failed exit */
    dg_ratelog rl;
} nf_impl;

static bool num_item(const cJSON *o, const char *key, double lo, double hi, double *out)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!cJSON_IsNumber(it) || !(it->valuedouble >= lo && it->valuedouble <= hi)) return false;
    *out = it->valuedouble;
    return true;
}

static const char *str_item(const cJSON *o, const char *key)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(it) ? it->valuestring : NULL;
}

/* Ports, or ICMP type and code (nfdump names them apart), and TCP flags. */
static bool flow_ports(const cJSON *o, dg_record *r)
{
    double a, b;
    bool icmp = r->proto == DG_PROTO_ICMP || r->proto == DG_PROTO_ICMP6;
    if (num_item(o, icmp ? "icmp_type" : "src_port", 0, icmp ? 255 : 65535, &a))
        r->sport = (uint16_t)a, r->have |= DG_HAVE_SPORT;
    if (num_item(o, icmp ? "icmp_code" : "dst_port", 0, icmp ? 255 : 65535, &b))
        r->dport = (uint16_t)b, r->have |= DG_HAVE_DPORT;
    const char *flags = str_item(o, "tcp_flags");
    if (r->proto != DG_PROTO_TCP || !flags) return true;
    if (!dglf_flags_letters(flags, &r->flags)) return false;
    r->have |= DG_HAVE_FLAGS;
    return true;
}

/* 1: a record, 0: not a flow, -1: bad (why set). */
static int flow_record(const cJSON *o, dg_record *r, const char **why)
{
    const char *type = str_item(o, "type"), *first = str_item(o, "first");
    const char *sa = str_item(o, "src4_addr"), *da = str_item(o, "dst4_addr");
    double proto, pkts, bytes;
    int sv, dv;
    memset(r, 0, sizeof *r);
    r->sensor = DG_SENSOR_NONE;
    if (!type || strcmp(type, "FLOW") != 0) return 0;
    if (!sa) sa = str_item(o, "src6_addr"), da = str_item(o, "dst6_addr");
    if (!first || dgtm_parse_iso(first, &r->ts_ns) != DGTM_OK)
        return *why = "bad or missing first", -1;
    if (!sa || !da || !dg_addr_parse(sa, r->src, &sv) || !dg_addr_parse(da, r->dst, &dv) ||
        sv != dv)
        return *why = "bad or missing addresses", -1;
    if (!num_item(o, "proto", 0, 255, &proto)) return *why = "bad or missing proto", -1;
    if (!num_item(o, "in_packets", 0, 4294967295.0, &pkts)) return *why = "bad in_packets", -1;
    r->ip_ver = (uint8_t)sv;
    r->proto = (uint8_t)proto;
    r->have = DG_HAVE_DST;
    if (!flow_ports(o, r)) return *why = "bad tcp_flags", -1;
    if (pkts == 0) return 0;
    r->pkts = pkts > 1 ? (uint32_t)pkts : 0;
    /* NetFlow counts IP bytes: for one packet, that is its IP length */
    if (pkts == 1 && num_item(o, "in_bytes", 20, 65535, &bytes))
        r->ip_len = (uint16_t)bytes, r->have |= DG_HAVE_LEN;
    return 1;
}

static void bad_object(nf_impl *im, const char *why)
{
    im->bad++;
    dg_ratelog_printf(&im->rl, dg_mono_ns(), im->path, "%s (flow skipped)", why);
}

/* Adds one output line to the object being gathered; 1 when a record is ready in r. */
static int take_line(nf_impl *im, const char *line, dg_record *r)
{
    line += strspn(line, " \t");
    if (!im->in_obj) {
        if (line[0] != '{') return 0; /* "[", "]", "No matching flows" */
        im->in_obj = true;
        im->olen = 0;
    }
    size_t len = strlen(line);
    bool end = line[0] == '}';
    if (end) len = 1; /* "}", "}," or "}]" */
    if (im->olen + len + 1 >= sizeof im->obj) {
        im->in_obj = false;
        return bad_object(im, "flow record too long"), 0;
    }
    memcpy(im->obj + im->olen, line, len);
    im->olen += len;
    im->obj[im->olen++] = '\n';
    if (!end) return 0;
    im->in_obj = false;
    cJSON *o = cJSON_ParseWithLength(im->obj, im->olen);
    const char *why = "not JSON";
    int k = o ? flow_record(o, r, &why) : -1;
    cJSON_Delete(o);
    if (k < 0) bad_object(im, why);
    return k > 0;
}

static bool spawn(nf_impl *im, char *err, size_t errcap)
{
    char *argv[] = {"nfdump", "-r", im->path, "-o", "json", NULL};
    char prefix[4200];
    snprintf(prefix, sizeof prefix, "nfdump %s", im->path);
    im->proc = dgpr_spawn(argv, "UTC0", prefix, err, errcap);
    if (!im->proc) {
        size_t n = strlen(err);
        snprintf(err + n, errcap - n, " (install Debian's nfdump package)");
    }
    im->in_obj = im->finished = false;
    return im->proc != NULL;
}

/* nfdump 1.7 reads a file's appendix (at the end) first and refuses the whole file when it
 * is gone: say so when the header's appendix offset lies past a cut file's end. */
static void cut_hint(const char *path)
{
    uint8_t h[32];
    struct stat st;
    FILE *f = fopen(path, "rb");
    size_t n = f ? fread(h, 1, sizeof h, f) : 0;
    if (f) fclose(f);
    if (n < sizeof h || h[2] != 2 || (h[18] | h[19]) == 0 || stat(path, &st) != 0) return;
    uint64_t at = dgb_le64(h + 24);
    if (at >= (uint64_t)st.st_size)
        fprintf(stderr, "%s: the file is cut (%lld bytes, its appendix was at %llu): nfdump reads "
                        "nothing of a cut file\n",
                path, (long long)st.st_size, (unsigned long long)at);
}

/* The end of nfdump's output: its exit status and messages make the report. */
static void finish(nf_impl *im)
{
    if (im->finished) return;
    im->finished = true;
    uint64_t msgs = dgpr_errors(im->proc);
    char why[128] = "";
    int rc = dgpr_close(im->proc, why, sizeof why);
    im->proc = NULL;
    im->tool_errors = msgs + (rc != 0);
    if (rc != 0 || msgs) {
        fprintf(stderr, "%s: nfdump %s%s; the %llu flows before it are used\n", im->path,
                rc ? "failed" : "reported a problem (above)", why[0] ? why : "",
                (unsigned long long)im->records);
        if (im->records == 0) cut_hint(im->path);
    }
    if (im->bad)
        fprintf(stderr, "%s: %llu bad flow records skipped\n", im->path,
                (unsigned long long)im->bad);
}

static int nf_next(dg_source *s, dg_record *out, size_t max)
{
    nf_impl *im = s->impl;
    size_t n = 0;
    const char *line;
    while (n < max && im->proc && (line = dgpr_line(im->proc))) {
        if (!take_line(im, line, &out[n]) || out[n].ts_ns < im->skip_before) continue;
        im->skip_before = 0;
        im->records++;
        n++;
    }
    if (n < max && im->proc) finish(im);
    s->src_errors = im->bad + im->tool_errors;
    return (int)n;
}

static bool nf_rewind(dg_source *s)
{
    nf_impl *im = s->impl;
    char err[512];
    if (im->proc) dgpr_close(im->proc, err, sizeof err);
    im->proc = NULL;
    im->records = im->bad = im->tool_errors = 0;
    im->skip_before = 0;
    if (!spawn(im, err, sizeof err)) return fprintf(stderr, "rewind: %s\n", err), false;
    return true;
}

static void nf_close(dg_source *s)
{
    nf_impl *im = s->impl;
    char err[128];
    if (im->proc) dgpr_close(im->proc, err, sizeof err);
    free(im);
    free(s);
}

/* nfdump's file header: magic 0xA50C (little-endian), layout version 1 or 2. */
bool dgsrc_nfdump_probe(const dgfmt_head *h)
{
    return h->z == DGZ_NONE && h->nraw >= 4 && h->raw[0] == 0x0C && h->raw[1] == 0xA5 &&
           (h->raw[2] == 1 || h->raw[2] == 2) && h->raw[3] == 0;
}

dg_source *dgsrc_nfdump(const char *path, char *err, size_t errcap)
{
    if (strcmp(path, "-") == 0)
        return snprintf(err, errcap, "nfdump reads files only, not standard input"), NULL;
    FILE *f = fopen(path, "rb"); /* nfdump's own message would come only with the first read */
    if (!f) return snprintf(err, errcap, "%s: %s", path, strerror(errno)), NULL;
    fclose(f);
    dg_source *s = calloc(1, sizeof *s);
    nf_impl *im = calloc(1, sizeof *im);
    if (!s || !im) {
        free(s), free(im);
        return snprintf(err, errcap, "out of memory"), NULL;
    }
    snprintf(im->path, sizeof im->path, "%s", path);
    if (!spawn(im, err, errcap)) {
        free(im), free(s);
        return NULL;
    }
    s->next = nf_next;
    s->rewind = nf_rewind;
    s->close = nf_close;
    s->kind = "nfdump";
    s->impl = im;
    return s;
}
