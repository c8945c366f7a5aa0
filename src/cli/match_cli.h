/* match_cli.h - what the parts of `takedown match` share: the output format and the
 * seed-discovery mode. */
#ifndef TAKEDOWN_CLI_MATCH_CLI_H
#define TAKEDOWN_CLI_MATCH_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "takedown/date.h"
#include "takedown/logs.h"

enum match_format { MATCH_TABLE, MATCH_CSV, MATCH_JSON };

struct match_discover_options {
    const char *families;   /* "all" or a comma-separated list */
    const char *from, *to, *days;
    const char *range;      /* "LO-HI" */
    const char *save;       /* NULL: do not save; "": the local seeds file */
    const char *seeds_file; /* more seeds, counted as known */
    const char *exclude;    /* more names never searched */
    const char *command;    /* the command line, for the saved seeds' provenance */
    int no_local_seeds;
    int no_known_seeds;
    int per_candidate;
    int no_default_exclude;
    int min_names;
    int threads;
    int quiet;
    enum match_format format;
    enum tk_log_format input_format;
    char *const *files;
    size_t file_count;
};

/* `takedown match --discover-seeds all|FAMILY[,FAMILY...] ...`; returns an exit status. */
int match_discover(const struct match_discover_options *options, FILE *out);

#endif
