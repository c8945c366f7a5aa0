/* symmi.c - the Symmi DGA: 64 pronounceable names under .ddns.net every half month.
 *
 * The half of the month (day / 16), the month, the year and a constant seed an MSVC-style
 * rand(). Each name draws its length, then alternates vowels and consonants, re-drawing at
 * every even position whether that pair starts with a vowel or a consonant.
 *
 * Recovery: the first pair's consonant reads bits 16-30 of its state modulo 18; those states
 * (with any low 16 bits; bit 31 never shows) run on through the name, and each full match
 * is stepped back (the LCG inverts) through the pair and length draws. Which name of its
 * period it was is unknown: every state up to 63 names back from which the length draws land
 * exactly on the name is a possible srand value, less the date number of each half month of
 * the window a seed_const (modulo 2^31). So one name has about 900 genuine seeds a half
 * month: windows longer than 366 days are not searched. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "dga/emit_util.h"
#include "takedown/family.h"
#include "dga/msvc_rand.h"
#include "takedown/recover.h"

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

/* ---- recovery ---- */

/* The state's top bit never reaches an output: states and seeds are searched modulo 2^31. */
#define SYMMI_STATE_MASK 0x7FFFFFFFu
/* A name takes a length draw, one draw per letter and one per pair of letters. */
#define SYMMI_MAX_DRAWS (1 + SYMMI_MAX_LEN + (SYMMI_MAX_LEN + 1) / 2)
#define SYMMI_NAMES 64
#define SYMMI_DRAWS_BACK ((SYMMI_NAMES - 1) * SYMMI_MAX_DRAWS)

static uint32_t symmi_step(uint32_t x)
{
    return (x * 214013u + 2531011u) & SYMMI_STATE_MASK;
}

/* The state before symmi_step(x): 0xB9B33155 is the inverse of 214013 modulo 2^32. */
static uint32_t symmi_unstep(uint32_t x)
{
    return ((x - 2531011u) * 0xB9B33155u) & SYMMI_STATE_MASK;
}

static uint32_t symmi_output(uint32_t x)
{
    return (x >> 16) & 0x7FFF;
}

/* The length a name's first draw gives, and the draws such a name takes. */
static size_t symmi_length(uint32_t x)
{
    return SYMMI_MIN_LEN + symmi_output(x) % (SYMMI_MAX_LEN - SYMMI_MIN_LEN + 1);
}

static size_t symmi_draws(size_t len)
{
    return 1 + len + (len + 1) / 2;
}

struct symmi_search {
    const struct tk_recover_query *query;
    size_t len;
    int consonant[SYMMI_MAX_LEN];  /* each letter's kind */
    uint32_t index[SYMMI_MAX_LEN]; /* its index among the vowels or the consonants */
    size_t anchor;                 /* the first pair's consonant: letter 0 or 1 */
};

/* Sets the search's letters; 0 when the label is no Symmi label (pairs of a vowel and a
 * consonant in either order, letters from the sets the generator draws). */
static int symmi_parse(struct symmi_search *s, const char *label, size_t len)
{
    if (len < SYMMI_MIN_LEN || len > SYMMI_MAX_LEN)
        return 0;
    s->len = len;
    for (size_t i = 0; i < len; i++) {
        const char *v = strchr(symmi_vowels, label[i]);
        const char *c = strchr(symmi_consonants, label[i]);
        if (v && v - symmi_vowels < (ptrdiff_t)sizeof symmi_vowels - 2)
            s->consonant[i] = 0, s->index[i] = (uint32_t)(v - symmi_vowels);
        else if (c && c - symmi_consonants < (ptrdiff_t)sizeof symmi_consonants - 2)
            s->consonant[i] = 1, s->index[i] = (uint32_t)(c - symmi_consonants);
        else
            return 0;
        if (i % 2 == 1 && s->consonant[i] == s->consonant[i - 1])
            return 0;
    }
    s->anchor = s->consonant[0] ? 0 : 1;
    return 1;
}

static int symmi_letter_fits(const struct symmi_search *s, size_t i, uint32_t x)
{
    uint32_t size = s->consonant[i] ? sizeof symmi_consonants - 2 : sizeof symmi_vowels - 2;
    return symmi_output(x) % size == s->index[i];
}

