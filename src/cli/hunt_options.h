/* hunt_options.h - what the commands that generate names over a window (predict, index,
 * match) share: options that take a text value, the --from/--to/--days window, --threads,
 * the --families list and the sources an attribution runs. */
#ifndef TAKEDOWN_CLI_HUNT_OPTIONS_H
#define TAKEDOWN_CLI_HUNT_OPTIONS_H

#include <stddef.h>

#include "takedown/date.h"
#include "takedown/error.h"
#include "takedown/family.h"
#include "takedown/sources.h"

/* An option that takes a text value, and where the value goes. This and
 * cli_threads_option are the option table's (options.h) text and --threads entries, for the
 * commands that still list their options apart. */
struct cli_text_option {
    const char *name;
    const char **value;
};

/* When argv[*i] is one of the count options, stores the next argument as its value
 * (advancing *i) and returns 1; returns 0 when it is none of them, and -1 after printing
 * "COMMAND: OPTION needs a value" when the value is missing. */
int cli_text_option(const struct cli_text_option *options, size_t count, const char *command,
                    int argc, char **argv, int *i);

/* from_text is required unless both are NULL (then *from and *to are left alone and
 * *given is 0). to_text and days_text are exclusive; one of them is required. */
int cli_window(const char *from_text, const char *to_text, const char *days_text, tk_day *from,
               tk_day *to, int *given, struct tk_error *err);

/* Parses the value of --threads at argv[*i] (advancing *i) into *threads, 1 to 64. Returns
 * 0, or -1 after printing "COMMAND: --threads: ..." when it is missing or out of range. */
int cli_threads_option(const char *command, int argc, char **argv, int *i, int *threads);

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
