/* tufik.c - the Tufik DGA, 1,020 names a day.
 *
 * Eight date bytes (year + 48, month, day, 0, the index with its low bit cleared) are XORed
 * with a 32-bit magic and hashed with MD5; each digest byte whose nibble sum is at most 25
 * becomes one letter. The TLD follows from the index: biz, info, org, net or com. */
#include "takedown/dga_util.h"
#include "takedown/emit_util.h"
#include "takedown/family.h"

static void tufik_digest(struct tk_civil c, uint32_t index, uint32_t magic, uint8_t digest[16])
{
    uint8_t seed[8];
    uint32_t even = index & 0xFFFFFFFEu;
    seed[0] = (uint8_t)(c.year + 48);
    seed[1] = (uint8_t)c.month;
    seed[2] = (uint8_t)c.day;
    seed[3] = 0;
    for (int i = 0; i < 4; i++)
        seed[4 + i] = (uint8_t)(even >> (8 * i));
    for (int i = 0; i < 8; i++)
        seed[i] ^= (uint8_t)(magic >> (8 * (i % 4)));
    tk_md5(seed, sizeof seed, digest);
}

static size_t tufik_label(const uint8_t digest[16], char *out)
{
    size_t len = 0;
    for (int i = 0; i < 16; i++) {
        int sum = (digest[i] & 0x0F) + (digest[i] >> 4);
        if (sum <= 25)
            out[len++] = (char)('a' + sum);
    }
    return len;
}

static const char *tufik_tld(uint32_t index)
{
    if (index % 5 == 0)
        return "biz";
    if (index % 4 == 0)
        return "info";
    if (index % 3 == 0)
        return "org";
    if (index % 2 == 0)
        return "net";
    return "com";
}

static int tufik_generate(const struct tk_gen *gen, tk_emit_fn emit, void *ctx,
                          struct tk_error *err)
{
    struct tk_civil c = tk_day_to_civil(tk_args_day(gen->args, "date"));
    int64_t magic = tk_args_int(gen->args, "magic");
    int64_t count = tk_args_int(gen->args, "count");
    char name[32];

    if (magic < 0 || magic > 0xFFFFFFFF)
        return tk_error_set(err, TK_ERR_USAGE,
                            "--magic must be a 32-bit number (e.g. 0x997722ED)");
    if (count < 0)
        return tk_error_set(err, TK_ERR_USAGE, "--count must not be negative");
    for (int64_t index = 0; index < count; index++) {
        uint8_t digest[16];
        tufik_digest(c, (uint32_t)index, (uint32_t)magic, digest);
        size_t len = tufik_label(digest, name);
        int rc = tk_emit_with_tld(emit, ctx, name, len, tufik_tld((uint32_t)index));
        if (rc)
            return rc;
    }
    return TK_OK;
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
