/* recording.c - pcapng recordings of received records and alerts (docs/recording.md). */
#include "recording.h"
#include "bytes.h"
#include "clock.h"

#include "jsonfeed.h"
#include "pktparse.h"
#include "timestamp.h"

#include <errno.h>
#include <fcntl.h>
#include <pcap/dlt.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define BT_SHB 0x0A0D0D0Au
#define BT_IDB 1u
#define BT_EPB 6u
#define BT_CB_COPY 0x00000BADu
#define BT_CB_NOCOPY 0x40000BADu
#define BOM 0x1A2B3C4Du
#define LINKTYPE_RAW 101
#define LINKTYPE_ETHERNET 1
#define ETH_HLEN 14
#define MAX_BLOCK (16u << 20) /* larger blocks are corruption, not data */
#define DG_MAGIC "DGR1"
#define CB_BATCH 1u
#define CB_ALERT 2u
#define USERAPPL "darkglobe recording 1"
#define ALERT_JSON_MAX 4096
/* EPB option (pcapng custom binary option, copyable) holding the record's presence bits,
 * so a field the source never observed stays unknown after a recording is replayed. */
#define OPT_CUSTOM_BIN 2989u
#define OPT_HAVE_LEN 12u /* PEN, u16 presence bits, u16 tags, u32 packet count */

/* ---------------------------------------------------------------- writing */

#define WBUF (64u << 10)   /* blocks handed to the OS at once (or once a second) */
#define WMARKS (WBUF / 64) /* item ends one buffer can hold: no item is under 64 bytes */

struct dgrec_writer {
    int fd;
    char path[4096];
    atomic_bool failed; /* read by other threads (dgrec_failed) */
    int err_no;         /* errno of the failure */
    off_t file_end;     /* bytes in the file; buf goes after them */
    _Atomic uint64_t recorded, errors;
    uint8_t buf[WBUF]; /* whole blocks not yet written */
    size_t len;
    uint32_t mark[WMARKS]; /* offsets in buf where an item (a record, an alert) ends */
    size_t nmark;
    int nif; /* interfaces of the current section; 0 is "no sensor" */
    char ifname[DGREC_MAX_IFACES][DGW_SENSOR_NAME_LEN];
    uint64_t last_flush_ns;
    uint8_t blk[ALERT_JSON_MAX + 128];
};

/* The section is written little-endian; each returns its width so a block is appended
 * field by field (n += put32(b + n, ...)). */
static size_t put16(uint8_t *p, unsigned v)
{
    dgb_put_le16(p, (uint16_t)v);
    return 2;
}

static size_t put32(uint8_t *p, uint32_t v)
{
    dgb_put_le32(p, v);
    return 4;
}

static size_t put64(uint8_t *p, uint64_t v)
{
    dgb_put_le64(p, v);
    return 8;
}

static size_t pad4(size_t n)
{
    return (n + 3) & ~(size_t)3;
}

/* Appends one option (code, value) padded to 4 bytes. */
static size_t put_opt(uint8_t *p, unsigned code, const void *val, size_t len)
{
    put16(p, code);
    put16(p + 2, (unsigned)len);
    memcpy(p + 4, val, len);
    memset(p + 4 + len, 0, pad4(len) - len);
    return 4 + pad4(len);
}

/* A write failed after `done` bytes of buf reached the file (disk full, file size limit):
 * the recording stops here. The file is cut back to the end of the last whole item in it,
 * so it ends with a whole block and holds exactly the items counted in `recorded`. */
static void fail(dgrec_writer *w, const char *what, size_t done)
{
    int e = w->err_no = errno;
    w->errors++;
    if (atomic_exchange(&w->failed, true)) return;
    size_t k = 0;
    while (k < w->nmark && w->mark[k] <= done)
        k++;
    w->recorded += k;
    /* a device (/dev/full) has no length to cut back to */
    bool cut = ftruncate(w->fd, w->file_end + (k ? (off_t)w->mark[k - 1] : 0)) == 0;
    w->len = w->nmark = 0;
    fprintf(stderr,
            "recording %s: %s failed: %s; recording stopped with %llu records and alerts%s\n",
            w->path, what, strerror(e), (unsigned long long)w->recorded,
            cut ? " (the file ends after the last of them)" : "");
}

