/* cliopts.c - see cliopts.h. Help texts are worded for both programs; a program's note says
 * what the option does there in particular. */
#include "cliopts.h"

const dgopt_spec dgcli_help = {
    .name = "help", .letter = 'h', .kind = DGOPT_FLAG, .help = "this help"};

const dgopt_spec dgcli_connect = {.name = "connect",
                                  .letter = 'c',
                                  .kind = DGOPT_LIST,
                                  .metavar = "URL",
                                  .help = "connect to URL (tcp://, ipc://, ws://); repeatable"};

const dgopt_spec dgcli_stats = {.name = "stats",
                                .kind = DGOPT_STRING,
                                .metavar = "PATH|-",
                                .help = "JSON line of counters every second and at exit"};

/* 1e9: no source reaches it, and a larger rate is a typo, not a wish. */
const dgopt_spec dgcli_rate = {.name = "rate",
                               .letter = 'r',
                               .kind = DGOPT_DOUBLE,
                               .min = 0.001,
                               .max = 1e9,
                               .metavar = "PPS",
                               .expect = "a positive number",
                               .help = "synthetic traffic: packets per second of source time"};

const dgopt_spec dgcli_seed = {.name = "seed",
                               .kind = DGOPT_INT,
                               .min = 0,
                               .max = 9.2e18,
                               .metavar = "N",
                               .help = "synthetic traffic: random seed"};

const dgopt_spec dgcli_duration = {.name = "duration",
                                   .letter = 'd',
                                   .kind = DGOPT_DOUBLE,
                                   .min = 0,
                                   .max = 1e9,
                                   .metavar = "SEC",
                                   .help = "stop after SEC seconds (0: no limit)"};

/* The pacing bounds of pace.h (DGSCH_SPEED_*), which net/base cannot see: test_optparse
 * holds the two equal. */
const dgopt_spec dgcli_speed = {
    .name = "speed",
    .kind = DGOPT_DOUBLE,
    .min = 0.01,
    .max = 100000,
    .word = "max",
    .word_value = -1.0,
    .metavar = "X|max",
    .help = "source seconds per wall second, 0.01..100000, or max\nfor no pacing"};

const dgopt_spec dgcli_quiet = {.name = "quiet",
                                .letter = 'q',
                                .kind = DGOPT_FLAG,
                                .help =
                                    "no progress line and no warnings about bad input on stderr"};

const dgopt_spec dgcli_sensor = {
    .name = "sensor",
    .kind = DGOPT_LIST,
    .metavar = "NAME=LAT,LON[,CIDR...]",
    .help = "a sensor and the darknet CIDRs it watches\n(repeatable; replaces the demo "
            "sensors tokyo, okinawa,\nsapporo on 203.0.113.0/24)"};

const dgopt_spec dgcli_sensor_file = {.name = "sensor-file",
                                      .kind = DGOPT_STRING,
                                      .metavar = "FILE",
                                      .help = "one sensor spec per line ('#' comments)"};

const dgopt_spec dgcli_columns = {
    .name = "columns",
    .kind = DGOPT_STRING,
    .metavar = "MAP",
    .help = "CSV column map (default: the Marx honeypot layout;\nsee docs/sources.md)"};

const dgopt_spec dgcli_replay = {
    .name = "replay",
    .kind = DGOPT_STRING,
    .metavar = "FILE",
    .help = "a capture (pcap/pcapng, also gzip, bzip2, xz or zstd\ncompressed), a log or a "
            "darkglobe recording, by content"};

const dgopt_spec dgcli_record = {
    .name = "record",
    .kind = DGOPT_STRING,
    .metavar = "FILE",
    .help = "record everything received (packets, alerts) with\nreceive times"};

const dgopt_spec dgcli_feed_key = {
    .name = "feed-key",
    .kind = DGOPT_STRING,
    .metavar = "FILE",
    .help = "pre-shared key: the feed signs every message with it,\nviewers and recorders "
            "take only messages that verify"};

const dgopt_spec dgcli_watchlist = {.name = "watchlist",
                                    .kind = DGOPT_STRING,
                                    .metavar = "FILE",
                                    .help =
                                        "organisations' address ranges (DAEDALUS-style alerts)"};

const dgopt_spec dgcli_geoip = {
    .name = "geoip",
    .kind = DGOPT_STRING,
    .metavar = "PATH",
    .help = "geolocation database file or directory, tried before\nthe default search"};

const dgopt_spec *const dgcli_shared[] = {
    &dgcli_help,   &dgcli_connect,     &dgcli_stats,     &dgcli_rate,
    &dgcli_seed,   &dgcli_duration,    &dgcli_speed,     &dgcli_quiet,
    &dgcli_sensor, &dgcli_sensor_file, &dgcli_columns,   &dgcli_replay,
    &dgcli_record, &dgcli_feed_key,    &dgcli_watchlist, &dgcli_geoip};
const size_t dgcli_nshared = sizeof dgcli_shared / sizeof dgcli_shared[0];
