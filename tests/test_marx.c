/* test_marx.c - the real Marx honeypot dataset (451,581 events, nine sensors) read whole
 * through the CSV source; skipped (exit 77) when the dataset is not present. */
#include "check.h"
#include "source_kinds.h"

#include <stdlib.h>
#include <unistd.h>

static const struct {
    const char *host;
    long events;
} hosts[] = {{"groucho-tokyo", 126189},  {"groucho-oregon", 94076}, {"groucho-singapore", 78151},
             {"groucho-us-east", 31779}, {"groucho-norcal", 24566}, {"groucho-sydney", 24456},
             {"groucho-sa", 24316},      {"zeppo-norcal", 24094},   {"groucho-eu", 23954}};

int main(int argc, char **argv)
{
    if (argc < 2 || access(argv[1], R_OK) != 0) {
        printf("SKIP: Marx dataset not found (%s)\n", argc > 1 ? argv[1] : "no path given");
        return 77;
    }
    char err[256] = "";
    dg_source *s = dgsrc_csv(argv[1], NULL, err, sizeof err);
    CHECK(s != NULL);
    if (!s) return fprintf(stderr, "%s\n", err), check_report();
    static dg_record r[8192];
    long total = 0, tcp = 0, udp = 0, icmp = 0, per[DGW_MAX_SENSORS] = {0}, backwards = 0;
    uint64_t first = UINT64_MAX, last = 0, prev = 0;
    int n;
    while ((n = s->next(s, r, 8192)) > 0) {
        for (int i = 0; i < n; i++) {
            tcp += r[i].proto == DG_PROTO_TCP;
            udp += r[i].proto == DG_PROTO_UDP;
            icmp += r[i].proto == DG_PROTO_ICMP;
            if (r[i].sensor < DGW_MAX_SENSORS) per[r[i].sensor]++;
            if (r[i].ts_ns < first) first = r[i].ts_ns;
            if (r[i].ts_ns > last) last = r[i].ts_ns;
            backwards += r[i].ts_ns < prev;
            prev = r[i].ts_ns;
        }
        total += n;
    }
    CHECK_EQ_INT(total, 451581);
    CHECK_EQ_INT(s->src_errors, 0);
    CHECK_EQ_INT(tcp, 327991);
    CHECK_EQ_INT(udp, 78779);
    CHECK_EQ_INT(icmp, 44811);
    CHECK_EQ_INT(s->sensors.count, 9);
    for (size_t h = 0; h < sizeof hosts / sizeof hosts[0]; h++) {
        int idx = -1;
        for (int i = 0; i < s->sensors.count; i++)
            if (strcmp(s->sensors.name[i], hosts[h].host) == 0) idx = i;
        CHECK(idx >= 0);
        if (idx >= 0) CHECK_EQ_INT(per[idx], hosts[h].events);
    }
    CHECK(first >= 1362268800ull * 1000000000ull); /* 2013-03-03 */
    CHECK(last < 1378684800ull * 1000000000ull);   /* before 2013-09-09 */
    printf("marx: %ld records, %ld steps back in time (file order kept)\n", total, backwards);
    s->close(s);
    return check_report();
}
