/* train.c - fit the detector: n-gram models and suffix counts from the training names,
 * gradient-boosted oblivious trees on the features (logistic loss), and the threshold from
 * held-apart benign names.
 *
 * The trees are fitted on out-of-fold features: each training name is measured with
 * n-gram models and suffix counts built without its own fold, so that a benign name does
 * not look more benign for having taught the model its own trigrams. The shipped model's
 * n-grams then use every training name. Oblivious trees (one split per level, shared by
 * the level's nodes) are cheap to evaluate: DET_DEPTH comparisons and one table read.
 * Splits are chosen among at most 64 quantile thresholds per feature. Everything is
 * deterministic: folds and splits come from a hash of the name, and boosting has no
 * random sampling. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "detect/detect_internal.h"
#include "util/intern.h"

#define FOLDS 4
#define TREES 96
#define LEARNING_RATE 0.25
#define LEAF_L2 1.0
#define BINS 64
#define FPR_CONFIDENCE 0.95 /* the threshold keeps the false-positive rate under target */

static unsigned fold_of(const struct tk_detect_sample *s)
{
    uint64_t h = 0x84222325CBF29CE4ull;
    for (const char *p = s->label; *p; p++)
        h = (h ^ (unsigned char)*p) * 0x100000001B3ull;
    for (const char *p = s->suffix; *p; p++)
        h = (h ^ (unsigned char)*p) * 0x100000001B3ull;
    return (unsigned)((h >> 17) % FOLDS);
}

static int in_training(const struct tk_detect_sample *s, int exclude)
{
    return s->split == TK_SPLIT_TRAIN && !s->allowed && (s->family < 0 || s->family != exclude);
}

/* N-gram counts and suffix counts of the training names outside fold (all when fold < 0). */
static int fit_statistics(struct tk_detector *d, const struct tk_detect_dataset *ds, int exclude,
                          int fold)
{
    struct intern_strings suffixes = {0};
    uint32_t *counts = NULL;
    size_t counts_cap = 0;
    int rc = 0;

    for (size_t i = 0; i < ds->count && rc == 0; i++) {
        const struct tk_detect_sample *s = &ds->samples[i];
        if (!in_training(s, exclude) || (fold >= 0 && fold_of(s) == (unsigned)fold))
            continue;
        if (s->family >= 0) {
            ngram_add(&d->dga_counts, s->label, strlen(s->label));
            continue;
        }
        ngram_add(&d->benign_counts, s->label, strlen(s->label));
        long id = intern_string(&suffixes, s->suffix, strlen(s->suffix), NULL);
        if (id < 0) {
            rc = -1;
            break;
        }
        if ((size_t)id >= counts_cap) {
            size_t cap = counts_cap ? counts_cap * 2 : 256;
            uint32_t *grown = realloc(counts, cap * sizeof *grown);
            if (grown == NULL) {
                rc = -1;
                break;
            }
            memset(grown + counts_cap, 0, (cap - counts_cap) * sizeof *grown);
            counts = grown;
            counts_cap = cap;
        }
        counts[id]++;
    }
    for (size_t i = 0; i < suffixes.count && rc == 0; i++)
        rc = suffix_table_add(&d->suffixes, intern_string_at(&suffixes, i, NULL), counts[i]);
    if (rc == 0)
        rc = suffix_table_finish(&d->suffixes);
    free(counts);
    intern_strings_free(&suffixes);
    if (rc == 0)
        det_finish_ngrams(d);
    return rc;
}

/* The training matrix: features as the scorer sees them, and each row's bin per feature. */
struct table {
    float (*rows)[DET_FEATURES];
    uint8_t (*bins)[DET_FEATURES];
    int *dga;
    size_t n, n_dga;
    float thresholds[DET_FEATURES][BINS - 1]; /* bin b holds values in (t[b-1], t[b]] */
    int threshold_count[DET_FEATURES];
};

static int by_float(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return x < y ? -1 : x > y;
}

