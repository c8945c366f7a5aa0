/* graph_build.c - observations into the peer graph: an endpoint hash table gives each node
 * an id; edges are packed into 64-bit keys, sorted and de-duplicated whenever the buffer
 * fills, so that repeated crawls of the same peer lists cost no memory. */
#include "takedown/p2p_graph.h"

#include <stdlib.h>
#include <string.h>

#include "edge_sort.h"

#define FIRST_EDGE_CAP (1u << 20)
#define FIRST_NODE_CAP 1024

struct tk_p2p_builder {
    struct tk_p2p_node *nodes;
    size_t count, cap;
    uint32_t *slots; /* node index + 1; 0 is empty */
    size_t slot_mask;
    uint64_t *edges;
    size_t edge_count, edge_cap;
    uint64_t observations, self_listings;
};

static uint64_t endpoint_hash(const struct tk_endpoint *ep)
{
    uint64_t high, low, h;
    memcpy(&high, ep->addr, 8);
    memcpy(&low, ep->addr + 8, 8);
    h = high * 0x9e3779b97f4a7c15ull
        ^ (low + ep->port + ((uint64_t)ep->family << 16)) * 0xc2b2ae3d27d4eb4full;
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ull;
    return h ^ (h >> 32);
}

struct tk_p2p_builder *tk_p2p_builder_new(void)
{
    struct tk_p2p_builder *b = calloc(1, sizeof *b);
    if (b == NULL)
        return NULL;
    b->cap = FIRST_NODE_CAP;
    b->nodes = malloc(b->cap * sizeof *b->nodes);
    b->slot_mask = 2 * FIRST_NODE_CAP - 1;
    b->slots = calloc(b->slot_mask + 1, sizeof *b->slots);
    b->edge_cap = FIRST_EDGE_CAP;
    b->edges = malloc(b->edge_cap * sizeof *b->edges);
    if (b->nodes == NULL || b->slots == NULL || b->edges == NULL) {
        tk_p2p_builder_free(b);
        return NULL;
    }
    return b;
}

void tk_p2p_builder_free(struct tk_p2p_builder *b)
{
    if (b == NULL)
        return;
    free(b->nodes);
    free(b->slots);
    free(b->edges);
    free(b);
}

static int grow_nodes(struct tk_p2p_builder *b)
{
    size_t cap = b->cap * 2, mask = b->slot_mask * 2 + 1;
    struct tk_p2p_node *nodes = realloc(b->nodes, cap * sizeof *nodes);
    uint32_t *slots;
    if (nodes == NULL)
        return -1;
    b->nodes = nodes;
    b->cap = cap;
    slots = calloc(mask + 1, sizeof *slots);
    if (slots == NULL)
        return -1;
    for (size_t i = 0; i < b->count; i++) {
        size_t at = endpoint_hash(&b->nodes[i].ep) & mask;
        while (slots[at])
            at = (at + 1) & mask;
        slots[at] = (uint32_t)i + 1;
    }
    free(b->slots);
    b->slots = slots;
    b->slot_mask = mask;
    return 0;
}

/* The id of ep, added when new, with its first and last sighting widened to time. */
static int node_id(struct tk_p2p_builder *b, const struct tk_endpoint *ep, int64_t time,
                   uint32_t *id, struct tk_error *err)
{
    size_t at = endpoint_hash(ep) & b->slot_mask;
    struct tk_p2p_node *n;
    for (;;) {
        uint32_t slot = b->slots[at];
        if (slot == 0)
            break;
        n = &b->nodes[slot - 1];
        if (memcmp(&n->ep, ep, sizeof *ep) == 0) {
            if (time < n->first_seen)
                n->first_seen = time;
            if (time > n->last_seen)
                n->last_seen = time;
            *id = slot - 1;
            return TK_OK;
        }
        at = (at + 1) & b->slot_mask;
    }
    if (b->count >= UINT32_MAX - 1)
        return tk_error_set(err, TK_ERR_USAGE, "more than %u nodes", UINT32_MAX - 1);
    if (b->count == b->cap) {
        if (grow_nodes(b))
            return tk_error_set(err, TK_ERR_NOMEM, "out of memory for %zu nodes", b->count);
        at = endpoint_hash(ep) & b->slot_mask;
        while (b->slots[at])
            at = (at + 1) & b->slot_mask;
    }
    n = &b->nodes[b->count];
    memset(n, 0, sizeof *n);
    n->ep = *ep;
    n->first_seen = n->last_seen = time;
    b->slots[at] = (uint32_t)b->count + 1;
    *id = (uint32_t)b->count++;
    return TK_OK;
}

/* Sorts and de-duplicates the edge buffer; doubles it when it stays more than half full. */
static int compact_edges(struct tk_p2p_builder *b, struct tk_error *err)
{
    size_t unique = tk_edges_sort_unique(b->edges, b->edge_count);
    if (unique == (size_t)-1)
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory sorting %zu edges", b->edge_count);
    b->edge_count = unique;
    if (unique > b->edge_cap / 2) {
        uint64_t *grown = realloc(b->edges, 2 * b->edge_cap * sizeof *grown);
        if (grown == NULL)
            return tk_error_set(err, TK_ERR_NOMEM, "out of memory for %zu edges", unique);
        b->edges = grown;
        b->edge_cap *= 2;
    }
    return TK_OK;
}

