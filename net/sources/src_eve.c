/* src_eve.c - Suricata EVE JSON lines (plain, gzip or stdin) as a dg_source. A "flow" event
 * becomes ONE record standing for its packets toward the server (pkts_toserver, time from
 * "start"), a "netflow" event one record for its one direction; an "alert" event becomes a
 * dg_alert delivered through the source's alert slot, before the records that follow it in
 * the file. Other event types (dns, http, stats, ...) are skipped. Field mapping and what
 * EVE cannot say: docs/sources.md. JSON parsing: cJSON; lines and bad-line reports: linereader.h. */
#include "formats.h"
#include "timestamp.h"
#include "source_kinds.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "linereader.h"
#include "logfields.h"
#include "text_sanitize.h"

#define EVE_MAX_LINE (1 << 20) /* alerts with payload and metadata run to tens of KB */
#define EVE_ALERTS 4096        /* alerts in a row without a flow between them */

typedef enum { EV_SKIP, EV_RECORD, EV_ALERT, EV_BAD } ev_kind;

typedef struct eve_impl {
    dglr lr;
    uint64_t skip_before;
    dg_alert held; /* read after records were taken: it precedes the next batch */
    bool has_held;
    dg_alert ring[EVE_ALERTS];
    size_t head, count;
    uint64_t dropped; /* alerts pushed out of a full ring */
} eve_impl;

/* ---- field access ---- */

static const char *str_item(const cJSON *o, const char *key)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(it) ? it->valuestring : NULL;
}

/* An integer member in lo..hi: 1 present and valid, 0 absent, -1 present but invalid. */
static int int_item(const cJSON *o, const char *key, double lo, double hi, double *out)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!it) return 0;
    if (!cJSON_IsNumber(it)) return -1;
    double v = it->valuedouble;
    if (!(v >= lo && v <= hi) || v != (double)(uint64_t)v) return -1;
    *out = v;
    return 1;
}

/* One port-like member into *field with its presence bit. */
static bool port_item(const cJSON *o, const char *key, uint16_t *field, uint16_t bit,
                      dg_record *r)
{
    double v;
    int got = int_item(o, key, 0, 65535, &v);
    if (got < 0) return false;
    if (got) *field = (uint16_t)v, r->have |= bit;
    return true;
}

/* ---- the common tuple ---- */

/* Addresses, protocol, ports (ICMP type and code in sport/dport), sensor ("host"). */
static bool parse_tuple(dg_source *s, const cJSON *o, dg_record *r, const char **why)
{
    const char *src = str_item(o, "src_ip"), *dst = str_item(o, "dest_ip");
    const char *proto = str_item(o, "proto"), *host = str_item(o, "host");
    int sv, dv;
    if (!src || !dg_addr_parse(src, r->src, &sv)) return *why = "bad or missing src_ip", false;
    if (!dst || !dg_addr_parse(dst, r->dst, &dv)) return *why = "bad or missing dest_ip", false;
    if (sv != dv) return *why = "src_ip and dest_ip of different IP versions", false;
    if (!proto || !dglf_proto(proto, &r->proto)) return *why = "bad or missing proto", false;
    r->ip_ver = (uint8_t)sv;
    r->have = DG_HAVE_DST;
    bool icmp = r->proto == DG_PROTO_ICMP || r->proto == DG_PROTO_ICMP6;
    bool ok = icmp ? port_item(o, "icmp_type", &r->sport, DG_HAVE_SPORT, r) &&
                         port_item(o, "icmp_code", &r->dport, DG_HAVE_DPORT, r)
                   : port_item(o, "src_port", &r->sport, DG_HAVE_SPORT, r) &&
                         port_item(o, "dest_port", &r->dport, DG_HAVE_DPORT, r);
    if (!ok) return *why = "bad port or ICMP type/code", false;
    if (icmp && (r->sport > 255 || r->dport > 255)) return *why = "ICMP type/code over 255", false;
    r->sensor = DG_SENSOR_NONE;
    if (host && (*why = dglf_sensor(&s->sensors, host, &r->sensor))) return false;
    return true;
}

/* The direction's TCP flags: "tcp_flags_ts" of a flow (to the server), "tcp_flags" of a
 * unidirectional netflow event. */
static bool parse_flags(const cJSON *o, const char *key, dg_record *r)
{
    const cJSON *tcp = cJSON_GetObjectItemCaseSensitive(o, "tcp");
    const char *hex = tcp ? str_item(tcp, key) : NULL;
    if (r->proto != DG_PROTO_TCP || !hex) return true;
    if (!dglf_flags_hex(hex, &r->flags)) return false;
    r->have |= DG_HAVE_FLAGS;
    return true;
}

