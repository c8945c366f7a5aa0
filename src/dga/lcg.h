/* lcg.h - the linear congruential generators several DGAs share.
 *
 * Each function advances a 32-bit state (arithmetic modulo 2^32, as in the malware's
 * unsigned ints) and returns the new state; what a family reads from it (all of it, some
 * bits, a remainder) stays in the family. The Microsoft C rand() is in msvc_rand.h. */
#ifndef TAKEDOWN_LCG_H
#define TAKEDOWN_LCG_H

#include <stdint.h>

/* state * 1664525 + 1013904223, the generator of Numerical Recipes (corebot, gozi, mydoom,
 * tempedreve). */
uint32_t tk_lcg_numerical_recipes(uint32_t *state);

/* state * 1103515245 + 12345, the rand() of the C standard's example (ngioweb, vawtrak,
 * vidro). */
uint32_t tk_lcg_ansi_c(uint32_t *state);

/* The Park-Miller generator, state * 16807 mod 2^31 - 1 by Schrage's method
 * (16807 * (state mod 127773) - 2836 * (state div 127773)), with the result kept as an
 * unsigned 32-bit value instead of being made positive, as the malware does (dircrypt,
 * ramnit). */
uint32_t tk_park_miller(uint32_t *state);

/* The states x with tk_park_miller(x) == y, written to out (at most 3); returns how many. */
int tk_park_miller_preimages(uint32_t y, uint32_t out[3]);

/* True when some state steps to y (the states a seed's first step can reach). */
int tk_park_miller_in_image(uint32_t y);

#endif
