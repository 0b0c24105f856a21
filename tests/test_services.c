/* test_services.c - the port/service/CVE table: the shipped assets/services.tsv names the
 * ports of the synthetic feed and of the 2017 story; bad files are refused with file:line. */
#include "check.h"
#include "services.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static const char *write_tmp(const char *name, const char *text)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/dg-services-%d-%s",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (int)getpid(), name);
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
    return path;
}

static void test_shipped(void)
{
    static dgsv_table t;
    char err[256] = "";
    dgsv_init(&t);
    CHECK(dgsv_load(&t, DG_SOURCE_ASSETDIR "/services.tsv", err, sizeof err));
    if (err[0]) fprintf(stderr, "%s\n", err);
    const dgsv_entry *e = dgsv_find(&t, 52869, 6);
    CHECK(e && strstr(e->service, "miniigd") && !strcmp(e->cves, "CVE-2014-8361"));
    e = dgsv_find(&t, 23, 6);
    CHECK(e && !strcmp(e->service, "Telnet") && !e->cves[0] && strstr(e->note, "Mirai"));
    e = dgsv_find(&t, 37215, 6);
    CHECK(e && !strcmp(e->cves, "CVE-2017-17215"));
    e = dgsv_find(&t, 445, 6);
    CHECK(e && !strcmp(e->cves, "CVE-2017-0144"));
    e = dgsv_find(&t, 3389, 6);
    CHECK(e && !strcmp(e->cves, "CVE-2019-0708"));
    e = dgsv_find(&t, 7547, 6);
    CHECK(e && !strcmp(e->cves, "CVE-2016-10372"));
    CHECK(dgsv_find(&t, 23, 17) == NULL); /* the protocol is part of the key */
    /* every port of the synthetic feed's mix (docs/darkglobe-feed.md) has a name */
    static const struct {
        uint16_t port;
        uint8_t proto;
    } synth[] = {{23, 6},    {2323, 6},  {22, 6},   {445, 6},   {80, 6},     {8080, 6}, {3389, 6},
                 {5555, 6},  {81, 6},    {1433, 6}, {443, 6},   {8443, 6},   {3306, 6}, {6379, 6},
                 {5900, 6},  {37215, 6}, {7547, 6}, {52869, 6}, {53, 17},    {123, 17}, {1900, 17},
                 {5060, 17}, {161, 17},  {137, 17}, {5353, 17}, {11211, 17}, {500, 17}};
    for (size_t i = 0; i < sizeof synth / sizeof *synth; i++) {
        if (!dgsv_find(&t, synth[i].port, synth[i].proto))
            fprintf(stderr, "no service for %u/%u\n", synth[i].port, synth[i].proto);
        CHECK(dgsv_find(&t, synth[i].port, synth[i].proto) != NULL);
    }
}

static void test_extend_and_errors(void)
{
    static dgsv_table t;
    char err[256];
    dgsv_init(&t);
    CHECK(dgsv_load(
        &t, write_tmp("a.tsv", "# c\n\n23\ttcp\tTelnet\t-\n8080\ttcp\tWeb\tCVE-1, CVE-2\tx\r\n"),
        err, sizeof err));
    CHECK_EQ_INT(t.n, 2);
    /* a second file replaces a port and adds one */
    CHECK(dgsv_load(&t, write_tmp("b.tsv", "23\ttcp\tMy telnet\t-\n99\tudp\tNew\t-\n"), err,
                    sizeof err));
    CHECK_EQ_INT(t.n, 3);
    CHECK_STR_EQ(dgsv_find(&t, 23, 6)->service, "My telnet");
    CHECK_STR_EQ(dgsv_find(&t, 8080, 6)->cves, "CVE-1, CVE-2");
    CHECK_STR_EQ(dgsv_find(&t, 8080, 6)->note, "x");
    CHECK(dgsv_find(&t, 99, 17) != NULL);
    static const struct {
        const char *text, *want;
    } bad[] = {
        {"23 tcp Telnet -\n", ":1: expected port"},
        {"# ok\n70000\ttcp\tX\t-\n", ":2: bad port"},
        {"23\tsctp\tX\t-\n", ":1: bad protocol"},
        {"23\ttcp\t\t-\n", ":1: empty service"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        err[0] = '\0';
        CHECK(!dgsv_load(&t, write_tmp("bad.tsv", bad[i].text), err, sizeof err));
        CHECK(strstr(err, bad[i].want) != NULL);
        CHECK_EQ_INT(t.n, 3); /* all or nothing */
    }
    CHECK(!dgsv_load(&t, "/nonexistent/services.tsv", err, sizeof err));
    CHECK(strstr(err, "No such file") != NULL);
}

int main(void)
{
    test_shipped();
    test_extend_and_errors();
    return check_report();
}
