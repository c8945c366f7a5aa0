/* pushdo.c - the Pushdo DGA (30 names a day over a 45-day window, 9-12 letters, .kz).
 *
 * A day count is stepped through an MD5 chain; every digest gives one name, built from
 * syllables (consonant, vowel, optional third letter) chosen by the digest's bytes with
 * consonant tables that differ per configuration. A date yields the names of the 30 days
 * before it, the day itself and the 14 days after it. */
#include <string.h>

#include "dga/dga_util.h"
#include "dga/emit_util.h"
#include "takedown/family.h"

/* Letter tables of one configuration. The third letter of a syllable is a vowel from
 * vowels_b when the second is 'e' and (byte + 2) & vowel_mask, else a consonant from
 * consonants_b when (byte + 2) & consonant_mask, else there is none. */
struct pushdo_config {
    const char *name;
    const char *consonants_a;
    const char *consonants_b;
    unsigned vowel_mask;
    unsigned consonant_mask;
};

static const char pushdo_vowels_a[] = "aeiou";
static const char pushdo_vowels_b[] = "aio";

/* com_v1 has the tables of kz_v1 and was meant for .com, but the reference always appends
 * .kz, so it yields the kz_v1 names. */
static const struct pushdo_config pushdo_configs[] = {
    {"kz_v1", "bcdfghjklmnpqrstvwx", "zxtsrqpnmlkgfdc", 7, 1},
    {"com_v1", "bcdfghjklmnpqrstvwx", "zxtsrqpnmlkgfdc", 7, 1},
    {"kz_v2", "kqbhcndjfwglpmzxrsv", "qzlbtgrnkxsfdcm", 8, 2},
    {"kz_v3", "zhjntdwmqbglpxrsfc", "rlngbtkszpfdcmx", 8, 2},
};

enum {
    PUSHDO_NAMES_PER_DAY = 30,
    PUSHDO_DAYS_BEFORE = 30,
    PUSHDO_DAYS_AFTER = 14,
    PUSHDO_SYLLABLES = 16
};

static const struct pushdo_config *pushdo_find_config(const char *name)
{
    for (size_t i = 0; i < sizeof pushdo_configs / sizeof pushdo_configs[0]; i++)
        if (strcmp(pushdo_configs[i].name, name) == 0)
            return &pushdo_configs[i];
    return NULL;
}

/* The malware's day number. It is not a true day count: the month sum adds the lengths of
 * months 2..M instead of 1..M-1, and every fourth year is a leap year. Reproduced as is. */
static int64_t pushdo_day_number(const struct tk_civil *date)
{
    static const int month_days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int64_t year = date->year, total = date->day;
    for (int m = date->month - 1; m > 0; m--)
        total += (m == 1 && year % 4 == 0) ? 29 : month_days[m];
    return total + 365 * (year - year / 4) + 366 * (year / 4);
}

/* Appends the syllable of one digest byte to out; returns the new length. */
static size_t pushdo_syllable(const struct pushdo_config *config, unsigned byte, char *out,
                              size_t len)
{
    unsigned plus2 = byte + 2;
    char vowel = pushdo_vowels_a[((byte + 1) & 0xFF) % 5];
    out[len++] = config->consonants_a[byte % strlen(config->consonants_a)];
    out[len++] = vowel;
    if (vowel == 'e' && (plus2 & config->vowel_mask))
        out[len++] = pushdo_vowels_b[plus2 % 3];
    else if (plus2 & config->consonant_mask)
        out[len++] = config->consonants_b[(byte + 3) % strlen(config->consonants_b)];
    return len;
}

/* Writes the name of one digest into out (at least 64 bytes); returns its length. */
static size_t pushdo_name(const struct pushdo_config *config, const uint8_t digest[16],
                          size_t length, char *out)
{
    size_t len = 0;
    for (size_t i = 0; i < PUSHDO_SYLLABLES && len < length; i++)
        len = pushdo_syllable(config, digest[i], out, len);
    return tk_name_add_tld(out, length, "kz");
}

/* Emits the names of one day number, at most *remaining of them. */
static int pushdo_day(const struct pushdo_config *config, uint32_t state, int64_t *remaining,
                      tk_emit_fn emit, void *ctx)
{
    char name[64];
    for (int i = 0; i < PUSHDO_NAMES_PER_DAY && *remaining > 0; i++, (*remaining)--) {
        uint8_t bytes[4], digest[16];
        tk_store_le(bytes, state, 4);
        tk_md5(bytes, sizeof bytes, digest);
        state = tk_load_le32(digest);
        size_t len = pushdo_name(config, digest, (state & 3) + 9, name);
        int rc = emit(ctx, name, len);
        if (rc)
            return rc;
        state += 1;
    }
    return TK_OK;
}

