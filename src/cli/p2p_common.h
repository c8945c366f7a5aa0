/* p2p_common.h - what `p2p analyze` and `p2p simulate` share: the observation files and the
 * options that load the graph, reading them with malformed rows counted and shown, the geo
 * databases, measures, the output format, and time formatting. */
#ifndef TAKEDOWN_CLI_P2P_COMMON_H
#define TAKEDOWN_CLI_P2P_COMMON_H

#include <stdint.h>
#include <stdio.h>

#include "takedown/geo.h"
#include "takedown/p2p_analysis.h"
#include "takedown/p2p_graph.h"
#include "takedown/p2p_load.h"

#define P2P_MAX_FILES 256

struct p2p_load_options {
    const char *files[P2P_MAX_FILES];
    size_t file_count;
    int strict;             /* stop at the first malformed row */
    unsigned show_malformed; /* how many malformed rows to print, 10 */
    const char *geo_dir;    /* NULL: the default directory, quietly skipped when empty */
    const char *country_db, *asn_db;
    int no_geo;
    int quiet;
    int stats;              /* phase timings and peak memory on stderr */
    struct tk_p2p_analysis_options analysis;
};

void p2p_load_defaults(struct p2p_load_options *o);

/* Handles one shared option at argv[*i] (advancing *i past its value), or an observation
 * file operand (a name, or - for standard input; P2P_MAX_FILES of them). Returns 1 when it
 * was one, 0 when not, -1 after printing a usage error. */
int p2p_load_option(struct p2p_load_options *o, int argc, char **argv, int *i);
/* After the options: prints a usage error and returns -1 when no file was given. */
int p2p_load_check(const struct p2p_load_options *o, const char *command);

/* What analyze and simulate print on standard output. */
enum p2p_format { P2P_FORMAT_TABLE, P2P_FORMAT_CSV, P2P_FORMAT_JSON };

/* Handles --format table|csv|json or --json at argv[*i], like p2p_load_option. */
int p2p_format_option(enum p2p_format *format, int argc, char **argv, int *i);

/* The usage lines of those options, for the commands' --help. */
void p2p_load_usage(FILE *f);

/* Opens the geo databases and runs the pipeline (tk_p2p_load), showing malformed rows and
 * progress. Returns an exit status (printing the error) or EXIT_OK. */
int p2p_load(const struct p2p_load_options *o, struct tk_p2p_loaded *l);
/* Frees l and closes its geo databases. */
void p2p_loaded_free(struct tk_p2p_loaded *l);

/* Phase timing for --stats: prints "p2p: PHASE S.SSS s, peak RSS N MiB" on stderr. */
void p2p_stats_phase(const struct p2p_load_options *o, const char *phase);

/* Parses a whole non-negative number or a share; print a usage error and return -1 on
 * failure. */
int p2p_parse_size(const char *command, const char *option, const char *text, uint64_t *out);
int p2p_parse_double(const char *command, const char *option, const char *text, double *out);

/* The three subcommands of `takedown p2p`; argv[0] is the subcommand's name. */
int p2p_generate(int argc, char **argv, FILE *out);
int p2p_analyze(int argc, char **argv, FILE *out);
int p2p_simulate(int argc, char **argv, FILE *out);

#endif
