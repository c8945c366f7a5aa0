/* strpool.c - string interning with an open addressing index over an array of copies (see
 * include/takedown/strpool.h). */
#include "takedown/strpool.h"

#include <stdlib.h>
#include <string.h>

#include "takedown/hash64.h"

struct tk_strpool {
    char **strings;     /* strings[id - 1] */
    uint64_t *hashes;   /* hashes[id - 1] */
    size_t *lengths;    /* lengths[id - 1] */
    uint32_t count, strings_cap;
    uint32_t *index;    /* id or 0, by hash */
    uint32_t index_cap; /* a power of two */
};

struct tk_strpool *tk_strpool_new(void)
{
    return calloc(1, sizeof(struct tk_strpool));
}

void tk_strpool_free(struct tk_strpool *p)
{
    if (p == NULL)
        return;
    for (uint32_t i = 0; i < p->count; i++)
        free(p->strings[i]);
    free(p->strings);
    free(p->hashes);
    free(p->lengths);
    free(p->index);
    free(p);
}

static void index_put(uint32_t *index, uint32_t cap, uint64_t hash, uint32_t id)
{
    uint32_t i = (uint32_t)hash & (cap - 1);
    while (index[i] != 0)
        i = (i + 1) & (cap - 1);
    index[i] = id;
}

static int grow_index(struct tk_strpool *p)
{
    uint32_t cap = p->index_cap ? p->index_cap * 2 : 64;
    uint32_t *index = calloc(cap, sizeof *index);
    if (index == NULL)
        return -1;
    for (uint32_t id = 1; id <= p->count; id++)
        index_put(index, cap, p->hashes[id - 1], id);
    free(p->index);
    p->index = index;
    p->index_cap = cap;
    return 0;
}

static int grow_strings(struct tk_strpool *p)
{
    uint32_t cap = p->strings_cap ? p->strings_cap * 2 : 32;
    char **strings = realloc(p->strings, cap * sizeof *strings);
    uint64_t *hashes;
    size_t *lengths;
    if (strings == NULL)
        return -1;
    p->strings = strings;
    if ((hashes = realloc(p->hashes, cap * sizeof *hashes)) == NULL)
        return -1;
    p->hashes = hashes;
    if ((lengths = realloc(p->lengths, cap * sizeof *lengths)) == NULL)
        return -1;
    p->lengths = lengths;
    p->strings_cap = cap;
    return 0;
}

uint32_t tk_strpool_intern(struct tk_strpool *p, const char *s, size_t len)
{
    uint64_t hash = tk_hash_bytes(s, len);
    char *copy;

    if (p->index_cap) {
        for (uint32_t i = (uint32_t)hash & (p->index_cap - 1); p->index[i] != 0;
             i = (i + 1) & (p->index_cap - 1)) {
            uint32_t id = p->index[i];
            if (p->hashes[id - 1] == hash && p->lengths[id - 1] == len
                && memcmp(p->strings[id - 1], s, len) == 0)
                return id;
        }
    }
    if ((p->count + 1) * 2 > p->index_cap && grow_index(p))
        return 0;
    if (p->count == p->strings_cap && grow_strings(p))
        return 0;
    if ((copy = malloc(len + 1)) == NULL)
        return 0;
    memcpy(copy, s, len);
    copy[len] = '\0';
    p->strings[p->count] = copy;
    p->hashes[p->count] = hash;
    p->lengths[p->count] = len;
    p->count++;
    index_put(p->index, p->index_cap, hash, p->count);
    return p->count;
}

const char *tk_strpool_get(const struct tk_strpool *p, uint32_t id)
{
    return id >= 1 && id <= p->count ? p->strings[id - 1] : "";
}
