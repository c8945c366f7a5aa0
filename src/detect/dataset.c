/* dataset.c - the labelled names the detector is trained and evaluated on: benign
 * registrable domains from lists (Alexa, Umbrella) and names our own families generate,
 * each reduced to registrable label and public suffix and given a fixed split. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect/detect_internal.h"
#include "takedown/local_seeds.h"
#include "takedown/domain.h"
#include "takedown/family.h"
#include "takedown/predict.h"
#include "takedown/read_file.h"
#include "util/grow.h"
#include "util/intern.h"

/* FNV-1a: a stable hash for the split and the sampling, the same on every machine. */
static uint64_t stable_hash(const char *s, size_t len)
{
    uint64_t h = 0xCBF29CE484222325ull;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 0x100000001B3ull;
    return h;
}

static enum tk_detect_split benign_split(const char *registrable, size_t len)
{
    uint64_t h = stable_hash(registrable, len) % 10;
    return h < 2 ? TK_SPLIT_TEST : h < 4 ? TK_SPLIT_CALIBRATE : TK_SPLIT_TRAIN;
}

int tk_detect_name_in_test_split(const char *name, size_t len)
{
    char lower[256];
    const char *label, *suffix;
    size_t label_len;
    if ((len = tk_domain_valid_key(name, len, lower)) == 0)
        return 0;
    if (!det_split(NULL, lower, len, &label, &label_len, &suffix))
        return 0;
    return benign_split(label, (size_t)(lower + len - label)) == TK_SPLIT_TEST;
}

static int add_sample(struct tk_detect_dataset *ds, const char *label, size_t label_len,
                      const char *suffix, int family, enum tk_detect_split split)
{
    if (tk_grow((void **)&ds->samples, &ds->cap, ds->count + 1, sizeof *ds->samples))
        return -1;
    struct tk_detect_sample *s = &ds->samples[ds->count];
    s->label = strndup(label, label_len);
    s->suffix = strdup(suffix);
    if (s->label == NULL || s->suffix == NULL) {
        free(s->label);
        free(s->suffix);
        return -1;
    }
    s->family = family;
    s->split = split;
    s->allowed = 0;
    ds->count++;
    return 0;
}

static int read_benign(struct tk_detect_dataset *ds, const char *path, struct intern_strings *seen,
                       const struct tk_allowlist *allow, struct tk_error *err)
{
    FILE *f = tk_file_open(path, err);
    char *line = NULL;
    size_t cap = 0;
    int rc = TK_OK;
    if (f == NULL)
        return TK_ERR_IO;
    while (rc == TK_OK && getline(&line, &cap, f) > 0) {
        char *p = line;
        while (*p == ' ' || *p == '\t')
            p++;
        size_t len = strcspn(p, " \t\r\n");
        if (len == 0 || *p == '#' || len > 253 || !tk_domain_is_valid(p, len))
            continue;
        char name[256];
        const char *label, *suffix;
        size_t label_len;
        int added;
        tk_domain_lower(p, len, name);
        name[len] = '\0';
        if (!det_split(NULL, name, len, &label, &label_len, &suffix))
            continue;
        if (intern_string(seen, name, len, &added) < 0)
            rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory");
        else if (added) {
            /* The split follows the registrable domain, whatever the line held above it. */
            enum tk_detect_split split = benign_split(label, (size_t)(name + len - label));
            if (add_sample(ds, label, label_len, suffix, -1, split) != 0) {
                rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory");
            } else {
                ds->samples[ds->count - 1].allowed = allow && tk_allowlist_contains(allow, name, len);
                ds->benign_count++;
            }
        }
    }
    free(line);
    tk_file_close(f);
    return rc;
}

struct generated {
    struct intern_strings names;
};

static int collect(void *ctx, size_t source, tk_day first, tk_day last, const char *name,
                   size_t len)
{
    struct generated *g = ctx;
    char lower[256];
    (void)source;
    (void)first;
    (void)last;
    if (len == 0 || len > 253)
        return TK_OK;
    tk_domain_lower(name, len, lower);
    return intern_string(&g->names, lower, len, NULL) < 0 ? TK_ERR_NOMEM : TK_OK;
}

struct ranked {
    uint64_t hash;
    size_t id;
};

static int by_hash(const void *a, const void *b)
{
    const struct ranked *x = a, *y = b;
    return x->hash < y->hash ? -1 : x->hash > y->hash;
}

