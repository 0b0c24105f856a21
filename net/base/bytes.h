/* bytes.h - loads and stores of fixed-width integers in a stated byte order, from and to
 * unaligned buffers: the wire format and recordings are little-endian, packet headers and
 * file magic numbers big-endian.
 * Owns: the only copy of these (one function per width and order, dgb_ prefix).
 * Threads: pure functions; any thread. */
#ifndef DG_BYTES_H
#define DG_BYTES_H

#include <stdint.h>

static inline uint16_t dgb_be16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t dgb_be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline uint16_t dgb_le16(const uint8_t *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t dgb_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t dgb_le64(const uint8_t *p)
{
    return (uint64_t)dgb_le32(p) | (uint64_t)dgb_le32(p + 4) << 32;
}

static inline void dgb_put_be16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static inline void dgb_put_be32(uint8_t *p, uint32_t v)
{
    dgb_put_be16(p, (uint16_t)(v >> 16));
    dgb_put_be16(p + 2, (uint16_t)v);
}

static inline void dgb_put_le16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static inline void dgb_put_le32(uint8_t *p, uint32_t v)
{
    dgb_put_le16(p, (uint16_t)v);
    dgb_put_le16(p + 2, (uint16_t)(v >> 16));
}

static inline void dgb_put_le64(uint8_t *p, uint64_t v)
{
    dgb_put_le32(p, (uint32_t)v);
    dgb_put_le32(p + 4, (uint32_t)(v >> 32));
}

#endif
