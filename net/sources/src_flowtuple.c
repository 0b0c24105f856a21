/* src_flowtuple.c - CAIDA corsaro flowtuple Avro files (one per interval, as corsaro's
 * flowtuple plugin writes them) as a dg_source, read with libavro. Each flowtuple becomes ONE
 * record standing for its packet_cnt packets, at the start of its interval ("time"), mapped
 * by flowtuple.h (which the Kafka source shares). Field mapping: docs/sources.md. */
#include "flowtuple.h"
#include "formats.h"
#include "source_kinds.h"

#include <avro.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ratelog.h"

typedef struct ft_impl {
    char path[4096];
    avro_file_reader_t reader;
    avro_value_iface_t *iface;
    avro_value_t value;
    bool open, at_end;
    dgft_layout layout;
    uint64_t skip_before, records, bad;
    dg_ratelog rl;
} ft_impl;

static bool open_reader(ft_impl *im, char *err, size_t errcap)
{
    char why[256];
    if (avro_file_reader(im->path, &im->reader) != 0) {
        snprintf(err, errcap, "%s: not a readable Avro file: %s", im->path, avro_strerror());
        return false;
    }
    avro_schema_t ws = avro_file_reader_get_writer_schema(im->reader); /* a new reference */
    bool schema_ok = dgft_layout_of(ws, &im->layout, why, sizeof why);
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
    if (!dgft_to_record(&im->layout, &im->value, r, &why)) {
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
