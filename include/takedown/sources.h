/* sources.h - build the list of configured generators (family x variant x seed) that a
 * prediction runs: from explicit seeds, from a family's known seeds, or from a seeds file.
 *
 * Seeds file format (one source per line; '#' starts a comment; blank lines skipped):
 *
 *     FAMILY[:VARIANT] KEY=VALUE[;KEY=VALUE...]
 *     necurs magic=9
 *     ranbyus:september seed=0F0D5BFA
 *
 * When the file is read for one family, a line may also be a bare value of that family's
 * seed parameter ("9"). */
#ifndef TAKEDOWN_SOURCES_H
#define TAKEDOWN_SOURCES_H

#include <stddef.h>

#include "takedown/error.h"
#include "takedown/family.h"
#include "takedown/predict.h"

struct tk_source_list {
    struct tk_source *items;
    size_t count;
    size_t cap;
};

/* Parameters given on the command line that apply to every source ("count=100"). */
struct tk_overrides {
    const char *const *keys;
    const char *const *values;
    size_t count;
};

/* Adds one source. seed_spec: NULL (the defaults), a bare value of the family's seed
 * parameter, or "key=value;..." pairs. Overrides are applied before the seed. */
int tk_sources_add(struct tk_source_list *list, const struct tk_family *family,
                   const char *variant, const struct tk_overrides *overrides,
                   const char *seed_spec, struct tk_error *err);

/* Adds one source per known seed of the family (those of variant only, when not NULL);
 * a family without known seeds adds its defaults. */
int tk_sources_add_known(struct tk_source_list *list, const struct tk_family *family,
                         const char *variant, const struct tk_overrides *overrides,
                         struct tk_error *err);

/* Adds the sources of a seeds file. With family set, lines for other families are
 * skipped and bare values are allowed. Errors name the file and line. */
int tk_sources_load_file(struct tk_source_list *list, const char *path,
                         const struct tk_family *family, const char *variant,
                         const struct tk_overrides *overrides, struct tk_error *err);

void tk_sources_free(struct tk_source_list *list);

#endif
