/* unnamed_javascript_dga.c - the first JavaScript sample of the Proslikefan DGA.
 *
 * J. Bader described it before it was attributed; it is Proslikefan with magic "OK" and the
 * TLDs cc, co and eu (the shared algorithm is in src/dga/proslikefan_hash.c). */
#include "takedown/family.h"
#include "dga/proslikefan_hash.h"

static int unnamed_javascript_generate(const struct tk_gen *gen, tk_emit_fn emit, void *ctx,
                                       struct tk_error *err)
{
    return tk_proslikefan_generate(tk_args_day(gen->args, "date"),
                                   tk_args_str(gen->args, "seed"),
                                   tk_args_str(gen->args, "tlds"),
                                   tk_args_int(gen->args, "count"), emit, ctx, err);
}

static const struct tk_variant unnamed_javascript_variants[] = {
    {"default", "the 2015 JavaScript sample", NULL, NULL, 0, 0},
    {0},
};

static const struct tk_param_def unnamed_javascript_params[] = {
    {"date", TK_PARAM_DATE, NULL, NULL, "calendar day; names change daily"},
    {"seed", TK_PARAM_STRING, "OK", NULL, "magic string hashed first"},
    {"tlds", TK_PARAM_STRING, "cc,co,eu", NULL, "TLDs, one name each per round, in this order"},
    {"count", TK_PARAM_INT, "30", NULL, "names in all (10 rounds over the 3 TLDs give 30)"},
    {0},
};

static const struct tk_seed unnamed_javascript_seeds[] = {
    {NULL, "seed=OK", "J. Bader, 'A JavaScript-based DGA' (2015)"},
    {0},
};

const struct tk_family tk_family_unnamed_javascript_dga = {
    .name = "unnamed_javascript_dga",
    .aliases = "",
    .summary = "A JavaScript downloader's DGA (Proslikefan with magic OK): 30 names a day",
    .description =
        "The Proslikefan algorithm with seed \"OK\" and TLDs cc, co, eu: for round i (0-9) and "
        "each TLD, r = |hash(\"OK.month.day.year.tld\")| + i with the signed 32-bit string hash "
        "h = 31 h + c; while the label is shorter than r mod 7 + 6, r becomes "
        "|hash(label + decimal(r))| and the letter r mod 26 is appended.",
    .variants = unnamed_javascript_variants,
    .params = unnamed_javascript_params,
    .seed_param = "seed",
    .known_seeds = unnamed_javascript_seeds,
    .granularity = "daily",
    .names_per_period = "30 (10 per TLD)",
    .tlds = "cc,co,eu",
    .charset = "a-z",
    .label_min = 6,
    .label_max = 12,
    .wordlists = NULL,
    .reference = "baderj/domain_generation_algorithms:unnamed_javascript_dga/dga.py — J. Bader, "
                 "'A JavaScript-based DGA' (2015)",
    .time_note = "the script reads the victim's local date; names are for the calendar day "
                 "given",
    .generate = unnamed_javascript_generate,
    .period = NULL,
};
