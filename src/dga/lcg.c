/* lcg.c - linear congruential generators several DGAs share (see src/dga/lcg.h). */
#include "dga/lcg.h"

uint32_t tk_lcg_numerical_recipes(uint32_t *state)
{
    *state = *state * 1664525u + 1013904223u;
    return *state;
}

uint32_t tk_lcg_ansi_c(uint32_t *state)
{
    *state = *state * 1103515245u + 12345u;
    return *state;
}

uint32_t tk_park_miller(uint32_t *state)
{
    int64_t x = *state;
    *state = (uint32_t)(16807 * (x % 127773) - 2836 * (x / 127773));
    return *state;
}

/* Schrage's value v = 16807 (x mod q) - r (x div q) is congruent to 16807 x modulo
 * 2^31 - 1 and lies in [-r * 33614, 2^31 - 1) for every 32-bit x; the state keeps it as
 * an unsigned value. So y has a preimage only when it reads back as such a v, and then x is
 * v / 16807 modulo 2^31 - 1, or that plus 2^31 - 1 once or twice. */
enum { PM_MODULUS = 2147483647, PM_INVERSE = 1407677000, PM_LOWEST = -2836 * 33614 };

int tk_park_miller_preimages(uint32_t y, uint32_t out[3])
{
    int64_t v = y < 0x80000000u ? (int64_t)y : (int64_t)y - 0x100000000;
    int found = 0;

    if (v < PM_LOWEST || v >= PM_MODULUS)
        return 0;
    int64_t residue = (v % PM_MODULUS + PM_MODULUS) % PM_MODULUS;
    uint64_t x = (uint64_t)(residue * PM_INVERSE % PM_MODULUS);
    for (; x <= UINT32_MAX; x += PM_MODULUS) {
        uint32_t state = (uint32_t)x;
        if (tk_park_miller(&state) == y)
            out[found++] = (uint32_t)x;
    }
    return found;
}

int tk_park_miller_in_image(uint32_t y)
{
    int64_t v = y < 0x80000000u ? (int64_t)y : (int64_t)y - 0x100000000;
    return v >= PM_LOWEST && v < PM_MODULUS;
}
