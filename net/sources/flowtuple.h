/* flowtuple.h - CAIDA corsaro flowtuples as records, shared by the flowtuple file source
 * (src_flowtuple.c) and the Kafka source (kafka_in.c, --kafka-format flowtuple): where a
 * writer schema keeps the members used (dgft_layout), one Avro value as one record
 * (dgft_to_record), and one Kafka message, in any of the three framings producers of Avro
 * use, as records (dgft_decoder). Field mapping: docs/sources.md; framings: docs/kafka.md.
 * Owns: the built-in corsaro flowtuple schema (for datums that travel without theirs) and
 * a decoder's libavro state (classes and values, kept across messages).
 * Threads: layouts and dgft_to_record are pure; a decoder belongs to the thread that made
 * it. */
#ifndef DG_FLOWTUPLE_H
#define DG_FLOWTUPLE_H

#include "feedmsg.h"
#include "record.h"

#include <avro.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The members used, in the order of DGFT_MEMBER; the first DGFT_REQUIRED must exist. */
enum {
    DGFT_TIME,
    DGFT_SRC,
    DGFT_DST,
    DGFT_SPORT,
    DGFT_DPORT,
    DGFT_PROTO,
    DGFT_PKTS,
    DGFT_TTL,
    DGFT_FLAGS,
    DGFT_LEN,
    DGFT_SYNLEN,
    DGFT_SYNWIN,
    DGFT_SPOOFED,
    DGFT_MASSCAN,
    DGFT_NFIELDS
};
#define DGFT_REQUIRED 7

/* Where each member used sits in one writer schema: a record field index, -1 absent. */
typedef struct dgft_layout {
    int idx[DGFT_NFIELDS];
} dgft_layout;

/* corsaro 3's flowtuple schema, JSON: what a datum without a schema of its own (schema
 * registry framing, bare datums) is read with. */
extern const char dgft_corsaro_schema[];

/* Finds the members in writer schema ws: every one used must be an int or a long, the
 * required ones must exist. False with the reason in err. */
bool dgft_layout_of(avro_schema_t ws, dgft_layout *l, char *err, size_t errcap);
/* Value v (of the schema l was made from) as one record standing for its packet_cnt
 * packets; only the members present are marked observed (dg_record.have). False with the
 * reason in *why (a static string) for a flowtuple out of range. */
bool dgft_to_record(const dgft_layout *l, avro_value_t *v, dg_record *r, const char **why);

typedef struct dgft_decoder dgft_decoder;

/* NULL when out of memory or when libavro refuses the built-in schema. */
dgft_decoder *dgft_decoder_new(void);
void dgft_decoder_free(dgft_decoder *d);
/* One Kafka message into res (kind DGFM_PACKETS, records without sensor), told apart by its
 * first bytes: "Obj\x01" an Avro object container (its own schema, every block); 0x00 the
 * schema registry's framing (a 4-byte schema id, then one datum read with the built-in
 * schema, the id unused: no registry is asked); anything else one or more bare datums of
 * the built-in schema, back to back. A flowtuple out of range, or past DGW_MAX_RECORDS, is a
 * bad element (res->nbad). False, with res->kind DGFM_NONE and res->reason, when the message
 * does not decode whole. */
bool dgft_decode_message(dgft_decoder *d, const uint8_t *msg, size_t len, dgfm_result *res);

#endif
