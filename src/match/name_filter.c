/* name_filter.c - the set of a match's names that generated names are looked up in (see
 * name_filter.h). Hashed with the index's own hash (index_format.h), so a name costs one
 * hash whichever table it goes to. */
#include "match/name_filter.h"

#include <stdlib.h>
#include <string.h>

#include "match/index_format.h"
#include "takedown/domain.h"

int name_filter_init(struct name_filter *f, const char *const *names, const size_t *lens,
                     size_t count)
{
    memset(f, 0, sizeof *f);
    if (tk_name_table_init(&f->names, 64))
        return -1;
    for (size_t i = 0; i < count; i++) {
        char lower[256];
        size_t len = tk_domain_key(names[i], lens[i], lower);
        int added;
        if (len && tk_name_table_add(&f->names, lower, len,
                                     (uint32_t)index_hash(lower, len, INDEX_HASH_SEED),
                                     &added) < 0) {
            name_filter_free(f);
            return -1;
        }
    }
    size_t slots = 16;
    while (slots < f->names.count * 4)
        slots *= 2;
    f->slots = calloc(slots, sizeof *f->slots);
    f->bits = calloc(slots * 16 / 64, sizeof *f->bits);
    if (f->slots == NULL || f->bits == NULL) {
        name_filter_free(f);
        return -1;
    }
    f->slot_mask = slots - 1;
    f->bit_mask = slots * 16 - 1;
    for (size_t id = 0; id < f->names.count; id++) {
        size_t len;
        const char *name = tk_name_table_name(&f->names, id, &len);
        uint64_t h = index_hash(name, len, INDEX_HASH_SEED);
        size_t s = h & f->slot_mask;
        while (f->slots[s])
            s = (s + 1) & f->slot_mask;
        f->slots[s] = (h >> 32 << 32) | (id + 1);
        size_t bit = (h >> 32) & f->bit_mask;
        f->bits[bit / 64] |= (uint64_t)1 << (bit % 64);
    }
    return 0;
}

void name_filter_free(struct name_filter *f)
{
    tk_name_table_free(&f->names);
    free(f->slots);
    free(f->bits);
    memset(f, 0, sizeof *f);
}

int name_filter_has(const void *filter, const char *name, size_t len)
{
    const struct name_filter *f = filter;
    char lower[256];
    if ((len = tk_domain_key(name, len, lower)) == 0)
        return 0;
    uint64_t h = index_hash(lower, len, INDEX_HASH_SEED);
    size_t bit = (h >> 32) & f->bit_mask;
    if ((f->bits[bit / 64] >> (bit % 64) & 1) == 0)
        return 0;
    for (size_t s = h & f->slot_mask;; s = (s + 1) & f->slot_mask) {
        uint64_t slot = f->slots[s];
        if (slot == 0)
            return 0;
        if (slot >> 32 != h >> 32)
            continue;
        size_t have_len;
        const char *have = tk_name_table_name(&f->names, (uint32_t)slot - 1, &have_len);
        if (have_len == len && memcmp(have, lower, len) == 0)
            return 1;
    }
}
