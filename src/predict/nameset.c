/* nameset.c - open-addressing hash set of names over one string arena
 * (see include/takedown/nameset.h).
 *
 * Written by hand because it is the hot path of every window prediction (millions of
 * inserts) and needs insertion order, per-name tags and a compact layout (16 bytes a name
 * plus the text), which no general-purpose C hash table in Debian gives together. */
#include "takedown/nameset.h"

#include <stdlib.h>
#include <string.h>

#define NO_TAG UINT32_MAX

struct entry {
    uint64_t offset; /* into the arena: one length byte, then the name */
    uint32_t hash;
    uint32_t first_tag;
};

struct tk_nameset {
    char *arena;
    size_t arena_len, arena_cap;
    struct entry *entries;
    size_t count, entries_cap;
    uint32_t *slots; /* entry index + 1; 0 = empty */
    size_t slot_mask;
    struct tk_name_tag *tags;
    size_t tag_count, tag_cap;
};

/* A multiply-xorshift hash over 8-byte words: names are short, so per-byte hashes
 * (FNV) would cost more than the probe itself. */
static uint32_t hash_name(const char *name, size_t len)
{
    uint64_t h = 0x9E3779B97F4A7C15ull ^ len;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, name + i, 8);
        h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
        h ^= h >> 29;
    }
    uint64_t tail = 0;
    memcpy(&tail, name + i, len - i);
    h = (h ^ tail) * 0x94D049BB133111EBull;
    h ^= h >> 32;
    return (uint32_t)h;
}

struct tk_nameset *tk_nameset_new(void)
{
    struct tk_nameset *set = calloc(1, sizeof *set);
    if (set == NULL)
        return NULL;
    set->slot_mask = 1023;
    set->slots = calloc(set->slot_mask + 1, sizeof *set->slots);
    if (set->slots == NULL) {
        free(set);
        return NULL;
    }
    return set;
}

void tk_nameset_free(struct tk_nameset *set)
{
    if (set == NULL)
        return;
    free(set->arena);
    free(set->entries);
    free(set->slots);
    free(set->tags);
    free(set);
}

static int grow(void **buf, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t n = *cap ? *cap : 1024;
    while (n < need)
        n *= 2;
    void *grown = realloc(*buf, n * elem);
    if (grown == NULL)
        return -1;
    *buf = grown;
    *cap = n;
    return 0;
}

static int rehash(struct tk_nameset *set)
{
    size_t mask = set->slot_mask * 2 + 1;
    uint32_t *slots = calloc(mask + 1, sizeof *slots);
    if (slots == NULL)
        return -1;
    for (size_t i = 0; i < set->count; i++) {
        size_t s = set->entries[i].hash & mask;
        while (slots[s])
            s = (s + 1) & mask;
        slots[s] = (uint32_t)(i + 1);
    }
    free(set->slots);
    set->slots = slots;
    set->slot_mask = mask;
    return 0;
}

static int add_tag(struct tk_nameset *set, struct entry *e, uint32_t source, tk_day first,
                   tk_day last)
{
    uint32_t previous = NO_TAG;
    for (uint32_t t = e->first_tag; t != NO_TAG; t = set->tags[t].next) {
        struct tk_name_tag *tag = &set->tags[t];
        if (tag->source == source) {
            if (first < tag->first)
                tag->first = first;
            if (last > tag->last)
                tag->last = last;
            return TK_OK;
        }
        previous = t;
    }
    if (set->tag_count >= NO_TAG
        || grow((void **)&set->tags, &set->tag_cap, set->tag_count + 1, sizeof *set->tags))
        return TK_ERR_NOMEM;
    uint32_t added = (uint32_t)set->tag_count++;
    set->tags[added] = (struct tk_name_tag){source, first, last, NO_TAG};
    if (previous == NO_TAG)
        e->first_tag = added;
    else
        set->tags[previous].next = added;
    return TK_OK;
}

int tk_nameset_add(struct tk_nameset *set, const char *name, size_t len, uint32_t source,
                   tk_day first, tk_day last)
{
    if (len == 0 || len > 255)
        return TK_ERR_USAGE;
    uint32_t h = hash_name(name, len);
    size_t s = h & set->slot_mask;
    while (set->slots[s]) {
        struct entry *e = &set->entries[set->slots[s] - 1];
        if (e->hash == h && (unsigned char)set->arena[e->offset] == len
            && memcmp(set->arena + e->offset + 1, name, len) == 0)
            return add_tag(set, e, source, first, last);
        s = (s + 1) & set->slot_mask;
    }
    if (set->count >= UINT32_MAX - 1
        || grow((void **)&set->arena, &set->arena_cap, set->arena_len + len + 1, 1)
        || grow((void **)&set->entries, &set->entries_cap, set->count + 1, sizeof *set->entries))
        return TK_ERR_NOMEM;
    struct entry *e = &set->entries[set->count];
    e->offset = set->arena_len;
    e->hash = h;
    e->first_tag = NO_TAG;
    set->arena[set->arena_len] = (char)len;
    memcpy(set->arena + set->arena_len + 1, name, len);
    set->arena_len += len + 1;
    set->slots[s] = (uint32_t)(set->count + 1);
    set->count++;
    if (add_tag(set, e, source, first, last))
        return TK_ERR_NOMEM;
    if (set->count * 2 > set->slot_mask && rehash(set))
        return TK_ERR_NOMEM;
    return TK_OK;
}

size_t tk_nameset_count(const struct tk_nameset *set)
{
    return set->count;
}

const char *tk_nameset_name(const struct tk_nameset *set, size_t i, size_t *len)
{
    const char *p = set->arena + set->entries[i].offset;
    *len = (unsigned char)p[0];
    return p + 1;
}

uint32_t tk_nameset_first_tag(const struct tk_nameset *set, size_t i)
{
    return set->entries[i].first_tag;
}

const struct tk_name_tag *tk_nameset_tag(const struct tk_nameset *set, uint32_t tag)
{
    return &set->tags[tag];
}

size_t tk_nameset_bytes(const struct tk_nameset *set)
{
    return set->arena_cap + set->entries_cap * sizeof *set->entries
           + (set->slot_mask + 1) * sizeof *set->slots + set->tag_cap * sizeof *set->tags;
}
