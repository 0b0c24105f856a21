/* alert.c - severity names and the text sanitiser for untrusted feed strings.
 * Threads: pure functions; any thread. */
#include "alert.h"
#include "text_sanitize.h"

#include <stdint.h>
#include <strings.h>

static const char *const sev_names[DG_SEV_COUNT] = {"info", "low", "medium", "high", "critical"};

const char *dg_severity_name(int sev)
{
    if (sev < 0 || sev >= DG_SEV_COUNT) return "unknown";
    return sev_names[sev];
}

int dg_severity_parse(const char *name)
{
    if (!name) return -1;
    for (int i = 0; i < DG_SEV_COUNT; i++)
        if (strcasecmp(name, sev_names[i]) == 0) return i;
    return -1;
}

/* Length of the well-formed UTF-8 character at s (n bytes available), 0 if malformed.
 * *cp receives the code point. Follows RFC 3629 table 3-7 exactly. */
static size_t utf8_char(const uint8_t *s, size_t n, uint32_t *cp)
{
    uint8_t b = s[0];
    if (b < 0x80) {
        *cp = b;
        return 1;
    }
    size_t need;
    uint32_t min;
    if (b >= 0xC2 && b <= 0xDF) {
        need = 2, min = 0x80, *cp = b & 0x1F;
    } else if (b >= 0xE0 && b <= 0xEF) {
        need = 3, min = 0x800, *cp = b & 0x0F;
    } else if (b >= 0xF0 && b <= 0xF4) {
        need = 4, min = 0x10000, *cp = b & 0x07;
    } else {
        return 0;
    }
    if (n < need) return 0;
    for (size_t i = 1; i < need; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        *cp = (*cp << 6) | (s[i] & 0x3F);
    }
    if (*cp < min || *cp > 0x10FFFF || (*cp >= 0xD800 && *cp <= 0xDFFF)) return 0;
    return need;
}

static int is_control(uint32_t cp)
{
    return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F);
}

/* Invisible characters that change how the text around them reads: bidirectional overrides,
 * embeddings, isolates and marks (U+202E turns "gpj.exe" into "exe.jpg"), zero-width spaces
 * and joiners, the byte-order mark, line and paragraph separators, interlinear annotation. */
static int is_invisible_format(uint32_t cp)
{
    return cp == 0x061C || cp == 0x180E || (cp >= 0x200B && cp <= 0x200F) ||
           (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x206F) || cp == 0xFEFF ||
           (cp >= 0xFFF9 && cp <= 0xFFFB);
}

size_t dg_text_sanitize(char *dst, size_t cap, const char *src, size_t len)
{
    if (cap == 0) return 0;
    const uint8_t *s = (const uint8_t *)src;
    size_t out = 0, i = 0;
    while (s && i < len) {
        uint32_t cp;
        size_t k = utf8_char(s + i, len - i, &cp);
        if (k == 0) { /* malformed: drop this byte and resynchronise on the next */
            i++;
            continue;
        }
        if (!is_control(cp) && !is_invisible_format(cp)) {
            if (out + k > cap - 1) break;
            for (size_t j = 0; j < k; j++)
                dst[out++] = (char)s[i + j];
        }
        i += k;
    }
    dst[out] = '\0';
    return out;
}
