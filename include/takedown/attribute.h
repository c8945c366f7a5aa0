/* attribute.h - which family, variant, seed and days generate a name, without an index:
 * the sources an attribution considers and a filter on each family's declared name shape,
 * so that the search (tk_index_build_names in index.h) runs only the generators that could
 * have produced one of the names. */
#ifndef TAKEDOWN_ATTRIBUTE_H
#define TAKEDOWN_ATTRIBUTE_H

#include <stddef.h>

#include "takedown/date.h"
#include "takedown/error.h"
#include "takedown/family.h"
#include "takedown/predict.h"
#include "takedown/sources.h"

/* Adds every source an attribution considers for family: each variant with its known seeds
 * (its defaults when it has none), then the family's lines of seeds_file (may be NULL) and,
 * when local is set, of the local seeds file (local_seeds.h); duplicates are skipped.
 * overrides apply to all (the window start as "date"). A variant whose defaults lack a
 * required parameter is skipped and counted in *skipped (may be NULL). */
int tk_attribution_sources(struct tk_source_list *list, const struct tk_family *family,
                           const char *seeds_file, int local,
                           const struct tk_overrides *overrides, size_t *skipped,
                           struct tk_error *err);

/* True when src could emit name (lower case, no trailing dot) by its family's declared TLDs,
 * label charset and label length (tests/unit/test_families.c holds every known seed to
 * them). A source configured beyond its seed parameter is never ruled out. */
int tk_source_could_generate(const struct tk_source *src, const char *name, size_t len);

#endif
