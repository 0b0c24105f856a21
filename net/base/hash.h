/* hash.h - the 64-bit integer mixer every hash table, cache and address-derived choice
 * uses: the splitmix64 finaliser, so every input bit reaches every output bit and a table
 * may take its index from the low bits (a mask) or the high bits alike.
 * Owns: the only copy of the mixer (dg_addr_hash in addr.h builds on it).
 * Threads: pure functions; any thread. */
#ifndef DG_HASH_H
#define DG_HASH_H

#include <stdint.h>

#define DG_GOLDEN64 UINT64_C(0x9e3779b97f4a7c15) /* 2^64 / phi: the splitmix64 increment */

static inline uint64_t dg_mix64(uint64_t x)
{
    x ^= x >> 30;
    x *= UINT64_C(0xbf58476d1ce4e5b9);
    x ^= x >> 27;
    x *= UINT64_C(0x94d049bb133111eb);
    return x ^ (x >> 31);
}

#endif
