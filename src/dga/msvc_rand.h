/* msvc_rand.h - the rand() of the Microsoft C runtime, which several DGAs call.
 *
 * A 32-bit linear congruential generator (multiplier 214013, increment 2531011) whose
 * output is bits 16-30 of the new state, 0..32767. srand() sets the state directly. */
#ifndef TAKEDOWN_MSVC_RAND_H
#define TAKEDOWN_MSVC_RAND_H

#include <stdint.h>

struct tk_msvc_rand {
    uint32_t state;
};

void tk_msvc_srand(struct tk_msvc_rand *rand_state, uint32_t seed);
/* Advances the state and returns the next value, 0..32767. */
uint32_t tk_msvc_rand(struct tk_msvc_rand *rand_state);

#endif
