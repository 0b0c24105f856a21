/* fuzz_flowtuple.c - libFuzzer target over dgft_decode_message: one Kafka message of
 * --kafka-format flowtuple (an Avro object container, a schema-registry framed datum, bare
 * datums). Any input is decoded or refused; a refusal has a reason and holds nothing, an
 * accepted message only IPv4 records of a corsaro time, within the batch. One decoder for
 * the whole run, as the Kafka source keeps one: nothing may leak from message to message. */
#include "flowtuple.h"

#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static dgft_decoder *dec;
static dgfm_result res;

static void fail(const char *what)
{
    fprintf(stderr, "fuzz_flowtuple invariant broken: %s\n", what);
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!dec && !(dec = dgft_decoder_new())) fail("no decoder");
    if (!dgft_decode_message(dec, data, size, &res)) {
        if (res.kind != DGFM_NONE || res.nrec || !res.reason[0]) fail("refusal");
        return 0;
    }
    if (res.kind != DGFM_PACKETS || res.nrec > DGW_MAX_RECORDS) fail("accepted kind or count");
    if (res.nbad && !res.reason[0]) fail("bad elements without a reason");
    for (size_t i = 0; i < res.nrec; i++) {
        const dg_record *r = &res.recs[i];
        if (r->ip_ver != 4 || r->sensor != DG_SENSOR_NONE || r->pkts == 1 ||
            r->ts_ns > 18000000000ull * 1000000000ull || r->ts_ns % 1000000000ull)
            fail("record");
    }
    return 0;
}
