/* events_cli.h - what the commands that read events files share (`report`, `notify`):
 * the input, window and geo options, glob expansion, and a scan that prints bad records,
 * truncations and progress on stderr. */
#ifndef TAKEDOWN_CLI_EVENTS_CLI_H
#define TAKEDOWN_CLI_EVENTS_CLI_H

#include <glob.h>
#include <stddef.h>
#include <stdio.h>

#include "takedown/date.h"
#include "takedown/event_reader.h"
#include "takedown/geo.h"
#include "takedown/scan.h"

struct events_options {
    char **patterns;           /* EVENTS arguments as given */
    size_t pattern_count;
    char **paths;              /* after glob expansion */
    size_t path_count;
    int has_from, has_to;
    tk_day from, to;
    long window_days;          /* 0 when --window was not given */
    enum tk_event_format input_format;
    const char *geo_db, *asn_db, *geo_dir;
    int no_geo;
    int quiet;
    int strict;
    unsigned long max_errors;
    int events_optional;       /* the command has other input (report --counts) */
    /* set by events_scan */
    unsigned long errors_shown;
};

/* The help text of the shared options. */
extern const char events_options_help[];

void events_options_init(struct events_options *o);
void events_options_free(struct events_options *o);
/* Takes argv[*i] (and its value) when it is a shared option or an EVENTS argument: 1 when
 * taken, 0 when not ours, -1 after printing a usage error. */
int events_parse_option(struct events_options *o, int argc, char **argv, int *i);
/* For an option that is not a shared one: checks that a is one of the command's own options
 * that take a value (names, NULL-terminated) and that value (the next argument, or NULL) is
 * there. Returns 0, or -1 after printing "unknown option" or "OPTION needs a value". */
int events_command_option(const char *a, const char *value, const char *const *names);
/* After the options: resolves --window, expands globs. Returns an exit status. */
int events_finish_options(struct events_options *o);
/* Opens the databases the options name (or the default directory). need_places: the
 * caller needs countries or networks, so having none is an error. Returns an exit status. */
int events_open_geo(const struct events_options *o, int need_places, struct tk_geo **geo);
/* Reads every file; the callback gets each contact in the window. Returns an exit status:
 * 1 when a file could not be read (or, with --strict, had bad or cut records). */
int events_scan(struct events_options *o, const struct tk_geo *geo,
                int (*contact)(void *arg, const struct tk_located *l, struct tk_error *err),
                void *arg, struct tk_scan **scan);

#endif
