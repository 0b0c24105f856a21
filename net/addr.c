/* addr.c - see addr.h. */
#include "addr.h"

#include <arpa/inet.h>
#include <string.h>

bool dg_addr_parse(const char *text, uint8_t out[16], int *ip_ver)
{
    memset(out, 0, 16);
    if (inet_pton(AF_INET, text, out) == 1) {
        *ip_ver = 4;
        return true;
    }
    if (inet_pton(AF_INET6, text, out) == 1) {
        *ip_ver = 6;
        return true;
    }
    return false;
}

const char *dg_addr_format(int ip_ver, const uint8_t addr[16], char *buf, size_t cap)
{
    if (!inet_ntop(ip_ver == 4 ? AF_INET : AF_INET6, addr, buf, (socklen_t)cap) && cap) buf[0] = 0;
    return buf;
}
