/* flowtuple.c - corsaro flowtuples as records (see flowtuple.h). Members are looked up by name
 * in the writer's schema, so corsaro 2 and 3 containers (int or long members) both read.
 * Kafka messages are decoded from memory: containers through fmemopen and libavro's file
 * reader, datums through a memory reader. */
#include "flowtuple.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static const char *const MEMBER[DGFT_NFIELDS] = {
    "time",      "src_ip",    "dst_ip",     "src_port",      "dst_port",
    "protocol",  "packet_cnt", "ttl",       "tcp_flags",     "ip_len",
    "tcp_synlen", "tcp_synwinlen", "is_spoofed", "is_masscan"};

/* corsaro 3's flowtuple plugin (its FLOWTUPLE_RESULT_SCHEMA). */
const char dgft_corsaro_schema[] =
    "{\"type\":\"record\",\"namespace\":\"org.caida.corsaro\",\"name\":\"flowtuple\","
    "\"fields\":[{\"name\":\"time\",\"type\":\"long\"},{\"name\":\"src_ip\",\"type\":\"long\"},"
    "{\"name\":\"dst_ip\",\"type\":\"long\"},{\"name\":\"src_port\",\"type\":\"int\"},"
    "{\"name\":\"dst_port\",\"type\":\"int\"},{\"name\":\"protocol\",\"type\":\"int\"},"
    "{\"name\":\"ttl\",\"type\":\"int\"},{\"name\":\"tcp_flags\",\"type\":\"int\"},"
    "{\"name\":\"ip_len\",\"type\":\"int\"},{\"name\":\"tcp_synlen\",\"type\":\"int\"},"
    "{\"name\":\"tcp_synwinlen\",\"type\":\"int\"},{\"name\":\"packet_cnt\",\"type\":\"long\"},"
    "{\"name\":\"is_spoofed\",\"type\":\"int\"},{\"name\":\"is_masscan\",\"type\":\"int\"},"
    "{\"name\":\"maxmind_continent\",\"type\":\"string\"},"
    "{\"name\":\"maxmind_country\",\"type\":\"string\"},"
    "{\"name\":\"netacq_continent\",\"type\":\"string\"},"
    "{\"name\":\"netacq_country\",\"type\":\"string\"},"
    "{\"name\":\"prefix2asn\",\"type\":\"long\"}]}";

/* ---- One value as one record ---- */

bool dgft_layout_of(avro_schema_t ws, dgft_layout *l, char *err, size_t errcap)
{
    if (!is_avro_record(ws))
        return snprintf(err, errcap, "its records are not Avro records"), false;
    for (int i = 0; i < DGFT_NFIELDS; i++) {
        l->idx[i] = avro_schema_record_field_get_index(ws, MEMBER[i]);
        if (l->idx[i] < 0 && i < DGFT_REQUIRED)
            return snprintf(err, errcap, "no member \"%s\": not a corsaro flowtuple", MEMBER[i]),
                   false;
        if (l->idx[i] < 0) continue;
        avro_schema_t fs = avro_schema_record_field_get_by_index(ws, l->idx[i]);
        if (!is_avro_int32(fs) && !is_avro_int64(fs))
            return snprintf(err, errcap, "member \"%s\" is not an integer", MEMBER[i]), false;
    }
    return true;
}

/* Member i as an integer in lo..hi; false when absent (optional) or out of range. */
static bool member(const dgft_layout *l, avro_value_t *v, int i, int64_t lo, int64_t hi,
                   int64_t *out)
{
    avro_value_t f;
    if (l->idx[i] < 0 || avro_value_get_by_index(v, (size_t)l->idx[i], &f, NULL)) return false;
    int64_t x;
    int32_t x32;
    if (avro_value_get_type(&f) == AVRO_INT32) {
        if (avro_value_get_int(&f, &x32)) return false;
        x = x32;
    } else if (avro_value_get_long(&f, &x)) {
        return false;
    }
    if (x < lo || x > hi) return false;
    *out = x;
    return true;
}

static void put_ip(uint8_t out[16], int64_t host_order)
{
    uint32_t a = (uint32_t)host_order;
    out[0] = (uint8_t)(a >> 24), out[1] = (uint8_t)(a >> 16);
    out[2] = (uint8_t)(a >> 8), out[3] = (uint8_t)a;
}

