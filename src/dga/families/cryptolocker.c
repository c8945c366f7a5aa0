/* cryptolocker.c - the CryptoLocker ransomware DGA (2013), 1,000 names a day.
 *
 * Day, month and year + index, each multiplied by 65537, seed three 32-bit shift/xor
 * generators; each letter is the XOR of the three states modulo 25. Seven TLDs rotate with
 * the index. Matches the Perl reimplementation in andrewaeva/DGA. */
#include "dga/emit_util.h"
#include "takedown/family.h"

#define CRYPTOLOCKER_MASK 0xFFFFFFFFu

static const char *const cryptolocker_tlds[7] = {"com", "net", "biz", "ru", "org", "co.uk",
                                                 "info"};

/* One step of a generator: ((s << a) truncated to 32 bits) >> b, XOR ((s >> c) << d)
 * truncated, XOR s >> b. */
static uint64_t cryptolocker_step(uint64_t s, int a, int b, int c, int d)
{
    uint64_t first = ((s << a) & CRYPTOLOCKER_MASK) >> b;
    uint64_t second = (((s >> c) & CRYPTOLOCKER_MASK) << d) & CRYPTOLOCKER_MASK;
    uint64_t third = (s >> b) & CRYPTOLOCKER_MASK;
    return (first ^ second ^ third) & CRYPTOLOCKER_MASK;
}

/* Writes the label for the given day, month and shifted year; returns its length. */
static size_t cryptolocker_label(uint64_t day, uint64_t month, uint64_t year, char *out)
{
    uint64_t d = day * 65537, m = month * 65537, y = year * 65537;
    size_t len = (size_t)(((d >> 3) ^ (y >> 8) ^ (y >> 11)) & 3) + 12;
    for (size_t i = 0; i < len; i++) {
        d = cryptolocker_step(d, 13, 19, 1, 13);
        m = cryptolocker_step(m, 2, 25, 3, 7);
        y = cryptolocker_step(y, 3, 11, 4, 21);
        out[i] = (char)('a' + (y ^ m ^ d) % 25);
    }
    return len;
}

static int cryptolocker_generate(const struct tk_gen *gen, tk_emit_fn emit, void *ctx,
                                 struct tk_error *err)
{
    struct tk_civil c = tk_day_to_civil(tk_args_day(gen->args, "date"));
    char name[32];
    int64_t count;
    int rc = tk_gen_count(gen, 0, &count, err);
    if (rc)
        return rc;
    for (int64_t index = 0; index < count; index++) {
        uint64_t year = (uint64_t)c.year + (uint64_t)index;
        size_t len = cryptolocker_label((uint64_t)c.day, (uint64_t)c.month, year, name);
        rc = tk_emit_with_tld(emit, ctx, name, len, cryptolocker_tlds[index % 7]);
        if (rc)
            return rc;
    }
    return TK_OK;
}

static const struct tk_variant cryptolocker_variants[] = {
    {"default", "the 2013 CryptoLocker DGA as reimplemented by A. Abakumov (andrewaeva/DGA)",
     NULL, NULL, 0, 0},
    {0},
};

static const struct tk_param_def cryptolocker_params[] = {
    {"date", TK_PARAM_DATE, NULL, NULL, "UTC day; the list changes daily"},
    {"count", TK_PARAM_INT, "1000", NULL,
     "names per day; name i uses year + i (the Perl script loops 100,000 times)"},
    {0},
};

static const struct tk_seed cryptolocker_seeds[] = {
    {0},
};

const struct tk_family tk_family_cryptolocker = {
    .name = "cryptolocker",
    .aliases = "",
    .summary = "CryptoLocker ransomware: 1,000 names a day of 12-15 letters, 7 TLDs",
    .description =
        "Day, month and year + index are each multiplied by 65537 and stirred by three "
        "32-bit shift/xor generators. The length (12-15) comes from the starting day and year "
        "states; each letter is 'a' + (XOR of the three states) mod 25, so only a-y occur. "
        "The TLD rotates through com, net, biz, ru, org, co.uk and info with the index.",
    .variants = cryptolocker_variants,
    .params = cryptolocker_params,
    .seed_param = NULL,
    .known_seeds = cryptolocker_seeds,
    .granularity = "daily",
    .names_per_period = "1000",
    .tlds = "com,net,biz,ru,org,co.uk,info",
    .charset = "a-y",
    .label_min = 12,
    .label_max = 15,
    .wordlists = NULL,
    .reference = "andrewaeva/DGA:dga_algorithms/Cryptolocker.pl — A. Abakumov, Perl "
                 "reimplementation of the CryptoLocker DGA",
    .time_note = NULL,
    .generate = cryptolocker_generate,
    .period = NULL,
};
