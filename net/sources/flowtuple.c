/* flowtuple.c - corsaro flowtuples as records (see flowtuple.h). Members are looked up by name
 * in the writer's schema, so corsaro 2 and 3 containers (int or long members) both read.
 * Kafka messages are decoded from memory: containers are taken apart here (header, blocks,
 * deflate through zlib), each datum is walked against its schema, then read by libavro's
 * memory reader. */
#include "flowtuple.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static const char *const MEMBER[DGFT_NFIELDS] = {
    "time", "src_ip",    "dst_ip", "src_port",   "dst_port",      "protocol",   "packet_cnt",
    "ttl",  "tcp_flags", "ip_len", "tcp_synlen", "tcp_synwinlen", "is_spoofed", "is_masscan"};

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

/* ---- Walking binary Avro ----
 * libavro's datum reader trusts lengths: a damaged string length makes it allocate up to
 * gigabytes and leak them when the read then fails, and its container reader leaks its codec
 * on a container that fails while opening and inflates blocks without bound. So every datum
 * is walked here against its schema first and handed to libavro only when it is whole; a
 * walk also gives the datum's length, which libavro's memory reader does not tell. */

#define MAX_DEPTH 32             /* nesting of a datum's schema */
#define MAX_INFLATED (16u << 20) /* all blocks of one message; 8192 flowtuples take ~0.5 MiB */

typedef struct cursor {
    const uint8_t *p;
    size_t n, pos;
} cursor;

/* An Avro int or long: a zigzag varint of at most 10 bytes. */
static bool get_long(cursor *c, int64_t *v)
{
    uint64_t u = 0;
    for (int shift = 0; shift < 70 && c->pos < c->n; shift += 7) {
        uint8_t b = c->p[c->pos++];
        u |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) return *v = (int64_t)(u >> 1) ^ -(int64_t)(u & 1), true;
    }
    return false;
}

static bool skip(cursor *c, int64_t n)
{
    if (n < 0 || (uint64_t)n > c->n - c->pos) return false;
    c->pos += (size_t)n;
    return true;
}

static bool get_bytes(cursor *c, const uint8_t **b, size_t *len)
{
    int64_t l;
    if (!get_long(c, &l)) return false;
    const uint8_t *at = c->p + c->pos;
    if (!skip(c, l)) return false;
    *b = at, *len = (size_t)l;
    return true;
}

/* The count of an Avro array or map block; a negative count comes with the block's size. */
static bool get_count(cursor *c, int64_t *count)
{
    int64_t size;
    if (!get_long(c, count) || *count == INT64_MIN) return false;
    if (*count < 0 && !get_long(c, &size)) return false;
    if (*count < 0) *count = -*count;
    return true;
}

static bool walk(cursor *c, avro_schema_t s, int depth);

/* Array items or map values (after a string key) in blocks; each item takes a byte at
 * least, so a count past the bytes left is damage, not a long array of nulls. */
static bool walk_blocks_of(cursor *c, avro_schema_t item, bool keyed, int depth)
{
    for (int64_t count; get_count(c, &count);) {
        if (count == 0) return true;
        if ((uint64_t)count > c->n - c->pos) return false;
        for (; count > 0; count--) {
            const uint8_t *k;
            size_t nk;
            if ((keyed && !get_bytes(c, &k, &nk)) || !walk(c, item, depth + 1)) return false;
        }
    }
    return false;
}

static bool walk_record(cursor *c, avro_schema_t s, int depth)
{
    for (size_t i = 0; i < avro_schema_record_size(s); i++)
        if (!walk(c, avro_schema_record_field_get_by_index(s, (int)i), depth + 1)) return false;
    return true;
}

/* One datum of schema s from c; false when it is cut or does not fit the schema. */
static bool walk(cursor *c, avro_schema_t s, int depth)
{
    int64_t v;
    const uint8_t *b;
    size_t n;
    if (depth > MAX_DEPTH) return false;
    switch (avro_typeof(s)) {
    case AVRO_NULL: return true;
    case AVRO_BOOLEAN: return c->pos < c->n && c->p[c->pos++] <= 1;
    case AVRO_INT32: return get_long(c, &v) && v >= INT32_MIN && v <= INT32_MAX;
    case AVRO_INT64: return get_long(c, &v);
    case AVRO_FLOAT: return skip(c, 4);
    case AVRO_DOUBLE: return skip(c, 8);
    case AVRO_STRING:
    case AVRO_BYTES: return get_bytes(c, &b, &n);
    case AVRO_FIXED: return skip(c, avro_schema_fixed_size(s));
    case AVRO_ENUM: return get_long(c, &v) && v >= 0 && v < avro_schema_enum_number_of_symbols(s);
    case AVRO_RECORD: return walk_record(c, s, depth);
    case AVRO_ARRAY: return walk_blocks_of(c, avro_schema_array_items(s), false, depth);
    case AVRO_MAP: return walk_blocks_of(c, avro_schema_map_values(s), true, depth);
    case AVRO_UNION:
        return get_long(c, &v) && v >= 0 && (uint64_t)v < avro_schema_union_size(s) &&
               walk(c, avro_schema_union_branch(s, (int)v), depth + 1);
    case AVRO_LINK: return walk(c, avro_schema_link_target(s), depth + 1);
    default: return false;
    }
}

