/* auth.c - see auth.h. */
#include "auth.h"
#include "bytes.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAGIC "DGA1"
#define SIGNED_PART (DGAUTH_TRAILER - crypto_auth_BYTES)

typedef struct sender {
    uint64_t id, counter, seen_ns;
} sender;

struct dgauth {
    uint8_t key[crypto_auth_KEYBYTES];
    uint64_t my_id, my_counter;
    sender senders[DGAUTH_SENDERS];
};

/* Hashes the whole key file into key (the key is its BLAKE2b-256 hash). Only a regular
 * file is a key: a device (/dev/zero), a directory or a FIFO never ends or is not secret. */
static bool hash_key_file(FILE *f, const char *path, uint8_t *key, char *err, size_t errcap)
{
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(err, errcap, "%s: not a regular file (a key is a file of secret bytes)", path);
        return false;
    }
    if (st.st_mode & 077)
        fprintf(stderr, "%s: warning: key file %s is readable by others (chmod 600)\n",
                program_invocation_short_name, path);
    crypto_generichash_state h;
    uint8_t buf[4096];
    uint64_t total = 0;
    size_t n;
    crypto_generichash_init(&h, NULL, 0, crypto_auth_KEYBYTES);
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        crypto_generichash_update(&h, buf, n);
        total += n;
    }
    sodium_memzero(buf, sizeof buf);
    bool ok = !ferror(f) && total >= 16;
    crypto_generichash_final(&h, key, crypto_auth_KEYBYTES);
    sodium_memzero(&h, sizeof h);
    if (ferror(f))
        snprintf(err, errcap, "%s: %s", path, strerror(errno));
    else if (!ok)
        snprintf(err, errcap,
                 "%s: a key needs at least 16 bytes of secret (try: head -c 32 "
                 "/dev/urandom > %s)",
                 path, path);
    return ok;
}

dgauth *dgauth_open(const char *key_path, char *err, size_t errcap)
{
    if (sodium_init() < 0) {
        snprintf(err, errcap, "libsodium failed to initialise");
        return NULL;
    }
    /* non-blocking: a FIFO must be refused, not waited on for a writer */
    int fd = open(key_path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    FILE *f = fd >= 0 ? fdopen(fd, "rb") : NULL;
    if (!f) {
        snprintf(err, errcap, "%s: %s", key_path, strerror(errno));
        if (fd >= 0) close(fd);
        return NULL;
    }
    dgauth *a = sodium_malloc(sizeof *a);
    if (!a) {
        fclose(f);
        snprintf(err, errcap, "out of memory");
        return NULL;
    }
    memset(a, 0, sizeof *a);
    bool ok = hash_key_file(f, key_path, a->key, err, errcap);
    fclose(f);
    if (!ok) {
        sodium_free(a);
        return NULL;
    }
    randombytes_buf(&a->my_id, sizeof a->my_id);
    return a;
}

dgauth *dgauth_clone(const dgauth *a)
{
    dgauth *c = sodium_malloc(sizeof *c);
    if (!c) return NULL;
    memset(c, 0, sizeof *c);
    memcpy(c->key, a->key, sizeof c->key);
    randombytes_buf(&c->my_id, sizeof c->my_id);
    return c;
}

void dgauth_close(dgauth *a)
{
    if (a) sodium_free(a); /* zeroes the key */
}

size_t dgauth_sign(dgauth *a, uint8_t *msg, size_t len, uint64_t now_ns)
{
    uint8_t *t = msg + len;
    memcpy(t, MAGIC, 4);
    dgb_put_le64(t + 4, a->my_id);
    dgb_put_le64(t + 12, ++a->my_counter);
    dgb_put_le64(t + 20, now_ns);
    crypto_auth(t + SIGNED_PART, msg, len + SIGNED_PART, a->key);
    return len + DGAUTH_TRAILER;
}

/* A slot still guards its sender while a message it accepted could still be fresh: up to
 * DGAUTH_MEMORY_NS after the last one (a clock that went back counts as recent). */
static bool live(const sender *s, uint64_t now_ns)
{
    return s->seen_ns && (now_ns < s->seen_ns || now_ns - s->seen_ns <= DGAUTH_MEMORY_NS);
}

/* The replay slot of a sender: its own while live, else a free or expired one (its replays
 * are stale by now, so forgetting it lets none through); NULL when every slot is live. */
static sender *slot_for(dgauth *a, uint64_t id, uint64_t now_ns)
{
    sender *spare = NULL;
    for (int i = 0; i < DGAUTH_SENDERS; i++) {
        sender *s = &a->senders[i];
        if (!live(s, now_ns))
            spare = spare ? spare : s;
        else if (s->id == id)
            return s;
    }
    if (spare) {
        memset(spare, 0, sizeof *spare);
        spare->id = id;
    }
    return spare;
}

int dgauth_verify(dgauth *a, const uint8_t *msg, size_t len, uint64_t now_ns, size_t *payload_len)
{
    if (len < DGAUTH_TRAILER || memcmp(msg + len - DGAUTH_TRAILER, MAGIC, 4) != 0)
        return DGAUTH_MISSING;
    const uint8_t *t = msg + len - DGAUTH_TRAILER;
    if (crypto_auth_verify(t + SIGNED_PART, msg, len - crypto_auth_BYTES, a->key) != 0)
        return DGAUTH_FORGED;
    uint64_t id = dgb_le64(t + 4), counter = dgb_le64(t + 12), ts = dgb_le64(t + 20);
    uint64_t skew = ts > now_ns ? ts - now_ns : now_ns - ts;
    if (skew > DGAUTH_WINDOW_NS) return DGAUTH_STALE;
    sender *s = slot_for(a, id, now_ns);
    if (!s) return DGAUTH_BUSY;
    /* A sender heard before moves on by at most DGAUTH_AHEAD: a counter far ahead (a key
     * holder's 2^64-1) is refused, not adopted, so it cannot lock the sender out. */
    if (s->seen_ns && counter <= s->counter) return DGAUTH_REPLAYED;
    if (s->seen_ns && counter - s->counter > DGAUTH_AHEAD) return DGAUTH_AHEAD_REFUSED;
    s->counter = counter;
    s->seen_ns = now_ns;
    *payload_len = len - DGAUTH_TRAILER;
    return DGAUTH_OK;
}

const char *dgauth_strerror(int result)
{
    switch (result) {
    case DGAUTH_OK: return "authenticated";
    case DGAUTH_MISSING: return "not authenticated (no trailer)";
    case DGAUTH_FORGED: return "forged or corrupted (MAC mismatch)";
    case DGAUTH_REPLAYED: return "replayed (counter not increasing)";
    case DGAUTH_STALE: return "stale (time outside the 60 s window)";
    case DGAUTH_AHEAD_REFUSED: return "counter too far ahead of its sender's (not adopted)";
    case DGAUTH_BUSY: return "too many senders within two minutes (replay table full)";
    }
    return "unknown";
}
