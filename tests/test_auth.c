/* test_auth.c - feed authentication: good, missing, forged, replayed, stale, wrong key;
 * the network thread's ingest refusing and counting what fails; key files hashed whole and
 * only regular ones taken; replay state a key holder cannot poison or flush. */
#include <sodium.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "auth.h"
#include "ratelog.h"
#include "check.h"
#include "netthread.h"

static char *key_file(const char *secret)
{
    static char paths[2][32];
    static int n;
    char *p = paths[n++ % 2];
    strcpy(p, "/tmp/dg-key-XXXXXX");
    int fd = mkstemp(p);
    CHECK(write(fd, secret, strlen(secret)) == (ssize_t)strlen(secret));
    close(fd);
    return p;
}

static void primitives(void)
{
    char err[256];
    char *k1 = key_file("correct horse battery staple 1234");
    dgauth *signer = dgauth_open(k1, err, sizeof err), *verifier = dgauth_open(k1, err, sizeof err);
    CHECK(signer && verifier);
    uint64_t now = dg_wall_ns();
    uint8_t msg[128] = "pkt {\"src\":\"1.2.3.4\",\"dst\":\"5.6.7.8\",\"proto\":\"tcp\"}";
    size_t base = strlen((char *)msg), plen = 0;
    size_t len = dgauth_sign(signer, msg, base, now);
    CHECK_EQ_INT(len, base + DGAUTH_TRAILER);
    CHECK_EQ_INT(dgauth_verify(verifier, msg, len, now, &plen), DGAUTH_OK);
    CHECK_EQ_INT(plen, base);
    CHECK_EQ_INT(dgauth_verify(verifier, msg, len, now, &plen), DGAUTH_REPLAYED);
    CHECK_EQ_INT(dgauth_verify(verifier, msg, base, now, &plen), DGAUTH_MISSING);
    len = dgauth_sign(signer, msg, base, now);
    msg[6] ^= 1;
    CHECK_EQ_INT(dgauth_verify(verifier, msg, len, now, &plen), DGAUTH_FORGED);
    msg[6] ^= 1;
    CHECK_EQ_INT(dgauth_verify(verifier, msg, len, now + DGAUTH_WINDOW_NS + 1, &plen),
                 DGAUTH_STALE);
    CHECK_EQ_INT(dgauth_verify(verifier, msg, len, now, &plen), DGAUTH_OK);

    char *k2 = key_file("another secret, also long enough");
    dgauth *other = dgauth_open(k2, err, sizeof err);
    len = dgauth_sign(other, msg, base, now);
    CHECK_EQ_INT(dgauth_verify(verifier, msg, len, now, &plen), DGAUTH_FORGED);

    char *weak = key_file("short");
    CHECK(dgauth_open(weak, err, sizeof err) == NULL);
    CHECK(strstr(err, "at least 16 bytes") != NULL);
    CHECK(dgauth_open("/nonexistent/key", err, sizeof err) == NULL);
    dgauth_close(signer);
    dgauth_close(verifier);
    dgauth_close(other);
    unlink(k1), unlink(k2), unlink(weak);
}

static void ingest(void)
{
    char err[256];
    char *k = key_file("0123456789abcdef0123456789abcdef");
    dgauth *signer = dgauth_open(k, err, sizeof err), *verifier = dgauth_open(k, err, sizeof err);
    dgq_queue *q = dgq_create(64);
    dgnt_config cfg = {.queue = q, .auth = verifier, .quiet = true};
    dgnt_ingest *in = dgnt_ingest_create(&cfg);
    uint8_t msg[256];
    const char *text = "pkt {\"src\":\"1.2.3.4\",\"dst\":\"5.6.7.8\",\"proto\":\"udp\"}";
    size_t base = strlen(text);
    memcpy(msg, text, base);
    uint64_t now = dg_wall_ns();
    dgnt_ingest_message(in, msg, base, now); /* unauthenticated */
    size_t len = dgauth_sign(signer, msg, base, now);
    dgnt_ingest_message(in, msg, len, now); /* good */
    dgnt_ingest_message(in, msg, len, now); /* replayed */
    dgnt_counters c;
    dgnt_ingest_counters(in, &c);
    CHECK_EQ_INT(c.rx_msgs, 3);
    CHECK_EQ_INT(c.rx_pkts, 1);
    CHECK_EQ_INT(c.auth_rejected, 2);
    CHECK_EQ_INT(c.malformed, 0);
    dgnt_ingest_destroy(in);
    dgq_destroy(q);
    dgauth_close(signer);
    dgauth_close(verifier);
    unlink(k);
}

