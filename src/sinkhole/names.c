/* names.c - the sinkhole's name table: one string arena and an open-addressing index
 * (see include/takedown/sinkhole_names.h).
 *
 * Written by hand because it is the answer path and the memory budget: each name costs its
 * text plus 6 bytes in the arena and one 8-byte slot (a 24-bit fingerprint and a 40-bit
 * arena offset) at a load factor of 3/8 to 3/4, so 10 million names fit in a few hundred
 * megabytes, and a lookup is one hash and usually one cache line of the arena.
 *
 * Arena record: length (1 byte), flags (1), first tag index (4, unaligned), name. */
#include "takedown/sinkhole_names.h"

#include <stdlib.h>
#include <string.h>

#include "takedown/family.h"
#include "util/grow.h"
#include "util/name_table.h"

#define NO_TAG UINT32_MAX
#define RECORD_HEAD 6
#define OFFSET_BITS 40
#define OFFSET_MASK ((UINT64_C(1) << OFFSET_BITS) - 1)

struct label {
    char *family, *variant, *seed;
    size_t family_index; /* in the family registry; tk_family_count() when unknown */
};

struct tag {
    uint32_t label;
    tk_day first, last;
    uint32_t next; /* the name's next tag, or NO_TAG */
};

struct tk_names {
    uint8_t *arena;
    size_t arena_len, arena_cap;
    uint64_t *slots;
    size_t slot_mask, count, zones;
    struct tag *tags;
    size_t tag_count, tag_cap;
    uint32_t *tag_index; /* interned (label, first, last): tag number + 1 */
    size_t tag_index_mask, interned;
    struct label *labels;
    size_t label_count, label_cap;
};

/* The index uses 64 bits: the low bits pick the slot, the top 24 are the fingerprint. */
static uint64_t hash64(const char *name, size_t len)
{
    uint64_t lo = tk_name_hash(name, len);
    uint64_t hi = (lo * 0x9E3779B97F4A7C15ull) >> 32;
    return hi << 32 | lo;
}

struct tk_names *tk_names_new(void)
{
    struct tk_names *n = calloc(1, sizeof *n);
    if (n == NULL)
        return NULL;
    n->slot_mask = 1023;
    n->slots = calloc(n->slot_mask + 1, sizeof *n->slots);
    n->tag_index_mask = 255;
    n->tag_index = calloc(n->tag_index_mask + 1, sizeof *n->tag_index);
    if (n->slots == NULL || n->tag_index == NULL) {
        tk_names_free(n);
        return NULL;
    }
    return n;
}

void tk_names_free(struct tk_names *n)
{
    if (n == NULL)
        return;
    for (size_t i = 0; i < n->label_count; i++) {
        free(n->labels[i].family);
        free(n->labels[i].variant);
        free(n->labels[i].seed);
    }
    free(n->labels);
    free(n->tags);
    free(n->tag_index);
    free(n->slots);
    free(n->arena);
    free(n);
}

static uint8_t *record_at(const struct tk_names *n, uint64_t slot)
{
    return n->arena + ((slot & OFFSET_MASK) - 1);
}

static uint32_t record_tag(const uint8_t *rec)
{
    uint32_t tag;
    memcpy(&tag, rec + 2, 4);
    return tag;
}

/* The slot holding name, or the empty slot where it would go. */
static size_t find_slot(const struct tk_names *n, const char *name, size_t len, uint64_t h)
{
    uint64_t fp = h >> OFFSET_BITS;
    size_t i = (size_t)h & n->slot_mask;
    for (;;) {
        uint64_t s = n->slots[i];
        if (s == 0)
            return i;
        if (s >> OFFSET_BITS == fp) {
            const uint8_t *rec = record_at(n, s);
            if (rec[0] == len && memcmp(rec + RECORD_HEAD, name, len) == 0)
                return i;
        }
        i = (i + 1) & n->slot_mask;
    }
}

/* Rebuilds the index with cap slots (a power of two, above the count). */
static int resize_index(struct tk_names *n, size_t cap)
{
    uint64_t *old = n->slots;
    size_t old_cap = n->slot_mask + 1;
    n->slots = calloc(cap, sizeof *n->slots);
    if (n->slots == NULL) {
        n->slots = old;
        return -1;
    }
    n->slot_mask = cap - 1;
    for (size_t i = 0; i < old_cap; i++) {
        if (old[i] == 0)
            continue;
        const uint8_t *rec = record_at(n, old[i]);
        uint64_t h = hash64((const char *)rec + RECORD_HEAD, rec[0]);
        size_t j = (size_t)h & n->slot_mask;
        while (n->slots[j])
            j = (j + 1) & n->slot_mask;
        n->slots[j] = old[i];
    }
    free(old);
    return 0;
}

static int grow_index(struct tk_names *n)
{
    return resize_index(n, (n->slot_mask + 1) * 2);
}