int tk_p2p_builder_add(struct tk_p2p_builder *b, const struct tk_observation *obs,
                       struct tk_error *err)
{
    uint32_t reporter, peer;
    int rc;

    if ((rc = node_id(b, &obs->reporter, obs->time, &reporter, err)))
        return rc;
    b->observations++;
    b->nodes[reporter].reports++;
    if (obs->source == TK_OBS_CRAWLER)
        b->nodes[reporter].reached = 1;
    if (!obs->has_peer)
        return TK_OK;
    if ((rc = node_id(b, &obs->peer, obs->time, &peer, err)))
        return rc;
    b->nodes[peer].listings++;
    if (peer == reporter) {
        b->self_listings++;
        return TK_OK;
    }
    if (b->edge_count == b->edge_cap && (rc = compact_edges(b, err)))
        return rc;
    b->edges[b->edge_count++] = (uint64_t)reporter << 32 | peer;
    return TK_OK;
}

/* The undirected rows: for each node, its out- and in-neighbours merged, each once. Both
 * input rows are sorted, so one merge per node does it; run twice, to count and to fill. */
static size_t merge_row(const struct tk_p2p_graph *g, size_t v, uint32_t *out)
{
    uint64_t i = g->out_offsets[v], i_end = g->out_offsets[v + 1];
    uint64_t j = g->in_offsets[v], j_end = g->in_offsets[v + 1];
    size_t n = 0;
    while (i < i_end || j < j_end) {
        uint32_t next;
        if (j == j_end || (i < i_end && g->out_targets[i] < g->in_sources[j]))
            next = g->out_targets[i++];
        else if (i == i_end || g->in_sources[j] < g->out_targets[i])
            next = g->in_sources[j++];
        else {
            next = g->out_targets[i++];
            j++;
        }
        if (out)
            out[n] = next;
        n++;
    }
    return n;
}

static int build_rows(struct tk_p2p_graph *g, const uint64_t *edges, size_t count)
{
    size_t n = g->node_count;
    uint64_t *fill;

    g->out_offsets = calloc(n + 1, sizeof *g->out_offsets);
    g->in_offsets = calloc(n + 1, sizeof *g->in_offsets);
    g->und_offsets = calloc(n + 1, sizeof *g->und_offsets);
    g->out_targets = malloc((count ? count : 1) * sizeof *g->out_targets);
    g->in_sources = malloc((count ? count : 1) * sizeof *g->in_sources);
    fill = malloc((n + 1) * sizeof *fill);
    if (!g->out_offsets || !g->in_offsets || !g->und_offsets || !g->out_targets
        || !g->in_sources || !fill) {
        free(fill);
        return -1;
    }
    for (size_t e = 0; e < count; e++) {
        g->out_offsets[(edges[e] >> 32) + 1]++;
        g->in_offsets[(edges[e] & 0xffffffffu) + 1]++;
        g->out_targets[e] = (uint32_t)edges[e];
    }
    for (size_t v = 0; v < n; v++) {
        g->out_offsets[v + 1] += g->out_offsets[v];
        g->in_offsets[v + 1] += g->in_offsets[v];
    }
    memcpy(fill, g->in_offsets, (n + 1) * sizeof *fill);
    for (size_t e = 0; e < count; e++)
        g->in_sources[fill[edges[e] & 0xffffffffu]++] = (uint32_t)(edges[e] >> 32);
    free(fill);

    for (size_t v = 0; v < n; v++)
        g->und_offsets[v + 1] = g->und_offsets[v] + merge_row(g, v, NULL);
    g->und_neighbours = malloc((g->und_offsets[n] ? g->und_offsets[n] : 1)
                               * sizeof *g->und_neighbours);
    if (g->und_neighbours == NULL)
        return -1;
    for (size_t v = 0; v < n; v++)
        merge_row(g, v, g->und_neighbours + g->und_offsets[v]);
    return 0;
}

int tk_p2p_builder_finish(struct tk_p2p_builder *b, struct tk_p2p_graph *g,
                          struct tk_error *err)
{
    size_t unique;

    memset(g, 0, sizeof *g);
    unique = tk_edges_sort_unique(b->edges, b->edge_count);
    if (unique == (size_t)-1) {
        tk_p2p_builder_free(b);
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory sorting edges");
    }
    g->node_count = b->count;
    g->nodes = b->nodes;
    b->nodes = NULL;
    g->edge_count = unique;
    g->observations = b->observations;
    g->self_listings = b->self_listings;
    free(b->slots);
    b->slots = NULL;
    if (build_rows(g, b->edges, unique)) {
        tk_p2p_builder_free(b);
        tk_p2p_graph_free(g);
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory for a graph of %zu edges",
                            unique);
    }
    tk_p2p_builder_free(b);
    return TK_OK;
}

void tk_p2p_graph_free(struct tk_p2p_graph *g)
{
    free(g->nodes);
    free(g->out_offsets);
    free(g->in_offsets);
    free(g->und_offsets);
    free(g->out_targets);
    free(g->in_sources);
    free(g->und_neighbours);
    memset(g, 0, sizeof *g);
}

long tk_p2p_find(const struct tk_p2p_graph *g, const struct tk_endpoint *ep)
{
    for (size_t i = 0; i < g->node_count; i++)
        if (memcmp(&g->nodes[i].ep, ep, sizeof *ep) == 0)
            return (long)i;
    return -1;
}
