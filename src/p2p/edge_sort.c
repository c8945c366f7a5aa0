/* edge_sort.c - LSD radix sort of packed edges, 16 bits a pass, skipping passes in which
 * every key has the same digit (node ids rarely use the top bits). Written by hand: it is
 * the hot path of graph building, and qsort's comparisons cost several times more on
 * hundreds of millions of keys. */
#include "edge_sort.h"

#include <stdlib.h>
#include <string.h>

#define DIGIT_BITS 16
#define BUCKETS (1u << DIGIT_BITS)

size_t tk_edges_sort_unique(uint64_t *keys, size_t count)
{
    uint64_t *scratch, *from = keys, *to;
    size_t *counts;
    size_t unique;

    if (count < 2)
        return count;
    scratch = malloc(count * sizeof *scratch);
    counts = malloc(BUCKETS * sizeof *counts);
    if (scratch == NULL || counts == NULL) {
        free(scratch);
        free(counts);
        return (size_t)-1;
    }
    to = scratch;
    for (unsigned shift = 0; shift < 64; shift += DIGIT_BITS) {
        memset(counts, 0, BUCKETS * sizeof *counts);
        for (size_t i = 0; i < count; i++)
            counts[(from[i] >> shift) & (BUCKETS - 1)]++;
        if (counts[(from[0] >> shift) & (BUCKETS - 1)] == count)
            continue;
        size_t sum = 0;
        for (size_t b = 0; b < BUCKETS; b++) {
            size_t c = counts[b];
            counts[b] = sum;
            sum += c;
        }
        for (size_t i = 0; i < count; i++)
            to[counts[(from[i] >> shift) & (BUCKETS - 1)]++] = from[i];
        uint64_t *swap = from;
        from = to;
        to = swap;
    }
    if (from != keys)
        memcpy(keys, from, count * sizeof *keys);
    free(scratch);
    free(counts);
    unique = 1;
    for (size_t i = 1; i < count; i++)
        if (keys[i] != keys[unique - 1])
            keys[unique++] = keys[i];
    return unique;
}
