/* log_parsers.h - the per-format line parsers behind tk_log_parse_line, and the helpers
 * they share. Each returns as tk_log_parse_line does; rec is cleared by the caller. */
#ifndef TAKEDOWN_LOGS_LOG_PARSERS_H
#define TAKEDOWN_LOGS_LOG_PARSERS_H

#include <stddef.h>
#include <stdint.h>

#include "takedown/logs.h"

int log_parse_bind(const char *line, size_t len, struct tk_log_record *rec, int *skip,
                   struct tk_error *err);
int log_parse_unbound(const char *line, size_t len, struct tk_log_line_state *state,
                      struct tk_log_record *rec, int *skip, struct tk_error *err);
int log_parse_jsonl(const char *line, size_t len, struct tk_log_line_state *state,
                    struct tk_log_record *rec, int *skip, struct tk_error *err);

/* Empties rec: no name, client "", no time, type 0, rcode -1. */
void log_record_clear(struct tk_log_record *rec);
/* The first occurrence of needle in s[0..len), or NULL. */
const char *log_find(const char *s, size_t len, const char *needle);
/* True for a valid DNS name, with or without its trailing dot. */
int log_valid_name(const char *name, size_t len);
/* True when s[0..len) is an IPv4 or IPv6 address in text form. */
int log_is_address(const char *s, size_t len);
/* The numeric value of a query type mnemonic ("A", "AAAA", "TYPE65"), or 0. */
uint16_t log_qtype(const char *s, size_t len);
/* The value of a response code mnemonic ("NOERROR", "NXDOMAIN", "SERVFAIL", ...), or -1. */
int log_rcode(const char *s, size_t len);

#endif
