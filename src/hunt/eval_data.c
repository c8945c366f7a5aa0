/* eval_data.c - the inputs of the host hunt's evaluation: the labelled real-world names by
 * family (CSV family,domain,date), and a detector trained without the evaluated families. */
#include <stdlib.h>
#include <string.h>

#include "hunt/eval_internal.h"
#include "takedown/family.h"
#include "takedown/read_file.h"

static int by_string(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Calls row(ctx, family, domain) for each data row of a sample file. */
static int each_row(const char *path, int (*row)(void *, const char *, const char *),
                    void *ctx, struct tk_error *err)
{
    char *text;
    size_t len;
    int rc = tk_read_file(path, &text, &len, err);
    if (rc)
        return rc;
    char *save = NULL;
    for (char *line = strtok_r(text, "\r\n", &save); line && rc == TK_OK;
         line = strtok_r(NULL, "\r\n", &save)) {
        char *comma = strchr(line, ',');
        if (comma == NULL || strncmp(line, "family,", 7) == 0)
            continue;
        *comma = '\0';
        char *end = strchr(comma + 1, ',');
        if (end)
            *end = '\0';
        if (*line && comma[1])
            rc = row(ctx, line, comma + 1);
    }
    free(text);
    return rc;
}

struct name_list {
    char **items;
    size_t count, cap;
};

static int list_add(struct name_list *list, const char *s)
{
    if (list->count == list->cap) {
        size_t cap = list->cap ? list->cap * 2 : 64;
        char **grown = realloc(list->items, cap * sizeof *grown);
        if (grown == NULL)
            return TK_ERR_NOMEM;
        list->items = grown;
        list->cap = cap;
    }
    if ((list->items[list->count] = strdup(s)) == NULL)
        return TK_ERR_NOMEM;
    list->count++;
    return TK_OK;
}

static int add_family(void *ctx, const char *family, const char *domain)
{
    (void)domain;
    return list_add(ctx, family);
}

int tk_hunt_eval_families(const char *const *samples, size_t sample_count, char ***names,
                          size_t *count, struct tk_error *err)
{
    struct name_list list = {0};
    int rc = TK_OK;
    for (size_t i = 0; i < sample_count && rc == TK_OK; i++)
        rc = each_row(samples[i], add_family, &list, err);
    if (rc == TK_ERR_NOMEM)
        tk_error_set(err, rc, "out of memory");
    if (rc) {
        tk_hunt_eval_names_free(list.items, list.count);
        return rc;
    }
    if (list.count)
        qsort(list.items, list.count, sizeof *list.items, by_string);
    size_t kept = 0;
    for (size_t i = 0; i < list.count; i++) {
        if (kept && strcmp(list.items[kept - 1], list.items[i]) == 0)
            free(list.items[i]);
        else
            list.items[kept++] = list.items[i];
    }
    *names = list.items;
    *count = kept;
    return TK_OK;
}

void tk_hunt_eval_names_free(char **names, size_t count)
{
    for (size_t i = 0; names && i < count; i++)
        free(names[i]);
    free(names);
}

struct family_names {
    const char *family;
    struct name_list *list;
};

static int add_domain(void *ctx, const char *family, const char *domain)
{
    const struct family_names *f = ctx;
    return strcmp(family, f->family) == 0 ? list_add(f->list, domain) : TK_OK;
}

int eval_family_names(const struct tk_hunt_eval_options *o, const char *family, char ***names,
                      size_t *count, struct tk_error *err)
{
    struct name_list list = {0};
    struct family_names ctx = {family, &list};
    int rc = TK_OK;
    for (size_t i = 0; i < o->sample_count && rc == TK_OK; i++)
        rc = each_row(o->samples[i], add_domain, &ctx, err);
    if (rc == TK_ERR_NOMEM)
        tk_error_set(err, rc, "out of memory");
    *names = list.items;
    *count = list.count;
    return rc;
}

/* True when the dataset family is one of the labels left out: by name, alias ("gameover"
 * is newgoz) or as the stem of a label ("pykspa" for "pykspa_v2_fake"). */
static int left_out(const char *family, char *const *labels, size_t count)
{
    size_t len = strlen(family);
    for (size_t i = 0; i < count; i++) {
        const struct tk_family *known = tk_family_find(labels[i]);
        if ((known && strcmp(known->name, family) == 0)
            || (strncmp(labels[i], family, len) == 0
                && (labels[i][len] == '\0' || labels[i][len] == '_')))
            return 1;
    }
    return 0;
}

int tk_hunt_eval_detector(const struct tk_detect_training *training, char *const *leave_out,
                          size_t leave_out_count, struct tk_detector **out,
                          struct tk_error *err)
{
    struct tk_detect_dataset ds;
    int rc = tk_detect_dataset_build(training, &ds, err);
    if (rc)
        return rc;
    /* Samples outside the training split are never trained on. */
    for (size_t i = 0; i < ds.count; i++) {
        struct tk_detect_sample *s = &ds.samples[i];
        if (s->family >= 0 && (size_t)s->family < ds.family_count
            && left_out(ds.families[s->family], leave_out, leave_out_count))
            s->split = TK_SPLIT_TEST;
    }
    rc = tk_detect_train(&ds, -1, training, "hunt evaluation: the evaluated families left out",
                         out, err);
    tk_detect_dataset_free(&ds);
    return rc;
}
