/* auth.c - see auth.h. */
#include "auth.h"

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

static void put64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t get64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

static bool read_secret(const char *path, uint8_t *buf, size_t cap, size_t *len, char *err,
                        size_t errcap)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errcap, "%s: %s", path, strerror(errno));
        return false;
    }
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && (st.st_mode & 077))
        fprintf(stderr, "darkglobe: warning: key file %s is readable by others (chmod 600)\n",
                path);
    *len = fread(buf, 1, cap, f);
    fclose(f);
    if (*len < 16) {
        snprintf(err, errcap,
                 "%s: a key needs at least 16 bytes of secret (try: head -c 32 "
                 "/dev/urandom > %s)",
                 path, path);
        return false;
    }
    return true;
}

dgauth *dgauth_open(const char *key_path, char *err, size_t errcap)
{
    if (sodium_init() < 0) {
        snprintf(err, errcap, "libsodium failed to initialise");
        return NULL;
    }
    uint8_t secret[4096];
    size_t len;
    if (!read_secret(key_path, secret, sizeof secret, &len, err, errcap)) return NULL;
    dgauth *a = sodium_malloc(sizeof *a);
    if (!a) {
        snprintf(err, errcap, "out of memory");
        return NULL;
    }
    memset(a, 0, sizeof *a);
    crypto_generichash(a->key, sizeof a->key, secret, len, NULL, 0);
    sodium_memzero(secret, sizeof secret);
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
    put64(t + 4, a->my_id);
    put64(t + 12, ++a->my_counter);
    put64(t + 20, now_ns);
    crypto_auth(t + SIGNED_PART, msg, len + SIGNED_PART, a->key);
    return len + DGAUTH_TRAILER;
}

/* The replay slot of a sender: its own, else a free or the least recently seen one. */
static sender *slot_for(dgauth *a, uint64_t id)
{
    sender *oldest = &a->senders[0];
    for (int i = 0; i < DGAUTH_SENDERS; i++) {
        if (a->senders[i].id == id && a->senders[i].seen_ns) return &a->senders[i];
        if (a->senders[i].seen_ns < oldest->seen_ns) oldest = &a->senders[i];
    }
    memset(oldest, 0, sizeof *oldest);
    oldest->id = id;
    return oldest;
}

int dgauth_verify(dgauth *a, const uint8_t *msg, size_t len, uint64_t now_ns, size_t *payload_len)
{
    if (len < DGAUTH_TRAILER || memcmp(msg + len - DGAUTH_TRAILER, MAGIC, 4) != 0)
        return DGAUTH_MISSING;
    const uint8_t *t = msg + len - DGAUTH_TRAILER;
    if (crypto_auth_verify(t + SIGNED_PART, msg, len - crypto_auth_BYTES, a->key) != 0)
        return DGAUTH_FORGED;
    uint64_t id = get64(t + 4), counter = get64(t + 12), ts = get64(t + 20);
    uint64_t skew = ts > now_ns ? ts - now_ns : now_ns - ts;
    if (skew > DGAUTH_WINDOW_NS) return DGAUTH_STALE;
    sender *s = slot_for(a, id);
    if (counter <= s->counter) return DGAUTH_REPLAYED;
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
    }
    return "unknown";
}
