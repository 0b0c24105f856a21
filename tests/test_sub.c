/* test_sub.c - sub.h: the one SUB socket set-up. It hears every topic, takes a message past
 * the feed's own limit (so the receiver counts it instead of losing the connection), times
 * out instead of blocking, and refuses a bad endpoint with a reason. */
#include "check.h"
#include "feedmsg.h"
#include "sub.h"

#include <nanomsg/nn.h>
#include <nanomsg/pubsub.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define URL "inproc://test_sub"

/* Sends until the subscriber has one message (a fresh subscription may miss the first). */
static int exchange(int pub, int sub, const void *msg, size_t len, void **got)
{
    for (int tries = 0; tries < 50; tries++) {
        nn_send(pub, msg, len, 0);
        int n = nn_recv(sub, got, NN_MSG, 0);
        if (n >= 0) return n;
    }
    return -1;
}

int main(void)
{
    char err[256] = "";
    int pub = nn_socket(AF_SP, NN_PUB);
    CHECK(pub >= 0 && nn_bind(pub, URL) >= 0);
    const char *urls[] = {URL};
    int sub = dgsub_open(urls, 1, err, sizeof err);
    CHECK(sub >= 0);

    void *got = NULL;
    int n = exchange(pub, sub, "zzz unknown topic", 17, &got);
    CHECK_EQ_INT(n, 17);
    if (got) nn_freemsg(got), got = NULL;

    size_t big = 2 * DGFM_MAX_MESSAGE;
    char *msg = calloc(1, big);
    n = exchange(pub, sub, msg, big, &got);
    CHECK_EQ_INT(n, (long long)big);
    if (got) nn_freemsg(got), got = NULL;
    free(msg);

    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    CHECK(nn_recv(sub, &got, NN_MSG, 0) < 0); /* nothing sent: the timeout, not a hang */
    clock_gettime(CLOCK_MONOTONIC, &b);
    double waited_ms = (b.tv_sec - a.tv_sec) * 1e3 + (b.tv_nsec - a.tv_nsec) / 1e6;
    CHECK(waited_ms >= DGSUB_RCVTIMEO_MS * 0.5 && waited_ms < 5000);
    nn_close(sub);
    nn_close(pub);

    const char *bad[] = {"nosuch://x"};
    CHECK_EQ_INT(dgsub_open(bad, 1, err, sizeof err), -1);
    CHECK(strstr(err, "nosuch://x") != NULL);
    return check_report();
}
