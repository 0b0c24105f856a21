/* anon.c - see anon.h. */
#include "anon.h"

#include <stdio.h>
#include <string.h>

#include "addr.h"

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

static bool addr_char(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '.' ||
           c == ':';
}

/* Masks every IPv4 or IPv6 address inside free text (alert titles on a public screen):
 * a maximal run of address characters that parses as an address is replaced. */
char *dg_anon_text(const char *in, char *out, size_t cap)
{
    size_t o = 0;
    if (!cap) return out;
    for (size_t i = 0; in[i] && o + 1 < cap;) {
        size_t n = 0;
        while (addr_char(in[i + n]) && n < 45)
            n++;
        char tok[46], masked[64];
        uint8_t a[16];
        int ver;
        memcpy(tok, in + i, n);
        tok[n] = 0;
        /* "from 1.2.3.4." or "host 2001:db8::1:": the sentence's punctuation is not part of it */
        while (n > 7 && (tok[n - 1] == '.' || tok[n - 1] == ':') && !dg_addr_parse(tok, a, &ver))
            tok[--n] = 0;
        if (n >= 7 && dg_addr_parse(tok, a, &ver)) {
            dg_anon_format(ver, a, true, masked, sizeof masked);
            for (size_t k = 0; masked[k] && o + 1 < cap; k++)
                out[o++] = masked[k];
            i += n;
        } else {
            for (size_t k = 0; k < (n ? n : 1) && o + 1 < cap; k++)
                out[o++] = in[i + k];
            i += n ? n : 1;
        }
    }
    out[o] = 0;
    return out;
}
