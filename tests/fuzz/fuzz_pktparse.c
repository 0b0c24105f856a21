/* fuzz_pktparse.c - libFuzzer target over one captured frame (pktparse.c), without
 * libpcap in the way: byte 0 picks the link type (or IP-only parsing), byte 1 the
 * dgpp_parse_ip options, the rest is the frame. The frame ends where the fuzzer's (and
 * the replayer's) exact-size heap buffer ends, so any read past the captured length is
 * caught by ASan. */
#include "fuzz_util.h"
#include "pktparse.h"

#include <pcap/dlt.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const int dlts[] = {DLT_EN10MB, DLT_LINUX_SLL, DLT_LINUX_SLL2, DLT_RAW, DLT_IPV4,
                           DLT_IPV6,   DLT_NULL,      DLT_LOOP,       DLT_PPP, -1};
#define NDLT (sizeof dlts / sizeof dlts[0])

static void check(int rc, const dg_record *r)
{
    static const uint8_t zero[12];
    if (rc < DGPP_OK || rc > DGPP_LINKTYPE) fuzz_fail("fuzz_pktparse", "result out of range");
    if (!dgpp_strerror(rc)) fuzz_fail("fuzz_pktparse", "no message for a result");
    if (rc != DGPP_OK) return;
    if (r->ip_ver != 4 && r->ip_ver != 6) fuzz_fail("fuzz_pktparse", "ip_ver not 4 or 6");
    if (r->ip_ver == 4 && (memcmp(r->src + 4, zero, 12) || memcmp(r->dst + 4, zero, 12)))
        fuzz_fail("fuzz_pktparse", "IPv4 address not zero-padded");
    if (r->sensor != DG_SENSOR_NONE) fuzz_fail("fuzz_pktparse", "sensor set by the parser");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2) return 0;
    unsigned pick = data[0] % (NDLT + 1), opts = data[1] & 3u;
    const uint8_t *frame = data + 2;
    size_t len = size - 2;
    dg_record r;
    memset(&r, 0xA5, sizeof r);
    if (pick == NDLT) {
        int rc = dgpp_parse_ip(frame, len, opts, &r);
        check(rc, &r);
    } else {
        int dlt = dlts[pick];
        int rc = dgpp_parse_frame(dlt, frame, len, &r);
        if (!dgpp_linktype_supported(dlt) && rc != DGPP_LINKTYPE)
            fuzz_fail("fuzz_pktparse", "unsupported link type accepted");
        check(rc, &r);
    }
    return 0;
}
