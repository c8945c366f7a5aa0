/* betweenness.c - Brandes' betweenness on the undirected peer graph, exact or from a
 * uniform sample of sources. With a sample, each source s contributes its dependencies
 * delta_s(v); the estimate is n times their mean, and the spread of those contributions
 * gives a standard error for every node (with the finite-population correction, so it
 * falls to 0 when every source is used). Predecessors are found again by scanning
 * neighbours one level up rather than stored, which keeps memory at a few arrays of n. */
#include "takedown/p2p_graph.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rng.h"

struct brandes {
    int32_t *dist;
    double *sigma, *delta;
    uint32_t *order;
};

/* One source: BFS counting shortest paths, then dependencies in reverse BFS order. Returns
 * how many nodes were reached (order[0..count) lists them). */
static size_t accumulate_source(const struct tk_p2p_graph *g, uint32_t source, struct brandes *w)
{
    size_t head = 0, tail = 1;
    w->order[0] = source;
    w->dist[source] = 0;
    w->sigma[source] = 1;
    while (head < tail) {
        uint32_t v = w->order[head++];
        int32_t next = w->dist[v] + 1;
        for (uint64_t e = g->und_offsets[v]; e < g->und_offsets[v + 1]; e++) {
            uint32_t u = g->und_neighbours[e];
            if (w->dist[u] < 0) {
                w->dist[u] = next;
                w->order[tail++] = u;
            }
            if (w->dist[u] == next)
                w->sigma[u] += w->sigma[v];
        }
    }
    for (size_t i = tail; i-- > 1;) {
        uint32_t u = w->order[i];
        int32_t up = w->dist[u] - 1;
        double coefficient = (1 + w->delta[u]) / w->sigma[u];
        for (uint64_t e = g->und_offsets[u]; e < g->und_offsets[u + 1]; e++) {
            uint32_t v = g->und_neighbours[e];
            if (w->dist[v] == up)
                w->delta[v] += w->sigma[v] * coefficient;
        }
    }
    return tail;
}

int tk_p2p_betweenness(const struct tk_p2p_graph *g, size_t samples, uint64_t seed,
                       double *betweenness, double *stderr_out, struct tk_error *err)
{
    size_t n = g->node_count, k;
    int exact = samples == 0 || samples >= n;
    struct brandes w = {0};
    uint32_t *sources = NULL;
    double *sumsq = NULL;
    int rc = TK_OK;

    if (n == 0)
        return TK_OK;
    k = exact ? n : samples;
    w.dist = malloc(n * sizeof *w.dist);
    w.sigma = calloc(n, sizeof *w.sigma);
    w.delta = calloc(n, sizeof *w.delta);
    w.order = malloc(n * sizeof *w.order);
    sources = malloc(n * sizeof *sources);
    if (!exact && stderr_out)
        sumsq = calloc(n, sizeof *sumsq);
    if (!w.dist || !w.sigma || !w.delta || !w.order || !sources
        || (!exact && stderr_out && !sumsq)) {
        rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory for betweenness");
        goto out;
    }
    for (size_t v = 0; v < n; v++) {
        w.dist[v] = -1;
        sources[v] = (uint32_t)v;
        betweenness[v] = 0;
    }
    if (!exact) {
        struct tk_rng rng;
        tk_rng_seed(&rng, seed);
        for (size_t i = 0; i < k; i++) {
            size_t j = i + (size_t)tk_rng_below(&rng, n - i);
            uint32_t t = sources[i];
            sources[i] = sources[j];
            sources[j] = t;
        }
    }
    for (size_t i = 0; i < k; i++) {
        uint32_t s = sources[i];
        size_t reached = accumulate_source(g, s, &w);
        for (size_t j = 0; j < reached; j++) {
            uint32_t v = w.order[j];
            if (v != s) {
                betweenness[v] += w.delta[v];
                if (sumsq)
                    sumsq[v] += w.delta[v] * w.delta[v];
            }
            w.dist[v] = -1;
            w.sigma[v] = 0;
            w.delta[v] = 0;
        }
    }
    /* Each unordered pair was counted from both ends when every source is used. */
    double scale = exact ? 0.5 : 0.5 * (double)n / (double)k;
    for (size_t v = 0; v < n; v++) {
        if (stderr_out) {
            double se = 0;
            if (sumsq && k > 1) {
                double mean = betweenness[v] / (double)k;
                double variance = (sumsq[v] - (double)k * mean * mean) / (double)(k - 1);
                double correction = (double)(n - k) / (double)(n - 1);
                se = variance > 0 ? 0.5 * (double)n * sqrt(variance / (double)k * correction) : 0;
            }
            stderr_out[v] = se;
        }
        betweenness[v] *= scale;
    }
out:
    free(w.dist);
    free(w.sigma);
    free(w.delta);
    free(w.order);
    free(sources);
    free(sumsq);
    return rc;
}
