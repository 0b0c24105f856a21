/* mkfixtures.c - writes the synthetic traffic in every input format into DIR for the
 * command-line test (see fmt_fixtures.h): cap.pcap, eve.json, conn.log, conn.json, ft.avro.
 * Prints "RECORDS PACKETS": the pcap holds RECORDS packets, the aggregated formats PACKETS.
 * Usage: mkfixtures DIR RECORDS */
#include "fmt_fixtures.h"

int main(int argc, char **argv)
{
    if (argc != 3 || atol(argv[2]) <= 0) {
        fprintf(stderr, "usage: %s DIR RECORDS\n", argv[0]);
        return 2;
    }
    size_t n = (size_t)atol(argv[2]);
    dg_record *r = fx_records(n);
    char path[4096];
    snprintf(path, sizeof path, "%s/cap.pcap", argv[1]);
    fx_write_pcap(path, r, n);
    snprintf(path, sizeof path, "%s/eve.json", argv[1]);
    fx_write_eve(path, r, n);
    snprintf(path, sizeof path, "%s/conn.log", argv[1]);
    fx_write_zeek(path, r, n, false);
    snprintf(path, sizeof path, "%s/conn.json", argv[1]);
    fx_write_zeek(path, r, n, true);
    snprintf(path, sizeof path, "%s/ft.avro", argv[1]);
    fx_write_avro(path, r, n);
    printf("%zu %llu\n", n, (unsigned long long)fx_total(n));
    free(r);
    return 0;
}
