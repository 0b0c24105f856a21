/* cliopts.h - the options darkglobe and darkglobe-feed both take, defined once: name, short
 * letter, kind, range and help text. Each program's table points at these specs (adding only
 * its own section and, where the option does more there, a note), so the two cannot drift.
 * Ranges settled when the two parsers became one (docs/darkglobe-feed.md): --rate 0.001..1e9,
 * --seed and counts 0..9.2e18, --duration 0..1e9 (0: no limit).
 * Owns: the specs (constant). Threads: any. */
#ifndef DG_CLIOPTS_H
#define DG_CLIOPTS_H

#include "optparse.h"

extern const dgopt_spec dgcli_help, dgcli_connect, dgcli_stats, dgcli_rate, dgcli_seed,
    dgcli_duration, dgcli_speed, dgcli_quiet, dgcli_sensor, dgcli_sensor_file, dgcli_columns,
    dgcli_replay, dgcli_record, dgcli_feed_key, dgcli_watchlist, dgcli_geoip;

/* Every shared spec, for the test that both tables hold exactly these. */
extern const dgopt_spec *const dgcli_shared[];
extern const size_t dgcli_nshared;

#endif
