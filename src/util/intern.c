/* intern.c - string and key interning tables (see intern.h). Open addressing with linear
 * probing at a load of at most one half. */
#include "util/intern.h"

#include <stdlib.h>
#include <string.h>

#include "util/grow.h"

uint64_t intern_hash(const char *s, size_t len)
{
    uint64_t h = 0xCBF29CE484222325ull;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 0x100000001B3ull;
    return h ^ (h >> 29);
}

static uint64_t hash_key(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xFF51AFD7ED558CCDull;
    k ^= k >> 33;
    k *= 0xC4CEB9FE1A85EC53ull;
    return k ^ (k >> 33);
}

/* Makes room for one more id: allocates or doubles the slot table, placing every id i at
 * hash_of(table, i). */
static int reserve_slots(uint32_t **slots, size_t *mask, size_t count,
                         uint64_t (*hash_of)(const void *, size_t), const void *table)
{
    if (*slots && (count + 1) * 2 <= *mask + 1)
        return 0;
    size_t n = *slots ? (*mask + 1) * 2 : 64;
    uint32_t *fresh = calloc(n, sizeof *fresh);
    if (fresh == NULL)
        return -1;
    for (size_t i = 0; i < count; i++) {
        size_t s = hash_of(table, i) & (n - 1);
        while (fresh[s])
            s = (s + 1) & (n - 1);
        fresh[s] = (uint32_t)(i + 1);
    }
    free(*slots);
    *slots = fresh;
    *mask = n - 1;
    return 0;
}

const char *intern_string_at(const struct intern_strings *t, size_t id, size_t *len)
{
    const char *p = t->arena + t->offsets[id];
    uint16_t n;
    memcpy(&n, p, 2);
    if (len)
        *len = n;
    return p + 2;
}

static uint64_t string_hash_of(const void *table, size_t id)
{
    size_t len;
    const char *s = intern_string_at(table, id, &len);
    return intern_hash(s, len);
}

/* The slot that holds s (its id + 1), or the empty slot where s would go. */
static size_t find_slot(const struct intern_strings *t, const char *s, size_t len, uint64_t hash)
{
    size_t slot = hash & t->slot_mask;
    while (t->slots[slot]) {
        size_t n;
        const char *have = intern_string_at(t, t->slots[slot] - 1, &n);
        if (n == len && memcmp(have, s, len) == 0)
            break;
        slot = (slot + 1) & t->slot_mask;
    }
    return slot;
}

long intern_string(struct intern_strings *t, const char *s, size_t len, int *added)
{
    if (added)
        *added = 0;
    if (len > UINT16_MAX || t->count >= UINT32_MAX - 1
        || reserve_slots(&t->slots, &t->slot_mask, t->count, string_hash_of, t))
        return -1;
    size_t slot = find_slot(t, s, len, intern_hash(s, len));
    if (t->slots[slot])
        return (long)(t->slots[slot] - 1);
    if (tk_grow((void **)&t->arena, &t->arena_cap, t->arena_len + len + 3, 1)
        || tk_grow((void **)&t->offsets, &t->offsets_cap, t->count + 1, sizeof *t->offsets))
        return -1;
    uint16_t n = (uint16_t)len;
    t->offsets[t->count] = t->arena_len;
    memcpy(t->arena + t->arena_len, &n, 2);
    memcpy(t->arena + t->arena_len + 2, s, len);
    t->arena[t->arena_len + 2 + len] = '\0';
    t->arena_len += len + 3;
    t->slots[slot] = (uint32_t)(t->count + 1);
    if (added)
        *added = 1;
    return (long)t->count++;
}

long intern_string_find(const struct intern_strings *t, const char *s, size_t len)
{
    return intern_string_find_hashed(t, s, len, intern_hash(s, len));
}

long intern_string_find_hashed(const struct intern_strings *t, const char *s, size_t len,
                               uint64_t hash)
{
    if (t->slots == NULL)
        return -1;
    size_t slot = find_slot(t, s, len, hash);
    return t->slots[slot] ? (long)(t->slots[slot] - 1) : -1;
}

void intern_strings_free(struct intern_strings *t)
{
    free(t->arena);
    free(t->offsets);
    free(t->slots);
    memset(t, 0, sizeof *t);
}

static uint64_t key_hash_of(const void *table, size_t id)
{
    const struct intern_keys *t = table;
    return hash_key(t->keys[id]);
}

long intern_key(struct intern_keys *t, uint64_t key, int *added)
{
    if (added)
        *added = 0;
    if (t->count >= UINT32_MAX - 1 || reserve_slots(&t->slots, &t->slot_mask, t->count, key_hash_of, t))
        return -1;
    size_t slot = hash_key(key) & t->slot_mask;
    while (t->slots[slot]) {
        if (t->keys[t->slots[slot] - 1] == key)
            return (long)(t->slots[slot] - 1);
        slot = (slot + 1) & t->slot_mask;
    }
    if (tk_grow((void **)&t->keys, &t->keys_cap, t->count + 1, sizeof *t->keys))
        return -1;
    t->keys[t->count] = key;
    t->slots[slot] = (uint32_t)(t->count + 1);
    if (added)
        *added = 1;
    return (long)t->count++;
}

void intern_keys_free(struct intern_keys *t)
{
    free(t->keys);
    free(t->slots);
    memset(t, 0, sizeof *t);
}
