/* p2p_sim.h - testing a takedown plan on the observed peer graph before anyone acts.
 *
 * A strategy takes k nodes, in an order fixed on the intact graph: the top k of a measure,
 * the top k (by PageRank) of one country or ASN, or k at random (seeded). Taken nodes are
 * either removed (they vanish) or sinkholed (the defenders answer in their place: they stay
 * in the peer lists, so the bots that list them keep contacting the defenders, but they
 * relay nothing for the botnet). After each step the simulation reports the largest
 * weakly connected component of the bots left, the number of components, how many bots
 * can still reach a super-node that was not taken, and, for sinkholing, how many bots list
 * a sinkhole. Super-nodes are those of the intact graph. */
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

struct tk_p2p_sim_point {
    size_t k;          /* asked for */
    size_t taken;      /* done: fewer than k when the strategy ran out of candidates */
    size_t alive;      /* bots left (sinkholed nodes are not bots any more) */
    size_t largest;    /* largest weakly connected component among them */
    size_t components;
    size_t reaching;   /* bots left with a listing path to a super-node not taken */
    size_t touching;   /* bots left that list a sinkhole (0 when removing) */
};

/* Runs strategy s for each k in ks (ascending, count values) into points. places may be
 * NULL unless s targets a country or an ASN; m->betweenness must be there for a
 * betweenness strategy. */
int tk_p2p_simulate(const struct tk_p2p_graph *g, const struct tk_p2p_measures *m,
                    const struct tk_p2p_place *places, const struct tk_p2p_strategy *s,
                    const size_t *ks, size_t count, uint64_t seed, struct tk_p2p_sim_point *points,
                    struct tk_error *err);

#endif
