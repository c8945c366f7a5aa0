/* verblecon.c - the Verblecon DGA (one .tk name per day).
 *
 * The label is the lower-case MD5 hex digest of "YYYY-MM-DD" followed by a seed string
 * ("verble" in the analysed loader). */
#include <string.h>

#include "dga/dga_util.h"
#include "dga/emit_util.h"
#include "takedown/family.h"

#define VERBLECON_SEED_MAX 256

static int verblecon_generate(const struct tk_gen *gen, tk_emit_fn emit, void *ctx,
                              struct tk_error *err)
{
    const char *seed = tk_args_str(gen->args, "seed");
    int rc = tk_check_ascii_param("seed", seed, VERBLECON_SEED_MAX, err);
    if (rc)
        return rc;
    if (tk_args_int(gen->args, "count") < 1)
        return TK_OK;

    char text[16 + VERBLECON_SEED_MAX];
    char name[40];

    tk_day_format(tk_args_day(gen->args, "date"), text);
    size_t len = tk_name_append(text, strlen(text), seed);
    tk_md5_hex(text, len, name);
    return tk_emit_with_tld(emit, ctx, name, 32, "tk");
}

static const struct tk_variant verblecon_variants[] = {
    {"default", "the Verblecon loader's DGA (2022)", NULL, NULL, 0, 0},
    {0},
};

static const struct tk_param_def verblecon_params[] = {
    {"date", TK_PARAM_DATE, NULL, NULL, "UTC day; one name per day"},
    {"seed", TK_PARAM_STRING, "verble", NULL, "ASCII string appended to the date before hashing"},
    {"count", TK_PARAM_INT, "1", NULL,
     "names per day: the DGA makes one, so 0 gives none and any larger value gives that one"},
    {0},
};

static const struct tk_seed verblecon_seeds[] = {
    {NULL, "seed=verble", "the seed of the analysed loader (J. Bader's verblecon/dga.py)"},
    {0},
};

const struct tk_family tk_family_verblecon = {
    .name = "verblecon",
    .aliases = "",
    .summary = "Verblecon loader: one MD5-hex .tk name per day",
    .description =
        "The UTC date as YYYY-MM-DD, followed by the seed string, is hashed with MD5; the "
        "32-character lower-case hex digest is the label, under .tk. One name per day.",
    .variants = verblecon_variants,
    .params = verblecon_params,
    .seed_param = "seed",
    .known_seeds = verblecon_seeds,
    .granularity = "daily",
    .names_per_period = "1",
    .tlds = "tk",
    .charset = "0-9a-f",
    .label_min = 32,
    .label_max = 32,
    .wordlists = NULL,
    .reference = "baderj/domain_generation_algorithms:verblecon/dga.py — J. Bader, Verblecon "
                 "DGA reimplementation",
    .time_note = NULL,
    .generate = verblecon_generate,
    .period = NULL,
};
