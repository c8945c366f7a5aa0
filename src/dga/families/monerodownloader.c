/* monerodownloader.c - the DGA of a Monero-miner downloader (2017), 2,500 names a day.
 *
 * For each number 0-499 the MD5 hex digest of "MAGIC-DAYS-NUMBER" (DAYS counted since
 * 1970-01-01) is cut to 13 characters and emitted under five new gTLDs; number 0 uses a
 * fixed label instead. */
#include <stdio.h>
#include <string.h>

#include "dga/dga_util.h"
#include "dga/emit_util.h"
#include "takedown/family.h"

static const char monero_magic[] = "jkhhksugrhtijys78g46";
static const char monero_fixed_label[] = "31b4bd31fg1x2";
static const char *const monero_tlds[5] = {"org", "tickets", "blackfriday", "hosting",
                                           "feedback"};

#define MONERO_LABEL_LEN 13

/* The 13-character label of number on the given day. */
static void monero_label(tk_day day, int64_t number, char out[MONERO_LABEL_LEN])
{
    char seed[96];
    char hex[33];

    if (number == 0) {
        memcpy(out, monero_fixed_label, MONERO_LABEL_LEN);
        return;
    }
    int n = snprintf(seed, sizeof seed, "%s-%ld-%lld", monero_magic, (long)day,
                     (long long)number);
    tk_md5_hex(seed, (size_t)n, hex);
    memcpy(out, hex, MONERO_LABEL_LEN);
}

static int monero_generate(const struct tk_gen *gen, tk_emit_fn emit, void *ctx,
                           struct tk_error *err)
{
    tk_day day = tk_args_day(gen->args, "date");
    char name[MONERO_LABEL_LEN + 16];
    int64_t count;
    int rc = tk_gen_count(gen, 0, &count, err);
    if (rc)
        return rc;
    for (int64_t i = 0; i < count; i++) {
        if (i % 5 == 0)
            monero_label(day, i / 5, name);
        rc = tk_emit_with_tld(emit, ctx, name, MONERO_LABEL_LEN, monero_tlds[i % 5]);
        if (rc)
            return rc;
    }
    return TK_OK;
}

static const struct tk_variant monero_variants[] = {
    {"default", "the published algorithm (J. Bader)", NULL, NULL, 0, 0},
    {0},
};

static const struct tk_param_def monero_params[] = {
    {"date", TK_PARAM_DATE, NULL, NULL, "UTC day; the list changes daily (days since 1970)"},
    {"count", TK_PARAM_INT, "2500", NULL,
     "names per day: 500 numbers times 5 TLDs, in that order"},
    {0},
};

static const struct tk_seed monero_seeds[] = {
    {0},
};

const struct tk_family tk_family_monerodownloader = {
    .name = "monerodownloader",
    .aliases = "",
    .summary = "Monero miner downloader: 13 hex characters of MD5, 500 labels x 5 TLDs a day",
    .description =
        "The label for number n (0-499) is the first 13 characters of the MD5 hex digest of "
        "\"jkhhksugrhtijys78g46-D-n\", where D is the number of days since 1970-01-01; number "
        "0 always uses the fixed label 31b4bd31fg1x2. Every label is emitted under org, "
        "tickets, blackfriday, hosting and feedback, in that order.",
    .variants = monero_variants,
    .params = monero_params,
    .seed_param = NULL,
    .known_seeds = monero_seeds,
    .granularity = "daily",
    .names_per_period = "2500",
    .tlds = "org,tickets,blackfriday,hosting,feedback",
    .charset = "0-9a-gx",
    .label_min = 13,
    .label_max = 13,
    .wordlists = NULL,
    .reference = "baderj/domain_generation_algorithms:monerodownloader/dga.py — J. Bader, "
                 "reimplementation of a Monero downloader's DGA",
    .time_note = NULL,
    .generate = monero_generate,
    .period = NULL,
};
