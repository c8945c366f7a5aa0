/* ngram.c - character n-gram language models of domain labels, and the table of public
 * suffixes, that the detector's features are measured against. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "detect/detect_internal.h"

int det_symbol(char c)
{
    if (c >= 'a' && c <= 'z')
        return 1 + (c - 'a');
    if (c >= 'A' && c <= 'Z')
        return 1 + (c - 'A');
    if (c >= '0' && c <= '9')
        return 27 + (c - '0');
    if (c == '-')
        return 37;
    return 38;
}

char det_symbol_char(int symbol)
{
    if (symbol == 0)
        return '^';
    if (symbol <= 26)
        return (char)('a' + symbol - 1);
    if (symbol <= 36)
        return (char)('0' + symbol - 27);
    return symbol == 37 ? '-' : '_';
}

void ngram_add(struct ngram_counts *counts, const char *label, size_t len)
{
    int a = 0, b = 0;
    for (size_t i = 0; i <= len; i++) {
        int c = i < len ? det_symbol(label[i]) : 0;
        counts->uni[c]++;
        counts->bi[b * DET_ALPHABET + c]++;
        counts->tri[(a * DET_ALPHABET + b) * DET_ALPHABET + c]++;
        counts->total++;
        a = b;
        b = c;
    }
}

/* Weights of the lower-order estimate in the interpolation (pseudo-counts). */
#define BIGRAM_PRIOR 4.0
#define TRIGRAM_PRIOR 4.0

void ngram_finish(const struct ngram_counts *counts, struct ngram_model *model)
{
    double p1[DET_ALPHABET], p2[DET_BIGRAMS];
    for (int c = 0; c < DET_ALPHABET; c++)
        p1[c] = (counts->uni[c] + 1.0) / ((double)counts->total + DET_ALPHABET);
    for (int b = 0; b < DET_ALPHABET; b++) {
        double context = 0;
        for (int c = 0; c < DET_ALPHABET; c++)
            context += counts->bi[b * DET_ALPHABET + c];
        for (int c = 0; c < DET_ALPHABET; c++) {
            p2[b * DET_ALPHABET + c] =
                (counts->bi[b * DET_ALPHABET + c] + BIGRAM_PRIOR * p1[c]) / (context + BIGRAM_PRIOR);
            model->logp2[b * DET_ALPHABET + c] = (float)log(p2[b * DET_ALPHABET + c]);
        }
    }
    for (int ab = 0; ab < DET_BIGRAMS; ab++) {
        int b = ab % DET_ALPHABET;
        double context = 0;
        for (int c = 0; c < DET_ALPHABET; c++)
            context += counts->tri[ab * DET_ALPHABET + c];
        for (int c = 0; c < DET_ALPHABET; c++) {
            double p = (counts->tri[ab * DET_ALPHABET + c] + TRIGRAM_PRIOR * p2[b * DET_ALPHABET + c])
                       / (context + TRIGRAM_PRIOR);
            model->logp3[ab * DET_ALPHABET + c] = (float)log(p);
        }
    }
}

int suffix_table_add(struct suffix_table *t, const char *suffix, uint32_t count)
{
    if (t->count == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 256;
        char **names = realloc(t->names, cap * sizeof *names);
        if (names == NULL)
            return -1;
        t->names = names;
        uint32_t *counts = realloc(t->counts, cap * sizeof *counts);
        if (counts == NULL)
            return -1;
        t->counts = counts;
        t->cap = cap;
    }
    if ((t->names[t->count] = strdup(suffix)) == NULL)
        return -1;
    t->counts[t->count++] = count;
    t->total += count;
    return 0;
}

struct suffix_entry {
    char *name;
    uint32_t count;
};

static int by_suffix(const void *a, const void *b)
{
    return strcmp(((const struct suffix_entry *)a)->name, ((const struct suffix_entry *)b)->name);
}

/* The table of log-probabilities: add-half smoothing over the known suffixes and one slot
 * for all unknown ones. */
static int index_suffixes(struct suffix_table *t)
{
    double denominator = (double)t->total + 0.5 * (double)(t->count + 1);
    t->unknown_logp = (float)log(0.5 / denominator);
    t->logp = malloc((t->count ? t->count : 1) * sizeof *t->logp);
    if (t->logp == NULL)
        return -1;
    for (size_t i = 0; i < t->count; i++) {
        if (intern_string(&t->index, t->names[i], strlen(t->names[i]), NULL) != (long)i)
            return -1;
        t->logp[i] = (float)log((t->counts[i] + 0.5) / denominator);
    }
    return 0;
}

int suffix_table_finish(struct suffix_table *t)
{
    if (t->count == 0)
        return index_suffixes(t);
    struct suffix_entry *e = malloc(t->count * sizeof *e);
    if (e == NULL)
        return -1;
    for (size_t i = 0; i < t->count; i++)
        e[i] = (struct suffix_entry){t->names[i], t->counts[i]};
    qsort(e, t->count, sizeof *e, by_suffix);
    size_t n = 0;
    for (size_t i = 0; i < t->count; i++) {
        if (n > 0 && strcmp(t->names[n - 1], e[i].name) == 0) {
            t->counts[n - 1] += e[i].count;
            free(e[i].name);
            continue;
        }
        t->names[n] = e[i].name;
        t->counts[n++] = e[i].count;
    }
    t->count = n;
    free(e);
    return index_suffixes(t);
}

double suffix_table_logp(const struct suffix_table *t, const char *suffix)
{
    long id = intern_string_find(&t->index, suffix, strlen(suffix));
    return id >= 0 ? t->logp[id] : t->unknown_logp;
}

void suffix_table_free(struct suffix_table *t)
{
    for (size_t i = 0; i < t->count; i++)
        free(t->names[i]);
    free(t->names);
    free(t->counts);
    free(t->logp);
    intern_strings_free(&t->index);
    memset(t, 0, sizeof *t);
}
