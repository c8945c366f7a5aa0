/* edge_sort.h - sorting and de-duplicating 64-bit packed edges (source << 32 | target). */
#ifndef TAKEDOWN_P2P_EDGE_SORT_H
#define TAKEDOWN_P2P_EDGE_SORT_H

#include <stddef.h>
#include <stdint.h>

/* Sorts keys ascending and drops repeats; returns the new count, or (size_t)-1 when the
 * scratch buffer cannot be allocated. */
size_t tk_edges_sort_unique(uint64_t *keys, size_t count);

#endif
