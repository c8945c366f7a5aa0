/* corebot.c - the CoreBot DGA (40 names a day under .ddns.net).
 *
 * A 32-bit seed plus year, month and day starts a Numerical Recipes LCG; each name takes one
 * step for its length (12-23) and one step per character from a 34-character alphabet. */
#include "takedown/emit_util.h"
#include "takedown/family.h"
#include "takedown/lcg.h"

static const char corebot_charset[] = "abcdefghijklmnopqrstuvwxy012345678";

enum { CHARSET_SIZE = sizeof corebot_charset - 1, LEN_MIN = 12, LEN_SPAN = 12 };

/* The start state of a day: the seed plus year, plus (1 << 16) + (month << 8) + day. */
static uint32_t corebot_day_state(uint32_t seed, struct tk_civil c)
{
    uint32_t packed = ((1u << 16) + ((uint32_t)c.month << 8)) | (uint32_t)c.day;
    return seed + (uint32_t)c.year + packed;
}

static int corebot_generate(const struct tk_gen *gen, tk_emit_fn emit, void *ctx,
                            struct tk_error *err)
{
    struct tk_civil c = tk_day_to_civil(tk_args_day(gen->args, "date"));
    uint32_t r = corebot_day_state(tk_args_u32(gen->args, "seed"), c);
    int64_t count = tk_args_int(gen->args, "count");
    char name[64];

    (void)err;
    for (int64_t n = 0; n < count; n++) {
        size_t len = LEN_MIN + tk_lcg_numerical_recipes(&r) % LEN_SPAN;
        for (size_t i = 0; i < len; i++)
            name[i] = corebot_charset[tk_lcg_numerical_recipes(&r) % CHARSET_SIZE];
        int rc = tk_emit_with_tld(emit, ctx, name, len, "ddns.net");
        if (rc)
            return rc;
    }
    return TK_OK;
}

static const struct tk_variant corebot_variants[] = {
    {"default", "the published algorithm (2015 samples)", NULL, NULL, 0, 0},
    {0},
};

static const struct tk_param_def corebot_params[] = {
    {"date", TK_PARAM_DATE, NULL, NULL, "UTC day; names change daily"},
    {"seed", TK_PARAM_HEX32, "1DBA8930", NULL, "per-sample 32-bit seed added to the date"},
    {"count", TK_PARAM_INT, "40", NULL,
     "names per day (the reference always prints 40; more continue the same sequence)"},
    {0},
};

static const struct tk_seed corebot_seeds[] = {
    {NULL, "seed=1DBA8930", "J. Bader, 'The DGA of CoreBot' (2015)"},
    {0},
};

const struct tk_family tk_family_corebot = {
    .name = "corebot",
    .aliases = "",
    .summary = "CoreBot stealer: 40 names a day under ddns.net",
    .description =
        "The seed, the year and (1 << 16) + (month << 8) + day are added into the state of an "
        "LCG (r = 1664525 r + 1013904223). For each name one step sets the length to "
        "12 + r mod 12, and one step per character picks from a-y and 0-8 (r mod 34).",
    .variants = corebot_variants,
    .params = corebot_params,
    .seed_param = "seed",
    .known_seeds = corebot_seeds,
    .granularity = "daily",
    .names_per_period = "40",
    .tlds = "ddns.net",
    .charset = "a-y0-8",
    .label_min = 12,
    .label_max = 23,
    .wordlists = NULL,
    .reference = "baderj/domain_generation_algorithms:corebot/dga.py — J. Bader, 'The DGA of "
                 "CoreBot' (2015)",
    .time_note = NULL,
    .generate = corebot_generate,
    .period = NULL,
};
