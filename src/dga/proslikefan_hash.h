/* proslikefan_hash.h - the Proslikefan DGA core, shared by the proslikefan and
 * unnamed_javascript_dga families (the second is the first JavaScript sample of the first).
 *
 * Names come from a Java/JavaScript-style string hash (h = 31 h + c, as a signed 32-bit
 * value) of "magic.month.day.year.tld", then of the growing label followed by the last
 * hash value in decimal. */
#ifndef TAKEDOWN_PROSLIKEFAN_HASH_H
#define TAKEDOWN_PROSLIKEFAN_HASH_H

#include <stdint.h>

#include "takedown/date.h"
#include "takedown/error.h"
#include "takedown/family.h"

/* Emits count names for day: rounds 0, 1, 2, ... of one name per TLD of the comma-separated
 * list tlds, in list order. An empty list or an empty or over-long TLD is TK_ERR_USAGE;
 * a non-zero return of emit is returned at once. */
int tk_proslikefan_generate(tk_day day, const char *magic, const char *tlds, int64_t count,
                            tk_emit_fn emit, void *ctx, struct tk_error *err);

#endif