/* What a flowtuple of a lone SYN also keeps: header length (options or not) and window. */
static void syn_fields(const dgft_layout *l, avro_value_t *v, dg_record *r)
{
    int64_t synlen, win;
    if (r->proto != DG_PROTO_TCP || r->flags != DG_TCP_SYN) return;
    if (member(l, v, DGFT_SYNLEN, 20, 60, &synlen))
        r->tcp_opts = synlen > 20, r->have |= DG_HAVE_OPTS;
    if (member(l, v, DGFT_SYNWIN, 0, 65535, &win)) r->win = (uint16_t)win, r->have |= DG_HAVE_WIN;
}

/* The members that do not key the record's identity; each present one is observed. */
static void optional_fields(const dgft_layout *l, avro_value_t *v, dg_record *r)
{
    int64_t x;
    if (member(l, v, DGFT_TTL, 0, 255, &x)) r->ttl = (uint8_t)x, r->have |= DG_HAVE_TTL;
    if (member(l, v, DGFT_LEN, 20, 65535, &x)) r->ip_len = (uint16_t)x, r->have |= DG_HAVE_LEN;
    if (r->proto == DG_PROTO_TCP && member(l, v, DGFT_FLAGS, 0, 255, &x))
        r->flags = (uint8_t)x, r->have |= DG_HAVE_FLAGS;
    syn_fields(l, v, r);
    if (member(l, v, DGFT_SPOOFED, 1, 1, &x)) r->tags |= DG_TAG_SPOOFED;
    if (member(l, v, DGFT_MASSCAN, 1, 1, &x)) r->tags |= DG_TAG_LARGE_SCAN;
}

bool dgft_to_record(const dgft_layout *l, avro_value_t *v, dg_record *r, const char **why)
{
    int64_t t, src, dst, sp, dp, proto, pkts;
    memset(r, 0, sizeof *r);
    r->sensor = DG_SENSOR_NONE;
    if (!member(l, v, DGFT_TIME, 0, 18000000000ll, &t)) return *why = "bad time", false;
    if (!member(l, v, DGFT_SRC, 0, 0xFFFFFFFFll, &src) ||
        !member(l, v, DGFT_DST, 0, 0xFFFFFFFFll, &dst))
        return *why = "bad address", false;
    if (!member(l, v, DGFT_PROTO, 0, 255, &proto)) return *why = "bad protocol", false;
    if (!member(l, v, DGFT_SPORT, 0, 65535, &sp) || !member(l, v, DGFT_DPORT, 0, 65535, &dp))
        return *why = "bad port", false;
    if (!member(l, v, DGFT_PKTS, 1, 0xFFFFFFFFll, &pkts)) return *why = "bad packet_cnt", false;
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
    optional_fields(l, v, r);
    return true;
}

/* ---- Kafka messages ---- */

/* A schema with its generic class, one value of it and its layout. */
typedef struct ft_class {
    avro_schema_t schema; /* NULL: none */
    avro_value_iface_t *iface;
    avro_value_t value;
    dgft_layout layout;
} ft_class;

struct dgft_decoder {
    ft_class builtin;
    ft_class last;     /* the last container's schema: a topic's containers usually share one */
    avro_reader_t mem; /* over the datums of the message being decoded */
};

static void class_drop(ft_class *c)
{
    if (!c->schema) return;
    avro_value_decref(&c->value);
    avro_value_iface_decref(c->iface);
    avro_schema_decref(c->schema);
    c->schema = NULL;
}

/* Takes a reference to ws; false with the reason when it is not a flowtuple schema. */
static bool class_set(ft_class *c, avro_schema_t ws, char *err, size_t errcap)
{
    class_drop(c);
    if (!dgft_layout_of(ws, &c->layout, err, errcap)) return false;
    c->iface = avro_generic_class_from_schema(ws);
    if (!c->iface || avro_generic_value_new(c->iface, &c->value)) {
        snprintf(err, errcap, "%s", avro_strerror());
        if (c->iface) avro_value_iface_decref(c->iface);
        return false;
    }
    c->schema = avro_schema_incref(ws);
    return true;
}

dgft_decoder *dgft_decoder_new(void)
{
    dgft_decoder *d = calloc(1, sizeof *d);
    avro_schema_t s = NULL;
    char err[256];
    bool ok = d && (d->mem = avro_reader_memory(NULL, 0)) &&
              !avro_schema_from_json_length(dgft_corsaro_schema, strlen(dgft_corsaro_schema), &s) &&
              class_set(&d->builtin, s, err, sizeof err);
    if (s) avro_schema_decref(s);
    if (!ok) dgft_decoder_free(d);
    return ok ? d : NULL;
}

void dgft_decoder_free(dgft_decoder *d)
{
    if (!d) return;
    class_drop(&d->builtin);
    class_drop(&d->last);
    if (d->mem) avro_reader_free(d->mem);
    free(d);
}

