/* split.c - names grouped by public suffix through libpsl (see include/takedown/split.h). */
#include "takedown/split.h"

#include <stdlib.h>
#include <string.h>

#include "takedown/domain.h"
#include "util/grow.h"

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
    if (tk_grow((void **)&split->groups, cap, split->count + 1, sizeof *split->groups))
        return NULL;
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
        if (tk_grow((void **)&g->names, &g->cap, g->count + 1, sizeof *g->names))
            goto nomem;
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
