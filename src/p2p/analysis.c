/* analysis.c - every measure on every node, the super-node threshold, and rankings. */
#include "takedown/p2p_analysis.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const measure_names[TK_MEASURE_COUNT] = {
    "pagerank", "in-degree", "out-degree", "listings", "betweenness"};

const char *tk_p2p_measure_name(enum tk_p2p_measure m)
{
    return m < TK_MEASURE_COUNT ? measure_names[m] : "?";
}

int tk_p2p_measure_parse(const char *name, enum tk_p2p_measure *m, struct tk_error *err)
{
    for (int i = 0; i < TK_MEASURE_COUNT; i++) {
        if (strcmp(name, measure_names[i]) == 0) {
            *m = (enum tk_p2p_measure)i;
            return TK_OK;
        }
    }
    return tk_error_set(err, TK_ERR_USAGE, "unknown measure '%s' (pagerank, in-degree, "
                        "out-degree, listings or betweenness)", name);
}

void tk_p2p_analysis_defaults(struct tk_p2p_analysis_options *o)
{
    o->damping = 0.85;
    o->tolerance = 1e-10;
    o->max_iterations = 1000;
    o->betweenness = 1;
    o->betweenness_samples = 0;
    o->seed = 1;
    o->threads = 1;
    o->min_reporters = 3;
    o->factor = 4;
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t0->tv_sec) + (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

int tk_p2p_measure_all(const struct tk_p2p_graph *g, const struct tk_p2p_analysis_options *o,
                       struct tk_p2p_measures *m, struct tk_error *err)
{
    size_t n = g->node_count;
    struct timespec t0;
    int rc;

    memset(m, 0, sizeof *m);
    m->pagerank = malloc((n ? n : 1) * sizeof *m->pagerank);
    m->super = calloc(n ? n : 1, 1);
    if (m->pagerank == NULL || m->super == NULL) {
        tk_p2p_measures_free(m);
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory for %zu nodes", n);
    }
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if ((rc = tk_p2p_pagerank(g, o->damping, o->tolerance, o->max_iterations, m->pagerank,
                              &m->pagerank_iterations, err))) {
        tk_p2p_measures_free(m);
        return rc;
    }
    m->pagerank_seconds = seconds_since(&t0);
    if (o->betweenness) {
        size_t samples = o->betweenness_samples;
        if (samples == 0)
            samples = n <= TK_BETWEENNESS_EXACT_MAX ? n : TK_BETWEENNESS_DEFAULT_SAMPLES;
        if (samples > n)
            samples = n;
        m->betweenness = malloc((n ? n : 1) * sizeof *m->betweenness);
        m->betweenness_se = malloc((n ? n : 1) * sizeof *m->betweenness_se);
        if (m->betweenness == NULL || m->betweenness_se == NULL) {
            tk_p2p_measures_free(m);
            return tk_error_set(err, TK_ERR_NOMEM, "out of memory for betweenness");
        }
        if ((rc = tk_p2p_betweenness(g, samples, o->seed, o->threads, m->betweenness, m->betweenness_se,
                                     err))) {
            tk_p2p_measures_free(m);
            return rc;
        }
        m->betweenness_sources = samples;
        m->betweenness_seconds = seconds_since(&t0) - m->pagerank_seconds;
    }
    double mean_in = n ? (double)g->edge_count / (double)n : 0;
    double scaled = ceil(o->factor * mean_in);
    m->threshold = o->min_reporters;
    if (scaled > (double)m->threshold)
        m->threshold = (uint64_t)scaled;
    for (size_t v = 0; v < n; v++) {
        if (tk_p2p_in_degree(g, v) >= m->threshold) {
            m->super[v] = 1;
            m->super_count++;
        }
    }
    return TK_OK;
}

void tk_p2p_measures_free(struct tk_p2p_measures *m)
{
    free(m->pagerank);
    free(m->betweenness);
    free(m->betweenness_se);
    free(m->super);
    memset(m, 0, sizeof *m);
}

double tk_p2p_measure_value(const struct tk_p2p_graph *g, const struct tk_p2p_measures *m,
                            enum tk_p2p_measure measure, size_t v)
{
    switch (measure) {
    case TK_MEASURE_PAGERANK: return m->pagerank[v];
    case TK_MEASURE_IN_DEGREE: return (double)tk_p2p_in_degree(g, v);
    case TK_MEASURE_OUT_DEGREE: return (double)tk_p2p_out_degree(g, v);
    case TK_MEASURE_LISTINGS: return (double)g->nodes[v].listings;
    case TK_MEASURE_BETWEENNESS: return m->betweenness ? m->betweenness[v] : 0;
    case TK_MEASURE_COUNT: break;
    }
    return 0;
}

/* Sort keys computed once, so that the comparison is cheap and needs no globals. */
struct rank_key {
    double primary, pagerank;
    uint64_t in_degree;
    uint32_t node;
};

static int compare_keys(const void *pa, const void *pb)
{
    const struct rank_key *a = pa, *b = pb;
    if (a->primary != b->primary)
        return a->primary > b->primary ? -1 : 1;
    if (a->in_degree != b->in_degree)
        return a->in_degree > b->in_degree ? -1 : 1;
    if (a->pagerank != b->pagerank)
        return a->pagerank > b->pagerank ? -1 : 1;
    return a->node < b->node ? -1 : a->node > b->node;
}

int tk_p2p_rank(const struct tk_p2p_graph *g, const struct tk_p2p_measures *m,
                enum tk_p2p_measure by, uint32_t **order, struct tk_error *err)
{
    size_t n = g->node_count;
    struct rank_key *keys = malloc((n ? n : 1) * sizeof *keys);
    *order = malloc((n ? n : 1) * sizeof **order);
    if (keys == NULL || *order == NULL) {
        free(keys);
        free(*order);
        *order = NULL;
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory ranking %zu nodes", n);
    }
    for (size_t v = 0; v < n; v++)
        keys[v] = (struct rank_key){tk_p2p_measure_value(g, m, by, v), m->pagerank[v],
                                    tk_p2p_in_degree(g, v), (uint32_t)v};
    qsort(keys, n, sizeof *keys, compare_keys);
    for (size_t i = 0; i < n; i++)
        (*order)[i] = keys[i].node;
    free(keys);
    return TK_OK;
}