static long intern_label(struct tk_names *n, const struct tk_names_tag_input *in)
{
    const char *family = in->family ? in->family : "";
    const char *variant = in->variant ? in->variant : "";
    const char *seed = in->seed ? in->seed : "";
    for (size_t i = n->label_count; i-- > 0;)
        if (!strcmp(n->labels[i].family, family) && !strcmp(n->labels[i].variant, variant)
            && !strcmp(n->labels[i].seed, seed))
            return (long)i;
    if (tk_grow((void **)&n->labels, &n->label_cap, n->label_count + 1, sizeof *n->labels))
        return -1;
    struct label *l = &n->labels[n->label_count];
    l->family = strdup(family);
    l->variant = strdup(variant);
    l->seed = strdup(seed);
    if (!l->family || !l->variant || !l->seed) {
        free(l->family);
        free(l->variant);
        free(l->seed);
        return -1;
    }
    l->family_index = tk_family_count();
    for (size_t i = 0; i < tk_family_count(); i++)
        if (strcmp(tk_family_at(i)->name, family) == 0)
            l->family_index = i;
    return (long)n->label_count++;
}

static size_t tag_hash(uint32_t label, tk_day first, tk_day last)
{
    uint64_t h = ((uint64_t)label << 40) ^ ((uint64_t)(uint32_t)first << 20) ^ (uint32_t)last;
    h *= 0x9E3779B97F4A7C15ull;
    return (size_t)(h >> 20);
}

static int rebuild_tag_index(struct tk_names *n)
{
    size_t cap = (n->tag_index_mask + 1) * 2;
    uint32_t *index = calloc(cap, sizeof *index);
    if (index == NULL)
        return -1;
    for (size_t t = 0; t < n->tag_count; t++) {
        if (n->tags[t].next != NO_TAG)
            continue; /* only interned tags (chain ends) are indexed */
        size_t i = tag_hash(n->tags[t].label, n->tags[t].first, n->tags[t].last) & (cap - 1);
        while (index[i])
            i = (i + 1) & (cap - 1);
        index[i] = (uint32_t)t + 1;
    }
    free(n->tag_index);
    n->tag_index = index;
    n->tag_index_mask = cap - 1;
    return 0;
}

/* The interned tag for (label, first, last): tags with next == NO_TAG are the interned
 * ones, chains are built from copies. Returns NO_TAG when out of memory. */
static uint32_t intern_tag(struct tk_names *n, uint32_t label, tk_day first, tk_day last)
{
    size_t i = tag_hash(label, first, last) & n->tag_index_mask;
    for (; n->tag_index[i]; i = (i + 1) & n->tag_index_mask) {
        const struct tag *t = &n->tags[n->tag_index[i] - 1];
        if (t->label == label && t->first == first && t->last == last)
            return n->tag_index[i] - 1;
    }
    if (n->tag_count >= NO_TAG - 1
        || tk_grow((void **)&n->tags, &n->tag_cap, n->tag_count + 1, sizeof *n->tags))
        return NO_TAG;
    uint32_t id = (uint32_t)n->tag_count++;
    n->tags[id] = (struct tag){label, first, last, NO_TAG};
    n->tag_index[i] = id + 1;
    if (++n->interned * 2 > n->tag_index_mask && rebuild_tag_index(n) != 0)
        return NO_TAG;
    return id;
}

/* Adds the interned tag t to the chain starting at head; returns the new head. */
static uint32_t chain_tag(struct tk_names *n, uint32_t head, uint32_t t)
{
    if (head == NO_TAG)
        return t;
    for (uint32_t c = head; c != NO_TAG; c = n->tags[c].next)
        if (n->tags[c].label == n->tags[t].label && n->tags[c].first == n->tags[t].first
            && n->tags[c].last == n->tags[t].last)
            return head;
    if (tk_grow((void **)&n->tags, &n->tag_cap, n->tag_count + 1, sizeof *n->tags))
        return NO_TAG;
    struct tag copy = n->tags[t];
    copy.next = head;
    n->tags[n->tag_count] = copy;
    return (uint32_t)n->tag_count++;
}

int tk_names_reserve(struct tk_names *n, size_t count, size_t text_bytes)
{
    size_t cap = n->slot_mask + 1;
    while ((n->count + count) * 4 > cap * 3)
        cap *= 2;
    if (cap > n->slot_mask + 1 && resize_index(n, cap) != 0)
        return TK_ERR_NOMEM;
    size_t need = n->arena_len + text_bytes + count * RECORD_HEAD;
    if (need > n->arena_cap) {
        uint8_t *grown = realloc(n->arena, need);
        if (grown == NULL)
            return TK_ERR_NOMEM;
        n->arena = grown;
        n->arena_cap = need;
    }
    return TK_OK;
}

