/* lcg.c - linear congruential generators several DGAs share (see include/takedown/lcg.h). */
#include "takedown/lcg.h"

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
