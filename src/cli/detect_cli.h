/* detect_cli.h - what `takedown detect` and its evaluation share: options and defaults. */
#ifndef TAKEDOWN_CLI_DETECT_CLI_H
#define TAKEDOWN_CLI_DETECT_CLI_H

#include <stddef.h>
#include <stdio.h>

#include "takedown/detect.h"
#include "takedown/error.h"

#define DETECT_DEFAULT_PER_FAMILY 3000
#define DETECT_DEFAULT_DATES \
    "2015-09-09,2016-06-15,2018-10-10,2020-03-12,2022-08-20,2024-05-01,2025-12-24"
#define DETECT_DEFAULT_FPR 0.001
#define DETECT_DEFAULT_SYNTHETIC 20000

struct detect_options {
    const char *format;
    const char *threshold;
    const char *allow;
    const char *model;
    const char *input_format;
    const char *benign;
    const char *out;
    const char *per_family;
    const char *dates;
    const char *fpr;
    int threads;          /* 0: one per CPU */
    const char *synthetic;
    const char *families;
    int train;
    int evaluate;
    int dga_only;
    int no_default_allow;
    int quiet;
    char **files;
    size_t file_count;
};

/* The training parameters of the options; *files (free with detect_training_files_free)
 * holds the benign lists found in the --benign directory. */
int detect_training_setup(const struct detect_options *options, struct tk_detect_training *t,
                          char ***files, struct tk_error *err);
void detect_training_files_free(char **files);

/* The built-in allow-list (unless --no-default-allow) plus --allow FILE. */
int detect_allowlist(const struct detect_options *options, struct tk_allowlist **out,
                     struct tk_error *err);

/* `takedown detect --evaluate`. */
int detect_evaluate(const struct detect_options *options, FILE *out, struct tk_error *err);

#endif
