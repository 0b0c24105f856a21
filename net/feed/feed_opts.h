/* feed_opts.h - darkglobe-feed's command line: its option table (optparse.h; the options the
 * viewer takes too come from cliopts.h), the checks of values and combinations, --help.
 * Owns: feed_opts, filled once before the feed starts (the strings point into argv).
 * Threads: main thread, at start. */
#ifndef DG_FEED_OPTS_H
#define DG_FEED_OPTS_H

#include "feeddet.h"
#include "kafka_conf.h"
#include "optparse.h"
#include "pace.h"
#include "pub.h"
#include "source_kinds.h"

#include <stdbool.h>
#include <stdint.h>

#define PROG "darkglobe-feed"

enum src_kind {
    SRC_SYNTH,
    SRC_PCAP,
    SRC_IFACE,
    SRC_CSV,
    SRC_JSON,
    SRC_REPLAY,
    SRC_EVE,
    SRC_ZEEK,
    SRC_NFDUMP,
    SRC_FLOWTUPLE,
    SRC_KAFKA
};

typedef struct feed_opts {
    dgpub_config pub;
    double delay_s;
    const char *stats_path;
    enum src_kind kind;
    int nkinds;
    const char *path;             /* file, "-" or interface */
    const char *filter, *columns; /* filter: the BPF expression of --bpf (old name --filter) */
    double rate;
    uint64_t count;
    double duration;
    uint64_t seed;
    const char *darknet, *scenario;
    dgs_table sensors;
    double speed;
    bool speed_set;
    bool loop, quiet;
    dgpace_time start, end;
    bool detect;
    dgwl_list *watchlist;
    const char *geoip[DGGEO_MAX_PATHS];
    int ngeoip;
    const char *feed_key, *record, *user;
    dgauth *auth; /* --feed-key, opened while the options are read */
    bool append;
    dgkconf kafka;
} feed_opts;

/* Parses and checks argv over o (which holds the defaults); prints --help and exits 0, or
 * exits 2 with one line "darkglobe-feed: ..." on a bad option, value or combination. */
void feedopt_parse(feed_opts *o, int argc, char **argv);

/* Kafka with a window or --loop replays what the topics hold; without, it is live. */
bool feedopt_kafka_replay(const feed_opts *o);

/* The option table, for the test that shared options are the viewer's very specs. */
const dgopt_table *feedopt_table(void);

#endif