/* x, the state of letter 0's draw, spells the label (pair draws included). */
static int symmi_spells(const struct symmi_search *s, uint32_t x)
{
    if (!symmi_letter_fits(s, 0, x))
        return 0;
    for (size_t i = 1; i < s->len; i++) {
        if (i % 2 == 0) {
            x = symmi_step(x);
            if (((symmi_output(x) & 0x100) != 0) != s->consonant[i])
                return 0;
        }
        x = symmi_step(x);
        if (!symmi_letter_fits(s, i, x))
            return 0;
    }
    return 1;
}

/* The state srand set, r0, hands seed_const for every half month of the window. */
static int symmi_periods(void *arg, uint32_t r0)
{
    const struct symmi_search *s = arg;
    uint32_t last = UINT32_MAX;
    for (tk_day day = s->query->from; day <= s->query->to; day++) {
        uint32_t date = symmi_seed(day, 0);
        if (date == last)
            continue;
        last = date;
        char params[48];
        snprintf(params, sizeof params, "seed_const=%u",
                 (unsigned)((r0 - date) & SYMMI_STATE_MASK));
        int rc = tk_recover_candidate(s->query, params, day);
        if (rc)
            return rc;
    }
    return TK_OK;
}

/* The draws a name takes, from the state of its length draw. */
static size_t symmi_name_draws(uint32_t length_draw)
{
    return symmi_draws(symmi_length(length_draw));
}

/* before is the state the name's length draw starts from. Every state up to 63 names back
 * from which the period's length draws land exactly on the name is a possible srand seed. */
static int symmi_walk_back(const struct symmi_search *s, uint32_t before)
{
    struct tk_recover_walk walk = {symmi_unstep, symmi_name_draws, SYMMI_DRAWS_BACK,
                                   SYMMI_NAMES - 1, symmi_periods, (void *)s};
    return tk_recover_walk_back(&walk, before);
}

/* The anchor's states: output index + 18 j in bits 16-30, any low 16 bits, for j * 2^16 +
 * low in lo..hi; a full match is stepped back through the pair and length draws. */
static int symmi_slice(void *arg, uint64_t lo, uint64_t hi)
{
    const struct symmi_search *s = arg;
    for (uint64_t k = lo; k <= hi; k++) {
        uint32_t output =
            s->index[s->anchor] + (uint32_t)(k >> 16) * (sizeof symmi_consonants - 2);
        uint32_t x = output << 16 | (uint32_t)(k & 0xFFFF);
        uint32_t first = s->anchor ? symmi_unstep(x) : x;
        if (!symmi_spells(s, first))
            continue;
        uint32_t pair = symmi_unstep(first), length = symmi_unstep(pair);
        if (((symmi_output(pair) & 0x100) != 0) != s->consonant[0] ||
            symmi_length(length) != s->len)
            continue;
        int rc = symmi_walk_back(s, symmi_unstep(length));
        if (rc)
            return rc;
    }
    return TK_OK;
}

/* An undated name has about 900 genuine seeds a half month of the window, each of which the
 * caller verifies over the whole window: beyond a year that is too many, and nothing is
 * searched. */
#define SYMMI_MAX_WINDOW_DAYS 366

static int symmi_recover(struct tk_recover_query *query, struct tk_error *err)
{
    struct symmi_search s = {.query = query};
    size_t len;
    const char *tld;

    (void)err;
    query->covered = 0;
    if (query->to - query->from >= SYMMI_MAX_WINDOW_DAYS)
        return TK_OK;
    query->covered = 2147483648.0; /* seed_const modulo 2^31 */
    if (tk_recover_split(query, &len, &tld) != 0 || !symmi_parse(&s, query->name, len))
        return TK_OK;
    uint64_t outputs = (0x7FFF - s.index[s.anchor]) / (sizeof symmi_consonants - 2) + 1;
    return tk_recover_parallel(0, (outputs << 16) - 1, query->threads, symmi_slice, &s);
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
    .style = TK_STYLE_PRONOUNCEABLE,
    .period = symmi_period,
    .recover = symmi_recover,
    .recover_method = "the first pair's consonant fixes bits 16-30 of its rand() state modulo "
                      "18 (2^31/18 states with the free low 16 bits), pruned per letter and "
                      "pair draw, stepped back through the length draw and up to 63 names to "
                      "every state srand can have set; each less the date is one seed_const "
                      "per half month (windows of at most 366 days: an undated name has about "
                      "900 genuine seeds a half month)",
};
