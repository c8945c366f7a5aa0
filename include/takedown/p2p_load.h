/* p2p_load.h - the P2P pipeline, from observation files to a measured and located peer
 * graph: every file read (malformed rows counted and skipped, or the first one an error
 * with --strict), the graph built, measured (PageRank, betweenness, super-nodes) and its
 * nodes placed by country and ASN when a geo database is given. */
#ifndef TAKEDOWN_P2P_LOAD_H
#define TAKEDOWN_P2P_LOAD_H

#include <stddef.h>
#include <stdint.h>

#include "takedown/error.h"
#include "takedown/geo.h"
#include "takedown/p2p_analysis.h"
#include "takedown/p2p_graph.h"

struct tk_p2p_load_options {
    const char *const *files; /* names, or - for standard input */
    size_t file_count;
    int strict;               /* a malformed row is an error */
    const struct tk_p2p_analysis_options *analysis;
    struct tk_geo *geo;       /* NULL: no places */
    /* Each may be NULL. malformed: a row skipped, number counting from 1; warning: a file
     * that holds no observation; progress: the share of a file read; phase: "read",
     * "build", "measure" or "locate" is done. */
    void (*malformed)(void *ctx, uint64_t number, const char *message);
    void (*warning)(void *ctx, const char *path, const char *message);
    void (*progress)(void *ctx, const char *path, double done);
    void (*phase)(void *ctx, const char *phase);
    void *ctx;
};

/* What was loaded and measured. */
struct tk_p2p_loaded {
    struct tk_p2p_graph graph;
    struct tk_p2p_measures measures;
    struct tk_geo *geo;           /* the options' (not closed by tk_p2p_loaded_free) */
    struct tk_p2p_place *places;  /* NULL without geo */
    uint64_t malformed;           /* rows skipped */
};

/* Runs the pipeline into out (free it with tk_p2p_loaded_free, also on failure). */
int tk_p2p_load(const struct tk_p2p_load_options *options, struct tk_p2p_loaded *out,
                struct tk_error *err);
void tk_p2p_loaded_free(struct tk_p2p_loaded *loaded);

#endif
