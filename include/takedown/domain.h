/* domain.h - domain names as DNS sees them: validity, case, and the public suffix.
 *
 * The public suffix (the part a registry or a dynamic-DNS provider controls: "in",
 * "co.uk", "ddns.net") comes from the Public Suffix List through libpsl, never from "the
 * last label". */
#ifndef TAKEDOWN_DOMAIN_H
#define TAKEDOWN_DOMAIN_H

#include <stddef.h>

#include "takedown/error.h"

/* True when name (without trailing dot) is a valid DNS name: labels of 1-63 bytes, at most
 * 253 bytes in all, no byte below 0x21 or above 0x7e. */
int tk_domain_is_valid(const char *name, size_t len);
/* True when every label is letters, digits, '-' and '_' (what hosts files and most
 * resolvers accept). */
int tk_domain_is_hostname(const char *name, size_t len);
/* Lower-cases ASCII letters of name into out (len bytes). */
void tk_domain_lower(const char *name, size_t len, char *out);
/* The name as tables look it up: without its trailing dot, lower-cased and NUL-terminated
 * into out. Returns its length, or 0 when it is empty or longer than 253 bytes. */
size_t tk_domain_key(const char *name, size_t len, char out[256]);
/* tk_domain_key of a valid name (tk_domain_is_valid), checked and lowered in one pass; 0
 * when it is not valid. */
size_t tk_domain_valid_key(const char *name, size_t len, char out[256]);

/* Loads the Public Suffix List (the newest on the system, else libpsl's built-in copy).
 * Safe to call more than once. */
int tk_psl_init(struct tk_error *err);
/* The public suffix of a lower-case name: a pointer into name ("in" for "abc.in",
 * "ddns.net" for "x.ddns.net"). Unknown TLDs count as suffixes ("bit" for "abc.bit"). */
const char *tk_public_suffix(const char *name);
/* Where the suffix list came from, for headers and reports. */
const char *tk_psl_source(void);

#endif
