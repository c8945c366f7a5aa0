/* name_filter.h - the distinct names a match asks about, as a set the generating threads
 * look every generated name up in (read-only, so from many threads at once without locks).
 *
 * Built for the hot path of an attribution without an index, where billions of generated
 * names are looked up and almost all miss. A bitmap of 64 bits a name, small enough to stay
 * in a core's cache, turns away all but about one miss in 64 with one load; then each slot
 * holds the top half of the name's 64-bit hash beside its id, at a load of at most one
 * quarter, so a miss usually ends at the first slot without touching a name. */
#ifndef TAKEDOWN_MATCH_NAME_FILTER_H
#define TAKEDOWN_MATCH_NAME_FILTER_H

#include <stddef.h>
#include <stdint.h>

#include "util/name_table.h"

struct name_filter {
    struct tk_name_table names; /* lower case, no trailing dot; each once */
    uint64_t *bits;             /* bit (hash >> 32) & bit_mask set for every name */
    size_t bit_mask;
    uint64_t *slots;            /* hash >> 32 << 32 | (id + 1); 0 = empty */
    size_t slot_mask;
};

/* Builds the set of count names (any case, one trailing dot allowed; names of no length or
 * over 253 bytes are left out). Returns 0, or -1 when out of memory. */
int name_filter_init(struct name_filter *f, const char *const *names, const size_t *lens,
                     size_t count);
void name_filter_free(struct name_filter *f);

/* 1 when name (any case) is in the set; for tk_predict_options' filter. */
int name_filter_has(const void *filter, const char *name, size_t len);

/* The names in the set. */
static inline size_t name_filter_count(const struct name_filter *f)
{
    return f->names.count;
}

static inline const char *name_filter_name(const struct name_filter *f, size_t id, size_t *len)
{
    return tk_name_table_name(&f->names, id, len);
}

#endif
