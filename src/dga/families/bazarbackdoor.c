/* bazarbackdoor.c - the BazarBackdoor / BazarLoader DGA: every combination of a month's slots.
 *
 * The names change monthly. v2-v7 and buggy2 read four digits of "MMYYYY"; each digit picks
 * a run of indexes into a pool of two-letter syllables, and every combination of one syllable
 * per run is a name under .bazar. beta and buggy instead take every combination of six
 * letters from fixed sets and append each letter shifted by a digit of (12 - month) and
 * (year - 18). */
#include <stdlib.h>
#include <string.h>

#include "dga/emit_util.h"
#include "takedown/family.h"

#define BAZAR_SLOTS 4
#define BAZAR_LETTERS 6
#define BAZAR_NAME_MAX 32

/* Syllable pools, two letters per index. Pools shorter than the highest index yield empty
 * syllables past their end (v4, v6), as the reference's string slicing does. */
static const char bazar_pool1[] =
    "qeewcaacywemomedekwyuhidontoibeludsocuexvuuftyliaqydhuizuctuiqow"
    "agypetehfubitiaziceblaogolryykosuptaymodisahfiybyxcoleafkudarapu"
    "qoawyluxqagenanyoxcygyqugiutlyvegahepovyigqyqibaeqynyfkiobpeepby"
    "xaciyvusocaripfyoftesaysozureginalifkazaadytwuubzuvoothymivazyyz"
    "hoevmeburedeviihiravygkemywaerdonoyryqloammoseweesuvfopiriboikuz"
    "orruzemuulimyhceukoqiwfexuefgoycwiokitnuneroxepyanbekyixxiuqsias"
    "xoapaxmaohezwoildifaluzihipanizoecxyopguakdudyovhaumunuwsusyenko"
    "atugabiv";

static const char bazar_pool2[] =
    "yzewevmeywreomviekwyavygontowaerudsoyrexvuamtyseweesuvizpituiqow"
    "uzoretzemuultiazicukoqiwolxuykosupwiymitisneroxeyxanlekyixxirasi"
    "asxoapuxqaohezwooxdigyquziutpavezohexyvyguqyqidyovynumunuwsusyen"
    "xaatyvusivaripfyoftesaysozureginalif";

static const char bazar_pool3[] =
    "xezeiwzuizpizovureonxyuzofezytpuarywnyavrysiovvazyratuoskumuatyz"
    "omnevexaqoixevkeuqoxuvutvipoymxoozwikonipysygotelyzayxnuunuwakqu"
    "ritaamugvyitimsuyrwyxuexaqtigyivewqiydseawukhirufuwairkiiquxowih"
    "hyurotiluhvocywowumoyvupagduobaserroziqyenpahaxiloazodtoishuax";

static const char bazar_pool4[] =
    "xezenozuizpioqvuekifxyusofalytkadeibubysmyliylvaikultugikuuddoyq"
    "lanevebaqoixogicuqebuvbuviehbofyefsokonihosygoynbeetwenuunuwohqu"
    "ritaamugvyitimfiyrelcoykaqqaacapokcuydseumafedemfubyirahiquxegce"
    "aburotiluhvocywowumoyvupagduobaserroziqyenpahaxiloazodtoishuaxbi"
    "ufmifoiwesleyhzoyfreontyuzfaezkypuarywnyavrysiovyczyraciosgumuat"
    "yzommeolxaeqdaevkepeoxsauteppoymxoozwiygucpyheectelyzayxybgaypak"
    "igluinmacageocidsuorwyxuexantigyivewqiadnaawukhirudywaqekidiipow"
    "ihhyopfexezenozuizpioqvuekifxyusofalytkadeibubysmyliylvaikultugi"
    "kuuddoyqlanevebaqoixogicuqebuvbuviehbofyefsokonihosygoynbeetwenu"
    "unuwohquritaamugvyitimfiyrelcoykaqqaacapokcuydseumafedemfubyirah"
    "iquxegceaburotiluhvocywowumoyvupagduobaserroziqyenpahaxiloazodto"
    "ishuaxbiufmifoiwesleyhzoyfreontyuzfaezkypuarywnyavrysiovyczyraci"
    "osgumuatyzommeolxaeqdaevkepeoxsauteppoymxoozwiygucpyheectelyzayx"
    "ybgaypakigluinmacageocidsuorwyxuexantigyivewqiadnaawukhirudywaqe"
    "kidiipowihhyopfe";

