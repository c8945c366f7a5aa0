/* ccleaner.c - the DGA of the 2017 CCleaner backdoor (Netlab 360): one .com name a month.
 *
 * year * 10000 + month seeds the MSVC rand() generator; of its first three outputs the
 * product of the second and third and then the first are written in hex after "ab". */
#include <stdio.h>

#include "dga/emit_util.h"
#include "takedown/family.h"
#include "dga/msvc_rand.h"

static int ccleaner_generate(const struct tk_gen *gen, tk_emit_fn emit, void *ctx,
                             struct tk_error *err)
{
    struct tk_civil c = tk_day_to_civil(tk_args_day(gen->args, "date"));
    int64_t count = tk_args_int(gen->args, "count");
    struct tk_msvc_rand rand_state;
    char name[32];

    (void)err;
    if (count < 1)
        return TK_OK;
    tk_msvc_srand(&rand_state, (uint32_t)(c.year * 10000 + c.month));
    uint32_t r1 = tk_msvc_rand(&rand_state);
    uint32_t r2 = tk_msvc_rand(&rand_state);
    uint32_t r3 = tk_msvc_rand(&rand_state);
    int len = snprintf(name, sizeof name, "ab%x%x.com", (unsigned)(r2 * r3), (unsigned)r1);
    return emit(ctx, name, (size_t)len);
}

static const struct tk_variant ccleaner_variants[] = {
    {"default", "Netlab 360's reimplementation (CCleaner 5.33 backdoor, 2017)", NULL, NULL, 0, 0},
    {0},
};

static const struct tk_param_def ccleaner_params[] = {
    {"date", TK_PARAM_DATE, NULL, NULL, "UTC day; only its year and month matter"},
    {"count", TK_PARAM_INT, "1", NULL,
     "names to emit; the malware has one name a month, so more than 1 still gives one"},
    {0},
};

static const struct tk_seed ccleaner_seeds[] = {
    {0},
};

const struct tk_family tk_family_ccleaner = {
    .name = "ccleaner",
    .aliases = "",
    .summary = "CCleaner supply-chain backdoor (2017): one .com name a month",
    .description =
        "The MSVC rand() generator is seeded with year * 10000 + month. Its first three "
        "outputs r1, r2, r3 give the label \"ab\" followed by r2 * r3 and r1 in lower-case "
        "hexadecimal without leading zeros, under .com.",
    .variants = ccleaner_variants,
    .params = ccleaner_params,
    .seed_param = NULL,
    .known_seeds = ccleaner_seeds,
    .granularity = "monthly",
    .names_per_period = "1",
    .tlds = "com",
    .charset = "0-9a-f",
    .label_min = 4,
    .label_max = 14,
    .wordlists = NULL,
    .reference = "360netlab/DGA:code/ccleaner/dga.py — Netlab 360, 'CCleaner malicious code "
                 "analysis' (cert.360.cn, 2017)",
    .time_note = NULL,
    .generate = ccleaner_generate,
    .period = tk_period_monthly,
};
