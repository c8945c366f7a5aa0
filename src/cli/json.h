/* json.h - the few JSON writing helpers the commands need (strings, lists, numbers). */
#ifndef TAKEDOWN_CLI_JSON_H
#define TAKEDOWN_CLI_JSON_H

#include <stddef.h>
#include <stdio.h>

/* Writes s as a JSON string, or null when s is NULL (tk_json_put_text and
 * tk_json_put_string under the commands' names). */
void json_string(FILE *out, const char *s);
void json_string_n(FILE *out, const char *s, size_t len);
/* Writes a comma-separated list as a JSON array of strings ([] for NULL or ""). */
void json_list(FILE *out, const char *list);

#endif
