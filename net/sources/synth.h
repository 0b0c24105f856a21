/* synth.h - extras of the synthetic darknet source (synth.c) beyond source_kinds.h.
 * Owns: the constructor that takes a caller's sensor table instead of the demo defaults.
 * Threads: a source is used by the thread that opened it. */
#ifndef DG_SYNTH_H
#define DG_SYNTH_H

#include "source_kinds.h"

/* Where the mirai-2017-jp story is dated unless told otherwise: 2017-10-31T09:00:00Z, the
 * day NICTER saw the jump (docs/darkglobe-feed.md); the surge comes 16 minutes later. */
#define DGSYN_MIRAI_2017_START_NS 1509440400000000000ull

/* Like dgsrc_synthetic, but labels records by CIDR match against sensors (copied; NULL or
 * empty: the demo defaults of dgs_add_defaults). */
dg_source *dgsrc_synthetic_sensors(const dgsyn_config *cfg, const dgs_table *sensors, char *err,
                                   size_t errcap);

#endif
