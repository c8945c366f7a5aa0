/* emit_util.h - the steps around a family's algorithm that every generator takes the same way.
 *
 * Generators build a label, put ".tld" after it and hand the name to emit(); many read their
 * "count" or a 32-bit seed by the same rules, and several change their names monthly. These
 * helpers do each one way for every family, so a family file holds only its algorithm. */
#ifndef TAKEDOWN_EMIT_UTIL_H
#define TAKEDOWN_EMIT_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "takedown/error.h"
#include "takedown/family.h"

/* Writes '.', tld and a NUL after the first label_len characters of name and returns the
 * length of the whole name. name must hold label_len + strlen(tld) + 2 bytes. */
size_t tk_name_add_tld(char *name, size_t label_len, const char *tld);

/* tk_name_add_tld, then hands the name to emit; returns emit's result. */
int tk_emit_with_tld(tk_emit_fn emit, void *ctx, char *name, size_t label_len, const char *tld);

/* Copies text (without its NUL) to name + len and returns the new length. */
size_t tk_name_append(char *name, size_t len, const char *text);

/* Reads the "count" parameter into *count. A negative count is TK_ERR_USAGE; 0 becomes
 * own_count, the variant's own number of names (own_count 0 leaves it 0). */
int tk_gen_count(const struct tk_gen *gen, int64_t own_count, int64_t *count,
                 struct tk_error *err);

/* Reads the integer parameter name into *value; outside 0..0xFFFFFFFF is TK_ERR_USAGE. */
int tk_gen_u32(const struct tk_gen *gen, const char *name, uint32_t *value,
               struct tk_error *err);

/* A period function (tk_period_fn) for families whose names change with the calendar
 * month: year * 12 + month. */
int64_t tk_period_monthly(const struct tk_gen *gen, tk_day day);

#endif