static bool malformed(dgf_result *res, const char *fmt, const char *detail)
{
    res->kind = DGF_NONE;
    snprintf(res->reason, sizeof res->reason, fmt, detail);
    return false;
}

/* The value just read as one more record, or one more bad element. */
static void add(ft_class *c, dgf_result *res)
{
    const char *why = "more than 8192 flowtuples in one message";
    dg_record *r = &res->recs[res->nrec];
    if (res->nrec < DGW_MAX_RECORDS && dgft_to_record(&c->layout, &c->value, r, &why)) {
        res->nrec++;
        return;
    }
    if (res->nbad++ == 0) snprintf(res->reason, sizeof res->reason, "flowtuple: %s", why);
}

/* ---- Containers ---- */

/* libavro's container reader leaks its codec when a container fails while it opens, and
 * inflates a block without bound: a container is walked here first (structure, sync
 * markers, schema, codec, inflated size) and handed to libavro only when whole. */
#define MAX_INFLATED (16u << 20) /* all blocks of one message; 8192 flowtuples take ~0.5 MiB */

typedef struct cursor {
    const uint8_t *p;
    size_t n, pos;
} cursor;

/* An Avro long: a zigzag varint. */
static bool get_long(cursor *c, int64_t *v)
{
    uint64_t u = 0;
    for (int shift = 0; shift < 64 && c->pos < c->n; shift += 7) {
        uint8_t b = c->p[c->pos++];
        u |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) return *v = (int64_t)(u >> 1) ^ -(int64_t)(u & 1), true;
    }
    return false;
}

static bool get_bytes(cursor *c, const uint8_t **b, size_t *len)
{
    int64_t l;
    if (!get_long(c, &l) || l < 0 || (uint64_t)l > c->n - c->pos) return false;
    *b = c->p + c->pos, *len = (size_t)l;
    c->pos += (size_t)l;
    return true;
}

typedef struct header {
    const uint8_t *schema, *codec, *sync;
    size_t nschema, ncodec;
} header;

static bool is_key(const uint8_t *k, size_t n, const char *name)
{
    return n == strlen(name) && memcmp(k, name, n) == 0;
}

/* The header's metadata map (of bytes), in blocks as any Avro map. */
static bool get_meta(cursor *c, header *h)
{
    for (int64_t count; get_long(c, &count) && count != 0;) {
        int64_t size;
        if (count < 0 && !get_long(c, &size)) return false;
        for (int64_t i = count < 0 ? -count : count; i > 0; i--) {
            const uint8_t *k, *v;
            size_t nk, nv;
            if (!get_bytes(c, &k, &nk) || !get_bytes(c, &v, &nv)) return false;
            if (is_key(k, nk, "avro.schema")) h->schema = v, h->nschema = nv;
            if (is_key(k, nk, "avro.codec")) h->codec = v, h->ncodec = nv;
        }
        if (c->pos == c->n) return false;
    }
    return c->pos < c->n;
}

/* Inflates a deflate block into nothing, counting against *budget. */
static bool inflates_within(const uint8_t *b, size_t len, size_t *budget)
{
    z_stream z = {.next_in = (Bytef *)b, .avail_in = (uInt)len};
    uint8_t out[16384];
    if (inflateInit2(&z, -15) != Z_OK) return false;
    int rc;
    do {
        z.next_out = out, z.avail_out = sizeof out;
        rc = inflate(&z, Z_NO_FLUSH);
    } while (rc == Z_OK && z.total_out <= *budget);
    bool ok = rc == Z_STREAM_END && z.total_out <= *budget && z.avail_in == 0;
    if (ok) *budget -= z.total_out;
    inflateEnd(&z);
    return ok;
}

/* The blocks after the header: count, size, data, the header's sync marker; *nblocks. */
static const char *walk_blocks(cursor *c, const header *h, bool deflate, int *nblocks)
{
    size_t budget = MAX_INFLATED;
    for (*nblocks = 0; c->pos < c->n; ++*nblocks) {
        int64_t count;
        const uint8_t *data;
        size_t size;
        if (!get_long(c, &count) || count < 1 || !get_bytes(c, &data, &size))
            return "a block is cut or damaged";
        if (deflate && !inflates_within(data, size, &budget))
            return "a block does not inflate (or inflates past 16 MiB)";
        if (c->n - c->pos < 16 || memcmp(c->p + c->pos, h->sync, 16) != 0)
            return "a block's sync marker is wrong";
        c->pos += 16;
    }
    return NULL;
}

/* Checks a whole container; its schema parsed into *ws (a new reference) and its block
 * count. NULL, or what is wrong with it. */
