/* nameset.c - the de-duplicating name set of a prediction (see include/takedown/nameset.h):
 * the shared name table (src/util/name_table.h), each name's value the head of its chain of
 * tags. */
#include "takedown/nameset.h"

#include <stdlib.h>

#include "util/grow.h"
#include "util/name_table.h"

#define NO_TAG UINT32_MAX

struct tk_nameset {
    struct tk_name_table names; /* a name's value: its first tag */
    struct tk_name_tag *tags;
    size_t tag_count, tag_cap;
};

struct tk_nameset *tk_nameset_new(void)
{
    struct tk_nameset *set = calloc(1, sizeof *set);
    if (set == NULL)
        return NULL;
    if (tk_name_table_init(&set->names, 1024)) {
        free(set);
        return NULL;
    }
    return set;
}

void tk_nameset_free(struct tk_nameset *set)
{
    if (set == NULL)
        return;
    tk_name_table_free(&set->names);
    free(set->tags);
    free(set);
}

static int add_tag(struct tk_nameset *set, size_t id, uint32_t source, tk_day first, tk_day last)
{
    uint32_t *first_tag = tk_name_table_value(&set->names, id);
    uint32_t previous = NO_TAG;
    for (uint32_t t = *first_tag; t != NO_TAG; t = set->tags[t].next) {
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
        || tk_grow((void **)&set->tags, &set->tag_cap, set->tag_count + 1, sizeof *set->tags))
        return TK_ERR_NOMEM;
    uint32_t added = (uint32_t)set->tag_count++;
    set->tags[added] = (struct tk_name_tag){source, first, last, NO_TAG};
    if (previous == NO_TAG)
        *first_tag = added;
    else
        set->tags[previous].next = added;
    return TK_OK;
}

/* The id of name in the set, added without tags when new; -1 when out of memory. */
static long find_or_add(struct tk_nameset *set, const char *name, size_t len)
{
    int added;
    long id = tk_name_table_add(&set->names, name, len, tk_name_hash(name, len), &added);
    if (id >= 0 && added)
        *tk_name_table_value(&set->names, (size_t)id) = NO_TAG;
    return id;
}

int tk_nameset_add(struct tk_nameset *set, const char *name, size_t len, uint32_t source,
                   tk_day first, tk_day last)
{
    if (len == 0 || len > 255)
        return TK_ERR_USAGE;
    long id = find_or_add(set, name, len);
    if (id < 0)
        return TK_ERR_NOMEM;
    return add_tag(set, (size_t)id, source, first, last);
}

int tk_nameset_add_untagged(struct tk_nameset *set, const char *name, size_t len)
{
    if (len == 0 || len > 255)
        return TK_ERR_USAGE;
    return find_or_add(set, name, len) < 0 ? TK_ERR_NOMEM : TK_OK;
}

size_t tk_nameset_count(const struct tk_nameset *set)
{
    return set->names.count;
}

const char *tk_nameset_name(const struct tk_nameset *set, size_t i, size_t *len)
{
    return tk_name_table_name(&set->names, i, len);
}

uint32_t tk_nameset_first_tag(const struct tk_nameset *set, size_t i)
{
    return set->names.entries[i].value;
}

const struct tk_name_tag *tk_nameset_tag(const struct tk_nameset *set, uint32_t tag)
{
    return &set->tags[tag];
}

size_t tk_nameset_bytes(const struct tk_nameset *set)
{
    return tk_name_table_bytes(&set->names) + set->tag_cap * sizeof *set->tags;
}
