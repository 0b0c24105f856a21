/* test_jsonsrc.c - JSON lines source: objects, arrays, the "pkt " prefix, gzip, bad lines
 * counted (line numbers on stderr), seek, and auto-detection. */
#include "check.h"
#include "source_kinds.h"

#include <stdlib.h>
#include <zlib.h>

static char dir[] = "/tmp/dg_test_jsonsrc_XXXXXX";

static const char lines[] =
    "{\"ts\":1509408000.25,\"src\":\"192.0.2.1\",\"dst\":\"203.0.113.7\",\"proto\":\"tcp\","
    "\"sport\":40000,\"dport\":23,\"flags\":\"S\",\"seq\":3405803783,\"sensor\":\"tokyo\"}\n"
    "pkt [{\"ts\":1509408001,\"src\":\"2001:db8::1\",\"dst\":\"2001:db8::2\",\"proto\":\"udp\","
    "\"sport\":53,\"dport\":53},"
    "{\"ts\":1509408002,\"src\":\"bogus\",\"dst\":\"203.0.113.7\",\"proto\":\"udp\"}]\n"
    "{this is not json\n"
    "\n"
    "{\"ts\":1509408003,\"src\":\"198.51.100.1\",\"dst\":\"203.0.113.9\",\"proto\":\"icmp\","
    "\"sensor\":\"osaka\"}\n";

static void write_text(const char *name, bool gz)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    gzFile f = gzopen(path, gz ? "wb" : "wbT");
    gzputs(f, lines);
    gzclose(f);
}

static void check_all(dg_source *s)
{
    dg_record r[8];
    int n = s->next(s, r, 8);
    CHECK_EQ_INT(n, 3);
    if (n != 3) return;
    CHECK_EQ_INT(r[0].ts_ns, 1509408000250000000ull);
    CHECK(dg_record_is_mirai(&r[0]));
    CHECK_STR_EQ(s->sensors.name[r[0].sensor], "tokyo");
    CHECK_EQ_INT(r[1].ip_ver, 6);
    CHECK_EQ_INT(r[1].sensor, DG_SENSOR_NONE);
    CHECK_EQ_INT(r[2].proto, DG_PROTO_ICMP);
    CHECK_STR_EQ(s->sensors.name[r[2].sensor], "osaka");
    CHECK_EQ_INT(s->src_errors, 2); /* one bad array element, one bad line */
    CHECK_EQ_INT(s->next(s, r, 8), 0);
}

int main(void)
{
    if (!mkdtemp(dir)) return 1;
    write_text("a.jsonl", false);
    write_text("a.jsonl.gz", true);
    char path[256], err[256] = "";
    snprintf(path, sizeof path, "%s/a.jsonl", dir);
    dg_source *s = dgsrc_json(path, err, sizeof err);
    CHECK(s != NULL);
    if (s) {
        check_all(s);
        CHECK(dgsrc_seek(s, 1509408001000000000ull));
        dg_record r[8];
        CHECK_EQ_INT(s->next(s, r, 8), 2);
        CHECK_EQ_INT(r[0].ip_ver, 6);
        /* records come one line at a time when the caller asks for fewer */
        CHECK(s->rewind(s));
        CHECK_EQ_INT(s->next(s, r, 1), 1);
        CHECK_EQ_INT(s->next(s, r, 1), 1);
        CHECK_EQ_INT(r[0].ip_ver, 6);
        s->close(s);
    }
    snprintf(path, sizeof path, "%s/a.jsonl.gz", dir);
    s = dgsrc_open_auto(path, NULL, err, sizeof err);
    CHECK(s != NULL);
    if (s) check_all(s), s->close(s);
    CHECK(dgsrc_json("/nonexistent.jsonl", err, sizeof err) == NULL);
    CHECK(dgsrc_open_auto("-", NULL, err, sizeof err) == NULL);
    CHECK(strstr(err, "--pcap -") != NULL);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0) fprintf(stderr, "cannot remove %s\n", dir);
    return check_report();
}
