/* local_seeds.h - the local seeds file: seeds a user found (with `takedown match
 * --discover-seeds ... --save`) or was given, used by predict (--all-seeds, --all-families),
 * index build and match alongside the built-in known seeds.
 *
 * Its path is $TAKEDOWN_SEEDS when set, else $XDG_CONFIG_HOME/takedown/seeds, else
 * $HOME/.config/takedown/seeds. Its format is the seeds-file format of sources.h:
 *
 *     necurs magic=11    # discovered 2026-11-28 in sample.csv: 7 names, 2018-04-24..2018-04-27
 *
 * A missing file holds no seeds. */
#ifndef TAKEDOWN_LOCAL_SEEDS_H
#define TAKEDOWN_LOCAL_SEEDS_H

#include <stddef.h>

#include "takedown/error.h"
#include "takedown/family.h"
#include "takedown/sources.h"

/* Writes the path into buf; 0 when it fits, -1 when no path can be formed (no HOME). */
int tk_local_seeds_path(char *buf, size_t size);

/* Adds the sources of the seeds file at path (NULL: the local seeds file) for family (NULL:
 * every family) and variant (NULL: every variant), skipping any that list already holds
 * (same family, variant and seed). A missing file adds nothing. *added (may be NULL)
 * receives the number added. */
int tk_local_seeds_add(struct tk_source_list *list, const char *path,
                       const struct tk_family *family, const char *variant,
                       const struct tk_overrides *overrides, size_t *added,
                       struct tk_error *err);

/* Appends "FAMILY[:VARIANT] PARAMS  # note" to the file at path (NULL: the local seeds
 * file), creating it and its directory, unless a line with the same family, variant and
 * params is already there. *appended (may be NULL) is 1 when a line was written. */
int tk_local_seeds_append(const char *path, const struct tk_family *family,
                          const char *variant, const char *params, const char *note,
                          int *appended, struct tk_error *err);

/* True when list already holds a source of family and variant with this seed text. */
int tk_sources_contains(const struct tk_source_list *list, const struct tk_family *family,
                        const struct tk_variant *variant, const char *seed);

#endif
