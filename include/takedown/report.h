/* report.h - the figures of `takedown report` (distinct addresses overall and per group,
 * each with its share of the total, spam per bot, what was read and which databases
 * placed the addresses) and their outputs: a terminal table, CSV, JSON and one
 * self-contained HTML page with inline SVG charts. docs/report.md documents each format. */
#ifndef TAKEDOWN_REPORT_H
#define TAKEDOWN_REPORT_H

#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include "takedown/error.h"
#include "takedown/geo.h"
#include "takedown/scan.h"
#include "takedown/tally.h"

struct tk_report_groups {
    struct tk_group_count *groups; /* sorted: largest first, days in order */
    size_t count;
};

struct tk_report {
    const struct tk_tally *tally;
    const struct tk_scan *scan;
    const struct tk_geo *geo;      /* NULL when no database was used */
    int has_from, has_to;
    tk_day from, to;               /* the window asked for */
    size_t top;                    /* groups listed per grouping; 0 for all */
    unsigned dimensions;           /* groupings the table, CSV and JSON list (1u << d) */
    const char *generator;         /* "takedown 0.1.0" */
    const char *const *counts_files; /* counts files merged in (tk_tally_merge_counts) */
    size_t counts_file_count;
    time_t generated;
    uint64_t total;                /* distinct source addresses */
    int total_exact;
    struct tk_report_groups by[TK_DIMENSIONS]; /* empty for groupings not counted */
    const struct tk_bot **bots;    /* by messages, most first */
    size_t bot_count;
    const struct tk_resolver **resolvers; /* DNS sources, by queries; not in the totals */
    size_t resolver_count;
    uint64_t resolver_queries;     /* DNS queries from them */
    uint64_t resolver_queries_subnet; /* of those, with a Client Subnet (counted for hosts) */
};

/* Computes the counts once for every output. */
int tk_report_init(struct tk_report *r, const struct tk_tally *tally, const struct tk_scan *scan,
                   const struct tk_geo *geo, struct tk_error *err);
void tk_report_free(struct tk_report *r);

/* The share of the total, 0..1 (0 when the total is 0). */
double tk_report_share(const struct tk_report *r, uint64_t distinct);
/* The display name of a group: country name, network name, family; "" when none. */
const char *tk_report_group_name(const struct tk_report *r, enum tk_dimension d,
                                 const struct tk_group *g);
/* The number of groups an output lists for d, after --top. */
size_t tk_report_listed(const struct tk_report *r, enum tk_dimension d);

int tk_report_write_table(FILE *out, const struct tk_report *r, struct tk_error *err);
int tk_report_write_csv(FILE *out, const struct tk_report *r, struct tk_error *err);
int tk_report_write_json(FILE *out, const struct tk_report *r, struct tk_error *err);
int tk_report_write_html(FILE *out, const struct tk_report *r, struct tk_error *err);

#endif
