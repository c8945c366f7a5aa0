/* features.c - what the detector measures in a registrable label (docs/detect.md). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "detect/detect_internal.h"
#include "takedown/domain.h"

const char *const det_feature_names[DET_FEATURES] = {
    "length",           "digit_ratio",       "vowel_ratio",     "max_consonant_run",
    "max_vowel_run",    "max_digit_run",     "entropy",         "hyphens",
    "benign_trigram",   "benign_bigram",     "unseen_trigrams", "dga_trigram",
    "suffix_logp",      "digit_transitions", "distinct_ratio",  "worst_trigram",
    "llr_total",        "short",             "uniform_llr",     "charset_size",
    "uniform_llr_total", "distinct_excess",  "vowel_alternation",
};

const int det_charset_sizes[DET_CHARSETS] = {16, 26, 36, 37};

int det_split(const struct suffix_rules *rules, const char *name, size_t len, const char **label,
              size_t *label_len, const char **suffix)
{
    const char *s = suffix_rules_find(rules, name, len);
    if (s == NULL || s <= name + 1 || s[-1] != '.')
        return 0;
    const char *end = s - 1, *start = end;
    while (start > name && start[-1] != '.')
        start--;
    if (start == end || end - start > DET_LABEL_MAX)
        return 0;
    *label = start;
    *label_len = (size_t)(end - start);
    *suffix = s;
    return 1;
}

static int is_vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

void det_features(const struct tk_detector *d, const char *label, size_t len, const char *suffix,
                  float out[DET_FEATURES])
{
    size_t digits = 0, letters = 0, vowels = 0, hyphens = 0, transitions = 0;
    size_t run_consonant = 0, run_vowel = 0, run_digit = 0;
    size_t max_consonant = 0, max_vowel = 0, max_digit = 0, distinct = 0, alternations = 0;
    unsigned counts[DET_ALPHABET] = {0};
    double benign3 = 0, benign2 = 0, dga3 = 0, worst = 0, weighted = 0;
    size_t unseen = 0;
    int a = 0, b = 0, previous_kind = 0, previous_vowel = 0, hex_only = 1;

    for (size_t i = 0; i <= len; i++) {
        int c = i < len ? det_symbol(label[i]) : 0;
        int tri = (a * DET_ALPHABET + b) * DET_ALPHABET + c;
        const struct det_trigram *t = &d->trigrams[tri];
        double l3 = t->benign;
        benign3 += l3;
        benign2 += d->benign.logp2[b * DET_ALPHABET + c];
        dga3 += t->dga;
        unseen += (size_t)t->unseen;
        if (i == 0 || l3 < worst)
            worst = l3;
        a = b;
        b = c;
        if (i == len)
            break;

        char ch = label[i];
        int kind = ch >= '0' && ch <= '9' ? 1 : (ch >= 'a' && ch <= 'z') ? 2 : 3;
        hex_only &= kind == 1 || (ch >= 'a' && ch <= 'f');
        /* The entropy's sum of c log2(c) over the character counts, kept as they grow. */
        weighted += d->count_log2[counts[c] + 1] - d->count_log2[counts[c]];
        if (counts[c]++ == 0)
            distinct++;
        int vowel = kind == 2 && is_vowel(ch);
        if (i > 0 && kind != previous_kind && kind != 3 && previous_kind != 3)
            transitions++;
        if (i > 0 && kind == 2 && previous_kind == 2 && vowel != previous_vowel)
            alternations++;
        previous_kind = kind;
        previous_vowel = vowel;
        run_digit = kind == 1 ? run_digit + 1 : 0;
        run_vowel = vowel ? run_vowel + 1 : 0;
        run_consonant = kind == 2 && !vowel ? run_consonant + 1 : 0;
        digits += kind == 1;
        letters += kind == 2;
        vowels += (size_t)vowel;
        hyphens += ch == '-';
        if (run_digit > max_digit)
            max_digit = run_digit;
        if (run_vowel > max_vowel)
            max_vowel = run_vowel;
        if (run_consonant > max_consonant)
            max_consonant = run_consonant;
    }
    /* Shannon entropy: log2(n) - (1/n) sum of c log2(c) over the character counts. */
    double entropy = d->count_log2[len] / (double)len - weighted / (double)len;
    double n = (double)len, positions = n + 1;
    out[0] = (float)n;
    out[1] = (float)(digits / n);
    out[2] = (float)(letters ? (double)vowels / (double)letters : 0);
    out[3] = (float)max_consonant;
    out[4] = (float)max_vowel;
    out[5] = (float)max_digit;
    out[6] = (float)entropy;
    out[7] = (float)hyphens;
    out[8] = (float)(benign3 / positions);
    out[9] = (float)(benign2 / positions);
    out[10] = (float)((double)unseen / positions);
    out[11] = (float)(dga3 / positions);
    out[12] = (float)suffix_table_logp(&d->suffixes, suffix);
    out[13] = (float)((double)transitions / n);
    out[14] = (float)((double)distinct / n);
    out[15] = (float)worst;
    out[16] = (float)(benign3 - dga3);
    out[17] = len <= 5 ? 1.0f : 0.0f;
    /* Against drawing every character uniformly from the smallest usual alphabet that holds
     * the label (hex digits, letters, letters and digits, or more): what an unseen
     * random-character family does, whatever its alphabet. */
    int charset = hex_only ? 0 : digits == 0 && hyphens == 0 ? 1 : hyphens == 0 ? 2 : 3;
    double alphabet = det_charset_sizes[charset];
    double uniform_llr = benign3 + n * log(alphabet);
    out[18] = (float)(uniform_llr / positions);
    out[19] = (float)alphabet;
    /* The same evidence in total, not per character: a short label has less of it. */
    out[20] = (float)uniform_llr;
    /* Random draws repeat characters less than words do (short labels most of all). */
    out[21] = (float)distinct - d->expected_distinct[charset][len];
    /* Vowel-consonant changes between adjacent letters, per character: words alternate. */
    out[22] = (float)((double)alternations / n);
}

