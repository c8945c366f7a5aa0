/* match_cli.h - what the parts of `takedown match` share: the report of a run (inputs read,
 * names and clients found) and its writers, and the seed-discovery mode. */
#ifndef TAKEDOWN_CLI_MATCH_CLI_H
#define TAKEDOWN_CLI_MATCH_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "takedown/date.h"
#include "takedown/hunt.h"
#include "takedown/index.h"
#include "takedown/logs.h"

enum match_format { MATCH_TABLE, MATCH_CSV, MATCH_JSON };

struct match_input {
    const char *path;
    enum tk_log_format format;
    uint64_t records, skipped, malformed;
    int failed;         /* could not be opened or read */
    char note[520];     /* why reading ended early, or why it failed */
};

struct match_report {
    const struct tk_index *index;
    const char *index_path;   /* NULL: built in memory for this run */
    const struct tk_hunt *hunt;
    const struct match_input *inputs;
    size_t input_count;
    uint64_t queries;         /* records read */
    uint64_t matched;         /* records attributed exactly */
    uint64_t off_days;        /* records of indexed names queried far from their days */
    uint64_t excluded;        /* records of indexed names on the exclude list */
    uint64_t unknown;         /* records reported as unknown DGAs */
    int date_slack;           /* -1: query times are not compared with the days */
    tk_day from, to;          /* the window searched */
    int detect;
    double threshold;
    /* --domain: the names asked about, listed even without a match */
    const char *const *domains;
    const int *domain_excluded;   /* per domain: on the exclude list, so never attributed */
    size_t domain_count;
};

void match_write_table(FILE *out, const struct match_report *report);
void match_write_csv(FILE *out, const struct match_report *report, int by_client);
void match_write_json(FILE *out, const struct match_report *report);

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