/* Hands buf to the OS; every item in it is then recorded. */
static bool write_out(dgrec_writer *w)
{
    size_t done = 0;
    while (done < w->len) {
        ssize_t n = write(w->fd, w->buf + done, w->len - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            if (n == 0) errno = ENOSPC;
            fail(w, "write", done);
            return false;
        }
        done += (size_t)n;
    }
    w->file_end += (off_t)w->len;
    w->recorded += w->nmark;
    w->len = w->nmark = 0;
    return true;
}

/* Queues the block of type t whose body is blk[8 .. 8+body). */
static bool emit(dgrec_writer *w, uint32_t type, size_t body)
{
    size_t total = body + 12;
    put32(w->blk, type);
    put32(w->blk + 4, (uint32_t)total);
    put32(w->blk + 8 + body, (uint32_t)total);
    if (w->failed || (w->len + total > WBUF && !write_out(w))) return false;
    memcpy(w->buf + w->len, w->blk, total);
    w->len += total;
    return true;
}

/* The block just queued completes an item. */
static void item_done(dgrec_writer *w)
{
    w->mark[w->nmark++] = (uint32_t)w->len;
    if (w->nmark == WMARKS) write_out(w);
}

static bool write_idb(dgrec_writer *w, const char *name);

static bool write_shb(dgrec_writer *w)
{
    uint8_t *b = w->blk + 8;
    size_t n = put32(b, BOM);
    n += put16(b + n, 1);
    n += put16(b + n, 0);
    n += put64(b + n, UINT64_MAX); /* section length unknown: the file grows */
    n += put_opt(b + n, 4, USERAPPL, strlen(USERAPPL));
    n += put32(b + n, 0); /* opt_endofopt */
    w->nif = 0;
    /* interface 0 is "no sensor", also the fallback when interfaces run out */
    return emit(w, BT_SHB, n) && write_idb(w, "");
}

/* Interface for a sensor name ("" = none): Ethernet framing, because libpcap 1.10 rejects a
 * pcapng whose second LINKTYPE_RAW interface it compares against the mapped DLT_RAW of the
 * first; nanosecond timestamps. */
static bool write_idb(dgrec_writer *w, const char *name)
{
    uint8_t *b = w->blk + 8;
    uint8_t tsresol = 9;
    size_t n = put16(b, LINKTYPE_ETHERNET);
    n += put16(b + n, 0);
    n += put32(b + n, 65535);
    if (name[0])
        n += put_opt(b + n, 2, name, strlen(name));
    else
        n += put_opt(b + n, 3, "no sensor", 9);
    n += put_opt(b + n, 9, &tsresol, 1);
    n += put32(b + n, 0);
    snprintf(w->ifname[w->nif++], DGW_SENSOR_NAME_LEN, "%s", name);
    return emit(w, BT_IDB, n);
}

/* Interface id of a sensor name in this section, writing its IDB on first use. */
static int iface_of(dgrec_writer *w, const char *name)
{
    for (int i = 0; i < w->nif; i++)
        if (strcmp(w->ifname[i], name) == 0) return i;
    if (w->nif == DGREC_MAX_IFACES) return 0;
    return write_idb(w, name) ? w->nif - 1 : 0;
}

static void ip4_checksum(uint8_t *h)
{
    uint32_t sum = 0;
    for (int i = 0; i < 20; i += 2)
        sum += dgb_be16(h + i);
    while (sum >> 16)
        sum = (sum & 0xFFFF) + (sum >> 16);
    dgb_put_be16(h + 10, ~sum & 0xFFFF);
}

/* TCP options as observed: an MSS option, or a lone end-of-list word for "options, no MSS";
 * returns the header length and sets the data offset. */
static size_t synth_tcp_opts(const dg_record *r, uint8_t *t)
{
    size_t hl = 20;
    if (dg_record_has(r, DG_HAVE_MSS)) {
        t[20] = 2, t[21] = 4;
        dgb_put_be16(t + 22, r->mss);
        hl = 24;
    } else if (dg_record_has(r, DG_HAVE_OPTS) && r->tcp_opts) {
        memset(t + 20, 0, 4);
        hl = 24;
    }
    t[12] = (uint8_t)(hl / 4 << 4);
    return hl;
}

