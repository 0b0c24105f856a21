/* netport.h - a loopback TCP port that is free now, for tests that bind a feed socket.
 * The kernel picks it (bind to port 0), so it is never one a running test's connection holds;
 * a random port in the ephemeral range could be (netthread failed that way under ctest -j2).
 * Threads: any. */
#ifndef DG_TESTS_NETPORT_H
#define DG_TESTS_NETPORT_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

static inline int free_port(void)
{
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof a;
    bind(s, (struct sockaddr *)&a, sizeof a);
    getsockname(s, (struct sockaddr *)&a, &len);
    close(s);
    return ntohs(a.sin_port);
}

#endif
