/* p2p_sim.h - testing a takedown plan on the observed peer graph before anyone acts.
 *
 * A strategy takes k nodes, in an order fixed on the intact graph: the top k of a measure,
 * the top k (by PageRank) of one country or ASN, or k at random (seeded). Taken nodes are
 * either removed (they vanish) or sinkholed (the defenders answer in their place: they stay
 * in the peer lists, so the bots that list them keep contacting the defenders, but they
 * relay nothing for the botnet and answer peer-list requests with sinkholes only). After
 * each step the bots left re-replicate their peer lists for some rounds (replicate.c), and
 * the simulation reports the largest weakly connected component of the bots left and the
 * number of components (on the observed graph), then, after re-replication, how many bots
 * can still reach a super-node that was not taken, how many fell back to the DGA, and, for
 * sinkholing, how many list a sinkhole and how many list nothing else. Super-nodes are
 * those of the intact graph. */
#ifndef TAKEDOWN_P2P_SIM_H
#define TAKEDOWN_P2P_SIM_H

#include <stddef.h>
#include <stdint.h>

#include "takedown/error.h"
#include "takedown/p2p_analysis.h"
#include "takedown/p2p_graph.h"

enum tk_p2p_action { TK_ACTION_REMOVE, TK_ACTION_SINKHOLE };
enum tk_p2p_target { TK_TARGET_MEASURE, TK_TARGET_RANDOM, TK_TARGET_COUNTRY, TK_TARGET_ASN };

struct tk_p2p_strategy {
    char name[48]; /* canonical: "remove-pagerank", "sinkhole-country=IN", ... */
    enum tk_p2p_action action;
    enum tk_p2p_target target;
    enum tk_p2p_measure measure;
    char country[3];
    uint32_t asn;
};

/* [remove-|sinkhole-](pagerank|in-degree|out-degree|listings|betweenness|random|
 * country=CC|asn=N); remove- is the default action. Returns TK_OK or TK_ERR_USAGE. */
int tk_p2p_strategy_parse(const char *text, struct tk_p2p_strategy *s, struct tk_error *err);

struct tk_p2p_sim_options {
    uint64_t seed;      /* random strategies and the exchanges, 1 */
    unsigned rounds;    /* exchange rounds after the takedown, 24 */
    unsigned peer_list; /* the least room in a peer list, 50 */
    unsigned reply;     /* entries in one peer-list reply, 10 */
};

void tk_p2p_sim_defaults(struct tk_p2p_sim_options *o);

struct tk_p2p_sim_point {
    size_t k;          /* asked for */
    size_t taken;      /* done: fewer than k when the strategy ran out of candidates */
    size_t alive;      /* bots left (sinkholed nodes are not bots any more) */
    size_t largest;    /* largest weakly connected component among them */
    size_t components;
    size_t reaching;   /* bots left in the largest connected part of the re-replicated lists */
    size_t touching;   /* bots left that list a sinkhole (0 when removing) */
    size_t fallback;   /* bots left, once seen listing peers, whose list emptied: the DGA */
    size_t captured;   /* bots left whose list holds sinkholes only */
};

/* Runs strategy s for each k in ks (ascending, count values) into points. places may be
 * NULL unless s targets a country or an ASN; m->betweenness must be there for a
 * betweenness strategy. */
int tk_p2p_simulate(const struct tk_p2p_graph *g, const struct tk_p2p_measures *m,
                    const struct tk_p2p_place *places, const struct tk_p2p_strategy *s,
                    const size_t *ks, size_t count, const struct tk_p2p_sim_options *o,
                    struct tk_p2p_sim_point *points, struct tk_error *err);

/* The order in which strategy s takes nodes (*count may be below node_count: a country or
 * an ASN has fewer). The caller frees *order. */
int tk_p2p_strategy_order(const struct tk_p2p_graph *g, const struct tk_p2p_measures *m,
                          const struct tk_p2p_place *places, const struct tk_p2p_strategy *s,
                          uint64_t seed, uint32_t **order, size_t *count, struct tk_error *err);

/* The first k of a curve at which the bots reaching the P2P layer are half or fewer of
 * those at its first point (k = 0), or SIZE_MAX when it never gets there. */
size_t tk_p2p_k_at_half(const struct tk_p2p_sim_point *points, size_t count);

/* Which strategy wins and why, from the curves of several strategies on one graph. */
struct tk_p2p_verdict {
    long winner;          /* index of the strategy that halves the reach at the least k
                           * (ties: the lower reach there); -1 without strategies */
    size_t k;             /* its k at half (SIZE_MAX: none got there; then the winner is the
                           * one with the lowest reach at its last point) */
    long runner_up;       /* the next best other strategy, or -1 */
    size_t runner_up_k;
    long other_action;    /* the best strategy of the other action (remove or sinkhole) */
    size_t other_action_k;
    size_t routable;      /* nodes someone lists: the only ones a removal can cut others off */
    size_t taken_routable;/* routable among the winner's first k (its last k when none won) */
    size_t taken_count;
    double entry_share;   /* share of all peer-list entries that name those nodes */
    double unlisted_share;/* share of nodes no one lists (NAT'd, as the crawler sees them) */
    double random_unlisted_share; /* of a remove-random curve's taken nodes, the unlisted
                           * share; -1 without such a curve */
    size_t random_k;      /* that curve's k at half, SIZE_MAX when never */
    double captured_share;/* sinkhole winner: bots left whose lists hold only sinkholes, and
                           * those that list one, at its k (0 for a removal) */
    double contact_share;
};

int tk_p2p_verdict(const struct tk_p2p_graph *g, const struct tk_p2p_measures *m,
                   const struct tk_p2p_place *places, const struct tk_p2p_strategy *strategies,
                   const struct tk_p2p_sim_point *const *curves, size_t points_per_curve,
                   size_t count, uint64_t seed, struct tk_p2p_verdict *v,
                   struct tk_error *err);

#endif
