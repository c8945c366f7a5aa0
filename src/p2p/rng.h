/* rng.h - the seeded generator behind sampling, random takedowns and the synthetic botnet:
 * xoshiro256** seeded through splitmix64, so a seed gives the same numbers everywhere. */
#ifndef TAKEDOWN_P2P_RNG_H
#define TAKEDOWN_P2P_RNG_H

#include <stdint.h>

struct tk_rng {
    uint64_t s[4];
};

static inline uint64_t tk_splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static inline void tk_rng_seed(struct tk_rng *r, uint64_t seed)
{
    for (int i = 0; i < 4; i++)
        r->s[i] = tk_splitmix64(&seed);
}

static inline uint64_t tk_rng_rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static inline uint64_t tk_rng_next(struct tk_rng *r)
{
    uint64_t result = tk_rng_rotl(r->s[1] * 5, 7) * 9, t = r->s[1] << 17;
    r->s[2] ^= r->s[0];
    r->s[3] ^= r->s[1];
    r->s[1] ^= r->s[2];
    r->s[0] ^= r->s[3];
    r->s[2] ^= t;
    r->s[3] = tk_rng_rotl(r->s[3], 45);
    return result;
}

/* Uniform in [0, bound), bound > 0, without modulo bias (Lemire's multiply-and-reject). */
static inline uint64_t tk_rng_below(struct tk_rng *r, uint64_t bound)
{
    unsigned __int128 m = (unsigned __int128)tk_rng_next(r) * bound;
    uint64_t low = (uint64_t)m;
    if (low < bound) {
        uint64_t threshold = -bound % bound;
        while (low < threshold) {
            m = (unsigned __int128)tk_rng_next(r) * bound;
            low = (uint64_t)m;
        }
    }
    return (uint64_t)(m >> 64);
}

/* Uniform in [0, 1). */
static inline double tk_rng_unit(struct tk_rng *r)
{
    return (double)(tk_rng_next(r) >> 11) * 0x1.0p-53;
}

#endif
