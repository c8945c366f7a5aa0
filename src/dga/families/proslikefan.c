/* proslikefan.c - the Proslikefan worm DGA: 10 names per TLD a day from a string hash.
 *
 * A JavaScript-style string hash of "magic.month.day.year.tld" plus the round number starts
 * each name; every letter rehashes the label so far followed by the last value in decimal.
 * The algorithm lives in src/dga/proslikefan_hash.c, shared with unnamed_javascript_dga. */
#include "takedown/family.h"
#include "dga/proslikefan_hash.h"

static int proslikefan_generate(const struct tk_gen *gen, tk_emit_fn emit, void *ctx,
                                struct tk_error *err)
{
    return tk_proslikefan_generate(tk_args_day(gen->args, "date"),
                                   tk_args_str(gen->args, "magic"),
                                   tk_args_str(gen->args, "tlds"),
                                   tk_args_int(gen->args, "count"), emit, ctx, err);
}

static const struct tk_variant proslikefan_variants[] = {
    {"default", "the published algorithm (2016 samples)", NULL, NULL, 0, 0},
    {0},
};

static const struct tk_param_def proslikefan_params[] = {
    {"date", TK_PARAM_DATE, NULL, NULL, "calendar day; names change daily"},
    {"magic", TK_PARAM_STRING, "prospect", NULL, "per-campaign magic string hashed first"},
    {"tlds", TK_PARAM_STRING, "eu,biz,se,info,com,net,org,ru,in,name", NULL,
     "TLDs, one name each per round, in this order"},
    {"count", TK_PARAM_INT, "100", NULL,
     "names in all (10 rounds over the 10 default TLDs give 100)"},
    {0},
};

static const struct tk_seed proslikefan_seeds[] = {
    {NULL, "magic=prospect", "J. Bader, proslikefan/dga.py and write-up (2016)"},
    {NULL, "magic=OK", "Netlab 360, 360netlab/DGA issue #7 (passive DNS, 2016)"},
    {NULL, "magic=OK;tlds=cc,co,eu;count=30",
     "the JavaScript sample, J. Bader, 'A JavaScript-based DGA' (2015)"},
    {0},
};

const struct tk_family tk_family_proslikefan = {
    .name = "proslikefan",
    .aliases = "",
    .summary = "Proslikefan worm: 10 names per TLD a day from a JavaScript string hash",
    .description =
        "For round i (0-9) and each TLD, r = |hash(\"magic.month.day.year.tld\")| + i, where "
        "hash is h = 31 h + c as a signed 32-bit value. While the label is shorter than "
        "r mod 7 + 6, r becomes |hash(label + decimal(r))| and the letter r mod 26 is "
        "appended, so labels have 6-12 letters.",
    .variants = proslikefan_variants,
    .params = proslikefan_params,
    .seed_param = "magic",
    .known_seeds = proslikefan_seeds,
    .granularity = "daily",
    .names_per_period = "100 (10 per TLD)",
    .tlds = "eu,biz,se,info,com,net,org,ru,in,name,cc,co",
    .charset = "a-z",
    .label_min = 6,
    .label_max = 12,
    .wordlists = NULL,
    .reference = "baderj/domain_generation_algorithms:proslikefan/dga.py — J. Bader, "
                 "write-up johannesbader.ch/2016/06/proslikefan (2016)",
    .time_note = "the malware reads the victim's local date; names are for the calendar day "
                 "given",
    .generate = proslikefan_generate,
    .period = NULL,
};
