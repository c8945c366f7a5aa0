/* grow.h - growing a heap array by doubling, for the library's hand-written tables. */
#ifndef TAKEDOWN_UTIL_GROW_H
#define TAKEDOWN_UTIL_GROW_H

#include <stddef.h>

/* Makes *buf (*cap elements of elem bytes each) hold at least need elements: doubles the
 * capacity (64 elements to start with) until it does, reallocates and updates *cap. Returns
 * 0, or -1 when out of memory (then *buf and *cap are as they were). */
int tk_grow(void **buf, size_t *cap, size_t need, size_t elem);

#endif
