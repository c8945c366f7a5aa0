/* options.h - the one option parser of the commands, in the manner of curl's
 * tool_getparam.c: a command lists its options in one table, each with the kind of value it
 * takes and that value's bounds or choices, so that every value is checked here, once, with
 * one message for each kind of mistake. */
#ifndef TAKEDOWN_CLI_OPTIONS_H
#define TAKEDOWN_CLI_OPTIONS_H

#include <stddef.h>

/* The most threads any command runs. */
#define CLI_MAX_THREADS 64

enum cli_opt_type {
    CLI_OPT_FLAG,    /* no value: sets an int to 1 */
    CLI_OPT_SET,     /* no value: sets an int to `set` (--json: the JSON format) */
    CLI_OPT_TEXT,    /* any text: a const char * */
    CLI_OPT_INT,     /* a whole number from min to max: an int */
    CLI_OPT_LONG,    /* a whole number from min to max: a long */
    CLI_OPT_UINT,    /* a whole number from min (at least 0) to max: an unsigned */
    CLI_OPT_SIZE,    /* a whole number from min (at least 0) to max: a size_t */
    CLI_OPT_U64,     /* a whole number from min to max, or to 2^64 - 1 when max is 0 (a
                      * seed): a uint64_t */
    CLI_OPT_REAL,    /* a finite number from min to max: a double */
    CLI_OPT_THREADS, /* a whole number from 1 to CLI_MAX_THREADS: an int */
    CLI_OPT_CHOICE,  /* one of the words of choices ("table|csv|json"): its index, an int */
    CLI_OPT_DATE,    /* a date YYYY-MM-DD, checked: its text, a const char * */
};

struct cli_opt {
    const char *name;
    enum cli_opt_type type;
    void *value;
    double min, max;     /* the whole numbers' and CLI_OPT_REAL's bounds */
    const char *choices; /* CLI_OPT_CHOICE: words separated by '|' */
    int set;             /* CLI_OPT_SET */
};

/* When argv[*i] is one of the count options of table, checks its value, stores it and
 * advances *i past it, then returns 1. Returns 0 when argv[*i] is none of them, and -1
 * after printing "COMMAND: OPTION needs a value" or "COMMAND: OPTION: expected ..., got
 * 'VALUE'". */
int cli_opt_parse(const struct cli_opt *table, size_t count, const char *command, int argc,
                  char **argv, int *i);

#endif
