/* p2p_analysis.h - super-nodes: the measures on every node, the ranking, the threshold, and
 * the tallies per country and per ASN.
 *
 * A node is a super-node when at least T distinct reporters list it, where
 * T = max(min_reporters, ceil(factor * mean in-degree)): it sits in far more peer lists than
 * the average bot, which is what a crawler sees of Necurs' super-nodes. The ranking itself
 * may follow any measure; docs/p2p.md explains each. */
#ifndef TAKEDOWN_P2P_ANALYSIS_H
#define TAKEDOWN_P2P_ANALYSIS_H

#include <stddef.h>
#include <stdint.h>

#include "takedown/error.h"
#include "takedown/geo.h"
#include "takedown/p2p_graph.h"

enum tk_p2p_measure {
    TK_MEASURE_PAGERANK,
    TK_MEASURE_IN_DEGREE,
    TK_MEASURE_OUT_DEGREE,
    TK_MEASURE_LISTINGS,
    TK_MEASURE_BETWEENNESS,
    TK_MEASURE_COUNT
};

const char *tk_p2p_measure_name(enum tk_p2p_measure m);
/* Accepts the names above ("pagerank", "in-degree", ...). Returns TK_OK or TK_ERR_USAGE. */
int tk_p2p_measure_parse(const char *name, enum tk_p2p_measure *m, struct tk_error *err);

struct tk_p2p_analysis_options {
    double damping;              /* PageRank damping, 0.85 */
    double tolerance;            /* PageRank L1 tolerance, 1e-10 */
    unsigned max_iterations;     /* PageRank, 1000 */
    int betweenness;             /* 0 skips betweenness */
    size_t betweenness_samples;  /* 0: exact up to TK_BETWEENNESS_EXACT_MAX nodes, else 64 */
    uint64_t seed;               /* source sampling */
    unsigned threads;            /* for betweenness, 1 */
    unsigned min_reporters;      /* super-node threshold floor, 3 */
    double factor;               /* super-node threshold over mean in-degree, 4 */
};

#define TK_BETWEENNESS_EXACT_MAX 5000
#define TK_BETWEENNESS_DEFAULT_SAMPLES 64

void tk_p2p_analysis_defaults(struct tk_p2p_analysis_options *o);

struct tk_p2p_measures {
    double *pagerank;
    unsigned pagerank_iterations;
    double *betweenness;     /* NULL when skipped */
    double *betweenness_se;  /* standard error of each estimate; 0 when exact */
    size_t betweenness_sources; /* sources used; node_count when exact */
    uint64_t threshold;      /* in-degree at which a node is a super-node */
    uint8_t *super;          /* 1 for super-nodes */
    size_t super_count;
    double pagerank_seconds, betweenness_seconds; /* wall-clock time of each */
};

int tk_p2p_measure_all(const struct tk_p2p_graph *g, const struct tk_p2p_analysis_options *o,
                       struct tk_p2p_measures *m, struct tk_error *err);
void tk_p2p_measures_free(struct tk_p2p_measures *m);

/* The value of measure for node v (betweenness is 0 when it was skipped). */
double tk_p2p_measure_value(const struct tk_p2p_graph *g, const struct tk_p2p_measures *m,
                            enum tk_p2p_measure measure, size_t v);

/* All node indexes, highest measure first; ties by in-degree, then PageRank, then index, so
 * that the order is the same on every run. The caller frees *order. */
int tk_p2p_rank(const struct tk_p2p_graph *g, const struct tk_p2p_measures *m,
                enum tk_p2p_measure by, uint32_t **order, struct tk_error *err);

/* Where each node is: country code ("" when unknown) and ASN (0 when unknown). */
struct tk_p2p_place {
    char country[3];
    uint32_t asn;
};

/* Looks every node up in geo (which may be NULL: every place unknown). */
int tk_p2p_locate(const struct tk_p2p_graph *g, const struct tk_geo *geo,
                  struct tk_p2p_place *places, struct tk_error *err);

/* Nodes and super-nodes per country or per ASN, most super-nodes first (then most nodes,
 * then key). example is one node of the group, the highest ranked by PageRank. */
struct tk_p2p_group {
    char country[3];
    uint32_t asn;
    size_t nodes, super_nodes, reached;
    uint32_t example;
};

int tk_p2p_group(const struct tk_p2p_graph *g, const struct tk_p2p_measures *m,
                 const struct tk_p2p_place *places, int by_asn, struct tk_p2p_group **groups,
                 size_t *count, struct tk_error *err);

#endif
