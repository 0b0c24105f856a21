/* test_aggregate.c - an aggregated record (a flow, a flowtuple) counts all its packets in
 * every counter, and stays one event: the viewer's ingest (rx_pkts, mirai_pkts, events
 * queued), the traffic statistics (totals, windows, classes, ports, countries) and the source
 * host table, fed one record standing for 1000 packets beside single packets. */
#include "check.h"
#include "event.h"
#include "netthread.h"
#include "queue.h"
#include "hosts.h"
#include "tstats.h"
#include "wire.h"

#include <stdlib.h>
#include <string.h>

static dg_record rec(uint8_t last, uint16_t dport, uint32_t pkts, uint32_t seq)
{
    dg_record r = {.ts_ns = 1509408000000000000ull, .ip_ver = 4, .proto = DG_PROTO_TCP,
                   .flags = DG_TCP_SYN, .dport = dport, .sport = 40000, .seq = seq,
                   .sensor = DG_SENSOR_NONE, .pkts = pkts};
    r.src[0] = 192, r.src[1] = 0, r.src[2] = 2, r.src[3] = last;
    r.dst[0] = 203, r.dst[1] = 0, r.dst[2] = 113, r.dst[3] = 7;
    r.have = DG_HAVE_DST | DG_HAVE_SPORT | DG_HAVE_DPORT | DG_HAVE_FLAGS | DG_HAVE_SEQ;
    return r;
}

/* Through the wire format and the viewer's ingest: packets counted, one event per record. */
static void test_ingest(void)
{
    dgq_queue *q = dgq_create(1024);
    dgs_table sensors = {0};
    dgs_add_defaults(&sensors);
    dgnt_config c = {.queue = q, .sensors = &sensors};
    dgnt_ingest *in = dgnt_ingest_create(&c);
    CHECK(in != NULL);
    if (!in) return;
    uint32_t mirai_seq = 203u << 24 | 113u << 8 | 7u; /* seq == dst */
    dg_record r[3] = {rec(1, 23, 1000, mirai_seq), rec(2, 23, 0, 1), rec(3, 2323, 5, 2)};
    dgw_sensor_table st = {0};
    uint8_t msg[4096];
    size_t len = dgw_encode(msg, sizeof msg, &st, r, 3);
    CHECK(len > 0);
    dgnt_ingest_message(in, msg, len, 0);
    dgnt_counters k;
    dgnt_ingest_counters(in, &k);
    CHECK_EQ_INT(k.rx_pkts, 1006);
    CHECK_EQ_INT(k.mirai_pkts, 1000);
    CHECK_EQ_INT(dgq_size(q), 3); /* three events: the flow is not expanded */
    dgnt_ingest_destroy(in);
    dgq_destroy(q);
}

static dg_event ev(uint8_t last, uint16_t dport, uint32_t pkts, const char *cc)
{
    dg_record r = rec(last, dport, pkts, 0);
    dg_event e;
    dg_event_from_record(&e, &r);
    memcpy(e.cc, cc, 3);
    return e;
}

static void test_stats(void)
{
    dgts *s = dgts_create();
    dg_event e[3] = {ev(1, 23, 1000, "CN"), ev(2, 23, 0, "JP"), ev(3, 445, 0, "JP")};
    dgts_add(s, e, 3);
    dgts_view v;
    dgts_read(s, &v);
    CHECK_EQ_INT(v.total, 1002);
    CHECK_EQ_INT(v.last_1m, 1002);
    CHECK_EQ_INT(v.cls_pkts[DG_CLS_SYN], 1002);
    CHECK(v.n_ports >= 2 && v.ports[0].port == 23 && v.ports[0].pkts == 1001);
    CHECK(v.n_countries >= 2 && strcmp(v.countries[0].cc, "CN") == 0 &&
          v.countries[0].pkts == 1000);
    dgts_destroy(s);
}

static void test_hosts(void)
{
    dghost_tbl *t = dghost_create(16);
    dg_event e[2] = {ev(1, 23, 1000, "CN"), ev(1, 2323, 0, "CN")};
    dghost_observe(t, e, 2);
    const dghost *h = dghost_find(t, 4, e[0].src);
    CHECK(h != NULL);
    if (h) {
        CHECK_EQ_INT(h->packets, 1001);
        CHECK(h->nports == 2 && h->ports[0].count == 1000 && h->ports[1].count == 1);
    }
    dghost_destroy(t);
}

int main(void)
{
    test_ingest();
    test_stats();
    test_hosts();
    return check_report();
}
