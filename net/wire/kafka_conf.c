/* kafka_conf.c - see kafka_conf.h. */
#include "kafka_conf.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PROG "darkglobe-feed"

static bool fail(char *err, size_t errcap, const char *fmt, const char *what)
{
    snprintf(err, errcap, fmt, what);
    return false;
}

/* One "HOST:PORT" (optionally "scheme://HOST:PORT") of length n. */
static bool check_broker(const char *b, size_t n)
{
    const char *scheme = memchr(b, '/', n);
    if (scheme) {
        if (scheme < b + 2 || scheme[-1] != ':' || scheme + 1 >= b + n || scheme[1] != '/')
            return false;
        n -= (size_t)(scheme + 2 - b);
        b = scheme + 2;
    }
    const char *colon = NULL;
    for (size_t i = 0; i < n; i++) {
        if (b[i] <= ' ' || b[i] == 0x7f) return false;
        if (b[i] == ':') colon = b + i;
    }
    if (!colon || colon == b || colon + 1 == b + n || b + n - colon > 6) return false;
    unsigned port = 0;
    for (const char *p = colon + 1; p < b + n; p++) {
        if (*p < '0' || *p > '9') return false;
        port = port * 10 + (unsigned)(*p - '0');
    }
    return port >= 1 && port <= 65535;
}

