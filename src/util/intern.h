/* intern.h - two small hash tables: strings to dense ids (the hunt's names, clients and
 * families; the detector's training names and allow-list), and 64-bit keys to dense ids
 * (pairs of ids). Ids count up from 0 in first-seen order; nothing is ever removed.
 * Inside the library (src/match, src/detect). */
#ifndef TAKEDOWN_UTIL_INTERN_H
#define TAKEDOWN_UTIL_INTERN_H

#include <stddef.h>
#include <stdint.h>

struct intern_strings {
    char *arena;
    size_t arena_len, arena_cap;
    uint64_t *offsets; /* id -> offset of a length-prefixed (uint16) string in the arena */
    size_t count, offsets_cap;
    uint32_t *slots;   /* id + 1; 0 = empty */
    size_t slot_mask;
};

/* Returns the id of s (adding it when new, *added = 1), or -1 when out of memory. */
long intern_string(struct intern_strings *t, const char *s, size_t len, int *added);
/* The id of s, or -1 when it is not in the table. */
long intern_string_find(const struct intern_strings *t, const char *s, size_t len);
/* The hash the string tables use, and a lookup with it already computed (to look one
 * string up in several tables). */
uint64_t intern_hash(const char *s, size_t len);
long intern_string_find_hashed(const struct intern_strings *t, const char *s, size_t len,
                               uint64_t hash);
/* The string with id (NUL-terminated). */
const char *intern_string_at(const struct intern_strings *t, size_t id, size_t *len);
void intern_strings_free(struct intern_strings *t);

struct intern_keys {
    uint64_t *keys;    /* id -> key */
    size_t count, keys_cap;
    uint32_t *slots;
    size_t slot_mask;
};

long intern_key(struct intern_keys *t, uint64_t key, int *added);
void intern_keys_free(struct intern_keys *t);

#endif
