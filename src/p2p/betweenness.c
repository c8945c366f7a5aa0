/* betweenness.c - Brandes' betweenness on the undirected peer graph, exact or from a
 * uniform sample of sources. With a sample, each source s contributes its dependencies
 * delta_s(v); the estimate is n times their mean, and the spread of those contributions
 * gives a standard error for every node (with the finite-population correction, so it
 * falls to 0 when every source is used). Predecessors are found again by scanning
 * neighbours one level up rather than stored, which keeps memory at a few arrays of n.
 * Sources are split among threads, each with its own workspace and sums. */
#include "takedown/p2p_graph.h"

#include <math.h>
#include <pthread.h>
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

/* One thread's share of the sources (every threads-th one, from its index) and its own
 * workspace and sums, merged in a fixed order so that a run is repeatable. */
struct worker {
    const struct tk_p2p_graph *g;
    const uint32_t *sources;
    size_t first, count, stride;
    struct brandes w;
    double *sum, *sumsq;
    int own_sum;
};

static int worker_init(struct worker *t, size_t n, double *sum, int with_sumsq)
{
    t->w.dist = malloc(n * sizeof *t->w.dist);
    t->w.sigma = calloc(n, sizeof *t->w.sigma);
    t->w.delta = calloc(n, sizeof *t->w.delta);
    t->w.order = malloc(n * sizeof *t->w.order);
    t->own_sum = sum == NULL;
    t->sum = sum ? sum : calloc(n, sizeof *t->sum);
    t->sumsq = with_sumsq ? calloc(n, sizeof *t->sumsq) : NULL;
    if (!t->w.dist || !t->w.sigma || !t->w.delta || !t->w.order || !t->sum
        || (with_sumsq && !t->sumsq))
        return -1;
    for (size_t v = 0; v < n; v++) {
        t->w.dist[v] = -1;
        t->sum[v] = 0;
    }
    return 0;
}

static void worker_free(struct worker *t)
{
    free(t->w.dist);
    free(t->w.sigma);
    free(t->w.delta);
    free(t->w.order);
    if (t->own_sum)
        free(t->sum);
    free(t->sumsq);
}

static void *worker_run(void *arg)
{
    struct worker *t = arg;
    for (size_t i = t->first; i < t->count; i += t->stride) {
        uint32_t s = t->sources[i];
        size_t reached = accumulate_source(t->g, s, &t->w);
        for (size_t j = 0; j < reached; j++) {
            uint32_t v = t->w.order[j];
            if (v != s) {
                t->sum[v] += t->w.delta[v];
                if (t->sumsq)
                    t->sumsq[v] += t->w.delta[v] * t->w.delta[v];
            }
            t->w.dist[v] = -1;
            t->w.sigma[v] = 0;
            t->w.delta[v] = 0;
        }
    }
    return NULL;
}

int tk_p2p_betweenness(const struct tk_p2p_graph *g, size_t samples, uint64_t seed,
                       unsigned threads, double *betweenness, double *stderr_out,
                       struct tk_error *err)
{
    size_t n = g->node_count, k;
    int exact = samples == 0 || samples >= n, with_sumsq = !exact && stderr_out != NULL;
    struct worker workers[TK_MAX_THREADS];
    pthread_t ids[TK_MAX_THREADS];
    uint32_t *sources;
    unsigned started = 0;
    int rc = TK_OK;

    if (n == 0)
        return TK_OK;
    k = exact ? n : samples;
    if (threads < 1)
        threads = 1;
    if (threads > TK_MAX_THREADS)
        threads = TK_MAX_THREADS;
    if (threads > k)
        threads = (unsigned)k;
    memset(workers, 0, sizeof workers);
    sources = malloc(n * sizeof *sources);
    if (sources == NULL)
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory for betweenness");
    for (size_t v = 0; v < n; v++)
        sources[v] = (uint32_t)v;
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
    for (unsigned t = 0; t < threads; t++) {
        workers[t] = (struct worker){g, sources, t, k, threads, {0}, NULL, NULL, 0};
        if (worker_init(&workers[t], n, t == 0 ? betweenness : NULL, with_sumsq)) {
            rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory for betweenness");
            threads = t + 1;
            goto out;
        }
    }
    /* Thread 0's work runs here; the others in their own threads. */
    for (unsigned t = 1; t < threads; t++, started++)
        if (pthread_create(&ids[t], NULL, worker_run, &workers[t]) != 0)
            break;
    for (unsigned t = started + 1; t < threads; t++)
        worker_run(&workers[t]);
    worker_run(&workers[0]);
    for (unsigned t = 1; t <= started; t++)
        pthread_join(ids[t], NULL);
    for (unsigned t = 1; t < threads; t++) {
        for (size_t v = 0; v < n; v++) {
            betweenness[v] += workers[t].sum[v];
            if (with_sumsq)
                workers[0].sumsq[v] += workers[t].sumsq[v];
        }
    }
    /* Each unordered pair was counted from both ends when every source is used. */
    double scale = exact ? 0.5 : 0.5 * (double)n / (double)k;
    for (size_t v = 0; v < n; v++) {
        if (stderr_out) {
            double se = 0;
            if (with_sumsq && k > 1) {
                double mean = betweenness[v] / (double)k;
                double variance = (workers[0].sumsq[v] - (double)k * mean * mean)
                                  / (double)(k - 1);
                double correction = (double)(n - k) / (double)(n - 1);
                se = variance > 0 ? 0.5 * (double)n * sqrt(variance / (double)k * correction) : 0;
            }
            stderr_out[v] = se;
        }
        betweenness[v] *= scale;
    }
out:
    for (unsigned t = 0; t < threads; t++)
        worker_free(&workers[t]);
    free(sources);
    return rc;
}