static void put64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

/* Signs msg as a key holder may: any sender id, counter and time, with the key computed
 * the way docs/security.md states it (BLAKE2b-256 of the whole key file). */
static size_t forge(const char *key_path, uint8_t *msg, size_t len, uint64_t id, uint64_t counter,
                    uint64_t ts)
{
    static uint8_t file[1 << 16];
    FILE *f = fopen(key_path, "rb");
    size_t n = fread(file, 1, sizeof file, f);
    fclose(f);
    uint8_t key[crypto_auth_KEYBYTES];
    crypto_generichash(key, sizeof key, file, n, NULL, 0);
    uint8_t *t = msg + len;
    memcpy(t, "DGA1", 4);
    put64(t + 4, id);
    put64(t + 12, counter);
    put64(t + 20, ts);
    crypto_auth(t + DGAUTH_TRAILER - crypto_auth_BYTES, msg,
                len + DGAUTH_TRAILER - crypto_auth_BYTES, key);
    return len + DGAUTH_TRAILER;
}

static uint64_t sender_id(const uint8_t *msg, size_t len)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = v << 8 | msg[len - DGAUTH_TRAILER + 4 + i];
    return v;
}

static char *big_key(char tail)
{
    static char paths[2][32];
    static int n;
    char *p = paths[n++ % 2], bytes[8192];
    for (size_t i = 0; i < sizeof bytes; i++)
        bytes[i] = (char)(i * 131 + 7);
    bytes[5000] = tail;
    strcpy(p, "/tmp/dg-key-XXXXXX");
    int fd = mkstemp(p);
    CHECK(write(fd, bytes, sizeof bytes) == (ssize_t)sizeof bytes);
    close(fd);
    return p;
}

/* The whole key file is the key; only a regular file is one. */
static void key_files(void)
{
    char err[256], *k1 = big_key('a'), *k2 = big_key('b');
    dgauth *a = dgauth_open(k1, err, sizeof err), *b = dgauth_open(k2, err, sizeof err);
    CHECK(a && b);
    uint64_t now = dg_wall_ns();
    uint8_t msg[128] = "alert {\"severity\":\"low\",\"title\":\"t\"}";
    size_t base = strlen((char *)msg), plen;
    size_t len = dgauth_sign(a, msg, base, now);
    CHECK_EQ_INT(dgauth_verify(b, msg, len, now, &plen), DGAUTH_FORGED); /* differ at 5000 */
    len = forge(k1, msg, base, 42, 1, now);
    CHECK_EQ_INT(dgauth_verify(a, msg, len, now, &plen), DGAUTH_OK);
    dgauth_close(a);
    dgauth_close(b);
    unlink(k1), unlink(k2);
    CHECK(dgauth_open("/dev/zero", err, sizeof err) == NULL);
    CHECK(strstr(err, "not a regular file") != NULL);
    CHECK(dgauth_open("/tmp", err, sizeof err) == NULL);
    CHECK(strstr(err, "not a regular file") != NULL);
    char fifo[] = "/tmp/dg-fifo-XXXXXX";
    close(mkstemp(fifo));
    unlink(fifo);
    CHECK(mkfifo(fifo, 0600) == 0);
    CHECK(dgauth_open(fifo, err, sizeof err) == NULL); /* refused, not waited on */
    CHECK(strstr(err, "not a regular file") != NULL);
    unlink(fifo);
}

/* A key holder cannot lock a publisher out: a counter far ahead of the publisher's is
 * refused; one adopted at first contact holds at most DGAUTH_MEMORY_NS. */