static const char *walk_container(const uint8_t *msg, size_t len, avro_schema_t *ws, int *nblocks)
{
    cursor c = {msg, len, 4};
    header h = {0};
    if (!get_meta(&c, &h) || len - c.pos < 16) return "the header is cut or damaged";
    h.sync = msg + c.pos;
    c.pos += 16;
    bool deflate = h.codec && is_key(h.codec, h.ncodec, "deflate");
    if (h.codec && !deflate && !is_key(h.codec, h.ncodec, "null"))
        return "codec not read here (null and deflate are)";
    if (!h.schema) return "no schema in the header";
    const char *why = walk_blocks(&c, &h, deflate, nblocks);
    if (why) return why;
    if (avro_schema_from_json_length((const char *)h.schema, h.nschema, ws))
        return "its schema does not parse";
    return NULL;
}

/* The container's writer schema as d->last, reusing the class when it is the last one's. */
static bool container_class(dgft_decoder *d, avro_schema_t ws, dgf_result *res)
{
    char why[96];
    if (d->last.schema && avro_schema_equal(ws, d->last.schema)) return true;
    if (class_set(&d->last, ws, why, sizeof why)) return true;
    return malformed(res, "Avro container: %s", why);
}

/* "Obj\x01": an object container file, its schema in its header, its blocks. */
static bool decode_container(dgft_decoder *d, const uint8_t *msg, size_t len, dgf_result *res)
{
    avro_schema_t ws;
    int nblocks;
    const char *why = walk_container(msg, len, &ws, &nblocks);
    if (why) return malformed(res, "Avro container: %s", why);
    bool ok = container_class(d, ws, res);
    avro_schema_decref(ws);
    if (!ok || nblocks == 0) return ok;
    avro_file_reader_t r;
    FILE *fp = fmemopen((void *)msg, len, "rb");
    if (!fp) return malformed(res, "%s", "out of memory");
    if (avro_file_reader_fp(fp, "kafka", 1, &r)) /* it closed fp */
        return malformed(res, "Avro container: %s", avro_strerror());
    int rc;
    while ((rc = avro_file_reader_read_value(r, &d->last.value)) == 0)
        add(&d->last, res);
    avro_file_reader_close(r);
    /* EOF: the reader ran out after a whole block; anything else: a datum did not decode */
    if (rc != EOF) return malformed(res, "Avro container: %s", avro_strerror());
    return true;
}

/* Reads one datum of the built-in schema at *pos; false when it does not decode there. */
static bool read_datum(dgft_decoder *d, const uint8_t *msg, size_t len, size_t *pos)
{
    size_t size;
    avro_reader_memory_set_source(d->mem, (const char *)msg + *pos, (int64_t)(len - *pos));
    if (avro_value_read(d->mem, &d->builtin.value) ||
        avro_value_sizeof(&d->builtin.value, &size) || size == 0 || size > len - *pos)
        return false;
    *pos += size;
    return true;
}

/* Datums of the built-in schema from msg[pos] to the end, at least one. */
static bool decode_datums(dgft_decoder *d, const uint8_t *msg, size_t len, size_t pos,
                          const char *what, dgf_result *res)
{
    if (pos >= len) return malformed(res, "%s: no datum", what);
    while (pos < len) {
        if (!read_datum(d, msg, len, &pos))
            return malformed(res, "%s: does not decode with the built-in corsaro flowtuple schema",
                             what);
        add(&d->builtin, res);
    }
    return true;
}

bool dgft_decode_message(dgft_decoder *d, const uint8_t *msg, size_t len, dgf_result *res)
{
    res->kind = DGF_PACKETS;
    res->nrec = res->nbad = 0;
    res->sensors.count = 0;
    if (len == 0) return malformed(res, "%s", "empty message");
    if (len > DGF_MAX_MESSAGE) return malformed(res, "%s", "oversize");
    if (len >= 4 && memcmp(msg, "Obj\x01", 4) == 0) return decode_container(d, msg, len, res);
    /* A bare datum starts with its time, a zigzag varint: 0x00 only for time 0. */
    if (msg[0] == 0) {
        if (len < 5) return malformed(res, "%s", "schema registry framing: no schema id");
        size_t pos = 5;
        if (!read_datum(d, msg, len, &pos) || pos != len)
            return malformed(res, "%s",
                             "schema registry framing: the datum does not decode with the "
                             "built-in corsaro flowtuple schema (no registry is asked)");
        add(&d->builtin, res);
        return true;
    }
    return decode_datums(d, msg, len, 0, "bare datum", res);
}
