/* jsonfeed.c - the JSON forms of the feed ("pkt" objects/arrays, "alert"
 * objects). Parsing validates every field (types, ranges, addresses, text) and
 * never trusts the sender; formatting writes the same form, so format -> parse
 * round-trips (timestamps to within 1 microsecond, see ts_to_ns). Threads:
 * pure functions; any thread. */
#include "jsonfeed.h"
#include "names.h"
#include "addr.h"
#include "text_sanitize.h"
#include "timestamp.h"

#include <arpa/inet.h>
#include <cjson/cJSON.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The reason of a record refused for its time: an impossible time is counted apart. */
static const char TS_REASON[] = "\"ts\" must be seconds in [0, 2^63 ns)";

/* ---- small helpers
 * ------------------------------------------------------------------- */

static void set_reason(char *reason, size_t cap, const char *fmt, ...)
{
    if (!reason || cap == 0) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, cap, fmt, ap);
    va_end(ap);
}

/* An optional member: NULL when absent or JSON null. */
static const cJSON *opt_item(const cJSON *obj, const char *key)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsNull(it) ? NULL : it;
}

/* True when it is a JSON number with no fractional part inside [lo, hi]. */
static bool int_in_range(const cJSON *it, double lo, double hi, double *out)
{
    if (!cJSON_IsNumber(it)) return false;
    double d = it->valuedouble;
    if (!isfinite(d) || d != floor(d) || d < lo || d > hi) return false;
    *out = d;
    return true;
}

/* Seconds since the epoch (fractional) to nanoseconds; 0 <= result < 2^63. The
 * double has 52 bits of mantissa, so the result is exact to about 0.25 us for
 * current dates. */
static bool ts_to_ns(const cJSON *it, uint64_t *ns)
{
    return cJSON_IsNumber(it) && dgtm_from_double(it->valuedouble, ns);
}

/* Parses an address string; returns 4 or 6 (the family), 0 if invalid. */
static int parse_addr(const char *s, uint8_t out[16])
{
    int ver;
    memset(out, 0, 16);
    return s && dg_addr_parse(s, out, &ver) ? ver : 0;
}

/* A protocol name of the feed protocol (names.h, any case) or a number 0..255. */
static bool parse_proto(const cJSON *it, uint8_t *proto)
{
    double d;
    if (int_in_range(it, 0, 255, &d)) {
        *proto = (uint8_t)d;
        return true;
    }
    return cJSON_IsString(it) && dgn_proto_from_wire_name(it->valuestring, proto);
}

static const char flag_letters[] = "FSRPAUEC"; /* bit i of the TCP flags byte */

/* tcpdump letters, or "." / "" for no flags. Unlike tcpdump, "." is not ACK
 * (write "A"); so "." is only accepted alone, never mixed with letters where it
 * would be ambiguous. */
static bool parse_flags(const char *s, uint8_t *flags)
{
    *flags = 0;
    if (strcmp(s, ".") == 0) return true;
    for (; *s; s++) {
        const char *p = strchr(flag_letters, *s);
        if (!p) return false;
        *flags |= (uint8_t)(1u << (p - flag_letters));
    }
    return true;
}

/* Sanitises a JSON string member into dst; false if it is not a string. */
static bool get_text(const cJSON *it, char *dst, size_t cap)
{
    if (!cJSON_IsString(it)) return false;
    dg_text_sanitize(dst, cap, it->valuestring, strlen(it->valuestring));
    return true;
}

/* Parses a NUL-free, length-delimited JSON text; the whole input must be one
 * value plus optional whitespace. The text is copied NUL-terminated first
 * because cJSON is not built with the sanitizers, so nothing may depend on it
 * honouring the length exactly. */
static cJSON *parse_json(const char *json, size_t len, char *reason, size_t cap)
{
    char *copy = malloc(len + 1);
    if (!copy) {
        set_reason(reason, cap, "out of memory");
        return NULL;
    }
    if (len) memcpy(copy, json, len);
    copy[len] = '\0';
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(copy, len, &end, false);
    size_t at = root && end ? (size_t)(end - copy) : 0;
    while (root && at < len && strchr(" \t\r\n", copy[at]) && copy[at])
        at++;
    if (!root || at != len) {
        set_reason(reason, cap, root ? "trailing data after JSON value" : "invalid JSON");
        cJSON_Delete(root);
        root = NULL;
    }
    free(copy);
    return root;
}

/* ---- pkt
 * -------------------------------------------------------------------------------
 */

