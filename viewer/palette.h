/* palette.h - arc colours per class (net/base/event.h dg_class), their legend names, and the
 * Mirai marker colour.
 * Owns: presets ("okabe-ito" default, colour-blind safe; "tol", "atlas", "mono") and the parser
 * for "class=#rrggbb,..." overrides.
 * Threads: any (plain data; no shared state). */
#ifndef DG_PALETTE_H
#define DG_PALETTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "event.h"

/* Colour slots an arc can name (dga_inst.meta's low byte): the classes, then the scanner
 * tools (fingerprint.h order), then "no tool" (--color-by tool). */
#define DGP_SLOT_TOOL DG_CLS_COUNT
#define DGP_SLOT_UNTAGGED (DG_CLS_COUNT + DG_TOOL_COUNT)
#define DGP_SLOTS (DGP_SLOT_UNTAGGED + 1)

typedef struct dgp_palette {
    float rgb[DG_CLS_COUNT][3]; /* 0..1, sRGB as written */
    float mirai[3];             /* core colour of Mirai-fingerprinted arcs */
    float tool[DG_TOOL_COUNT + 1][3]; /* per scanner tool, then untagged traffic */
} dgp_palette;

/* The default: Okabe-Ito, chosen so the six classes stay apart for colour-blind viewers. */
void dgp_default(dgp_palette *p);
/* Loads a preset by name; false (and p unchanged) when unknown. */
bool dgp_preset(dgp_palette *p, const char *name);
/* Applies a spec on top of p: a preset name, and/or comma-separated "key=#rrggbb" entries
 * (keys: syn, synack, tcp, udp, icmp, other, mirai), e.g. "tol,udp=#00ff88". On error writes a
 * one-line reason to err and leaves p unchanged. */
bool dgp_parse(dgp_palette *p, const char *spec, char *err, size_t errcap);

/* Every colour slot in slot order (classes, tools, untagged): what the shaders' u_colors
 * hold. */
void dgp_slots(const dgp_palette *p, float out[DGP_SLOTS][3]);
/* Colour slot of an event: its class, or with by_tool its first tool tag (untagged: the
 * last slot). */
uint8_t dgp_slot(const dg_event *e, bool by_tool);

/* Names of the presets, NULL-terminated. */
const char *const *dgp_preset_names(void);

#endif
