/* model.c - the detector's model file: read, write, and the copy built into the program
 * (data/detect/model.txt, embedded at build time by cmake/embed_model.cmake).
 *
 *   format takedown-detect 2
 *   meta KEY VALUE...              how it was trained (kept verbatim)
 *   features NAME...               the feature order the trees refer to
 *   threshold T
 *   base B                         log-odds before the first tree
 *   tree F T F T ... : L L ...     6 (feature number, threshold) levels, then 64 leaves
 *   suffix NAME COUNT              benign names per public suffix
 *   benign XYZ COUNT               benign label trigrams ('^' boundary, '_' other)
 *   dga XYZ COUNT                  trigrams of generated DGA labels
 *
 * Bigram and unigram counts follow from the trigram counts, so they are not stored. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect/detect_internal.h"
#include "takedown/domain.h"
#include "takedown/read_file.h"

extern const char tk_detect_builtin_model[];
extern const size_t tk_detect_builtin_model_len;

struct tk_detector *det_new(void)
{
    struct tk_detector *d = calloc(1, sizeof *d);
    for (int c = 0; d && c <= DET_LABEL_MAX; c++) {
        d->count_log2[c] = c > 1 ? (float)(c * log2(c)) : 0.0f;
        for (int k = 0; k < DET_CHARSETS; k++) {
            double a = det_charset_sizes[k];
            d->expected_distinct[k][c] = (float)(a * (1 - pow(1 - 1 / a, c)));
        }
    }
    return d;
}

void det_finish_ngrams(struct tk_detector *d)
{
    ngram_finish(&d->benign_counts, &d->benign);
    ngram_finish(&d->dga_counts, &d->dga);
    for (int t = 0; t < DET_TRIGRAMS; t++) {
        d->trigrams[t].benign = d->benign.logp3[t];
        d->trigrams[t].dga = d->dga.logp3[t];
        d->trigrams[t].unseen = d->benign_counts.tri[t] == 0 ? 1.0f : 0.0f;
    }
}

void tk_detector_free(struct tk_detector *d)
{
    if (d == NULL)
        return;
    suffix_table_free(&d->suffixes);
    suffix_rules_free(&d->rules);
    free(d->trees);
    free(d->blocks);
    free(d->meta);
    free(d);
}

static int symbol_of_char(char c)
{
    if (c == '^')
        return 0;
    if (c == '_')
        return 38;
    int s = det_symbol(c);
    return s == 38 ? -1 : s;
}

/* Rebuilds bigram, unigram and total counts from the trigram counts. */
static void derive_counts(struct ngram_counts *c)
{
    memset(c->uni, 0, sizeof c->uni);
    memset(c->bi, 0, sizeof c->bi);
    c->total = 0;
    for (int t = 0; t < DET_TRIGRAMS; t++) {
        c->bi[t % DET_BIGRAMS] += c->tri[t];
        c->uni[t % DET_ALPHABET] += c->tri[t];
        c->total += c->tri[t];
    }
}

static int append_meta(struct tk_detector *d, const char *text)
{
    size_t have = d->meta ? strlen(d->meta) : 0, n = strlen(text);
    char *grown = realloc(d->meta, have + n + 2);
    if (grown == NULL)
        return -1;
    memcpy(grown + have, text, n);
    grown[have + n] = '\n';
    grown[have + n + 1] = '\0';
    d->meta = grown;
    return 0;
}

/* The value of meta KEY, copied into buf; "" when absent. */
static const char *meta_value(const struct tk_detector *d, const char *key, char *buf, size_t size)
{
    size_t n = strlen(key);
    buf[0] = '\0';
    for (const char *p = d->meta; p && *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        if (len > n && strncmp(p, key, n) == 0 && p[n] == ' ') {
            snprintf(buf, size, "%.*s", (int)(len - n - 1), p + n + 1);
            break;
        }
        p = nl ? nl + 1 : NULL;
    }
    return buf;
}

static void make_summary(struct tk_detector *d)
{
    char trained[64], benign[128], dga[64];
    meta_value(d, "trained", trained, sizeof trained);
    meta_value(d, "benign_names", benign, sizeof benign);
    meta_value(d, "dga_names", dga, sizeof dga);
    snprintf(d->summary, sizeof d->summary, "%zu gradient-boosted trees on %d features, trained "
             "%s on %s benign and %s generated DGA labels, threshold %.4f", d->tree_count,
             DET_FEATURES, *trained ? trained : "?", *benign ? benign : "?", *dga ? dga : "?",
             d->threshold);
}

