/* text_sanitize.h - make untrusted feed text safe to store and draw.
 * Owns: dg_text_sanitize, the one rule every untrusted string of the feed passes through
 * (alert title/detail/org/kind/sensor/id, JSON sensor names, binary sensor names).
 * Threads: pure function on caller buffers; any thread. */
#ifndef DG_TEXT_SANITIZE_H
#define DG_TEXT_SANITIZE_H

#include <stddef.h>

/* Copies the len bytes of src into dst (capacity cap) keeping only well-formed UTF-8
 * (no overlong forms, surrogates or code points above U+10FFFF) and dropping C0 controls
 * (U+0000..U+001F), DEL (U+007F), C1 controls (U+0080..U+009F) and the invisible format
 * characters that reorder or hide text: bidirectional controls (U+061C, U+200E, U+200F,
 * U+202A..U+202E, U+2066..U+2069), zero-width characters (U+180E, U+200B..U+200D,
 * U+2060..U+2064, U+FEFF), U+2028/U+2029, U+206A..U+206F and U+FFF9..U+FFFB. Stops before
 * the first character that would not fit in cap-1 bytes, so the result is never cut inside a
 * character. dst is always NUL-terminated when cap > 0. Returns the bytes written, excluding
 * the NUL. */
size_t dg_text_sanitize(char *dst, size_t cap, const char *src, size_t len);

#endif
