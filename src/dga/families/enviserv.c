/* enviserv.c - the Enviserv DGA (Netlab 360): MD5 of a seed string and an index.
 *
 * There is no date input. Name i is the first five bytes of MD5(seed + decimal i) in hex
 * (ten characters), under TLD number i mod 6 of a six-entry list. */
#include <stdio.h>
#include <string.h>

#include "dga/dga_util.h"
#include "dga/emit_util.h"
#include "takedown/family.h"

#define ENVISERV_TLD_COUNT 6
#define ENVISERV_SEED_MAX 400

/* Copies the six comma-separated TLDs into tlds, or fails with a usage error. */
static int enviserv_parse_tlds(const char *list, char tlds[ENVISERV_TLD_COUNT][TK_TLD_MAX + 1],
                               struct tk_error *err)
{
    if (tk_list_count(list) != ENVISERV_TLD_COUNT)
        return tk_error_set(err, TK_ERR_USAGE,
                            "--tlds must list exactly %d TLDs (the malware rotates over six), "
                            "got '%s'", ENVISERV_TLD_COUNT, list);
    int rc = tk_check_tld_list(list, err);
    for (size_t i = 0; rc == TK_OK && i < ENVISERV_TLD_COUNT; i++)
        tk_list_item(list, i, tlds[i], TK_TLD_MAX + 1);
    return rc;
}

static int enviserv_generate(const struct tk_gen *gen, tk_emit_fn emit, void *ctx,
                             struct tk_error *err)
{
    const char *seed = tk_args_str(gen->args, "seed");
    int64_t count = tk_args_int(gen->args, "count");
    char tlds[ENVISERV_TLD_COUNT][TK_TLD_MAX + 1];
    char input[ENVISERV_SEED_MAX + 24];
    char name[16 + TK_TLD_MAX + 1];
    uint8_t digest[16];
    size_t seed_len = strlen(seed);

    int rc = enviserv_parse_tlds(tk_args_str(gen->args, "tlds"), tlds, err);
    if (rc)
        return rc;
    if (seed_len > ENVISERV_SEED_MAX)
        return tk_error_set(err, TK_ERR_USAGE, "--seed is longer than %d characters",
                            ENVISERV_SEED_MAX);
    memcpy(input, seed, seed_len);
    for (int64_t i = 0; i < count; i++) {
        int digits = snprintf(input + seed_len, sizeof input - seed_len, "%lld", (long long)i);
        tk_md5(input, seed_len + (size_t)digits, digest);
        tk_hex(digest, 5, name);
        rc = tk_emit_with_tld(emit, ctx, name, 10, tlds[i % ENVISERV_TLD_COUNT]);
        if (rc)
            return rc;
    }
    return TK_OK;
}

static const struct tk_variant enviserv_variants[] = {
    {"default", "Netlab 360's reimplementation", NULL, NULL, 0, 0},
    {0},
};

static const struct tk_param_def enviserv_params[] = {
    {"seed", TK_PARAM_STRING, "papa_koli", NULL, "seed string hashed with each index"},
    {"tlds", TK_PARAM_STRING, "com,net,org,info,biz,in", NULL,
     "exactly six TLDs, comma-separated; name i uses TLD i mod 6"},
    {"count", TK_PARAM_INT, "500", NULL, "names to emit (indexes 0..count-1)"},
    {0},
};

static const struct tk_seed enviserv_seeds[] = {
    {NULL, "seed=papa_koli;tlds=com,net,org,info,biz,in",
     "the seed and TLDs of the sample analysed by Netlab 360 (360netlab/DGA)"},
    {0},
};

const struct tk_family tk_family_enviserv = {
    .name = "enviserv",
    .aliases = "",
    .summary = "Enviserv: 500 hex names from MD5 of a seed string and an index, no date",
    .description =
        "For index i the seed string followed by i in decimal is hashed with MD5; the first "
        "five digest bytes in lower-case hex form a ten-character label. The TLD rotates over "
        "six entries (com, net, org, info, biz, in) by index. Nothing depends on the date.",
    .variants = enviserv_variants,
    .params = enviserv_params,
    .seed_param = "seed",
    .known_seeds = enviserv_seeds,
    .granularity = "none (no date input)",
    .names_per_period = "500",
    .tlds = "com,net,org,info,biz,in",
    .charset = "0-9a-f",
    .label_min = 10,
    .label_max = 10,
    .wordlists = NULL,
    .reference = "360netlab/DGA:code/enviserv/dga.py — Netlab 360, DGA reimplementations",
    .time_note = NULL,
    .generate = enviserv_generate,
    .period = NULL,
};
