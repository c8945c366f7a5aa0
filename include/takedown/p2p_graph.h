/* p2p_graph.h - the peer graph built from observations, and the measures on it.
 *
 * Nodes are endpoints (address and port, as crawlers count them). A directed edge u -> v
 * means that u listed v in its peer list at least once; edges are kept once, so a node's
 * in-degree is exactly the number of distinct reporters that list it. Self-listings are
 * counted but make no edge. Components and betweenness treat edges as undirected (peers talk
 * both ways once connected); PageRank and reachability follow the direction of listing. */
#ifndef TAKEDOWN_P2P_GRAPH_H
#define TAKEDOWN_P2P_GRAPH_H

#include <stddef.h>
#include <stdint.h>

#include "takedown/error.h"
#include "takedown/p2p_obs.h"

struct tk_p2p_node {
    struct tk_endpoint ep;
    int64_t first_seen, last_seen;
    uint64_t listings; /* observations listing this node as a peer */
    uint64_t reports;  /* observations in which this node was the reporter */
    uint8_t reached;   /* a crawler reached it directly at least once */
};

struct tk_p2p_graph {
    size_t node_count;
    struct tk_p2p_node *nodes;
    uint64_t edge_count; /* directed, distinct */
    /* Compressed rows: out-neighbours of v are out_targets[out_offsets[v] .. out_offsets[v+1]),
     * sorted; likewise in_sources, and und_neighbours (out and in merged, each once). */
    uint64_t *out_offsets, *in_offsets, *und_offsets;
    uint32_t *out_targets, *in_sources, *und_neighbours;
    uint64_t observations, self_listings;
};

static inline uint64_t tk_p2p_out_degree(const struct tk_p2p_graph *g, size_t v)
{
    return g->out_offsets[v + 1] - g->out_offsets[v];
}

static inline uint64_t tk_p2p_in_degree(const struct tk_p2p_graph *g, size_t v)
{
    return g->in_offsets[v + 1] - g->in_offsets[v];
}

/* Accumulates observations, streaming: memory grows with distinct nodes and edges, not with
 * rows. At most UINT32_MAX - 1 nodes. */
struct tk_p2p_builder;

struct tk_p2p_builder *tk_p2p_builder_new(void);
int tk_p2p_builder_add(struct tk_p2p_builder *b, const struct tk_observation *obs,
                       struct tk_error *err);
/* Turns what was added into g (which the caller frees with tk_p2p_graph_free) and frees b. */
int tk_p2p_builder_finish(struct tk_p2p_builder *b, struct tk_p2p_graph *g,
                          struct tk_error *err);
void tk_p2p_builder_free(struct tk_p2p_builder *b);
void tk_p2p_graph_free(struct tk_p2p_graph *g);

/* Index of the node with endpoint ep, or -1. Linear: for tests and small lookups. */
long tk_p2p_find(const struct tk_p2p_graph *g, const struct tk_endpoint *ep);

/* PageRank with damping d over listing edges, dangling nodes spreading their rank evenly
 * (the convention of igraph and NetworkX). Iterates until the L1 change is below tolerance
 * or max_iterations; rank (node_count doubles) sums to 1. *iterations may be NULL. */
int tk_p2p_pagerank(const struct tk_p2p_graph *g, double damping, double tolerance,
                    unsigned max_iterations, double *rank, unsigned *iterations,
                    struct tk_error *err);

/* Betweenness on the undirected graph (each unordered pair counted once, as igraph does)
 * by Brandes' algorithm. samples == 0 or >= node_count: exact. Otherwise from `samples`
 * sources drawn without replacement with the seed, scaled by n/samples, and stderr (may be
 * NULL) gets each estimate's standard error from the spread of the per-source
 * dependencies. Sources are shared out among `threads` threads; the sums are merged in a
 * fixed order, so a run repeats exactly with the same thread count. */
int tk_p2p_betweenness(const struct tk_p2p_graph *g, size_t samples, uint64_t seed,
                       unsigned threads, double *betweenness, double *stderr_out,
                       struct tk_error *err);

/* The most threads tk_p2p_betweenness uses; each holds about 40 bytes per node. */
#define TK_MAX_THREADS 16

/* Weakly connected components among the nodes whose removed[v] is 0 (removed may be NULL):
 * their count and the size of the largest. */
int tk_p2p_components(const struct tk_p2p_graph *g, const uint8_t *removed, size_t *count,
                      size_t *largest, struct tk_error *err);

#endif
