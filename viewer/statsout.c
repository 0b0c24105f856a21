/* statsout.c - see statsout.h. */
#include "statsout.h"

#include <errno.h>
#include <string.h>

bool dgso_open(dgso_writer *w, const char *path)
{
    w->own = strcmp(path, "-") != 0;
    w->f = w->own ? fopen(path, "a") : stdout;
    if (!w->f) fprintf(stderr, "darkglobe: --stats %s: %s\n", path, strerror(errno));
    return w->f != NULL;
}

/* ,"scanners":{"mirai":{"pkts":N,"hosts":N},...} in DG_TOOL_* order. */
static void write_scanners(FILE *f, const dgso_stats *s)
{
    fputs(",\"scanners\":{", f);
    for (int t = 0; t < DG_TOOL_SCANNERS; t++)
        fprintf(f, "%s\"%s\":{\"pkts\":%llu,\"hosts\":%llu}", t ? "," : "", dgfp_name(t),
                (unsigned long long)s->tool_pkts[t], (unsigned long long)s->tool_hosts[t]);
    fputc('}', f);
}

/* The extensions that account for every loss and refusal. */
static void write_losses(FILE *f, const dgso_stats *s)
{
    const struct {
        const char *name;
        uint64_t v;
    } c[] = {
        {"alerts_rx", s->alerts_rx},
        {"alerts_dropped", s->alerts_dropped},
        {"alerts_created", s->alerts_created},
        {"alerts_merged", s->alerts_merged},
        {"alerts_expired", s->alerts_expired},
        {"alerts_evicted", s->alerts_evicted},
        {"alerts_refused", s->alerts_refused},
        {"alert_log_errors", s->alert_log_errors},
        {"arcs_admitted", s->arcs_admitted},
        {"arcs_unplaced", s->arcs_unplaced},
        {"src_errors", s->src_errors},
        {"bad_ts", s->bad_ts},
        {"replay_refused", s->replay_refused},
        {"marks_lost", s->marks_lost},
        {"recorded", s->recorded},
        {"record_errors", s->record_errors},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++)
        fprintf(f, ",\"%s\":%llu", c[i].name, (unsigned long long)c[i].v);
}

void dgso_write(dgso_writer *w, const dgso_stats *s)
{
    if (!w->f) return;
    fprintf(w->f,
            "{\"t\":%.3f,\"uptime_s\":%.3f,\"feed_connected\":%s,\"rx_msgs\":%llu,"
            "\"rx_pkts\":%llu,\"malformed\":%llu,\"dropped\":%llu,\"geo_hits\":%llu,"
            "\"geo_misses\":%llu,\"arcs_live\":%llu,\"fps\":%.2f,\"alerts_active\":%llu,"
            "\"alerts_total\":%llu,\"mirai_pkts\":%llu,\"mirai_hosts\":%llu,"
            "\"frames\":%llu,\"bad_elements\":%llu,\"arcs_sampled_out\":%llu,"
            "\"queue_len\":%llu,\"auth_rejected\":%llu,\"lost_msgs\":%llu,\"feed_lost_s\":%.1f,"
            "\"frame_ms_p50\":%.2f,\"frame_ms_p99\":%.2f,\"latency_ms_p50\":%.1f,"
            "\"latency_ms_p99\":%.1f,\"first_frame_s\":%.3f,\"rss_mib\":%.1f,"
            "\"frame_ms_max\":%.2f,\"feed_state\":\"%s\",\"feed_time\":%.3f,"
            "\"feed_speed\":%.2f,\"dst_unplaced\":%llu",
            s->t, s->uptime_s, s->feed_connected ? "true" : "false", (unsigned long long)s->rx_msgs,
            (unsigned long long)s->rx_pkts, (unsigned long long)s->malformed,
            (unsigned long long)s->dropped, (unsigned long long)s->geo_hits,
            (unsigned long long)s->geo_misses, (unsigned long long)s->arcs_live, s->fps,
            (unsigned long long)s->alerts_active, (unsigned long long)s->alerts_total,
            (unsigned long long)s->mirai_pkts, (unsigned long long)s->mirai_hosts,
            (unsigned long long)s->frames, (unsigned long long)s->bad_elements,
            (unsigned long long)s->arcs_sampled_out, (unsigned long long)s->queue_len,
            (unsigned long long)s->auth_rejected, (unsigned long long)s->lost_msgs, s->feed_lost_s,
            s->frame_ms_p50, s->frame_ms_p99, s->latency_ms_p50, s->latency_ms_p99,
            s->first_frame_s, s->rss_mib, s->frame_ms_max, s->feed_state ? s->feed_state : "",
            s->feed_time, s->feed_speed, (unsigned long long)s->dst_unplaced);
    write_losses(w->f, s);
    write_scanners(w->f, s);
    fputs("}\n", w->f);
    fflush(w->f);
}

void dgso_close(dgso_writer *w)
{
    if (w->f && w->own) fclose(w->f);
    w->f = NULL;
}
