/* options.c - the commands' option table parser (see options.h). */
#include "cli/options.h"

#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/number_option.h"
#include "takedown/date.h"

/* The index of word among the '|'-separated choices, or -1. */
static int choice_index(const char *choices, const char *word)
{
    size_t len = strlen(word);
    int index = 0;
    for (const char *p = choices; p; index++) {
        const char *end = strchr(p, '|');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n == len && strncmp(p, word, n) == 0)
            return index;
        p = end ? end + 1 : NULL;
    }
    return -1;
}

/* A whole number from min to max in decimal digits (a sign only where min is negative),
 * or -1 after printing why not. */
static int whole_value(const struct cli_opt *o, const char *command, const char *text,
                       long *out)
{
    double min = o->type == CLI_OPT_THREADS ? 1 : o->min;
    double max = o->type == CLI_OPT_THREADS ? CLI_MAX_THREADS : o->max;
    const char *digits = text[0] == '-' && min < 0 ? text + 1 : text;
    char *end;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (digits[0] >= '0' && digits[0] <= '9' && *end == '\0' && errno == 0 && v >= min
        && v <= max) {
        *out = v;
        return 0;
    }
    cli_error("%s: %s: expected a whole number from %.0f to %.0f, got '%s'", command, o->name,
              min, max, text);
    return -1;
}

/* A 64-bit unsigned value in decimal digits from min to max (no bound when max is 0), or
 * -1 after printing why not. */
static int u64_value(const struct cli_opt *o, const char *command, const char *text)
{
    uint64_t min = (uint64_t)o->min, max = o->max > 0 ? (uint64_t)o->max : UINT64_MAX;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (text[0] >= '0' && text[0] <= '9' && *end == '\0' && errno == 0 && v >= min && v <= max) {
        *(uint64_t *)o->value = v;
        return 0;
    }
    cli_error("%s: %s: expected a whole number from %" PRIu64 " to %" PRIu64 ", got '%s'",
              command, o->name, min, max, text);
    return -1;
}

/* A date YYYY-MM-DD, kept as its text once checked, or -1 after printing why not. */
static int date_value(const struct cli_opt *o, const char *command, const char *text)
{
    struct tk_error err = {0};
    tk_day day;
    if (tk_day_parse(text, &day, &err) == TK_OK) {
        *(const char **)o->value = text;
        return 0;
    }
    cli_error("%s: %s: %s", command, o->name, err.message);
    return -1;
}

/* Stores a checked whole number in the option's type. */
static void store_whole(const struct cli_opt *o, long whole)
{
    if (o->type == CLI_OPT_LONG)
        *(long *)o->value = whole;
    else if (o->type == CLI_OPT_UINT)
        *(unsigned *)o->value = (unsigned)whole;
    else if (o->type == CLI_OPT_SIZE)
        *(size_t *)o->value = (size_t)whole;
    else
        *(int *)o->value = (int)whole;
}

static int store_value(const struct cli_opt *o, const char *command, const char *text)
{
    long whole;
    int index;
    switch (o->type) {
    case CLI_OPT_TEXT:
        *(const char **)o->value = text;
        return 0;
    case CLI_OPT_INT:
    case CLI_OPT_THREADS:
    case CLI_OPT_LONG:
    case CLI_OPT_UINT:
    case CLI_OPT_SIZE:
        if (whole_value(o, command, text, &whole))
            return -1;
        store_whole(o, whole);
        return 0;
    case CLI_OPT_U64:
        return u64_value(o, command, text);
    case CLI_OPT_REAL:
        if (cli_parse_number(text, o->min, o->max, o->value) == 0)
            return 0;
        cli_error("%s: %s: expected a number from %g to %g, got '%s'", command, o->name, o->min,
                  o->max, text);
        return -1;
    case CLI_OPT_CHOICE:
        if ((index = choice_index(o->choices, text)) >= 0) {
            *(int *)o->value = index;
            return 0;
        }
        cli_error("%s: %s: expected one of %s, got '%s'", command, o->name, o->choices, text);
        return -1;
    case CLI_OPT_DATE:
        return date_value(o, command, text);
    case CLI_OPT_FLAG:
    case CLI_OPT_SET:
        break;
    }
    return -1;
}

int cli_opt_parse(const struct cli_opt *table, size_t count, const char *command, int argc,
                  char **argv, int *i)
{
    for (size_t k = 0; k < count; k++) {
        const struct cli_opt *o = &table[k];
        if (strcmp(argv[*i], o->name) != 0)
            continue;
        if (o->type == CLI_OPT_FLAG || o->type == CLI_OPT_SET) {
            *(int *)o->value = o->type == CLI_OPT_FLAG ? 1 : o->set;
            return 1;
        }
        if (*i + 1 >= argc) {
            cli_error("%s: %s needs a value", command, o->name);
            return -1;
        }
        return store_value(o, command, argv[++*i]) ? -1 : 1;
    }
    return 0;
}
