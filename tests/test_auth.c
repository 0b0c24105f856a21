/* test_auth.c - feed authentication: good, missing, forged, replayed, stale, wrong key;
 * and the network thread's ingest refusing and counting what fails. */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../net/auth.h"
#include "../net/ratelog.h"
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

int main(void)
{
    primitives();
    ingest();
    return check_report();
}