/* ---- Kafka messages ---- */

/* A schema with its generic class and its layout; value lives for one message only, so
 * nothing libavro allocated for one message (strings) outlives it. */
typedef struct ft_class {
    avro_schema_t schema; /* NULL: none */
    avro_value_iface_t *iface;
    avro_value_t value;
    dgft_layout layout;
} ft_class;

struct dgft_decoder {
    ft_class builtin;
    ft_class last;     /* the last container's schema: a topic's containers usually share one */
    avro_reader_t mem; /* over one datum, walked */
    uint8_t *block;    /* a container's block, inflated */
    size_t capblock;
};

static void class_drop(ft_class *c)
{
    if (!c->schema) return;
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
    if (!c->iface) return snprintf(err, errcap, "%s", avro_strerror()), false;
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
    free(d->block);
    free(d);
}

static bool malformed(dgfm_result *res, const char *fmt, const char *detail)
{
    res->kind = DGFM_NONE;
    res->nrec = res->nbad = 0;
    snprintf(res->reason, sizeof res->reason, fmt, detail);
    return false;
}

/* Reads the datum of class c at the cursor, walked first, as one more record or bad element;
 * false when it is not whole. */
static bool read_datum(dgft_decoder *d, ft_class *c, cursor *cur, dgfm_result *res)
{
    size_t at = cur->pos;
    if (!walk(cur, c->schema, 0) || cur->pos == at) return false;
    avro_reader_memory_set_source(d->mem, (const char *)cur->p + at, (int64_t)(cur->pos - at));
    if (avro_value_read(d->mem, &c->value)) return false;
    const char *why = "more than 8192 flowtuples in one message";
    dg_record *r = &res->recs[res->nrec];
    if (res->nrec < DGW_MAX_RECORDS && dgft_to_record(&c->layout, &c->value, r, &why))
        res->nrec++;
    else if (res->nbad++ == 0)
        snprintf(res->reason, sizeof res->reason, "flowtuple: %s", why);
    return true;
}

/* ---- Containers ---- */

typedef struct header {
    const uint8_t *schema, *codec, *sync;
    size_t nschema, ncodec;
    bool deflate;
} header;

static bool is_key(const uint8_t *k, size_t n, const char *name)
{
    return n == strlen(name) && memcmp(k, name, n) == 0;
}

/* The header's metadata map (of bytes), in blocks as any Avro map. */
static bool get_meta(cursor *c, header *h)
{
    for (int64_t count; get_count(c, &count);) {
        if (count == 0) return true;
        for (; count > 0; count--) {
            const uint8_t *k, *v;
            size_t nk, nv;
            if (!get_bytes(c, &k, &nk) || !get_bytes(c, &v, &nv)) return false;
            if (is_key(k, nk, "avro.schema")) h->schema = v, h->nschema = nv;
            if (is_key(k, nk, "avro.codec")) h->codec = v, h->ncodec = nv;
        }
    }
    return false;
}

/* Magic, metadata and sync marker; the writer schema parsed into *ws (a new reference). */
static const char *get_header(cursor *c, header *h, avro_schema_t *ws)
{
    c->pos = 4;
    if (!get_meta(c, h) || c->n - c->pos < 16) return "the header is cut or damaged";
    h->sync = c->p + c->pos;
    c->pos += 16;
    h->deflate = h->codec && is_key(h->codec, h->ncodec, "deflate");
    if (h->codec && !h->deflate && !is_key(h->codec, h->ncodec, "null"))
        return "codec not read here (null and deflate are)";
    if (!h->schema) return "no schema in the header";
    if (avro_schema_from_json_length((const char *)h->schema, h->nschema, ws))
        return "its schema does not parse";
    return NULL;
}

