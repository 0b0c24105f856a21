/* samples.c - see samples.h. */
#include "samples.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

void dgsm_add(dgsm_ring *r, float value)
{
    r->v[r->next] = value;
    r->next = (r->next + 1) % DGSM_CAP;
    if (r->n < DGSM_CAP) r->n++;
}

static int cmp_float(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return (x > y) - (x < y);
}

float dgsm_percentile(const dgsm_ring *r, float p)
{
    if (!r->n) return 0;
    static float tmp[DGSM_CAP]; /* render thread only, see header */
    for (size_t i = 0; i < r->n; i++)
        tmp[i] = r->v[i];
    qsort(tmp, r->n, sizeof *tmp, cmp_float);
    size_t k = (size_t)(p / 100.0f * (float)(r->n - 1) + 0.5f);
    return tmp[k < r->n ? k : r->n - 1];
}

void dgsm_clear(dgsm_ring *r)
{
    r->n = r->next = 0;
}

double dgsm_rss_mib(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    long pages = 0, rss = 0;
    if (!f) return 0;
    int ok = fscanf(f, "%ld %ld", &pages, &rss) == 2;
    fclose(f);
    return ok ? (double)rss * (double)sysconf(_SC_PAGESIZE) / (1024.0 * 1024.0) : 0;
}
