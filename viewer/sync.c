/* sync.c - see sync.h. */
#include "sync.h"

#include <math.h>
#include <nanomsg/nn.h>
#include <nanomsg/pubsub.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TOPIC "sync "

struct dgsync {
    int sock;
    bool leader;
    uint32_t seq;
    dgsync_counters c;
};

bool dgsync_parse_tile(const char *text, dgsync_tile *out, char *err, size_t errcap)
{
    int cols, rows, index, used = 0;
    if (sscanf(text, "%dx%d:%d%n", &cols, &rows, &index, &used) != 3 || text[used]) {
        snprintf(err, errcap, "bad tile '%s' (COLSxROWS:INDEX, e.g. 3x2:0)", text);
        return false;
    }
    if (cols < 1 || rows < 1 || cols > DGSYNC_MAX_TILES || rows > DGSYNC_MAX_TILES) {
        snprintf(err, errcap, "bad tile '%s' (1 to %d columns and rows)", text, DGSYNC_MAX_TILES);
        return false;
    }
    if (index < 0 || index >= cols * rows) {
        snprintf(err, errcap, "bad tile '%s' (index 0 to %d, row-major from the top left)", text,
                 cols * rows - 1);
        return false;
    }
    *out = (dgsync_tile){cols, rows, index};
    return true;
}

void dgsync_tile_matrix(int cols, int rows, int index, mat4 out)
{
    int c = index % cols, r = index / cols;
    /* the tile's centre in the wall's NDC; row 0 is at the top (+y) */
    float cx = -1.0f + (2.0f * (float)c + 1.0f) / (float)cols;
    float cy = 1.0f - (2.0f * (float)r + 1.0f) / (float)rows;
    glm_mat4_identity(out);
    out[0][0] = (float)cols;
    out[1][1] = (float)rows;
    /* in clip space the shift scales with w: x' = cols * (x - cx * w) */
    out[3][0] = -cx * (float)cols;
    out[3][1] = -cy * (float)rows;
}

/* tcp://HOST:PORT binds the wildcard host at PORT: the leader listens on every interface. */
static void bind_url(const char *url, char *out, size_t cap)
{
    const char *colon = strrchr(url, ':');
    if (!strncmp(url, "tcp://", 6) && colon && colon > url + 6 && url[6] != '*')
        snprintf(out, cap, "tcp://*%s", colon);
    else
        snprintf(out, cap, "%s", url);
}

dgsync *dgsync_open(const char *url, bool leader, char *err, size_t errcap)
{
    dgsync *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errcap, "out of memory");
        return NULL;
    }
    s->leader = leader;
    s->sock = nn_socket(AF_SP, leader ? NN_PUB : NN_SUB);
    char where[512];
    int rc = -1;
    if (s->sock >= 0) {
        if (leader) {
            bind_url(url, where, sizeof where);
            rc = nn_bind(s->sock, where);
        } else {
            snprintf(where, sizeof where, "%s", url);
            nn_setsockopt(s->sock, NN_SUB, NN_SUB_SUBSCRIBE, TOPIC, strlen(TOPIC));
            rc = nn_connect(s->sock, where);
        }
    }
    if (rc < 0) {
        snprintf(err, errcap, "--sync %s: %s", where, nn_strerror(nn_errno()));
        dgsync_close(s);
        return NULL;
    }
    return s;
}

void dgsync_close(dgsync *s)
{
    if (!s) return;
    if (s->sock >= 0) nn_close(s->sock);
    free(s);
}

bool dgsync_is_leader(const dgsync *s)
{
    return s->leader;
}

int dgsync_encode(const dgsync_state *st, char *buf, size_t cap)
{
    int n = snprintf(buf, cap, TOPIC "1 %u %.7g %.7g %.7g %.7g %d %.17g %.17g", st->seq, st->lat,
                     st->lon, st->dist, st->fov_deg, st->autorotate ? 1 : 0, st->sim_t, st->feed_t);
    return n < 0 || (size_t)n >= cap ? -1 : n;
}

static bool finite_all(const dgsync_state *s)
{
    return isfinite(s->lat) && isfinite(s->lon) && isfinite(s->dist) && isfinite(s->fov_deg) &&
           isfinite(s->sim_t) && isfinite(s->feed_t);
}

bool dgsync_decode(const char *msg, size_t len, dgsync_state *st)
{
    char line[256];
    if (len >= sizeof line || len < strlen(TOPIC) || memcmp(msg, TOPIC, strlen(TOPIC)))
        return false;
    memcpy(line, msg, len);
    line[len] = '\0';
    dgsync_state s = {0};
    int ver, rot, used = 0;
    if (sscanf(line, TOPIC "%d %u %f %f %f %f %d %lf %lf%n", &ver, &s.seq, &s.lat, &s.lon, &s.dist,
               &s.fov_deg, &rot, &s.sim_t, &s.feed_t, &used) != 9 ||
        line[used] || ver != 1 || (rot != 0 && rot != 1) || !finite_all(&s))
        return false;
    if (fabsf(s.lat) > 90 || fabsf(s.lon) > 360 || s.dist <= 0 || s.fov_deg <= 0 ||
        s.fov_deg >= 180)
        return false;
    s.autorotate = rot == 1;
    *st = s;
    return true;
}

bool dgsync_publish(dgsync *s, const dgsync_state *st)
{
    char buf[256];
    dgsync_state copy = *st;
    copy.seq = ++s->seq;
    int n = dgsync_encode(&copy, buf, sizeof buf);
    if (n < 0 || nn_send(s->sock, buf, (size_t)n, NN_DONTWAIT) != n) {
        s->c.send_failed++;
        return false;
    }
    s->c.sent++;
    return true;
}

bool dgsync_poll(dgsync *s, dgsync_state *st)
{
    bool got = false;
    for (;;) {
        char *msg = NULL;
        int n = nn_recv(s->sock, &msg, NN_MSG, NN_DONTWAIT);
        if (n < 0) break;
        dgsync_state one;
        if (dgsync_decode(msg, (size_t)n, &one)) {
            *st = one;
            got = true;
            s->c.received++;
        } else {
            s->c.malformed++;
        }
        nn_freemsg(msg);
    }
    return got;
}

dgsync_counters dgsync_get_counters(const dgsync *s)
{
    return s->c;
}

void dgsync_from_camera(const dgc_camera *c, double sim_t, double feed_t, dgsync_state *st)
{
    *st = (dgsync_state){.lat = c->lat,
                         .lon = c->lon,
                         .dist = c->dist,
                         .fov_deg = c->fov_deg,
                         .autorotate = c->autorotate,
                         .sim_t = sim_t,
                         .feed_t = feed_t};
}

void dgsync_apply_camera(const dgsync_state *st, dgc_camera *c)
{
    c->lat = c->target_lat = st->lat;
    c->lon = c->target_lon = st->lon;
    c->dist = c->target_dist = st->dist;
    c->fov_deg = st->fov_deg;
    c->autorotate = false;
}