/* "flow" (sub "flow", packets "pkts_toserver") or "netflow" (sub "netflow", "pkts"). */
static ev_kind parse_flow(dg_source *s, const cJSON *o, bool netflow, dg_record *r,
                          const char **why)
{
    const cJSON *f = cJSON_GetObjectItemCaseSensitive(o, netflow ? "netflow" : "flow");
    if (!cJSON_IsObject(f)) return *why = netflow ? "no netflow object" : "no flow object", EV_BAD;
    double pkts, lo, hi;
    if (int_item(f, netflow ? "pkts" : "pkts_toserver", 0, 4294967295.0, &pkts) != 1)
        return *why = "bad or missing packet count", EV_BAD;
    const char *start = str_item(f, "start"), *end = str_item(f, "end");
    uint64_t end_ns;
    if (!start || dgtm_parse_iso(start, &r->ts_ns) != DGTM_OK)
        return *why = "bad or missing start", EV_BAD;
    if (end && (dgtm_parse_iso(end, &end_ns) != DGTM_OK || end_ns < r->ts_ns))
        return *why = "bad end (or before start)", EV_BAD;
    if (!parse_tuple(s, o, r, why)) return EV_BAD;
    if (!parse_flags(o, netflow ? "tcp_flags" : "tcp_flags_ts", r))
        return *why = "bad tcp flags", EV_BAD;
    /* one TTL for all the packets only when the smallest and largest agree */
    if (netflow && int_item(f, "min_ttl", 0, 255, &lo) == 1 &&
        int_item(f, "max_ttl", 0, 255, &hi) == 1 && lo == hi)
        r->ttl = (uint8_t)lo, r->have |= DG_HAVE_TTL;
    if (pkts == 0) return EV_SKIP; /* nothing reached the server (a one-sided flow) */
    r->pkts = pkts > 1 ? (uint32_t)pkts : 0;
    return EV_RECORD;
}

/* ---- alerts ---- */

/* Suricata's severity 1 is the highest, 3 the lowest; custom rules may use more. */
static uint8_t map_severity(double sev)
{
    if (sev == 1) return DG_SEV_HIGH;
    if (sev == 2) return DG_SEV_MEDIUM;
    if (sev == 3) return DG_SEV_LOW;
    return DG_SEV_INFO;
}

static void put_text(char *dst, size_t cap, const char *src)
{
    dg_text_sanitize(dst, cap, src, strlen(src));
}

/* "category; sid N; 203.0.113.9:40123 -> 198.51.100.20:23 TCP" */
static void alert_detail(dg_alert *a, const cJSON *o, const cJSON *al, const dg_record *r)
{
    const char *cat = str_item(al, "category"), *dst = str_item(o, "dest_ip");
    const char *proto = str_item(o, "proto");
    double sid = 0;
    char ports[2][8] = {"", ""}, text[sizeof a->detail];
    if (r->have & DG_HAVE_SPORT) snprintf(ports[0], sizeof ports[0], ":%u", r->sport);
    if (r->have & DG_HAVE_DPORT) snprintf(ports[1], sizeof ports[1], ":%u", r->dport);
    int_item(al, "signature_id", 0, 4294967295.0, &sid);
    snprintf(text, sizeof text, "%s; sid %.0f; %s%s -> %s%s %s", cat ? cat : "no category", sid,
             a->src, ports[0], dst, ports[1], proto);
    put_text(a->detail, sizeof a->detail, text);
}

static ev_kind parse_alert(dg_source *s, const cJSON *o, dg_alert *a, const char **why)
{
    const cJSON *al = cJSON_GetObjectItemCaseSensitive(o, "alert");
    const char *ts = str_item(o, "timestamp"), *sig = al ? str_item(al, "signature") : NULL;
    const char *host = str_item(o, "host"), *src = str_item(o, "src_ip");
    dg_record r = {0};
    double sev = 0;
    memset(a, 0, sizeof *a);
    if (!cJSON_IsObject(al) || !sig) return *why = "alert without a signature", EV_BAD;
    if (!ts || dgtm_parse_iso(ts, &a->ts_ns) != DGTM_OK)
        return *why = "bad or missing timestamp", EV_BAD;
    if (!parse_tuple(s, o, &r, why)) return EV_BAD;
    if (int_item(al, "severity", 0, 255, &sev) < 0) return *why = "bad severity", EV_BAD;
    a->last_ns = a->ts_ns;
    a->severity = map_severity(sev);
    a->count = 1;
    snprintf(a->kind, sizeof a->kind, "suricata");
    put_text(a->title, sizeof a->title, sig);
    put_text(a->src, sizeof a->src, src);
    if (host) put_text(a->sensor, sizeof a->sensor, host);
    a->proto = r.proto;
    a->dport = (r.have & DG_HAVE_DPORT) && r.proto != DG_PROTO_ICMP && r.proto != DG_PROTO_ICMP6
                   ? r.dport
                   : 0;
    alert_detail(a, o, al, &r);
    return EV_ALERT;
}

/* ---- lines ---- */

