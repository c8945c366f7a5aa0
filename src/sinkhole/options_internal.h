/* options_internal.h - what options.c (the DNS settings) and contact_options.c (the HTTP,
 * TCP and SMTP listeners' settings) share. */
#ifndef TAKEDOWN_SINKHOLE_OPTIONS_INTERNAL_H
#define TAKEDOWN_SINKHOLE_OPTIONS_INTERNAL_H

#include "takedown/sinkhole_options.h"

/* A key that is not a setting (the messages of the setters below say what was expected;
 * tk_sinkhole_option_set names the setting and its value in front). */
#define TK_SINKHOLE_UNKNOWN (-1)

/* A number from min to max, with an optional K, M or G suffix. */
int sinkhole_parse_uint(const char *value, unsigned long long min, unsigned long long max,
                        unsigned long long *out, struct tk_error *err);

/* Copies value into out (size bytes, NUL included): a usage error when it is empty or does
 * not fit. */
int sinkhole_set_copy(char *out, size_t size, const char *value, struct tk_error *err);

/* A numeric setting: its name and range. */
struct sinkhole_number {
    const char *key;
    unsigned long long min, max;
};

/* Looks key up in numbers (count of them). Returns TK_OK with *which = count when it is none
 * of them; TK_OK with *which its index and *v its value when value is in its range (K, M, G
 * suffixes allowed); a usage error otherwise. */
int sinkhole_number_option(const struct sinkhole_number *numbers, size_t count, const char *key,
                           const char *value, size_t *which, unsigned long long *v,
                           struct tk_error *err);

/* Copies the comma-separated list value into copy (size bytes) for strtok_r: a usage error
 * when it does not fit. */
int sinkhole_copy_list(char *copy, size_t size, const char *value, struct tk_error *err);

/* Applies key when it is a contact listener setting; TK_SINKHOLE_UNKNOWN otherwise. */
int sinkhole_contact_option(struct tk_sinkhole_options *o, const char *key, const char *value,
                            struct tk_error *err);

#endif
