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

/* ".123456789" (any number of digits; those past nanoseconds are ignored). */
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

dgtm_status dgtm_parse_utc(const char *text, uint64_t *ns)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    const char *p = strptime(text, "%Y-%m-%d", &tm);
    if (!p || (*p != 'T' && *p != ' ')) return DGTM_SYNTAX;
    p = strptime(p + 1, "%H:%M:%S", &tm);
    uint64_t frac;
    if (p) p = fraction(p, &frac);
    if (p && *p == 'Z') p++;
    if (!p || *p) return DGTM_SYNTAX;
    if (!on_calendar(&tm)) return DGTM_RANGE;
    time_t t = timegm(&tm);
    return dgtm_from_sec((int64_t)t, frac, ns) ? DGTM_OK : DGTM_RANGE;
}
