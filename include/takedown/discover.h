/* discover.h - find the seeds of a family that explain observed names.
 *
 * A published seed is rarely the only one in use: each botnet built from the same malware
 * has its own magic number or key. Given names seen in the wild, the search tries every
 * value of the family's numeric seed parameter in a range, generates each value's names
 * over a window of days and keeps the values that generate observed names; each is then
 * re-run through the family's own generator to list exactly which names it explains and
 * on which days.
 *
 * Most families are searched by running their generator per candidate. Necurs has its own
 * searcher: per 4-day period the part of each name that does not depend on the magic
 * number is computed once, and a candidate is dropped as soon as the length and first two
 * letters of its names match no observed name; it tries hundreds of magic numbers a second
 * for a month's window on one core. */
#ifndef TAKEDOWN_DISCOVER_H
#define TAKEDOWN_DISCOVER_H

#include <stddef.h>
#include <stdint.h>

#include "takedown/date.h"
#include "takedown/error.h"
#include "takedown/family.h"

struct tk_discover_options {
    const struct tk_family *family;
    int64_t first_seed, last_seed;  /* inclusive */
    tk_day from, to;                /* the days the names may have been generated on */
    int threads;                    /* 0: one per online CPU */
    size_t min_names;               /* keep seeds that explain at least this many names */
    void (*progress)(void *ctx, double done);
    void *progress_ctx;
};

/* One observed name a seed explains, with the days that generate it. */
struct tk_discover_match {
    size_t name;   /* index into the caller's names */
    tk_day first;
    tk_day last;
};

struct tk_discover_seed {
    int64_t value;
    char text[32];             /* as a seeds file writes it: "11", "0F0D5BFA" */
    const struct tk_variant *variant;
    int known;                 /* one of the family's published seeds */
    struct tk_discover_match *matches; /* sorted by first day, then name */
    size_t match_count;        /* distinct names explained */
    size_t cap;
};

struct tk_discover_result {
    struct tk_discover_seed *seeds;   /* by number of names explained, most first */
    size_t count;
    uint64_t candidates;              /* seed values tried (per variant) */
    size_t eligible;                  /* observed names the family could have generated */
    const char *method;
};

/* The default range searched for family's seed parameter: 0 to 65535 (minutes on two
 * cores for a month's window; --range searches further). TK_ERR_USAGE for families whose
 * seed is not a number. */
int tk_discover_default_range(const struct tk_family *family, int64_t *first, int64_t *last,
                              struct tk_error *err);

/* Searches names (lower case, no trailing dot). */
int tk_discover_seeds(const struct tk_discover_options *options, const char *const *names,
                      size_t count, struct tk_discover_result *out, struct tk_error *err);
void tk_discover_result_free(struct tk_discover_result *result);

#endif
