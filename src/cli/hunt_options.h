/* hunt_options.h - what the commands that generate names over a window (predict, index,
 * match, hunt, feed) share: the --from/--to/--days window, the --families list and the
 * sources an attribution runs. */
#ifndef TAKEDOWN_CLI_HUNT_OPTIONS_H
#define TAKEDOWN_CLI_HUNT_OPTIONS_H

#include <stddef.h>

#include "takedown/date.h"
#include "takedown/error.h"
#include "takedown/family.h"
#include "takedown/sources.h"

/* from_text is required unless both are NULL (then *from and *to are left alone and
 * *given is 0). to_text and days_text are exclusive; one of them is required. */
int cli_window(const char *from_text, const char *to_text, const char *days_text, tk_day *from,
               tk_day *to, int *given, struct tk_error *err);

/* Parses "all" or a comma-separated list of family names and aliases into a new array of
 * *count families (free() it). NULL text means all. */
int cli_families(const char *text, const struct tk_family ***out, size_t *count,
                 struct tk_error *err);

/* Every source of every family in families (tk_sources_add_family_seeds), with the window
 * start as their date; seeds_file may be NULL; local: also the local seeds file. */
int cli_attribution_sources(const struct tk_family *const *families, size_t count, tk_day from,
                            const char *seeds_file, int local, struct tk_source_list *list,
                            struct tk_error *err);

#endif
