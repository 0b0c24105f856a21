/* test_alerts.c - the viewer's alert store: ids, merging, order, expiry and fade, flash,
 * capacity, the locate hook, and the JSON-lines log. */
#include "../viewer/alerts.h"
#include "check.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static dg_alert mk(const char *kind, const char *src, const char *org, uint8_t sev)
{
    dg_alert a = {.severity = sev, .count = 1, .ts_ns = 1000, .last_ns = 1000};
    snprintf(a.kind, sizeof a.kind, "%s", kind);
    snprintf(a.src, sizeof a.src, "%s", src);
    snprintf(a.org, sizeof a.org, "%s", org);
    snprintf(a.title, sizeof a.title, "%s %s", kind, src);
    return a;
}

static dgal_store *store(uint32_t cap)
{
    dgal_config c = {.capacity = cap};
    return dgal_create(&c, NULL, 0);
}

static void test_ids_merge_order(void)
{
    dgal_store *s = store(0);
    dg_alert a = mk("watchlist", "192.0.2.5", "Example Org", DG_SEV_MEDIUM);
    a.count = 3;
    const dgal_item *it = dgal_add(s, &a, 10);
    CHECK_STR_EQ(it->a.id, "A-000001");
    dg_alert b = mk("port-surge", "", "", DG_SEV_MEDIUM);
    b.dport = 23, b.proto = 6;
    CHECK_STR_EQ(dgal_add(s, &b, 11)->a.id, "A-000002");
    b.dport = 445;
    CHECK_STR_EQ(dgal_add(s, &b, 12)->a.id, "A-000003"); /* another port: another alert */
    dg_alert ext = mk("external", "203.0.113.9", "", DG_SEV_LOW);
    snprintf(ext.id, sizeof ext.id, "up-7");
    CHECK_STR_EQ(dgal_add(s, &ext, 13)->a.id, "up-7");
    CHECK_EQ_INT(dgal_count(s), 4);
    CHECK_STR_EQ(dgal_at(s, 0)->a.id, "up-7");

    a.count = 4;
    a.ts_ns = 500, a.last_ns = 5000;
    snprintf(a.title, sizeof a.title, "updated");
    it = dgal_add(s, &a, 20);
    CHECK_EQ_INT(dgal_count(s), 4);
    CHECK_STR_EQ(it->a.id, "A-000001");
    CHECK_EQ_INT(it->a.count, 7);
    CHECK_EQ_INT(it->arrivals, 2);
    CHECK_EQ_INT(it->a.ts_ns, 500);
    CHECK_EQ_INT(it->a.last_ns, 5000);
    CHECK_STR_EQ(it->a.title, "updated");
    CHECK_NEAR(it->first_seen, 10, 0);
    CHECK_NEAR(it->last_seen, 20, 0);
    CHECK_STR_EQ(dgal_at(s, 0)->a.id, "A-000001"); /* a repeat moves to the front */
    CHECK_STR_EQ(dgal_at(s, 1)->a.id, "up-7");
    CHECK_STR_EQ(dgal_at(s, 3)->a.id, "A-000002");
    CHECK(dgal_at(s, 4) == NULL);
    CHECK(dgal_find(s, "A-000003") != NULL);
    CHECK(dgal_find(s, "A-000099") == NULL);

    dg_alert same_id = mk("other", "x", "y", DG_SEV_LOW); /* same id: the same alert */
    snprintf(same_id.id, sizeof same_id.id, "up-7");
    CHECK_EQ_INT(dgal_add(s, &same_id, 21)->a.count, 2);
    dgal_counters k = dgal_get_counters(s);
    CHECK_EQ_INT(k.total, 6);
    CHECK_EQ_INT(k.created, 4);
    CHECK_EQ_INT(k.merged, 2);
    CHECK_EQ_INT(k.active, 4);
    dgal_destroy(s);
}

static void test_expiry_fade(void)
{
    dgal_config c = {.expire_s = 100, .fade_s = 20};
    dgal_store *s = dgal_create(&c, NULL, 0);
    dg_alert a = mk("k", "1", "", DG_SEV_LOW), b = mk("k", "2", "", DG_SEV_LOW);
    dgal_add(s, &a, 0);
    const dgal_item *ib = dgal_add(s, &b, 50);
    CHECK_NEAR(dgal_fade(s, ib, 50), 1, 1e-6);
    CHECK_NEAR(dgal_fade(s, ib, 130), 1, 1e-6);
    CHECK_NEAR(dgal_fade(s, ib, 140), 0.5, 1e-6);
    CHECK_NEAR(dgal_fade(s, ib, 150), 0, 1e-6);
    dgal_tick(s, 99.9);
    CHECK_EQ_INT(dgal_count(s), 2);
    dgal_tick(s, 100);
    CHECK_EQ_INT(dgal_count(s), 1);
    CHECK_STR_EQ(dgal_at(s, 0)->a.src, "2");
    dgal_add(s, &b, 120); /* seen again: lives on */
    dgal_tick(s, 200);
    CHECK_EQ_INT(dgal_count(s), 1);
    dgal_tick(s, 220);
    CHECK_EQ_INT(dgal_count(s), 0);
    CHECK_EQ_INT(dgal_get_counters(s).expired, 2);
    dgal_destroy(s);
}

