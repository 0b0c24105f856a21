/* wire.c - encode and decode the binary batch ("DGPK") of the feed.
 * Every multi-byte field is little-endian and read/written with explicit byte shifts, so the
 * format does not depend on the host's byte order or struct layout (compilers turn the
 * shifts into plain loads on little-endian hosts). Threads: pure functions; any thread. */
#include "wire.h"
#include "bytes.h"
#include "text_sanitize.h"

#include <stdio.h>
#include <string.h>

/* Offsets of the fields inside one 56-byte record. */
enum {
    R_TS = 0,
    R_SRC = 8,
    R_DST = 24,
    R_SEQ = 40,
    R_SPORT = 44,
    R_DPORT = 46,
    R_LEN = 48,
    R_SENSOR = 50,
    R_VER = 52,
    R_PROTO = 53,
    R_FLAGS = 54,
    R_TTL = 55,
    /* version 2 */
    R_HAVE = 56,
    R_IPID = 58,
    R_WIN = 60,
    R_MSS = 62,
    R_PKTS = 64,
    R_TAGS = 68,
    R_RESERVED = 69
};
#define W_TAGS_ALL (DG_TAG_SPOOFED | DG_TAG_LARGE_SCAN)

/* Bit 15 of the wire's "have" field carries dg_record.tcp_opts (the value, not a presence
 * bit: DG_HAVE_OPTS says whether it was observed). */
#define W_TCP_OPTS 0x8000u

static size_t batch_size(size_t nsensors, size_t nrec, size_t rec_size)
{
    return DGW_HEADER_SIZE + nsensors * DGW_SENSOR_NAME_LEN + nrec * rec_size;
}

size_t dgw_encoded_size(size_t nsensors, size_t nrec)
{
    return batch_size(nsensors, nrec, DGW_RECORD_SIZE);
}

/* A sensor name slot is valid when it holds 1..31 bytes that the text sanitiser leaves
 * unchanged (UTF-8, no control characters), followed by NUL padding only. */
static bool name_valid(const char *slot)
{
    size_t n = strnlen(slot, DGW_SENSOR_NAME_LEN);
    if (n == 0 || n == DGW_SENSOR_NAME_LEN) return false;
    for (size_t i = n; i < DGW_SENSOR_NAME_LEN; i++)
        if (slot[i] != '\0') return false;
    char clean[DGW_SENSOR_NAME_LEN];
    return dg_text_sanitize(clean, sizeof clean, slot, n) == n;
}

/* Checks the fields the decoder would reject; nsensors is the table size. */
static bool record_valid(const dg_record *r, int nsensors)
{
    if (r->ip_ver != 4 && r->ip_ver != 6) return false;
    if (r->tags & ~W_TAGS_ALL) return false;
    return r->sensor == DG_SENSOR_NONE || r->sensor < nsensors;
}

bool dgw_record_valid(const dg_record *r, int nsensors)
{
    return record_valid(r, nsensors) && !(r->ts_ns >> 63);
}

static void encode_record(uint8_t *p, const dg_record *r)
{
    dgb_put_le64(p + R_TS, r->ts_ns);
    /* IPv4 keeps only the first 4 address bytes; the rest is always written as zero. */
    size_t alen = r->ip_ver == 4 ? 4 : 16;
    memset(p + R_SRC, 0, 32);
    memcpy(p + R_SRC, r->src, alen);
    memcpy(p + R_DST, r->dst, alen);
    dgb_put_le32(p + R_SEQ, r->seq);
    dgb_put_le16(p + R_SPORT, r->sport);
    dgb_put_le16(p + R_DPORT, r->dport);
    dgb_put_le16(p + R_LEN, r->ip_len);
    dgb_put_le16(p + R_SENSOR, r->sensor);
    p[R_VER] = r->ip_ver;
    p[R_PROTO] = r->proto;
    p[R_FLAGS] = r->flags;
    p[R_TTL] = r->ttl;
    dgb_put_le16(p + R_HAVE, (uint16_t)(r->have | (r->tcp_opts ? W_TCP_OPTS : 0)));
    dgb_put_le16(p + R_IPID, r->ipid);
    dgb_put_le16(p + R_WIN, r->win);
    dgb_put_le16(p + R_MSS, r->mss);
    dgb_put_le32(p + R_PKTS, r->pkts > 1 ? r->pkts : 1);
    p[R_TAGS] = r->tags;
    p[R_RESERVED] = p[R_RESERVED + 1] = p[R_RESERVED + 2] = 0;
}

static void encode_header(uint8_t *p, size_t nsensors, size_t n)
{
    memcpy(p, DGW_MAGIC, 4);
    p[4] = DGW_VERSION;
    p[5] = 0; /* header flags: none defined */
    dgb_put_le16(p + 6, (uint16_t)nsensors);
    dgb_put_le32(p + 8, (uint32_t)n);
    dgb_put_le32(p + 12, 0); /* reserved */
}