/* Quantile thresholds per feature, and every row's bin. */
static int make_bins(struct table *t)
{
    float *column = malloc(t->n * sizeof *column);
    if (column == NULL)
        return -1;
    for (int f = 0; f < DET_FEATURES; f++) {
        for (size_t r = 0; r < t->n; r++)
            column[r] = t->rows[r][f];
        qsort(column, t->n, sizeof *column, by_float);
        int count = 0;
        for (int q = 1; q < BINS; q++) {
            float v = column[(size_t)q * (t->n - 1) / BINS];
            if ((count == 0 || v > t->thresholds[f][count - 1]) && v < column[t->n - 1])
                t->thresholds[f][count++] = v;
        }
        t->threshold_count[f] = count;
        for (size_t r = 0; r < t->n; r++) {
            int b = 0;
            while (b < count && t->rows[r][f] > t->thresholds[f][b])
                b++;
            t->bins[r][f] = (uint8_t)b;
        }
    }
    free(column);
    return 0;
}

struct gradient_sums {
    double g, h;
};

static double split_gain(double g, double h)
{
    return g * g / (h + LEAF_L2);
}

/* Grows one oblivious tree on the gradients and adds it to d. */
static int grow_tree(struct tk_detector *d, const struct table *t, const double *g, const double *h,
                     uint8_t *leaf_of, struct gradient_sums (*hist)[DET_FEATURES][BINS])
{
    struct det_tree tree;
    memset(leaf_of, 0, t->n);
    for (int level = 0; level < DET_DEPTH; level++) {
        int nodes = 1 << level;
        memset(hist, 0, (size_t)nodes * sizeof *hist);
        for (size_t r = 0; r < t->n; r++)
            for (int f = 0; f < DET_FEATURES; f++) {
                struct gradient_sums *cell = &hist[leaf_of[r]][f][t->bins[r][f]];
                cell->g += g[r];
                cell->h += h[r];
            }
        double best = -1;
        int best_feature = 0, best_bin = 0;
        for (int f = 0; f < DET_FEATURES; f++) {
            for (int b = 0; b < t->threshold_count[f]; b++) {
                double gain = 0;
                for (int node = 0; node < nodes; node++) {
                    struct gradient_sums left = {0, 0}, all = {0, 0};
                    for (int k = 0; k <= t->threshold_count[f]; k++) {
                        all.g += hist[node][f][k].g;
                        all.h += hist[node][f][k].h;
                        if (k <= b) {
                            left.g += hist[node][f][k].g;
                            left.h += hist[node][f][k].h;
                        }
                    }
                    gain += split_gain(left.g, left.h) + split_gain(all.g - left.g, all.h - left.h)
                            - split_gain(all.g, all.h);
                }
                if (gain > best) {
                    best = gain;
                    best_feature = f;
                    best_bin = b;
                }
            }
        }
        tree.feature[level] = (uint8_t)best_feature;
        tree.threshold[level] = t->threshold_count[best_feature]
                                    ? t->thresholds[best_feature][best_bin] : 0.0f;
        for (size_t r = 0; r < t->n; r++)
            leaf_of[r] = (uint8_t)(leaf_of[r] << 1
                                   | (t->rows[r][best_feature] > tree.threshold[level]));
    }
    double sum_g[DET_LEAVES] = {0}, sum_h[DET_LEAVES] = {0};
    for (size_t r = 0; r < t->n; r++) {
        sum_g[leaf_of[r]] += g[r];
        sum_h[leaf_of[r]] += h[r];
    }
    for (int leaf = 0; leaf < DET_LEAVES; leaf++)
        tree.leaf[leaf] = (float)(-LEARNING_RATE * sum_g[leaf] / (sum_h[leaf] + LEAF_L2));
    struct det_tree *grown = realloc(d->trees, (d->tree_count + 1) * sizeof *grown);
    if (grown == NULL)
        return -1;
    d->trees = grown;
    d->trees[d->tree_count++] = tree;
    return 0;
}