/* Reads the optional integer member key into *out (left unchanged when absent) and sets
 * bit in *have when it is present. */
static bool opt_int(const cJSON *obj, const char *key, double hi, double *out, uint16_t *have,
                    uint16_t bit, char *reason, size_t cap)
{
    const cJSON *it = opt_item(obj, key);
    if (!it) return true;
    *have |= bit;
    if (int_in_range(it, 0, hi, out)) return true;
    set_reason(reason, cap, "\"%s\" must be an integer in 0..%.0f", key, hi);
    return false;
}

/* "src" is required; "dst" is optional (a log that did not record it leaves it unknown). */
static bool rec_addrs(const cJSON *obj, dg_record *r, char *reason, size_t cap)
{
    const cJSON *src = cJSON_GetObjectItemCaseSensitive(obj, "src");
    const cJSON *dst = opt_item(obj, "dst");
    if (!cJSON_IsString(src) || (dst && !cJSON_IsString(dst))) {
        set_reason(reason, cap, "\"src\" (required) and \"dst\" must be address strings");
        return false;
    }
    int fs = parse_addr(src->valuestring, r->src);
    int fd = dst ? parse_addr(dst->valuestring, r->dst) : fs;
    if (!fs || !fd) {
        set_reason(reason, cap, "bad %s address", fs ? "dst" : "src");
        return false;
    }
    if (fs != fd) {
        set_reason(reason, cap, "\"src\" and \"dst\" are of different IP families");
        return false;
    }
    r->ip_ver = (uint8_t)fs;
    if (dst) r->have |= DG_HAVE_DST;
    return true;
}

static bool rec_proto_flags(const cJSON *obj, dg_record *r, char *reason, size_t cap)
{
    const cJSON *proto = cJSON_GetObjectItemCaseSensitive(obj, "proto");
    if (!parse_proto(proto, &r->proto)) {
        set_reason(reason, cap, "\"proto\" must be tcp/udp/icmp/icmp6 or 0..255");
        return false;
    }
    const cJSON *flags = opt_item(obj, "flags");
    if (flags && (!cJSON_IsString(flags) || !parse_flags(flags->valuestring, &r->flags))) {
        set_reason(reason, cap, "\"flags\" must be a string of FSRPAUEC letters or \".\"");
        return false;
    }
    if (flags) r->have |= DG_HAVE_FLAGS;
    return true;
}

/* "opts": whether the TCP header carried options. An "mss" implies options; "opts":false
 * beside an "mss" contradicts it. */
static bool rec_opts(const cJSON *obj, dg_record *r, char *reason, size_t cap)
{
    const cJSON *o = opt_item(obj, "opts");
    bool mss = r->have & DG_HAVE_MSS;
    if (o && (!cJSON_IsBool(o) || (mss && cJSON_IsFalse(o)))) {
        set_reason(reason, cap, "\"opts\" must be true or false (true when \"mss\" is given)");
        return false;
    }
    if (!o && !mss) return true;
    r->have |= DG_HAVE_OPTS;
    r->tcp_opts = mss || cJSON_IsTrue(o);
    return true;
}

static bool rec_numbers(const cJSON *obj, uint64_t now_ns, dg_record *r, char *reason, size_t cap)
{
    const cJSON *ts = opt_item(obj, "ts");
    r->ts_ns = now_ns;
    if (ts && !ts_to_ns(ts, &r->ts_ns)) {
        set_reason(reason, cap, TS_REASON);
        return false;
    }
    double sport = 0, dport = 0, seq = 0, len = 0, ttl = 0, ipid = 0, win = 0, mss = 0, pkts = 1;
    uint16_t *h = &r->have;
    if (!opt_int(obj, "sport", 65535, &sport, h, DG_HAVE_SPORT, reason, cap) ||
        !opt_int(obj, "dport", 65535, &dport, h, DG_HAVE_DPORT, reason, cap) ||
        !opt_int(obj, "seq", 4294967295.0, &seq, h, DG_HAVE_SEQ, reason, cap) ||
        !opt_int(obj, "len", 65535, &len, h, DG_HAVE_LEN, reason, cap) ||
        !opt_int(obj, "ttl", 255, &ttl, h, DG_HAVE_TTL, reason, cap) ||
        !opt_int(obj, "ipid", 65535, &ipid, h, DG_HAVE_IPID, reason, cap) ||
        !opt_int(obj, "win", 65535, &win, h, DG_HAVE_WIN, reason, cap) ||
        !opt_int(obj, "mss", 65535, &mss, h, DG_HAVE_MSS, reason, cap))
        return false;
    r->sport = (uint16_t)sport;
    r->dport = (uint16_t)dport;
    r->seq = (uint32_t)seq;
    r->ip_len = (uint16_t)len;
    r->ttl = (uint8_t)ttl;
    r->ipid = (uint16_t)ipid;
    r->win = (uint16_t)win;
    r->mss = (uint16_t)mss;
    const cJSON *pk = opt_item(obj, "pkts");
    if (pk && !int_in_range(pk, 1, 4294967295.0, &pkts)) {
        set_reason(reason, cap, "\"pkts\" must be an integer in 1..4294967295");
        return false;
    }
    r->pkts = pkts > 1 ? (uint32_t)pkts : 0;
    const cJSON *tg = opt_item(obj, "tags");
    double tags = 0;
    if (tg && !int_in_range(tg, 0, DG_TAG_SPOOFED | DG_TAG_LARGE_SCAN, &tags)) {
        set_reason(reason, cap, "\"tags\" must be an integer of bits 1 (spoofed), 2 (large scan)");
        return false;
    }
    r->tags = (uint8_t)tags;
    return rec_opts(obj, r, reason, cap);
}

