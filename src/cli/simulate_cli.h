/* simulate_cli.h - `takedown simulate bots` as a function, for the exercise: the options
 * with their defaults, their checks, and one run that writes the ground truth. */
#ifndef TAKEDOWN_CLI_SIMULATE_CLI_H
#define TAKEDOWN_CLI_SIMULATE_CLI_H

#include <stdint.h>
#include <stdio.h>

#include "takedown/botsim.h"

struct simulate_options {
    const char *names_file, *dns, *http, *smtp, *metrics, *mix, *geo_dir, *country_db, *truth;
    long population, days, queries, checkins, recipients, pool, resolvers, ecs_resolvers,
        ecs_prefix, spam_min, spam_max;
    int threads;
    double spam_share, spam_alpha, rate, duration;
    uint64_t seed;
    int json, quiet;
};

/* What the caller hooks into a run: the day change and progress of botsim.h. */
struct simulate_hooks {
    int (*next_day)(void *arg, int day);
    void (*progress)(void *arg, int day, size_t done, size_t total);
    void *arg;
};

void simulate_options_init(struct simulate_options *o);
/* Parses "--name value" (and --json, --quiet) from argv[first..]; 0, EXIT_USAGE after a
 * message, or -1 when --help was printed. */
int simulate_parse(int argc, char **argv, int first, struct simulate_options *o, FILE *out);
/* Checks the options as a whole (addresses, names, population spec); EXIT_USAGE after a
 * message. */
int simulate_check(struct simulate_options *o);
/* Builds the population and runs it; writes the truth to o->truth and prints it (table or
 * JSON) on out unless o->quiet. An exit code. */
int simulate_run(const struct simulate_options *o, const struct simulate_hooks *hooks,
                 FILE *out);

#endif
