/* portscale.c - the key-port-lane scale (see portscale.h and docs/rendering.md). */
#include "portscale.h"

#include <math.h>
#include <string.h>

/* Key ports, ascending: the services darknet operators ask about first. */
static const struct {
    uint16_t port;
    const char *label;
} key_ports[] = {
    {22, "22 ssh"},        {23, "23 telnet"},  {80, "80 http"},         {445, "445 smb"},
    {2323, "2323 telnet"}, {3389, "3389 rdp"}, {8080, "8080 http-alt"}, {52869, "52869 upnp"},
};
#define N_KEY (sizeof key_ports / sizeof key_ports[0])

/* Width of each key port's lane, in units of the whole base scale. Wide enough that 22 and 23,
 * which log and linear scales both put on top of each other, sit a visible step apart. */
#define LANE 0.06f

/* The plain scale before lanes are inserted, 0..1. */
static float base_position(uint16_t port, enum dgps_scale scale)
{
    if (scale == DGPS_LINEAR) return (float)port / 65535.0f;
    return (float)(log1p((double)port) / log(65536.0));
}

float dgps_position(uint16_t port, enum dgps_scale scale)
{
    float lanes = 0.0f;
    for (size_t i = 0; i < N_KEY; i++) {
        if (key_ports[i].port < port)
            lanes += LANE;
        else if (key_ports[i].port == port)
            lanes += LANE * 0.5f;
    }
    return (base_position(port, scale) + lanes) / (1.0f + LANE * (float)N_KEY);
}

float dgps_height(uint16_t port, enum dgps_scale scale)
{
    return DGPS_HEIGHT_MIN + (DGPS_HEIGHT_MAX - DGPS_HEIGHT_MIN) * dgps_position(port, scale);
}

bool dgps_parse(const char *name, enum dgps_scale *out)
{
    if (!name) return false;
    if (strcmp(name, "log") == 0)
        *out = DGPS_LOG;
    else if (strcmp(name, "linear") == 0)
        *out = DGPS_LINEAR;
    else
        return false;
    return true;
}

const char *dgps_name(enum dgps_scale scale)
{
    return scale == DGPS_LINEAR ? "linear" : "log";
}

/* Appends one tick if there is room. */
static size_t put_tick(dgps_tick *out, size_t n, size_t cap, uint16_t port, const char *label,
                       bool key, enum dgps_scale scale)
{
    if (n >= cap) return n;
    out[n] = (dgps_tick){port, dgps_height(port, scale), label, key};
    return n + 1;
}

size_t dgps_ticks(enum dgps_scale scale, dgps_tick *out, size_t cap)
{
    size_t n = put_tick(out, 0, cap, 0, "0", false, scale);
    for (size_t i = 0; i < N_KEY; i++) {
        if (key_ports[i].port == 52869)
            n = put_tick(out, n, cap, 49152, "49152+ ephemeral", false, scale);
        n = put_tick(out, n, cap, key_ports[i].port, key_ports[i].label, true, scale);
    }
    return put_tick(out, n, cap, 65535, "65535", false, scale);
}