/* The transport header that carries the record's ports, seq, flags or ICMP type/code. */
static size_t synth_transport(const dg_record *r, uint8_t *t, size_t iphl)
{
    switch (r->proto) {
    case DG_PROTO_TCP:
        memset(t, 0, 20);
        dgb_put_be16(t, r->sport);
        dgb_put_be16(t + 2, r->dport);
        dgb_put_be32(t + 4, r->seq);
        t[13] = r->flags;
        dgb_put_be16(t + 14, r->win);
        return synth_tcp_opts(r, t);
    case DG_PROTO_UDP:
        memset(t, 0, 8);
        dgb_put_be16(t, r->sport);
        dgb_put_be16(t + 2, r->dport);
        dgb_put_be16(t + 4, r->ip_len > iphl ? r->ip_len - (unsigned)iphl : 8);
        return 8;
    case DG_PROTO_ICMP:
    case DG_PROTO_ICMP6:
        memset(t, 0, 8);
        t[0] = (uint8_t)r->sport;
        t[1] = (uint8_t)r->dport;
        return 8;
    default: /* ports in the first 4 payload bytes, read back with DGPP_PORTS_ANY */
        dgb_put_be16(t, r->sport);
        dgb_put_be16(t + 2, r->dport);
        return 4;
    }
}

/* A minimal IP packet that carries every field of r. */
static size_t synth_packet(const dg_record *r, uint8_t *p)
{
    if (r->ip_ver == 6) {
        memset(p, 0, 40);
        p[0] = 0x60;
        dgb_put_be16(p + 4, r->ip_len > 40 ? r->ip_len - 40u : 0);
        p[6] = r->proto;
        p[7] = r->ttl;
        memcpy(p + 8, r->src, 16);
        memcpy(p + 24, r->dst, 16);
        return 40 + synth_transport(r, p + 40, 40);
    }
    memset(p, 0, 20);
    p[0] = 0x45;
    dgb_put_be16(p + 2, r->ip_len);
    dgb_put_be16(p + 4, r->ipid);
    p[8] = r->ttl;
    p[9] = r->proto;
    memcpy(p + 12, r->src, 4);
    memcpy(p + 16, r->dst, 4);
    ip4_checksum(p);
    return 20 + synth_transport(r, p + 20, 20);
}

static bool write_epb(dgrec_writer *w, int ifc, const dg_record *r)
{
    uint8_t *b = w->blk + 8;
    memset(b + 20, 0, 12); /* MAC addresses carry nothing */
    dgb_put_be16(b + 32, r->ip_ver == 6 ? 0x86DD : 0x0800);
    size_t cap = ETH_HLEN + synth_packet(r, b + 20 + ETH_HLEN);
    size_t n = put32(b, (uint32_t)ifc);
    n += put32(b + n, (uint32_t)(r->ts_ns >> 32));
    n += put32(b + n, (uint32_t)r->ts_ns);
    n += put32(b + n, (uint32_t)cap);
    size_t orig = ETH_HLEN + (size_t)r->ip_len;
    n += put32(b + n, (uint32_t)(orig > cap ? orig : cap));
    memset(b + n + cap, 0, pad4(cap) - cap);
    n += pad4(cap);
    uint8_t have[OPT_HAVE_LEN];
    put32(have, DGREC_PEN);
    put16(have + 4, r->have & DG_HAVE_ALL);
    put16(have + 6, r->tags);
    put32(have + 8, dg_record_pkts(r));
    n += put_opt(b + n, OPT_CUSTOM_BIN, have, sizeof have);
    n += put32(b + n, 0); /* opt_endofopt */
    return emit(w, BT_EPB, n);
}

/* A custom block: PEN, magic, kind, receive time, then extra (padded). */
static bool write_custom(dgrec_writer *w, uint32_t kind, uint64_t recv_ns, const char *extra,
                         size_t len)
{
    uint8_t *b = w->blk + 8;
    size_t n = put32(b, DGREC_PEN);
    memcpy(b + n, DG_MAGIC, 4);
    n += 4;
    n += put32(b + n, kind);
    n += put64(b + n, recv_ns);
    if (extra) {
        n += put32(b + n, (uint32_t)len);
        memcpy(b + n, extra, len);
        memset(b + n + len, 0, pad4(len) - len);
        n += pad4(len);
    }
    return emit(w, BT_CB_COPY, n);
}

static void maybe_flush(dgrec_writer *w)
{
    uint64_t now = dg_mono_ns();
    if (now - w->last_flush_ns < DG_NS_PER_SEC) return;
    w->last_flush_ns = now;
    dgrec_flush(w, false);
}

