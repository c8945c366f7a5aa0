/* sources.c - family x variant x seed configurations (see include/takedown/sources.h). */
#include "takedown/sources.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "takedown/read_file.h"
#include "util/grow.h"

/* The seed's text for tags: the bare value when the spec only sets the family's seed
 * parameter, else the spec itself. */
static char *seed_label(const struct tk_family *family, const struct tk_args *args,
                        const char *spec)
{
    if (spec == NULL || *spec == '\0') {
        const char *v = family->seed_param ? tk_args_text(args, family->seed_param) : NULL;
        return strdup(v ? v : "");
    }
    if (family->seed_param) {
        size_t n = strlen(family->seed_param);
        if (strncmp(spec, family->seed_param, n) == 0 && spec[n] == '=' && !strchr(spec, ';'))
            return strdup(spec + n + 1);
    }
    return strdup(spec);
}

int tk_sources_add(struct tk_source_list *list, const struct tk_family *family,
                   const char *variant_name, const struct tk_overrides *overrides,
                   const char *seed_spec, struct tk_error *err)
{
    const struct tk_variant *variant = tk_family_variant(family, variant_name);
    struct tk_args *args = NULL;
    int rc;

    if (variant == NULL)
        return tk_error_set(err, TK_ERR_USAGE, "family %s has no variant '%s'", family->name,
                            variant_name);
    if ((rc = tk_args_new(family, variant, &args, err)))
        return rc;
    for (size_t i = 0; overrides && i < overrides->count; i++) {
        /* A date is a window parameter: families without one simply ignore it. */
        if (strcmp(overrides->keys[i], "date") == 0 && !tk_args_accepts(args, "date"))
            continue;
        if ((rc = tk_args_set(args, overrides->keys[i], overrides->values[i], err)))
            goto fail;
    }
    if (seed_spec && *seed_spec) {
        if (strchr(seed_spec, '=')) {
            rc = tk_args_set_pairs(args, seed_spec, err);
        } else if (family->seed_param) {
            rc = tk_args_set(args, family->seed_param, seed_spec, err);
        } else {
            rc = tk_error_set(err, TK_ERR_USAGE, "family %s has no seed parameter; give "
                              "key=value pairs", family->name);
        }
        if (rc)
            goto fail;
    }
    if ((rc = tk_args_check(args, err)))
        goto fail;
    if (tk_grow((void **)&list->items, &list->cap, list->count + 1, sizeof *list->items)) {
        rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory");
        goto fail;
    }
    struct tk_source *src = &list->items[list->count];
    src->family = family;
    src->variant = variant;
    src->args = args;
    src->seed = seed_label(family, args, seed_spec);
    if (src->seed == NULL) {
        rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory");
        goto fail;
    }
    list->count++;
    return TK_OK;
fail:
    tk_args_free(args);
    return rc;
}

int tk_sources_add_known(struct tk_source_list *list, const struct tk_family *family,
                         const char *variant, const struct tk_overrides *overrides,
                         struct tk_error *err)
{
    size_t before = list->count;
    for (const struct tk_seed *s = family->known_seeds; s && s->params; s++) {
        const char *seed_variant = s->variant && *s->variant ? s->variant : family->variants[0].name;
        if (variant && *variant && strcmp(variant, seed_variant) != 0)
            continue;
        int rc = tk_sources_add(list, family, seed_variant, overrides, s->params, err);
        if (rc)
            return rc;
    }
    if (list->count == before)
        return tk_sources_add(list, family, variant, overrides, NULL, err);
    return TK_OK;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        s[--n] = '\0';
    return s;
}

int tk_sources_load_file(struct tk_source_list *list, const char *path,
                         const struct tk_family *only, const char *variant,
                         const struct tk_overrides *overrides, struct tk_error *err)
{
    FILE *f = tk_file_open(path, err);
    char *line = NULL;
    size_t cap = 0, added = 0;
    long lineno = 0;
    int rc = TK_OK;

    if (f == NULL)
        return TK_ERR_IO;
    while (rc == TK_OK && getline(&line, &cap, f) > 0) {
        lineno++;
        char *hash = strchr(line, '#');
        if (hash)
            *hash = '\0';
        char *text = trim(line);
        if (*text == '\0')
            continue;
        char *space = strpbrk(text, " \t");
        const struct tk_family *family = only;
        const char *line_variant = variant, *spec = text;
        if (space || !only) {
            char *colon;
            if (space)
                *space = '\0';
            colon = strchr(text, ':');
            if (colon) {
                *colon = '\0';
                line_variant = colon + 1;
            }
            family = tk_family_find(text);
            spec = space ? trim(space + 1) : "";
            if (family == NULL) {
                rc = tk_error_set(err, TK_ERR_DATA, "%s:%ld: unknown family '%s' (expected "
                                  "FAMILY[:VARIANT] KEY=VALUE;...)", path, lineno, text);
                break;
            }
            if (only && family != only)
                continue;
        }
        rc = tk_sources_add(list, family, line_variant, overrides, spec, err);
        if (rc) {
            tk_error_prefix(err, "%s:%ld", path, lineno);
            if (rc == TK_ERR_USAGE)
                rc = err ? (int)(err->status = TK_ERR_DATA) : TK_ERR_DATA;
        }
        added++;
    }
    free(line);
    if (rc == TK_OK && ferror(f))
        rc = tk_error_set(err, TK_ERR_IO, "%s: read error", path);
    tk_file_close(f);
    if (rc == TK_OK && added == 0)
        rc = tk_error_set(err, TK_ERR_DATA, "%s: no seeds%s%s", path, only ? " for " : "",
                          only ? only->name : "");
    return rc;
}

void tk_sources_free(struct tk_source_list *list)
{
    for (size_t i = 0; i < list->count; i++) {
        tk_args_free(list->items[i].args);
        free(list->items[i].seed);
    }
    free(list->items);
    memset(list, 0, sizeof *list);
}
