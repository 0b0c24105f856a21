/* samples.h - a fixed ring of recent samples (frame times, latencies) and their percentiles.
 * Owns: up to DGSM_CAP samples; the oldest are overwritten, memory never grows.
 * Threads: one owner thread (the render thread). */
#ifndef DG_SAMPLES_H
#define DG_SAMPLES_H

#include <stddef.h>

#define DGSM_CAP 4096

typedef struct dgsm_ring {
    float v[DGSM_CAP];
    size_t n, next;
} dgsm_ring;

void dgsm_add(dgsm_ring *r, float value);
/* The p-th percentile (0..100) of the samples held, 0 when empty. */
float dgsm_percentile(const dgsm_ring *r, float p);
void dgsm_clear(dgsm_ring *r);

/* Resident memory of this process in MiB (from /proc/self/statm), 0 if unknown. */
double dgsm_rss_mib(void);

#endif
