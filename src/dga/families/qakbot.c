/* qakbot.c - the Qakbot (Qbot) DGA (5,000 names per third of a month, 8-25 letters).
 *
 * The text "T.mon.YYYY.SSSSSSSS" (third of the month 0-2, English month abbreviation, year,
 * seed in hex) is hashed with CRC-32; the CRC, plus one when the malware believes it runs in
 * a sandbox, seeds a 32-bit Mersenne Twister that picks each TLD, length and letter. */
#include <stdio.h>

#include "dga/dga_util.h"
#include "dga/emit_util.h"
#include "takedown/family.h"

static const char *const qakbot_months[12] = {"jan", "feb", "mar", "apr", "may", "jun",
                                              "jul", "aug", "sep", "oct", "nov", "dec"};

/* "org" is listed twice, as in the malware. */
static const char *const qakbot_tlds[6] = {"com", "net", "org", "info", "biz", "org"};

enum { MT_SIZE = 624, MT_SHIFT = 397, QAKBOT_LABEL_MAX = 25 };

/* The MT19937 generator, seeded directly with one number (no init_by_array). */
struct qakbot_mt {
    uint32_t state[MT_SIZE];
    size_t next;
};

/* The seed may be 2^32 (a CRC of FFFFFFFF plus the sandbox flag); the reference keeps that
 * extra bit when it derives the second word, so the first step works in 64 bits. */
static void qakbot_mt_seed(struct qakbot_mt *mt, uint64_t seed)
{
    uint64_t previous = seed;
    mt->state[0] = (uint32_t)seed;
    for (uint32_t i = 1; i < MT_SIZE; i++) {
        previous = (1812433253u * (previous ^ (previous >> 30)) + i) & 0xFFFFFFFFu;
        mt->state[i] = (uint32_t)previous;
    }
    mt->next = MT_SIZE;
}

static void qakbot_mt_twist(struct qakbot_mt *mt)
{
    for (size_t i = 0; i < MT_SIZE; i++) {
        uint32_t y = (mt->state[i] & 0x80000000u) | (mt->state[(i + 1) % MT_SIZE] & 0x7FFFFFFFu);
        uint32_t value = mt->state[(i + MT_SHIFT) % MT_SIZE] ^ (y >> 1);
        if (y & 1)
            value ^= 0x9908B0DFu;
        mt->state[i] = value;
    }
    mt->next = 0;
}

static uint32_t qakbot_mt_next(struct qakbot_mt *mt)
{
    if (mt->next >= MT_SIZE)
        qakbot_mt_twist(mt);
    uint32_t y = mt->state[mt->next++];
    y ^= y >> 11;
    y ^= (y << 7) & 0x9D2C5680u;
    y ^= (y << 15) & 0xEFC60000u;
    y ^= y >> 18;
    return y;
}

/* A number in lower..upper from the low 28 bits, scaled in double precision and truncated,
 * exactly as the reference computes it. */
static int qakbot_rand_range(struct qakbot_mt *mt, int lower, int upper)
{
    uint32_t r = qakbot_mt_next(mt) & 0xFFFFFFFu;
    double t = (double)lower + (double)r / 268435456.0 * (double)(upper - lower + 1);
    return (int)t;
}

static int qakbot_third_of_month(int day_of_month)
{
    int third = (day_of_month - 1) / 10;
    return third <= 2 ? third : 2;
}

static uint64_t qakbot_period_seed(tk_day day, uint32_t seed, int sandbox)
{
    struct tk_civil c = tk_day_to_civil(day);
    char text[64];
    int len = snprintf(text, sizeof text, "%d.%s.%d.%08x", qakbot_third_of_month(c.day),
                       qakbot_months[c.month - 1], c.year, (unsigned)seed);
    return (uint64_t)tk_crc32(text, (size_t)len) + (sandbox ? 1 : 0);
}

static int qakbot_generate(const struct tk_gen *gen, tk_emit_fn emit, void *ctx,
                           struct tk_error *err)
{
    int64_t count = tk_args_int(gen->args, "count");
    uint32_t seed;
    struct qakbot_mt mt;
    char name[QAKBOT_LABEL_MAX + 8];

    int rc = tk_gen_u32(gen, "seed", &seed, err);
    if (rc)
        return rc;
    qakbot_mt_seed(&mt, qakbot_period_seed(tk_args_day(gen->args, "date"), seed,
                                           tk_args_bool(gen->args, "sandbox")));
    for (int64_t n = 0; n < count; n++) {
        const char *tld = qakbot_tlds[qakbot_rand_range(&mt, 0, 5)];
        size_t length = (size_t)qakbot_rand_range(&mt, 8, 25);
        for (size_t i = 0; i < length; i++)
            name[i] = (char)('a' + qakbot_rand_range(&mt, 0, 25));
        rc = tk_emit_with_tld(emit, ctx, name, length, tld);
        if (rc)
            return rc;
    }
    return TK_OK;
}

/* Three periods a month: days 1-10, 11-20 and 21 to the end. */
static int64_t qakbot_period(const struct tk_gen *gen, tk_day day)
{
    struct tk_civil c = tk_day_to_civil(day);
    (void)gen;
    return ((int64_t)c.year * 12 + (c.month - 1)) * 3 + qakbot_third_of_month(c.day);
}

static const struct tk_variant qakbot_variants[] = {
    {"default", "the only published algorithm (2013-2016 samples)", NULL, NULL, 0, 0},
    {0},
};

static const struct tk_param_def qakbot_params[] = {
    {"date", TK_PARAM_DATE, NULL, NULL,
     "UTC day; names change on the 1st, 11th and 21st of each month"},
    {"seed", TK_PARAM_INT, "0", NULL, "per-sample seed hashed with the date (0 or 1 published)"},
    {"sandbox", TK_PARAM_BOOL, "no", NULL,
     "the names the malware uses when it detects a sandbox (CRC plus one)"},
    {"count", TK_PARAM_INT, "5000", NULL, "names per period"},
    {0},
};

static const struct tk_seed qakbot_seeds[] = {
    {NULL, "seed=0", "seed 0 of the published samples (J. Bader, 2016)"},
    {NULL, "seed=1", "seed 1 of the published samples (J. Bader, 2016)"},
    {0},
};

const struct tk_family tk_family_qakbot = {
    .name = "qakbot",
    .aliases = "qbot,quakbot",
    .summary = "Qakbot (Qbot) banking trojan: 5,000 names per third of a month",
    .description =
        "The month is split into days 1-10, 11-20 and 21-end (0, 1, 2). The text "
        "\"T.mon.YYYY.SSSSSSSS\" (that number, the lower-case English month abbreviation, the "
        "year and the seed as 8 hex digits) is hashed with CRC-32; one is added when the "
        "malware detects a sandbox. The result seeds a Mersenne Twister (MT19937); each draw "
        "keeps 28 bits and scales them to a range. Per name: a TLD out of "
        "com/net/org/info/biz/org, a length of 8-25, then one letter a-z per position.",
    .variants = qakbot_variants,
    .params = qakbot_params,
    .seed_param = "seed",
    .known_seeds = qakbot_seeds,
    .granularity = "a third of a month (days 1-10, 11-20, 21-end)",
    .names_per_period = "5000",
    .tlds = "com,net,org,info,biz",
    .charset = "a-z",
    .label_min = 8,
    .label_max = 25,
    .wordlists = NULL,
    .reference = "baderj/domain_generation_algorithms:qakbot/dga.py — J. Bader, 'The DGA of "
                 "Qakbot' (2016)",
    .time_note = NULL,
    .generate = qakbot_generate,
    .period = qakbot_period,
};