/* Finds or adds a sensor name; returns its index or -1 when the table is full.
 */
static int intern_sensor(dgw_sensor_table *st, const char *name)
{
    if (st->count < 0 || st->count > DGW_MAX_SENSORS) st->count = 0;
    for (int i = 0; i < st->count; i++)
        if (strcmp(st->name[i], name) == 0) return i;
    if (st->count == DGW_MAX_SENSORS) return -1;
    memset(st->name[st->count], 0, DGW_SENSOR_NAME_LEN);
    strcpy(st->name[st->count], name);
    return st->count++;
}

/* The sensor is resolved last so that a record rejected for another reason
 * leaves no name behind in the table. */
static bool rec_sensor(const cJSON *obj, dgw_sensor_table *st, dg_record *r, char *reason,
                       size_t cap)
{
    const cJSON *it = opt_item(obj, "sensor");
    r->sensor = DG_SENSOR_NONE;
    if (!it) return true;
    char name[DGW_SENSOR_NAME_LEN];
    if (!get_text(it, name, sizeof name) || name[0] == '\0') {
        set_reason(reason, cap, "\"sensor\" must be a non-empty string");
        return false;
    }
    if (!st) return true;
    int idx = intern_sensor(st, name);
    if (idx < 0) {
        set_reason(reason, cap, "more than %d sensor names in one message", DGW_MAX_SENSORS);
        return false;
    }
    r->sensor = (uint16_t)idx;
    return true;
}

static bool record_from_json(const cJSON *obj, uint64_t now_ns, dgw_sensor_table *st, dg_record *r,
                             char *reason, size_t cap)
{
    if (!cJSON_IsObject(obj)) {
        set_reason(reason, cap, "packet is not a JSON object");
        return false;
    }
    memset(r, 0, sizeof *r);
    return rec_addrs(obj, r, reason, cap) && rec_proto_flags(obj, r, reason, cap) &&
           rec_numbers(obj, now_ns, r, reason, cap) && rec_sensor(obj, st, r, reason, cap);
}

/* Array form: each bad element is dropped alone; the reason of the first one is
 * kept. Those refused for an impossible time are also counted in *nbad_ts. */
static bool records_from_array(const cJSON *arr, uint64_t now_ns, dgw_sensor_table *st,
                               dg_record *out, size_t max, size_t *n, size_t *nbad, size_t *nbad_ts,
                               char *reason, size_t cap)
{
    size_t count = (size_t)cJSON_GetArraySize(arr);
    if (max > DGW_MAX_RECORDS) max = DGW_MAX_RECORDS;
    if (count > max) {
        set_reason(reason, cap, "array of %zu packets exceeds the limit of %zu", count, max);
        return false;
    }
    char why[128];
    size_t i = 0;
    for (const cJSON *el = arr->child; el; el = el->next, i++) {
        if (record_from_json(el, now_ns, st, &out[*n], why, sizeof why)) {
            (*n)++;
            continue;
        }
        *nbad_ts += strcmp(why, TS_REASON) == 0;
        if ((*nbad)++ == 0) set_reason(reason, cap, "element %zu: %s", i, why);
    }
    return true;
}