bool dgrec_write_records(dgrec_writer *w, const dgw_sensor_table *st, const dg_record *r, size_t n,
                         uint64_t recv_ns)
{
    int ifmap[DGW_MAX_SENSORS];
    int nst = st ? st->count : 0;
    for (int i = 0; i < nst && i < DGW_MAX_SENSORS; i++)
        ifmap[i] = iface_of(w, st->name[i]);
    int none = 0;
    write_custom(w, CB_BATCH, recv_ns, NULL, 0);
    for (size_t i = 0; i < n; i++) {
        int ifc = r[i].sensor < nst ? ifmap[r[i].sensor] : none;
        if (!write_epb(w, ifc, &r[i])) break;
        item_done(w);
    }
    maybe_flush(w);
    return !w->failed;
}

bool dgrec_write_alert(dgrec_writer *w, const dg_alert *a, uint64_t recv_ns)
{
    char json[ALERT_JSON_MAX];
    size_t len = dgj_format_alert(json, sizeof json, a);
    if (len == 0) return false;
    if (write_custom(w, CB_ALERT, recv_ns, json, len)) item_done(w);
    maybe_flush(w);
    return !w->failed;
}

bool dgrec_flush(dgrec_writer *w, bool sync)
{
    if (!w || w->failed || !write_out(w)) return false;
    /* fdatasync fails on what cannot be synced (a pipe, /dev/full takes no data anyway) */
    if (sync && fdatasync(w->fd) != 0 && errno != EINVAL) {
        fail(w, "sync", 0);
        return false;
    }
    return true;
}

bool dgrec_close_write(dgrec_writer *w)
{
    if (!w) return true;
    bool ok = dgrec_flush(w, true) && !w->failed;
    if (close(w->fd) != 0) ok = false;
    free(w);
    return ok;
}

bool dgrec_failed(const dgrec_writer *w)
{
    return w && atomic_load(&w->failed);
}

void dgrec_counters(const dgrec_writer *w, uint64_t *recorded, uint64_t *errors)
{
    *recorded = w ? atomic_load(&w->recorded) : 0;
    *errors = w ? atomic_load(&w->errors) : 0;
}

/* ---------------------------------------------------------------- reading */

typedef struct rec_iface {
    uint16_t linktype;
    uint16_t sensor;
    uint8_t tsresol;
} rec_iface;

/* What a reader needs to decode blocks from the middle of a section. */
typedef struct rec_section {
    bool swap; /* section written in the other byte order */
    bool dg;   /* written by darkglobe: interface names are sensor names */
    int nif;
    rec_iface ifc[DGREC_MAX_IFACES];
} rec_section;

struct dgrec_reader {
    FILE *f;
    char path[4096];
    rec_section sec;
    dgw_sensor_table st;
    uint64_t recv_ns;
    uint64_t errors, bad_alerts;
    uint64_t bad_ts;     /* packets skipped for an impossible time */
    uint64_t alert_recv; /* receive time of the alert just read */
    bool torn;
    uint64_t skip_before;
    uint32_t type; /* current block */
    uint8_t *body; /* its body (after type and length, before the trailing length) */
    size_t len, cap;
};

enum step { ST_END, ST_RECORD, ST_ALERT, ST_BATCH, ST_OTHER };

static uint32_t get32(const rec_section *s, const uint8_t *p)
{
    return s->swap ? dgb_be32(p) : dgb_le32(p);
}

static uint16_t get16(const rec_section *s, const uint8_t *p)
{
    return s->swap ? dgb_be16(p) : dgb_le16(p);
}

static uint64_t get64(const rec_section *s, const uint8_t *p)
{
    uint64_t lo = get32(s, p), hi = get32(s, p + 4);
    return s->swap ? lo << 32 | hi : hi << 32 | lo;
}

static void torn_tail(dgrec_reader *r, long off, const char *why)
{
    if (r->torn) return;
    r->torn = true;
    r->errors++;
    fprintf(stderr, "recording %s: %s at offset %ld; the rest is ignored\n", r->path, why, off);
}