/* Gradient boosting with the logistic loss; benign and DGA rows weigh half the total each. */
static int fit_trees(struct tk_detector *d, const struct table *t)
{
    double *raw = calloc(t->n, sizeof *raw), *g = calloc(t->n, sizeof *g);
    double *h = calloc(t->n, sizeof *h);
    uint8_t *leaf_of = malloc(t->n);
    struct gradient_sums (*hist)[DET_FEATURES][BINS] = malloc(DET_LEAVES / 2 * sizeof *hist);
    double benign_weight = (double)t->n / (2.0 * (double)(t->n - t->n_dga));
    double dga_weight = (double)t->n / (2.0 * (double)t->n_dga);
    int rc = 0;

    if (raw == NULL || g == NULL || h == NULL || leaf_of == NULL || hist == NULL)
        rc = -1;
    d->base = 0; /* equal class weights: even odds */
    for (int k = 0; k < TREES && rc == 0; k++) {
        for (size_t r = 0; r < t->n; r++) {
            double p = 1.0 / (1.0 + exp(-raw[r]));
            double w = t->dga[r] ? dga_weight : benign_weight;
            g[r] = w * (p - (t->dga[r] ? 1.0 : 0.0));
            h[r] = w * p * (1 - p);
        }
        if (grow_tree(d, t, g, h, leaf_of, hist) != 0) {
            rc = -1;
            break;
        }
        const struct det_tree *tree = &d->trees[d->tree_count - 1];
        for (size_t r = 0; r < t->n; r++)
            raw[r] += tree->leaf[leaf_of[r]];
    }
    free(raw);
    free(g);
    free(h);
    free(leaf_of);
    free(hist);
    return rc;
}

double tk_detector_score_sample(const struct tk_detector *d, const struct tk_detect_sample *s)
{
    float f[DET_FEATURES];
    det_features(d, s->label, strlen(s->label), s->suffix, f);
    return det_score_features(d, f);
}

static int by_score_desc(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? 1 : x > y ? -1 : 0;
}

/* The lowest threshold at which so few of the calibration names (those not on the
 * allow-list) score at or above it that the false-positive rate on unseen names is at most
 * fpr_target with FPR_CONFIDENCE (calibrate.c). */
static double pick_threshold(const struct tk_detector *d, const struct tk_detect_dataset *ds,
                             double fpr_target)
{
    size_t n = 0;
    double *scores = malloc((ds->benign_count + 1) * sizeof *scores);
    if (scores == NULL)
        return 0.5;
    for (size_t i = 0; i < ds->count; i++)
        if (ds->samples[i].family < 0 && ds->samples[i].split == TK_SPLIT_CALIBRATE
            && !ds->samples[i].allowed)
            scores[n++] = tk_detector_score_sample(d, &ds->samples[i]);
    qsort(scores, n, sizeof *scores, by_score_desc);
    size_t allowed = det_fpr_allowance(n, fpr_target, FPR_CONFIDENCE);
    double t = n > allowed ? nextafter(scores[allowed], 2.0) : 0.5;
    free(scores);
    return t > 1.0 ? 1.0 : t;
}