/* Runs a family's sources on each training date and keeps a fixed sample of its names. */
static int add_family(struct tk_detect_dataset *ds, const struct tk_family *family, int index,
                      const struct tk_detect_training *t, struct tk_error *err)
{
    struct tk_source_list list = {0};
    struct generated g = {0};
    const char *keys[] = {"date"};
    char day_text[16];
    const char *values[] = {day_text};
    struct tk_overrides ov = {keys, values, 1};
    struct tk_predict_options po = {t->threads, NULL, NULL, NULL, NULL, NULL};
    int rc = TK_OK;

    for (const char *p = t->dates; p && *p && rc == TK_OK;) {
        const char *end = strchr(p, ',');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        tk_day day;
        snprintf(day_text, sizeof day_text, "%.*s", (int)(n < 15 ? n : 15), p);
        if ((rc = tk_day_parse(day_text, &day, err)) == TK_OK) {
            tk_sources_free(&list);
            rc = tk_sources_add_family_seeds(&list, family, NULL, 0, &ov, NULL, err);
        }
        if (rc == TK_OK && list.count)
            rc = tk_predict_window(list.items, list.count, day, day, &po, collect, &g, err);
        p = end ? end + 1 : NULL;
    }
    tk_sources_free(&list);
    if (rc == TK_ERR_NOMEM)
        tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    struct ranked *order = rc == TK_OK ? malloc((g.names.count + 1) * sizeof *order) : NULL;
    if (rc == TK_OK && order == NULL)
        rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    size_t kept = 0;
    for (size_t i = 0; rc == TK_OK && i < g.names.count; i++) {
        size_t len;
        const char *name = intern_string_at(&g.names, i, &len);
        order[kept++] = (struct ranked){stable_hash(name, len), i};
    }
    if (rc == TK_OK)
        qsort(order, kept, sizeof *order, by_hash);
    size_t taken = 0;
    for (size_t i = 0; rc == TK_OK && i < kept && taken < t->dga_per_family; i++) {
        size_t name_len;
        const char *name = intern_string_at(&g.names, order[i].id, &name_len);
        const char *label, *suffix;
        size_t label_len;
        if (!det_split(NULL, name, name_len, &label, &label_len, &suffix))
            continue;
        enum tk_detect_split split = order[i].hash % 10 < 2 ? TK_SPLIT_TEST : TK_SPLIT_TRAIN;
        if (add_sample(ds, label, label_len, suffix, index, split) != 0)
            rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory");
        taken++;
    }
    free(order);
    intern_strings_free(&g.names);
    return rc;
}

/* splitmix64: a fixed, portable stream for the synthetic strings. */
static uint64_t next_random(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static int add_synthetic(struct tk_detect_dataset *ds, size_t count, int index)
{
    static const char *const alphabets[] = {"abcdefghijklmnopqrstuvwxyz",
                                            "abcdefghijklmnopqrstuvwxyz0123456789",
                                            "0123456789abcdef"};
    static const char *const suffixes[] = {"com", "net", "org", "info", "biz", "ru", "cn", "top",
                                           "xyz", "cc", "in", "pw", "su", "tk", "me", "eu"};
    uint64_t state = 20261128;
    for (size_t i = 0; i < count; i++) {
        char label[33];
        const char *alphabet = alphabets[next_random(&state) % 3];
        size_t alphabet_len = strlen(alphabet);
        size_t len = 7 + (size_t)(next_random(&state) % 26);
        for (size_t k = 0; k < len; k++)
            label[k] = alphabet[next_random(&state) % alphabet_len];
        label[len] = '\0';
        const char *suffix = suffixes[next_random(&state) % (sizeof suffixes / sizeof *suffixes)];
        enum tk_detect_split split = next_random(&state) % 10 < 2 ? TK_SPLIT_TEST : TK_SPLIT_TRAIN;
        if (add_sample(ds, label, len, suffix, index, split) != 0)
            return -1;
    }
    return 0;
}

int tk_detect_dataset_build(const struct tk_detect_training *t, struct tk_detect_dataset *ds,
                            struct tk_error *err)
{
    struct intern_strings seen = {0};
    int rc = tk_psl_init(err);

    memset(ds, 0, sizeof *ds);
    ds->synthetic = -1;
    for (size_t i = 0; i < t->benign_file_count && rc == TK_OK; i++)
        rc = read_benign(ds, t->benign_files[i], &seen, t->allow, err);
    intern_strings_free(&seen);
    if (rc == TK_OK && ds->benign_count == 0)
        rc = tk_error_set(err, TK_ERR_DATA, "no benign names in the given files");
    if (rc == TK_OK) {
        ds->families = calloc(tk_family_count() + 2, sizeof *ds->families);
        if (ds->families == NULL)
            rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < tk_family_count() && rc == TK_OK; i++) {
        const struct tk_family *f = tk_family_at(i);
        ds->families[ds->family_count] = f->name;
        rc = add_family(ds, f, (int)ds->family_count, t, err);
        if (rc)
            tk_error_prefix(err, "%s", f->name);
        ds->family_count++;
    }
    if (rc == TK_OK && t->synthetic) {
        ds->synthetic = (int)ds->family_count;
        ds->families[ds->family_count] = "(synthetic random strings)";
        if (add_synthetic(ds, t->synthetic, ds->synthetic) != 0)
            rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    }
    if (rc)
        tk_detect_dataset_free(ds);
    return rc;
}

void tk_detect_dataset_free(struct tk_detect_dataset *ds)
{
    for (size_t i = 0; i < ds->count; i++) {
        free(ds->samples[i].label);
        free(ds->samples[i].suffix);
    }
    free(ds->samples);
    free(ds->families);
    memset(ds, 0, sizeof *ds);
}
