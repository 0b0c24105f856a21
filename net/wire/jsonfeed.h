/* jsonfeed.h - the JSON forms of the feed: "pkt" objects/arrays and "alert" objects.
 * Owns: JSON <-> dg_record / dg_alert conversion, with full validation.
 * Threads: pure functions; any thread. */
#ifndef DG_JSONFEED_H
#define DG_JSONFEED_H

#include "alert.h"
#include "wire.h"

/* Formats one record as the JSON object of a "pkt" message (no topic). sensor_name may be
 * NULL. Returns the length written (excluding NUL), or 0 if cap is too small. */
size_t dgj_format_record(char *buf, size_t cap, const dg_record *r, const char *sensor_name);

/* Formats an alert as the JSON object of an "alert" message (no topic). */
size_t dgj_format_alert(char *buf, size_t cap, const dg_alert *a);

/* Parses the JSON after "pkt " (object or array). Records land in out (capacity max);
 * sensor names are interned into st. Returns false if the message as a whole is invalid.
 * *nbad counts the array elements dropped; *nbad_ts (may be NULL) those of them, or the
 * single object of a false return, refused for an impossible "ts" (timestamp.h). */
bool dgj_parse_pkts(const char *json, size_t len, uint64_t now_ns, dgw_sensor_table *st,
                    dg_record *out, size_t max, size_t *n, size_t *nbad, size_t *nbad_ts,
                    char *reason, size_t reason_cap);

/* Parses the JSON after "alert ". Returns false (reason set) if invalid. */
bool dgj_parse_alert(const char *json, size_t len, uint64_t now_ns, dg_alert *out, char *reason,
                     size_t reason_cap);

#endif