static int write_meta(struct tk_detector *d, const struct tk_detect_dataset *ds, int exclude,
                      const struct tk_detect_training *t, const char *extra, size_t rows,
                      size_t dga_rows)
{
    char buf[8192];
    size_t used = 0;
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    used += strftime(buf + used, sizeof buf - used, "trained %Y-%m-%dT%H:%M:%SZ\n", &tm);
    used += (size_t)snprintf(buf + used, sizeof buf - used,
                             "method %d gradient-boosted oblivious trees of depth %d (logistic "
                             "loss, learning rate %g, leaf L2 %g, %d quantile bins, classes "
                             "weighted equally), fitted on %d-fold out-of-fold n-gram features\n"
                             "benign_names %zu\ndga_names %zu\ndga_per_family %zu\n"
                             "dates %s\nfpr_target %g (with %g confidence: the threshold "
                             "allows the calibration names a binomial bound permits)\n"
                             "split benign 60%% train, 20%% calibration (threshold), 20%% test; "
                             "DGA 80%% train, 20%% test; by FNV-1a hash of the name\n",
                             TREES, DET_DEPTH, LEARNING_RATE, LEAF_L2, BINS, FOLDS,
                             rows - dga_rows, dga_rows, t->dga_per_family, t->dates,
                             t->fpr_target, FPR_CONFIDENCE);
    used += (size_t)snprintf(buf + used, sizeof buf - used, "synthetic %zu random strings of 7-32 "
                             "letters, letters and digits, or hex digits\n", t->synthetic);
    used += (size_t)snprintf(buf + used, sizeof buf - used, "families");
    for (size_t i = 0; i < ds->family_count && used + 40 < sizeof buf; i++)
        if ((int)i != exclude)
            used += (size_t)snprintf(buf + used, sizeof buf - used, "%s%s", i ? "," : " ",
                                     ds->families[i]);
    used += (size_t)snprintf(buf + used, sizeof buf - used, "\n");
    if (exclude >= 0)
        used += (size_t)snprintf(buf + used, sizeof buf - used, "left_out %s\n",
                                 ds->families[exclude]);
    if (extra && used < sizeof buf)
        snprintf(buf + used, sizeof buf - used, "%s", extra);
    d->meta = strdup(buf);
    if (d->meta == NULL)
        return -1;
    /* One line per key: drop a trailing newline. */
    size_t n = strlen(d->meta);
    if (n && d->meta[n - 1] == '\n')
        d->meta[n - 1] = '\0';
    return 0;
}

int tk_detect_train(const struct tk_detect_dataset *ds, int exclude,
                    const struct tk_detect_training *t, const char *meta,
                    struct tk_detector **out, struct tk_error *err)
{
    struct tk_detector *folds[FOLDS] = {0}, *d = det_new();
    struct table *table = calloc(1, sizeof *table);
    int rc = TK_OK;

    if (d == NULL || table == NULL
        || (table->rows = malloc((ds->count + 1) * sizeof *table->rows)) == NULL
        || (table->bins = malloc((ds->count + 1) * sizeof *table->bins)) == NULL
        || (table->dga = malloc((ds->count + 1) * sizeof *table->dga)) == NULL)
        rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    for (int k = 0; k < FOLDS && rc == TK_OK; k++)
        if ((folds[k] = det_new()) == NULL || fit_statistics(folds[k], ds, exclude, k) != 0)
            rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < ds->count && rc == TK_OK; i++) {
        const struct tk_detect_sample *s = &ds->samples[i];
        if (!in_training(s, exclude))
            continue;
        det_features(folds[fold_of(s)], s->label, strlen(s->label), s->suffix,
                     table->rows[table->n]);
        table->dga[table->n] = s->family >= 0;
        table->n_dga += (size_t)table->dga[table->n];
        table->n++;
    }
    if (rc == TK_OK && (table->n_dga == 0 || table->n_dga == table->n))
        rc = tk_error_set(err, TK_ERR_DATA, "training needs benign and DGA names");
    if (rc == TK_OK && (make_bins(table) != 0 || fit_trees(d, table) != 0 || det_pack(d) != 0))
        rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    if (rc == TK_OK && fit_statistics(d, ds, exclude, -1) != 0)
        rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    if (rc == TK_OK) {
        d->threshold = pick_threshold(d, ds, t->fpr_target);
        if (write_meta(d, ds, exclude, t, meta, table->n, table->n_dga) != 0)
            rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    }
    for (int k = 0; k < FOLDS; k++)
        tk_detector_free(folds[k]);
    if (table) {
        free(table->rows);
        free(table->bins);
        free(table->dga);
    }
    size_t benign = table ? table->n - table->n_dga : 0, dga = table ? table->n_dga : 0;
    free(table);
    if (rc) {
        tk_detector_free(d);
        return rc;
    }
    snprintf(d->summary, sizeof d->summary, "%zu gradient-boosted trees on %d features, %zu "
             "benign and %zu DGA training labels, threshold %.4f", d->tree_count, DET_FEATURES,
             benign, dga, d->threshold);
    *out = d;
    return TK_OK;
}
