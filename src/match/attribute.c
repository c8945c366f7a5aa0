/* attribute.c - attribution without an index: the sources to consider and the name-shape
 * filter (see include/takedown/attribute.h; the search itself is tk_index_build_names). */
#include "takedown/attribute.h"

#include <string.h>

#include "takedown/local_seeds.h"

/* ---- the shape filter ---- */

/* True when c is in a charset written as ranges ("a-z0-9-"). */
static int in_charset(const char *set, char c)
{
    for (size_t i = 0; set[i]; i++) {
        if (set[i + 1] == '-' && set[i + 2]) {
            if (c >= set[i] && c <= set[i + 2])
                return 1;
            i += 2;
        } else if (set[i] == c) {
            return 1;
        }
    }
    return 0;
}

/* True when name ends in one of the declared suffixes (as ".suffix") and the label before
 * it has the declared charset and length. */
static int suffix_fits(const char *tlds, const char *name, size_t len, const char *charset,
                       int lo, int hi)
{
    for (const char *p = tlds; p && *p;) {
        const char *end = strchr(p, ',');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n + 1 < len && name[len - n - 1] == '.' && memcmp(name + len - n, p, n) == 0) {
            size_t label = len - n - 1;
            int ok = (int)label >= lo && (int)label <= hi;
            for (size_t i = 0; ok && i < label; i++)
                ok = in_charset(charset, name[i]);
            if (ok)
                return 1;
        }
        p = end ? end + 1 : NULL;
    }
    return 0;
}

/* The tag text tk_sources_add gives a known seed (its bare value, or its parameters). */
static int seed_label_is(const struct tk_family *family, const char *params, const char *label)
{
    if (family->seed_param) {
        size_t n = strlen(family->seed_param);
        if (strncmp(params, family->seed_param, n) == 0 && params[n] == '=' && !strchr(params, ';'))
            return strcmp(params + n + 1, label) == 0;
    }
    return strcmp(params, label) == 0;
}

/* True when the source is configured only as the family declares for its known seeds: its
 * explicit parameters are the seed parameter and the date, or it is a known seed. */
static int declared_shape_applies(const struct tk_source *src)
{
    const struct tk_family *f = src->family;
    int only_seed = 1;
    for (const struct tk_param_def *p = f->params; p && p->name && only_seed; p++) {
        if (strcmp(p->name, "date") == 0 || (f->seed_param && strcmp(p->name, f->seed_param) == 0))
            continue;
        if (tk_args_accepts(src->args, p->name) && tk_args_was_set(src->args, p->name))
            only_seed = 0;
    }
    if (only_seed)
        return 1;
    for (const struct tk_seed *s = f->known_seeds; s && s->params; s++) {
        const char *v = s->variant && *s->variant ? s->variant : f->variants[0].name;
        if (strcmp(v, src->variant->name) == 0 && seed_label_is(f, s->params, src->seed))
            return 1;
    }
    return 0;
}

int tk_source_could_generate(const struct tk_source *src, const char *name, size_t len)
{
    const struct tk_family *f = src->family;
    const struct tk_variant *v = src->variant;
    if (!declared_shape_applies(src))
        return 1;
    const char *tlds = v->tlds ? v->tlds : f->tlds;
    const char *charset = v->charset ? v->charset : f->charset;
    int lo = v->label_min ? v->label_min : f->label_min;
    int hi = v->label_max ? v->label_max : f->label_max;
    if (tlds == NULL || charset == NULL)
        return 1;
    return suffix_fits(tlds, name, len, charset, lo, hi);
}
