/* recover.h - what a family's seed recovery is given and what it hands back.
 *
 * `takedown match --discover-seeds` asks each family that has a recover function (struct
 * tk_family) for the seeds of one observed name at a time. The function inverts the
 * generator: the characters of the name constrain the generator's state directly, so it
 * enumerates only the states consistent with them, walks an invertible state back to the
 * seed, and splits the date from the seed where the two are summed. It never runs the
 * generator once per candidate seed over the whole space.
 *
 * For every (seed, day) it finds, it calls tk_recover_candidate(). A candidate need not be
 * exact: the caller re-runs each distinct candidate through the family's generator over the
 * window and keeps it only when it really generates the name, so a recover function may
 * over-report (a state consistent with the first characters only) but must never miss a seed
 * in the space it claims to cover. It sets query->covered to the number of seed values that
 * space holds (2^32 for a 32-bit seed, whatever the window): the expected number of chance
 * matches of a recovered seed is computed from it.
 *
 * The function may use query->threads threads (tk_recover_parallel below splits a range);
 * tk_recover_candidate is thread-safe. It returns TK_OK, or the error of a failed
 * allocation; a non-zero return of tk_recover_candidate (the caller stops) is returned as is.
 * It must be fast: the goal is the whole space of one name in at most 60 s on two cores for
 * a one-year window. */
#ifndef TAKEDOWN_RECOVER_H
#define TAKEDOWN_RECOVER_H

#include <stddef.h>
#include <stdint.h>

#include "takedown/date.h"
#include "takedown/error.h"
#include "takedown/family.h"

struct tk_recover_query {
    const struct tk_family *family;
    const struct tk_variant *variant; /* the variant searched; recover is called per variant */
    const char *name;                 /* lower case, no trailing dot, of the variant's shape */
    size_t len;
    tk_day from, to;                  /* the window of days, for families with a date */
    int threads;                      /* at least 1 */
    double covered;                   /* out: seed values the search covered */

    /* The caller's: where candidates go. */
    int (*candidate)(void *ctx, const struct tk_recover_query *query, const char *params,
                     tk_day day);
    void *ctx;
};

/* Hands one candidate to the caller. params selects the seed as a seeds file writes it
 * ("seed=0F0D5BFA", "magic=9;count=40"); day is a day of the window that generates the
 * name with it (any day of the period), or TK_RECOVER_ANY_DAY for a family without a date. */
#define TK_RECOVER_ANY_DAY INT32_MIN
int tk_recover_candidate(const struct tk_recover_query *query, const char *params, tk_day day);

/* Ramnit and DirCrypt (no date input, each name's state stepped from the one before) recover
 * the state a name starts from, which gives that name first and the names after it. That
 * state is handed over with this many names ahead (";count=5000"): a feed's names of one
 * botnet lie up to a few thousand steps apart on its chain (Ramnit's, in the real-world
 * sample). */
#define TK_RECOVER_CHAIN_AHEAD 5000

/* Runs work(ctx, lo, hi) over first..last (inclusive) in slices spread over threads, and
 * returns the first non-zero status a slice returned (the others stop at their next slice). */
typedef int (*tk_recover_slice_fn)(void *ctx, uint64_t lo, uint64_t hi);
int tk_recover_parallel(uint64_t first, uint64_t last, int threads, tk_recover_slice_fn work,
                        void *ctx);

/* Generators whose every name takes a number of draws its first draw decides (corebot,
 * symmi): the states from which whole names lead exactly to before, the state an observed
 * name's first draw starts from, are the possible starts of its list. */
struct tk_recover_walk {
    uint32_t (*unstep)(uint32_t state);   /* the state one draw earlier */
    size_t (*draws)(uint32_t first_draw); /* the draws a name takes, from its first draw's state */
    size_t max_back;                      /* draws walked back at most */
    int max_names;                        /* names before the observed one at most */
    int (*start)(void *ctx, uint32_t state); /* called for each possible start */
    void *ctx;
};

/* Calls walk->start for every state up to max_back draws before before from which at most
 * max_names whole names land exactly on it (before itself included: no name before). Returns
 * TK_OK, TK_ERR_NOMEM, or the first non-zero return of start. */
int tk_recover_walk_back(const struct tk_recover_walk *walk, uint32_t before);

/* The label the generator chose and the suffix it appended, split at the longest of the
 * variant's (or family's) TLDs that ends the name. Returns 0, or -1 when no TLD matches. */
int tk_recover_split(const struct tk_recover_query *query, size_t *label_len,
                     const char **tld);

#endif
