/* distinct.c - exact distinct counting in an open addressing set, turning into HyperLogLog
 * past a threshold (see include/takedown/distinct.h).
 *
 * Values are already mixed hashes, so their low bits index the table directly and linear
 * probing stays short. */
#include "takedown/distinct.h"

#include <stdlib.h>

/* Returns 1 when value was new, 0 when it was there. The table has a free slot. */
static int slot_insert(uint64_t *slots, uint32_t capacity, uint64_t value)
{
    uint32_t mask = capacity - 1, i = (uint32_t)value & mask;
    while (slots[i] != 0) {
        if (slots[i] == value)
            return 0;
        i = (i + 1) & mask;
    }
    slots[i] = value;
    return 1;
}

static int grow(struct tk_distinct *d)
{
    uint32_t capacity = d->capacity ? d->capacity * 2 : 8;
    uint64_t *slots;
    if (capacity == 0 || (slots = calloc(capacity, sizeof *slots)) == NULL)
        return TK_ERR_NOMEM;
    for (uint32_t i = 0; i < d->capacity; i++)
        if (d->slots[i] != 0)
            slot_insert(slots, capacity, d->slots[i]);
    free(d->slots);
    d->slots = slots;
    d->capacity = capacity;
    return TK_OK;
}

static int to_sketch(struct tk_distinct *d)
{
    struct tk_hll *hll = tk_hll_new();
    int rc = hll ? TK_OK : TK_ERR_NOMEM;

    if (rc == TK_OK && d->has_zero)
        rc = tk_hll_add(hll, 0);
    for (uint32_t i = 0; rc == TK_OK && i < d->capacity; i++)
        if (d->slots[i] != 0)
            rc = tk_hll_add(hll, d->slots[i]);
    if (rc) {
        tk_hll_free(hll);
        return rc;
    }
    free(d->slots);
    d->slots = NULL;
    d->capacity = d->used = 0;
    d->has_zero = 0;
    d->hll = hll;
    return TK_OK;
}

static int contains(const struct tk_distinct *d, uint64_t value)
{
    uint32_t mask, i;
    if (value == 0)
        return d->has_zero;
    if (d->capacity == 0)
        return 0;
    mask = d->capacity - 1;
    for (i = (uint32_t)value & mask; d->slots[i] != 0; i = (i + 1) & mask)
        if (d->slots[i] == value)
            return 1;
    return 0;
}

int tk_distinct_add(struct tk_distinct *d, uint64_t value, uint64_t threshold)
{
    int added;
    return tk_distinct_insert(d, value, threshold, &added);
}

int tk_distinct_insert(struct tk_distinct *d, uint64_t value, uint64_t threshold, int *added)
{
    int rc;

    *added = 1;
    if (d->hll)
        return tk_hll_add(d->hll, value);
    if (contains(d, value)) {
        *added = 0;
        return TK_OK;
    }
    if ((uint64_t)d->used + d->has_zero + 1 > threshold) {
        if ((rc = to_sketch(d)))
            return rc;
        return tk_hll_add(d->hll, value);
    }
    if (value == 0) {
        d->has_zero = 1;
        return TK_OK;
    }
    if ((uint64_t)(d->used + 1) * 10 > (uint64_t)d->capacity * 7 && (rc = grow(d)))
        return rc;
    slot_insert(d->slots, d->capacity, value);
    d->used++;
    return TK_OK;
}

uint64_t tk_distinct_count(const struct tk_distinct *d)
{
    return d->hll ? tk_hll_count(d->hll) : (uint64_t)d->used + d->has_zero;
}

int tk_distinct_is_exact(const struct tk_distinct *d)
{
    return d->hll == NULL;
}

int tk_distinct_merge(struct tk_distinct *dst, const struct tk_distinct *src, uint64_t threshold)
{
    int rc = TK_OK;

    if (src->hll) {
        if (dst->hll == NULL && (rc = to_sketch(dst)))
            return rc;
        return tk_hll_merge(dst->hll, src->hll);
    }
    if (src->has_zero)
        rc = tk_distinct_add(dst, 0, threshold);
    for (uint32_t i = 0; rc == TK_OK && i < src->capacity; i++)
        if (src->slots[i] != 0)
            rc = tk_distinct_add(dst, src->slots[i], threshold);
    return rc;
}

void tk_distinct_each(const struct tk_distinct *d, void (*fn)(uint64_t value, void *arg), void *arg)
{
    if (d->has_zero)
        fn(0, arg);
    for (uint32_t i = 0; i < d->capacity; i++)
        if (d->slots[i] != 0)
            fn(d->slots[i], arg);
}

size_t tk_distinct_bytes(const struct tk_distinct *d)
{
    return d->hll ? tk_hll_bytes(d->hll) : (size_t)d->capacity * sizeof *d->slots;
}

void tk_distinct_free(struct tk_distinct *d)
{
    free(d->slots);
    tk_hll_free(d->hll);
    d->slots = NULL;
    d->hll = NULL;
    d->capacity = d->used = 0;
    d->has_zero = 0;
}
