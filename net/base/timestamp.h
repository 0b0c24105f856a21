/* timestamp.h - record timestamps: the one range every source, the wire format and the
 * scheduler rely on, conversions that refuse instead of wrapping, and UTC date-time text
 * checked against the calendar.
 * Owns: DGTM_LIMIT_NS and the only copy of these conversions and of time-text parsing
 * (sources, feed options and the JSON forms use them).
 * Threads: pure functions; any thread. */
#ifndef DG_TIMESTAMP_H
#define DG_TIMESTAMP_H

#include <stdbool.h>
#include <stdint.h>

/* Timestamps are nanoseconds since the Unix epoch below 2^63 (year 2262): what the wire
 * carries (docs/feed-protocol.md). A record outside is impossible and skipped alone. */
#define DGTM_LIMIT_NS (UINT64_C(1) << 63)

typedef enum {
    DGTM_OK,
    DGTM_SYNTAX, /* not a time of the expected form */
    DGTM_RANGE   /* the form is right but the time cannot be: 31 February, 25:00, before
                    1970 or past the limit */
} dgtm_status;

static inline bool dgtm_valid(uint64_t ns)
{
    return ns < DGTM_LIMIT_NS;
}

/* sec seconds plus frac_ns nanoseconds (frac_ns < 1e9) since the epoch; false when sec is
 * negative, frac_ns is not a fraction of a second or the sum is not below the limit. */
bool dgtm_from_sec(int64_t sec, uint64_t frac_ns, uint64_t *ns);
/* Fractional seconds since the epoch, rounded to the nanosecond; false for NaN, negative
 * values and times past the limit. */
bool dgtm_from_double(double secs, uint64_t *ns);
/* Time text, one rule for every source and option. A fraction is '.' and at least one digit;
 * digits past the nanosecond are dropped, never rounded. The date must exist (no
 * 31 February, no 29 February outside leap years) and the time be 00:00:00..23:59:59 (no
 * leap second). Nothing may follow. */

/* "YYYY-MM-DD[T| ]HH:MM:SS[.frac][Z]", UTC (the CSV layouts, --start). */
dgtm_status dgtm_parse_utc(const char *text, uint64_t *ns);
/* The same with an optional offset instead of the Z: "+hh:mm", "+hhmm" or "+hh" (or '-');
 * without either the time is UTC (Suricata EVE, nfdump, Zeek ISO timestamps). */
dgtm_status dgtm_parse_iso(const char *text, uint64_t *ns);
/* Epoch seconds with an optional fraction: "1509451200", "1509451200.5" (Zeek). */
dgtm_status dgtm_parse_epoch(const char *text, uint64_t *ns);

#endif
