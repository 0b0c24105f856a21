/* test_csv.c - CSV event logs: the Marx layout (plain and gzip), a custom column mapping,
 * bad rows skipped and counted, the sensor limit, bad mappings, seek and auto-detection. */
#include "check.h"
#include "source_kinds.h"

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include <zlib.h>

static char dir[] = "/tmp/dg_test_csv_XXXXXX";

static const char marx[] = "datetime,host,src,proto,type,spt,dpt\n"
                           "2013-03-03 21:53:59,groucho-oregon,1032051418,TCP,,6000,1433\n"
                           "2013-03-03 21:57:01,groucho-oregon,1347834426,UDP,,5270,5060\n"
                           "2013-03-03 23:01:45,groucho-eu,2148114514,ICMP,8,,\n"
                           "2013-03-03 21:58:09,groucho-us-east,841842716,UDP,,43235,1900\n"
                           "not a date,groucho-eu,1,TCP,,1,2\n"
                           "2013-03-03 21:58:09,groucho-eu,999999999999,TCP,,1,2\n"
                           "2013-03-03 21:58:09,groucho-eu,1.2.3.4,SCTP?,,1,2\n"
                           "2013-03-03 21:58:09,groucho-eu,1.2.3.4,TCP,,70000,2\n"
                           "\n"
                           "2013-03-04 00:00:00,groucho-tokyo,61.131.218.218,TCP,,1024,23\n";

static void write_text(const char *name, const char *text, bool gz)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    gzFile f = gzopen(path, gz ? "wb" : "wbT");
    gzputs(f, text);
    gzclose(f);
}

static dg_source *open_csv(const char *name, const char *columns)
{
    char path[256], err[256] = "";
    snprintf(path, sizeof path, "%s/%s", dir, name);
    dg_source *s = dgsrc_csv(path, columns, err, sizeof err);
    if (!s) fprintf(stderr, "%s\n", err);
    CHECK(s != NULL);
    return s;
}

static void check_marx(dg_source *s)
{
    dg_record r[16];
    CHECK_EQ_INT(s->next(s, r, 16), 5);
    CHECK_EQ_INT(s->src_errors, 4);
    CHECK_EQ_INT(r[0].ts_ns, 1362347639ull * 1000000000ull);
    CHECK_EQ_INT(r[0].proto, DG_PROTO_TCP);
    CHECK_EQ_INT(r[0].flags, DG_TCP_SYN);
    CHECK_EQ_INT(r[0].sport, 6000);
    CHECK_EQ_INT(r[0].dport, 1433);
    CHECK_EQ_INT(r[0].ip_ver, 4);
    CHECK(memcmp(r[0].src, "\x3d\x83\xda\xda", 4) == 0); /* 1032051418 = 61.131.218.218 */
    CHECK(memcmp(r[4].src, "\x3d\x83\xda\xda", 4) == 0); /* the same address, dotted */
    CHECK(memcmp(r[0].dst, "\0\0\0\0", 4) == 0);
    /* what the log did not record stays unknown: no destination, seq, TTL or length */
    CHECK_EQ_INT(r[0].have, DG_HAVE_SPORT | DG_HAVE_DPORT | DG_HAVE_FLAGS);
    CHECK(!dg_record_is_mirai(&r[0]));
    CHECK_EQ_INT(r[0].ip_len, 0);
    CHECK_EQ_INT(r[1].proto, DG_PROTO_UDP);
    CHECK_EQ_INT(r[1].flags, 0);
    CHECK_EQ_INT(r[1].have, DG_HAVE_SPORT | DG_HAVE_DPORT);
    CHECK_EQ_INT(r[2].proto, DG_PROTO_ICMP);
    CHECK_EQ_INT(r[2].sport, 8); /* ICMP type */
    CHECK_EQ_INT(r[2].dport, 0);
    CHECK_EQ_INT(r[2].have, DG_HAVE_SPORT); /* the log has no ICMP code */
    CHECK(r[3].ts_ns < r[2].ts_ns); /* file order is kept */
    CHECK_EQ_INT(s->sensors.count, 4);
    CHECK_STR_EQ(s->sensors.name[r[0].sensor], "groucho-oregon");
    CHECK_STR_EQ(s->sensors.name[r[2].sensor], "groucho-eu");
    CHECK_STR_EQ(s->sensors.name[r[4].sensor], "groucho-tokyo");
    CHECK_EQ_INT(s->next(s, r, 16), 0);
}

/* Runs one pass over name with stderr captured; returns what was printed. */
static char *stderr_of_pass(const char *name, char *buf, size_t cap)
{
    char log[256];
    snprintf(log, sizeof log, "%s/stderr.txt", dir);
    fflush(stderr);
    int saved = dup(2), fd = open(log, O_CREAT | O_TRUNC | O_RDWR, 0600);
    dup2(fd, 2);
    dg_source *s = open_csv(name, NULL);
    if (s) check_marx(s), s->close(s);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    ssize_t n = pread(fd, buf, cap - 1, 0);
    buf[n > 0 ? n : 0] = 0;
    close(fd);
    return buf;
}

