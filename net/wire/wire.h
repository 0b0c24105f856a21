/* wire.h - the binary batch format of the feed (see docs/feed-protocol.md).
 * Owns: encoding and decoding of one binary batch message.
 * Threads: pure functions on caller buffers; any thread. */
#ifndef DG_WIRE_H
#define DG_WIRE_H

#include "record.h"

#define DGW_MAGIC "DGPK" /* also the nanomsg subscription topic */
#define DGW_VERSION 2    /* written; version 1 is still decoded */
#define DGW_HEADER_SIZE 16
#define DGW_RECORD_SIZE 72 /* version 2; version 1 records are 56 bytes */
#define DGW_RECORD_SIZE_V1 56
#define DGW_SENSOR_NAME_LEN 32 /* NUL-padded, at most 31 bytes of name */
#define DGW_MAX_SENSORS 64
#define DGW_MAX_RECORDS 8192
/* Largest well-formed binary message: header + full sensor table + full batch. */
#define DGW_MAX_MESSAGE                                                                            \
    (DGW_HEADER_SIZE + DGW_MAX_SENSORS * DGW_SENSOR_NAME_LEN + DGW_MAX_RECORDS * DGW_RECORD_SIZE)

/* Header flag: bytes 12..15 carry the publisher's id (u16) and message sequence (u16), so a
 * subscriber can count the messages PUB dropped on the way (a PUB drops silently). */
#define DGW_FLAG_SEQ 0x01

/* Sensor names a batch refers to; dg_record.sensor indexes name[]. */
typedef struct dgw_sensor_table {
    int count;
    char name[DGW_MAX_SENSORS][DGW_SENSOR_NAME_LEN];
} dgw_sensor_table;

enum dgw_err {
    DGW_OK = 0,
    DGW_ERR_SHORT,   /* shorter than a header */
    DGW_ERR_MAGIC,   /* not a binary batch */
    DGW_ERR_VERSION, /* unknown version */
    DGW_ERR_COUNT,   /* record or sensor count over the limit */
    DGW_ERR_LENGTH,  /* length does not match the counts */
    DGW_ERR_RECORD,  /* a record is invalid (bad ip_ver, sensor index out of table) */
    DGW_ERR_SPACE    /* encode: buffer too small */
};

/* Bytes a (version 2) batch of nsensors names and nrec records takes. */
size_t dgw_encoded_size(size_t nsensors, size_t nrec);
/* True for a record dgw_encode takes and the decoder passes with a table of nsensors names;
 * for a caller that hands records on without the wire (the viewer's replay). */
bool dgw_record_valid(const dg_record *r, int nsensors);

/* Writes one batch into buf; returns bytes written, 0 on DGW_ERR_COUNT/SPACE. st may be NULL. */
size_t dgw_encode(uint8_t *buf, size_t cap, const dgw_sensor_table *st, const dg_record *recs,
                  size_t n);

/* Decodes one whole message. out must hold DGW_MAX_RECORDS. Any inconsistency rejects all. */
int dgw_decode(const uint8_t *buf, size_t len, dgw_sensor_table *st, dg_record *out, size_t *n);

const char *dgw_strerror(int err);

/* Stamps an encoded batch with a publisher id and sequence number (sets DGW_FLAG_SEQ). */
void dgw_set_seq(uint8_t *buf, uint16_t publisher, uint16_t seq);
/* Reads them back from a batch that decoded; false when the batch carries none. */
bool dgw_get_seq(const uint8_t *buf, size_t len, uint16_t *publisher, uint16_t *seq);

/* Index of name in t, appending it when new; DG_SENSOR_NONE when t is full. */
uint16_t dgw_intern_sensor(dgw_sensor_table *t, const char *name);

#endif
