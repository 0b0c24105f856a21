/* fmt_fixtures.h - the same synthetic darknet traffic written in every input format, for the
 * command-line test (tests/mkfixtures.c) and the formats benchmark (bench_formats.c): a
 * classic pcap written with libpcap's dump API (one packet per record), and Suricata EVE
 * flow events, Zeek conn.log rows (TSV and JSON) and corsaro flowtuples (libavro) where
 * record i stands for fx_pkts(i) packets. Compressed captures and nfcapd files are made from
 * the pcap by the formats' own tools (gzip, bzip2, xz, zstd, nfpcapd). Also corsaro's
 * flowtuple schema (the tests' one copy) and flowtuples as Kafka carries them: object
 * containers and single datums, in memory (test_flowtuple, test_kafka).
 * Threads: test and benchmark main threads only. */
#ifndef DG_TESTS_FMT_FIXTURES_H
#define DG_TESTS_FMT_FIXTURES_H

#include "source_kinds.h"

#include <avro.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Packets flow record i stands for: 1..4, so aggregation is always exercised. */
static inline uint32_t fx_pkts(size_t i)
{
    return 1 + (uint32_t)(i % 4);
}

/* n records of the synthetic darknet (IPv4 TCP, UDP and ICMP), from 2017-10-31. */
static inline dg_record *fx_records(size_t n)
{
    char err[256];
    dgsyn_config cfg = {.rate = 10000, .seed = 7, .start_ns = 1509408000000000000ull};
    dg_source *s = dgsrc_synthetic(&cfg, err, sizeof err);
    dg_record *r = malloc(n * sizeof *r);
    if (!s || !r) fprintf(stderr, "fixtures: %s\n", s ? "out of memory" : err), exit(1);
    for (size_t got = 0; got < n;) {
        int k = s->next(s, r + got, n - got);
        if (k <= 0) exit(1);
        got += (size_t)k;
    }
    s->close(s);
    return r;
}

static inline void fx_put16(uint8_t *p, unsigned v)
{
    p[0] = (uint8_t)(v >> 8), p[1] = (uint8_t)v;
}

/* The raw IPv4 packet a record describes (headers only). */
static inline size_t fx_packet(const dg_record *r, uint8_t *p)
{
    size_t l4 = r->proto == DG_PROTO_TCP ? 20 : 8;
    memset(p, 0, 20 + l4);
    p[0] = 0x45;
    fx_put16(p + 2, (unsigned)(20 + l4));
    fx_put16(p + 4, r->ipid);
    p[8] = r->ttl ? r->ttl : 64;
    p[9] = r->proto;
    memcpy(p + 12, r->src, 4);
    memcpy(p + 16, r->dst, 4);
    uint8_t *t = p + 20;
    fx_put16(t, r->sport);
    fx_put16(t + 2, r->dport);
    if (r->proto == DG_PROTO_TCP) {
        t[4] = (uint8_t)(r->seq >> 24), t[5] = (uint8_t)(r->seq >> 16);
        t[6] = (uint8_t)(r->seq >> 8), t[7] = (uint8_t)r->seq;
        t[12] = 0x50, t[13] = r->flags;
        fx_put16(t + 14, r->win);
    } else if (r->proto == DG_PROTO_UDP) {
        fx_put16(t + 4, 8);
    } else if (r->proto == DG_PROTO_ICMP) {
        t[0] = (uint8_t)r->sport, t[1] = (uint8_t)r->dport, t[2] = t[3] = 0;
    }
    return 20 + l4;
}

static inline void fx_write_pcap(const char *path, const dg_record *r, size_t n)
{
    pcap_t *p = pcap_open_dead_with_tstamp_precision(DLT_RAW, 65535, PCAP_TSTAMP_PRECISION_MICRO);
    pcap_dumper_t *d = pcap_dump_open(p, path);
    if (!d) fprintf(stderr, "fixtures: %s\n", pcap_geterr(p)), exit(1);
    for (size_t i = 0; i < n; i++) {
        uint8_t b[64];
        struct pcap_pkthdr h = {0};
        h.ts.tv_sec = (time_t)(r[i].ts_ns / 1000000000ull);
        h.ts.tv_usec = (suseconds_t)(r[i].ts_ns % 1000000000ull / 1000);
        h.caplen = h.len = (bpf_u_int32)fx_packet(&r[i], b);
        pcap_dump((u_char *)d, &h, b);
    }
    pcap_dump_close(d);
    pcap_close(p);
}

