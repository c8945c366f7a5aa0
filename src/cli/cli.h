/* cli.h - what the subcommands share: the command table, exit codes, messages. */
#ifndef TAKEDOWN_CLI_H
#define TAKEDOWN_CLI_H

#include <stdio.h>

#include "takedown/error.h"

enum { EXIT_OK = 0, EXIT_FAILURE_OP = 1, EXIT_USAGE = 2 };

struct tk_command {
    const char *name;
    const char *summary;
    int (*run)(int argc, char **argv, FILE *out);
};

/* Prints "takedown: message" on stderr, as one line: control bytes are shown as \xNN. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints the error and returns the exit code for its status. */
int cli_fail(const struct tk_error *err);
/* True when argv[i] is -h or --help. */
int cli_is_help(const char *arg);

int cmd_predict(int argc, char **argv, FILE *out);
int cmd_families(int argc, char **argv, FILE *out);
int cmd_vectors(int argc, char **argv, FILE *out);
int cmd_export(int argc, char **argv, FILE *out);
int cmd_sinkhole(int argc, char **argv, FILE *out);
int cmd_events(int argc, char **argv, FILE *out);
int cmd_simulate(int argc, char **argv, FILE *out);
int cmd_exercise(int argc, char **argv, FILE *out);
int cmd_report(int argc, char **argv, FILE *out);
int cmd_notify(int argc, char **argv, FILE *out);
int cmd_p2p(int argc, char **argv, FILE *out);
int cmd_index(int argc, char **argv, FILE *out);
int cmd_match(int argc, char **argv, FILE *out);
int cmd_detect(int argc, char **argv, FILE *out);
int cmd_hunt(int argc, char **argv, FILE *out);
int cmd_feed(int argc, char **argv, FILE *out);
int cmd_fleet(int argc, char **argv, FILE *out);

#endif
