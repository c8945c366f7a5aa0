/* grow.c - growing a heap array by doubling (see grow.h). */
#include "util/grow.h"

#include <stdint.h>
#include <stdlib.h>

int tk_grow(void **buf, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t n = *cap ? *cap : 64;
    while (n < need) {
        if (n > SIZE_MAX / 2 / elem)
            return -1;
        n *= 2;
    }
    void *grown = realloc(*buf, n * elem);
    if (grown == NULL)
        return -1;
    *buf = grown;
    *cap = n;
    return 0;
}
