/* match_report.h - the outputs of `takedown match` (docs/match.md): a table for people,
 * CSV (one row per name and source, or per client and family) and one JSON document, over
 * the report of a run: the inputs read, the names and clients found. */
#ifndef TAKEDOWN_MATCH_REPORT_H
#define TAKEDOWN_MATCH_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "takedown/date.h"
#include "takedown/hunt.h"
#include "takedown/index.h"
#include "takedown/logs.h"
#include "takedown/match.h"

struct tk_match_input {
    const char *path;
    enum tk_log_format format;
    uint64_t records, skipped, malformed;
    int failed;         /* could not be opened or read */
    char note[520];     /* why reading ended early, or why it failed */
};

struct tk_match_report {
    const struct tk_index *index;
    const char *index_path;   /* NULL: built in memory for this run */
    const struct tk_hunt *hunt;
    const struct tk_match_input *inputs;
    size_t input_count;
    struct tk_match_counts counts; /* what happened to the records read */
    int date_slack;           /* -1: query times are not compared with the days */
    tk_day from, to;          /* the window searched */
    int detect;
    double threshold;
    /* --domain: the names asked about, listed even without a match */
    const char *const *domains;
    const int *domain_excluded;   /* per domain: on the exclude list, so never attributed */
    size_t domain_count;
};

void tk_match_write_table(FILE *out, const struct tk_match_report *report);
/* by_client: one row per client and family instead of per name and source. */
void tk_match_write_csv(FILE *out, const struct tk_match_report *report, int by_client);
void tk_match_write_json(FILE *out, const struct tk_match_report *report);
/* "family":...,"variant":...,"seed":... of an index source, as match and index info write
 * it inside an object. */
void tk_match_write_source_json(FILE *out, const struct tk_index_source *source);

#endif
