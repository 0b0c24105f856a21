/* fuzz_source.h - drains a dg_source built over fuzz input and checks what every source
 * promises (source.h, record.h): counts in range, timestamps below 2^63 ns (timestamp.h:
 * an impossible time is skipped and counted, never handed out), IP version 4 or 6, IPv4
 * addresses zero-padded, sensor indexes inside the sensor table, and a rewound source
 * yielding the same records again. Threads: the fuzz target's thread only. */
#ifndef DG_FUZZ_SOURCE_H
#define DG_FUZZ_SOURCE_H

#include "fuzz_util.h"
#include "source.h"
#include "timestamp.h"

#include <string.h>

#define FUZZ_BATCH 64
#define FUZZ_MAX_BATCHES 100000 /* a source that never ends is a bug too */

static inline void fuzz_check_record(const char *target, const dg_source *s, const dg_record *r)
{
    static const uint8_t zero[12];
    if (!dgtm_valid(r->ts_ns)) fuzz_fail(target, "timestamp at or past 2^63 ns handed out");
    if (r->ip_ver != 4 && r->ip_ver != 6) fuzz_fail(target, "ip_ver not 4 or 6");
    if (r->ip_ver == 4 && (memcmp(r->src + 4, zero, 12) || memcmp(r->dst + 4, zero, 12)))
        fuzz_fail(target, "IPv4 address not zero-padded");
    if (r->sensor != DG_SENSOR_NONE && (s->sensors.count < 0 || r->sensor >= s->sensors.count))
        fuzz_fail(target, "sensor index outside the sensor table");
    if (s->sensors.count > DGW_MAX_SENSORS) fuzz_fail(target, "sensor table overflow");
}

/* Reads s to its end; returns the number of records, or -1 after a fatal error. A digest
 * of the records goes to *sum so that a rewound pass can be compared with the first. */
static inline long fuzz_drain(const char *target, dg_source *s, uint64_t *sum)
{
    static dg_record out[FUZZ_BATCH];
    long total = 0;
    *sum = 0;
    for (int b = 0; b < FUZZ_MAX_BATCHES; b++) {
        int n = s->next(s, out, FUZZ_BATCH);
        if (n < -1 || n > FUZZ_BATCH) fuzz_fail(target, "next() count out of range");
        if (n <= 0) return n < 0 ? -1 : total;
        for (int i = 0; i < n; i++) {
            fuzz_check_record(target, s, &out[i]);
            *sum = *sum * 1099511628211ull + out[i].ts_ns + out[i].sport * 31u + out[i].proto;
        }
        total += n;
    }
    fuzz_fail(target, "source never ends");
    return -1;
}

/* Drains s twice around a rewind: the second pass must give the same records. */
static inline void fuzz_drain_twice(const char *target, dg_source *s)
{
    uint64_t sum1, sum2;
    long n1 = fuzz_drain(target, s, &sum1);
    if (n1 < 0 || !s->rewind || !s->rewind(s)) return;
    long n2 = fuzz_drain(target, s, &sum2);
    if (n2 != n1 || sum2 != sum1) fuzz_fail(target, "rewound source gave different records");
}

#endif
