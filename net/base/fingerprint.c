/* fingerprint.c - see fingerprint.h and docs/fingerprints.md. */
#include "fingerprint.h"
#include "bytes.h"

#include <stdlib.h>
#include <string.h>

#define ZMAP_IPID 54321
#define LSS_TTL 200
#define LSS_WIN 1024
#define TRACK_BITS 16

static const char *const names[DG_TOOL_COUNT] = {"mirai", "masscan", "zmap",
                                                 "unicorn", "lss", "backscatter"};
static const char *const labels[DG_TOOL_COUNT] = {"Mirai",       "Masscan",     "ZMap",
                                                  "Unicornscan", "Large-scale", "Backscatter"};

const char *dgfp_name(int i)
{
    return i >= 0 && i < DG_TOOL_COUNT ? names[i] : NULL;
}

const char *dgfp_label(int i)
{
    return i >= 0 && i < DG_TOOL_COUNT ? labels[i] : NULL;
}

unsigned dgfp_parse(const char *name)
{
    for (int i = 0; i < DG_TOOL_COUNT; i++)
        if (strcmp(name, names[i]) == 0) return 1u << i;
    return 0;
}

/* Masscan's templ-pkt.c: ip_id = ip_them ^ port_them ^ seq, truncated to 16 bits. */
static bool is_masscan(const dg_record *r)
{
    if (r->ip_ver != 4 || !dg_record_is_syn(r)) return false;
    if (!dg_record_has(r, DG_HAVE_IPID | DG_HAVE_DST | DG_HAVE_DPORT | DG_HAVE_SEQ)) return false;
    return r->ipid == (uint16_t)(dg_record_dst4(r) ^ r->dport ^ r->seq);
}

/* ZMap's probe modules build every IPv4 header with id 54321 (until 4.1 randomised it). */
static bool is_zmap(const dg_record *r)
{
    return r->ip_ver == 4 && dg_record_has(r, DG_HAVE_IPID) && r->ipid == ZMAP_IPID;
}

/* corsaro's large-scale scanner filter: option-less SYN, TTL >= 200, window 1024. */
static bool is_lss(const dg_record *r)
{
    if (!dg_record_is_syn(r)) return false;
    if (!dg_record_has(r, DG_HAVE_OPTS | DG_HAVE_TTL | DG_HAVE_WIN)) return false;
    return !r->tcp_opts && r->ttl >= LSS_TTL && r->win == LSS_WIN;
}

/* A reply to a packet the darknet never sent: SYN-ACK, RST, or an ICMP error. */
static bool is_backscatter(const dg_record *r)
{
    if (r->proto == DG_PROTO_TCP) {
        if (!dg_record_has(r, DG_HAVE_FLAGS)) return false;
        bool synack = (r->flags & (DG_TCP_SYN | DG_TCP_ACK)) == (DG_TCP_SYN | DG_TCP_ACK);
        return synack || (r->flags & DG_TCP_RST);
    }
    if (!dg_record_has(r, DG_HAVE_SPORT)) return false; /* the ICMP type */
    if (r->proto == DG_PROTO_ICMP) /* echo reply, unreachable, quench, redirect, time, param */
        return r->sport == 0 || r->sport == 3 || r->sport == 4 || r->sport == 5 ||
               r->sport == 11 || r->sport == 12;
    if (r->proto == DG_PROTO_ICMP6) return (r->sport >= 1 && r->sport <= 4) || r->sport == 129;
    return false;
}

unsigned dgfp_stateless(const dg_record *r)
{
    unsigned t = 0;
    if (dg_record_is_mirai(r)) t |= DG_TOOL_MIRAI;
    if (is_masscan(r)) t |= DG_TOOL_MASSCAN;
    if (is_zmap(r)) t |= DG_TOOL_ZMAP;
    /* corsaro's own large-scale-scan filter (a flowtuple's is_masscan) is this heuristic */
    if (is_lss(r) || (r->tags & DG_TAG_LARGE_SCAN)) t |= DG_TOOL_LSS;
    if (is_backscatter(r)) t |= DG_TOOL_BACKSCATTER;
    return t;
}

/* ---- Unicornscan ---------------------------------------------------------------------- */

typedef struct track_slot {
    uint32_t src; /* IPv4 source; 0: empty */
    uint32_t key;
    uint32_t probe; /* hash of the last probe's destination and ports */
} track_slot;

struct dgfp_tracker {
    track_slot slot[1u << TRACK_BITS];
};

dgfp_tracker *dgfp_tracker_create(void)
{
    return calloc(1, sizeof(dgfp_tracker));
}

void dgfp_tracker_destroy(dgfp_tracker *t)
{
    free(t);
}

static uint32_t src4(const dg_record *r)
{
    return dgb_be32(r->src);
}

/* True when this source's previous SYN, to another destination or port, carried the same
 * key. A retransmission of the same probe repeats its key whatever the tool: it proves
 * nothing. */
static bool unicorn_repeat(dgfp_tracker *t, const dg_record *r)
{
    unsigned need = DG_HAVE_SEQ | DG_HAVE_DST | DG_HAVE_SPORT | DG_HAVE_DPORT;
    if (r->ip_ver != 4 || !dg_record_is_syn(r) || !dg_record_has(r, need)) return false;
    uint32_t s = src4(r), dst = dg_record_dst4(r), ports = ((uint32_t)r->dport << 16) + r->sport;
    uint32_t key = r->seq ^ (dst ^ ports), probe = (dst * 2654435761u) ^ ports;
    track_slot *e = &t->slot[(s * 2654435761u) >> (32 - TRACK_BITS)];
    bool same = e->src == s && e->key == key && e->probe != probe;
    *e = (track_slot){.src = s, .key = key, .probe = probe};
    return same;
}

unsigned dgfp_tags(dgfp_tracker *t, const dg_record *r)
{
    unsigned tags = dgfp_stateless(r);
    if (t && unicorn_repeat(t, r)) tags |= DG_TOOL_UNICORN;
    return tags;
}
