/* hunt_cli.h - what `takedown hunt`'s files share: the host hunt's report writers
 * (hunt_report.c) and the synthetic evaluation (hunt_evaluate.c). */
#ifndef TAKEDOWN_CLI_HUNT_CLI_H
#define TAKEDOWN_CLI_HUNT_CLI_H

#include <stdio.h>

#include "takedown/error.h"
#include "takedown/hosts.h"

enum hunt_format { HUNT_TABLE, HUNT_CSV, HUNT_JSON };

struct hunt_report {
    const struct tk_hosts *hosts;
    int flagged_only;   /* list infected and suspicious hosts only */
    int attributed;     /* an index or window attributed the names */
    double threshold;
};

void hunt_write_table(FILE *out, const struct hunt_report *report);
void hunt_write_csv(FILE *out, const struct hunt_report *report);
/* The clusters' names as CSV, one row per name, for analysts and --discover-seeds. */
void hunt_write_cluster_csv(FILE *out, const struct hunt_report *report);
void hunt_write_json(FILE *out, const struct hunt_report *report);
/* The infected hosts as time,client,family,tag CSV, which `takedown notify` reads. */
void hunt_write_infected(FILE *out, const struct hunt_report *report);

/* `takedown hunt --evaluate` (argv from the word after "hunt"). */
int hunt_evaluate(int argc, char **argv, FILE *out);

#endif
