/* msvc_rand.c - the Microsoft C runtime rand() (see src/dga/msvc_rand.h). */
#include "dga/msvc_rand.h"

void tk_msvc_srand(struct tk_msvc_rand *rand_state, uint32_t seed)
{
    rand_state->state = seed;
}

uint32_t tk_msvc_rand(struct tk_msvc_rand *rand_state)
{
    rand_state->state = rand_state->state * 214013u + 2531011u;
    return (rand_state->state >> 16) & 0x7FFF;
}
