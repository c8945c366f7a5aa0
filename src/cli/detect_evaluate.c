/* detect_evaluate.c - `takedown detect --evaluate`: how well the detector does on names it
 * was not trained on. Three views, all at the threshold the training picks:
 *
 *   held-out   the model trained on the training split, tested on the test split (benign
 *              names and names of every family);
 *   per family the same model on each family's test names;
 *   left out   for each family, a model trained without it at all, tested on all of its
 *              names: the figure for families the model has never seen.
 *
 * Recall is measured on a family's names, the false-positive rate on the benign test names
 * (those the allow-list does not cover; the rate without it is printed too). Precision and
 * F1 are those of a balanced set, as many benign names as DGA names, so that families with
 * 5 names and with 3,000 compare. The false-positive rate on real resolver traffic is also
 * measured on the Umbrella list as found (FQDNs: CDN and infrastructure names included)
 * for the registrable domains in the test split. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/detect_cli.h"
#include "takedown/family.h"

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

struct tally {
    size_t tp, fp, tn, fn;
};

static double ratio(size_t a, size_t b)
{
    return b ? (double)a / (double)b : 0;
}

static double recall(const struct tally *t)
{
    return ratio(t->tp, t->tp + t->fn);
}

static double fpr(const struct tally *t)
{
    return ratio(t->fp, t->fp + t->tn);
}

/* Precision on a balanced set, as many benign names as DGA names: recall / (recall + FPR).
 * A family's own count of names (5 for one, 3,000 for another) then does not decide it. */
static double precision(const struct tally *t)
{
    double r = recall(t), f = fpr(t);
    return r + f > 0 ? r / (r + f) : 0;
}

static double f1(const struct tally *t)
{
    double p = precision(t), r = recall(t);
    return p + r > 0 ? 2 * p * r / (p + r) : 0;
}

/* Benign test names: false positives and true negatives; with_allowed: also the names the
 * allow-list covers (the view without an allow-list). */
static void score_benign(const struct tk_detector *d, const struct tk_detect_dataset *ds,
                         int with_allowed, struct tally *t)
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
                         int family, int test_only, struct tally *t)
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

struct family_result {
    const char *name;
    const char *style;
    struct tally seen;   /* held-out names, model trained with the family */
    struct tally unseen; /* all names, model trained without the family */
};

struct group {
    const char *style;
    size_t families;
    double f1_sum, f1_min, recall_sum, fpr_sum;
};

static void add_to_group(struct group *g, const struct tally *t)
{
    double value = f1(t);
    if (g->families == 0 || value < g->f1_min)
        g->f1_min = value;
    g->families++;
    g->f1_sum += value;
    g->recall_sum += recall(t);
    g->fpr_sum += fpr(t);
}

/* The Umbrella list as found: FQDNs whose registrable domain is in the test split, with the
 * allow-list (t) and without it (raw). */
