/* detect.h - how DGA-like a name is, for families no generator knows.
 *
 * A name is reduced to its registrable label (the label left of the public suffix, through
 * libpsl) and its suffix; features of the label (character n-gram likelihoods under a
 * model of benign names, entropy, vowel, consonant and digit runs and ratios, length) and
 * of the suffix feed a logistic regression whose output is the score, 0 (benign) to 1
 * (DGA). The model (n-gram tables, feature scaling, weights, threshold and the parameters
 * it was trained with) is a text file: data/detect/model.txt ships built in, and
 * `takedown detect --train` writes a new one (docs/detect.md). */
#ifndef TAKEDOWN_DETECT_H
#define TAKEDOWN_DETECT_H

#include <stddef.h>
#include <stdio.h>

#include "takedown/error.h"

struct tk_detector;

/* Loads a model file, or the built-in model when path is NULL. */
int tk_detector_load(const char *path, struct tk_detector **out, struct tk_error *err);
/* Parses a model from text (name is used in error messages). */
int tk_detector_parse(const char *text, size_t len, const char *name, struct tk_detector **out,
                      struct tk_error *err);
void tk_detector_free(struct tk_detector *detector);

/* The score of name (any case, trailing dot allowed): 0 to 1. A name that has no
 * registrable label (a bare public suffix, an empty or invalid name) scores 0. Never
 * allocates; safe from many threads at once. */
double tk_detector_score(const struct tk_detector *detector, const char *name, size_t len);
/* The threshold the model was tuned to (its false-positive target on benign names). */
double tk_detector_threshold(const struct tk_detector *detector);
/* One line saying what the model is (trained when, from what, target). */
const char *tk_detector_summary(const struct tk_detector *detector);

/* Writes the model in its text form. */
int tk_detector_write(const struct tk_detector *detector, FILE *out, struct tk_error *err);

/* ---- training and evaluation (docs/detect.md) ---- */

/* Where a labelled sample is used. Benign samples: 60 % train, 20 % calibration (the
 * threshold), 20 % test; generated DGA samples: 80 % train, 20 % test; by a hash of the
 * name, so the split never changes between runs. */
enum tk_detect_split { TK_SPLIT_TRAIN, TK_SPLIT_CALIBRATE, TK_SPLIT_TEST };

struct tk_detect_sample {
    char *label;
    char *suffix;
    int family;       /* index into the dataset's families; -1 for a benign name */
    enum tk_detect_split split;
    int allowed;      /* a benign name on the allow-list: never scored in use */
};

struct tk_detect_dataset {
    struct tk_detect_sample *samples;
    size_t count, cap;
    const char **families; /* family names, in registry order */
    size_t family_count;
    size_t benign_count;
    int synthetic;         /* the family index of the synthetic random strings; -1: none */
};

struct tk_detect_training {
    const char *const *benign_files; /* one domain per line */
    size_t benign_file_count;
    size_t dga_per_family;           /* generated names kept per family */
    size_t synthetic;                /* random strings added as a DGA class of their own */
    const struct tk_allowlist *allow; /* benign names it covers are left out of training */
    const char *dates;               /* comma-separated days the families are run for */
    double fpr_target;               /* false-positive rate the threshold aims at */
    int threads;
};

/* Reads the benign names and runs every family (every variant and known seed) on the
 * training dates; names are reduced to registrable label and public suffix. Then adds the
 * synthetic class: strings of 7 to 32 characters drawn uniformly from the letters, the
 * letters and digits, or the hex digits, under common TLDs. It teaches the model what
 * randomness looks like whatever the alphabet, so that families it has never seen are
 * still caught; its index is families[family_count] and no family is left out with it. */
int tk_detect_dataset_build(const struct tk_detect_training *training,
                            struct tk_detect_dataset *out, struct tk_error *err);
void tk_detect_dataset_free(struct tk_detect_dataset *dataset);

/* Trains on the TRAIN samples, leaving out the DGA family exclude (-1: none) and the
 * allowed benign names, and sets the threshold on the CALIBRATE benign samples that are not
 * allowed. meta (may be NULL) is recorded in the model. */
