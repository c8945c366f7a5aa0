/* seed_search.h - the per-candidate seed search a family may provide (tk_family.search):
 * every value of a range of its seed parameter tried over a window of days, and the values
 * that generate an observed name nominated. Seed discovery (include/takedown/discover.h)
 * runs it for families that have one, and their generator per candidate for the others;
 * either way every nomination is verified through the generator afterwards, so a searcher
 * has to be fast and must not miss a seed, but may nominate too many. */
#ifndef TAKEDOWN_DGA_SEED_SEARCH_H
#define TAKEDOWN_DGA_SEED_SEARCH_H

#include <stddef.h>
#include <stdint.h>

#include "takedown/date.h"
#include "takedown/family.h"

struct tk_seed_search {
    const struct tk_family *family;
    int64_t first_seed, last_seed; /* the candidate values, both included */
    tk_day from, to;               /* the window */
    int threads;                   /* 0: one per core */
    const char *const *names;      /* the observed names, lower case */
    size_t name_count;
    /* Called from any thread for each value found; non-zero (out of memory) stops the
     * search. */
    int (*nominate)(void *ctx, int64_t value, const struct tk_variant *variant);
    void *nominate_ctx;
    /* Called from one thread at a time with the share of candidates done; may be NULL. */
    void (*progress)(void *ctx, double done);
    void *progress_ctx;
};

/* How a searcher goes through the candidates: blocks of them, taken in turn by threads
 * (seed_search.c). */
struct tk_seed_blocks {
    int64_t block; /* candidates a thread takes at a time */
    /* Tries the candidates first..last with this thread's scratch; non-zero (out of memory)
     * stops the search. */
    int (*run)(void *ctx, void *scratch, int64_t first, int64_t last);
    /* Each thread's scratch, or NULL when out of memory; none when scratch_new is NULL. */
    void *(*scratch_new)(void *ctx);
    void (*scratch_free)(void *scratch);
    void *ctx;
};

/* Runs blocks over search's candidates on search->threads threads (0: one per core; at
 * most 64), with progress from the thread that took the first block. Returns 0, or -1 when
 * a block or a scratch failed. */
int tk_seed_search_blocks(const struct tk_seed_search *search,
                          const struct tk_seed_blocks *blocks);

#endif