/* Reads the block at the current position: true when whole and consistent. */
static bool read_block(dgrec_reader *r)
{
    if (r->torn) return false; /* nothing after a torn or corrupt block is trusted */
    long off = ftell(r->f);
    uint8_t h[12];
    size_t got = fread(h, 1, 8, r->f);
    if (got == 0 && !ferror(r->f)) return false;
    if (got < 8) return torn_tail(r, off, "torn block header"), false;
    rec_section probe = r->sec;
    r->type = get32(&probe, h);
    if (h[0] == 0x0A && h[1] == 0x0D && h[2] == 0x0D && h[3] == 0x0A) {
        if (fread(h + 8, 1, 4, r->f) != 4) return torn_tail(r, off, "torn section header"), false;
        probe.swap = h[8] == 0x1A; /* BOM read little-endian: 0x4D,0x3C,0x2B,0x1A */
        r->type = BT_SHB;
        fseek(r->f, -4, SEEK_CUR);
    }
    uint32_t total = get32(&probe, h + 4);
    if (total < 12 || total % 4 || total > MAX_BLOCK)
        return torn_tail(r, off, "corrupt block length"), false;
    r->len = total - 12;
    if (r->cap < total) {
        uint8_t *nb = realloc(r->body, total);
        if (!nb) return torn_tail(r, off, "out of memory"), false;
        r->body = nb, r->cap = total;
    }
    if (fread(r->body, 1, total - 8, r->f) != total - 8)
        return torn_tail(r, off, "torn block"), false;
    if (get32(&probe, r->body + r->len) != total)
        return torn_tail(r, off, "block lengths disagree"), false;
    if (r->type == BT_SHB) r->sec.swap = probe.swap;
    return true;
}

/* Finds option code in an options area; returns its value and length, or NULL. */
static const uint8_t *find_opt(const rec_section *s, const uint8_t *p, size_t len, unsigned code,
                               size_t *olen)
{
    size_t i = 0;
    while (i + 4 <= len) {
        unsigned c = get16(s, p + i), l = get16(s, p + i + 2);
        if (c == 0 || i + 4 + l > len) return NULL;
        if (c == code) return *olen = l, p + i + 4;
        i += 4 + pad4(l);
    }
    return NULL;
}

static void on_shb(dgrec_reader *r)
{
    bool swap = r->sec.swap;
    memset(&r->sec, 0, sizeof r->sec);
    r->sec.swap = swap;
    r->recv_ns = 0;
    size_t l = 0;
    const uint8_t *v = r->len > 16 ? find_opt(&r->sec, r->body + 16, r->len - 16, 4, &l) : NULL;
    r->sec.dg = v && l >= 9 && memcmp(v, "darkglobe", 9) == 0;
}

static uint16_t intern(dgw_sensor_table *st, const uint8_t *name, size_t len)
{
    char buf[DGW_SENSOR_NAME_LEN];
    if (len == 0 || len >= sizeof buf) return DG_SENSOR_NONE;
    memcpy(buf, name, len);
    buf[len] = 0;
    for (int i = 0; i < st->count; i++)
        if (strcmp(st->name[i], buf) == 0) return (uint16_t)i;
    if (st->count == DGW_MAX_SENSORS) return DG_SENSOR_NONE;
    memcpy(st->name[st->count], buf, len + 1);
    return (uint16_t)st->count++;
}

static void on_idb(dgrec_reader *r)
{
    if (r->len < 8 || r->sec.nif == DGREC_MAX_IFACES) {
        r->errors++;
        return;
    }
    rec_iface *i = &r->sec.ifc[r->sec.nif++];
    i->linktype = get16(&r->sec, r->body);
    i->tsresol = 6;
    i->sensor = DG_SENSOR_NONE;
    size_t l = 0;
    const uint8_t *v = find_opt(&r->sec, r->body + 8, r->len - 8, 9, &l);
    if (v && l >= 1) i->tsresol = v[0];
    v = find_opt(&r->sec, r->body + 8, r->len - 8, 2, &l);
    if (v && r->sec.dg) i->sensor = intern(&r->st, v, l);
}

static uint64_t pow10u(unsigned e)
{
    uint64_t v = 1;
    while (e--)
        v *= 10;
    return v;
}

/* Converts a timestamp in interface units to nanoseconds; false when the result would not
 * be a possible time (timestamp.h) - computed in 128 bits, so nothing wraps. */
