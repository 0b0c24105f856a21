/* fuzz_pcap.c - libFuzzer target over pcap/pcapng files read through the pcap source
 * (src_pcap.c: libpcap, then pktparse.c), including a rewind and a seek into the file.
 * Unreadable files must be refused with a reason; readable ones drained without a crash
 * and with the source contract kept (fuzz_source.h). */
#include "fuzz_source.h"
#include "source_kinds.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_file f;
    if (!fuzz_file_open(&f, data, size)) return 0;
    char err[256] = "";
    dg_source *s = dgsrc_pcap(f.path, err, sizeof err);
    if (!s) {
        if (!err[0]) fuzz_fail("fuzz_pcap", "refused without a reason");
        fuzz_file_close(&f);
        return 0;
    }
    fuzz_drain_twice("fuzz_pcap", s);
    /* Seek to the middle of the seconds range the input could name. */
    if (dgsrc_seek(s, 1000000000ull * (size > 40 ? data[40] : 0))) {
        uint64_t sum;
        fuzz_drain("fuzz_pcap", s, &sum);
    }
    s->close(s);
    fuzz_file_close(&f);
    return 0;
}