/* The buggy2 pool: a shorter syllable list whose missing indexes read as "??". */
static const char bazar_pool_buggy2[] =
    "yzewevmeywreomviekwyavygontowaerudsoyrexvuamtyseweesuvizpituiqow"
    "uzoretzemuultiazicukoqiwolxuykosupwiymitisneroxeyxanlekyixxirasi"
    "asxoapuxqaohezwooxdigyquziutpavezohexyvyguqyqidyovynumunuwsusyen"
    "xaatyvusivaripfyoftesaysozureginalifkazaadytwuubzuvoothymivazy";
#define BAZAR_BUGGY2_POOL_PAIRS 190 /* the reference pads its pool with '?' to 190 pairs */

/* One slot: the digit at position `digit` of "MMYYYY" selects indexes
 * mul * digit .. mul * digit + span - 1. */
struct bazar_slot {
    int mul;
    int span;
    int digit;
};

static const struct bazar_slot bazar_slots_a[BAZAR_SLOTS] = {
    {19, 19, 0}, {19, 19, 1}, {6, 6, 4}, {6, 6, 5}};
static const struct bazar_slot bazar_slots_b[BAZAR_SLOTS] = {
    {19, 19, 0}, {19, 19, 1}, {4, 22, 4}, {4, 4, 5}};
static const struct bazar_slot bazar_slots_c[BAZAR_SLOTS] = {
    {19, 19, 0}, {19, 19, 1}, {4, 4, 4}, {4, 4, 5}};

/* How one variant builds its names. */
struct bazar_scheme {
    const char *variant;
    /* syllable-pool variants */
    const char *pool;
    size_t pool_len;
    size_t pool_pairs; /* pairs the pool is padded to with '?'; 0: no padding */
    const struct bazar_slot *slots;
    int distinct_sorted; /* emit the distinct names, sorted (the reference returns a set) */
    /* shifted-letter variants */
    const char *const *letters;
    int below_a_is_z; /* a shifted letter below 'a' becomes 'z' */
    const char *tld;
};

static const char *const bazar_letters_beta[BAZAR_LETTERS] = {"abcde", "cdef", "efgh",
                                                              "ghi",   "ijk",  "klm"};
static const char *const bazar_letters_buggy[BAZAR_LETTERS] = {
    "]^_`abcde", "`abcdef", "bcdefgh", "efghi", "ghijk", "ijklm"};

static const struct bazar_scheme bazar_schemes[] = {
    {"v2", bazar_pool1, sizeof bazar_pool1 - 1, 0, bazar_slots_a, 0, NULL, 0, "bazar"},
    {"v3", bazar_pool1, sizeof bazar_pool1 - 1, 0, bazar_slots_b, 0, NULL, 0, "bazar"},
    {"v4", bazar_pool2, sizeof bazar_pool2 - 1, 0, bazar_slots_b, 0, NULL, 0, "bazar"},
    {"v5", bazar_pool1, sizeof bazar_pool1 - 1, 0, bazar_slots_c, 0, NULL, 0, "bazar"},
    {"v6", bazar_pool3, sizeof bazar_pool3 - 1, 0, bazar_slots_c, 0, NULL, 0, "bazar"},
    {"v7", bazar_pool4, sizeof bazar_pool4 - 1, 0, bazar_slots_c, 0, NULL, 0, "bazar"},
    {"buggy2", bazar_pool_buggy2, sizeof bazar_pool_buggy2 - 1, BAZAR_BUGGY2_POOL_PAIRS,
     bazar_slots_c, 1, NULL, 0, "bazar"},
    {"beta", NULL, 0, 0, NULL, 0, bazar_letters_beta, 0, "bazar"},
    {"buggy", NULL, 0, 0, NULL, 0, bazar_letters_buggy, 1, "bazaar"},
    {0},
};

/* Where names go: straight to emit, or into a buffer that is sorted and deduplicated. */
struct bazar_sink {
    tk_emit_fn emit;
    void *ctx;
    int64_t remaining; /* names still to emit; negative: all */
    int count_reached; /* the count was reached (not a stop from the consumer) */
    char (*collected)[BAZAR_NAME_MAX];
    size_t collected_count;
};

static int bazar_sink_put(struct bazar_sink *sink, const char *name, size_t len)
{
    if (sink->collected) {
        memcpy(sink->collected[sink->collected_count++], name, len + 1);
        return TK_OK;
    }
    if (sink->remaining == 0) {
        sink->count_reached = 1;
        return TK_ERR_STOP;
    }
    if (sink->remaining > 0)
        sink->remaining--;
    return sink->emit(sink->ctx, name, len);
}

static int bazar_compare_names(const void *a, const void *b)
{
    return strcmp((const char *)a, (const char *)b);
}

