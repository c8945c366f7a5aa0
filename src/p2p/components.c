/* components.c - connectivity after a takedown: weakly connected components by BFS over the
 * undirected rows. */
#include "takedown/p2p_graph.h"

#include <stdlib.h>
#include <string.h>

int tk_p2p_components(const struct tk_p2p_graph *g, const uint8_t *removed, size_t *count,
                      size_t *largest, struct tk_error *err)
{
    size_t n = g->node_count;
    uint8_t *seen = calloc(n ? n : 1, 1);
    uint32_t *queue = malloc((n ? n : 1) * sizeof *queue);

    *count = *largest = 0;
    if (seen == NULL || queue == NULL) {
        free(seen);
        free(queue);
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory for components");
    }
    for (size_t start = 0; start < n; start++) {
        size_t head = 0, tail = 0;
        if (seen[start] || (removed && removed[start]))
            continue;
        seen[start] = 1;
        queue[tail++] = (uint32_t)start;
        while (head < tail) {
            uint32_t v = queue[head++];
            for (uint64_t e = g->und_offsets[v]; e < g->und_offsets[v + 1]; e++) {
                uint32_t u = g->und_neighbours[e];
                if (!seen[u] && !(removed && removed[u])) {
                    seen[u] = 1;
                    queue[tail++] = u;
                }
            }
        }
        (*count)++;
        if (tail > *largest)
            *largest = tail;
    }
    free(seen);
    free(queue);
    return TK_OK;
}
