/* src_flowtuple.c - CAIDA corsaro flowtuple Avro files (one per interval, as corsaro's
 * flowtuple plugin writes them) as a dg_source, read with libavro. Each flowtuple becomes ONE
 * record standing for its packet_cnt packets, at the start of its interval ("time"). Fields
 * are looked up by name in the file's own schema, so corsaro 2 and 3 files (int or long
 * members) both read. is_spoofed/is_masscan become record tags (DG_TAG_*). Field mapping:
 * docs/sources.md. */
#include "formats.h"
#include "sources.h"

#include <avro.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ratelog.h"

/* Members used; the first seven are required. */
enum {
    F_TIME, F_SRC, F_DST, F_SPORT, F_DPORT, F_PROTO, F_PKTS, F_TTL, F_FLAGS, F_LEN, F_SYNLEN,
    F_SYNWIN, F_SPOOFED, F_MASSCAN, F_NFIELDS
};
#define F_REQUIRED 7
static const char *const MEMBER[F_NFIELDS] = {
    "time",      "src_ip",    "dst_ip",     "src_port",      "dst_port",
    "protocol",  "packet_cnt", "ttl",       "tcp_flags",     "ip_len",
    "tcp_synlen", "tcp_synwinlen", "is_spoofed", "is_masscan"};

typedef struct ft_impl {
    char path[4096];
    avro_file_reader_t reader;
    avro_value_iface_t *iface;
    avro_value_t value;
    bool open, at_end;
    int idx[F_NFIELDS]; /* member index in the schema, -1 absent */
    uint64_t skip_before, records, bad;
    dg_ratelog rl;
} ft_impl;

/* Every member we use must be an int or a long; the required ones must exist. */
static bool check_schema(avro_schema_t ws, int idx[F_NFIELDS], char *err, size_t errcap)
{
    if (!is_avro_record(ws))
        return snprintf(err, errcap, "its records are not Avro records"), false;
    for (int i = 0; i < F_NFIELDS; i++) {
        idx[i] = avro_schema_record_field_get_index(ws, MEMBER[i]);
        if (idx[i] < 0 && i < F_REQUIRED)
            return snprintf(err, errcap, "no member \"%s\": not a corsaro flowtuple", MEMBER[i]),
                   false;
        if (idx[i] < 0) continue;
        avro_schema_t fs = avro_schema_record_field_get_by_index(ws, idx[i]);
        if (!is_avro_int32(fs) && !is_avro_int64(fs))
            return snprintf(err, errcap, "member \"%s\" is not an integer", MEMBER[i]), false;
    }
    return true;
}

static bool open_reader(ft_impl *im, char *err, size_t errcap)
{
    char why[256];
    if (avro_file_reader(im->path, &im->reader) != 0) {
        snprintf(err, errcap, "%s: not a readable Avro file: %s", im->path, avro_strerror());
        return false;
    }
    avro_schema_t ws = avro_file_reader_get_writer_schema(im->reader); /* a new reference */
    bool schema_ok = check_schema(ws, im->idx, why, sizeof why);
    if (schema_ok) im->iface = avro_generic_class_from_schema(ws);
    avro_schema_decref(ws);
    if (!schema_ok || !im->iface || avro_generic_value_new(im->iface, &im->value) != 0) {
        snprintf(err, errcap, "%s: %s", im->path, schema_ok ? avro_strerror() : why);
        if (im->iface) avro_value_iface_decref(im->iface);
        im->iface = NULL;
        avro_file_reader_close(im->reader);
        return false;
    }
    im->open = true;
    im->at_end = false;
    return true;
}

static void close_reader(ft_impl *im)
{
    if (!im->open) return;
    avro_value_decref(&im->value);
    avro_value_iface_decref(im->iface);
    avro_file_reader_close(im->reader);
    im->iface = NULL;
    im->open = false;
}

/* Member i as an integer in lo..hi; false when absent (optional) or out of range. */
static bool member(ft_impl *im, int i, int64_t lo, int64_t hi, int64_t *out)
{
    avro_value_t f;
    if (im->idx[i] < 0 || avro_value_get_by_index(&im->value, (size_t)im->idx[i], &f, NULL))
        return false;
    int64_t v;
    int32_t v32;
    if (avro_value_get_type(&f) == AVRO_INT32) {
        if (avro_value_get_int(&f, &v32)) return false;
        v = v32;
    } else if (avro_value_get_long(&f, &v)) {
        return false;
    }
    if (v < lo || v > hi) return false;
    *out = v;
    return true;
}

static void put_ip(uint8_t out[16], int64_t host_order)
{
    uint32_t a = (uint32_t)host_order;
    out[0] = (uint8_t)(a >> 24), out[1] = (uint8_t)(a >> 16);
    out[2] = (uint8_t)(a >> 8), out[3] = (uint8_t)a;
}

/* What a flowtuple of a lone SYN also keeps: header length (options or not) and window. */
static void syn_fields(ft_impl *im, dg_record *r)
{
    int64_t synlen, win;
    if (r->proto != DG_PROTO_TCP || r->flags != DG_TCP_SYN) return;
    if (member(im, F_SYNLEN, 20, 60, &synlen))
        r->tcp_opts = synlen > 20, r->have |= DG_HAVE_OPTS;
    if (member(im, F_SYNWIN, 0, 65535, &win)) r->win = (uint16_t)win, r->have |= DG_HAVE_WIN;
}