static inline const char *fx_addr(const uint8_t a[16], char *buf)
{
    sprintf(buf, "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
    return buf;
}

static inline const char *fx_proto(uint8_t p)
{
    return p == DG_PROTO_TCP ? "tcp" : p == DG_PROTO_UDP ? "udp" : "icmp";
}

/* "2017-10-31T00:00:00.123456+0000" */
static inline void fx_iso(uint64_t ns, char *buf)
{
    time_t t = (time_t)(ns / 1000000000ull);
    struct tm tm;
    gmtime_r(&t, &tm);
    size_t k = strftime(buf, 32, "%Y-%m-%dT%H:%M:%S", &tm);
    sprintf(buf + k, ".%06u+0000", (unsigned)(ns % 1000000000ull / 1000));
}

/* One Suricata "flow" event per record (EVE's field names and layout). */
static inline void fx_write_eve(const char *path, const dg_record *r, size_t n)
{
    FILE *f = fopen(path, "w");
    if (!f) perror(path), exit(1);
    for (size_t i = 0; i < n; i++) {
        char s[16], d[16], t0[40], ports[64], tcp[64] = "";
        fx_iso(r[i].ts_ns, t0);
        bool icmp = r[i].proto == DG_PROTO_ICMP;
        snprintf(ports, sizeof ports, icmp ? "\"icmp_type\":%u,\"icmp_code\":%u" : "\"src_port\":%u,\"dest_port\":%u",
                 r[i].sport, r[i].dport);
        if (r[i].proto == DG_PROTO_TCP)
            snprintf(tcp, sizeof tcp, ",\"tcp\":{\"tcp_flags\":\"%02x\",\"tcp_flags_ts\":\"%02x\"}",
                     r[i].flags, r[i].flags);
        fprintf(f,
                "{\"timestamp\":\"%s\",\"flow_id\":%zu,\"event_type\":\"flow\",\"src_ip\":\"%s\","
                "%s,\"dest_ip\":\"%s\",\"proto\":\"%s\",\"flow\":{\"pkts_toserver\":%u,"
                "\"pkts_toclient\":0,\"bytes_toserver\":%u,\"bytes_toclient\":0,\"start\":\"%s\","
                "\"end\":\"%s\",\"age\":0,\"state\":\"new\",\"reason\":\"timeout\","
                "\"alerted\":false}%s}\n",
                t0, i + 1, fx_addr(r[i].src, s), ports, fx_addr(r[i].dst, d),
                r[i].proto == DG_PROTO_TCP ? "TCP" : r[i].proto == DG_PROTO_UDP ? "UDP" : "ICMP",
                fx_pkts(i), 60 * fx_pkts(i), t0, t0, tcp);
    }
    fclose(f);
}

/* Zeek conn.log rows, TSV with the ASCII writer's header or JSON lines. */
static inline void fx_write_zeek(const char *path, const dg_record *r, size_t n, bool json)
{
    FILE *f = fopen(path, "w");
    if (!f) perror(path), exit(1);
    if (!json)
        fputs("#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n"
              "#path\tconn\n#open\t2017-10-31-00-00-00\n#fields\tts\tuid\tid.orig_h\t"
              "id.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes\t"
              "resp_bytes\tconn_state\thistory\torig_pkts\torig_ip_bytes\tresp_pkts\t"
              "resp_ip_bytes\n#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\t"
              "interval\tcount\tcount\tstring\tstring\tcount\tcount\tcount\tcount\n",
              f);
    for (size_t i = 0; i < n; i++) {
        char s[16], d[16];
        double ts = (double)r[i].ts_ns / 1e9;
        const char *hist = r[i].proto == DG_PROTO_TCP ? "S" : "D";
        if (json)
            fprintf(f,
                    "{\"ts\":%.6f,\"uid\":\"C%zu\",\"id.orig_h\":\"%s\",\"id.orig_p\":%u,"
                    "\"id.resp_h\":\"%s\",\"id.resp_p\":%u,\"proto\":\"%s\","
                    "\"conn_state\":\"S0\",\"history\":\"%s\",\"orig_pkts\":%u,"
                    "\"orig_ip_bytes\":%u,\"resp_pkts\":0,\"resp_ip_bytes\":0}\n",
                    ts, i, fx_addr(r[i].src, s), r[i].sport, fx_addr(r[i].dst, d), r[i].dport,
                    fx_proto(r[i].proto), hist, fx_pkts(i), 40 * fx_pkts(i));
        else
            fprintf(f, "%.6f\tC%zu\t%s\t%u\t%s\t%u\t%s\t-\t-\t-\t-\tS0\t%s\t%u\t%u\t0\t0\n", ts, i,
                    fx_addr(r[i].src, s), r[i].sport, fx_addr(r[i].dst, d), r[i].dport,
                    fx_proto(r[i].proto), hist, fx_pkts(i), 40 * fx_pkts(i));
    }
    if (!json) fputs("#close\t2017-10-31-01-00-00\n", f);
    fclose(f);
}

/* corsaro's flowtuple record schema (its flowtuple plugin's field list). */
static const char FX_FLOWTUPLE_SCHEMA[] =
    "{\"type\":\"record\",\"namespace\":\"org.caida.corsaro\",\"name\":\"flowtuple\","
    "\"fields\":[{\"name\":\"time\",\"type\":\"long\"},{\"name\":\"src_ip\",\"type\":\"long\"},"
    "{\"name\":\"dst_ip\",\"type\":\"long\"},{\"name\":\"src_port\",\"type\":\"int\"},"
    "{\"name\":\"dst_port\",\"type\":\"int\"},{\"name\":\"protocol\",\"type\":\"int\"},"
    "{\"name\":\"ttl\",\"type\":\"int\"},{\"name\":\"tcp_flags\",\"type\":\"int\"},"
    "{\"name\":\"ip_len\",\"type\":\"int\"},{\"name\":\"tcp_synlen\",\"type\":\"int\"},"
    "{\"name\":\"tcp_synwinlen\",\"type\":\"int\"},{\"name\":\"packet_cnt\",\"type\":\"long\"},"
    "{\"name\":\"is_spoofed\",\"type\":\"int\"},{\"name\":\"is_masscan\",\"type\":\"int\"},"
    "{\"name\":\"maxmind_continent\",\"type\":\"string\"},"
    "{\"name\":\"maxmind_country\",\"type\":\"string\"},"
    "{\"name\":\"netacq_continent\",\"type\":\"string\"},"
    "{\"name\":\"netacq_country\",\"type\":\"string\"},"
    "{\"name\":\"prefix2asn\",\"type\":\"long\"}]}";

static inline void fx_set(avro_value_t *rec, const char *name, int64_t v)
{
    avro_value_t f;
    avro_value_get_by_name(rec, name, &f, NULL);
    if (avro_value_get_type(&f) == AVRO_INT64)
        avro_value_set_long(&f, v);
    else if (avro_value_get_type(&f) == AVRO_STRING)
        avro_value_set_string(&f, "??");
    else
        avro_value_set_int(&f, (int32_t)v);
}

static inline void fx_tuple(avro_value_t *v, const dg_record *r, uint32_t pkts)
{
    uint32_t src = (uint32_t)r->src[0] << 24 | r->src[1] << 16 | r->src[2] << 8 | r->src[3];
    uint32_t dst = (uint32_t)r->dst[0] << 24 | r->dst[1] << 16 | r->dst[2] << 8 | r->dst[3];
    bool syn = r->proto == DG_PROTO_TCP && r->flags == DG_TCP_SYN;
    fx_set(v, "time", (int64_t)(r->ts_ns / 60000000000ull * 60)); /* the minute's start */
    fx_set(v, "src_ip", src), fx_set(v, "dst_ip", dst);
    fx_set(v, "src_port", r->sport), fx_set(v, "dst_port", r->dport);
    fx_set(v, "protocol", r->proto), fx_set(v, "ttl", r->ttl ? r->ttl : 64);
    fx_set(v, "tcp_flags", r->proto == DG_PROTO_TCP ? r->flags : 0);
    fx_set(v, "ip_len", r->proto == DG_PROTO_TCP ? 40 : 28);
    fx_set(v, "tcp_synlen", syn ? 20 : 0), fx_set(v, "tcp_synwinlen", syn ? r->win : 0);
    fx_set(v, "packet_cnt", pkts), fx_set(v, "is_spoofed", 0), fx_set(v, "is_masscan", 0);
    fx_set(v, "maxmind_continent", 0), fx_set(v, "maxmind_country", 0);
    fx_set(v, "netacq_continent", 0), fx_set(v, "netacq_country", 0);
    fx_set(v, "prefix2asn", 0);
}

/* One flowtuple per record, deflate blocks as corsaro writes them. */
static inline void fx_write_avro(const char *path, const dg_record *r, size_t n)
{
    avro_schema_t schema;
    avro_file_writer_t w;
    remove(path);
    if (avro_schema_from_json_length(FX_FLOWTUPLE_SCHEMA, sizeof FX_FLOWTUPLE_SCHEMA - 1,
                                     &schema) ||
        avro_file_writer_create_with_codec(path, schema, &w, "deflate", 64 * 1024))
        fprintf(stderr, "fixtures: %s\n", avro_strerror()), exit(1);
    avro_value_iface_t *iface = avro_generic_class_from_schema(schema);
    avro_value_t v;
    avro_generic_value_new(iface, &v);
    for (size_t i = 0; i < n; i++) {
        fx_tuple(&v, &r[i], fx_pkts(i));
        avro_file_writer_append_value(w, &v);
    }
    avro_value_decref(&v);
    avro_value_iface_decref(iface);
    avro_file_writer_close(w);
    avro_schema_decref(schema);
}

/* One flowtuple, member by member (test_flowtuple, test_kafka). */
typedef struct fx_ft {
    long long time, src, dst;
    int sport, dport, proto, ttl, flags, len, synlen, synwin;
    long long pkts;
    int spoofed, masscan;
    const char *cc;
} fx_ft;

#define FX_IP(a, b, c, d) ((long long)(a) << 24 | (b) << 16 | (c) << 8 | (d))

static inline void fx_set_str(avro_value_t *rec, const char *name, const char *v)
{
    avro_value_t f;
    avro_value_get_by_name(rec, name, &f, NULL);
    avro_value_set_string(&f, v);
}

/* t into v, a value of FX_FLOWTUPLE_SCHEMA (fx_set writes int and long members alike). */
static inline void fx_ft_fill(avro_value_t *v, const fx_ft *t)
{
    fx_set(v, "time", t->time), fx_set(v, "src_ip", t->src), fx_set(v, "dst_ip", t->dst);
    fx_set(v, "src_port", t->sport), fx_set(v, "dst_port", t->dport);
    fx_set(v, "protocol", t->proto), fx_set(v, "ttl", t->ttl);
    fx_set(v, "tcp_flags", t->flags), fx_set(v, "ip_len", t->len);
    fx_set(v, "tcp_synlen", t->synlen), fx_set(v, "tcp_synwinlen", t->synwin);
    fx_set(v, "packet_cnt", t->pkts), fx_set(v, "is_spoofed", t->spoofed);
    fx_set(v, "is_masscan", t->masscan), fx_set(v, "prefix2asn", 0);
    fx_set_str(v, "maxmind_continent", "??"), fx_set_str(v, "maxmind_country", t->cc);
    fx_set_str(v, "netacq_continent", "??"), fx_set_str(v, "netacq_country", t->cc);
}

static inline avro_schema_t fx_schema(const char *json)
{
    avro_schema_t s;
    if (avro_schema_from_json_length(json, strlen(json), &s))
        fprintf(stderr, "fixtures: %s\n", avro_strerror()), exit(1);
    return s;
}

/* A flowtuple's binary Avro datum into buf; its length. */
static inline size_t fx_ft_datum(const fx_ft *t, uint8_t *buf, size_t cap)
{
    avro_schema_t s = fx_schema(FX_FLOWTUPLE_SCHEMA);
    avro_value_iface_t *iface = avro_generic_class_from_schema(s);
    avro_value_t v;
    avro_generic_value_new(iface, &v);
    fx_ft_fill(&v, t);
    avro_writer_t w = avro_writer_memory((char *)buf, (int64_t)cap);
    if (avro_value_write(w, &v)) fprintf(stderr, "fixtures: %s\n", avro_strerror()), exit(1);
    size_t n = (size_t)avro_writer_tell(w);
    avro_writer_free(w);
    avro_value_decref(&v);
    avro_value_iface_decref(iface);
    avro_schema_decref(s);
    return n;
}

/* An object container in memory (caller frees; length in *len) of n flowtuples,
 * per_block to a block, with codec "null" or "deflate". */
static inline uint8_t *fx_ft_container(const fx_ft *t, size_t n, size_t per_block,
                                       const char *codec, size_t *len)
{
    char *buf = NULL;
    FILE *fp = open_memstream(&buf, len);
    avro_schema_t s = fx_schema(FX_FLOWTUPLE_SCHEMA);
    avro_file_writer_t w;
    if (!fp || avro_file_writer_create_with_codec_fp(fp, "mem", 0, s, &w, codec, 0))
        fprintf(stderr, "fixtures: %s\n", avro_strerror()), exit(1);
    avro_value_iface_t *iface = avro_generic_class_from_schema(s);
    avro_value_t v;
    avro_generic_value_new(iface, &v);
    for (size_t i = 0; i < n; i++) {
        fx_ft_fill(&v, &t[i]);
        avro_file_writer_append_value(w, &v);
        if ((i + 1) % per_block == 0) avro_file_writer_flush(w);
    }
    avro_file_writer_close(w);
    fclose(fp);
    avro_value_decref(&v);
    avro_value_iface_decref(iface);
    avro_schema_decref(s);
    return (uint8_t *)buf;
}

/* Packets n records stand for in the aggregated formats. */
static inline uint64_t fx_total(size_t n)
{
    uint64_t t = 0;
    for (size_t i = 0; i < n; i++)
        t += fx_pkts(i);
    return t;
}

#endif