int tk_names_add(struct tk_names *n, const char *name, size_t len, unsigned flags,
                 const struct tk_names_tag_input *tag, struct tk_error *err)
{
    if (len == 0 || len > 253)
        return tk_error_set(err, TK_ERR_DATA, "expected a domain name of 1 to 253 bytes");
    if ((n->count + 1) * 4 > (n->slot_mask + 1) * 3 && grow_index(n) != 0)
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    uint64_t h = hash64(name, len);
    size_t i = find_slot(n, name, len, h);
    uint8_t *rec;
    if (n->slots[i] == 0) {
        size_t need = n->arena_len + RECORD_HEAD + len;
        if (need > OFFSET_MASK - 1)
            return tk_error_set(err, TK_ERR_NOMEM, "too many names");
        if (tk_grow((void **)&n->arena, &n->arena_cap, need, 1))
            return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
        rec = n->arena + n->arena_len;
        uint32_t none = NO_TAG;
        rec[0] = (uint8_t)len;
        rec[1] = 0;
        memcpy(rec + 2, &none, 4);
        memcpy(rec + RECORD_HEAD, name, len);
        n->slots[i] = (h >> OFFSET_BITS) << OFFSET_BITS | (uint64_t)(n->arena_len + 1);
        n->arena_len = need;
        n->count++;
    } else {
        rec = record_at(n, n->slots[i]);
    }
    if ((flags & TK_NAME_SUBTREE) && !(rec[1] & TK_NAME_SUBTREE))
        n->zones++;
    rec[1] = (uint8_t)(rec[1] | flags);
    if (tag && tag->family && tag->family[0]) {
        long label = intern_label(n, tag);
        uint32_t t = label < 0 ? NO_TAG : intern_tag(n, (uint32_t)label, tag->first, tag->last);
        uint32_t head = t == NO_TAG ? NO_TAG : chain_tag(n, record_tag(rec), t);
        if (head == NO_TAG)
            return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
        memcpy(rec + 2, &head, 4);
    }
    return TK_OK;
}

void tk_names_compact(struct tk_names *n)
{
    if (n->arena_len && n->arena_len < n->arena_cap) {
        uint8_t *fit = realloc(n->arena, n->arena_len);
        if (fit) {
            n->arena = fit;
            n->arena_cap = n->arena_len;
        }
    }
}

static const uint8_t *find(const struct tk_names *n, const char *name, size_t len)
{
    size_t i = find_slot(n, name, len, hash64(name, len));
    return n->slots[i] ? record_at(n, n->slots[i]) : NULL;
}

void tk_names_lookup(const struct tk_names *n, const char *name, size_t len,
                     struct tk_names_match *m)
{
    m->result = TK_NAMES_MISS;
    m->apex_offset = 0;
    m->tag = NO_TAG;
    if (len == 0)
        return;
    const uint8_t *rec = find(n, name, len);
    if (rec && (rec[1] & TK_NAME_LISTED)) {
        m->result = TK_NAMES_APEX;
        m->tag = record_tag(rec);
        return;
    }
    for (size_t i = 0; i < len; i++) {
        if (name[i] != '.')
            continue;
        rec = find(n, name + i + 1, len - i - 1);
        if (rec == NULL)
            continue;
        m->result = (rec[1] & TK_NAME_SUBTREE) ? TK_NAMES_BELOW : TK_NAMES_NXDOMAIN;
        m->apex_offset = i + 1;
        m->tag = record_tag(rec);
        return;
    }
}

static void copy_cut(char *out, size_t size, const char *s)
{
    size_t len = strlen(s);
    if (len >= size)
        len = size - 1;
    memcpy(out, s, len);
    out[len] = '\0';
}

void tk_names_tag(const struct tk_names *n, uint32_t tag, struct tk_event_tag *out)
{
    if (tag == NO_TAG || tag >= n->tag_count) {
        out->family[0] = '\0';
        return;
    }
    const struct tag *t = &n->tags[tag];
    const struct label *l = &n->labels[t->label];
    copy_cut(out->family, sizeof out->family, l->family);
    copy_cut(out->variant, sizeof out->variant, l->variant);
    copy_cut(out->seed, sizeof out->seed, l->seed);
    out->first = t->first;
    out->last = t->last;
}

size_t tk_names_tag_family(const struct tk_names *n, uint32_t tag)
{
    if (tag == NO_TAG || tag >= n->tag_count)
        return tk_family_count() + 1;
    return n->labels[n->tags[tag].label].family_index;
}

size_t tk_names_count(const struct tk_names *n)
{
    return n->count;
}

size_t tk_names_zone_count(const struct tk_names *n)
{
    return n->zones;
}

size_t tk_names_bytes(const struct tk_names *n)
{
    size_t bytes = sizeof *n + n->arena_cap + (n->slot_mask + 1) * sizeof *n->slots
                   + n->tag_cap * sizeof *n->tags + (n->tag_index_mask + 1) * sizeof(uint32_t)
                   + n->label_cap * sizeof *n->labels;
    for (size_t i = 0; i < n->label_count; i++)
        bytes += strlen(n->labels[i].family) + strlen(n->labels[i].variant)
                 + strlen(n->labels[i].seed) + 3;
    return bytes;
}
