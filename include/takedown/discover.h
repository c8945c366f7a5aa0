/* discover.h - find the seeds that explain names seen in the wild, for one family or all.
 *
 * A published seed is rarely the only one in use: each botnet built from the same malware
 * has its own magic number or key. Given observed names and a window of days, for each
 * family whose shape fits some of the names:
 *
 *  1. the known seeds (built-in, the local seeds file, --seeds-file) are run over the window
 *     and take the names they generate, unless the caller ignores them;
 *  2. each name still unexplained is handed to the family's recover function, which inverts
 *     the generator (include/takedown/recover.h); families without one but with a numeric
 *     seed are searched per candidate seed over a range (Necurs by its own searcher) when
 *     a range is given;
 *  3. every candidate is re-run through the family's own generator over the window, which
 *     lists exactly the names and days it explains, and how many names it generates;
 *  4. each seed gets the expected number of chance matches of a search that size (below),
 *     and is weak when that figure is not below TK_DISCOVER_STRONG.
 *
 * The chance figure: a search over S seed values, each generating G names over the window,
 * of n names of the family's shape, expects S x C(n, k) x prod(min(1, c x G x p(name))) seeds
 * to explain some k of the names by chance, where p(name) = 1 / (alphabet^label length x the
 * family's TLDs) is the chance that a name of that shape drawn at random is this one
 * (dictionary families count a label as 2^24 names: two words of 4,096), and c >= 1
 * calibrates that estimate on what the inversion met: a name that many seeds generate
 * (syllable DGAs spell far fewer names than their letters suggest) raises c to what those
 * seeds say: (seeds - 1) / (S x G x p). */
#ifndef TAKEDOWN_DISCOVER_H
#define TAKEDOWN_DISCOVER_H

#include <stddef.h>
#include <stdint.h>

#include "takedown/date.h"
#include "takedown/error.h"
#include "takedown/family.h"
#include "takedown/sources.h"

/* A seed is reported as found when fewer chance matches than this are expected. */
#define TK_DISCOVER_STRONG 0.001

struct tk_discover_options {
    const struct tk_family *const *families;
    size_t family_count;
    int range_given;                /* search first_seed..last_seed only */
    int64_t first_seed, last_seed;  /* inclusive; families with no recover function are
                                       searched per candidate only over a given range, or
                                       0-65535 with per_candidate */
    tk_day from, to;                /* the days the names may have been generated on */
    int threads;                    /* 0: one per online CPU */
    size_t min_names;               /* report seeds that explain at least this many names */
    int no_known_seeds;             /* ignore the built-in seeds: search for every name */
    int per_candidate;              /* search per candidate even where the family inverts
                                       (slow: to check an inversion, or to bench it) */
    const struct tk_source_list *seeds; /* the local and --seeds-file seeds; may be NULL */
    void (*progress)(void *ctx, double done);
    void *progress_ctx;
};

/* One observed name a seed explains, with the days that generate it. */
struct tk_discover_match {
    size_t name;   /* index into the caller's names */
    tk_day first;
    tk_day last;
};

enum tk_discover_origin {
    TK_DISCOVER_BUILT_IN,  /* one of the family's published seeds */
    TK_DISCOVER_SEEDS_FILE,/* from the local seeds file or --seeds-file */
    TK_DISCOVER_FOUND      /* found by the search */
};

struct tk_discover_seed {
    const struct tk_family *family;
    const struct tk_variant *variant;
    char params[160];            /* as a seeds file writes it: "seed=0F0D5BFA" */
    char text[64];               /* the seed parameter's value ("0F0D5BFA"), else params */
    enum tk_discover_origin origin;
    uint64_t generated;          /* names it generates over the window */
    double space;                /* seed values of the search that found it */
    double expected;             /* chance matches expected for this much evidence */
    int weak;                    /* expected >= TK_DISCOVER_STRONG */
    struct tk_discover_match *matches; /* sorted by first day, then name */
    size_t match_count;          /* distinct names explained */
    size_t cap;
};

/* What was done for one family. */
struct tk_discover_family {
    const struct tk_family *family;
    size_t eligible;             /* observed names of its shape */
    size_t searched;             /* of them, handed to the search (not explained by known seeds) */
    double space;                /* seed values the search covered (per name) */
    uint64_t candidates;         /* candidate seeds re-run through the generator */
    double calibration;          /* c above: the shape's chance estimate times this */
    const char *method;          /* NULL: the seed cannot be searched */
};

struct tk_discover_result {
    struct tk_discover_seed *seeds;   /* strong first, then by names explained */
    size_t count, cap;
    struct tk_discover_family *families; /* those with eligible names */
    size_t family_count;
    size_t *unexplained;              /* names no strong seed explains, in input order */
    size_t unexplained_count;
};

/* Searches names (lower case, no trailing dot, distinct). */
int tk_discover_seeds(const struct tk_discover_options *options, const char *const *names,
                      size_t count, struct tk_discover_result *out, struct tk_error *err);
void tk_discover_result_free(struct tk_discover_result *result);

/* The whole space of family's seed parameter, for checking a --range: 0 to FFFFFFFF for a
 * 32-bit seed. TK_ERR_USAGE for a family whose seed is not a number. */
int tk_discover_seed_space(const struct tk_family *family, int64_t *first, int64_t *last,
                           struct tk_error *err);

#endif