bool dgj_parse_pkts(const char *json, size_t len, uint64_t now_ns, dgw_sensor_table *st,
                    dg_record *out, size_t max, size_t *n, size_t *nbad, size_t *nbad_ts,
                    char *reason, size_t reason_cap)
{
    size_t ignored;
    if (!nbad_ts) nbad_ts = &ignored;
    *n = 0;
    *nbad = 0;
    *nbad_ts = 0;
    set_reason(reason, reason_cap, "%s", "");
    cJSON *root = parse_json(json, len, reason, reason_cap);
    if (!root) return false;
    bool ok;
    if (cJSON_IsArray(root)) {
        ok = records_from_array(root, now_ns, st, out, max, n, nbad, nbad_ts, reason, reason_cap);
    } else if (cJSON_IsObject(root)) {
        ok = max > 0 ? record_from_json(root, now_ns, st, &out[0], reason, reason_cap) : false;
        if (max == 0) set_reason(reason, reason_cap, "no room for records");
        *n = ok ? 1 : 0;
        *nbad_ts = !ok && strcmp(reason, TS_REASON) == 0;
    } else {
        set_reason(reason, reason_cap, "pkt must be a JSON object or array");
        ok = false;
    }
    cJSON_Delete(root);
    return ok;
}

/* ---- alert
 * -----------------------------------------------------------------------------
 */

/* "addr" or "addr/prefix"; written back in canonical form, host bits as given. */
static bool parse_cidr(const char *s, char *out, size_t cap)
{
    dg_cidr c;
    if (dg_cidr_parse(s, &c) != DG_CIDR_OK) return false;
    char canon[INET6_ADDRSTRLEN];
    dg_addr_format(c.ip_ver, c.addr, canon, sizeof canon);
    if (!strchr(s, '/')) return snprintf(out, cap, "%s", canon) < (int)cap;
    return snprintf(out, cap, "%s/%u", canon, c.prefix) < (int)cap;
}

/* Optional text member; absent leaves dst as it is. */
static bool alert_text(const cJSON *obj, const char *key, char *dst, size_t cap, char *reason,
                       size_t rcap)
{
    const cJSON *it = opt_item(obj, key);
    if (!it || get_text(it, dst, cap)) return true;
    set_reason(reason, rcap, "\"%s\" must be a string", key);
    return false;
}

static bool alert_texts(const cJSON *obj, dg_alert *a, char *reason, size_t cap)
{
    if (!alert_text(obj, "id", a->id, sizeof a->id, reason, cap) ||
        !alert_text(obj, "kind", a->kind, sizeof a->kind, reason, cap) ||
        !alert_text(obj, "title", a->title, sizeof a->title, reason, cap) ||
        !alert_text(obj, "detail", a->detail, sizeof a->detail, reason, cap) ||
        !alert_text(obj, "org", a->org, sizeof a->org, reason, cap) ||
        !alert_text(obj, "sensor", a->sensor, sizeof a->sensor, reason, cap))
        return false;
    if (a->kind[0] == '\0') strcpy(a->kind, "external");
    if (a->title[0] == '\0') {
        set_reason(reason, cap, "\"title\" is required and must not be empty");
        return false;
    }
    return true;
}

static bool alert_severity_src(const cJSON *obj, dg_alert *a, char *reason, size_t cap)
{
    const cJSON *sev = cJSON_GetObjectItemCaseSensitive(obj, "severity");
    int s = cJSON_IsString(sev) ? dg_severity_parse(sev->valuestring) : -1;
    if (s < 0) {
        set_reason(reason, cap, "\"severity\" must be info|low|medium|high|critical");
        return false;
    }
    a->severity = (uint8_t)s;
    const cJSON *src = opt_item(obj, "src");
    if (src && (!cJSON_IsString(src) || !parse_cidr(src->valuestring, a->src, sizeof a->src))) {
        set_reason(reason, cap, "\"src\" must be an IP address or CIDR");
        return false;
    }
    return true;
}

static bool alert_location(const cJSON *obj, dg_alert *a, char *reason, size_t cap)
{
    const cJSON *lat = opt_item(obj, "lat"), *lon = opt_item(obj, "lon");
    if (!lat && !lon) return true;
    if (!cJSON_IsNumber(lat) || !cJSON_IsNumber(lon) || !(fabs(lat->valuedouble) <= 90) ||
        !(fabs(lon->valuedouble) <= 180)) {
        set_reason(reason, cap, "\"lat\"/\"lon\" must both be given, within +-90/+-180");
        return false;
    }
    a->has_loc = true;
    a->lat = (float)lat->valuedouble;
    a->lon = (float)lon->valuedouble;
    return true;
}

