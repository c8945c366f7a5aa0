/* p2p_svg.h - the takedown curves as an SVG chart (two panels: largest component, and bots
 * that still reach a live super-node, each against k). */
#ifndef TAKEDOWN_CLI_P2P_SVG_H
#define TAKEDOWN_CLI_P2P_SVG_H

#include <stddef.h>
#include <stdio.h>

#include "takedown/p2p_sim.h"

struct p2p_curve {
    const struct tk_p2p_strategy *strategy;
    const struct tk_p2p_sim_point *points;
    size_t count;
};

/* node_count scales the largest-component panel; reach is a share of the bots left. 0, or
 * -1 when out of memory. */
int p2p_svg_write(FILE *out, const struct p2p_curve *curves, size_t count, size_t node_count);

#endif