/* Refuses (returns 0) anything dgw_decode would reject, so every batch written decodes. */
size_t dgw_encode(uint8_t *buf, size_t cap, const dgw_sensor_table *st, const dg_record *recs,
                  size_t n)
{
    int ns = st ? st->count : 0;
    if (ns < 0 || ns > DGW_MAX_SENSORS || n > DGW_MAX_RECORDS) return 0;
    size_t need = dgw_encoded_size((size_t)ns, n);
    if (!buf || cap < need || (n > 0 && !recs)) return 0;
    for (int i = 0; i < ns; i++)
        if (!name_valid(st->name[i])) return 0;
    for (size_t i = 0; i < n; i++)
        if (!dgw_record_valid(&recs[i], ns)) return 0;

    encode_header(buf, (size_t)ns, n);
    uint8_t *p = buf + DGW_HEADER_SIZE;
    for (int i = 0; i < ns; i++, p += DGW_SENSOR_NAME_LEN)
        memcpy(p, st->name[i], DGW_SENSOR_NAME_LEN);
    for (size_t i = 0; i < n; i++, p += DGW_RECORD_SIZE) {
        dg_record r = recs[i]; /* an unknown field goes out as zero, whatever it held */
        dg_record_mask(&r, r.have & DG_HAVE_ALL);
        encode_record(p, &r);
    }
    return need;
}

/* What a version 1 record observed: v1 had no presence bits and wrote 0 for fields its
 * source lacked, so a zero seq, destination, TTL or length is taken as unknown. */
static uint16_t v1_have(const dg_record *r)
{
    static const uint8_t zero[16];
    uint16_t h = DG_HAVE_SPORT | DG_HAVE_DPORT | DG_HAVE_FLAGS;
    if (r->seq) h |= DG_HAVE_SEQ;
    if (memcmp(r->dst, zero, 16) != 0) h |= DG_HAVE_DST;
    if (r->ttl) h |= DG_HAVE_TTL;
    if (r->ip_len) h |= DG_HAVE_LEN;
    return h;
}

/* The version 2 tail: presence bits and the fingerprint fields. An unknown field must be
 * written as zero (as the encoder does): anything else is a broken encoder, and keeping
 * batches canonical lets a decoded batch re-encode to the same bytes. */
static bool decode_v2_tail(const uint8_t *p, dg_record *r)
{
    uint16_t have = dgb_le16(p + R_HAVE);
    if (have & ~(DG_HAVE_ALL | W_TCP_OPTS)) return false;
    if ((have & W_TCP_OPTS) && !(have & DG_HAVE_OPTS)) return false;
    r->have = DG_HAVE_ALL;
    r->tcp_opts = (have & W_TCP_OPTS) != 0;
    r->ipid = dgb_le16(p + R_IPID);
    r->win = dgb_le16(p + R_WIN);
    r->mss = dgb_le16(p + R_MSS);
    uint32_t pkts = dgb_le32(p + R_PKTS);
    if (pkts == 0 || (p[R_TAGS] & ~W_TAGS_ALL) || p[R_RESERVED] || p[R_RESERVED + 1] ||
        p[R_RESERVED + 2])
        return false;
    r->tags = p[R_TAGS];
    r->pkts = pkts > 1 ? pkts : 0; /* one packet reads as 0, as every source writes it */
    dg_record masked = *r;
    dg_record_mask(&masked, have);
    masked.have = DG_HAVE_ALL;
    if (memcmp(&masked, r, sizeof masked) != 0) return false;
    r->have = have & DG_HAVE_ALL;
    return true;
}

/* Decodes and validates one record; false if the batch must be rejected. */
static bool decode_record(const uint8_t *p, int version, int nsensors, dg_record *r)
{
    memset(r, 0, sizeof *r);
    r->ip_ver = p[R_VER];
    r->sensor = dgb_le16(p + R_SENSOR);
    if (!record_valid(r, nsensors)) return false;
    if (r->ip_ver == 4) {
        /* The zero tail is checked, not ignored: a non-zero one means a broken encoder. */
        static const uint8_t zero[12];
        if (memcmp(p + R_SRC + 4, zero, 12) != 0 || memcmp(p + R_DST + 4, zero, 12) != 0)
            return false;
    }
    r->ts_ns = dgb_le64(p + R_TS);
    if (r->ts_ns >> 63) return false; /* same limit as the JSON form: ts < 2^63 ns */
    memcpy(r->src, p + R_SRC, 16);
    memcpy(r->dst, p + R_DST, 16);
    r->seq = dgb_le32(p + R_SEQ);
    r->sport = dgb_le16(p + R_SPORT);
    r->dport = dgb_le16(p + R_DPORT);
    r->ip_len = dgb_le16(p + R_LEN);
    r->proto = p[R_PROTO];
    r->flags = p[R_FLAGS];
    r->ttl = p[R_TTL];
    if (version == 1) {
        r->have = v1_have(r);
        return true;
    }
    return decode_v2_tail(p, r);
}

