/* dmsniff.c - the DMSniff point-of-sale malware DGA (a prefix plus six letters, no date).
 *
 * Name number n (counting from 1) gets one letter per factor of the sample (1, 7, 3, 5, 11
 * and 13 in the "sn" sample; the same primes in another order in the "al" sample): n times
 * the factor, halved until it fits the 25 letters a-y. The TLD index is n / 5, halved until
 * it fits the five TLDs. A per-sample prefix starts every label. */
#include <stdlib.h>
#include <string.h>

#include "dga/emit_util.h"
#include "takedown/family.h"

#define DMSNIFF_PREFIX_MAX 8
#define DMSNIFF_FACTORS_MAX 16

static const char *const dmsniff_tlds[5] = {"com", "org", "net", "ru", "in"};

/* The published factor order of each known sample prefix. */
struct dmsniff_sample {
    const char *prefix;
    const char *factors;
};

static const struct dmsniff_sample dmsniff_samples[] = {
    {"sn", "1,7,3,5,11,13"},
    {"al", "1,3,5,7,11,13"},
};

struct dmsniff_config {
    uint64_t factors[DMSNIFF_FACTORS_MAX];
    size_t factor_count;
};

/* Halves value until it is below limit. */
static uint64_t dmsniff_fold(uint64_t value, uint64_t limit)
{
    while (value >= limit)
        value /= 2;
    return value;
}

static int dmsniff_check_prefix(const char *prefix, struct tk_error *err)
{
    size_t len = strlen(prefix);
    if (len == 0 || len > DMSNIFF_PREFIX_MAX || strspn(prefix, "abcdefghijklmnopqrstuvwxyz") != len)
        return tk_error_set(err, TK_ERR_USAGE, "dmsniff: --prefix must be 1-%d letters a-z",
                            DMSNIFF_PREFIX_MAX);
    return TK_OK;
}

/* The factors given with --factors, or else the published ones of the prefix. */
static const char *dmsniff_factor_text(const char *prefix, const char *given)
{
    if (*given != '\0')
        return given;
    for (size_t i = 0; i < sizeof dmsniff_samples / sizeof dmsniff_samples[0]; i++)
        if (strcmp(dmsniff_samples[i].prefix, prefix) == 0)
            return dmsniff_samples[i].factors;
    return NULL;
}

static int dmsniff_parse_factors(const char *text, struct dmsniff_config *cfg,
                                 struct tk_error *err)
{
    cfg->factor_count = 0;
    for (const char *p = text;; p++) {
        char *end = NULL;
        unsigned long value = *p >= '0' && *p <= '9' ? strtoul(p, &end, 10) : 0;
        if (end == NULL || value == 0 || value > 1000000 ||
            cfg->factor_count == DMSNIFF_FACTORS_MAX || (*end != ',' && *end != '\0'))
            return tk_error_set(err, TK_ERR_USAGE,
                                "dmsniff: --factors must be 1-%d numbers 1-1000000, "
                                "comma-separated, not '%s'",
                                DMSNIFF_FACTORS_MAX, text);
        cfg->factors[cfg->factor_count++] = value;
        p = end;
        if (*p == '\0')
            return TK_OK;
    }
}

static int dmsniff_config(const struct tk_args *args, struct dmsniff_config *cfg,
                          struct tk_error *err)
{
    const char *prefix = tk_args_str(args, "prefix");
    int rc = dmsniff_check_prefix(prefix, err);
    if (rc)
        return rc;
    const char *text = dmsniff_factor_text(prefix, tk_args_str(args, "factors"));
    if (text == NULL)
        return tk_error_set(err, TK_ERR_USAGE,
                            "dmsniff: no published factors for prefix '%s'; give --factors "
                            "(the sn sample uses 1,7,3,5,11,13)",
                            prefix);
    return dmsniff_parse_factors(text, cfg, err);
}

static int dmsniff_generate(const struct tk_gen *gen, tk_emit_fn emit, void *ctx,
                            struct tk_error *err)
{
    struct dmsniff_config cfg = {.factor_count = 0};
    int rc = dmsniff_config(gen->args, &cfg, err);
    if (rc)
        return rc;

    const char *prefix = tk_args_str(gen->args, "prefix");
    int64_t count = tk_args_int(gen->args, "count");
    size_t prefix_len = strlen(prefix);
    char name[DMSNIFF_PREFIX_MAX + DMSNIFF_FACTORS_MAX + 8];

    memcpy(name, prefix, prefix_len);
    for (int64_t i = 0; i < count; i++) {
        uint64_t n = (uint64_t)i + 1;
        size_t len = prefix_len;
        for (size_t f = 0; f < cfg.factor_count; f++)
            name[len++] = (char)('a' + dmsniff_fold(n * cfg.factors[f], 25));
        rc = tk_emit_with_tld(emit, ctx, name, len, dmsniff_tlds[dmsniff_fold(n / 5, 5)]);
        if (rc)
            return rc;
    }
    return TK_OK;
}

static const struct tk_variant dmsniff_variants[] = {
    {"default", "the DGA of the analysed DMSniff samples (2016-2019)", NULL, NULL, 0, 0},
    {0},
};

static const struct tk_param_def dmsniff_params[] = {
    {"prefix", TK_PARAM_STRING, "sn", NULL, "letters that start every label, fixed per sample"},
    {"factors", TK_PARAM_STRING, "", NULL,
     "one multiplier per letter, comma-separated; empty: the published ones of --prefix"},
    {"count", TK_PARAM_INT, "50", NULL, "names to generate (numbers 1..count)"},
    {0},
};

static const struct tk_seed dmsniff_seeds[] = {
    {NULL, "prefix=sn", "factors 1,7,3,5,11,13; DMSniff sample in J. Bader's dmsniff/dga.py"},
    {NULL, "prefix=al", "factors 1,3,5,7,11,13; J. Bader's example list dmsniff/domains_al.txt"},
    {0},
};

const struct tk_family tk_family_dmsniff = {
    .name = "dmsniff",
    .aliases = "",
    .summary = "DMSniff point-of-sale malware: prefix plus six letters, 5 TLDs, no date input",
    .description =
        "For name number n (1, 2, ...) each letter after the sample's prefix is n times one "
        "of the sample's factors (1,7,3,5,11,13 for prefix sn; 1,3,5,7,11,13 for al), halved "
        "until below 25 and mapped to a-y; the TLD is com, org, net, ru or in by n/5, halved "
        "until below 5. The list is fixed per sample and repeats names once the products "
        "have to be halved.",
    .variants = dmsniff_variants,
    .params = dmsniff_params,
    .seed_param = "prefix",
    .known_seeds = dmsniff_seeds,
    .granularity = "none (no date input)",
    .names_per_period = "50",
    .tlds = "com,org,net,ru,in",
    .charset = "a-z",
    .label_min = 2,
    .label_max = DMSNIFF_PREFIX_MAX + DMSNIFF_FACTORS_MAX,
    .wordlists = NULL,
    .reference = "baderj/domain_generation_algorithms:dmsniff/dga.py — J. Bader, DMSniff DGA "
                 "reimplementation (algorithm checked here against its output)",
    .time_note = NULL,
    .generate = dmsniff_generate,
    .period = NULL,
};
