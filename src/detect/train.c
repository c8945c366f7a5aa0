/* train.c - fit the detector: n-gram models and suffix counts from the training names,
 * logistic-regression weights by Newton's method (iteratively reweighted least squares),
 * and the threshold from held-apart benign names.
 *
 * The weights are fitted on out-of-fold features: each training name is measured with
 * n-gram models and suffix counts built without its own fold, so that a benign name does
 * not look more benign for having taught the model its own trigrams. The shipped model's
 * n-grams then use every training name. Everything is deterministic: folds and splits come
 * from a hash of the name, and Newton's method has no random start. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "detect/detect_internal.h"
#include "match/intern.h"

#define FOLDS 4
#define L2 1e-4
#define MAX_ITERATIONS 50
#define DIM (DET_FEATURES + 1)

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
    return s->split == TK_SPLIT_TRAIN && (s->family < 0 || s->family != exclude);
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
    if (rc == 0) {
        ngram_finish(&d->benign_counts, &d->benign);
        ngram_finish(&d->dga_counts, &d->dga);
    }
    return rc;
}

/* Solves a x = b for a symmetric positive definite a (Cholesky); 0 on success. */
static int solve(double a[DIM][DIM], const double b[DIM], double x[DIM])
{
    double l[DIM][DIM] = {{0}}, y[DIM];
    for (int i = 0; i < DIM; i++) {
        for (int j = 0; j <= i; j++) {
            double sum = a[i][j];
            for (int k = 0; k < j; k++)
                sum -= l[i][k] * l[j][k];
            if (i == j) {
                if (sum <= 0)
                    return -1;
                l[i][i] = sqrt(sum);
            } else {
                l[i][j] = sum / l[j][j];
            }
        }
    }
    for (int i = 0; i < DIM; i++) {
        double sum = b[i];
        for (int k = 0; k < i; k++)
            sum -= l[i][k] * y[k];
        y[i] = sum / l[i][i];
    }
    for (int i = DIM - 1; i >= 0; i--) {
        double sum = y[i];
        for (int k = i + 1; k < DIM; k++)
            sum -= l[k][i] * x[k];
        x[i] = sum / l[i][i];
    }
    return 0;
}

/* Logistic regression on standardized rows (bias in column 0); class weights make benign
 * and DGA rows count half each. */
static int fit_weights(const double (*rows)[DIM], const int *dga, size_t n, size_t n_dga,
                       double w[DIM])
{
    double benign_weight = 0.5 / (double)(n - n_dga), dga_weight = 0.5 / (double)n_dga;
    memset(w, 0, DIM * sizeof *w);
    for (int it = 0; it < MAX_ITERATIONS; it++) {
        double h[DIM][DIM] = {{0}}, g[DIM] = {0}, step[DIM];
        for (size_t r = 0; r < n; r++) {
            double z = 0;
            for (int k = 0; k < DIM; k++)
                z += w[k] * rows[r][k];
            double p = 1.0 / (1.0 + exp(-z));
            double c = dga[r] ? dga_weight : benign_weight;
            double residual = c * (p - (dga[r] ? 1.0 : 0.0)), curvature = c * p * (1 - p);
            for (int i = 0; i < DIM; i++) {
                g[i] += residual * rows[r][i];
                for (int j = 0; j <= i; j++)
                    h[i][j] += curvature * rows[r][i] * rows[r][j];
            }
        }
        for (int i = 0; i < DIM; i++) {
            for (int j = 0; j < i; j++)
                h[j][i] = h[i][j];
            if (i > 0) {
                h[i][i] += L2;
                g[i] += L2 * w[i];
            } else {
                h[i][i] += 1e-12;
            }
        }
        if (solve(h, g, step) != 0)
            return -1;
        double change = 0;
        for (int i = 0; i < DIM; i++) {
            w[i] -= step[i];
            change += fabs(step[i]);
        }
        if (change < 1e-9)
            break;
    }
    return 0;
}

double tk_detector_score_sample(const struct tk_detector *d, const struct tk_detect_sample *s)
{
    double f[DET_FEATURES];
    det_features(d, s->label, strlen(s->label), s->suffix, f);
    return det_score_features(d, f);
}

static int by_score_desc(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? 1 : x > y ? -1 : 0;
}

