/* replicate.c - what a takedown leaves of the P2P layer once the peer lists re-replicate.
 *
 * Each node starts with the peers it was seen listing, the peer_list (50) seen last: a
 * bot's list is bounded, and what a crawler saw over days includes entries long since
 * replaced (dynamic addresses, bots gone). Removed nodes are gone: their entries are
 * dropped (the bots notice they no longer answer). Sinkholed nodes stay in the lists and
 * answer, but relay nothing: asked for peers they return only sinkholes, as fresh as can
 * be. Then, for `rounds` rounds, every bot left asks one entry of its list for its peer
 * list and merges up to `reply` entries of the answer, with the time each was last
 * confirmed alive; a full list gives up its least recently confirmed entry for a fresher
 * one (the generator's rule, and Kelihos'). Removal can only lose entries, so lists heal
 * around it; sinkhole entries spread from list to list and push real peers out. At the
 * end, the P2P layer is the largest part of the bots left that list entries connect
 * (commands flow both ways along an entry: a bot pulls them from its peers and pushes them
 * to the peers that contact it); a bot with no entry left falls back to the DGA (which the
 * sinkhole holds); a bot whose entries are all sinkholes is captured. */
#include "replicate.h"

#include <stdlib.h>
#include <string.h>

#include "rng.h"

struct lists {
    size_t n;
    uint32_t capacity;  /* node v's entries at entries[v * capacity .. + count[v]) */
    uint32_t *entries, *fresh, *count, *mark;
    uint32_t epoch;
};

static void lists_free(struct lists *l)
{
    free(l->entries);
    free(l->fresh);
    free(l->count);
    free(l->mark);
}

int p2p_first_lists(const struct tk_p2p_graph *g, unsigned peer_list,
                    struct p2p_first_lists *f)
{
    size_t n = g->node_count;
    uint64_t total = 0;

    f->offsets = malloc((n + 1) * sizeof *f->offsets);
    f->entries = malloc((g->edge_count ? g->edge_count : 1) * sizeof *f->entries);
    if (!f->offsets || !f->entries) {
        p2p_first_lists_free(f);
        return -1;
    }
    for (size_t v = 0; v < n; v++) {
        uint32_t *out = f->entries + total;
        uint64_t count = 0;
        f->offsets[v] = total;
        /* Insertion by last_seen, newest first, keeping peer_list: the rows are sorted by
         * index, so ties keep that order. */
        for (uint64_t e = g->out_offsets[v]; e < g->out_offsets[v + 1]; e++) {
            uint32_t u = g->out_targets[e];
            uint64_t at = count < peer_list ? count++ : peer_list;
            while (at > 0 && g->nodes[out[at - 1]].last_seen < g->nodes[u].last_seen) {
                if (at < peer_list)
                    out[at] = out[at - 1];
                at--;
            }
            if (at < peer_list)
                out[at] = u;
        }
        total += count;
    }
    f->offsets[n] = total;
    return 0;
}

void p2p_first_lists_free(struct p2p_first_lists *f)
{
    free(f->offsets);
    free(f->entries);
    f->offsets = NULL;
    f->entries = NULL;
}

static int lists_init(struct lists *l, const struct tk_p2p_graph *g,
                      const struct p2p_first_lists *f, const uint8_t *taken, int sinkhole,
                      unsigned peer_list)
{
    size_t n = g->node_count;
    uint64_t total = (uint64_t)n * peer_list;

    memset(l, 0, sizeof *l);
    l->n = n;
    l->capacity = peer_list;
    l->count = calloc(n ? n : 1, sizeof *l->count);
    l->mark = calloc(n ? n : 1, sizeof *l->mark);
    l->entries = malloc((total ? total : 1) * sizeof *l->entries);
    l->fresh = calloc(total ? total : 1, sizeof *l->fresh);
    if (!l->count || !l->mark || !l->entries || !l->fresh)
        return -1;
    for (size_t v = 0; v < n; v++) {
        if (taken[v])
            continue;
        for (uint64_t e = f->offsets[v]; e < f->offsets[v + 1]; e++) {
            uint32_t u = f->entries[e];
            if (!taken[u] || sinkhole)
                l->entries[v * peer_list + l->count[v]++] = u;
        }
    }
    return 0;
}

/* Merges up to `got` entries (x[i], confirmed at when[i]) into v's list. */
static void merge(struct lists *l, uint32_t v, const uint32_t *x, const uint32_t *when,
                  size_t got)
{
    uint32_t *entries = l->entries + (size_t)v * l->capacity;
    uint32_t *fresh = l->fresh + (size_t)v * l->capacity;
    long oldest = -1;

    if (++l->epoch == 0) {
        memset(l->mark, 0, l->n * sizeof *l->mark);
        l->epoch = 1;
    }
    for (uint32_t i = 0; i < l->count[v]; i++)
        l->mark[entries[i]] = l->epoch;
    for (size_t j = 0; j < got; j++) {
        if (x[j] == v || l->mark[x[j]] == l->epoch)
            continue;
        if (l->count[v] < l->capacity) {
            entries[l->count[v]] = x[j];
            fresh[l->count[v]++] = when[j];
            l->mark[x[j]] = l->epoch;
            continue;
        }
        if (oldest < 0)
            for (uint32_t i = 0; i < l->count[v]; i++)
                if (oldest < 0 || fresh[i] < fresh[oldest])
                    oldest = i;
        if (fresh[oldest] < when[j]) {
            entries[oldest] = x[j];
            fresh[oldest] = when[j];
            l->mark[x[j]] = l->epoch;
            oldest = -1;
        }
    }
}

