/* sisron.c - the Sisron (TOMB) DGA: base64 of the date, over a 10-day backward window.
 *
 * The label is the base64 encoding of "DDMMYYYY" for the date and each of the days before it,
 * lower-cased with the '=' padding turned into 'a'. The window is repeated under each TLD. */
#include <ctype.h>
#include <stdio.h>

#include "dga/dga_util.h"
#include "dga/emit_util.h"
#include "takedown/family.h"

static const char *const sisron_tlds[] = {"com", "org", "net", "info"};

enum { TLD_COUNT = sizeof sisron_tlds / sizeof sisron_tlds[0] };

/* Writes the label of day into out (at least 17 bytes) and returns its length. */
static size_t sisron_label(tk_day day, char *out)
{
    struct tk_civil c = tk_day_to_civil(day);
    char digits[16];
    int n = snprintf(digits, sizeof digits, "%02d%02d%04d", c.day, c.month, c.year);
    size_t len = tk_base64(digits, (size_t)n, out);
    for (size_t i = 0; i < len; i++)
        out[i] = out[i] == '=' ? 'a' : (char)tolower((unsigned char)out[i]);
    return len;
}

static int sisron_generate(const struct tk_gen *gen, tk_emit_fn emit, void *ctx,
                           struct tk_error *err)
{
    tk_day day = tk_args_day(gen->args, "date");
    int64_t tlds = tk_args_int(gen->args, "tlds");
    int64_t days_back = tk_args_int(gen->args, "days_back");
    int64_t count = tk_args_int(gen->args, "count");
    char name[48];

    if (tlds < 1 || tlds > TLD_COUNT)
        return tk_error_set(err, TK_ERR_USAGE,
                            "sisron: --tlds must be 1 to %d (of com, org, net, info)", TLD_COUNT);
    if (days_back < 1 || days_back > 366)
        return tk_error_set(err, TK_ERR_USAGE, "sisron: --days_back must be 1 to 366");
    if (count > tlds * days_back)
        count = tlds * days_back;
    for (int64_t n = 0; n < count; n++) {
        size_t len = sisron_label(day - (tk_day)(n % days_back), name);
        int rc = tk_emit_with_tld(emit, ctx, name, len, sisron_tlds[n / days_back]);
        if (rc)
            return rc;
    }
    return TK_OK;
}

static const struct tk_variant sisron_variants[] = {
    {"default", "the published algorithm (2016 samples)", NULL, NULL, 0, 0},
    {0},
};

static const struct tk_param_def sisron_params[] = {
    {"date", TK_PARAM_DATE, NULL, NULL, "UTC day; the window is this day and the days before it"},
    {"tlds", TK_PARAM_INT, "4", NULL, "how many of the TLDs com, org, net, info are used"},
    {"days_back", TK_PARAM_INT, "10", NULL, "days in the window, the date included"},
    {"count", TK_PARAM_INT, "40", NULL, "names at most (the window times the TLDs gives 40)"},
    {0},
};

const struct tk_family tk_family_sisron = {
    .name = "sisron",
    .aliases = "tomb",
    .summary = "Sisron (TOMB): base64 of the date over a 10-day window, 4 TLDs",
    .description =
        "For the date and each of the 9 days before it, the string DDMMYYYY is base64-encoded, "
        "lower-cased and its '=' padding replaced by 'a', giving a 12-character label. The "
        "10 labels are emitted under .com, then .org, .net and .info (40 names). There is no "
        "seed: every sample computes the same names.",
    .variants = sisron_variants,
    .params = sisron_params,
    .seed_param = NULL,
    .known_seeds = NULL,
    .granularity = "daily (a sliding 10-day window)",
    .names_per_period = "40",
    .tlds = "com,org,net,info",
    .charset = "a-z0-5",
    .label_min = 12,
    .label_max = 12,
    .wordlists = NULL,
    .reference = "baderj/domain_generation_algorithms:sisron/dga.py — J. Bader, 'The DGA of "
                 "Sisron' (2016)",
    .time_note = NULL,
    .generate = sisron_generate,
    .period = NULL,
};
