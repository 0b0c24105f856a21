/* fuzz_decode.c - libFuzzer target over dgfm_decode, plus round-trip invariants.
 * Any input must be either rejected with a reason or accepted; accepted content must
 * survive re-encoding: binary batches re-encode to the identical bytes, every record and
 * alert formats to JSON that parses back to the same value (timestamps within 1 us).
 * A broken invariant aborts, which the fuzzer (or fuzz_replay) reports as a crash. */
#include "feedmsg.h"
#include "jsonfeed.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOW 1700000000000000000ull
#define ROUND_TRIP_MAX 16 /* JSON is the slow path: check the first records only */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static dgfm_result res, again;

static void fail(const char *what)
{
    fprintf(stderr, "fuzz_decode invariant broken: %s\n", what);
    abort();
}

static bool ts_close(uint64_t a, uint64_t b)
{
    return (a > b ? a - b : b - a) <= 1000;
}

/* Binary batches are canonical: decoding then encoding gives back the same bytes. A
 * version 1 batch re-encodes as version 2, which must decode to the same records. */
static void check_binary(const uint8_t *data, size_t size)
{
    static uint8_t buf[DGW_MAX_MESSAGE];
    static dg_record back[DGW_MAX_RECORDS];
    size_t len = dgw_encode(buf, sizeof buf, &res.sensors, res.recs, res.nrec);
    uint16_t pub, seq;
    if (len && dgw_get_seq(data, size, &pub, &seq)) dgw_set_seq(buf, pub, seq);
    if (size > 4 && data[4] == 1) {
        size_t n = 0;
        if (!len || dgw_decode(buf, len, NULL, back, &n) != DGW_OK || n != res.nrec ||
            memcmp(back, res.recs, n * sizeof *back) != 0)
            fail("version 1 batch does not survive re-encoding");
        return;
    }
    if (len != size || memcmp(buf, data, size) != 0) fail("binary re-encode differs");
}

static void check_record_json(const dg_record *r)
{
    static char text[1024];
    const char *name = r->sensor == DG_SENSOR_NONE ? NULL : res.sensors.name[r->sensor];
    size_t len = dgj_format_record(text, sizeof text, r, name);
    if (len == 0) fail("record did not format");
    size_t n = 0, nbad = 0;
    dg_record back;
    char reason[128];
    again.sensors.count = 0;
    if (!dgj_parse_pkts(text, len, 0, &again.sensors, &back, 1, &n, &nbad, NULL, reason,
                        sizeof reason) ||
        n != 1)
        fail("formatted record did not parse");
    if (!ts_close(back.ts_ns, r->ts_ns)) fail("record ts drifted");
    back.ts_ns = r->ts_ns;
    if (back.sensor != DG_SENSOR_NONE) {
        if (!name || strcmp(again.sensors.name[back.sensor], name) != 0) fail("sensor name");
        back.sensor = r->sensor;
    }
    if (memcmp(&back, r, sizeof back) != 0) fail("record JSON round trip differs");
}

static void check_alert_json(const dg_alert *a)
{
    static char text[4096];
    static dg_alert back;
    char reason[128];
    size_t len = dgj_format_alert(text, sizeof text, a);
    if (len == 0) fail("alert did not format");
    if (!dgj_parse_alert(text, len, 0, &back, reason, sizeof reason))
        fail("formatted alert did not parse");
    if (!ts_close(back.ts_ns, a->ts_ns)) fail("alert ts drifted");
    back.ts_ns = a->ts_ns;
    back.last_ns = a->last_ns;
    if (memcmp(&back, a, sizeof back) != 0) fail("alert JSON round trip differs");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!dgfm_decode(data, size, NOW, &res)) {
        if (res.reason[0] == '\0' || res.kind != DGFM_NONE) fail("rejection without reason");
        return 0;
    }
    if (res.kind == DGFM_ALERT) {
        check_alert_json(&res.alert);
        return 0;
    }
    if (res.kind != DGFM_PACKETS || res.nrec > DGW_MAX_RECORDS) fail("bad result kind/count");
    if (memcmp(data, DGW_MAGIC, 4) == 0) check_binary(data, size);
    for (size_t i = 0; i < res.nrec && i < ROUND_TRIP_MAX; i++)
        check_record_json(&res.recs[i]);
    /* Records accepted from JSON must also be expressible as a binary batch. */
    static uint8_t buf[DGW_MAX_MESSAGE];
    if (dgw_encode(buf, sizeof buf, &res.sensors, res.recs, res.nrec) == 0)
        fail("accepted records do not encode");
    return 0;
}