int det_pack(struct tk_detector *d)
{
    size_t blocks = (d->tree_count + DET_LANES - 1) / DET_LANES;
    struct det_block *packed = calloc(blocks ? blocks : 1, sizeof *packed);
    if (packed == NULL)
        return -1;
    for (size_t b = 0; b < blocks; b++)
        for (int j = 0; j < DET_LANES; j++) {
            size_t t = b * DET_LANES + (size_t)j;
            for (int level = 0; level < DET_DEPTH; level++) {
                /* A padding lane never goes right and adds nothing. */
                packed[b].feature[level][j] = t < d->tree_count ? d->trees[t].feature[level] : 0;
                packed[b].threshold[level][j] = t < d->tree_count ? d->trees[t].threshold[level]
                                                                  : INFINITY;
            }
            if (t < d->tree_count)
                memcpy(packed[b].leaf[j], d->trees[t].leaf, sizeof packed[b].leaf[j]);
        }
    free(d->blocks);
    d->blocks = packed;
    d->block_count = blocks;
    return 0;
}

/* The trees' sum over the packed blocks: eight trees in lockstep, which the compiler turns
 * into vector code (AVX2, with gathers, where the CPU has it). */
__attribute__((target_clones("avx2", "default")))
static float sum_blocks(const struct det_block *blocks, size_t count, const float f[DET_FEATURES])
{
    float z = 0;
    for (size_t b = 0; b < count; b++) {
        int32_t leaf[DET_LANES] = {0};
        for (int level = 0; level < DET_DEPTH; level++)
            for (int j = 0; j < DET_LANES; j++)
                leaf[j] = leaf[j] * 2
                          + (f[blocks[b].feature[level][j]] > blocks[b].threshold[level][j]);
        for (int j = 0; j < DET_LANES; j++)
            z += blocks[b].leaf[j][leaf[j]];
    }
    return z;
}

double det_score_features(const struct tk_detector *d, const float f[DET_FEATURES])
{
    double z = d->base + sum_blocks(d->blocks, d->block_count, f);
    return 1.0 / (1.0 + exp(-z));
}

double tk_detector_score(const struct tk_detector *d, const char *name, size_t len)
{
    char lower[256];
    const char *label, *suffix;
    size_t label_len;
    float features[DET_FEATURES];

    if ((len = tk_domain_valid_key(name, len, lower)) == 0)
        return 0;
    if (!det_split(&d->rules, lower, len, &label, &label_len, &suffix))
        return 0;
    det_features(d, label, label_len, suffix, features);
    return det_score_features(d, features);
}
