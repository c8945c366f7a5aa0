/* park_miller_search.h - the states of the Park-Miller generator (lcg.h) that spell a label,
 * found by inverting the letter draws instead of running the generator per seed (the seed
 * recovery of dircrypt and ramnit, recover.h). */
#ifndef TAKEDOWN_PARK_MILLER_SEARCH_H
#define TAKEDOWN_PARK_MILLER_SEARCH_H

#include <stddef.h>
#include <stdint.h>

/* A state has up to three 32-bit preimages (tk_park_miller_preimages), so a name whose
 * start is two steps before its first letter has up to nine seeds by the generator's
 * structure (struct tk_family's recover_aliases). */
enum { TK_PARK_MILLER_TWO_STEP_ALIASES = 9 };

/* Calls found(ctx, y) for every state y that spells label: letter i is 'a' + y_i % modulus
 * with y_0 = y and y_{i+1} = tk_park_miller(y_i). Only the 2^32 / modulus states of the
 * first letter that a step can reach are tried, each dropped at its first wrong letter,
 * over threads. Returns 0, or the first non-zero return of found. */
typedef int (*tk_park_miller_found_fn)(void *ctx, uint32_t y);
int tk_park_miller_spell(const char *label, size_t len, uint32_t modulus, int threads,
                         tk_park_miller_found_fn found, void *ctx);

#endif