static void counter_poisoning(void)
{
    char err[256], *k = key_file("0123456789abcdef0123456789abcdef");
    dgauth *pub = dgauth_open(k, err, sizeof err), *rx = dgauth_open(k, err, sizeof err);
    uint64_t now = dg_wall_ns();
    uint8_t msg[128] = "pkt {}";
    size_t base = strlen((char *)msg), plen;
    size_t len = dgauth_sign(pub, msg, base, now);
    uint64_t id = sender_id(msg, len);
    CHECK_EQ_INT(dgauth_verify(rx, msg, len, now, &plen), DGAUTH_OK);
    len = forge(k, msg, base, id, UINT64_MAX, now);
    CHECK_EQ_INT(dgauth_verify(rx, msg, len, now, &plen), DGAUTH_AHEAD_REFUSED);
    len = forge(k, msg, base, id, 2 + DGAUTH_AHEAD, now);
    CHECK_EQ_INT(dgauth_verify(rx, msg, len, now, &plen), DGAUTH_AHEAD_REFUSED);
    for (int i = 1; i <= 100; i++) { /* the publisher goes on for 1000 s */
        uint64_t t = now + (uint64_t)i * 10000000000ull;
        len = dgauth_sign(pub, msg, base, t);
        CHECK_EQ_INT(dgauth_verify(rx, msg, len, t, &plen), DGAUTH_OK);
    }
    dgauth *fresh = dgauth_open(k, err, sizeof err); /* a viewer that just started */
    len = forge(k, msg, base, id, UINT64_MAX, now);
    CHECK_EQ_INT(dgauth_verify(fresh, msg, len, now, &plen), DGAUTH_OK);
    len = dgauth_sign(pub, msg, base, now + DGAUTH_MEMORY_NS);
    CHECK_EQ_INT(dgauth_verify(fresh, msg, len, now + DGAUTH_MEMORY_NS, &plen), DGAUTH_REPLAYED);
    len = dgauth_sign(pub, msg, base, now + DGAUTH_MEMORY_NS + 1);
    CHECK_EQ_INT(dgauth_verify(fresh, msg, len, now + DGAUTH_MEMORY_NS + 1, &plen), DGAUTH_OK);
    dgauth_close(pub);
    dgauth_close(rx);
    dgauth_close(fresh);
    unlink(k);
}

/* 64 other senders cannot push a sender out of the table while its messages may be fresh:
 * a 65th is refused instead, and a slot is reused only once its replays are stale. */
static void replay_table_bound(void)
{
    char err[256], *k = key_file("0123456789abcdef0123456789abcdef");
    dgauth *rx = dgauth_open(k, err, sizeof err);
    uint64_t now = dg_wall_ns();
    uint8_t old[128] = "pkt {}", msg[128] = "pkt {}";
    size_t base = strlen((char *)msg), plen;
    size_t olen = forge(k, old, base, 777, 5, now);
    CHECK_EQ_INT(dgauth_verify(rx, old, olen, now, &plen), DGAUTH_OK);
    for (uint64_t i = 0; i < DGAUTH_SENDERS - 1; i++) {
        size_t len = forge(k, msg, base, 1000 + i, 1, now + 1);
        CHECK_EQ_INT(dgauth_verify(rx, msg, len, now + 1, &plen), DGAUTH_OK);
    }
    size_t len = forge(k, msg, base, 5000, 1, now + 2);
    CHECK_EQ_INT(dgauth_verify(rx, msg, len, now + 2, &plen), DGAUTH_BUSY);
    CHECK_EQ_INT(dgauth_verify(rx, old, olen, now + 3, &plen), DGAUTH_REPLAYED);
    uint64_t later = now + DGAUTH_MEMORY_NS + 2; /* 777's slot expired, the others not */
    len = forge(k, msg, base, 5000, 1, later);
    CHECK_EQ_INT(dgauth_verify(rx, msg, len, later, &plen), DGAUTH_OK);
    CHECK_EQ_INT(dgauth_verify(rx, old, olen, later, &plen), DGAUTH_STALE);
    dgauth_close(rx);
    unlink(k);
}

int main(void)
{
    primitives();
    ingest();
    key_files();
    counter_poisoning();
    replay_table_bound();
    return check_report();
}
