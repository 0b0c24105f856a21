/* auth.h - optional feed message authentication with a pre-shared key (--feed-key FILE).
 * Owns: the key, the sender identity and counter (signing side) and the replay table
 * (verifying side). Every message gets a trailer:
 *   "DGA1" | sender id u64 | counter u64 | time ns u64 | HMAC-SHA-512-256 (32 bytes)
 * (little-endian), the MAC covering the message and the first 28 trailer bytes. It
 * authenticates; it does not encrypt (see docs/security.md).
 * Threads: one dgauth per thread (the signer's counter and the verifier's table are
 * not locked). */
#ifndef DG_AUTH_H
#define DG_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DGAUTH_TRAILER 60
/* A message whose time differs from the receiver's clock by more is refused as stale. */
#define DGAUTH_WINDOW_NS (60ull * 1000000000ull)
/* The verifier remembers each sender's counter until DGAUTH_MEMORY_NS after the last
 * message it accepted from it: by then every message it accepted is stale, so forgetting
 * lets no replay through. At most DGAUTH_SENDERS senders can be remembered at once; a new
 * one beyond them is refused (DGAUTH_BUSY) until a slot expires, never by evicting one. */
#define DGAUTH_MEMORY_NS (2 * DGAUTH_WINDOW_NS)
#define DGAUTH_SENDERS 64
/* A counter more than this ahead of its sender's last accepted one is refused, not adopted
 * (a key holder cannot push a sender's counter to 2^64-1 and lock it out); far more
 * messages than any sender can send in DGAUTH_MEMORY_NS. */
#define DGAUTH_AHEAD (UINT64_C(1) << 32)

enum dgauth_result {
    DGAUTH_OK,
    DGAUTH_MISSING,
    DGAUTH_FORGED,
    DGAUTH_REPLAYED,
    DGAUTH_STALE,
    DGAUTH_AHEAD_REFUSED,
    DGAUTH_BUSY
};

typedef struct dgauth dgauth;

/* Reads the key file, a regular file of at least 16 bytes of secret; the key is the
 * BLAKE2b-256 hash of the whole file. NULL with a reason in err. Warns when the file is
 * readable by others. */
dgauth *dgauth_open(const char *key_path, char *err, size_t errcap);
void dgauth_close(dgauth *a);
/* A verifier with a's key and an empty replay table (and a signer with its own sender id):
 * e.g. one per Kafka partition, where a sender's counter rises only within a partition.
 * NULL when out of memory. */
dgauth *dgauth_clone(const dgauth *a);

/* Appends the trailer to msg (len bytes; room for len + DGAUTH_TRAILER). Returns new length. */
size_t dgauth_sign(dgauth *a, uint8_t *msg, size_t len, uint64_t now_ns);

/* Verifies msg's trailer; on DGAUTH_OK *payload_len is the length without it. */
int dgauth_verify(dgauth *a, const uint8_t *msg, size_t len, uint64_t now_ns, size_t *payload_len);

const char *dgauth_strerror(int result);

#endif