/* Inflates a deflate block into d->block, within *budget bytes; its length, or -1. */
static int64_t inflate_block(dgft_decoder *d, const uint8_t *b, size_t len, size_t *budget)
{
    z_stream z = {.next_in = (Bytef *)b, .avail_in = (uInt)len};
    if (inflateInit2(&z, -15) != Z_OK) return -1;
    int rc = Z_OK;
    while (rc == Z_OK) {
        if (z.total_out == d->capblock) {
            size_t cap = d->capblock ? 2 * d->capblock : 65536;
            uint8_t *nb = z.total_out < *budget ? realloc(d->block, cap) : NULL;
            if (!nb) break;
            d->block = nb, d->capblock = cap;
        }
        z.next_out = d->block + z.total_out;
        z.avail_out = (uInt)(d->capblock - z.total_out);
        rc = inflate(&z, Z_NO_FLUSH);
    }
    int64_t n =
        rc == Z_STREAM_END && z.avail_in == 0 && z.total_out <= *budget ? (int64_t)z.total_out : -1;
    if (n >= 0) *budget -= (size_t)n;
    inflateEnd(&z);
    return n;
}

/* One block: its count of datums, its (inflated) bytes holding exactly those, the sync. */
static const char *read_block(dgft_decoder *d, cursor *c, const header *h, size_t *budget,
                              dgfm_result *res)
{
    int64_t count;
    const uint8_t *data;
    size_t size;
    if (!get_long(c, &count) || count < 1 || !get_bytes(c, &data, &size))
        return "a block is cut or damaged";
    if (c->n - c->pos < 16 || memcmp(c->p + c->pos, h->sync, 16) != 0)
        return "a block's sync marker is wrong";
    c->pos += 16;
    cursor in = {data, size, 0};
    if (h->deflate) {
        int64_t n = inflate_block(d, data, size, budget);
        if (n < 0) return "a block does not inflate (or inflates past 16 MiB)";
        in = (cursor){d->block, (size_t)n, 0};
    }
    for (; count > 0; count--)
        if (!read_datum(d, &d->last, &in, res)) return "a datum does not fit the schema";
    return in.pos == in.n ? NULL : "a block holds more than its datums";
}

/* The container's writer schema as d->last, reusing the class when it is the last one's. */
static bool container_class(dgft_decoder *d, avro_schema_t ws, dgfm_result *res)
{
    char why[96];
    if (d->last.schema && avro_schema_equal(ws, d->last.schema)) return true;
    if (class_set(&d->last, ws, why, sizeof why)) return true;
    return malformed(res, "Avro container: %s", why);
}

/* "Obj\x01": an object container file, its schema in its header, its blocks. */
static bool decode_container(dgft_decoder *d, const uint8_t *msg, size_t len, dgfm_result *res)
{
    cursor c = {msg, len, 0};
    header h = {0};
    avro_schema_t ws;
    const char *why = get_header(&c, &h, &ws);
    if (why) return malformed(res, "Avro container: %s", why);
    bool ok = container_class(d, ws, res);
    avro_schema_decref(ws);
    if (!ok) return false;
    if (avro_generic_value_new(d->last.iface, &d->last.value))
        return malformed(res, "%s", "out of memory");
    size_t budget = MAX_INFLATED;
    while (!why && c.pos < c.n)
        why = read_block(d, &c, &h, &budget, res);
    avro_value_decref(&d->last.value);
    return why ? malformed(res, "Avro container: %s", why) : true;
}

/* ---- Datums of the built-in schema ---- */

/* One datum after the registry's 5 bytes (0x00: a bare datum starts with its time, a zigzag
 * varint, which is 0x00 only for time 0), or bare datums to the end. */
static bool decode_datums(dgft_decoder *d, const uint8_t *msg, size_t len, dgfm_result *res)
{
    bool registry = msg[0] == 0;
    cursor c = {msg, len, registry ? 5 : 0};
    if (registry && len <= 5) return malformed(res, "%s", "schema registry framing: no datum");
    do
        if (!read_datum(d, &d->builtin, &c, res))
            return malformed(res, "%s: does not decode with the built-in corsaro flowtuple schema",
                             registry ? "schema registry framing (no registry is asked)"
                                      : "bare datum");
    while (!registry && c.pos < c.n);
    if (c.pos != c.n) return malformed(res, "%s", "schema registry framing: bytes after the datum");
    return true;
}

bool dgft_decode_message(dgft_decoder *d, const uint8_t *msg, size_t len, dgfm_result *res)
{
    res->kind = DGFM_PACKETS;
    res->nrec = res->nbad = 0;
    res->sensors.count = 0;
    if (len == 0) return malformed(res, "%s", "empty message");
    if (len > DGFM_MAX_MESSAGE) return malformed(res, "%s", "oversize");
    if (len >= 4 && memcmp(msg, "Obj\x01", 4) == 0) return decode_container(d, msg, len, res);
    if (avro_generic_value_new(d->builtin.iface, &d->builtin.value))
        return malformed(res, "%s", "out of memory");
    bool ok = decode_datums(d, msg, len, res);
    avro_value_decref(&d->builtin.value);
    return ok;
}