static bool units_to_ns(uint64_t u, uint8_t tsresol, uint64_t *ns)
{
    unsigned e = tsresol & 0x7F;
    unsigned __int128 v;
    if (tsresol & 0x80)
        v = ((unsigned __int128)u * 1000000000u) >> e;
    else if (e <= 9)
        v = (unsigned __int128)u * pow10u(9 - e);
    else
        v = e > 19 ? 0 : u / pow10u(e - 9);
    if (v >= DGTM_LIMIT_NS) return false;
    *ns = (uint64_t)v;
    return true;
}

static int dlt_of(uint16_t linktype)
{
    if (linktype == LINKTYPE_RAW) return DLT_RAW;
    if (linktype == 108) return DLT_LOOP;
    return linktype;
}

/* Our own records carry their presence bits in an EPB option; without it (a recording made
 * before the option existed) zero seq, destination, TTL and length read as unknown, as in
 * version 1 of the wire format. Fields the bits leave out are cleared. */
static void epb_have(dgrec_reader *r, uint32_t caplen, dg_record *out)
{
    size_t at = 20 + pad4(caplen), l = 0;
    const uint8_t *v =
        at < r->len ? find_opt(&r->sec, r->body + at, r->len - at, OPT_CUSTOM_BIN, &l) : NULL;
    static const uint8_t zero[16];
    uint16_t have = out->have;
    if (v && l >= OPT_HAVE_LEN && get32(&r->sec, v) == DGREC_PEN) {
        have &= get16(&r->sec, v + 4);
        uint32_t pkts = get32(&r->sec, v + 8);
        out->tags = (uint8_t)get16(&r->sec, v + 6);
        out->pkts = pkts > 1 ? pkts : 0;
    } else {
        if (!out->seq) have &= (uint16_t)~DG_HAVE_SEQ;
        if (!memcmp(out->dst, zero, 16)) have &= (uint16_t)~DG_HAVE_DST;
        if (!out->ttl) have &= (uint16_t)~DG_HAVE_TTL;
        if (!out->ip_len) have &= (uint16_t)~DG_HAVE_LEN;
        have &= (uint16_t)~(DG_HAVE_IPID | DG_HAVE_WIN | DG_HAVE_OPTS | DG_HAVE_MSS);
    }
    dg_record_mask(out, have);
}

/* Decodes the current EPB into out; false (counted) when it cannot be used. */
static bool on_epb(dgrec_reader *r, dg_record *out)
{
    if (r->len < 20) return r->errors++, false;
    uint32_t ifc = get32(&r->sec, r->body), caplen = get32(&r->sec, r->body + 12);
    if (ifc >= (uint32_t)r->sec.nif || caplen > r->len - 20) return r->errors++, false;
    const rec_iface *i = &r->sec.ifc[ifc];
    const uint8_t *pkt = r->body + 20;
    bool ours = i->linktype == LINKTYPE_ETHERNET && r->sec.dg && caplen > ETH_HLEN;
    int rc = ours ? dgpp_parse_ip(pkt + ETH_HLEN, caplen - ETH_HLEN,
                                  DGPP_PORTS_ANY | DGPP_CAPLEN_ONLY, out)
                  : dgpp_parse_frame(dlt_of(i->linktype), pkt, caplen, out);
    if (rc != DGPP_OK) return r->errors++, false;
    if (ours) epb_have(r, caplen, out);
    uint64_t units = (uint64_t)get32(&r->sec, r->body + 4) << 32 | get32(&r->sec, r->body + 8);
    if (!units_to_ns(units, i->tsresol, &out->ts_ns)) return r->bad_ts++, false;
    out->sensor = i->sensor;
    return true;
}

/* Classifies a darkglobe custom block; ST_OTHER for anyone else's. */
static int on_custom(dgrec_reader *r, dgrec_item *item)
{
    if (r->len < 20 || get32(&r->sec, r->body) != DGREC_PEN || memcmp(r->body + 4, DG_MAGIC, 4))
        return ST_OTHER;
    uint32_t kind = get32(&r->sec, r->body + 8);
    uint64_t recv = get64(&r->sec, r->body + 12);
    if (kind == CB_BATCH) return r->recv_ns = recv, ST_BATCH;
    if (kind != CB_ALERT || r->len < 24) return ST_OTHER;
    uint32_t jl = get32(&r->sec, r->body + 20);
    char why[128] = "";
    if (jl > r->len - 24 ||
        !dgj_parse_alert((const char *)r->body + 24, jl, recv, &item->alert, why, sizeof why)) {
        if (r->bad_alerts++ == 0) /* one message; dgrec_errors counts them all */
            fprintf(stderr, "recording %s: bad alert skipped: %s\n", r->path, why);
        r->errors++;
        return ST_OTHER;
    }
    r->alert_recv = recv;
    return ST_ALERT;
}

