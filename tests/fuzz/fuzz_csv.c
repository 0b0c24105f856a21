/* fuzz_csv.c - libFuzzer target over the CSV event-log source (src_csv.c): the input's
 * first byte picks a column mapping, the rest is the file (plain, or gzip when it starts
 * with the gzip magic). A file is refused with a reason or read whole; every row must be
 * taken or counted as bad, never crash; the records must keep the source contract
 * (fuzz_source.h). */
#include "fuzz_source.h"
#include "source_kinds.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The default Marx layout, a full epoch layout with every column, and a tab layout. */
static const char *const mappings[] = {
    NULL,
    "ts=0,src=1,dst=2,proto=3,sport=4,dport=5,sensor=6,type=7,code=8,flags=9,ttl=10,len=11,"
    "seq=12,tsformat=epoch",
    "ts=1,src=0,proto=2,dport=3,sep=tab",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    const char *columns = mappings[data[0] % (sizeof mappings / sizeof mappings[0])];
    fuzz_file f;
    if (!fuzz_file_open(&f, data + 1, size - 1)) return 0;
    char err[256] = "";
    dg_source *s = dgsrc_csv(f.path, columns, err, sizeof err);
    if (!s) { /* no record among its first rows: not a log of this layout */
        if (!err[0]) fuzz_fail("fuzz_csv", "refused without a reason");
        fuzz_file_close(&f);
        return 0;
    }
    fuzz_drain_twice("fuzz_csv", s);
    if (dgsrc_seek(s, 1500000000000000000ull)) {
        uint64_t sum;
        fuzz_drain("fuzz_csv", s, &sum);
    }
    s->close(s);
    fuzz_file_close(&f);
    return 0;
}
