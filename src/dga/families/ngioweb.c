/* ngioweb.c - the Linux.Ngioweb DGA (1,024 word-like names from a 32-bit seed).
 *
 * One LCG run builds every name: 1-3 parts joined by '-', each a prefix word, 4-6 letters
 * alternating vowels and consonants, and a suffix chosen by whether the part ends in a
 * consonant; then one of 6 TLDs. */
#include <string.h>

#include "dga/emit_util.h"
#include "takedown/family.h"
#include "dga/lcg.h"

#define NGIOWEB_NAME_MAX 64

static const char ngioweb_vowels[] = "aeiou";
static const char ngioweb_consonants[] = "bcdfghklmnprstvxz";
static const char *const ngioweb_prefixes[] = {
    "un",   "under", "re",   "in",    "im",  "il",    "ir",  "en",    "em",    "over",
    "mis",  "dis",   "pre",  "post",  "anti", "inter", "sub", "ultra", "non",   "de",
    "pro",  "trans", "ex",   "macro", "micro", "mini", "mono", "multi", "semi", "co"};
static const char *const ngioweb_vowel_suffixes[] = {
    "able", "ant", "ate", "age", "ance", "ancy", "an",  "ary", "al",   "en",   "ency", "er",
    "etn",  "ed",  "ese", "ern", "ize",  "ify",  "ing", "ish", "ity",  "ion",  "ian",  "ism",
    "ist",  "ic",  "ical", "ible", "ive", "ite", "ish", "ian", "or",   "ous",  "ure"};
static const char *const ngioweb_consonant_suffixes[] = {
    "dom",  "hood", "less", "like", "ly", "fy", "ful",  "ness",
    "ment", "sion", "ssion", "ship", "ty", "th", "tion", "ward"};
static const char *const ngioweb_tlds[] = {"net", "info", "com", "biz", "org", "name"};

#define NGIOWEB_COUNT(array) (sizeof(array) / sizeof((array)[0]))

static uint32_t ngioweb_rand(uint32_t *state, uint32_t modulus)
{
    return tk_lcg_ansi_c(state) % modulus;
}

static int ngioweb_is_vowel(char c)
{
    return strchr(ngioweb_vowels, c) != NULL;
}

/* Builds the next name into out (NGIOWEB_NAME_MAX bytes) and returns its length. */
static size_t ngioweb_name(uint32_t *r, char *out)
{
    size_t len = 0;
    uint32_t parts = ngioweb_rand(r, 3) + 1;

    for (uint32_t part = 0; part < parts; part++) {
        len = tk_name_append(out, len,
                             ngioweb_prefixes[ngioweb_rand(r, NGIOWEB_COUNT(ngioweb_prefixes))]);
        int pick_vowel = !ngioweb_is_vowel(out[len - 1]);
        uint32_t letters = ngioweb_rand(r, 3) + 4;
        for (uint32_t i = 0; i < letters; i++) {
            out[len++] = pick_vowel ? ngioweb_vowels[ngioweb_rand(r, 5)]
                                    : ngioweb_consonants[ngioweb_rand(r, 17)];
            pick_vowel = !pick_vowel;
        }
        if (ngioweb_is_vowel(out[len - 1]))
            len = tk_name_append(out, len, ngioweb_consonant_suffixes[ngioweb_rand(
                                               r, NGIOWEB_COUNT(ngioweb_consonant_suffixes))]);
        else
            len = tk_name_append(out, len, ngioweb_vowel_suffixes[ngioweb_rand(
                                               r, NGIOWEB_COUNT(ngioweb_vowel_suffixes))]);
        if (part + 1 < parts)
            out[len++] = '-';
    }
    return tk_name_add_tld(out, len, ngioweb_tlds[ngioweb_rand(r, NGIOWEB_COUNT(ngioweb_tlds))]);
}

static int ngioweb_generate(const struct tk_gen *gen, tk_emit_fn emit, void *ctx,
                            struct tk_error *err)
{
    int64_t count = tk_args_int(gen->args, "count");
    /* Only the low 32 bits of the seed survive the first generator step. */
    uint32_t r = (uint32_t)(uint64_t)tk_args_int(gen->args, "seed");
    char name[NGIOWEB_NAME_MAX];

    (void)err;
    for (int64_t n = 0; n < count; n++) {
        size_t len = ngioweb_name(&r, name);
        int rc = emit(ctx, name, len);
        if (rc)
            return rc;
    }
    return TK_OK;
}

static const struct tk_variant ngioweb_variants[] = {
    {"default", "the only published algorithm (v1 and v2 samples differ only in the seed)", NULL,
     NULL, 0, 0},
    {0},
};

static const struct tk_param_def ngioweb_params[] = {
    {"seed", TK_PARAM_INT, "0x56EDC15", NULL, "32-bit seed from the sample"},
    {"count", TK_PARAM_INT, "1024", NULL, "names per run, from one generator"},
    {0},
};

static const struct tk_seed ngioweb_seeds[] = {
    {NULL, "seed=0x56EDC15", "J. Bader's analysis of md5 2838cd03b6c0a414c8edb4d4a333ff94"},
    {NULL, "seed=0x5397FB1", "Netlab 360, 'An Analysis of Linux.Ngioweb Botnet' (2019)"},
    {NULL, "seed=0x01275c63", "Netlab 360, 'Linux.Ngioweb v2 going after IoT devices' (2020)"},
    {NULL, "seed=0x04bc65bc", "Netlab 360, 'Linux.Ngioweb v2 going after IoT devices' (2020)"},
    {NULL, "seed=0x00375d5a", "Netlab 360, 'Linux.Ngioweb v2 going after IoT devices' (2020)"},
    {0},
};

const struct tk_family tk_family_ngioweb = {
    .name = "ngioweb",
    .aliases = "",
    .summary = "Linux.Ngioweb proxy botnet: 1,024 word-like names over 6 TLDs per seed",
    .description =
        "A 32-bit LCG (1103515245, 12345), taken modulo the size of each choice, builds 1-3 "
        "parts joined by '-': a prefix word (un, under, re, ...), 4-6 letters alternating "
        "vowels and consonants, and a suffix word (vowel-initial after a consonant, e.g. "
        "'able', otherwise e.g. 'ness'); then one of 6 TLDs. One generator run makes all "
        "names.",
    .variants = ngioweb_variants,
    .params = ngioweb_params,
    .seed_param = "seed",
    .known_seeds = ngioweb_seeds,
    .granularity = "none (no date input)",
    .names_per_period = "1024",
    .tlds = "net,info,com,biz,org,name",
    .charset = "a-ik-pr-z-",
    .label_min = 8,
    .label_max = 50,
    .wordlists = NULL,
    .reference = "baderj/domain_generation_algorithms:ngioweb/dga.py — J. Bader, DGA of "
                 "Linux.Ngioweb (seeds from Netlab 360 write-ups)",
    .time_note = NULL,
    .generate = ngioweb_generate,
    .style = TK_STYLE_PRONOUNCEABLE,
    .period = NULL,
};