int tk_detect_train(const struct tk_detect_dataset *dataset, int exclude,
                    const struct tk_detect_training *training, const char *meta,
                    struct tk_detector **out, struct tk_error *err);

/* True when the registrable domain of name falls in the benign test split (so that
 * evaluations on other lists of the same domains, such as FQDNs, stay held out). */
int tk_detect_name_in_test_split(const char *name, size_t len);

/* The score of a sample (no public-suffix lookup: it is already split). */
double tk_detector_score_sample(const struct tk_detector *detector,
                                const struct tk_detect_sample *sample);

/* ---- allow-list: names never reported, with every name below them ---- */

struct tk_allowlist;

/* A new list: empty, or holding the built-in entries (data/detect/allowlist.txt: cloud,
 * CDN and infrastructure providers' hostname domains). */
int tk_allowlist_new(int builtin, struct tk_allowlist **out, struct tk_error *err);
/* Adds the built-in popular registered domains (data/match/popular.txt: the Alexa and
 * Umbrella top 100k as registrable domains), which `takedown match` never attributes. */
int tk_allowlist_add_popular(struct tk_allowlist *list, struct tk_error *err);
/* Adds the names of a file: one per line, '#' comments; "*.example.com" and "example.com"
 * both cover the domain and everything below it. */
int tk_allowlist_add_file(struct tk_allowlist *list, const char *path, struct tk_error *err);
void tk_allowlist_free(struct tk_allowlist *list);
/* True when name (any case) is a listed name or below one. */
int tk_allowlist_contains(const struct tk_allowlist *list, const char *name, size_t len);
size_t tk_allowlist_count(const struct tk_allowlist *list);

/* ---- evaluation: how well the detector does on names it was not trained on ---- */

/* Counts at the model's threshold: true and false positives and negatives. */
struct tk_detect_tally {
    size_t tp, fp, tn, fn;
};

double tk_detect_recall(const struct tk_detect_tally *t);
double tk_detect_fpr(const struct tk_detect_tally *t);
/* Precision and F1 on a balanced set, as many benign names as DGA names: recall / (recall +
 * FPR), so that a family's own count of names (5 or 3,000) does not decide them. */
double tk_detect_precision(const struct tk_detect_tally *t);
double tk_detect_f1(const struct tk_detect_tally *t);

struct tk_detect_family_eval {
    const char *name;
    const char *style;            /* the family's style ("random" when not in the registry) */
    struct tk_detect_tally seen;  /* its test names, model trained with it */
    struct tk_detect_tally unseen; /* all its names and the benign test names, model trained
                                   * without it */
};

/* The families left out of training, by style. */
struct tk_detect_style_eval {
    const char *style;
    size_t families;
    double f1_sum, f1_min, recall_sum, fpr_sum;
};

enum { TK_DETECT_STYLES = 3 };

struct tk_detect_evaluation {
    struct tk_detector *overall;  /* trained on every family */
    struct tk_detect_tally pooled; /* held-out split, with the allow-list */
    struct tk_detect_tally raw;    /* the same benign names without it */
    struct tk_detect_tally umbrella, umbrella_raw; /* Umbrella FQDNs, with and without */
    int have_umbrella;
    struct tk_detect_family_eval *families; /* one per dataset family */
    size_t family_count;
    struct tk_detect_style_eval styles[TK_DETECT_STYLES];
};

struct tk_detect_eval_options {
    const struct tk_detect_training *training;
    const struct tk_allowlist *allow;
    const char *families;      /* comma-separated families to leave out in turn; NULL: all */
    const char *umbrella_path; /* the Umbrella list as found (FQDNs), or NULL */
    /* Called before each family is left out; may be NULL. */
    void (*progress)(void *ctx, const char *family, size_t index, size_t count);
    void *progress_ctx;
};

/* Trains the overall model and one model per family left out, and scores them. Free the
 * result with tk_detect_evaluation_free. */
int tk_detect_evaluate(const struct tk_detect_dataset *dataset,
                       const struct tk_detect_eval_options *options,
                       struct tk_detect_evaluation *out, struct tk_error *err);
void tk_detect_evaluation_free(struct tk_detect_evaluation *evaluation);

#endif
