/* pagerank.c - PageRank by power iteration, pulling rank along in-edges so that each node's
 * new value is one pass over its row. */
#include "takedown/p2p_graph.h"

#include <math.h>
#include <stdlib.h>

int tk_p2p_pagerank(const struct tk_p2p_graph *g, double damping, double tolerance,
                    unsigned max_iterations, double *rank, unsigned *iterations,
                    struct tk_error *err)
{
    size_t n = g->node_count;
    double *share;
    unsigned it = 0;

    if (iterations)
        *iterations = 0;
    if (n == 0)
        return TK_OK;
    if (!(damping >= 0 && damping < 1))
        return tk_error_set(err, TK_ERR_USAGE, "PageRank damping must be in [0, 1)");
    share = malloc(n * sizeof *share);
    if (share == NULL)
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory for PageRank");
    for (size_t v = 0; v < n; v++)
        rank[v] = 1.0 / (double)n;
    while (it < max_iterations) {
        double dangling = 0, change = 0, total = 0;
        for (size_t v = 0; v < n; v++) {
            uint64_t out = tk_p2p_out_degree(g, v);
            if (out == 0) {
                dangling += rank[v];
                share[v] = 0;
            } else {
                share[v] = rank[v] / (double)out;
            }
        }
        double base = (1 - damping) / (double)n + damping * dangling / (double)n;
        for (size_t v = 0; v < n; v++) {
            double sum = 0;
            for (uint64_t e = g->in_offsets[v]; e < g->in_offsets[v + 1]; e++)
                sum += share[g->in_sources[e]];
            double next = base + damping * sum;
            change += fabs(next - rank[v]);
            rank[v] = next;
            total += next;
        }
        /* share holds the previous iteration's values, so updating rank in place is still
         * plain power iteration. Renormalising removes rounding drift. */
        for (size_t v = 0; v < n; v++)
            rank[v] /= total;
        it++;
        if (change < tolerance)
            break;
    }
    free(share);
    if (iterations)
        *iterations = it;
    return TK_OK;
}
