/* sub.c - see sub.h. */
#include "sub.h"

#include <nanomsg/nn.h>
#include <nanomsg/pubsub.h>
#include <stdio.h>

static void set_options(int s)
{
    int maxsz = DGSUB_RCVMAXSIZE, rcvbuf = DGSUB_RCVBUF, timeout = DGSUB_RCVTIMEO_MS;
    /* Reconnect quickly so a restarted publisher is seen again within a second. */
    int ivl = 100, ivlmax = 1000;
    nn_setsockopt(s, NN_SUB, NN_SUB_SUBSCRIBE, "", 0);
    nn_setsockopt(s, NN_SOL_SOCKET, NN_RCVMAXSIZE, &maxsz, sizeof maxsz);
    nn_setsockopt(s, NN_SOL_SOCKET, NN_RCVBUF, &rcvbuf, sizeof rcvbuf);
    nn_setsockopt(s, NN_SOL_SOCKET, NN_RCVTIMEO, &timeout, sizeof timeout);
    nn_setsockopt(s, NN_SOL_SOCKET, NN_RECONNECT_IVL, &ivl, sizeof ivl);
    nn_setsockopt(s, NN_SOL_SOCKET, NN_RECONNECT_IVL_MAX, &ivlmax, sizeof ivlmax);
}

int dgsub_open(const char *const *urls, int nurls, char *err, size_t errcap)
{
    int s = nn_socket(AF_SP, NN_SUB);
    if (s < 0) {
        snprintf(err, errcap, "cannot create SUB socket: %s", nn_strerror(nn_errno()));
        return -1;
    }
    set_options(s);
    for (int i = 0; i < nurls; i++) {
        if (nn_connect(s, urls[i]) < 0) {
            snprintf(err, errcap, "cannot connect to %s: %s", urls[i], nn_strerror(nn_errno()));
            nn_close(s);
            return -1;
        }
    }
    return s;
}