static ev_kind parse_line(dg_source *s, const char *line, dg_record *r, dg_alert *a,
                          const char **why)
{
    while (*line == ' ' || *line == '\t')
        line++;
    if (*line == 0 || *line == '#') return EV_SKIP;
    cJSON *o = cJSON_Parse(line);
    const char *type = o ? str_item(o, "event_type") : NULL;
    ev_kind k = EV_SKIP;
    memset(r, 0, sizeof *r);
    if (!cJSON_IsObject(o))
        *why = "not a JSON object", k = EV_BAD;
    else if (!type)
        *why = "no event_type", k = EV_BAD;
    else if (strcmp(type, "flow") == 0 || strcmp(type, "netflow") == 0)
        k = parse_flow(s, o, type[0] == 'n', r, why);
    else if (strcmp(type, "alert") == 0)
        k = parse_alert(s, o, a, why);
    cJSON_Delete(o);
    return k;
}

dgfmt_event dgsrc_eve_event(dg_source *s, const char *line, dg_record *r, dg_alert *a,
                            const char **why)
{
    switch (parse_line(s, line, r, a, why)) {
    case EV_RECORD: return DGFMT_EVENT_RECORD;
    case EV_ALERT: return DGFMT_EVENT_ALERT;
    case EV_BAD: return DGFMT_EVENT_BAD;
    default: return DGFMT_EVENT_SKIP;
    }
}

static void push_alert(dg_source *s, eve_impl *im, const dg_alert *a)
{
    if (im->count == EVE_ALERTS) { /* the oldest is dropped and counted */
        im->head = (im->head + 1) % EVE_ALERTS;
        im->count--;
        im->dropped++;
        s->src_errors++;
    }
    im->ring[(im->head + im->count++) % EVE_ALERTS] = *a;
}

static bool eve_alert(dg_source *s, dg_alert *out, uint64_t *recv_ns)
{
    eve_impl *im = s->impl;
    if (im->count == 0) return false;
    *out = im->ring[im->head];
    im->head = (im->head + 1) % EVE_ALERTS;
    im->count--;
    if (recv_ns) *recv_ns = 0;
    return true;
}

static int eve_next(dg_source *s, dg_record *out, size_t max)
{
    eve_impl *im = s->impl;
    if (im->has_held) push_alert(s, im, &im->held), im->has_held = false;
    size_t n = 0;
    bool too_long;
    dg_alert a;
    while (n < max && dglr_next(&im->lr, &too_long)) {
        const char *why = "line too long";
        ev_kind k = too_long ? EV_BAD : parse_line(s, im->lr.buf, &out[n], &a, &why);
        uint64_t ts = k == EV_ALERT ? a.ts_ns : out[n].ts_ns;
        if (k == EV_BAD) {
            s->src_errors++;
            dglr_bad(&im->lr, 1, why, "skipped");
        }
        if ((k != EV_RECORD && k != EV_ALERT) || ts < im->skip_before) continue;
        im->skip_before = 0;
        if (k == EV_RECORD) {
            n++;
        } else if (n == 0) {
            push_alert(s, im, &a);
        } else {
            im->held = a, im->has_held = true;
            break;
        }
    }
    if (n < max && !im->has_held && dglr_read_error(&im->lr, "events")) s->src_errors++;
    if (n == 0) dglr_summarise(&im->lr, "events");
    return (int)n;
}

static bool eve_rewind(dg_source *s)
{
    eve_impl *im = s->impl;
    if (!dglr_rewind(&im->lr)) return false;
    im->count = im->head = 0;
    im->has_held = false;
    im->skip_before = 0;
    return true;
}

static void eve_close(dg_source *s)
{
    eve_impl *im = s->impl;
    dglr_summarise(&im->lr, "events");
    if (im->dropped)
        fprintf(stderr, "%s: %llu alerts dropped (more than %d in a row without a flow)\n",
                im->lr.path, (unsigned long long)im->dropped, EVE_ALERTS);
    dglr_close(&im->lr);
    free(im);
    free(s);
}

/* The first non-blank line is a JSON object with an "event_type" and a "timestamp". */
bool dgsrc_eve_probe(const dgfmt_head *h)
{
    if (h->z != DGZ_NONE && h->z != DGZ_GZIP) return false;
    const char *p = h->text + strspn(h->text, " \t\r\n");
    size_t len = strcspn(p, "\r\n");
    if (*p != '{' || (p[len] == 0 && h->n == DGFMT_HEAD_BYTES)) return false; /* cut line */
    cJSON *o = cJSON_ParseWithLength(p, len);
    bool ok = cJSON_IsObject(o) && str_item(o, "event_type") && str_item(o, "timestamp");
    cJSON_Delete(o);
    return ok;
}

dg_source *dgsrc_eve(const char *path, char *err, size_t errcap)
{
    dg_source *s = calloc(1, sizeof *s);
    eve_impl *im = calloc(1, sizeof *im);
    if (!s || !im) {
        free(s), free(im);
        return snprintf(err, errcap, "out of memory"), NULL;
    }
    if (!dglr_open(&im->lr, path, EVE_MAX_LINE - 1, err, errcap)) {
        free(im), free(s);
        return NULL;
    }
    s->next = eve_next;
    s->rewind = eve_rewind;
    s->close = eve_close;
    s->kind = "eve";
    s->alert = eve_alert;
    s->impl = im;
    return s;
}