static void test_flash(void)
{
    dgal_store *s = store(0);
    uint8_t sev = 0;
    CHECK_NEAR(dgal_flash(s, 0, &sev), 0, 0);
    dg_alert m = mk("port-surge", "", "", DG_SEV_MEDIUM);
    dgal_add(s, &m, 1);
    CHECK_NEAR(dgal_flash(s, 1, NULL), 0, 0); /* medium does not flash */
    dg_alert h = mk("watchlist", "192.0.2.1", "Org", DG_SEV_HIGH);
    dgal_add(s, &h, 10);
    CHECK_NEAR(dgal_flash(s, 10, &sev), 1, 1e-6);
    CHECK_EQ_INT(sev, DG_SEV_HIGH);
    CHECK_NEAR(dgal_flash(s, 11, NULL), 0.5, 1e-6);
    CHECK_NEAR(dgal_flash(s, 13, NULL), 0, 0);
    dgal_add(s, &h, 20); /* a repeat is not new: no flash */
    CHECK_NEAR(dgal_flash(s, 20, NULL), 0, 0);
    m.severity = DG_SEV_CRITICAL; /* escalation of an active alert flashes */
    dgal_add(s, &m, 30);
    CHECK_NEAR(dgal_flash(s, 30, &sev), 1, 1e-6);
    CHECK_EQ_INT(sev, DG_SEV_CRITICAL);
    CHECK_EQ_INT(dgal_find(s, "A-000001")->a.severity, DG_SEV_CRITICAL);
    dgal_destroy(s);
}

static void test_capacity(void)
{
    dgal_store *s = store(4);
    char src[32];
    for (int i = 0; i < 4; i++) {
        snprintf(src, sizeof src, "10.0.0.%d", i);
        dg_alert a = mk("k", src, "", DG_SEV_LOW);
        dgal_add(s, &a, i);
    }
    dg_alert crit = mk("k", "crit", "", DG_SEV_CRITICAL);
    CHECK(dgal_add(s, &crit, 10) != NULL);
    CHECK(dgal_find(s, "A-000001") == NULL); /* the oldest low one made room */
    CHECK_EQ_INT(dgal_count(s), 4);
    for (int i = 0; i < 3; i++) {
        snprintf(src, sizeof src, "c%d", i);
        dg_alert a = mk("k", src, "", DG_SEV_CRITICAL);
        dgal_add(s, &a, 20 + i);
    }
    dg_alert info = mk("k", "info", "", DG_SEV_INFO);
    CHECK(dgal_add(s, &info, 30) == NULL); /* all critical: the info alert is dropped */
    dgal_counters k = dgal_get_counters(s);
    CHECK_EQ_INT(k.dropped, 1);
    CHECK_EQ_INT(k.evicted, 4);
    CHECK_EQ_INT(k.total, 9);
    for (int i = 0; i < 100000; i++) { /* flood of distinct alerts: stays bounded */
        snprintf(src, sizeof src, "f%d", i);
        dg_alert a = mk("k", src, "", DG_SEV_CRITICAL);
        dgal_add(s, &a, 40 + i * 1e-3);
    }
    CHECK_EQ_INT(dgal_count(s), 4);
    CHECK_STR_EQ(dgal_at(s, 0)->a.src, "f99999");
    dgal_destroy(s);
}

static bool locate(void *ctx, const dg_alert *a, float *lat, float *lon)
{
    (*(int *)ctx)++;
    if (strcmp(a->src, "192.0.2.1") != 0) return false;
    *lat = 35.5f, *lon = 139.5f;
    return true;
}

static void test_locate_and_sanitise(void)
{
    int calls = 0;
    dgal_config c = {.locate = locate, .locate_ctx = &calls};
    dgal_store *s = dgal_create(&c, NULL, 0);
    dg_alert a = mk("watchlist", "192.0.2.1", "Org", DG_SEV_LOW);
    const dgal_item *it = dgal_add(s, &a, 0);
    CHECK(it->a.has_loc);
    CHECK_NEAR(it->a.lat, 35.5, 1e-6);
    dg_alert placed = mk("watchlist", "192.0.2.2", "Org", DG_SEV_LOW);
    placed.has_loc = true, placed.lat = 1, placed.lon = 2;
    CHECK_NEAR(dgal_add(s, &placed, 0)->a.lat, 1, 0);
    CHECK_EQ_INT(calls, 1); /* not called for a placed alert */
    dg_alert bad = {.severity = 200};
    memset(bad.title, 'x', sizeof bad.title); /* unterminated */
    memset(bad.kind, 'k', sizeof bad.kind);
    it = dgal_add(s, &bad, 0);
    CHECK_EQ_INT(strlen(it->a.title), sizeof bad.title - 1);
    CHECK_EQ_INT(strlen(it->a.kind), sizeof bad.kind - 1);
    CHECK_EQ_INT(it->a.severity, DG_SEV_CRITICAL);
    CHECK_EQ_INT(it->a.count, 1);
    dg_alert nokind = mk("", "z", "", DG_SEV_LOW);
    CHECK_STR_EQ(dgal_add(s, &nokind, 0)->a.kind, "external");
    dgal_destroy(s);
}

