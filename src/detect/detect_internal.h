/* detect_internal.h - the parts of the DGA detector that its model file, its scorer and its
 * trainer share: the character alphabet, the n-gram language models, the suffix table and
 * the feature vector (docs/detect.md lists the features). */
#ifndef TAKEDOWN_DETECT_INTERNAL_H
#define TAKEDOWN_DETECT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "takedown/detect.h"
#include "util/intern.h"

/* Symbols: 0 the label boundary, 1-26 a-z, 27-36 0-9, 37 '-', 38 anything else. */
#define DET_ALPHABET 39
#define DET_BIGRAMS (DET_ALPHABET * DET_ALPHABET)
#define DET_TRIGRAMS (DET_ALPHABET * DET_ALPHABET * DET_ALPHABET)
#define DET_FEATURES 23
#define DET_LABEL_MAX 63
#define DET_DEPTH 6                /* every tree splits the names DET_DEPTH times */
#define DET_LEAVES (1 << DET_DEPTH)
#define DET_CHARSETS 4             /* hex digits, letters, letters and digits, with '-' */

struct ngram_counts {
    uint32_t uni[DET_ALPHABET];
    uint32_t bi[DET_BIGRAMS];
    uint32_t tri[DET_TRIGRAMS];
    uint64_t total;
};

/* Log-probabilities, interpolated: trigram with bigram with unigram (add-one). */
struct ngram_model {
    float logp3[DET_TRIGRAMS]; /* log P(c | a b), index (a * A + b) * A + c */
    float logp2[DET_BIGRAMS];  /* log P(c | b) */
};

int det_symbol(char c);
/* The character a symbol stands for in the model file ('^' boundary, '_' other). */
char det_symbol_char(int symbol);
void ngram_add(struct ngram_counts *counts, const char *label, size_t len);
void ngram_finish(const struct ngram_counts *counts, struct ngram_model *model);

/* Public suffixes with their counts among benign names. */
struct suffix_table {
    char **names;     /* sorted */
    uint32_t *counts;
    size_t count, cap;
    uint64_t total;
    /* After suffix_table_finish: name -> id, and each id's log-probability. */
    struct intern_strings index;
    float *logp;
    float unknown_logp;
};

int suffix_table_add(struct suffix_table *table, const char *suffix, uint32_t count);
/* Sorts and merges duplicates; call once after the last add. */
int suffix_table_finish(struct suffix_table *table);
double suffix_table_logp(const struct suffix_table *table, const char *suffix);
void suffix_table_free(struct suffix_table *table);

/* An oblivious tree: level d sends a name right when feature[d] > threshold[d]; the
 * DET_DEPTH answers, first one highest, number the leaf. */
struct det_tree {
    uint8_t feature[DET_DEPTH];
    float threshold[DET_DEPTH];
    float leaf[DET_LEAVES];
};

/* Public Suffix List rules read from its text (suffix_rules.c). */
struct suffix_rules {
    struct intern_strings exact, wildcards, exceptions;
    int loaded;
};

/* Loads the list libpsl's data comes from; without it (loaded stays 0) every lookup goes to
 * libpsl. -1 only when out of memory. */
int suffix_rules_load(struct suffix_rules *rules);
void suffix_rules_free(struct suffix_rules *rules);
/* The public suffix of a lower-case, NUL-terminated name: libpsl's answer. */
const char *suffix_rules_find(const struct suffix_rules *rules, const char *name, size_t len);

/* The trees again, eight at a time, laid out for scoring in lockstep (features.c). */
#define DET_LANES 8
struct det_block {
    int32_t feature[DET_DEPTH][DET_LANES];
    float threshold[DET_DEPTH][DET_LANES];
    float leaf[DET_LANES][DET_LEAVES];
};

/* What the features read per trigram, side by side: one cache line instead of three. */
struct det_trigram {
    float benign;   /* log P(c | a b) under the benign model */
    float dga;      /* the same under the DGA model */
    float unseen;   /* 1 when no benign training label has the trigram */
};

struct tk_detector {
    struct ngram_counts benign_counts;
    struct ngram_counts dga_counts;
    struct ngram_model benign;
    struct ngram_model dga;
    struct det_trigram trigrams[DET_TRIGRAMS];
    struct suffix_table suffixes;
    struct det_tree *trees;      /* gradient-boosted, summed into a log-odds */
    size_t tree_count;
    struct det_block *blocks;    /* the same trees, packed by det_pack */
    size_t block_count;
    double base;                 /* the log-odds before the first tree */
    double threshold;
    struct suffix_rules rules;   /* for splitting names into label and suffix */
    float count_log2[DET_LABEL_MAX + 1]; /* c * log2(c), for the entropy */
    /* Distinct characters expected in n drawn uniformly from the label's alphabet (hex
     * digits, letters, letters and digits, or those and '-'): A (1 - (1 - 1/A)^n). */
    float expected_distinct[DET_CHARSETS][DET_LABEL_MAX + 1];
    char *meta;    /* "key value" lines: how the model was trained */
    char summary[512];
};

extern const char *const det_feature_names[DET_FEATURES];

/* Splits a lower-case, NUL-terminated name into its registrable label and its public suffix
 * (rules may be NULL: libpsl). Returns 0 when the name has no label left of its suffix.
 * suffix points into name. */
int det_split(const struct suffix_rules *rules, const char *name, size_t len, const char **label,
              size_t *label_len, const char **suffix);

/* The features of a label under its suffix. */
void det_features(const struct tk_detector *d, const char *label, size_t len, const char *suffix,
                  float out[DET_FEATURES]);
/* Packs the trees into blocks for scoring; call after the last tree is added. 0, or -1
 * when out of memory. */
int det_pack(struct tk_detector *d);
/* The score, 0 to 1, of a feature vector: the logistic of the trees' sum. */
double det_score_features(const struct tk_detector *d, const float features[DET_FEATURES]);

/* The most calibration names (of n) that may score at or above the threshold for the
 * false-positive rate on unseen names to be at most target with the given confidence
 * (calibrate.c); 0 also when not even none would be enough. */
size_t det_fpr_allowance(size_t n, double target, double confidence);

/* The size of each alphabet of DET_CHARSETS, smallest first. */
extern const int det_charset_sizes[DET_CHARSETS];

struct tk_detector *det_new(void);
/* Turns the counts into the two n-gram models and the trigram table the features read. */
void det_finish_ngrams(struct tk_detector *d);

#endif