/* The members that do not key the record's identity; each present one is observed. */
static void optional_fields(ft_impl *im, dg_record *r)
{
    int64_t v;
    if (member(im, F_TTL, 0, 255, &v)) r->ttl = (uint8_t)v, r->have |= DG_HAVE_TTL;
    if (member(im, F_LEN, 20, 65535, &v)) r->ip_len = (uint16_t)v, r->have |= DG_HAVE_LEN;
    if (r->proto == DG_PROTO_TCP && member(im, F_FLAGS, 0, 255, &v))
        r->flags = (uint8_t)v, r->have |= DG_HAVE_FLAGS;
    syn_fields(im, r);
    if (member(im, F_SPOOFED, 1, 1, &v)) r->tags |= DG_TAG_SPOOFED;
    if (member(im, F_MASSCAN, 1, 1, &v)) r->tags |= DG_TAG_LARGE_SCAN;
}

/* The current value as a record; false with the reason. */
static bool to_record(ft_impl *im, dg_record *r, const char **why)
{
    int64_t t, src, dst, sp, dp, proto, pkts;
    memset(r, 0, sizeof *r);
    r->sensor = DG_SENSOR_NONE;
    if (!member(im, F_TIME, 0, 18000000000ll, &t)) return *why = "bad time", false;
    if (!member(im, F_SRC, 0, 0xFFFFFFFFll, &src) || !member(im, F_DST, 0, 0xFFFFFFFFll, &dst))
        return *why = "bad address", false;
    if (!member(im, F_PROTO, 0, 255, &proto)) return *why = "bad protocol", false;
    if (!member(im, F_SPORT, 0, 65535, &sp) || !member(im, F_DPORT, 0, 65535, &dp))
        return *why = "bad port", false;
    if (!member(im, F_PKTS, 1, 0xFFFFFFFFll, &pkts)) return *why = "bad packet_cnt", false;
    r->ts_ns = (uint64_t)t * 1000000000ull;
    r->ip_ver = 4; /* corsaro's flowtuples are IPv4 */
    put_ip(r->src, src);
    put_ip(r->dst, dst);
    r->proto = (uint8_t)proto;
    r->have = DG_HAVE_DST;
    /* corsaro fills ports for TCP and UDP, ICMP type and code for ICMP, 0 otherwise */
    if (proto == DG_PROTO_TCP || proto == DG_PROTO_UDP || proto == DG_PROTO_ICMP) {
        r->sport = (uint16_t)sp, r->dport = (uint16_t)dp;
        r->have |= DG_HAVE_SPORT | DG_HAVE_DPORT;
    }
    r->pkts = pkts > 1 ? (uint32_t)pkts : 0;
    optional_fields(im, r);
    return true;
}

/* Reads one value: 1 record, 0 skipped, -1 end (or damage, reported once). */
static int read_one(dg_source *s, ft_impl *im, dg_record *r)
{
    int rc = avro_file_reader_read_value(im->reader, &im->value);
    if (rc == EOF) return -1;
    if (rc != 0) {
        s->src_errors++;
        fprintf(stderr, "%s: %s; the %llu flowtuples before it are used\n", im->path,
                avro_strerror(), (unsigned long long)im->records);
        return -1;
    }
    const char *why;
    if (!to_record(im, r, &why)) {
        s->src_errors++;
        im->bad++;
        dg_ratelog_printf(&im->rl, dg_mono_ns(), im->path, "%s (flowtuple skipped)", why);
        return 0;
    }
    return 1;
}

static int ft_next(dg_source *s, dg_record *out, size_t max)
{
    ft_impl *im = s->impl;
    size_t n = 0;
    while (n < max && !im->at_end) {
        int k = read_one(s, im, &out[n]);
        if (k < 0) im->at_end = true;
        if (k <= 0 || out[n].ts_ns < im->skip_before) continue;
        im->skip_before = 0;
        im->records++;
        n++;
    }
    if (n == 0 && im->bad) {
        fprintf(stderr, "%s: %llu bad flowtuples skipped\n", im->path, (unsigned long long)im->bad);
        im->bad = 0;
    }
    return (int)n;
}

static bool ft_rewind(dg_source *s)
{
    ft_impl *im = s->impl;
    char err[512];
    close_reader(im);
    im->records = im->bad = im->skip_before = 0;
    if (!open_reader(im, err, sizeof err)) return fprintf(stderr, "rewind: %s\n", err), false;
    return true;
}

static void ft_close(dg_source *s)
{
    ft_impl *im = s->impl;
    close_reader(im);
    free(im);
    free(s);
}

/* Avro object container files start with "Obj" and format version 1. */
bool dgsrc_flowtuple_probe(const dgfmt_head *h)
{
    return h->z == DGZ_NONE && h->nraw >= 4 && memcmp(h->raw, "Obj\x01", 4) == 0;
}

bool dgsrc_flowtuple_check(const char *path, char *err, size_t errcap)
{
    ft_impl *im = calloc(1, sizeof *im);
    if (!im) return snprintf(err, errcap, "out of memory"), false;
    snprintf(im->path, sizeof im->path, "%s", path);
    bool ok = open_reader(im, err, errcap);
    close_reader(im);
    free(im);
    return ok;
}

dg_source *dgsrc_flowtuple(const char *path, char *err, size_t errcap)
{
    dg_source *s = calloc(1, sizeof *s);
    ft_impl *im = calloc(1, sizeof *im);
    if (!s || !im) {
        free(s), free(im);
        return snprintf(err, errcap, "out of memory"), NULL;
    }
    snprintf(im->path, sizeof im->path, "%s", path);
    if (!open_reader(im, err, errcap)) {
        free(im), free(s);
        return NULL;
    }
    s->next = ft_next;
    s->rewind = ft_rewind;
    s->close = ft_close;
    s->kind = "flowtuple";
    s->impl = im;
    return s;
}
