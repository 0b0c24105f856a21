/* render_scene.c - deterministic packet scenes (see render_scene.h). */
#include "render_scene.h"

#include <string.h>

dg_event rs_event(float lat, float lon, uint8_t cls, uint16_t dport, uint8_t flags)
{
    dg_event e;
    memset(&e, 0, sizeof e);
    e.src_lat = lat, e.src_lon = lon;
    e.dst_lat = RS_SENSOR_LAT, e.dst_lon = RS_SENSOR_LON;
    e.cls = cls, e.dport = dport;
    e.flags = flags | DGE_SRC_PLACED | DGE_DST_PLACED;
    e.ip_ver = 4;
    uint32_t h = (uint32_t)((lat + 90) * 1000) * 2654435761u ^ (uint32_t)((lon + 180) * 1000);
    memcpy(e.src, &h, sizeof h);
    return e;
}

static uint32_t next(uint32_t *s)
{
    *s ^= *s << 13, *s ^= *s >> 17, *s ^= *s << 5;
    return *s;
}

static float unit(uint32_t *s)
{
    return (float)(next(s) & 0xFFFFFF) / (float)0xFFFFFF;
}

/* Source regions (lat, lon, weight): where darknet scanning is commonly seen coming from. */
static const float regions[][3] = {
    {39.9f, 116.4f, 9}, {31.2f, 121.5f, 8},  {23.1f, 113.3f, 6},  {30.6f, 104.1f, 4},
    {37.6f, 127.0f, 5}, {25.0f, 121.5f, 3},  {21.0f, 105.8f, 5},  {10.8f, 106.7f, 4},
    {13.7f, 100.5f, 2}, {-6.2f, 106.8f, 4},  {14.6f, 121.0f, 2},  {28.6f, 77.2f, 6},
    {19.1f, 72.9f, 4},  {12.97f, 77.6f, 3},  {55.75f, 37.6f, 5},  {59.9f, 30.3f, 2},
    {50.45f, 30.5f, 2}, {52.5f, 13.4f, 3},   {48.9f, 2.35f, 3},   {51.5f, -0.1f, 3},
    {52.4f, 4.9f, 3},   {41.0f, 28.97f, 3},  {35.7f, 51.4f, 2},   {30.0f, 31.2f, 2},
    {6.5f, 3.4f, 1},    {-26.2f, 28.0f, 1},  {40.7f, -74.0f, 5},  {37.4f, -122.1f, 4},
    {41.9f, -87.6f, 2}, {32.8f, -96.8f, 2},  {33.7f, -84.4f, 2},  {45.5f, -73.6f, 1},
    {19.4f, -99.1f, 2}, {-23.5f, -46.6f, 6}, {-22.9f, -43.2f, 3}, {-34.6f, -58.4f, 2},
    {4.7f, -74.1f, 1},  {-33.9f, 151.2f, 1}, {34.7f, 135.5f, 3},  {43.06f, 141.35f, 1},
};
#define N_REGIONS (sizeof regions / sizeof regions[0])

static const float *pick_region(uint32_t *s)
{
    float total = 0;
    for (size_t i = 0; i < N_REGIONS; i++)
        total += regions[i][2];
    float x = unit(s) * total;
    for (size_t i = 0; i < N_REGIONS; i++) {
        if (x < regions[i][2]) return regions[i];
        x -= regions[i][2];
    }
    return regions[0];
}

/* Class, port and flags of one packet in a 2016-like mix: telnet scanning dominates. */
static void pick_kind(uint32_t *s, uint8_t *cls, uint16_t *port, uint8_t *flags)
{
    static const uint16_t scan_ports[] = {22, 80, 445, 3389, 8080, 52869, 443, 5555, 8443};
    float x = unit(s);
    *flags = 0;
    if (x < 0.42f)
        *cls = DG_CLS_SYN, *port = next(s) % 10 ? 23 : 2323, *flags = DGE_MIRAI;
    else if (x < 0.66f)
        *cls = DG_CLS_SYN, *port = scan_ports[next(s) % 9];
    else if (x < 0.78f)
        *cls = DG_CLS_SYNACK, *port = (uint16_t)(1024 + next(s) % 64500);
    else if (x < 0.84f)
        *cls = DG_CLS_TCP, *port = (uint16_t)(next(s) % 65536);
    else if (x < 0.94f)
        *cls = DG_CLS_UDP, *port = next(s) % 3 ? 53 : (uint16_t)(next(s) % 65536);
    else if (x < 0.99f)
        *cls = DG_CLS_ICMP, *port = 0;
    else
        *cls = DG_CLS_OTHER, *port = 0;
}

void rs_fill_mix(dg_event *ev, size_t n, uint32_t *seed)
{
    for (size_t i = 0; i < n; i++) {
        const float *r = pick_region(seed);
        uint8_t cls, flags;
        uint16_t port;
        pick_kind(seed, &cls, &port, &flags);
        float lat = r[0] + (unit(seed) - 0.5f) * 6.0f, lon = r[1] + (unit(seed) - 0.5f) * 8.0f;
        ev[i] = rs_event(lat, lon, cls, port, flags);
        uint32_t host = next(seed);
        memcpy(ev[i].src + 4, &host, sizeof host);
        if (next(seed) % 5 == 0) ev[i].dst_lat = 43.06f, ev[i].dst_lon = 141.35f, ev[i].sensor = 1;
    }
}

void rs_fill_class(dg_event *ev, size_t n, uint32_t *seed, uint8_t cls)
{
    rs_fill_mix(ev, n, seed);
    for (size_t i = 0; i < n; i++) {
        if (cls != DG_CLS_SYN) ev[i].flags &= (uint8_t)~DGE_MIRAI;
        if (cls == DG_CLS_ICMP) ev[i].dport = 0;
        ev[i].cls = cls;
    }
}
