/* feedmsg.h - classify and decode one feed message of any form.
 * Owns: the message forms "DGPK..." (binary), "pkt <json>", "alert <json>".
 * Threads: pure functions on caller-owned storage; any thread. */
#ifndef DG_FEEDMSG_H
#define DG_FEEDMSG_H

#include "alert.h"
#include "wire.h"

#define DGFM_TOPIC_PKT "pkt "
#define DGFM_TOPIC_ALERT "alert "
/* Largest message the viewer accepts; larger ones are counted as malformed. */
#define DGFM_MAX_MESSAGE (1u << 20)

typedef enum { DGFM_NONE, DGFM_PACKETS, DGFM_ALERT } dgfm_kind;

/* Decoded content of one message; reused between messages to avoid allocation. */
typedef struct dgfm_result {
    dgfm_kind kind;
    dgw_sensor_table sensors;           /* names referenced by recs[].sensor */
    dg_record recs[DGW_MAX_RECORDS];
    size_t nrec;
    size_t nbad;                        /* bad elements dropped from a JSON array */
    dg_alert alert;
    char reason[128];                   /* why the message (or the first bad element) failed */
} dgfm_result;

/* Decodes msg; now_ns is the default timestamp for JSON records without "ts".
 * Returns true when the message was accepted (possibly with nbad > 0 dropped elements);
 * false when the whole message is malformed, with res->reason set. */
bool dgfm_decode(const uint8_t *msg, size_t len, uint64_t now_ns, dgfm_result *res);

#endif
