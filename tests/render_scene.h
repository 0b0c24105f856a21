/* render_scene.h - deterministic packet scenes for the render test and benchmark: a small
 * fixed set of arcs with known classes, and a "darknet day" of many sources (weighted towards
 * where scanning comes from) converging on a few sensors.
 * Threads: the test's main thread. */
#ifndef DG_RENDER_SCENE_H
#define DG_RENDER_SCENE_H

#include <stddef.h>
#include <stdint.h>

#include "event.h"

/* The sensor every scene aims at: Tokyo. */
#define RS_SENSOR_LAT 35.68f
#define RS_SENSOR_LON 139.69f

/* An event from (lat, lon) to the sensor, placed, with this class, port and flags. */
dg_event rs_event(float lat, float lon, uint8_t cls, uint16_t dport, uint8_t flags);
/* Fills n events of a busy darknet: ~40 source regions, Mirai telnet scanning, backscatter,
 * UDP and ICMP; seed makes it reproducible. */
void rs_fill_mix(dg_event *ev, size_t n, uint32_t *seed);
/* The same sources, every packet of class cls (a SYN feed keeps its Mirai-fingerprinted
 * telnet scans; ICMP has port 0). */
void rs_fill_class(dg_event *ev, size_t n, uint32_t *seed, uint8_t cls);

#endif
