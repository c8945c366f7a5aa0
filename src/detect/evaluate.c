/* evaluate.c - how well the detector does on names it was not trained on (docs/detect.md).
 * Three views, all at the threshold the training picks:
 *
 *   held-out   the model trained on the training split, tested on the test split (benign
 *              names and names of every family);
 *   per family the same model on each family's test names;
 *   left out   for each family, a model trained without it at all, tested on all of its
 *              names: the figure for families the model has never seen.
 *
 * Recall is measured on a family's names, the false-positive rate on the benign test names
 * (those the allow-list does not cover; the rate without it is kept too). The false-positive
 * rate on real resolver traffic is also measured on the Umbrella list as found (FQDNs: CDN
 * and infrastructure names included) for the registrable domains in the test split. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "takedown/detect.h"
#include "takedown/family.h"

static double ratio(size_t a, size_t b)
{
    return b ? (double)a / (double)b : 0;
}

double tk_detect_recall(const struct tk_detect_tally *t)
{
    return ratio(t->tp, t->tp + t->fn);
}

double tk_detect_fpr(const struct tk_detect_tally *t)
{
    return ratio(t->fp, t->fp + t->tn);
}

double tk_detect_precision(const struct tk_detect_tally *t)
{
    double r = tk_detect_recall(t), f = tk_detect_fpr(t);
    return r + f > 0 ? r / (r + f) : 0;
}

double tk_detect_f1(const struct tk_detect_tally *t)
{
    double p = tk_detect_precision(t), r = tk_detect_recall(t);
    return p + r > 0 ? 2 * p * r / (p + r) : 0;
}

/* How a family's names look (its descriptor's style); random for a name not in the
 * registry. */
static const char *style_of(const char *family)
{
    const struct tk_family *f = tk_family_find(family);
    return tk_family_style_name(f ? f->style : TK_STYLE_RANDOM);
}

/* True when name is an item of the comma-separated list. */
static int listed(const char *list, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = list; p && *p;) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == n && strncmp(p, name, n) == 0)
            return 1;
        p = end ? end + 1 : NULL;
    }
    return 0;
}

/* Benign test names: false positives and true negatives; with_allowed: also the names the
 * allow-list covers (the view without an allow-list). */
static void score_benign(const struct tk_detector *d, const struct tk_detect_dataset *ds,
                         int with_allowed, struct tk_detect_tally *t)
{
    double threshold = tk_detector_threshold(d);
    for (size_t i = 0; i < ds->count; i++) {
        const struct tk_detect_sample *s = &ds->samples[i];
        if (s->family >= 0 || s->split != TK_SPLIT_TEST || (s->allowed && !with_allowed))
            continue;
        if (tk_detector_score_sample(d, s) >= threshold)
            t->fp++;
        else
            t->tn++;
    }
}

/* A family's names (its test split only, or all): true positives and false negatives. */
static void score_family(const struct tk_detector *d, const struct tk_detect_dataset *ds,
                         int family, int test_only, struct tk_detect_tally *t)
{
    double threshold = tk_detector_threshold(d);
    for (size_t i = 0; i < ds->count; i++) {
        const struct tk_detect_sample *s = &ds->samples[i];
        if (s->family != family || (test_only && s->split != TK_SPLIT_TEST))
            continue;
        if (tk_detector_score_sample(d, s) >= threshold)
            t->tp++;
        else
            t->fn++;
    }
}

static void add_to_style(struct tk_detect_style_eval *g, const struct tk_detect_tally *t)
{
    double value = tk_detect_f1(t);
    if (g->families == 0 || value < g->f1_min)
        g->f1_min = value;
    g->families++;
    g->f1_sum += value;
    g->recall_sum += tk_detect_recall(t);
    g->fpr_sum += tk_detect_fpr(t);
}

/* The Umbrella list as found: FQDNs whose registrable domain is in the test split, with the
 * allow-list (t) and without it (raw). 0 when the file cannot be read. */