static int pushdo_generate(const struct tk_gen *gen, tk_emit_fn emit, void *ctx,
                           struct tk_error *err)
{
    const char *config_name = tk_args_str(gen->args, "config");
    const struct pushdo_config *config = pushdo_find_config(config_name);
    struct tk_civil date = tk_day_to_civil(tk_args_day(gen->args, "date"));
    int64_t remaining = tk_args_int(gen->args, "count");
    int64_t today = pushdo_day_number(&date);

    if (config == NULL)
        return tk_error_set(err, TK_ERR_USAGE,
                            "pushdo: unknown --config '%s' (known: kz_v1, kz_v2, kz_v3, com_v1)",
                            config_name);
    /* Today and the 30 days before it, newest first, then the 14 days after it. */
    for (int64_t offset = 0; offset >= -PUSHDO_DAYS_BEFORE; offset--) {
        int rc = pushdo_day(config, (uint32_t)(today + offset), &remaining, emit, ctx);
        if (rc)
            return rc;
    }
    for (int64_t offset = 1; offset <= PUSHDO_DAYS_AFTER; offset++) {
        int rc = pushdo_day(config, (uint32_t)(today + offset), &remaining, emit, ctx);
        if (rc)
            return rc;
    }
    return TK_OK;
}

/* The names follow the malware's day number, which repeats on some month boundaries (March 31
 * and April 1 share one), so that number is the period. */
static int64_t pushdo_period(const struct tk_gen *gen, tk_day day)
{
    struct tk_civil date = tk_day_to_civil(day);
    (void)gen;
    return pushdo_day_number(&date);
}

static const struct tk_variant pushdo_variants[] = {
    {"default", "the published configurations, selected with --config", NULL, NULL, 0, 0},
    {0},
};

static const struct tk_param_def pushdo_params[] = {
    {"date", TK_PARAM_DATE, NULL, NULL,
     "UTC day; the names of the 30 days before it, the day and the 14 days after it"},
    {"config", TK_PARAM_STRING, "kz_v1", NULL,
     "letter tables: kz_v1, kz_v2, kz_v3 or com_v1 (com_v1 gives the kz_v1 names)"},
    {"count", TK_PARAM_INT, "1350", NULL,
     "names to print from the window, in generation order (at most 45 days x 30 = 1350)"},
    {0},
};

static const struct tk_seed pushdo_seeds[] = {
    {NULL, "config=kz_v1", "first .kz configuration (J. Bader)"},
    {NULL, "config=kz_v2", "second .kz configuration, other letter tables (J. Bader)"},
    {NULL, "config=kz_v3", "third .kz configuration, 18 leading consonants (J. Bader)"},
    {NULL, "config=com_v1", ".com configuration; the reference still appends .kz (J. Bader)"},
    {0},
};

const struct tk_family tk_family_pushdo = {
    .name = "pushdo",
    .aliases = "",
    .summary = "Pushdo: MD5-chained syllable names, 30 a day over a 45-day window, .kz",
    .description =
        "A day number (computed by the malware's own, slightly wrong calendar) is written as 4 "
        "little-endian bytes and hashed with MD5; the first 4 digest bytes, plus one, are the "
        "next input, 30 times per day. Per digest the label length is 9 + (first word & 3); "
        "digest bytes in turn give syllables: a consonant (byte mod table size), a vowel "
        "(byte + 1 mod 5) and, depending on bits of byte + 2, a vowel from \"aio\" (after an "
        "'e') or a second-table consonant. The label is cut to length and gets .kz. A date "
        "covers day offsets 0, -1, ..., -30, then +1 ... +14.",
    .variants = pushdo_variants,
    .params = pushdo_params,
    .seed_param = "config",
    .known_seeds = pushdo_seeds,
    .granularity = "daily, by the malware's day number (March 31 and April 1 give the same "
                   "names, as do other month ends); each date yields a 45-day window",
    .names_per_period = "1350 (30 for each of 45 days)",
    .tlds = "kz",
    .charset = "a-xz",
    .label_min = 9,
    .label_max = 12,
    .wordlists = NULL,
    .reference = "baderj/domain_generation_algorithms:pushdo/dga.py — J. Bader, 'The DGA of "
                 "Pushdo' (2015)",
    .time_note = NULL,
    .generate = pushdo_generate,
    .style = TK_STYLE_PRONOUNCEABLE,
    .period = pushdo_period,
};
