/* tstats_int.h - the inside of dgts, shared by tstats.c (windows, totals, since-start tops),
 * tstats_win.c (top lists over a window, trends) and tstats_hosts.c (tool hosts per country).
 * Not for other modules: they use tstats.h. Threads: as tstats.h (render thread). */
#ifndef DG_TSTATS_INT_H
#define DG_TSTATS_INT_H

#include "tstats.h"

#define SEC_N 64
#define MIN_N 60
#define TEN_N 144
#define CC_UNKNOWN (26 * 26)
#define CC_N (CC_UNKNOWN + 1)
#define HLL_NOW_P 12
#define HLL_TOT_P 14
/* Port buckets: an hour of closed 10 s buckets, the one in progress and a spare. */
#define PB_N (3600 / DGTS_BUCKET_S + 2)
/* Country rings: 10 s buckets for the 1 min window, 1 min buckets for 10 min and 1 h. */
#define CT_N (60 / DGTS_BUCKET_S + 2)
#define CM_N 62
#define TOUCH_N 4096
#define MERGE_N (PB_N * DGTS_BUCKET_TOP + TOUCH_N)
#define PORT_KEYS (65536 * 2 + 256)

/* A ring of per-unit counters; cur is the unit number (seconds, minutes, ...) of the newest. */
typedef struct ring {
    int64_t cur;
    int n;
    uint64_t *b;
} ring;

/* A closed 10 s bucket: its busiest ports (key = proto << 16 | port) and all its packets. */
typedef struct pbucket {
    int64_t id; /* second / DGTS_BUCKET_S; -1 empty */
    uint32_t n;
    uint64_t total;
    uint32_t key[DGTS_BUCKET_TOP];
    uint32_t cnt[DGTS_BUCKET_TOP];
} pbucket;

typedef struct merged {
    uint32_t key;
    uint64_t cnt, recent;
} merged;

/* A tagged source: the minute it was last active and a bit per minute before (bit 0 = last). */
typedef struct thost {
    uint32_t hash; /* 0: empty slot */
    uint16_t cc;
    uint8_t tools;
    uint16_t mask;
    uint16_t gen; /* entries of an older generation (before a restart) are empty */
    int32_t last_min;
} thost;

struct dgts {
    bool started;
    int64_t cur_sec, start_sec;
    double now;
    uint64_t sec_b[SEC_N], min_b[MIN_N], ten_b[TEN_N];
    ring sec, min, ten;
    uint64_t total, tool_pkts[DG_TOOL_COUNT];
    uint64_t cls[DG_CLS_COUNT];
    uint64_t tcp[65536], udp[65536], other[256];
    uint64_t cc[CC_N];
    /* Sources per tool (fingerprint.h; Mirai first): one sketch per minute (ring indexed by
     * minute % N) and one since start. */
    int64_t hll_min;
    uint8_t hll_now[DG_TOOL_COUNT][DGTS_MIRAI_NOW_MIN][1u << HLL_NOW_P];
    uint8_t hll_tot[DG_TOOL_COUNT][1u << HLL_TOT_P];
    bool hll_dirty[DG_TOOL_COUNT][DGTS_MIRAI_NOW_MIN]; /* only written sketches are cleared */
    /* Windowed tops: the 10 s bucket in progress (exact, with the keys it touched), the
     * closed ones, and the country rings. */
    enum dgts_window window;
    uint32_t cur_port[PORT_KEYS];
    uint32_t touched[TOUCH_N];
    int ntouched; /* > TOUCH_N: overflowed, the close scans every key */
    uint64_t cur_bucket_total;
    pbucket pb[PB_N];
    int64_t ct_id[CT_N], cm_id[CM_N];
    uint32_t cc_ten[CT_N][CC_N], cc_min[CM_N][CC_N];
    /* the countries each slot counted, so starting a slot clears only those (a sparse log
     * moves through many slots with a packet or two each) */
    uint16_t ct_n[CT_N], cm_n[CM_N];
    uint16_t ct_list[CT_N][CC_N], cm_list[CM_N][CC_N];
    /* The closed buckets of the window merged (recomputed when one closes). */
    bool merged_valid;
    int nmerged;
    uint64_t merged_total, merged_recent_total;
    merged mg[MERGE_N];
    /* Tool hosts per country. */
    thost hosts[DGTS_HOSTS];
    uint16_t host_gen;
    /* Cached top lists. */
    bool tops_valid;
    double tops_at;
    uint64_t tops_total;
    uint64_t window_pkts, cc_window_pkts; /* the shares' denominators */
    int n_ports, n_countries;
    dgts_port ports[DGTS_TOP];
    dgts_country countries[DGTS_TOP];
};

int tsw_cc_index(const char cc[3]);
void tsw_cc_name(int idx, char cc[3]);
/* The windowed part: reset at a restart, per-packet counting, bucket closes, the top lists. */
void tsw_restart(dgts *s);
void tsw_count(dgts *s, uint8_t proto, uint16_t port, bool has_port, int cc, uint32_t n);
void tsw_move(dgts *s, int64_t from_sec, int64_t to_sec);
void tsw_tops(dgts *s);
/* Tool hosts per country. */
void tsh_restart(dgts *s);
void tsh_add(dgts *s, uint64_t hash, int cc, unsigned tools);
void tsh_fill(const dgts *s, dgts_view *v);

#endif