/* Sorts the collected names and passes each distinct one on. */
static int bazar_sink_flush_distinct(struct bazar_sink *sink)
{
    char (*names)[BAZAR_NAME_MAX] = sink->collected;
    size_t count = sink->collected_count;

    qsort(names, count, sizeof *names, bazar_compare_names);
    sink->collected = NULL;
    for (size_t i = 0; i < count; i++) {
        if (i > 0 && strcmp(names[i], names[i - 1]) == 0)
            continue;
        int rc = bazar_sink_put(sink, names[i], strlen(names[i]));
        if (rc)
            return rc;
    }
    return TK_OK;
}

/* The syllable at index in a pool: two characters, fewer past the end, '?' in padding. */
static size_t bazar_syllable(const struct bazar_scheme *scheme, int index, char *out)
{
    size_t pool_len = scheme->pool_len;
    size_t padded_len = scheme->pool_pairs ? 2 * scheme->pool_pairs : pool_len;
    size_t n = 0;

    for (size_t pos = 2 * (size_t)index; pos < 2 * (size_t)index + 2 && pos < padded_len; pos++)
        out[n++] = pos < pool_len ? scheme->pool[pos] : '?';
    return n;
}

static int bazar_pool_names(const struct bazar_scheme *scheme, const int seed_digits[6],
                            struct bazar_sink *sink)
{
    int first[BAZAR_SLOTS], offset[BAZAR_SLOTS] = {0};
    char name[BAZAR_NAME_MAX];

    for (int s = 0; s < BAZAR_SLOTS; s++)
        first[s] = scheme->slots[s].mul * seed_digits[scheme->slots[s].digit];
    for (;;) {
        size_t len = 0;
        for (int s = 0; s < BAZAR_SLOTS; s++)
            len += bazar_syllable(scheme, first[s] + offset[s], name + len);
        int rc = bazar_sink_put(sink, name, tk_name_add_tld(name, len, scheme->tld));
        if (rc)
            return rc;
        /* next combination, the last slot turning fastest */
        int s = BAZAR_SLOTS - 1;
        while (s >= 0 && ++offset[s] == scheme->slots[s].span)
            offset[s--] = 0;
        if (s < 0)
            return TK_OK;
    }
}

static int bazar_letter_names(const struct bazar_scheme *scheme, const int shift_digits[6],
                              struct bazar_sink *sink)
{
    size_t choice[BAZAR_LETTERS] = {0};
    char name[BAZAR_NAME_MAX];

    for (;;) {
        for (int i = 0; i < BAZAR_LETTERS; i++) {
            char c = scheme->letters[i][choice[i]];
            int shifted = c + shift_digits[i];
            name[i] = c;
            name[BAZAR_LETTERS + i] =
                scheme->below_a_is_z && shifted < 'a' ? 'z' : (char)shifted;
        }
        int rc = bazar_sink_put(sink, name, tk_name_add_tld(name, 2 * BAZAR_LETTERS, scheme->tld));
        if (rc)
            return rc;
        int i = BAZAR_LETTERS - 1;
        while (i >= 0 && scheme->letters[i][++choice[i]] == '\0')
            choice[i--] = 0;
        if (i < 0)
            return TK_OK;
    }
}

static size_t bazar_combinations(const struct bazar_scheme *scheme)
{
    size_t n = 1;
    for (int s = 0; s < BAZAR_SLOTS; s++)
        n *= (size_t)scheme->slots[s].span;
    return n;
}

static const struct bazar_scheme *bazar_scheme_of(const struct tk_variant *variant)
{
    for (const struct bazar_scheme *s = bazar_schemes; s->variant; s++) {
        if (strcmp(s->variant, variant->name) == 0)
            return s;
    }
    return NULL;
}

/* The digits of "MMYYYY" (v2-v7, buggy2) or of "%02d%04d" of 12 - month and year - 18
 * (beta, buggy). */
static int bazar_digits(const struct bazar_scheme *scheme, tk_day day, int digits[6],
                        struct tk_error *err)
{
    struct tk_civil c = tk_day_to_civil(day);
    int month = c.month, year = c.year;

    if (scheme->letters) {
        if (year < 18)
            return tk_error_set(err, TK_ERR_USAGE, "bazarbackdoor %s needs a year from 18 on",
                                scheme->variant);
        month = 12 - month;
        year -= 18;
    }
    digits[0] = month / 10 % 10;
    digits[1] = month % 10;
    digits[2] = year / 1000 % 10;
    digits[3] = year / 100 % 10;
    digits[4] = year / 10 % 10;
    digits[5] = year % 10;
    return TK_OK;
}

static int bazar_generate(const struct tk_gen *gen, tk_emit_fn emit, void *ctx,
                          struct tk_error *err)
{
    const struct bazar_scheme *scheme = bazar_scheme_of(gen->variant);
    int64_t count = tk_args_int(gen->args, "count");
    struct bazar_sink sink = {emit, ctx, count > 0 ? count : -1, 0, NULL, 0};
    int digits[6];