static void exchange_rounds(struct lists *l, const struct tk_p2p_graph *g,
                            const uint8_t *taken, const uint32_t *sinkholes,
                            size_t sinkhole_count, const struct tk_p2p_sim_options *o)
{
    struct tk_rng rng;
    uint32_t x[256], when[256];
    size_t n = g->node_count, reply = o->reply < 256 ? o->reply : 256;

    tk_rng_seed(&rng, o->seed);
    for (uint32_t round = 1; round <= o->rounds; round++) {
        for (uint32_t v = 0; v < n; v++) {
            if (taken[v] || l->count[v] == 0)
                continue;
            uint32_t i = (uint32_t)tk_rng_below(&rng, l->count[v]);
            uint32_t e = l->entries[(size_t)v * l->capacity + i];
            size_t got = 0;
            if (taken[e]) {
                for (; got < reply && got < sinkhole_count; got++) {
                    x[got] = sinkholes[tk_rng_below(&rng, sinkhole_count)];
                    when[got] = round;
                }
                merge(l, v, x, when, got);
                continue;
            }
            l->fresh[(size_t)v * l->capacity + i] = round;
            for (; got < reply && got < l->count[e]; got++) {
                uint64_t at = (size_t)e * l->capacity + tk_rng_below(&rng, l->count[e]);
                x[got] = l->entries[at];
                when[got] = l->fresh[at];
            }
            merge(l, v, x, when, got);
        }
    }
}

static uint32_t find(uint32_t *parent, uint32_t v)
{
    while (parent[v] != v) {
        parent[v] = parent[parent[v]];
        v = parent[v];
    }
    return v;
}

/* The largest weakly connected part of the re-replicated lists among the bots left
 * (sinkholes relay nothing, so they join nothing), and the tallies. */
static int count_reach(const struct lists *l, const struct tk_p2p_graph *g,
                       const uint8_t *taken, int sinkhole, struct tk_p2p_sim_point *p)
{
    size_t n = g->node_count;
    uint32_t *parent = malloc((n ? n : 1) * sizeof *parent);
    uint32_t *size = calloc(n ? n : 1, sizeof *size);

    if (!parent || !size) {
        free(parent);
        free(size);
        return -1;
    }
    for (size_t v = 0; v < n; v++)
        parent[v] = (uint32_t)v;
    for (size_t v = 0; v < n; v++) {
        const uint32_t *entries = l->entries + (size_t)v * l->capacity;
        size_t sinks = 0;
        if (taken[v])
            continue;
        for (uint32_t i = 0; i < l->count[v]; i++) {
            uint32_t a, b;
            if (taken[entries[i]]) {
                sinks++;
                continue;
            }
            a = find(parent, (uint32_t)v);
            b = find(parent, entries[i]);
            if (a != b)
                parent[a < b ? b : a] = a < b ? a : b;
        }
        p->touching += sinkhole && sinks > 0;
        p->captured += sinks > 0 && sinks == l->count[v];
        p->fallback += l->count[v] == 0 && tk_p2p_out_degree(g, v) > 0;
    }
    for (size_t v = 0; v < n; v++) {
        if (taken[v])
            continue;
        uint32_t r = find(parent, (uint32_t)v);
        if (++size[r] > p->reaching)
            p->reaching = size[r];
    }
    /* A lone bot is no P2P layer. */
    if (p->reaching < 2)
        p->reaching = 0;
    free(parent);
    free(size);
    return 0;
}

int p2p_replicate(const struct tk_p2p_graph *g, const struct p2p_first_lists *first,
                  const uint8_t *taken,
                  int sinkhole, const uint32_t *sinkholes, size_t sinkhole_count,
                  const struct tk_p2p_sim_options *o, struct tk_p2p_sim_point *p,
                  struct tk_error *err)
{
    struct lists l;
    int rc = lists_init(&l, g, first, taken, sinkhole, o->peer_list);

    p->reaching = p->touching = p->fallback = p->captured = 0;
    if (rc == 0) {
        exchange_rounds(&l, g, taken, sinkhole ? sinkholes : NULL,
                        sinkhole ? sinkhole_count : 0, o);
        rc = count_reach(&l, g, taken, sinkhole, p);
    }
    lists_free(&l);
    return rc ? tk_error_set(err, TK_ERR_NOMEM, "out of memory re-replicating peer lists")
              : TK_OK;
}