/* Validates the fixed header; on success stores the counts. */
static int decode_header(const uint8_t *buf, size_t len, int *nsensors, size_t *nrec,
                         int *version)
{
    if (len < 4) return DGW_ERR_SHORT;
    if (memcmp(buf, DGW_MAGIC, 4) != 0) return DGW_ERR_MAGIC;
    if (len < DGW_HEADER_SIZE) return DGW_ERR_SHORT;
    /* The only header flag of versions 1 and 2 is DGW_FLAG_SEQ; without it the last four
     * bytes are zero. Anything else is a format this decoder does not know. */
    if ((buf[4] != 1 && buf[4] != 2) || (buf[5] & ~DGW_FLAG_SEQ) ||
        (!(buf[5] & DGW_FLAG_SEQ) && dgb_le32(buf + 12) != 0))
        return DGW_ERR_VERSION;
    uint32_t ns = dgb_le16(buf + 6), nr = dgb_le32(buf + 8);
    if (ns > DGW_MAX_SENSORS || nr > DGW_MAX_RECORDS) return DGW_ERR_COUNT;
    size_t rs = buf[4] == 1 ? DGW_RECORD_SIZE_V1 : DGW_RECORD_SIZE;
    if (len != batch_size(ns, nr, rs)) return DGW_ERR_LENGTH;
    *version = buf[4];
    *nsensors = (int)ns;
    *nrec = nr;
    return DGW_OK;
}

int dgw_decode(const uint8_t *buf, size_t len, dgw_sensor_table *st, dg_record *out, size_t *n)
{
    if (n) *n = 0;
    if (!buf) return DGW_ERR_SHORT;
    int ns = 0, version = 0;
    size_t nr = 0;
    int err = decode_header(buf, len, &ns, &nr, &version);
    if (err != DGW_OK) return err;
    size_t rs = version == 1 ? DGW_RECORD_SIZE_V1 : DGW_RECORD_SIZE;

    const uint8_t *p = buf + DGW_HEADER_SIZE;
    for (int i = 0; i < ns; i++)
        if (!name_valid((const char *)p + (size_t)i * DGW_SENSOR_NAME_LEN)) return DGW_ERR_RECORD;
    const uint8_t *names = p;
    p += (size_t)ns * DGW_SENSOR_NAME_LEN;
    for (size_t i = 0; i < nr; i++, p += rs)
        if (!decode_record(p, version, ns, &out[i])) return DGW_ERR_RECORD;
    if (st) {
        st->count = ns;
        memcpy(st->name, names, (size_t)ns * DGW_SENSOR_NAME_LEN);
    }
    if (n) *n = nr;
    return DGW_OK;
}

const char *dgw_strerror(int err)
{
    switch (err) {
    case DGW_OK: return "ok";
    case DGW_ERR_SHORT: return "shorter than a batch header";
    case DGW_ERR_MAGIC: return "not a binary batch (bad magic)";
    case DGW_ERR_VERSION: return "unknown batch version or header flags";
    case DGW_ERR_COUNT: return "sensor or record count over the limit";
    case DGW_ERR_LENGTH: return "length does not match the counts";
    case DGW_ERR_RECORD: return "invalid record or sensor name";
    case DGW_ERR_SPACE: return "buffer too small";
    default: return "unknown wire error";
    }
}

void dgw_set_seq(uint8_t *buf, uint16_t publisher, uint16_t seq)
{
    buf[5] |= DGW_FLAG_SEQ;
    dgb_put_le16(buf + 12, publisher);
    dgb_put_le16(buf + 14, seq);
}

bool dgw_get_seq(const uint8_t *buf, size_t len, uint16_t *publisher, uint16_t *seq)
{
    if (len < DGW_HEADER_SIZE || !(buf[5] & DGW_FLAG_SEQ)) return false;
    *publisher = (uint16_t)dgb_le16(buf + 12);
    *seq = (uint16_t)dgb_le16(buf + 14);
    return true;
}

uint16_t dgw_intern_sensor(dgw_sensor_table *t, const char *name)
{
    for (int i = 0; i < t->count; i++)
        if (strcmp(t->name[i], name) == 0) return (uint16_t)i;
    if (t->count >= DGW_MAX_SENSORS) return DG_SENSOR_NONE;
    snprintf(t->name[t->count], DGW_SENSOR_NAME_LEN, "%s", name);
    return (uint16_t)t->count++;
}