    if (scheme == NULL)
        return tk_error_set(err, TK_ERR_USAGE, "bazarbackdoor has no variant '%s'",
                            gen->variant->name);
    int rc = bazar_digits(scheme, tk_args_day(gen->args, "date"), digits, err);
    if (rc)
        return rc;
    if (scheme->letters)
        rc = bazar_letter_names(scheme, digits, &sink);
    else if (!scheme->distinct_sorted)
        rc = bazar_pool_names(scheme, digits, &sink);
    else {
        sink.collected = malloc(bazar_combinations(scheme) * sizeof *sink.collected);
        if (sink.collected == NULL)
            return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
        char (*buffer)[BAZAR_NAME_MAX] = sink.collected;
        rc = bazar_pool_names(scheme, digits, &sink);
        if (rc == TK_OK)
            rc = bazar_sink_flush_distinct(&sink);
        free(buffer);
    }
    return sink.count_reached ? TK_OK : rc;
}

static const struct tk_variant bazar_variants[] = {
    {"v2", "dga.py version v2 (the reference's default): 19 x 19 x 6 x 6 = 12,996 names",
     NULL, "a-z", 8, 8},
    {"v3", "dga.py version v3: pool 1, 19 x 19 x 22 x 4 = 31,768 names", NULL, "a-z", 8, 8},
    {"v4", "dga.py version v4: a shorter pool; names lose a syllable past its end", NULL,
     "a-z", 6, 8},
    {"v5", "dga.py version v5: pool 1, 19 x 19 x 4 x 4 = 5,776 names", NULL, "a-z", 8, 8},
    {"v6", "dga.py version v6: pool 3; names lose a syllable past its end", NULL, "a-z", 6, 8},
    {"v7", "dga.py version v7: pool 4, 5,776 names", NULL, "a-z", 8, 8},
    {"beta", "dga_beta.py: six letters from fixed sets plus the six shifted by date digits "
             "(2,160 names)",
     NULL, "a-v", 12, 12},
    {"buggy", "dga_buggy.py: like beta with wider letter sets, under .bazaar (55,125 names)",
     "bazaar", "a-z]^_`", 12, 12},
    {"buggy2", "dga_buggy2.py: a short pool padded with '?'; distinct names, sorted", NULL,
     "a-z?", 8, 8},
    {0},
};

static const struct tk_param_def bazar_params[] = {
    {"date", TK_PARAM_DATE, NULL, NULL, "UTC day; only its month and year matter"},
    {"count", TK_PARAM_INT, "0", NULL,
     "names to emit; 0 (the default) emits every combination of the month"},
    {0},
};

static const struct tk_seed bazar_seeds[] = {
    {0},
};

const struct tk_family tk_family_bazarbackdoor = {
    .name = "bazarbackdoor",
    .aliases = "bazarloader,bazar",
    .summary = "BazarBackdoor / BazarLoader: every syllable combination of the month, .bazar",
    .description =
        "v2-v7 and buggy2 write the date as MMYYYY. Month tens, month units, year tens and "
        "year units each select a run of indexes (19 per month digit; 6, 4 or 22 per year "
        "digit) into a pool of two-letter syllables, and every combination of one syllable "
        "per run, in order, is a name under the EmerDNS TLD .bazar. The versions differ in "
        "pool and run lengths; v4 and v6 produce shorter names where the runs pass the end of "
        "their pool, buggy2 produces \"??\" there and its names are deduplicated. beta and "
        "buggy take every combination of six letters from fixed sets and append each letter "
        "shifted by a digit of \"%02d%04d\" of 12 - month and year - 18 (buggy: .bazaar, and a "
        "shifted letter below 'a' becomes 'z').",
    .variants = bazar_variants,
    .params = bazar_params,
    .seed_param = NULL,
    .known_seeds = bazar_seeds,
    .granularity = "monthly",
    .names_per_period = "12996 (v2), 31768 (v3, v4), 5776 (v5-v7), up to 5776 (buggy2), 2160 "
                        "(beta), 55125 (buggy)",
    .tlds = "bazar",
    .charset = "a-z",
    .label_min = 6,
    .label_max = 12,
    .wordlists = NULL,
    .reference = "baderj/domain_generation_algorithms:bazarbackdoor/dga.py (and dga_beta.py, "
                 "dga_buggy.py, dga_buggy2.py) — J. Bader, 'The DGA of BazarBackdoor' (2020)",
    .time_note = NULL,
    .generate = bazar_generate,
    .style = TK_STYLE_PRONOUNCEABLE,
    .period = tk_period_monthly,
};