static int umbrella_view(const char *path, const struct tk_detector *d,
                         const struct tk_allowlist *allow, struct tk_detect_tally *t,
                         struct tk_detect_tally *raw)
{
    FILE *f = path ? fopen(path, "r") : NULL;
    if (f == NULL)
        return 0;
    char line[512];
    double threshold = tk_detector_threshold(d);
    while (fgets(line, sizeof line, f)) {
        size_t len = strcspn(line, "\r\n");
        line[len] = '\0';
        if (len == 0 || !tk_detect_name_in_test_split(line, len))
            continue;
        int flagged = tk_detector_score(d, line, len) >= threshold;
        raw->fp += (size_t)flagged;
        raw->tn += (size_t)!flagged;
        if (allow && tk_allowlist_contains(allow, line, len))
            flagged = 0;
        t->fp += (size_t)flagged;
        t->tn += (size_t)!flagged;
    }
    fclose(f);
    return 1;
}

/* The overall model, the held-out view and each family's test names. */
static int evaluate_overall(const struct tk_detect_dataset *ds,
                            const struct tk_detect_eval_options *o,
                            struct tk_detect_evaluation *e, struct tk_error *err)
{
    int rc = tk_detect_train(ds, -1, o->training, NULL, &e->overall, err);
    if (rc)
        return rc;
    score_benign(e->overall, ds, 0, &e->pooled);
    score_benign(e->overall, ds, 1, &e->raw);
    for (size_t f = 0; f < ds->family_count; f++) {
        struct tk_detect_family_eval *r = &e->families[f];
        r->name = ds->families[f];
        r->style = style_of(ds->families[f]);
        score_family(e->overall, ds, (int)f, 1, &r->seen);
        e->pooled.tp += r->seen.tp;
        e->pooled.fn += r->seen.fn;
    }
    return TK_OK;
}

/* A model trained without family f, on all of f's names and the benign test names. */
static int evaluate_left_out(const struct tk_detect_dataset *ds,
                             const struct tk_detect_eval_options *o, size_t f,
                             struct tk_detect_evaluation *e, struct tk_error *err)
{
    struct tk_detector *without = NULL;
    struct tk_detect_family_eval *r = &e->families[f];
    int rc = tk_detect_train(ds, (int)f, o->training, NULL, &without, err);
    if (rc)
        return rc;
    score_benign(without, ds, 0, &r->unseen);
    score_family(without, ds, (int)f, 0, &r->unseen);
    for (size_t g = 0; g < TK_DETECT_STYLES; g++)
        if (strcmp(e->styles[g].style, r->style) == 0)
            add_to_style(&e->styles[g], &r->unseen);
    tk_detector_free(without);
    return TK_OK;
}

int tk_detect_evaluate(const struct tk_detect_dataset *ds,
                       const struct tk_detect_eval_options *o,
                       struct tk_detect_evaluation *e, struct tk_error *err)
{
    static const enum tk_family_style styles[TK_DETECT_STYLES] = {
        TK_STYLE_RANDOM, TK_STYLE_PRONOUNCEABLE, TK_STYLE_DICTIONARY};
    int rc;

    memset(e, 0, sizeof *e);
    for (size_t g = 0; g < TK_DETECT_STYLES; g++)
        e->styles[g].style = tk_family_style_name(styles[g]);
    e->families = calloc(ds->family_count + 1, sizeof *e->families);
    if (e->families == NULL)
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    e->family_count = ds->family_count;
    rc = evaluate_overall(ds, o, e, err);
    for (size_t f = 0; f < ds->family_count && rc == TK_OK; f++) {
        if (o->families && !listed(o->families, ds->families[f]))
            continue;
        if (o->progress)
            o->progress(o->progress_ctx, ds->families[f], f, ds->family_count);
        rc = evaluate_left_out(ds, o, f, e, err);
    }
    if (rc == TK_OK)
        e->have_umbrella = umbrella_view(o->umbrella_path, e->overall, o->allow, &e->umbrella,
                                         &e->umbrella_raw);
    if (rc)
        tk_detect_evaluation_free(e);
    return rc;
}

void tk_detect_evaluation_free(struct tk_detect_evaluation *e)
{
    tk_detector_free(e->overall);
    free(e->families);
    e->overall = NULL;
    e->families = NULL;
}
