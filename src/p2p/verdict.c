/* verdict.c - which takedown strategy wins on a graph, and the figures that say why: how
 * many of all peer-list entries the winner's first k nodes hold, and how often a random
 * pick hits a bot that no one lists. */
#include "takedown/p2p_sim.h"

#include <stdlib.h>
#include <string.h>

size_t tk_p2p_k_at_half(const struct tk_p2p_sim_point *points, size_t count)
{
    for (size_t i = 1; i < count; i++)
        if (points[0].reaching > 0 && points[i].reaching * 2 <= points[0].reaching)
            return points[i].k;
    return SIZE_MAX;
}

static double reach_share(const struct tk_p2p_sim_point *p)
{
    return p->alive ? (double)p->reaching / (double)p->alive : 0;
}

/* The point at which a curve is judged: its k at half, or its last point. */
static const struct tk_p2p_sim_point *judged(const struct tk_p2p_sim_point *points,
                                             size_t count, size_t k)
{
    for (size_t i = 0; i < count; i++)
        if (points[i].k == k)
            return &points[i];
    return &points[count - 1];
}

/* Whether curve a beats curve b: a lower k at half, then a lower reach there. */
static int beats(size_t ka, const struct tk_p2p_sim_point *pa, size_t kb,
                 const struct tk_p2p_sim_point *pb)
{
    if (ka != kb)
        return ka < kb;
    return reach_share(pa) < reach_share(pb);
}

/* Routable nodes among the first k of strategy s, and the entries that name them. */
static int first_k(const struct tk_p2p_graph *g, const struct tk_p2p_measures *m,
                   const struct tk_p2p_place *places, const struct tk_p2p_strategy *s,
                   uint64_t seed, size_t k, size_t *taken, size_t *routable, uint64_t *entries,
                   struct tk_error *err)
{
    uint32_t *order;
    size_t available;
    int rc = tk_p2p_strategy_order(g, m, places, s, seed, &order, &available, err);
    if (rc)
        return rc;
    *taken = k < available ? k : available;
    *routable = 0;
    *entries = 0;
    for (size_t i = 0; i < *taken; i++) {
        uint64_t in = tk_p2p_in_degree(g, order[i]);
        *routable += in > 0;
        *entries += in;
    }
    free(order);
    return TK_OK;
}

int tk_p2p_verdict(const struct tk_p2p_graph *g, const struct tk_p2p_measures *m,
                   const struct tk_p2p_place *places, const struct tk_p2p_strategy *strategies,
                   const struct tk_p2p_sim_point *const *curves, size_t points_per_curve,
                   size_t count, uint64_t seed, struct tk_p2p_verdict *v,
                   struct tk_error *err)
{
    size_t n = g->node_count, listed = 0, ks[64];
    const struct tk_p2p_sim_point *at[64];
    uint64_t entries;
    int rc;

    memset(v, 0, sizeof *v);
    v->winner = v->runner_up = v->other_action = -1;
    v->k = v->runner_up_k = v->random_k = v->other_action_k = SIZE_MAX;
    v->random_unlisted_share = -1;
    if (count == 0 || points_per_curve == 0 || count > 64)
        return TK_OK;
    for (size_t c = 0; c < count; c++) {
        ks[c] = tk_p2p_k_at_half(curves[c], points_per_curve);
        at[c] = judged(curves[c], points_per_curve, ks[c]);
        if (v->winner < 0 || beats(ks[c], at[c], ks[v->winner], at[v->winner])) {
            v->runner_up = v->winner;
            v->winner = (long)c;
        } else if (v->runner_up < 0 || beats(ks[c], at[c], ks[v->runner_up],
                                             at[v->runner_up])) {
            v->runner_up = (long)c;
        }
    }
    v->k = ks[v->winner];
    if (v->runner_up >= 0)
        v->runner_up_k = ks[v->runner_up];
    for (size_t c = 0; c < count; c++) {
        if (strategies[c].action == strategies[v->winner].action)
            continue;
        if (v->other_action < 0 || beats(ks[c], at[c], ks[v->other_action],
                                         at[v->other_action]))
            v->other_action = (long)c;
    }
    if (v->other_action >= 0)
        v->other_action_k = ks[v->other_action];
    for (size_t u = 0; u < n; u++)
        listed += tk_p2p_in_degree(g, u) > 0;
    v->routable = listed;
    v->unlisted_share = n ? (double)(n - listed) / (double)n : 0;
    const struct tk_p2p_sim_point *w = at[v->winner];
    if ((rc = first_k(g, m, places, &strategies[v->winner], seed, w->k, &v->taken_count,
                      &v->taken_routable, &entries, err)))
        return rc;
    v->entry_share = g->edge_count ? (double)entries / (double)g->edge_count : 0;
    if (strategies[v->winner].action == TK_ACTION_SINKHOLE && w->alive) {
        v->captured_share = (double)w->captured / (double)w->alive;
        v->contact_share = (double)w->touching / (double)w->alive;
    }
    for (size_t c = 0; c < count; c++) {
        size_t taken, routable;
        if (strategies[c].target != TK_TARGET_RANDOM || strategies[c].action != TK_ACTION_REMOVE)
            continue;
        const struct tk_p2p_sim_point *last = &curves[c][points_per_curve - 1];
        if ((rc = first_k(g, m, places, &strategies[c], seed, last->k, &taken, &routable,
                          &entries, err)))
            return rc;
        v->random_unlisted_share = taken ? (double)(taken - routable) / (double)taken : 0;
        v->random_k = ks[c];
        break;
    }
    return TK_OK;
}
