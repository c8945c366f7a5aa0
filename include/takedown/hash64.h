/* hash64.h - the 64-bit hashes the distinct counters are fed with.
 *
 * tk_mix64 is the MurmurHash3 finaliser: a bijection on 64-bit values that spreads every
 * input bit over the whole output. Exact sets store mixed keys (no information is lost, so
 * an exact count stays exact) and HyperLogLog takes its register index and rank from them. */
#ifndef TAKEDOWN_HASH64_H
#define TAKEDOWN_HASH64_H

#include <stddef.h>
#include <stdint.h>

static inline uint64_t tk_mix64(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

/* A hash of a byte string (recipient addresses, names). Distinct strings collide with
 * probability about n^2 / 2^65 for n strings. */
uint64_t tk_hash_bytes(const void *data, size_t len);

/* The key of an IP address for the distinct counters: an IPv4 address (or an IPv4-mapped
 * IPv6 one) is its 32-bit value, so IPv4 counts are exact; an IPv6 address is folded to 63
 * bits with the top bit set, so it never equals an IPv4 key. Returns tk_mix64(key). family
 * is 4 (4 bytes at addr) or 6 (16 bytes). */
uint64_t tk_hash_address(int family, const uint8_t *addr);

#endif