static void test_marx_layout(void)
{
    write_text("marx.csv", marx, false);
    write_text("marx.csv.gz", marx, true);
    char out[2048];
    stderr_of_pass("marx.csv", out, sizeof out);
    CHECK(strstr(out, "marx.csv:6: bad timestamp") != NULL); /* the first is always shown */
    CHECK(strstr(out, "marx.csv: 4 bad rows skipped") != NULL);
    dg_source *s = open_csv("marx.csv", NULL);
    if (s) {
        check_marx(s);
        CHECK(s->rewind(s));
        s->src_errors = 0;
        check_marx(s);
        CHECK(dgsrc_seek(s, 1362355200ull * 1000000000ull)); /* 2013-03-04 00:00:00 */
        dg_record r[4];
        CHECK_EQ_INT(s->next(s, r, 4), 1);
        CHECK_EQ_INT(r[0].dport, 23);
        s->close(s);
    }
    s = open_csv("marx.csv.gz", NULL);
    if (s) check_marx(s), s->close(s);
    char path[256], err[256];
    snprintf(path, sizeof path, "%s/marx.csv.gz", dir);
    s = dgsrc_open_auto(path, NULL, err, sizeof err);
    CHECK(s != NULL);
    if (s) check_marx(s), s->close(s);
}

static void test_custom_mapping(void)
{
    write_text("zeek.tsv",
               "1509408000.5\t192.0.2.1\t203.0.113.7\ttcp\t40000\t23\tSA\t48\t60\t3405803783\n"
               "1509408001\t2001:db8::1\t2001:db8::2\t17\t53\t53\t\t64\t100\t0\n"
               "1509408002\t2001:db8::1\t203.0.113.7\tudp\t1\t2\t\t64\t100\t0\n",
               false);
    const char *cols = "ts=0,src=1,dst=2,proto=3,sport=4,dport=5,flags=6,ttl=7,len=8,seq=9,"
                       "tsformat=epoch,sep=tab";
    dg_source *s = open_csv("zeek.tsv", cols);
    if (!s) return;
    dg_record r[4];
    CHECK_EQ_INT(s->next(s, r, 4), 2);
    CHECK_EQ_INT(r[0].ts_ns, 1509408000500000000ull);
    CHECK_EQ_INT(r[0].flags, DG_TCP_SYN | DG_TCP_ACK);
    CHECK_EQ_INT(r[0].ttl, 48);
    CHECK_EQ_INT(r[0].ip_len, 60);
    CHECK_EQ_INT(r[0].seq, 3405803783u);
    CHECK_EQ_INT(r[0].sensor, DG_SENSOR_NONE);
    CHECK(memcmp(r[0].dst, "\xcb\x00\x71\x07", 4) == 0);
    CHECK_EQ_INT(r[1].ip_ver, 6);
    CHECK_EQ_INT(r[1].proto, DG_PROTO_UDP);
    CHECK_EQ_INT(s->src_errors, 1); /* IPv6 source with an IPv4 destination */
    s->close(s);

    char err[256] = "", path[256];
    snprintf(path, sizeof path, "%s/zeek.tsv", dir);
    CHECK(dgsrc_csv(path, "ts=0,src=1,bogus=3", err, sizeof err) == NULL);
    CHECK(strstr(err, "bogus") != NULL);
    CHECK(dgsrc_csv(path, "ts=0,src=1", err, sizeof err) == NULL);
    CHECK(strstr(err, "needs ts, src and proto") != NULL);
    CHECK(dgsrc_csv("/nonexistent.csv", NULL, err, sizeof err) == NULL);
    CHECK(strstr(err, "/nonexistent.csv") != NULL);
}

/* The 65th distinct sensor name is refused with a message; its row is counted. */
static void test_sensor_limit(void)
{
    char *text = malloc(70 * 64);
    size_t n = 0;
    for (int i = 0; i < 66; i++)
        n += (size_t)sprintf(text + n, "2013-03-03 21:53:59,sensor-%d,1.2.3.4,TCP,,1,2\n", i);
    write_text("many.csv", text, false);
    free(text);
    dg_source *s = open_csv("many.csv", NULL);
    if (!s) return;
    dg_record r[80];
    CHECK_EQ_INT(s->next(s, r, 80), 64);
    CHECK_EQ_INT(s->src_errors, 2);
    CHECK_EQ_INT(s->sensors.count, DGW_MAX_SENSORS);
    s->close(s);
}

int main(void)
{
    if (!mkdtemp(dir)) return 1;
    test_marx_layout();
    test_custom_mapping();
    test_sensor_limit();
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0) fprintf(stderr, "cannot remove %s\n", dir);
    return check_report();
}