static bool alert_numbers(const cJSON *obj, uint64_t now_ns, dg_alert *a, char *reason, size_t cap)
{
    const cJSON *ts = opt_item(obj, "ts"), *proto = opt_item(obj, "proto");
    a->ts_ns = now_ns;
    if (ts && !ts_to_ns(ts, &a->ts_ns)) {
        set_reason(reason, cap, TS_REASON);
        return false;
    }
    a->last_ns = a->ts_ns;
    if (proto && !parse_proto(proto, &a->proto)) {
        set_reason(reason, cap, "\"proto\" must be tcp/udp/icmp/icmp6 or 0..255");
        return false;
    }
    double dport = 0, count = 1;
    uint16_t seen = 0;
    if (!opt_int(obj, "dport", 65535, &dport, &seen, 1, reason, cap)) return false;
    const cJSON *c = opt_item(obj, "count");
    if (c && !int_in_range(c, 1, 4294967295.0, &count)) {
        set_reason(reason, cap, "\"count\" must be an integer >= 1");
        return false;
    }
    a->dport = (uint16_t)dport;
    a->count = (uint32_t)count;
    return true;
}

bool dgj_parse_alert(const char *json, size_t len, uint64_t now_ns, dg_alert *out, char *reason,
                     size_t reason_cap)
{
    set_reason(reason, reason_cap, "%s", "");
    memset(out, 0, sizeof *out);
    cJSON *root = parse_json(json, len, reason, reason_cap);
    if (!root) return false;
    bool ok = cJSON_IsObject(root);
    if (!ok) set_reason(reason, reason_cap, "alert must be a JSON object");
    ok = ok && alert_severity_src(root, out, reason, reason_cap) &&
         alert_texts(root, out, reason, reason_cap) &&
         alert_numbers(root, now_ns, out, reason, reason_cap) &&
         alert_location(root, out, reason, reason_cap);
    cJSON_Delete(root);
    if (!ok) memset(out, 0, sizeof *out);
    return ok;
}

/* ---- formatting
 * ------------------------------------------------------------------------ */

/* Appends into a fixed buffer; ok turns false once anything did not fit. */
typedef struct jbuf {
    char *buf;
    size_t cap, len;
    bool ok;
} jbuf;

static void jb_printf(jbuf *b, const char *fmt, ...)
{
    if (!b->ok) return;
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(b->buf + b->len, b->cap - b->len, fmt, ap);
    va_end(ap);
    if (k < 0 || (size_t)k >= b->cap - b->len) {
        b->ok = false;
        return;
    }
    b->len += (size_t)k;
}

/* Appends ,"key":"text" with the text sanitised (at most textcap-1 bytes) and
 * escaped. */
static void jb_text(jbuf *b, const char *key, const char *text, size_t textcap)
{
    char clean[256];
    if (textcap > sizeof clean) textcap = sizeof clean;
    dg_text_sanitize(clean, textcap, text, strnlen(text, textcap));
    jb_printf(b, "%s\"%s\":\"", b->len > 1 ? "," : "", key);
    for (const char *p = clean; *p; p++) {
        if (*p == '"' || *p == '\\')
            jb_printf(b, "\\%c", *p);
        else
            jb_printf(b, "%c", *p);
    }
    jb_printf(b, "\"");
}

/* Shortest decimal seconds that hold every nanosecond of ts_ns. */
static void jb_ts(jbuf *b, uint64_t ns)
{
    char frac[16];
    snprintf(frac, sizeof frac, "%09llu", (unsigned long long)(ns % 1000000000u));
    for (int i = 8; i > 0 && frac[i] == '0'; i--)
        frac[i] = '\0';
    jb_printf(b, "\"ts\":%llu.%s", (unsigned long long)(ns / 1000000000u), frac);
}

static void jb_proto(jbuf *b, uint8_t proto)
{
    switch (proto) {
    case DG_PROTO_TCP: jb_printf(b, ",\"proto\":\"tcp\""); break;
    case DG_PROTO_UDP: jb_printf(b, ",\"proto\":\"udp\""); break;
    case DG_PROTO_ICMP: jb_printf(b, ",\"proto\":\"icmp\""); break;
    case DG_PROTO_ICMP6: jb_printf(b, ",\"proto\":\"icmp6\""); break;
    default: jb_printf(b, ",\"proto\":%u", proto);
    }
}