static int umbrella_view(const struct detect_options *o, const struct tk_detector *d,
                         const struct tk_allowlist *allow, struct tally *t, struct tally *raw)
{
    const char *dir = o->benign ? o->benign : getenv("TAKEDOWN_BENIGN");
    char path[4096];
    if (dir == NULL || *dir == '\0')
        dir = "../shared/data/benign";
    snprintf(path, sizeof path, "%s/umbrella_top100k_2026-07-24_original.txt", dir);
    FILE *f = fopen(path, "r");
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

struct views {
    struct tally pooled, raw, umbrella, umbrella_raw;
    int have_umbrella;
};

static void print_table(FILE *out, const struct tk_detector *overall, const struct views *v,
                        const struct family_result *r, size_t n, const struct group *groups,
                        size_t ngroups)
{
    const struct tally *pooled = &v->pooled;
    fprintf(out, "model: %s\n\n", tk_detector_summary(overall));
    fprintf(out, "held-out split (every family seen in training), with the allow-list:\n");
    fprintf(out, "  precision %.4f  recall %.4f  F1 %.4f  false-positive rate %.4f%% "
            "(%zu of %zu benign test names)\n", precision(pooled), recall(pooled), f1(pooled),
            100 * fpr(pooled), pooled->fp, pooled->fp + pooled->tn);
    fprintf(out, "  without the allow-list: false-positive rate %.4f%% (%zu of %zu)\n",
            100 * fpr(&v->raw), v->raw.fp, v->raw.fp + v->raw.tn);
    if (v->have_umbrella)
        fprintf(out, "  Umbrella FQDNs as resolvers see them (test-split domains): false-"
                "positive rate %.4f%% (%zu of %zu) with the allow-list, %.4f%% without\n",
                100 * fpr(&v->umbrella), v->umbrella.fp, v->umbrella.fp + v->umbrella.tn,
                100 * fpr(&v->umbrella_raw));
    fprintf(out, "\nprecision and F1 as on a balanced set (as many benign names as DGA names);\n"
                 "recall on each family's names, FPR on the benign test names:\n");
    fprintf(out, "\n%-24s %-13s %9s | %-42s\n", "", "", "seen", "left out of training");
    fprintf(out, "%-24s %-13s %9s | %9s %9s %9s %9s %6s\n", "family", "style", "recall",
            "precision", "recall", "F1", "FPR %", "names");
    for (size_t i = 0; i < n; i++) {
        if (r[i].unseen.tp + r[i].unseen.fn == 0) {
            fprintf(out, "%-24s %-13s %9.4f |\n", r[i].name, r[i].style, recall(&r[i].seen));
            continue;
        }
        fprintf(out, "%-24s %-13s %9.4f | %9.4f %9.4f %9.4f %9.4f %6zu\n", r[i].name, r[i].style,
                recall(&r[i].seen), precision(&r[i].unseen), recall(&r[i].unseen),
                f1(&r[i].unseen), 100 * fpr(&r[i].unseen), r[i].unseen.tp + r[i].unseen.fn);
    }
    fprintf(out, "\nleft out of training, by style (families the model has not seen):\n");
    for (size_t g = 0; g < ngroups; g++)
        if (groups[g].families)
            fprintf(out, "  %-13s %2zu families: mean F1 %.4f, lowest F1 %.4f, mean recall %.4f, "
                    "mean FPR %.4f%%\n", groups[g].style, groups[g].families,
                    groups[g].f1_sum / (double)groups[g].families, groups[g].f1_min,
                    groups[g].recall_sum / (double)groups[g].families,
                    100 * groups[g].fpr_sum / (double)groups[g].families);
}

static void print_json(FILE *out, const struct tk_detector *overall, const struct views *v,
                       const struct family_result *r, size_t n, const struct group *groups,
                       size_t ngroups)
{
    const struct tally *pooled = &v->pooled;
    fprintf(out, "{\"threshold\":%.6f,\"held_out\":{\"precision\":%.6f,\"recall\":%.6f,"
            "\"f1\":%.6f,\"fpr\":%.6f,\"fpr_without_allowlist\":%.6f,\"benign\":%zu}",
            tk_detector_threshold(overall), precision(pooled), recall(pooled), f1(pooled),
            fpr(pooled), fpr(&v->raw), pooled->fp + pooled->tn);
    if (v->have_umbrella)
        fprintf(out, ",\"umbrella_fqdn_fpr\":%.6f,\"umbrella_fqdn_fpr_without_allowlist\":%.6f",
                fpr(&v->umbrella), fpr(&v->umbrella_raw));
    fputs(",\"families\":[", out);
    for (size_t i = 0; i < n; i++)
        fprintf(out, "%s{\"family\":\"%s\",\"style\":\"%s\",\"seen_recall\":%.6f,"
                "\"left_out\":{\"precision\":%.6f,\"recall\":%.6f,\"f1\":%.6f,\"fpr\":%.6f,"
                "\"names\":%zu}}", i ? "," : "", r[i].name, r[i].style, recall(&r[i].seen),
                precision(&r[i].unseen), recall(&r[i].unseen), f1(&r[i].unseen),
                fpr(&r[i].unseen), r[i].unseen.tp + r[i].unseen.fn);
    fputs("],\"styles\":[", out);
    int first = 1;
    for (size_t g = 0; g < ngroups; g++) {
        if (!groups[g].families)
            continue;
        fprintf(out, "%s{\"style\":\"%s\",\"families\":%zu,\"mean_f1\":%.6f,\"min_f1\":%.6f,"
                "\"mean_recall\":%.6f,\"mean_fpr\":%.6f}", first ? "" : ",", groups[g].style,
                groups[g].families, groups[g].f1_sum / (double)groups[g].families,
                groups[g].f1_min, groups[g].recall_sum / (double)groups[g].families,
                groups[g].fpr_sum / (double)groups[g].families);
        first = 0;
    }
    fputs("]}\n", out);
}

int detect_evaluate(const struct detect_options *o, FILE *out, struct tk_error *err)
{
    struct tk_detect_training t;
    struct tk_detect_dataset ds;
    struct tk_detector *overall = NULL;
    char **files = NULL;
    int rc, json = o->format && strcmp(o->format, "json") == 0;

    if (o->format && !json && strcmp(o->format, "table") != 0)
        return tk_error_set(err, TK_ERR_USAGE, "--evaluate: --format is table or json");
    struct tk_allowlist *allow = NULL;
    if ((rc = detect_training_setup(o, &t, &files, err)) == TK_OK
        && (rc = detect_allowlist(o, &allow, err)) == TK_OK) {
        t.allow = allow;
        rc = tk_detect_dataset_build(&t, &ds, err);
    }
    detect_training_files_free(files);
    if (rc) {
        tk_allowlist_free(allow);
        return rc;
    }
    struct family_result *results = calloc(ds.family_count + 1, sizeof *results);
    struct group groups[] = {{"random", 0, 0, 0, 0, 0}, {"pronounceable", 0, 0, 0, 0, 0},
                             {"dictionary", 0, 0, 0, 0, 0}};
    struct views views = {0};
    if (results == NULL)
        rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    if (rc == TK_OK && (rc = tk_detect_train(&ds, -1, &t, NULL, &overall, err)) == TK_OK) {
        score_benign(overall, &ds, 0, &views.pooled);
        score_benign(overall, &ds, 1, &views.raw);
        for (size_t f = 0; f < ds.family_count; f++) {
            results[f].name = ds.families[f];
            results[f].style = style_of(ds.families[f]);
            score_family(overall, &ds, (int)f, 1, &results[f].seen);
            views.pooled.tp += results[f].seen.tp;
            views.pooled.fn += results[f].seen.fn;
        }
    }
    /* Progress on a terminal only, as every long command shows it (progress.c). */
    int show_progress = !o->quiet && isatty(STDERR_FILENO);
    for (size_t f = 0; f < ds.family_count && rc == TK_OK; f++) {
        struct tk_detector *without = NULL;
        if (o->families && !listed(o->families, ds.families[f]))
            continue;
        if (show_progress)
            fprintf(stderr, "\rdetect: leaving out %-24s (%zu of %zu)", ds.families[f], f + 1,
                    ds.family_count);
        if ((rc = tk_detect_train(&ds, (int)f, &t, NULL, &without, err)))
            break;
        score_benign(without, &ds, 0, &results[f].unseen);
        score_family(without, &ds, (int)f, 0, &results[f].unseen);
        for (size_t g = 0; g < sizeof groups / sizeof *groups; g++)
            if (strcmp(groups[g].style, results[f].style) == 0)
                add_to_group(&groups[g], &results[f].unseen);
        tk_detector_free(without);
    }
    if (show_progress)
        fprintf(stderr, "\r%70s\r", "");
    if (rc == TK_OK) {
        views.have_umbrella = umbrella_view(o, overall, allow, &views.umbrella,
                                            &views.umbrella_raw);
        if (json)
            print_json(out, overall, &views, results, ds.family_count, groups,
                       sizeof groups / sizeof *groups);
        else
            print_table(out, overall, &views, results, ds.family_count, groups,
                        sizeof groups / sizeof *groups);
    }
    tk_detector_free(overall);
    free(results);
    tk_detect_dataset_free(&ds);
    tk_allowlist_free(allow);
    return rc;
}
