/* discover_internal.h - what the parts of the seed search share (include/takedown/
 * discover.h): the per-candidate search's nominations and progress, the verification
 * every candidate goes through, and the chance figure. */
#ifndef TAKEDOWN_MATCH_DISCOVER_INTERNAL_H
#define TAKEDOWN_MATCH_DISCOVER_INTERNAL_H

#include <pthread.h>
#include <stdint.h>

#include "dga/seed_search.h"
#include "match/name_filter.h"
#include "takedown/discover.h"
#include "util/intern.h"

/* ---- the per-candidate search (discover_generic.c, or the family's own searcher) ---- */

/* Seed values (of one variant) that generated at least one observed name. */
struct nominations {
    pthread_mutex_t lock;
    int64_t *values;
    const struct tk_variant **variants;
    size_t count, cap;
};

/* Adds a value to the nominations (ctx); a tk_seed_search's nominate. */
int nominate(void *ctx, int64_t value, const struct tk_variant *variant);

/* The generic searcher: the family's generator per candidate seed, per period; observed
 * holds the same names as search->names. */
int discover_generic(const struct tk_seed_search *search, const struct intern_strings *observed,
                     uint64_t *tried, struct tk_error *err);

/* The seed parameter's declaration, or NULL when the family has none. */
const struct tk_param_def *discover_seed_param(const struct tk_family *family);
/* "param=value" for a numeric seed value, as a seeds file writes it. */
void discover_seed_params(const struct tk_family *family, int64_t value, char *out, size_t size);

/* ---- verification (discover_verify.c) ---- */

/* True (1) when params of variant generate the observed name with this id on day (any day
 * of the window for TK_RECOVER_ANY_DAY); 0 when not; a negative TK_ERR_ status on failure. */
int verify_on_day(const struct tk_family *family, const struct tk_variant *variant,
                  const char *params, tk_day day, const char *name, struct tk_error *err);

/* Runs params of variant over from..to and fills seed with the observed names it generates,
 * their days and the count of names generated. seed->family, variant and params are set.
 * filter holds the same names as observed: generated names it turns away cost no lookup. */
int verify_over_window(const struct tk_family *family, const struct tk_variant *variant,
                       const char *params, tk_day from, tk_day to, int threads,
                       const struct intern_strings *observed, const struct name_filter *filter,
                       struct tk_discover_seed *seed, struct tk_error *err);

/* ---- the chance figure (discover_chance.c) ---- */

/* The chance that one seed generating `generated` names makes this name, estimated from the
 * name's shape (G x p in include/takedown/discover.h). */
double discover_shape_chance(const struct tk_family *family, const struct tk_variant *variant,
                             const char *name, uint64_t generated);

/* The expected number of seeds, among seed->space values, that explain seed's names (some
 * of eligible names) by chance, with the family's calibration. */
double discover_expected_chance(const struct tk_discover_seed *seed, size_t eligible,
                                double calibration, const char *const *names);

#endif
