/* name_table.c - open-addressing hash table of names over one arena (see name_table.h).
 *
 * Written by hand because it is the hot path of every window prediction and index build
 * (millions of inserts) and needs first-seen ids and a compact layout (16 bytes a name plus
 * the text), which no general-purpose C hash table in Debian gives together. Linear probing
 * at a load of at most one half; the table doubles before an insert would pass it. */
#include "util/name_table.h"

#include <stdlib.h>
#include <string.h>

#include "util/grow.h"

uint32_t tk_name_hash(const char *name, size_t len)
{
    uint64_t h = 0x9E3779B97F4A7C15ull ^ (uint64_t)len;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, name + i, 8);
        h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
        h ^= h >> 31;
    }
    uint64_t tail = 0;
    memcpy(&tail, name + i, len - i);
    h = (h ^ tail) * 0x94D049BB133111EBull;
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9ull;
    h ^= h >> 32;
    return (uint32_t)h;
}

int tk_name_table_init(struct tk_name_table *t, size_t slots)
{
    memset(t, 0, sizeof *t);
    t->slots = calloc(slots, sizeof *t->slots);
    if (t->slots == NULL)
        return -1;
    t->slot_mask = slots - 1;
    return 0;
}

void tk_name_table_free(struct tk_name_table *t)
{
    free(t->arena);
    free(t->entries);
    free(t->slots);
    memset(t, 0, sizeof *t);
}

/* Doubles the slot table, placing every id again by its hash. */
static int rehash(struct tk_name_table *t)
{
    size_t mask = t->slot_mask * 2 + 1;
    uint32_t *slots = calloc(mask + 1, sizeof *slots);
    if (slots == NULL)
        return -1;
    for (size_t i = 0; i < t->count; i++) {
        size_t s = t->entries[i].hash & mask;
        while (slots[s])
            s = (s + 1) & mask;
        slots[s] = (uint32_t)(i + 1);
    }
    free(t->slots);
    t->slots = slots;
    t->slot_mask = mask;
    return 0;
}

long tk_name_table_add(struct tk_name_table *t, const char *name, size_t len, uint32_t hash,
                       int *added)
{
    *added = 0;
    if (len == 0 || len > 255 || ((t->count + 1) * 2 > t->slot_mask && rehash(t)))
        return -1;
    size_t s = hash & t->slot_mask;
    while (t->slots[s]) {
        uint32_t id = t->slots[s] - 1;
        const struct tk_name_entry *e = &t->entries[id];
        if (e->hash == hash && (unsigned char)t->arena[e->offset] == len
            && memcmp(t->arena + e->offset + 1, name, len) == 0)
            return id;
        s = (s + 1) & t->slot_mask;
    }
    if (t->count >= UINT32_MAX - 1
        || tk_grow((void **)&t->arena, &t->arena_cap, t->arena_len + len + 1, 1)
        || tk_grow((void **)&t->entries, &t->entries_cap, t->count + 1, sizeof *t->entries))
        return -1;
    struct tk_name_entry *e = &t->entries[t->count];
    e->offset = t->arena_len;
    e->hash = hash;
    e->value = 0;
    t->arena[t->arena_len] = (char)len;
    memcpy(t->arena + t->arena_len + 1, name, len);
    t->arena_len += len + 1;
    t->slots[s] = (uint32_t)(t->count + 1);
    *added = 1;
    return (long)t->count++;
}

size_t tk_name_table_bytes(const struct tk_name_table *t)
{
    return t->arena_cap + t->entries_cap * sizeof *t->entries
           + (t->slot_mask + 1) * sizeof *t->slots;
}
