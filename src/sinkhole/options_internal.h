/* options_internal.h - what options.c (the DNS settings) and contact_options.c (the HTTP,
 * TCP and SMTP listeners' settings) share. */
#ifndef TAKEDOWN_SINKHOLE_OPTIONS_INTERNAL_H
#define TAKEDOWN_SINKHOLE_OPTIONS_INTERNAL_H

#include "takedown/sinkhole_options.h"

#define TK_SINKHOLE_NOT_CONTACT (-1)

/* A number from 0 to max, with an optional K, M or G suffix. */
int sinkhole_parse_uint(const char *key, const char *value, unsigned long long max,
                        unsigned long long *out, struct tk_error *err);

/* Copies value into out (size bytes, NUL included): a usage error when it is empty or does
 * not fit. */
int sinkhole_set_copy(char *out, size_t size, const char *key, const char *value,
                      struct tk_error *err);

/* Applies key when it is a contact listener setting; TK_SINKHOLE_NOT_CONTACT otherwise. */
int sinkhole_contact_option(struct tk_sinkhole_options *o, const char *key, const char *value,
                            struct tk_error *err);

#endif
