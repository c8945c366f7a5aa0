/* name_table.h - an open-addressing hash table of names over one arena: each name once,
 * with dense ids in first-seen order; nothing is ever removed.
 *
 * What the prediction's name set (src/predict/nameset.c) and the index builder
 * (src/match/index_build.c) are built on. Each name carries one 32-bit value of the
 * caller's, in the same 16 bytes as its offset and hash (the head of the name's tag or
 * range chain), so the hot path touches one entry; anything more goes in the caller's own
 * arrays, indexed by the name's id. The caller hashes, so the index builder can use the hash
 * its file format defines; one table holds names hashed one way. */
#ifndef TAKEDOWN_UTIL_NAME_TABLE_H
#define TAKEDOWN_UTIL_NAME_TABLE_H

#include <stddef.h>
#include <stdint.h>

struct tk_name_entry {
    uint64_t offset; /* into the arena: one length byte, then the name */
    uint32_t hash;
    uint32_t value;  /* the caller's; 0 when the name is added */
};

struct tk_name_table {
    char *arena;
    size_t arena_len, arena_cap;
    struct tk_name_entry *entries; /* by id */
    size_t count, entries_cap;
    uint32_t *slots; /* id + 1; 0 = empty */
    size_t slot_mask;
};

/* A fast 32-bit hash of a name: a multiply-xorshift over 8-byte words, since names are short
 * and a per-byte hash (FNV) would cost more than the probe. The name set and the sinkhole's
 * name table hash with it, and the sinkhole picks a name's address with it, so the same name
 * gets the same address across restarts and reloads: its values must not change. */
uint32_t tk_name_hash(const char *name, size_t len);

/* An empty table with slots slots (a power of two). Returns 0, or -1 when out of memory. */
int tk_name_table_init(struct tk_name_table *t, size_t slots);
void tk_name_table_free(struct tk_name_table *t);

/* The id of name (1 to 255 bytes), whose hash is hash, adding it when it is new (then
 * *added = 1, else 0). Returns -1 when out of memory or when the table is full (UINT32_MAX - 1
 * names). */
long tk_name_table_add(struct tk_name_table *t, const char *name, size_t len, uint32_t hash,
                       int *added);

/* Name id (not NUL-terminated) and its length. */
static inline const char *tk_name_table_name(const struct tk_name_table *t, size_t id,
                                             size_t *len)
{
    const char *p = t->arena + t->entries[id].offset;
    *len = (unsigned char)p[0];
    return p + 1;
}

/* The caller's value of name id. */
static inline uint32_t *tk_name_table_value(struct tk_name_table *t, size_t id)
{
    return &t->entries[id].value;
}

/* The bytes the table holds allocated. */
size_t tk_name_table_bytes(const struct tk_name_table *t);

#endif