/* Reads "F T F T ... : L L ..." into a new tree. */
static int parse_tree(struct tk_detector *d, char *rest, struct tk_error *err)
{
    struct det_tree tree;
    char *save = NULL, *word = strtok_r(rest, " \t", &save);
    for (int level = 0; level < DET_DEPTH; level++) {
        char *end;
        long feature = word ? strtol(word, &end, 10) : -1;
        if (word == NULL || *end || feature < 0 || feature >= DET_FEATURES)
            return tk_error_set(err, TK_ERR_DATA, "tree level %d: expected a feature number "
                                "0-%d", level, DET_FEATURES - 1);
        word = strtok_r(NULL, " \t", &save);
        tree.threshold[level] = word ? strtof(word, &end) : 0;
        if (word == NULL || *end)
            return tk_error_set(err, TK_ERR_DATA, "tree level %d: expected a threshold", level);
        tree.feature[level] = (uint8_t)feature;
        word = strtok_r(NULL, " \t", &save);
    }
    if (word == NULL || strcmp(word, ":") != 0)
        return tk_error_set(err, TK_ERR_DATA, "tree: expected ':' after %d levels", DET_DEPTH);
    for (int leaf = 0; leaf < DET_LEAVES; leaf++) {
        char *end;
        word = strtok_r(NULL, " \t", &save);
        tree.leaf[leaf] = word ? strtof(word, &end) : 0;
        if (word == NULL || *end)
            return tk_error_set(err, TK_ERR_DATA, "tree: expected %d leaf values", DET_LEAVES);
    }
    if (strtok_r(NULL, " \t", &save) != NULL)
        return tk_error_set(err, TK_ERR_DATA, "tree: more than %d leaf values", DET_LEAVES);
    struct det_tree *grown = realloc(d->trees, (d->tree_count + 1) * sizeof *grown);
    if (grown == NULL)
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    d->trees = grown;
    d->trees[d->tree_count++] = tree;
    return TK_OK;
}

/* "features NAME..." must list the program's features in its order. */
static int check_features(char *rest, struct tk_error *err)
{
    char *save = NULL, *word = strtok_r(rest, " \t", &save);
    for (int i = 0; i < DET_FEATURES; i++, word = strtok_r(NULL, " \t", &save))
        if (word == NULL || strcmp(word, det_feature_names[i]) != 0)
            return tk_error_set(err, TK_ERR_DATA, "features: expected %s as feature %d, got %s "
                                "(a model for another version of takedown?)",
                                det_feature_names[i], i, word ? word : "nothing");
    if (word != NULL)
        return tk_error_set(err, TK_ERR_DATA, "features: more than %d", DET_FEATURES);
    return TK_OK;
}

/* Parses one line; returns TK_OK or fills err with what was expected. */
static int parse_line(struct tk_detector *d, char *line, int *features_seen, int *format_seen,
                      struct tk_error *err)
{
    char *save = NULL;
    char *key = strtok_r(line, " \t", &save);
    char *rest = strtok_r(NULL, "", &save);
    if (key == NULL || key[0] == '#')
        return TK_OK;
    if (strcmp(key, "format") == 0) {
        if (rest == NULL || strcmp(rest, "takedown-detect 2") != 0)
            return tk_error_set(err, TK_ERR_DATA, "expected 'format takedown-detect 2'");
        *format_seen = 1;
        return TK_OK;
    }
    if (!*format_seen)
        return tk_error_set(err, TK_ERR_DATA, "expected the 'format' line first");
    if (strcmp(key, "meta") == 0)
        return rest && append_meta(d, rest) == 0 ? TK_OK
                                                  : tk_error_set(err, TK_ERR_DATA, "empty meta");
    if (strcmp(key, "threshold") == 0 || strcmp(key, "base") == 0) {
        char *end;
        double v = rest ? strtod(rest, &end) : 0;
        if (rest == NULL || *end)
            return tk_error_set(err, TK_ERR_DATA, "expected a number after %s", key);
        if (key[0] == 't')
            d->threshold = v;
        else
            d->base = v;
        return TK_OK;
    }
    if (strcmp(key, "features") == 0) {
        *features_seen = 1;
        return rest ? check_features(rest, err)
                    : tk_error_set(err, TK_ERR_DATA, "features: expected names");
    }
    if (strcmp(key, "tree") == 0)
        return rest ? parse_tree(d, rest, err) : tk_error_set(err, TK_ERR_DATA, "empty tree");
    if (strcmp(key, "suffix") == 0) {
        char name[256];
        unsigned long count;
        if (rest == NULL || sscanf(rest, "%255s %lu", name, &count) != 2 || count > UINT32_MAX)
            return tk_error_set(err, TK_ERR_DATA, "expected 'suffix NAME COUNT'");
        return suffix_table_add(&d->suffixes, name, (uint32_t)count) == 0
                   ? TK_OK : tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    }
    if (strcmp(key, "benign") == 0 || strcmp(key, "dga") == 0) {
        char gram[8];
        unsigned long count;
        int s[3];
        if (rest == NULL || sscanf(rest, "%7s %lu", gram, &count) != 2 || strlen(gram) != 3
            || count > UINT32_MAX || (s[0] = symbol_of_char(gram[0])) < 0
            || (s[1] = symbol_of_char(gram[1])) < 0 || (s[2] = symbol_of_char(gram[2])) < 0)
            return tk_error_set(err, TK_ERR_DATA, "expected '%s XYZ COUNT' (three of a-z, 0-9, "
                                "'-', '^', '_')", key);
        struct ngram_counts *c = key[0] == 'b' ? &d->benign_counts : &d->dga_counts;
        c->tri[(s[0] * DET_ALPHABET + s[1]) * DET_ALPHABET + s[2]] = (uint32_t)count;
        return TK_OK;
    }
    return tk_error_set(err, TK_ERR_DATA, "unknown line '%s'", key);
}

