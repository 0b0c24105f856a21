/* fuzz_watchlist.c - libFuzzer target over the watchlist parser (watchlist.c, format in
 * docs/alerts.md). A refused file must come with a "name:line: reason" message; an
 * accepted one must answer lookups consistently: a hit contains the address, its org is
 * the list's org of that id, its CIDR text parses back to the same range, and the
 * range's own network address finds a range at least as specific. */
#include "fuzz_util.h"
#include "addr.h"
#include "watchlist.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define T "fuzz_watchlist"

static bool prefix_equal(const uint8_t *a, const uint8_t *b, unsigned plen)
{
    unsigned bytes = plen / 8, bits = plen % 8;
    if (memcmp(a, b, bytes) != 0) return false;
    if (!bits) return true;
    uint8_t mask = (uint8_t)(0xFF << (8 - bits));
    return (a[bytes] & mask) == (b[bytes] & mask);
}

static void check_hit(const dgwl_list *wl, const uint8_t addr[16], int ver, const dgwl_hit *h)
{
    if (h->ip_ver != ver || h->plen > (ver == 4 ? 32 : 128)) fuzz_fail(T, "bad hit range");
    if (!prefix_equal(h->net, addr, h->plen)) fuzz_fail(T, "hit range misses the address");
    if (h->org_id >= dgwl_org_count(wl) || strcmp(dgwl_org_name(wl, h->org_id), h->org) != 0)
        fuzz_fail(T, "hit org disagrees with the org table");
    char cidr[48];
    dg_cidr back;
    if (dg_cidr_parse(dgwl_hit_cidr(h, cidr, sizeof cidr), &back) != DG_CIDR_OK ||
        back.prefix != h->plen ||
        back.ip_ver != h->ip_ver || memcmp(back.addr, h->net, 16) != 0)
        fuzz_fail(T, "hit CIDR text does not parse back");
    dgwl_hit again;
    if (!dgwl_lookup(wl, h->net, ver, &again) || again.plen < h->plen)
        fuzz_fail(T, "a range's network address is not found in it");
}

static void probe(const dgwl_list *wl, const uint8_t *bytes, size_t n, int ver)
{
    uint8_t addr[16] = {0};
    memcpy(addr, bytes, n < (ver == 4 ? 4u : 16u) ? n : (ver == 4 ? 4u : 16u));
    dgwl_hit h;
    if (dgwl_lookup(wl, addr, ver, &h)) check_hit(wl, addr, ver, &h);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[256] = "";
    dgwl_list *wl = dgwl_parse((const char *)data, size, "fuzz", err, sizeof err);
    if (!wl) {
        if (strncmp(err, "fuzz:", 5) != 0) fuzz_fail(T, "refused without \"name:line:\"");
        return 0;
    }
    if (dgwl_range_count(wl) > DGWL_MAX_RANGES || dgwl_org_count(wl) > DGWL_MAX_ORGS)
        fuzz_fail(T, "limits exceeded");
    for (size_t i = 0; i < dgwl_org_count(wl); i++) {
        const char *name = dgwl_org_name(wl, i);
        if (!name || strnlen(name, DGWL_ORG_MAX) == DGWL_ORG_MAX) fuzz_fail(T, "bad org name");
    }
    /* Addresses from the input itself hit its ranges far more often than random ones. */
    for (size_t off = 0; off + 4 <= size && off < 512; off += 4) {
        probe(wl, data + off, size - off, 4);
        probe(wl, data + off, size - off, 6);
    }
    static const uint8_t zero[16],
        ones[16] = {255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255};
    probe(wl, zero, 16, 4), probe(wl, zero, 16, 6), probe(wl, ones, 16, 4), probe(wl, ones, 16, 6);
    dgwl_free(wl);
    return 0;
}
