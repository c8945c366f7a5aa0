/* symmi.c - the Symmi DGA: 64 pronounceable names under .ddns.net every half month.
 *
 * The half of the month (day / 16), the month, the year and a constant seed an MSVC-style
 * rand(). Each name draws its length, then alternates vowels and consonants, re-drawing at
 * every even position whether that pair starts with a vowel or a consonant. */
#include "takedown/emit_util.h"
#include "takedown/family.h"
#include "takedown/msvc_rand.h"

#define SYMMI_MIN_LEN 8
#define SYMMI_MAX_LEN 15

/* The reference draws from all but the last letter of each set: no 'y', no 'z'. */
static const char symmi_vowels[] = "aeiouy";
static const char symmi_consonants[] = "bcdfghklmnpqrstvwxz";

static uint32_t symmi_seed(tk_day day, int64_t seed_const)
{
    struct tk_civil c = tk_day_to_civil(day);
    uint64_t half = (uint64_t)(c.day / 16);
    uint64_t seed = 10000 * (half * 100 + (uint64_t)c.month) + (uint64_t)c.year +
                    (uint64_t)seed_const;
    return (uint32_t)seed;
}

/* Writes the next name into out (at least 25 bytes) and returns its length. */
static size_t symmi_name(struct tk_msvc_rand *r, char *out)
{
    size_t length = SYMMI_MIN_LEN + tk_msvc_rand(r) % (SYMMI_MAX_LEN - SYMMI_MIN_LEN + 1);
    uint32_t consonant_first = 0;

    for (size_t i = 0; i < length; i++) {
        if (i % 2 == 0)
            consonant_first = (tk_msvc_rand(r) & 0x100) != 0;
        uint32_t s = tk_msvc_rand(r);
        if ((consonant_first + i) % 2)
            out[i] = symmi_consonants[s % (sizeof symmi_consonants - 2)];
        else
            out[i] = symmi_vowels[s % (sizeof symmi_vowels - 2)];
    }
    return tk_name_add_tld(out, length, "ddns.net");
}

static int symmi_generate(const struct tk_gen *gen, tk_emit_fn emit, void *ctx,
                          struct tk_error *err)
{
    int64_t count = tk_args_int(gen->args, "count");
    struct tk_msvc_rand r;
    char name[32];

    (void)err;
    tk_msvc_srand(&r, symmi_seed(tk_args_day(gen->args, "date"),
                                 tk_args_int(gen->args, "seed_const")));
    for (int64_t i = 0; i < count; i++) {
        size_t len = symmi_name(&r, name);
        int rc = emit(ctx, name, len);
        if (rc)
            return rc;
    }
    return TK_OK;
}

static int64_t symmi_period(const struct tk_gen *gen, tk_day day)
{
    struct tk_civil c = tk_day_to_civil(day);
    (void)gen;
    return ((int64_t)c.year * 12 + c.month) * 2 + c.day / 16;
}

static const struct tk_variant symmi_variants[] = {
    {"default", "the DGA of the 2014 Symmi samples", NULL, NULL, 0, 0},
    {0},
};

static const struct tk_param_def symmi_params[] = {
    {"date", TK_PARAM_DATE, NULL, NULL,
     "UTC day; names change on the 16th and the 1st (day of month / 16)"},
    {"seed_const", TK_PARAM_INT, "42", NULL, "constant added to the date seed"},
    {"count", TK_PARAM_INT, "64", NULL, "names per period"},
    {0},
};

static const struct tk_seed symmi_seeds[] = {
    {NULL, "seed_const=42", "the constant of the analysed samples (J. Bader, 2015)"},
    {0},
};

const struct tk_family tk_family_symmi = {
    .name = "symmi",
    .aliases = "",
    .summary = "Symmi: 64 vowel/consonant names under .ddns.net every half month",
    .description =
        "10000 * ((day / 16) * 100 + month) + year + 42 seeds an MSVC rand() LCG "
        "(x * 214013 + 2531011, bits 16-30). Each name takes 8-15 letters; at every even "
        "position a draw decides whether the pair starts with a vowel (aeiou) or a "
        "consonant (bcdfghklmnpqrstvwx), and the letters alternate. All names are third-level "
        "names under ddns.net.",
    .variants = symmi_variants,
    .params = symmi_params,
    .seed_param = "seed_const",
    .known_seeds = symmi_seeds,
    .granularity = "half-monthly (days 1-15 and 16-end)",
    .names_per_period = "64",
    .tlds = "ddns.net",
    .charset = "a-ik-x",
    .label_min = SYMMI_MIN_LEN,
    .label_max = SYMMI_MAX_LEN,
    .wordlists = NULL,
    .reference = "baderj/domain_generation_algorithms:symmi/dga.py - J. Bader, 'The DGA of "
                 "Symmi' (2015)",
    .time_note = NULL,
    .generate = symmi_generate,
    .period = symmi_period,
};