/* The lowest threshold at which at most fpr_target of the calibration names score at or
 * above it. */
static double pick_threshold(const struct tk_detector *d, const struct tk_detect_dataset *ds,
                             double fpr_target)
{
    size_t n = 0;
    double *scores = malloc((ds->benign_count + 1) * sizeof *scores);
    if (scores == NULL)
        return 0.5;
    for (size_t i = 0; i < ds->count; i++)
        if (ds->samples[i].family < 0 && ds->samples[i].split == TK_SPLIT_CALIBRATE)
            scores[n++] = tk_detector_score_sample(d, &ds->samples[i]);
    qsort(scores, n, sizeof *scores, by_score_desc);
    size_t allowed = (size_t)(fpr_target * (double)n);
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
                             "method logistic regression (Newton/IRLS, L2 %g, classes weighted "
                             "equally), fitted on %d-fold out-of-fold n-gram features\n"
                             "benign_names %zu\ndga_names %zu\ndga_per_family %zu\n"
                             "dates %s\nfpr_target %g\n"
                             "split benign 60%% train, 20%% calibration (threshold), 20%% test; "
                             "DGA 80%% train, 20%% test; by FNV-1a hash of the name\n",
                             L2, FOLDS, rows - dga_rows, dga_rows, t->dga_per_family, t->dates,
                             t->fpr_target);
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
    double (*rows)[DIM] = malloc((ds->count + 1) * sizeof *rows);
    int *dga = malloc((ds->count + 1) * sizeof *dga);
    size_t n = 0, n_dga = 0;
    int rc = TK_OK;

    if (d == NULL || rows == NULL || dga == NULL)
        rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    for (int k = 0; k < FOLDS && rc == TK_OK; k++)
        if ((folds[k] = det_new()) == NULL || fit_statistics(folds[k], ds, exclude, k) != 0)
            rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < ds->count && rc == TK_OK; i++) {
        const struct tk_detect_sample *s = &ds->samples[i];
        if (!in_training(s, exclude))
            continue;
        double f[DET_FEATURES];
        det_features(folds[fold_of(s)], s->label, strlen(s->label), s->suffix, f);
        rows[n][0] = 1;
        memcpy(&rows[n][1], f, sizeof f);
        dga[n] = s->family >= 0;
        n_dga += (size_t)dga[n];
        n++;
    }
    if (rc == TK_OK && (n_dga == 0 || n_dga == n))
        rc = tk_error_set(err, TK_ERR_DATA, "training needs benign and DGA names");
    if (rc == TK_OK) {
        for (int k = 0; k < DET_FEATURES; k++) {
            double mean = 0, var = 0;
            for (size_t r = 0; r < n; r++)
                mean += rows[r][k + 1];
            mean /= (double)n;
            for (size_t r = 0; r < n; r++)
                var += (rows[r][k + 1] - mean) * (rows[r][k + 1] - mean);
            double sd = sqrt(var / (double)n);
            d->mean[k] = mean;
            d->scale[k] = sd > 1e-12 ? 1.0 / sd : 0.0;
            for (size_t r = 0; r < n; r++)
                rows[r][k + 1] = (rows[r][k + 1] - mean) * d->scale[k];
        }
        if (fit_weights((const double (*)[DIM])rows, dga, n, n_dga, d->weights) != 0)
            rc = tk_error_set(err, TK_ERR_DATA, "the regression did not converge (features are "
                              "degenerate)");
    }
    if (rc == TK_OK && fit_statistics(d, ds, exclude, -1) != 0)
        rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    if (rc == TK_OK) {
        d->threshold = pick_threshold(d, ds, t->fpr_target);
        if (write_meta(d, ds, exclude, t, meta, n, n_dga) != 0)
            rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    }
    for (int k = 0; k < FOLDS; k++)
        tk_detector_free(folds[k]);
    free(rows);
    free(dga);
    if (rc) {
        tk_detector_free(d);
        return rc;
    }
    snprintf(d->summary, sizeof d->summary, "logistic regression on %d features, %zu benign "
             "and %zu DGA training labels, threshold %.4f", DET_FEATURES, n - n_dga, n_dga,
             d->threshold);
    *out = d;
    return TK_OK;
}
