/* distinct.h - a count of distinct values that is exact up to a threshold and a
 * HyperLogLog estimate beyond it.
 *
 * Values are 64-bit hashes from hash64.h. Below the threshold they are kept in an open
 * addressing set, 8 bytes a value at most 70 % full, so the count is exact (an IPv4
 * address hashes without loss). The value that would pass the threshold turns the set
 * into a HyperLogLog sketch (hll.h) and frees it: memory per counter is then bounded by
 * 12 KB, whatever the number of values. Counters merge, so groups and sinkholes combine. */
#ifndef TAKEDOWN_DISTINCT_H
#define TAKEDOWN_DISTINCT_H

#include <stddef.h>
#include <stdint.h>

#include "takedown/hll.h"

struct tk_distinct {
    uint64_t *slots;    /* 0 marks an empty slot; NULL before the first value */
    uint32_t capacity;  /* a power of two */
    uint32_t used;      /* values in slots */
    uint8_t has_zero;   /* the value 0, which cannot live in a slot */
    struct tk_hll *hll; /* set once the threshold was passed; slots are then NULL */
};

/* A counter starts zeroed: struct tk_distinct d = {0}. */
/* Adds a value; threshold is the largest count kept exact (0: estimate from the start).
 * TK_ERR_NOMEM when out of memory. */
int tk_distinct_add(struct tk_distinct *d, uint64_t value, uint64_t threshold);
/* The same, and *added says whether value was new: 1 or 0 while exact; always 1 once an
 * estimate, which cannot tell. */
int tk_distinct_insert(struct tk_distinct *d, uint64_t value, uint64_t threshold, int *added);
uint64_t tk_distinct_count(const struct tk_distinct *d);
/* 1 while the count is exact, 0 once it is an estimate. */
int tk_distinct_is_exact(const struct tk_distinct *d);
/* dst counts the union of both; src is unchanged. */
int tk_distinct_merge(struct tk_distinct *dst, const struct tk_distinct *src, uint64_t threshold);
/* Calls fn for every value of an exact counter (nothing for an estimate). */
void tk_distinct_each(const struct tk_distinct *d, void (*fn)(uint64_t value, void *arg), void *arg);
/* Heap bytes in use. */
size_t tk_distinct_bytes(const struct tk_distinct *d);
void tk_distinct_free(struct tk_distinct *d);

#endif