bool dgkconf_check_brokers(const char *list, char *err, size_t errcap)
{
    const char *p = list;
    for (;;) {
        const char *comma = strchr(p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen(p);
        if (!check_broker(p, n))
            return fail(err, errcap, "expected HOST:PORT[,HOST:PORT...], got \"%s\"", list);
        if (!comma) return true;
        p = comma + 1;
    }
}

/* Kafka's rule: 1..249 of [A-Za-z0-9._-], not "." or "..". */
static bool legal_topic(const char *t, size_t n)
{
    if (n == 0 || n > 249 || (n == 1 && t[0] == '.') || (n == 2 && t[0] == '.' && t[1] == '.'))
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = t[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '.' || c == '_' || c == '-';
        if (!ok) return false;
    }
    return true;
}

bool dgkconf_check_topics(const char *list, bool single, char *err, size_t errcap)
{
    const char *p = list;
    int count = 0;
    for (;;) {
        const char *comma = strchr(p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen(p);
        if (!legal_topic(p, n))
            return fail(err, errcap,
                        "expected topic names of 1..249 letters, digits, '.', '_' or '-', "
                        "got \"%s\"",
                        list);
        if (++count > (single ? 1 : DGKCONF_MAX_TOPICS)) {
            if (single) return fail(err, errcap, "expected one topic, got \"%s\"", list);
            snprintf(err, errcap, "at most %d topics", DGKCONF_MAX_TOPICS);
            return false;
        }
        if (!comma) return true;
        p = comma + 1;
    }
}

int dgkconf_split_topics(const char *list, char names[][256], int max)
{
    int n = 0;
    for (const char *p = list; n < max;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        snprintf(names[n++], 256, "%.*s", (int)len, p);
        if (!comma) break;
        p = comma + 1;
    }
    return n;
}

bool dgkconf_check_group(const char *id, char *err, size_t errcap)
{
    size_t n = strlen(id);
    bool ok = n >= 1 && n <= 255;
    for (size_t i = 0; ok && i < n; i++)
        ok = (unsigned char)id[i] >= ' ' && id[i] != 0x7f;
    if (!ok) return fail(err, errcap, "expected 1..255 printable characters, got \"%s\"", id);
    return true;
}

/* Sets KEY=VALUE; false with librdkafka's reason. */
static bool set_kv(rd_kafka_conf_t *c, const char *kv, char *err, size_t errcap)
{
    const char *eq = strchr(kv, '=');
    if (!eq || eq == kv) return fail(err, errcap, "expected KEY=VALUE, got \"%s\"", kv);
    char key[256];
    snprintf(key, sizeof key, "%.*s", (int)(eq - kv), kv);
    char why[512];
    if (rd_kafka_conf_set(c, key, eq + 1, why, sizeof why) != RD_KAFKA_CONF_OK) {
        snprintf(err, errcap, "%s", why);
        return false;
    }
    return true;
}

bool dgkconf_check_option(const char *kv, char *err, size_t errcap)
{
    rd_kafka_conf_t *c = rd_kafka_conf_new();
    bool ok = set_kv(c, kv, err, errcap);
    rd_kafka_conf_destroy(c);
    return ok;
}

bool dgkconf_parse_format(const char *name, dgkconf_format *out, char *err, size_t errcap)
{
    static const struct {
        const char *name;
        dgkconf_format format;
    } names[] = {{"darkglobe", DGKCONF_FORMAT_DARKGLOBE},
                 {"eve", DGKCONF_FORMAT_EVE},
                 {"flowtuple", DGKCONF_FORMAT_FLOWTUPLE}};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(name, names[i].name) == 0) return *out = names[i].format, true;
    return fail(err, errcap, "expected darkglobe, eve or flowtuple, got \"%s\"", name);
}

/* ---- Broker state ---- */

static void link_down(dgkconf_link *l, const char *reason)
{
    if (!l->connected) return;
    l->connected = false;
    l->down_since = dg_mono_ns();
    fprintf(stderr, PROG ": %s: brokers lost: %s\n", l->what, reason);
}

void dgkconf_link_alive(dgkconf_link *l)
{
    if (l->connected) return;
    l->connected = true;
    if (l->down_since)
        fprintf(stderr, PROG ": %s: brokers back after %.1f s\n", l->what,
                (double)(dg_mono_ns() - l->down_since) / 1e9);
    l->down_since = 0;
}

static void on_error(rd_kafka_t *rk, int err, const char *reason, void *opaque)
{
    dgkconf_link *l = opaque;
    l->errors++;
    if (err == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN) link_down(l, reason);
    if (err == RD_KAFKA_RESP_ERR__FATAL) {
        char why[512];
        rd_kafka_fatal_error(rk, why, sizeof why);
        fprintf(stderr, PROG ": %s: fatal: %s\n", l->what, why);
    }
}

/* Statistics (every statistics.interval.ms) say whether a cluster broker is UP: the only way
 * librdkafka tells that the brokers are back when no message is flowing. */
static int on_stats(rd_kafka_t *rk, char *json, size_t len, void *opaque)
{
    (void)rk;
    dgkconf_link *l = opaque;
    cJSON *root = cJSON_ParseWithLength(json, len);
    cJSON *b;
    int known = 0, up = 0;
    cJSON_ArrayForEach(b, cJSON_GetObjectItemCaseSensitive(root, "brokers"))
    {
        cJSON *id = cJSON_GetObjectItemCaseSensitive(b, "nodeid");
        cJSON *state = cJSON_GetObjectItemCaseSensitive(b, "state");
        if (!cJSON_IsNumber(id) || id->valuedouble < 0 || !cJSON_IsString(state)) continue;
        known++;
        up += strcmp(state->valuestring, "UP") == 0;
    }
    cJSON_Delete(root);
    if (up)
        dgkconf_link_alive(l);
    else if (known)
        link_down(l, "no broker is up");
    return 0;
}

static void on_log(const rd_kafka_t *rk, int level, const char *fac, const char *buf)
{
    dgkconf_link *l = rd_kafka_opaque(rk);
    if (l && !l->quiet && level <= 4)
        dg_ratelog_printf(&l->log, dg_mono_ns(), PROG, "%s: %s: %s", l->what, fac, buf);
}

/* ---- Configuration ---- */

static bool set_all(rd_kafka_conf_t *c, const char *const *kv, size_t n, char *err, size_t errcap)
{
    for (size_t i = 0; i < n; i++)
        if (!set_kv(c, kv[i], err, errcap)) return false;
    return true;
}

/* Defaults an operator may override: quick reconnects, statistics for the broker state;
 * producers keep each partition's order without duplicates. */
static bool set_defaults(rd_kafka_conf_t *c, bool producer, char *err, size_t errcap)
{
    static const char *const common[] = {"client.id=darkglobe-feed", "reconnect.backoff.ms=100",
                                         "reconnect.backoff.max.ms=2000",
                                         "statistics.interval.ms=1000"};
    static const char *const prod[] = {"enable.idempotence=true", "linger.ms=5"};
    static const char *const cons[] = {"auto.offset.reset=latest"};
    return set_all(c, common, sizeof common / sizeof *common, err, errcap) &&
           (producer ? set_all(c, prod, sizeof prod / sizeof *prod, err, errcap)
                     : set_all(c, cons, sizeof cons / sizeof *cons, err, errcap));
}

/* Settings the consumer's exactness rests on: it sees partition ends, it alone decides what
 * is committed (after the feed handled it), and a group hands out whole assignments (the
 * eager assignors; its rebalance handling is written for them). */
static bool set_forced(rd_kafka_conf_t *c, bool producer, char *err, size_t errcap)
{
    static const char *const common[] = {"log.queue=true"};
    static const char *const cons[] = {"enable.partition.eof=true", "enable.auto.commit=false",
                                       "enable.auto.offset.store=false",
                                       "partition.assignment.strategy=range,roundrobin"};
    return set_all(c, common, 1, err, errcap) &&
           (producer || set_all(c, cons, sizeof cons / sizeof *cons, err, errcap));
}

rd_kafka_conf_t *dgkconf_new(const char *brokers, const dgkconf *k, dgkconf_link *link,
                             bool producer, char *err, size_t errcap)
{
    rd_kafka_conf_t *c = rd_kafka_conf_new();
    char why[512];
    bool ok = set_defaults(c, producer, err, errcap) &&
              set_all(c, k->options, (size_t)k->noptions, err, errcap) &&
              set_forced(c, producer, err, errcap);
    if (ok && rd_kafka_conf_set(c, "bootstrap.servers", brokers, why, sizeof why)) {
        snprintf(err, errcap, "%s", why);
        ok = false;
    }
    if (!ok) {
        rd_kafka_conf_destroy(c);
        return NULL;
    }
    link->connected = true; /* until the brokers are found missing */
    rd_kafka_conf_set_opaque(c, link);
    rd_kafka_conf_set_error_cb(c, on_error);
    rd_kafka_conf_set_stats_cb(c, on_stats);
    rd_kafka_conf_set_log_cb(c, on_log);
    return c;
}

void dgkconf_attach(rd_kafka_t *rk)
{
    rd_kafka_set_log_queue(rk, NULL);
}

int dgkconf_partitions(rd_kafka_t *rk, const char *topic, char *err, size_t errcap)
{
    rd_kafka_topic_t *t = rd_kafka_topic_new(rk, topic, NULL);
    const struct rd_kafka_metadata *md = NULL;
    rd_kafka_resp_err_t e =
        t ? rd_kafka_metadata(rk, 0, t, &md, DGKCONF_OPEN_TIMEOUT_MS) : rd_kafka_last_error();
    int n = -1;
    if (e)
        snprintf(err, errcap, "cannot reach the Kafka brokers for topic %s: %s", topic,
                 rd_kafka_err2str(e));
    else if (md->topic_cnt != 1 || md->topics[0].err || md->topics[0].partition_cnt <= 0)
        snprintf(err, errcap, "Kafka topic %s: %s", topic,
                 md->topic_cnt == 1 && md->topics[0].err ? rd_kafka_err2str(md->topics[0].err)
                                                         : "no partitions");
    else
        n = md->topics[0].partition_cnt;
    if (md) rd_kafka_metadata_destroy(md);
    if (t) rd_kafka_topic_destroy(t);
    return n;
}
