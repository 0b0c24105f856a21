/* logfields.c - see logfields.h. */
#include "logfields.h"
#include "text_sanitize.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define MAX_SECS 1.8e10 /* year 2540: beyond it a timestamp is garbage, not a date */

/* Digits after the decimal point, to nanoseconds; *p is left after them. */
static uint64_t parse_frac(const char **p)
{
    uint64_t frac = 0, scale = 1000000000ull;
    if (**p != '.') return 0;
    for ((*p)++; isdigit((unsigned char)**p); (*p)++)
        if (scale > 1) frac += (uint64_t)(**p - '0') * (scale /= 10);
    return frac;
}

/* A zone suffix as seconds east of UTC; false if malformed. */
static bool parse_zone(const char *p, long *east)
{
    *east = 0;
    if (*p == 0) return true;
    if (p[0] == 'Z' && p[1] == 0) return true;
    if (*p != '+' && *p != '-') return false;
    int sign = *p++ == '-' ? -1 : 1, d[4], n = 0;
    for (; *p && n < 4; p++) {
        if (*p == ':' && n == 2) continue;
        if (!isdigit((unsigned char)*p)) return false;
        d[n++] = *p - '0';
    }
    if (*p || (n != 2 && n != 4)) return false;
    long hh = d[0] * 10 + d[1], mm = n == 4 ? d[2] * 10 + d[3] : 0;
    if (hh > 23 || mm > 59) return false;
    *east = sign * (hh * 3600 + mm * 60);
    return true;
}

bool dglf_time_iso(const char *text, uint64_t *ns)
{
    struct tm tm = {0};
    const char *p = strptime(text, "%Y-%m-%d", &tm);
    if (!p || (*p != 'T' && *p != ' ')) return false;
    p = strptime(p + 1, "%H:%M:%S", &tm);
    if (!p) return false;
    uint64_t frac = parse_frac(&p);
    long east;
    if (!parse_zone(p, &east)) return false;
    time_t t = timegm(&tm);
    if (t == (time_t)-1) return false;
    long long secs = (long long)t - east;
    if (secs < 0 || secs > (long long)MAX_SECS) return false;
    *ns = (uint64_t)secs * 1000000000ull + frac;
    return true;
}

bool dglf_time_seconds(double secs, uint64_t *ns)
{
    if (!(secs >= 0 && secs < MAX_SECS)) return false;
    *ns = (uint64_t)(secs * 1e9 + 0.5);
    return true;
}

bool dglf_time_epoch(const char *text, uint64_t *ns)
{
    if (!isdigit((unsigned char)text[0])) return false;
    char *end;
    errno = 0;
    unsigned long long whole = strtoull(text, &end, 10);
    if (errno || whole > (unsigned long long)MAX_SECS) return false;
    const char *p = end;
    uint64_t frac = parse_frac(&p);
    if (*p) return false;
    *ns = (uint64_t)whole * 1000000000ull + frac;
    return true;
}

bool dglf_proto(const char *text, uint8_t *proto)
{
    static const struct {
        const char *name;
        uint8_t num;
    } names[] = {{"tcp", 6},       {"udp", 17},        {"icmp", 1},  {"icmp6", 58},
                 {"icmpv6", 58},   {"ipv6-icmp", 58},  {"sctp", 132}, {"gre", 47},
                 {"esp", 50},      {"ah", 51},         {"udplite", 136}, {"dccp", 33}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcasecmp(text, names[i].name) == 0) return *proto = names[i].num, true;
    if (!isdigit((unsigned char)text[0])) return false;
    char *end;
    errno = 0;
    unsigned long v = strtoul(text, &end, 10);
    if (errno || *end || v > 255) return false;
    *proto = (uint8_t)v;
    return true;
}

bool dglf_flags_letters(const char *text, uint8_t *flags)
{
    static const char letters[] = "FSRPAUEC";
    *flags = 0;
    for (const char *p = text; *p; p++) {
        if (*p == '.') continue;
        const char *l = strchr(letters, toupper((unsigned char)*p));
        if (!l) return false;
        *flags |= (uint8_t)(1u << (l - letters));
    }
    return true;
}

bool dglf_flags_hex(const char *text, uint8_t *flags)
{
    if (!isxdigit((unsigned char)text[0])) return false;
    char *end;
    errno = 0;
    unsigned long v = strtoul(text, &end, 16);
    if (errno || *end || v > 0xFF) return false;
    *flags = (uint8_t)v;
    return true;
}

const char *dglf_sensor(dgw_sensor_table *st, const char *name, uint16_t *idx)
{
    size_t len = strlen(name);
    char clean[DGW_SENSOR_NAME_LEN];
    if (len >= DGW_SENSOR_NAME_LEN) return "sensor name over 31 bytes";
    if (dg_text_sanitize(clean, sizeof clean, name, len) != len) return "sensor name is not clean text";
    for (int i = 0; i < st->count; i++)
        if (strcmp(st->name[i], name) == 0) return *idx = (uint16_t)i, NULL;
    if (st->count == DGW_MAX_SENSORS) return "more than 64 sensor names";
    memcpy(st->name[st->count], name, len + 1);
    *idx = (uint16_t)st->count++;
    return NULL;
}
