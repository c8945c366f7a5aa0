/* newgoz.c - the DGA of new GameOver Zeus (the P2P Zeus revival of 2014), 1,000 names a day.
 *
 * The index, year, month and day (little-endian, each date field followed by a fixed 4-byte
 * key) are hashed with MD5; the four 32-bit little-endian words of the digest are written in
 * base 36 and concatenated. The TLD follows from the index: com, org, biz or net. */
#include <string.h>

#include "dga/dga_util.h"
#include "dga/emit_util.h"
#include "takedown/family.h"

static const uint8_t newgoz_key[4] = {0x01, 0x05, 0x19, 0x35};

/* The 22-byte hash input: index (4 bytes), year (2), key, month (2), key, day (2), key;
 * numbers little-endian. */
static void newgoz_seed(uint32_t index, struct tk_civil c, uint8_t out[22])
{
    tk_store_le(out, index, 4);
    tk_store_le(out + 4, (uint32_t)c.year, 2);
    memcpy(out + 6, newgoz_key, 4);
    tk_store_le(out + 10, (uint32_t)c.month, 2);
    memcpy(out + 12, newgoz_key, 4);
    tk_store_le(out + 16, (uint32_t)c.day, 2);
    memcpy(out + 18, newgoz_key, 4);
}

static const char *newgoz_tld(uint32_t index)
{
    if (index % 4 == 0)
        return "com";
    if (index % 3 == 0)
        return "org";
    if (index % 2 == 0)
        return "biz";
    return "net";
}

static int newgoz_generate(const struct tk_gen *gen, tk_emit_fn emit, void *ctx,
                           struct tk_error *err)
{
    struct tk_civil c = tk_day_to_civil(tk_args_day(gen->args, "date"));
    char name[40];
    int64_t count;
    int rc = tk_gen_count(gen, 0, &count, err);
    if (rc)
        return rc;
    for (int64_t index = 0; index < count; index++) {
        uint8_t seed[22], digest[16];
        size_t len = 0;
        newgoz_seed((uint32_t)index, c, seed);
        tk_md5(seed, sizeof seed, digest);
        for (int word = 0; word < 4; word++)
            len += tk_format_base(tk_load_le32(digest + 4 * word), 36, name + len);
        rc = tk_emit_with_tld(emit, ctx, name, len, newgoz_tld((uint32_t)index));
        if (rc)
            return rc;
    }
    return TK_OK;
}

static const struct tk_variant newgoz_variants[] = {
    {"default", "the July 2014 relaunch of GameOver Zeus (J. Bader)", NULL, NULL, 0, 0},
    {0},
};

static const struct tk_param_def newgoz_params[] = {
    {"date", TK_PARAM_DATE, NULL, NULL, "UTC day; the list changes daily"},
    {"count", TK_PARAM_INT, "1000", NULL, "names per day (indexes 0..count-1)"},
    {0},
};

static const struct tk_seed newgoz_seeds[] = {
    {0},
};

const struct tk_family tk_family_newgoz = {
    .name = "newgoz",
    .aliases = "gameover,gameover_p2p",
    .summary = "new GameOver Zeus: 1,000 base-36 MD5 names a day, com/org/biz/net",
    .description =
        "MD5 over the index (32-bit), year, month and day (16-bit each, little-endian), each "
        "date field followed by the key bytes 01 05 19 35. The digest is read as four "
        "little-endian 32-bit words, each written in base 36 (1-7 characters) and "
        "concatenated. Index divisible by 4: .com, else by 3: .org, else by 2: .biz, else "
        ".net.",
    .variants = newgoz_variants,
    .params = newgoz_params,
    .seed_param = NULL,
    .known_seeds = newgoz_seeds,
    .granularity = "daily",
    .names_per_period = "1000",
    .tlds = "com,org,biz,net",
    .charset = "a-z0-9",
    .label_min = 4,
    .label_max = 28,
    .wordlists = NULL,
    .reference = "baderj/domain_generation_algorithms:newgoz/dga.py — J. Bader, reimplementation "
                 "of the new GameOver Zeus DGA",
    .time_note = NULL,
    .generate = newgoz_generate,
    .period = NULL,
};
