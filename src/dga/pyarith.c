/* pyarith.c - Python's integer division and modulo (see src/dga/pyarith.h). */
#include "dga/pyarith.h"

int64_t tk_floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    if (a % b != 0 && (a < 0) != (b < 0))
        q--;
    return q;
}

int64_t tk_floor_mod(int64_t a, int64_t b)
{
    int64_t r = a % b;
    if (r != 0 && (r < 0) != (b < 0))
        r += b;
    return r;
}