/* Reads and applies one block. */
static int step(dgrec_reader *r, dg_record *rec, dgrec_item *item)
{
    if (!read_block(r)) return ST_END;
    switch (r->type) {
    case BT_SHB: on_shb(r); return ST_BATCH; /* a new section starts a new run */
    case BT_IDB: on_idb(r); return ST_OTHER;
    case BT_EPB: return on_epb(r, rec) ? ST_RECORD : ST_OTHER;
    case BT_CB_COPY:
    case BT_CB_NOCOPY: return on_custom(r, item);
    default: return ST_OTHER;
    }
}

int dgrec_next(dgrec_reader *r, dg_record *out, size_t max, dgrec_item *item)
{
    item->n = 0;
    item->recv_ns = r->recv_ns;
    while (item->n < max) {
        long off = ftell(r->f);
        int st = step(r, &out[item->n], item);
        if (st == ST_END) break;
        if (st == ST_RECORD) {
            if (out[item->n].ts_ns < r->skip_before) continue;
            r->skip_before = 0;
            item->n++;
        } else if ((st == ST_ALERT || st == ST_BATCH) && item->n > 0) {
            /* the run ends here: give this block back and return the run */
            fseek(r->f, off, SEEK_SET);
            return item->kind = DGREC_RECORDS;
        } else if (st == ST_ALERT) {
            item->recv_ns = r->alert_recv;
            return item->kind = DGREC_ALERT;
        } else if (st == ST_BATCH) {
            item->recv_ns = r->recv_ns;
        }
    }
    return item->kind = item->n ? DGREC_RECORDS : DGREC_END;
}

dgrec_reader *dgrec_open_read(const char *path, char *err, size_t errcap)
{
    dgrec_reader *r = calloc(1, sizeof *r);
    if (!r) return snprintf(err, errcap, "out of memory"), NULL;
    snprintf(r->path, sizeof r->path, "%s", path);
    r->f = fopen(path, "rb");
    uint8_t m[4] = {0};
    if (!r->f) {
        snprintf(err, errcap, "%s: %s", path, strerror(errno));
    } else if (fread(m, 1, 4, r->f) != 4 || memcmp(m, "\x0A\x0D\x0D\x0A", 4) != 0) {
        snprintf(err, errcap, "%s: not a pcapng file (no section header block)", path);
    } else {
        rewind(r->f);
        return r;
    }
    dgrec_close_read(r);
    return NULL;
}

const dgw_sensor_table *dgrec_sensors(const dgrec_reader *r)
{
    return &r->st;
}
uint64_t dgrec_errors(const dgrec_reader *r)
{
    return r->errors;
}
uint64_t dgrec_bad_ts(const dgrec_reader *r)
{
    return r->bad_ts;
}
bool dgrec_torn(const dgrec_reader *r)
{
    return r->torn;
}

bool dgrec_rewind(dgrec_reader *r)
{
    rewind(r->f);
    memset(&r->sec, 0, sizeof r->sec);
    r->recv_ns = 0;
    r->skip_before = 0;
    r->torn = false;
    return true;
}

void dgrec_close_read(dgrec_reader *r)
{
    if (!r) return;
    if (r->f) fclose(r->f);
    free(r->body);
    free(r);
}

/* ---------------------------------------------------------------- appending */

/* Offset just past the last whole block of an existing file; -1 if it is not pcapng. */
static long valid_end(const char *path, char *err, size_t errcap)
{
    char e[256];
    dgrec_reader *r = dgrec_open_read(path, e, sizeof e);
    if (!r) {
        snprintf(err, errcap, "cannot append: %s", e);
        return -1;
    }
    long end = 0;
    while (read_block(r))
        end = ftell(r->f);
    if (r->torn) fprintf(stderr, "recording %s: cutting the torn tail before appending\n", path);
    dgrec_close_read(r);
    return end;
}

