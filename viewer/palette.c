/* palette.c - class colours, presets and the "class=#rrggbb" parser (see palette.h). */
#include "palette.h"
#include "names.h"

#include <stdio.h>
#include <string.h>


/* Presets as 0xRRGGBB: six classes then the Mirai core. */
static const struct {
    const char *name;
    unsigned rgb[DG_CLS_COUNT + 1];
} presets[] = {
    /* Okabe & Ito (2008): orange, reddish purple, yellow, bluish green, sky blue, vermillion.
     * Okabe-Ito's dark blue is left out: it vanishes on a navy globe. */
    {"okabe-ito", {0xE69F00, 0xCC79A7, 0xF0E442, 0x009E73, 0x56B4E9, 0xD55E00, 0xFFFFFF}},
    /* Paul Tol's "bright" scheme, also colour-blind safe. */
    {"tol", {0xEE6677, 0xAA3377, 0xCCBB44, 0x228833, 0x66CCEE, 0xBBBBBB, 0xFFFFFF}},
    /* Vivid neon close to NICTER Atlas screenshots; not colour-blind safe. */
    {"atlas", {0xFF2E6A, 0xFFD23F, 0x3DF2FF, 0x5CFF5C, 0xB266FF, 0xFF8C1A, 0xFFFFFF}},
    /* One hue for every class, for projectors or print; Mirai still stands out. */
    {"mono", {0x9FD8FF, 0x9FD8FF, 0x9FD8FF, 0x9FD8FF, 0x9FD8FF, 0x9FD8FF, 0xFFFFFF}},
};
#define N_PRESETS (sizeof presets / sizeof presets[0])

static const char *const preset_names[N_PRESETS + 1] = {"okabe-ito", "tol", "atlas", "mono", NULL};

static void set_rgb(float out[3], unsigned rgb)
{
    out[0] = (float)((rgb >> 16) & 0xFF) / 255.0f;
    out[1] = (float)((rgb >> 8) & 0xFF) / 255.0f;
    out[2] = (float)(rgb & 0xFF) / 255.0f;
}

/* Tools (Mirai, Masscan, ZMap, Unicornscan, large-scale, backscatter) and untagged traffic:
 * Paul Tol's bright scheme, colour-blind safe, the same under every class preset. */
static const unsigned tool_rgb[DG_TOOL_COUNT + 1] = {0xEE6677, 0xCCBB44, 0x66CCEE, 0xAA3377,
                                                     0x228833, 0x4477AA, 0x8A8F99};

bool dgp_preset(dgp_palette *p, const char *name)
{
    for (size_t i = 0; i < N_PRESETS; i++) {
        if (strcmp(presets[i].name, name) != 0) continue;
        for (int c = 0; c < DG_CLS_COUNT; c++)
            set_rgb(p->rgb[c], presets[i].rgb[c]);
        set_rgb(p->mirai, presets[i].rgb[DG_CLS_COUNT]);
        for (int t = 0; t <= DG_TOOL_COUNT; t++)
            set_rgb(p->tool[t], tool_rgb[t]);
        return true;
    }
    return false;
}

void dgp_slots(const dgp_palette *p, float out[DGP_SLOTS][3])
{
    memcpy(out[0], p->rgb, sizeof p->rgb);
    memcpy(out[DGP_SLOT_TOOL], p->tool, sizeof p->tool);
}

uint8_t dgp_slot(const dg_event *e, bool by_tool)
{
    if (!by_tool) return e->cls < DG_CLS_COUNT ? e->cls : DG_CLS_OTHER;
    for (int t = 0; t < DG_TOOL_COUNT; t++)
        if (e->tools & (1u << t)) return (uint8_t)(DGP_SLOT_TOOL + t);
    return DGP_SLOT_UNTAGGED;
}

void dgp_default(dgp_palette *p)
{
    dgp_preset(p, "okabe-ito");
}

/* "#rrggbb" or "rrggbb" -> 0xRRGGBB; false on anything else. */
static bool parse_hex(const char *s, size_t len, unsigned *out)
{
    if (len > 0 && s[0] == '#') s++, len--;
    if (len != 6) return false;
    unsigned v = 0;
    for (size_t i = 0; i < 6; i++) {
        char c = s[i];
        int d = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
        if (d < 0) return false;
        v = v << 4 | (unsigned)d;
    }
    *out = v;
    return true;
}

/* Colour slot for a key ("syn".."other", "mirai"), or NULL. */
static float *slot_for(dgp_palette *p, const char *key, size_t len)
{
    if (len == 5 && strncmp(key, "mirai", 5) == 0) return p->mirai;
    int c = dgn_class_find(key, len);
    return c >= 0 ? p->rgb[c] : NULL;
}

/* Applies one "key=#rrggbb" or preset-name item. */
static bool apply_item(dgp_palette *p, const char *s, size_t len, char *err, size_t errcap)
{
    const char *eq = memchr(s, '=', len);
    if (!eq) {
        char name[32];
        if (len < sizeof name) {
            memcpy(name, s, len);
            name[len] = 0;
            if (dgp_preset(p, name)) return true;
        }
        snprintf(err, errcap, "palette: unknown preset '%.*s' (okabe-ito, tol, atlas, mono)",
                 (int)(len > 32 ? 32 : len), s);
        return false;
    }
    float *slot = slot_for(p, s, (size_t)(eq - s));
    unsigned rgb;
    if (!slot) {
        snprintf(err, errcap,
                 "palette: unknown class '%.*s' (syn, synack, tcp, udp, icmp, "
                 "other, mirai)",
                 (int)(eq - s > 32 ? 32 : eq - s), s);
        return false;
    }
    if (!parse_hex(eq + 1, len - (size_t)(eq + 1 - s), &rgb)) {
        snprintf(err, errcap, "palette: '%.*s' is not a #rrggbb colour", (int)(len > 48 ? 48 : len),
                 s);
        return false;
    }
    set_rgb(slot, rgb);
    return true;
}

bool dgp_parse(dgp_palette *p, const char *spec, char *err, size_t errcap)
{
    dgp_palette work = *p;
    const char *s = spec ? spec : "";
    while (*s) {
        while (*s == ' ' || *s == ',')
            s++;
        size_t len = strcspn(s, ",");
        while (len > 0 && s[len - 1] == ' ')
            len--;
        if (len > 0 && !apply_item(&work, s, len, err, errcap)) return false;
        s += len;
        while (*s && *s != ',')
            s++;
    }
    *p = work;
    return true;
}

const char *const *dgp_preset_names(void)
{
    return preset_names;
}
