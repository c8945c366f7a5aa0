/* tufik.c - the Tufik DGA, 1,020 names a day.
 *
 * Eight date bytes (year + 48, month, day, 0, the index with its low bit cleared) are XORed
 * with a 32-bit magic and hashed with MD5; each digest byte whose nibble sum is at most 25
 * becomes one letter. The TLD follows from the index: biz, info, org, net or com. This is
 * Murofet v2 with the magic as its key, so the algorithm is src/dga/murofet_v2.c. */
#include "dga/emit_util.h"
#include "takedown/family.h"
#include "dga/murofet_v2.h"

static int tufik_generate(const struct tk_gen *gen, tk_emit_fn emit, void *ctx,
                          struct tk_error *err)
{
    uint32_t magic;
    int64_t count;
    int rc = tk_gen_u32(gen, "magic", &magic, err);
    if (rc == TK_OK)
        rc = tk_gen_count(gen, 0, &count, err);
    if (rc)
        return rc;
    return tk_murofet_v2_generate(tk_args_day(gen->args, "date"), magic, count, emit, ctx);
}

static const struct tk_variant tufik_variants[] = {
    {"default", "the published Tufik algorithm (J. Bader)", NULL, NULL, 0, 0},
    {0},
};

static const struct tk_param_def tufik_params[] = {
    {"date", TK_PARAM_DATE, NULL, NULL, "UTC day; the list changes daily"},
    {"magic", TK_PARAM_INT, "0x997722ED", NULL, "32-bit magic XORed into the hash input"},
    {"count", TK_PARAM_INT, "1020", NULL, "names per day (indexes 0..count-1)"},
    {0},
};

static const struct tk_seed tufik_seeds[] = {
    {NULL, "magic=0x997722ED", "the only published magic (J. Bader, tufik/dga.py)"},
    {0},
};

const struct tk_family tk_family_tufik = {
    .name = "tufik",
    .aliases = "",
    .summary = "Tufik: 1,020 MD5 names a day, nibble sums as letters, 5 TLDs",
    .description =
        "The hash input is year + 48 (one byte), month, day, a zero byte and the index with "
        "its low bit cleared (32-bit little-endian), each byte XORed with the little-endian "
        "magic (0x997722ED). Every MD5 digest byte whose two nibbles sum to 25 or less gives "
        "the letter 'a' + sum, so even and odd indexes share a label. Index divisible by 5: "
        ".biz, else by 4: .info, else by 3: .org, else by 2: .net, else .com.",
    .variants = tufik_variants,
    .params = tufik_params,
    .seed_param = "magic",
    .known_seeds = tufik_seeds,
    .granularity = "daily",
    .names_per_period = "1020",
    .tlds = "biz,info,org,net,com",
    .charset = "a-z",
    .label_min = 1,
    .label_max = 16,
    .wordlists = NULL,
    .reference = "baderj/domain_generation_algorithms:tufik/dga.py — J. Bader, reimplementation "
                 "of the Tufik DGA",
    .time_note = NULL,
    .generate = tufik_generate,
    .period = NULL,
};
