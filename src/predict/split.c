/* split.c - names grouped by public suffix through libpsl (see include/takedown/split.h). */
#include "takedown/split.h"

#include <stdlib.h>
#include <string.h>

#include "takedown/domain.h"

static int compare_groups(const void *a, const void *b)
{
    return strcmp(((const struct tk_suffix_group *)a)->suffix,
                  ((const struct tk_suffix_group *)b)->suffix);
}

/* Few suffixes (tens to hundreds), so a linear search, tried first at the last hit, is
 * cheap next to the suffix lookup itself. */
static struct tk_suffix_group *find_group(struct tk_split *split, size_t *cap, size_t *last_hit,
                                          const char *suffix)
{
    size_t last = *last_hit;
    if (last < split->count && strcmp(split->groups[last].suffix, suffix) == 0)
        return &split->groups[last];
    for (size_t i = 0; i < split->count; i++)
        if (strcmp(split->groups[i].suffix, suffix) == 0)
            return &split->groups[*last_hit = i];
    if (split->count == *cap) {
        size_t n = *cap ? *cap * 2 : 64;
        struct tk_suffix_group *grown = realloc(split->groups, n * sizeof *grown);
        if (grown == NULL)
            return NULL;
        split->groups = grown;
        *cap = n;
    }
    struct tk_suffix_group *g = &split->groups[split->count];
    memset(g, 0, sizeof *g);
    g->suffix = strdup(suffix);
    if (g->suffix == NULL)
        return NULL;
    *last_hit = split->count++;
    return g;
}

int tk_split_by_suffix(const struct tk_nameset *set, struct tk_split *out, struct tk_error *err)
{
    size_t cap = 0, last_hit = 0;
    char name[256];
    int rc = tk_psl_init(err);

    memset(out, 0, sizeof *out);
    if (rc)
        return rc;
    for (size_t i = 0; i < tk_nameset_count(set); i++) {
        size_t len;
        const char *p = tk_nameset_name(set, i, &len);
        tk_domain_lower(p, len, name);
        name[len] = '\0';
        struct tk_suffix_group *g = find_group(out, &cap, &last_hit, tk_public_suffix(name));
        if (g == NULL)
            goto nomem;
        if (g->count == g->cap) {
            size_t n = g->cap ? g->cap * 2 : 1024;
            uint32_t *grown = realloc(g->names, n * sizeof *grown);
            if (grown == NULL)
                goto nomem;
            g->names = grown;
            g->cap = n;
        }
        g->names[g->count++] = (uint32_t)i;
    }
    qsort(out->groups, out->count, sizeof *out->groups, compare_groups);
    return TK_OK;
nomem:
    tk_split_free(out);
    return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
}

void tk_split_free(struct tk_split *split)
{
    for (size_t i = 0; i < split->count; i++) {
        free(split->groups[i].suffix);
        free(split->groups[i].names);
    }
    free(split->groups);
    memset(split, 0, sizeof *split);
}
