/* fuzz_sensors.c - libFuzzer target over sensor definitions (sensors.c): the input as a
 * sensor file (dgs_load_file, all or nothing), each of its lines as a --sensor spec, and
 * its start as a CIDR. Checks: a refused file leaves the table untouched and says why;
 * an accepted table keeps its limits, ranges and names, and every CIDR contains its own
 * network address with the host bits clear. */
#include "fuzz_util.h"
#include "sensors.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define T "fuzz_sensors"

static void check_cidr(const dg_cidr *c)
{
    unsigned max = c->ip_ver == 4 ? 32 : 128;
    if ((c->ip_ver != 4 && c->ip_ver != 6) || c->prefix > max) fuzz_fail(T, "bad CIDR");
    for (unsigned bit = c->prefix; bit < 128; bit++)
        if (c->addr[bit / 8] & (0x80 >> (bit % 8))) fuzz_fail(T, "host bits set in a CIDR");
    if (!dg_cidr_contains(c, c->ip_ver, c->addr)) fuzz_fail(T, "CIDR misses its own address");
}

static void check_table(const dgs_table *t)
{
    if (t->count < 0 || t->count > DGS_MAX_SENSORS) fuzz_fail(T, "sensor count out of range");
    for (int i = 0; i < t->count; i++) {
        const dgs_sensor *s = &t->s[i];
        if (strnlen(s->name, sizeof s->name) == sizeof s->name || !s->name[0])
            fuzz_fail(T, "bad sensor name");
        if (dgs_find(t, s->name) != i) fuzz_fail(T, "duplicate or unfindable name");
        if (!(s->lat >= -90 && s->lat <= 90 && s->lon >= -180 && s->lon <= 180))
            fuzz_fail(T, "position out of range");
        if (s->ncidr < 0 || s->ncidr > DGS_MAX_CIDRS) fuzz_fail(T, "CIDR count out of range");
        for (int j = 0; j < s->ncidr; j++) {
            check_cidr(&s->cidr[j]);
            int m = dgs_match(t, s->cidr[j].ip_ver, s->cidr[j].addr);
            if (m < 0 || m > i) fuzz_fail(T, "a sensor's own range matches no earlier sensor");
        }
    }
}

static void fuzz_file_load(const uint8_t *data, size_t size)
{
    static dgs_table t, before;
    memset(&t, 0, sizeof t);
    dgs_add_defaults(&t);
    before = t;
    fuzz_file f;
    if (!fuzz_file_open(&f, data, size)) return;
    char err[256] = "";
    if (dgs_load_file(&t, f.path, err, sizeof err)) {
        check_table(&t);
    } else {
        if (!err[0]) fuzz_fail(T, "file refused without a reason");
        if (memcmp(&t, &before, sizeof t) != 0) fuzz_fail(T, "refused file changed the table");
    }
    fuzz_file_close(&f);
}

static void fuzz_specs(const uint8_t *data, size_t size)
{
    static dgs_table t;
    char spec[512], err[256];
    memset(&t, 0, sizeof t);
    for (size_t i = 0; i < size;) {
        const uint8_t *nl = memchr(data + i, '\n', size - i);
        size_t n = nl ? (size_t)(nl - (data + i)) : size - i;
        size_t c = n < sizeof spec - 1 ? n : sizeof spec - 1;
        memcpy(spec, data + i, c);
        spec[c] = '\0';
        int before = t.count;
        err[0] = '\0';
        bool ok = dgs_add_spec(&t, spec, err, sizeof err);
        if (ok != (t.count == before + 1)) fuzz_fail(T, "spec result disagrees with the count");
        if (!ok && !err[0]) fuzz_fail(T, "spec refused without a reason");
        i += n + 1;
    }
    check_table(&t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_file_load(data, size);
    fuzz_specs(data, size);
    char text[80];
    size_t n = size < sizeof text - 1 ? size : sizeof text - 1;
    memcpy(text, data, n);
    text[n] = '\0';
    dg_cidr c;
    if (dg_cidr_parse(text, &c) == DG_CIDR_OK) {
        dg_cidr_mask(&c);
        check_cidr(&c);
    }
    return 0;
}
