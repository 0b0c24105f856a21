/* timestamp.c - see timestamp.h. */
#include "timestamp.h"

#include <ctype.h>
#include <math.h>
#include <string.h>
#include <time.h>

#define NS_PER_S UINT64_C(1000000000)

bool dgtm_from_sec(int64_t sec, uint64_t frac_ns, uint64_t *ns)
{
    if (sec < 0 || frac_ns >= NS_PER_S) return false;
    /* sec * 1e9 + frac < 2^63 without computing anything that could wrap */
    if ((uint64_t)sec > (DGTM_LIMIT_NS - 1 - frac_ns) / NS_PER_S) return false;
    *ns = (uint64_t)sec * NS_PER_S + frac_ns;
    return true;
}

bool dgtm_from_double(double secs, uint64_t *ns)
{
    /* 9.3e9 s is past the limit: anything smaller converts without overflow */
    if (!isfinite(secs) || secs < 0 || secs >= 9.3e9) return false;
    double whole = floor(secs);
    uint64_t frac = (uint64_t)llround((secs - whole) * 1e9);
    if (frac == NS_PER_S) whole += 1, frac = 0;
    return dgtm_from_sec((int64_t)whole, frac, ns);
}

static bool leap(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

/* strptime takes a day 31 in any month and timegm would roll it into the next one. */
static bool on_calendar(const struct tm *tm)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int year = tm->tm_year + 1900;
    if (tm->tm_mon < 0 || tm->tm_mon > 11 || tm->tm_mday < 1) return false;
    int last = days[tm->tm_mon] + (tm->tm_mon == 1 && leap(year));
    return tm->tm_mday <= last && tm->tm_hour <= 23 && tm->tm_min <= 59 && tm->tm_sec <= 59;
}

/* The one fraction rule of every time text: '.' then at least one digit; digits past the
 * nanosecond are dropped (truncated, so a time never rounds up into the next second). p is
 * returned unchanged when there is no '.', NULL when the '.' has no digit. */
static const char *fraction(const char *p, uint64_t *frac)
{
    uint64_t scale = NS_PER_S;
    *frac = 0;
    if (*p != '.') return p;
    if (!isdigit((unsigned char)p[1])) return NULL;
    for (p++; isdigit((unsigned char)*p); p++)
        if (scale > 1) *frac += (uint64_t)(*p - '0') * (scale /= 10);
    return p;
}

/* "Z", "+hh:mm", "+hhmm" or "+hh" (or '-'), to seconds east of UTC; the end of the text
 * when offsets are refused or none is given. NULL when malformed. */
static const char *zone(const char *p, bool offsets, long *east)
{
    *east = 0;
    if (*p == 'Z') return p + 1;
    if (!offsets || (*p != '+' && *p != '-')) return p;
    int sign = *p++ == '-' ? -1 : 1, d[4], n = 0;
    for (; *p && n < 4; p++) {
        if (*p == ':' && n == 2) continue;
        if (!isdigit((unsigned char)*p)) return NULL;
        d[n++] = *p - '0';
    }
    if (n != 2 && n != 4) return NULL;
    long hh = d[0] * 10 + d[1], mm = n == 4 ? d[2] * 10 + d[3] : 0;
    if (hh > 23 || mm > 59) return NULL;
    *east = sign * (hh * 3600 + mm * 60);
    return p;
}

static dgtm_status parse_iso(const char *text, bool offsets, uint64_t *ns)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    const char *p = strptime(text, "%Y-%m-%d", &tm);
    if (!p || (*p != 'T' && *p != ' ')) return DGTM_SYNTAX;
    p = strptime(p + 1, "%H:%M:%S", &tm);
    uint64_t frac;
    long east = 0;
    if (p) p = fraction(p, &frac);
    if (p) p = zone(p, offsets, &east);
    if (!p || *p) return DGTM_SYNTAX;
    if (!on_calendar(&tm)) return DGTM_RANGE;
    time_t t = timegm(&tm);
    return dgtm_from_sec((int64_t)t - east, frac, ns) ? DGTM_OK : DGTM_RANGE;
}

dgtm_status dgtm_parse_utc(const char *text, uint64_t *ns)
{
    return parse_iso(text, false, ns);
}

dgtm_status dgtm_parse_iso(const char *text, uint64_t *ns)
{
    return parse_iso(text, true, ns);
}

dgtm_status dgtm_parse_epoch(const char *text, uint64_t *ns)
{
    if (!isdigit((unsigned char)text[0])) return DGTM_SYNTAX;
    int64_t sec = 0;
    const char *p = text;
    for (; isdigit((unsigned char)*p); p++) {
        if (sec > (INT64_MAX - 9) / 10) return DGTM_RANGE;
        sec = sec * 10 + (*p - '0');
    }
    uint64_t frac;
    p = fraction(p, &frac);
    if (!p || *p) return DGTM_SYNTAX;
    return dgtm_from_sec(sec, frac, ns) ? DGTM_OK : DGTM_RANGE;
}
