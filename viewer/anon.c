/* anon.c - see anon.h. */
#include "anon.h"

#include <stdio.h>
#include <string.h>

#include "../net/addr.h"

const char *dg_anon_format(int ip_ver, const uint8_t a[16], bool anonymize, char *buf, size_t cap)
{
    if (!cap) return buf;
    if (ip_ver == 4 && anonymize) {
        snprintf(buf, cap, "%u.%u.%u.x", a[0], a[1], a[2]);
    } else if (ip_ver == 4 || (ip_ver == 6 && !anonymize)) {
        char tmp[64];
        snprintf(buf, cap, "%s", dg_addr_format(ip_ver, a, tmp, sizeof tmp));
    } else if (ip_ver == 6) {
        uint8_t net[16] = {0};
        memcpy(net, a, 8); /* the /64 network; the interface identifier is the host */
        char tmp[64];
        snprintf(buf, cap, "%s/64", dg_addr_format(6, net, tmp, sizeof tmp));
    } else {
        snprintf(buf, cap, "?");
    }
    return buf;
}
