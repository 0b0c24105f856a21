/* fuzz_recording.c - libFuzzer target over darkglobe recordings and foreign pcapng
 * (recording.c): the reader item by item, the seek index, a seek, and the dg_source over
 * the file. Beyond memory safety it checks that the reader, the index and the source agree
 * on what the file holds, and that every alert's text is a terminated string. */
#include "fuzz_source.h"
#include "recording.h"
#include "source_kinds.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define T "fuzz_recording"
#define MAXREC 16

static void check_text(const char *s, size_t cap)
{
    if (strnlen(s, cap) == cap) fuzz_fail(T, "alert text not terminated");
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7F) fuzz_fail(T, "control character in alert");
}

static void check_alert(const dg_alert *a)
{
    check_text(a->id, sizeof a->id);
    check_text(a->kind, sizeof a->kind);
    check_text(a->title, sizeof a->title);
    check_text(a->detail, sizeof a->detail);
    check_text(a->src, sizeof a->src);
    check_text(a->org, sizeof a->org);
    check_text(a->sensor, sizeof a->sensor);
}

/* Reads r to its end; counts records and alerts; returns the first record's time. */
static uint64_t read_all(dgrec_reader *r, uint64_t *nrec, uint64_t *nalert)
{
    static dg_record out[MAXREC];
    static dgrec_item item;
    uint64_t first = UINT64_MAX;
    *nrec = *nalert = 0;
    for (int guard = 0;; guard++) {
        if (guard > 1000000) fuzz_fail(T, "reader never ends");
        int k = dgrec_next(r, out, MAXREC, &item);
        if (k == DGREC_END) return first;
        if (k == DGREC_ALERT) {
            check_alert(&item.alert);
            (*nalert)++;
            continue;
        }
        if (k != DGREC_RECORDS || item.n == 0 || item.n > MAXREC) fuzz_fail(T, "bad item");
        const dgw_sensor_table *st = dgrec_sensors(r);
        for (size_t i = 0; i < item.n; i++) {
            const dg_record *x = &out[i];
            if (x->ip_ver != 4 && x->ip_ver != 6) fuzz_fail(T, "ip_ver not 4 or 6");
            if (!dgtm_valid(x->ts_ns)) fuzz_fail(T, "timestamp at or past 2^63 ns");
            if (x->sensor != DG_SENSOR_NONE && x->sensor >= st->count)
                fuzz_fail(T, "sensor index outside the table");
        }
        if (*nrec == 0) first = out[0].ts_ns;
        *nrec += item.n;
    }
}

static void fuzz_reader(const char *path)
{
    char err[256] = "";
    dgrec_reader *r = dgrec_open_read(path, err, sizeof err);
    if (!r) {
        if (!err[0]) fuzz_fail(T, "refused without a reason");
        return;
    }
    uint64_t nrec, nalert, nrec2, nalert2;
    read_all(r, &nrec, &nalert);
    dgrec_index *ix = dgrec_index_build(path, 3, err, sizeof err);
    if (!ix) fuzz_fail(T, "index refused a file the reader opened");
    uint64_t irec, ialert, first, last;
    dgrec_index_totals(ix, &irec, &ialert);
    if (irec != nrec || ialert != nalert) fuzz_fail(T, "index and reader disagree");
    dgrec_rewind(r);
    read_all(r, &nrec2, &nalert2);
    if (nrec2 != nrec || nalert2 != nalert) fuzz_fail(T, "rewound reader disagrees");
    dgrec_index_span(ix, &first, &last);
    uint64_t mid = first + (last - first) / 2;
    if (dgrec_seek(r, ix, mid)) {
        uint64_t t = read_all(r, &nrec2, &nalert2);
        if (nrec2 > 0 && t < mid) fuzz_fail(T, "seek returned an older record first");
    }
    dgrec_index_free(ix);
    dgrec_close_read(r);
}

static void fuzz_source(const char *path)
{
    char err[256] = "";
    dg_source *s = dgsrc_recording(path, err, sizeof err);
    if (!s) return;
    fuzz_drain_twice(T, s);
    dg_alert a;
    uint64_t recv;
    for (int i = 0; dgsrc_alert(s, &a, &recv); i++) {
        if (i > 100000) fuzz_fail(T, "alert ring never empties");
        check_alert(&a);
    }
    s->close(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_file f;
    if (!fuzz_file_open(&f, data, size)) return 0;
    fuzz_reader(f.path);
    fuzz_source(f.path);
    fuzz_file_close(&f);
    return 0;
}
