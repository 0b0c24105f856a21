/* addr.c - see addr.h. */
#include "addr.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
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

/* Prefix length: 1-3 digits, at most max. */
static bool parse_prefix(const char *text, unsigned max, uint8_t *out)
{
    size_t n = strspn(text, "0123456789");
    if (n == 0 || n > 3 || text[n]) return false;
    unsigned v = (unsigned)atoi(text);
    if (v > max) return false;
    *out = (uint8_t)v;
    return true;
}

dg_cidr_status dg_cidr_parse(const char *text, dg_cidr *out)
{
    char buf[INET6_ADDRSTRLEN];
    const char *slash = strchr(text, '/');
    size_t alen = slash ? (size_t)(slash - text) : strlen(text);
    if (alen == 0 || alen >= sizeof buf) return DG_CIDR_BAD_ADDR;
    memcpy(buf, text, alen);
    buf[alen] = 0;
    dg_cidr c = {0};
    int ver;
    if (!dg_addr_parse(buf, c.addr, &ver)) return DG_CIDR_BAD_ADDR;
    c.ip_ver = (uint8_t)ver;
    c.prefix = ver == 4 ? 32 : 128;
    *out = c;
    if (slash && !parse_prefix(slash + 1, c.prefix, &out->prefix)) return DG_CIDR_BAD_PREFIX;
    return DG_CIDR_OK;
}

void dg_addr_mask(uint8_t out[16], const uint8_t in[16], unsigned plen)
{
    for (unsigned i = 0; i < 16; i++) {
        unsigned bits = plen > i * 8 ? plen - i * 8 : 0;
        uint8_t m = bits >= 8 ? 0xFF : (uint8_t)(0xFF00u >> bits);
        out[i] = in[i] & m;
    }
}

bool dg_cidr_mask(dg_cidr *c)
{
    uint8_t given[16];
    memcpy(given, c->addr, sizeof given);
    dg_addr_mask(c->addr, given, c->prefix);
    return memcmp(given, c->addr, sizeof given) != 0;
}

bool dg_addr_prefix_eq(const uint8_t a[16], const uint8_t net[16], unsigned plen)
{
    unsigned full = plen / 8, rest = plen % 8;
    if (memcmp(a, net, full) != 0) return false;
    return !rest || ((a[full] ^ net[full]) & (0xFF00u >> rest)) == 0;
}

bool dg_cidr_contains(const dg_cidr *c, int ip_ver, const uint8_t addr[16])
{
    if (!c || !addr || c->ip_ver != ip_ver) return false;
    return dg_addr_prefix_eq(addr, c->addr, c->prefix);
}

bool dg_cidr_parse_network(const char *text, dg_cidr *out, dg_cidr_status *status, char *err,
                           size_t errcap)
{
    dg_cidr_status st = dg_cidr_parse(text, out);
    if (status) *status = st;
    if (err && errcap) err[0] = 0;
    if (st != DG_CIDR_OK) return false;
    if (dg_cidr_mask(out)) {
        char net[INET6_ADDRSTRLEN];
        if (err && errcap)
            snprintf(err, errcap, "host bits set in '%s' (did you mean %s/%u?)", text,
                     dg_addr_format(out->ip_ver, out->addr, net, sizeof net), out->prefix);
        return false;
    }
    return true;
}

/* A host name (RFC 1123 labels), "*" (every interface, when binding) or an IPv4 literal;
 * the sockets are nanomsg's default IPv4-only ones, so an IPv6 literal is refused here rather
 * than by the socket. Something made of digits and dots is an IPv4 literal or nothing:
 * "256.0.0.1" is not a name the resolver should be asked about. */
static bool host_ok(const char *h, size_t n, bool bind)
{
    char buf[256];
    uint8_t a[16];
    if (n == 0 || n >= sizeof buf) return false;
    memcpy(buf, h, n);
    buf[n] = 0;
    if (!strcmp(buf, "*")) return bind;
    if (strspn(buf, "0123456789.") == n) return inet_pton(AF_INET, buf, a) == 1;
    static const char label_chars[] = "abcdefghijklmnopqrstuvwxyz"
                                      "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-";
    for (const char *label = buf; *label;) {
        size_t len = strspn(label, label_chars);
        if (len == 0 || len > 63 || label[0] == '-' || label[len - 1] == '-') return false;
        if (label[len] != '.' && label[len] != 0) return false;
        label += len + (label[len] == '.');
    }
    return true;
}

/* "HOST:PORT" after tcp:// or ws:// (ws may add a /path; tcp may name an interface first,
 * "eth0;HOST:PORT"); the port 1..65535. */
static bool host_port_ok(const char *s, bool ws, bool bind)
{
    const char *semi = ws ? NULL : strchr(s, ';');
    if (semi) s = semi + 1;
    size_t end = ws ? strcspn(s, "/") : strlen(s);
    const char *colon = NULL;
    for (size_t i = 0; i < end; i++)
        if (s[i] == ':') colon = s + i;
    if (!colon) return false;
    size_t digits = (size_t)(s + end - colon - 1);
    if (digits == 0 || digits > 5 || strspn(colon + 1, "0123456789") < digits) return false;
    long port = strtol(colon + 1, NULL, 10);
    return port >= 1 && port <= 65535 && host_ok(s, (size_t)(colon - s), bind);
}

bool dg_addr_check_url(const char *url, bool bind, char *err, size_t errcap)
{
    const char *sep = strstr(url, "://");
    size_t slen = sep ? (size_t)(sep - url) : 0;
    const char *rest = sep ? sep + 3 : "";
    bool ok;
    if (!sep || slen == 0 || slen > 8) {
        snprintf(err, errcap, "expected a URL like tcp://HOST:PORT, got \"%s\"", url);
        return false;
    }
    if (slen == 3 && !strncmp(url, "tcp", 3))
        ok = host_port_ok(rest, false, bind);
    else if (slen == 2 && !strncmp(url, "ws", 2))
        ok = host_port_ok(rest, true, bind);
    else if ((slen == 3 && !strncmp(url, "ipc", 3)) || (slen == 6 && !strncmp(url, "inproc", 6)))
        ok = rest[0] != 0;
    else {
        snprintf(err, errcap,
                 "unsupported scheme \"%.*s://\" in \"%s\" (supported: tcp://, ipc://, ws://, "
                 "inproc://)",
                 (int)slen, url, url);
        return false;
    }
    bool named = url[0] == 'i';
    if (!ok)
        snprintf(err, errcap, "bad address in \"%s\" (expected %s)", url,
                 named ? "a name or path after ://"
                       : "HOST:PORT, HOST a name, an IPv4 address or * to bind, PORT "
                         "1..65535");
    return ok;
}
