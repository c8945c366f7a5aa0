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

/* True when src could emit name (lower case, no trailing dot) by its family's declared TLDs,
 * label charset and label length (tests/unit/test_families.c holds every known seed to
 * them). A source configured beyond its seed parameter is never ruled out. */
int tk_source_could_generate(const struct tk_source *src, const char *name, size_t len);

#endif