static int reports;
static void on_report(void *ctx, const char *msg)
{
    (void)ctx;
    reports++;
    CHECK(strstr(msg, "/dev/full") != NULL);
}

/* Ages run on feed time: two alerts raised 3.5 feed-minutes apart, received one display
 * second apart (a x210 replay), read 3m30s apart; without feed time the display clock. */
static void test_age(void)
{
    dgal_store *s = store(0);
    dg_alert a = mk("new-port", "", "", DG_SEV_MEDIUM), b = mk("mirai-surge", "", "JP", 3);
    a.ts_ns = a.last_ns = 1509441122000000000ull;
    b.ts_ns = b.last_ns = a.ts_ns + 210000000000ull;
    dgal_add(s, &a, 10.0);
    dgal_add(s, &b, 11.0);
    double feed_now = 1509441122.0 + 211;
    CHECK(fabs(dgal_age(dgal_at(s, 0), feed_now, 11.5) - 1) < 1e-6);
    CHECK(fabs(dgal_age(dgal_at(s, 1), feed_now, 11.5) - 211) < 1e-6);
    CHECK(fabs(dgal_age(dgal_at(s, 1), 0, 11.5) - 1.5) < 1e-6);
    dgal_destroy(s);
}

static void test_log(void)
{
    char path[] = "/tmp/dg_alerts_logXXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (write(fd, "{\"old\":1}\n", 10) != 10) CHECK(0); /* appended to, not truncated */
    close(fd);
    dgal_config c = {.log_path = path};
    dgal_store *s = dgal_create(&c, NULL, 0);
    CHECK(s != NULL);
    dg_alert a = mk("watchlist", "192.0.2.5", "Example \"Org\"", DG_SEV_HIGH);
    a.count = 2;
    a.ts_ns = a.last_ns = 1509408000500000000ull; /* feed time in 2017 */
    dgal_add(s, &a, 0);
    dgal_add(s, &a, 1);
    dg_alert b = mk("new-port", "", "", DG_SEV_MEDIUM);
    b.dport = 52869, b.proto = 6;
    b.ts_ns = b.last_ns = a.ts_ns;
    dgal_add(s, &b, 2);
    dgal_destroy(s);

    FILE *f = fopen(path, "r");
    char line[8192];
    int n = 0;
    const char *want_id[] = {NULL, "A-000001", "A-000001", "A-000002"};
    while (f && fgets(line, sizeof line, f)) {
        CHECK(strchr(line, '\n') != NULL);
        cJSON *j = cJSON_Parse(line);
        CHECK(j != NULL && cJSON_IsObject(j));
        if (j && n > 0 && n < 4) {
            CHECK_STR_EQ(cJSON_GetStringValue(cJSON_GetObjectItem(j, "id")), want_id[n]);
            CHECK(cJSON_GetObjectItem(j, "kind") != NULL);
            /* feed time as given, receive time from the wall clock */
            CHECK(fabs(cJSON_GetNumberValue(cJSON_GetObjectItem(j, "ts")) - 1509408000.5) < 1e-3);
            double recv = cJSON_GetNumberValue(cJSON_GetObjectItem(j, "recv_ts"));
            CHECK(fabs(recv - (double)time(NULL)) < 60);
        }
        if (j && n == 1) {
            CHECK_STR_EQ(cJSON_GetStringValue(cJSON_GetObjectItem(j, "org")), "Example \"Org\"");
            CHECK_EQ_INT(cJSON_GetNumberValue(cJSON_GetObjectItem(j, "count")), 2);
        }
        cJSON_Delete(j);
        n++;
    }
    CHECK_EQ_INT(n, 4);
    if (f) fclose(f);
    unlink(path);

    char err[256] = "";
    c.log_path = "/nonexistent-dir/alerts.log";
    CHECK(dgal_create(&c, err, sizeof err) == NULL);
    CHECK(strstr(err, "/nonexistent-dir/alerts.log") != NULL);

    c.log_path = "/dev/full"; /* every write fails: reported once, counted, not fatal */
    c.report = on_report;
    s = dgal_create(&c, err, sizeof err);
    CHECK(s != NULL);
    if (!s) return;
    for (int i = 0; i < 3; i++)
        CHECK(dgal_add(s, &a, i) != NULL);
    CHECK_EQ_INT(reports, 1);
    CHECK_EQ_INT(dgal_get_counters(s).log_errors, 3);
    dgal_destroy(s);
}

int main(void)
{
    test_ids_merge_order();
    test_expiry_fade();
    test_flash();
    test_capacity();
    test_locate_and_sanitise();
    test_age();
    test_log();
    return check_report();
}