int tk_detector_parse(const char *text, size_t len, const char *name, struct tk_detector **out,
                      struct tk_error *err)
{
    struct tk_detector *d = det_new();
    int features = 0, format_seen = 0, rc = TK_OK;
    long lineno = 0;
    char line[4096];

    if (d == NULL)
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    for (size_t at = 0; at < len && rc == TK_OK;) {
        const char *nl = memchr(text + at, '\n', len - at);
        size_t n = nl ? (size_t)(nl - (text + at)) : len - at;
        lineno++;
        if (n >= sizeof line) {
            rc = tk_error_set(err, TK_ERR_DATA, "line too long");
        } else {
            memcpy(line, text + at, n);
            line[n] = '\0';
            rc = parse_line(d, line, &features, &format_seen, err);
        }
        if (rc)
            tk_error_prefix(err, "%s:%ld", name, lineno);
        at += n + 1;
    }
    if (rc == TK_OK && (!features || d->tree_count == 0))
        rc = tk_error_set(err, TK_ERR_DATA, "%s: no features line or no trees; is it a model "
                          "file?", name);
    if (rc == TK_OK && suffix_table_finish(&d->suffixes) != 0)
        rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    if (rc) {
        tk_detector_free(d);
        return rc;
    }
    if (suffix_rules_load(&d->rules) != 0 || det_pack(d) != 0) {
        tk_detector_free(d);
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    }
    derive_counts(&d->benign_counts);
    derive_counts(&d->dga_counts);
    det_finish_ngrams(d);
    make_summary(d);
    *out = d;
    return TK_OK;
}

int tk_detector_load(const char *path, struct tk_detector **out, struct tk_error *err)
{
    int rc = tk_psl_init(err);
    if (rc)
        return rc;
    if (path == NULL) {
        if (tk_detect_builtin_model_len == 0)
            return tk_error_set(err, TK_ERR_DATA, "this takedown was built without a detection "
                                "model (data/detect/model.txt); give --model FILE");
        return tk_detector_parse(tk_detect_builtin_model, tk_detect_builtin_model_len,
                                 "built-in model", out, err);
    }
    char *text;
    size_t len;
    if ((rc = tk_read_file(path, &text, &len, err)))
        return rc;
    rc = tk_detector_parse(text, len, path, out, err);
    free(text);
    return rc;
}

double tk_detector_threshold(const struct tk_detector *d)
{
    return d->threshold;
}

const char *tk_detector_summary(const struct tk_detector *d)
{
    return d->summary;
}

static void write_grams(FILE *out, const char *key, const struct ngram_counts *c)
{
    for (int t = 0; t < DET_TRIGRAMS; t++)
        if (c->tri[t])
            fprintf(out, "%s %c%c%c %u\n", key, det_symbol_char(t / DET_BIGRAMS),
                    det_symbol_char(t / DET_ALPHABET % DET_ALPHABET),
                    det_symbol_char(t % DET_ALPHABET), c->tri[t]);
}

int tk_detector_write(const struct tk_detector *d, FILE *out, struct tk_error *err)
{
    fprintf(out, "# takedown DGA detector model: see docs/detect.md for every line.\n");
    fprintf(out, "format takedown-detect 2\n");
    for (const char *p = d->meta; p && *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        fprintf(out, "meta %.*s\n", (int)len, p);
        p = nl ? nl + 1 : NULL;
    }
    fputs("features", out);
    for (int i = 0; i < DET_FEATURES; i++)
        fprintf(out, " %s", det_feature_names[i]);
    fprintf(out, "\nthreshold %.6f\nbase %.9g\n", d->threshold, d->base);
    for (size_t t = 0; t < d->tree_count; t++) {
        const struct det_tree *tree = &d->trees[t];
        fputs("tree", out);
        for (int level = 0; level < DET_DEPTH; level++)
            fprintf(out, " %u %.9g", tree->feature[level], tree->threshold[level]);
        fputs(" :", out);
        for (int leaf = 0; leaf < DET_LEAVES; leaf++)
            fprintf(out, " %.9g", tree->leaf[leaf]);
        fputc('\n', out);
    }
    for (size_t i = 0; i < d->suffixes.count; i++)
        fprintf(out, "suffix %s %u\n", d->suffixes.names[i], d->suffixes.counts[i]);
    write_grams(out, "benign", &d->benign_counts);
    write_grams(out, "dga", &d->dga_counts);
    if (ferror(out))
        return tk_error_set(err, TK_ERR_IO, "write failed: %s", strerror(errno));
    return TK_OK;
}
