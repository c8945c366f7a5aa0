/* replicate.h - the peer lists after a takedown: bots re-replicate their lists for some
 * rounds, then the simulation counts who still reaches the P2P layer (see replicate.c). */
#ifndef TAKEDOWN_P2P_REPLICATE_H
#define TAKEDOWN_P2P_REPLICATE_H

#include <stdint.h>

#include "takedown/p2p_sim.h"

/* Each node's first list: at most peer_list of the peers it was seen listing, those seen
 * last first. */
struct p2p_first_lists {
    uint64_t *offsets; /* node v's at entries[offsets[v] .. offsets[v + 1]) */
    uint32_t *entries;
};

int p2p_first_lists(const struct tk_p2p_graph *g, unsigned peer_list,
                    struct p2p_first_lists *f);
void p2p_first_lists_free(struct p2p_first_lists *f);

/* taken[v] marks the nodes taken; when sinkhole is set they answer as sinkholes (their
 * indexes are sinkholes[0 .. sinkhole_count)), otherwise they are gone. Fills p->reaching
 * (the bots left in the largest connected part of the lists), p->touching, p->fallback and
 * p->captured. */
int p2p_replicate(const struct tk_p2p_graph *g, const struct p2p_first_lists *first,
                  const uint8_t *taken,
                  int sinkhole, const uint32_t *sinkholes, size_t sinkhole_count,
                  const struct tk_p2p_sim_options *o, struct tk_p2p_sim_point *p,
                  struct tk_error *err);

#endif
