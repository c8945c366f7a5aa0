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

/* A seeds-file line to add. */
struct tk_seed_line {
    const struct tk_family *family;
    const char *variant;
    const char *params;
    const char *note;   /* the comment after it (provenance), one line; may be NULL */
};

/* Merges lines into the file at path (NULL: the local seeds file): the file is read and
 * checked first (a bad line is an error naming file:line, and nothing is written), lines
 * already there (same family, variant and params) are skipped, and the result replaces the
 * file atomically, so what was saved before is never lost. Missing directories are created.
 * *added (may be NULL) receives the number of lines written. */
int tk_local_seeds_merge(const char *path, const struct tk_seed_line *lines, size_t count,
                         size_t *added, struct tk_error *err);

/* True when list already holds a source of family and variant with this seed text. */
int tk_sources_contains(const struct tk_source_list *list, const struct tk_family *family,
                        const struct tk_variant *variant, const char *seed);

/* Adds every source an attribution (match, hunt) or the detector's training considers for
 * family: each variant with its known seeds (its defaults when it has none), then the
 * family's lines of seeds_file (may be NULL) and, when local is set, of the local seeds
 * file; duplicates are skipped.
 * overrides apply to all (the window start as "date"). A variant whose defaults lack a
 * required parameter is skipped and counted in *skipped (may be NULL). */
int tk_sources_add_family_seeds(struct tk_source_list *list, const struct tk_family *family,
                                const char *seeds_file, int local,
                                const struct tk_overrides *overrides, size_t *skipped,
                                struct tk_error *err);

#endif