dgrec_writer *dgrec_open_write(const char *path, bool append, char *err, size_t errcap)
{
    dgrec_writer *w = calloc(1, sizeof *w);
    if (!w) return snprintf(err, errcap, "out of memory"), NULL;
    snprintf(w->path, sizeof w->path, "%s", path);
    struct stat sb;
    bool existing = append && stat(path, &sb) == 0 && sb.st_size > 0;
    long end = existing ? valid_end(path, err, errcap) : 0;
    if (end < 0) return free(w), NULL;
    w->fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | (existing ? 0 : O_TRUNC), 0666);
    if (w->fd < 0 ||
        (existing && (ftruncate(w->fd, end) != 0 || lseek(w->fd, end, SEEK_SET) != end))) {
        snprintf(err, errcap, "%s: %s", path, strerror(errno));
        if (w->fd >= 0) close(w->fd);
        return free(w), NULL;
    }
    w->last_flush_ns = dg_mono_ns();
    w->file_end = end;
    if (!write_shb(w) || !dgrec_flush(w, false)) {
        snprintf(err, errcap, "%s: cannot write: %s", path, strerror(w->err_no));
        close(w->fd);
        return free(w), NULL;
    }
    return w;
}

/* ---------------------------------------------------------------- index */

typedef struct rec_point {
    long off;
    uint64_t ts_ns, recv_ns;
    rec_section sec;
} rec_point;

struct dgrec_index {
    rec_point *pt;
    size_t n, cap;
    dgw_sensor_table st;
    uint64_t first_ns, last_ns, records, alerts;
};

static bool add_point(dgrec_index *ix, const rec_point *p)
{
    if (ix->n == ix->cap) {
        size_t cap = ix->cap ? ix->cap * 2 : 64;
        rec_point *np = realloc(ix->pt, cap * sizeof *np);
        if (!np) return false;
        ix->pt = np, ix->cap = cap;
    }
    ix->pt[ix->n++] = *p;
    return true;
}

static void note_record(dgrec_index *ix, uint64_t ts)
{
    if (ix->records == 0 || ts < ix->first_ns) ix->first_ns = ts;
    if (ts > ix->last_ns) ix->last_ns = ts;
    ix->records++;
}

dgrec_index *dgrec_index_build(const char *path, unsigned every, char *err, size_t errcap)
{
    dgrec_reader *r = dgrec_open_read(path, err, errcap);
    dgrec_index *ix = r ? calloc(1, sizeof *ix) : NULL;
    if (!ix) {
        if (r) snprintf(err, errcap, "out of memory");
        dgrec_close_read(r);
        return NULL;
    }
    every = every ? every : DGREC_INDEX_EVERY;
    dg_record rec;
    dgrec_item *item = malloc(sizeof *item);
    for (;;) {
        long off = ftell(r->f);
        uint64_t recv = r->recv_ns;
        int st = item ? step(r, &rec, item) : ST_END;
        if (st == ST_END) break;
        if (st == ST_ALERT) ix->alerts++;
        if (st != ST_RECORD) continue;
        if (ix->records % every == 0)
            add_point(ix,
                      &(rec_point){.off = off, .ts_ns = rec.ts_ns, .recv_ns = recv, .sec = r->sec});
        note_record(ix, rec.ts_ns);
    }
    ix->st = r->st;
    dgrec_close_read(r);
    free(item);
    return ix;
}

size_t dgrec_index_points(const dgrec_index *ix)
{
    return ix->n;
}

void dgrec_index_span(const dgrec_index *ix, uint64_t *first_ns, uint64_t *last_ns)
{
    *first_ns = ix->first_ns;
    *last_ns = ix->last_ns;
}

void dgrec_index_totals(const dgrec_index *ix, uint64_t *records, uint64_t *alerts)
{
    *records = ix->records;
    *alerts = ix->alerts;
}

bool dgrec_seek(dgrec_reader *r, const dgrec_index *ix, uint64_t ts_ns)
{
    const rec_point *best = NULL;
    for (size_t i = 0; i < ix->n; i++)
        if (ix->pt[i].ts_ns <= ts_ns) best = &ix->pt[i];
    if (ix->st.count > r->st.count) r->st = ix->st; /* both intern in file order */
    if (!best) {
        dgrec_rewind(r);
    } else {
        if (fseek(r->f, best->off, SEEK_SET) != 0) return false;
        r->sec = best->sec;
        r->recv_ns = best->recv_ns;
        r->torn = false;
    }
    r->skip_before = ts_ns;
    return true;
}

void dgrec_index_free(dgrec_index *ix)
{
    if (!ix) return;
    free(ix->pt);
    free(ix);
}
