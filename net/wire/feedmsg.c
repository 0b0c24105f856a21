/* feedmsg.c - route one feed message to its decoder by its topic prefix.
 * Threads: pure function on caller-owned storage; any thread. */
#include "feedmsg.h"
#include "jsonfeed.h"

#include <stdio.h>
#include <string.h>

static bool has_prefix(const uint8_t *msg, size_t len, const char *prefix)
{
    size_t n = strlen(prefix);
    return len >= n && memcmp(msg, prefix, n) == 0;
}

static bool decode_binary(const uint8_t *msg, size_t len, dgfm_result *res)
{
    int err = dgw_decode(msg, len, &res->sensors, res->recs, &res->nrec);
    if (err != DGW_OK) {
        snprintf(res->reason, sizeof res->reason, "binary batch: %s", dgw_strerror(err));
        return false;
    }
    res->kind = DGFM_PACKETS;
    return true;
}

static bool decode_pkts(const uint8_t *msg, size_t len, uint64_t now_ns, dgfm_result *res)
{
    size_t skip = strlen(DGFM_TOPIC_PKT);
    if (!dgj_parse_pkts((const char *)msg + skip, len - skip, now_ns, &res->sensors, res->recs,
                        DGW_MAX_RECORDS, &res->nrec, &res->nbad, NULL, res->reason,
                        sizeof res->reason))
        return false;
    res->kind = DGFM_PACKETS;
    return true;
}

static bool decode_alert(const uint8_t *msg, size_t len, uint64_t now_ns, dgfm_result *res)
{
    size_t skip = strlen(DGFM_TOPIC_ALERT);
    if (!dgj_parse_alert((const char *)msg + skip, len - skip, now_ns, &res->alert, res->reason,
                         sizeof res->reason))
        return false;
    res->kind = DGFM_ALERT;
    return true;
}

static bool reject(dgfm_result *res, const char *why)
{
    snprintf(res->reason, sizeof res->reason, "%s", why);
    return false;
}

bool dgfm_decode(const uint8_t *msg, size_t len, uint64_t now_ns, dgfm_result *res)
{
    /* Only the header fields are reset: recs[] is large and overwritten as needed. */
    res->kind = DGFM_NONE;
    res->sensors.count = 0;
    res->nrec = 0;
    res->nbad = 0;
    res->reason[0] = '\0';
    if (len > DGFM_MAX_MESSAGE) return reject(res, "oversize");
    if (!msg || len == 0) return reject(res, "empty message");
    bool ok;
    if (has_prefix(msg, len, DGW_MAGIC))
        ok = decode_binary(msg, len, res);
    else if (has_prefix(msg, len, DGFM_TOPIC_PKT))
        ok = decode_pkts(msg, len, now_ns, res);
    else if (has_prefix(msg, len, DGFM_TOPIC_ALERT))
        ok = decode_alert(msg, len, now_ns, res);
    else
        return reject(res, "unknown message type (expected DGPK, \"pkt \" or \"alert \")");
    if (!ok) {
        res->kind = DGFM_NONE;
        res->nrec = 0;
    }
    return ok;
}
