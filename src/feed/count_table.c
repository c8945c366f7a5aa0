/* count_table.c - the window's names with a count each (see count_table.h).
 *
 * Written like the sinkhole's name table (src/sinkhole/names.c) for the same memory budget:
 * one arena of records, each a length byte, the 32-bit count (unaligned) and the name, and
 * an open-addressing index of 8-byte slots (a 24-bit fingerprint of the name's hash and the
 * record's arena offset plus one in 40 bits) kept at a load of 3/8 to 3/4. A name costs its
 * text + 5 bytes and 11 to 21 bytes of index; the records lie in insertion order, so walking
 * the arena walks the zone in a fixed order without a separate array. */
#include "feed/count_table.h"

#include <stdlib.h>
#include <string.h>

#include "util/name_table.h"

#define RECORD_HEAD 5
#define OFFSET_BITS 40
#define OFFSET_MASK ((UINT64_C(1) << OFFSET_BITS) - 1)

int feed_table_init(struct feed_table *t)
{
    memset(t, 0, sizeof *t);
    t->slots = calloc(1 << 16, sizeof *t->slots);
    if (t->slots == NULL)
        return -1;
    t->slot_mask = (1 << 16) - 1;
    return 0;
}

void feed_table_free(struct feed_table *t)
{
    free(t->arena);
    free(t->slots);
    memset(t, 0, sizeof *t);
}

static uint64_t slot_of(uint32_t hash, uint64_t offset)
{
    return (uint64_t)(hash >> 8) << OFFSET_BITS | (offset + 1);
}

static uint32_t hash_at(const struct feed_table *t, uint64_t offset)
{
    const uint8_t *r = t->arena + offset;
    return tk_name_hash((const char *)r + RECORD_HEAD, r[0]);
}

/* Doubles the index, placing every record again. */
static int grow_slots(struct feed_table *t)
{
    size_t mask = t->slot_mask * 2 + 1;
    uint64_t *slots = calloc(mask + 1, sizeof *slots);
    if (slots == NULL)
        return -1;
    for (size_t i = 0; i <= t->slot_mask; i++) {
        if (t->slots[i] == 0)
            continue;
        uint64_t offset = (t->slots[i] & OFFSET_MASK) - 1;
        size_t s = hash_at(t, offset) & mask;
        while (slots[s])
            s = (s + 1) & mask;
        slots[s] = t->slots[i];
    }
    free(t->slots);
    t->slots = slots;
    t->slot_mask = mask;
    return 0;
}

static int grow_arena(struct feed_table *t, size_t need)
{
    if (t->arena_len + need <= t->arena_cap)
        return 0;
    size_t cap = t->arena_cap ? t->arena_cap + t->arena_cap / 2 : 1 << 20;
    while (cap < t->arena_len + need)
        cap += cap / 2;
    uint8_t *arena = realloc(t->arena, cap);
    if (arena == NULL)
        return -1;
    t->arena = arena;
    t->arena_cap = cap;
    return 0;
}

/* The slot holding name, or the empty one where it would go. */
static size_t probe(const struct feed_table *t, const char *name, size_t len, uint32_t hash)
{
    uint64_t fingerprint = (uint64_t)(hash >> 8) << OFFSET_BITS;
    size_t s = hash & t->slot_mask;
    while (t->slots[s]) {
        uint64_t slot = t->slots[s];
        if ((slot & ~OFFSET_MASK) == fingerprint) {
            const uint8_t *r = t->arena + (slot & OFFSET_MASK) - 1;
            if (r[0] == len && memcmp(r + RECORD_HEAD, name, len) == 0)
                return s;
        }
        s = (s + 1) & t->slot_mask;
    }
    return s;
}

int64_t feed_table_find(const struct feed_table *t, const char *name, size_t len)
{
    size_t s = probe(t, name, len, tk_name_hash(name, len));
    return t->slots[s] ? (int64_t)(t->slots[s] & OFFSET_MASK) - 1 : -1;
}

int64_t feed_table_add(struct feed_table *t, const char *name, size_t len)
{
    uint32_t hash = tk_name_hash(name, len);
    size_t s = probe(t, name, len, hash);
    if (t->slots[s])
        return (int64_t)(t->slots[s] & OFFSET_MASK) - 1;
    if (len == 0 || len > 255 || t->arena_len + RECORD_HEAD + len >= OFFSET_MASK
        || grow_arena(t, RECORD_HEAD + len))
        return -1;
    if ((t->count + 1) * 4 > (t->slot_mask + 1) * 3) {
        if (grow_slots(t))
            return -1;
        s = probe(t, name, len, hash);
    }
    uint64_t offset = t->arena_len;
    uint8_t *r = t->arena + offset;
    r[0] = (uint8_t)len;
    memset(r + 1, 0, 4);
    memcpy(r + RECORD_HEAD, name, len);
    t->arena_len += RECORD_HEAD + len;
    t->slots[s] = slot_of(hash, offset);
    t->count++;
    return (int64_t)offset;
}

uint32_t feed_table_value(const struct feed_table *t, uint64_t offset)
{
    uint32_t v;
    memcpy(&v, t->arena + offset + 1, 4);
    return v;
}

void feed_table_set(struct feed_table *t, uint64_t offset, uint32_t value)
{
    memcpy(t->arena + offset + 1, &value, 4);
}

const char *feed_table_name(const struct feed_table *t, uint64_t offset, size_t *len)
{
    *len = t->arena[offset];
    return (const char *)t->arena + offset + RECORD_HEAD;
}

uint64_t feed_table_next(const struct feed_table *t, uint64_t offset)
{
    return offset + RECORD_HEAD + t->arena[offset];
}

size_t feed_table_bytes(const struct feed_table *t)
{
    return t->arena_cap + (t->slot_mask + 1) * sizeof *t->slots;
}