static void jb_flags(jbuf *b, uint8_t flags)
{
    char s[9];
    size_t k = 0;
    for (int i = 0; i < 8; i++)
        if (flags & (1u << i)) s[k++] = flag_letters[i];
    if (k == 0) s[k++] = '.';
    s[k] = '\0';
    jb_printf(b, ",\"flags\":\"%s\"", s);
}

static size_t jb_finish(jbuf *b)
{
    jb_printf(b, "}");
    if (b->ok) return b->len;
    if (b->cap) b->buf[0] = '\0';
    return 0;
}

/* Writes ,"key":v when the record observed that field: an unknown field is left out, never
 * written as 0. */
static void jb_known(jbuf *b, const dg_record *r, unsigned bit, const char *key, unsigned long v)
{
    if (dg_record_has(r, bit)) jb_printf(b, ",\"%s\":%lu", key, v);
}

/* Any ip_ver other than 4 is written as IPv6, so the output is always
 * parseable. */
size_t dgj_format_record(char *buf, size_t cap, const dg_record *r, const char *sensor_name)
{
    jbuf b = {buf, cap, 0, buf && cap > 0};
    char src[INET6_ADDRSTRLEN], dst[INET6_ADDRSTRLEN];
    dg_addr_format(r->ip_ver, r->src, src, sizeof src);
    dg_addr_format(r->ip_ver, r->dst, dst, sizeof dst);
    jb_printf(&b, "{");
    jb_ts(&b, r->ts_ns);
    jb_printf(&b, ",\"src\":\"%s\"", src);
    if (dg_record_has(r, DG_HAVE_DST)) jb_printf(&b, ",\"dst\":\"%s\"", dst);
    jb_known(&b, r, DG_HAVE_SPORT, "sport", r->sport);
    jb_known(&b, r, DG_HAVE_DPORT, "dport", r->dport);
    jb_proto(&b, r->proto);
    if (dg_record_has(r, DG_HAVE_FLAGS)) jb_flags(&b, r->flags);
    jb_known(&b, r, DG_HAVE_SEQ, "seq", r->seq);
    jb_known(&b, r, DG_HAVE_LEN, "len", r->ip_len);
    jb_known(&b, r, DG_HAVE_TTL, "ttl", r->ttl);
    jb_known(&b, r, DG_HAVE_IPID, "ipid", r->ipid);
    jb_known(&b, r, DG_HAVE_WIN, "win", r->win);
    jb_known(&b, r, DG_HAVE_MSS, "mss", r->mss);
    if (dg_record_has(r, DG_HAVE_OPTS)) jb_printf(&b, ",\"opts\":%s", r->tcp_opts ? "true" : "false");
    if (r->pkts > 1) jb_printf(&b, ",\"pkts\":%lu", (unsigned long)r->pkts);
    if (r->tags) jb_printf(&b, ",\"tags\":%u", r->tags);
    char name[DGW_SENSOR_NAME_LEN];
    if (sensor_name &&
        dg_text_sanitize(name, sizeof name, sensor_name, strnlen(sensor_name, 256)) > 0)
        jb_text(&b, "sensor", name, sizeof name);
    return jb_finish(&b);
}

static void jb_opt_text(jbuf *b, const char *key, const char *text, size_t cap)
{
    if (text[0]) jb_text(b, key, text, cap);
}

size_t dgj_format_alert(char *buf, size_t cap, const dg_alert *a)
{
    jbuf b = {buf, cap, 0, buf && cap > 0};
    jb_printf(&b, "{");
    jb_opt_text(&b, "id", a->id, sizeof a->id);
    jb_printf(&b, "%s", b.len > 1 ? "," : "");
    jb_ts(&b, a->ts_ns);
    jb_printf(&b, ",\"severity\":\"%s\"", dg_severity_name(a->severity));
    jb_text(&b, "kind", a->kind, sizeof a->kind);
    jb_text(&b, "title", a->title, sizeof a->title);
    jb_opt_text(&b, "detail", a->detail, sizeof a->detail);
    jb_opt_text(&b, "src", a->src, sizeof a->src);
    jb_opt_text(&b, "org", a->org, sizeof a->org);
    jb_opt_text(&b, "sensor", a->sensor, sizeof a->sensor);
    if (a->dport) jb_printf(&b, ",\"dport\":%u", a->dport);
    if (a->proto) jb_proto(&b, a->proto);
    if (a->has_loc && isfinite(a->lat) && isfinite(a->lon))
        jb_printf(&b, ",\"lat\":%.9g,\"lon\":%.9g", a->lat, a->lon);
    jb_printf(&b, ",\"count\":%lu", (unsigned long)a->count);
    return jb_finish(&b);
}
