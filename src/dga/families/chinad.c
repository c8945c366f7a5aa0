/* chinad.c - the Chinad DGA, daily, 16 characters from a-z0-9 under one of 7 TLDs.
 *
 * A 16-byte block holding the year, month, day and the name's index is hashed with SHA-1;
 * the digest, read as big-endian 32-bit words stored little-endian (bytes reversed in each
 * group of four), gives one character per byte (mod 36) and then the TLD (mod 7).
 * Bader's version encodes the index in one byte (256 names), Netlab 360's in two (1,000). */
#include <string.h>

#include "dga/dga_util.h"
#include "dga/emit_util.h"
#include "takedown/family.h"

static const char chinad_alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
static const char *const chinad_tlds[7] = {"com", "org", "net", "biz", "info", "ru", "cn"};

#define CHINAD_MAX_SLD 19

/* The hash input. Bader: year mod 100, month, day, index byte. Netlab: (year + 0x30) mod 256,
 * month, day, index as two little-endian bytes. Zero-padded to 16 bytes either way. */
static void chinad_seed(struct tk_civil c, uint32_t index, int netlab, uint8_t seed[16])
{
    memset(seed, 0, 16);
    if (netlab)
        seed[0] = (uint8_t)((c.year & 0xFF) + 0x30);
    else
        seed[0] = (uint8_t)((c.year % 100 + 100) % 100);
    seed[1] = (uint8_t)c.month;
    seed[2] = (uint8_t)c.day;
    tk_store_le(seed + 3, index, netlab ? 2 : 1);
}

/* Writes sld_len characters and ".TLD"; returns the name's length. */
static size_t chinad_name(const uint8_t seed[16], size_t sld_len, char *out)
{
    uint8_t digest[20], swapped[20];
    tk_sha1(seed, 16, digest);
    for (size_t i = 0; i < 20; i++)
        swapped[i] = digest[(i & ~(size_t)3) + 3 - (i & 3)];
    for (size_t i = 0; i < sld_len; i++)
        out[i] = chinad_alphabet[swapped[i] % 36];
    return tk_name_add_tld(out, sld_len, chinad_tlds[swapped[sld_len] % 7]);
}

static int chinad_generate(const struct tk_gen *gen, tk_emit_fn emit, void *ctx,
                           struct tk_error *err)
{
    struct tk_civil c = tk_day_to_civil(tk_args_day(gen->args, "date"));
    int netlab = strcmp(gen->variant->name, "netlab360") == 0;
    int64_t sld_len = netlab ? tk_args_int(gen->args, "sld_len") : 16;
    char name[CHINAD_MAX_SLD + 8];

    if (sld_len < 1 || sld_len > CHINAD_MAX_SLD)
        return tk_error_set(err, TK_ERR_USAGE,
                            "--sld_len must be 1-%d (the digest has 20 bytes, one for the TLD)",
                            CHINAD_MAX_SLD);
    int64_t count;
    int rc = tk_gen_count(gen, netlab ? 1000 : 256, &count, err);
    if (rc)
        return rc;
    for (int64_t index = 0; index < count; index++) {
        uint8_t seed[16];
        chinad_seed(c, (uint32_t)index, netlab, seed);
        size_t len = chinad_name(seed, (size_t)sld_len, name);
        rc = emit(ctx, name, len);
        if (rc)
            return rc;
    }
    return TK_OK;
}

static const struct tk_variant chinad_variants[] = {
    {"default", "J. Bader's version: the index is one byte, so 256 different names a day",
     NULL, NULL, 16, 16},
    {"netlab360", "Netlab 360's version: the index is two bytes, 1,000 names, SLD length "
                  "parameter; the first 256 names equal Bader's for 2000-2099",
     NULL, NULL, 1, CHINAD_MAX_SLD},
    {0},
};

static const struct tk_param_def chinad_params[] = {
    {"date", TK_PARAM_DATE, NULL, NULL, "UTC day; the list changes daily"},
    {"count", TK_PARAM_INT, "0", NULL,
     "names to generate; 0 means the variant's own number (default: 256, netlab360: 1000); "
     "the default variant reuses index byte values past 255"},
    {"sld_len", TK_PARAM_INT, "16", "netlab360", "characters before the TLD (1-19)"},
    {0},
};

static const struct tk_seed chinad_seeds[] = {
    {0},
};

const struct tk_family tk_family_chinad = {
    .name = "chinad",
    .aliases = "",
    .summary = "Chinad: SHA-1 of date and index, 16 characters of a-z0-9, 7 TLDs, daily",
    .description =
        "SHA-1 over a 16-byte block: the year (Bader: mod 100; Netlab: low byte + 0x30), "
        "month, day and the index (one byte, or two in Netlab's version), zero-padded. The "
        "digest bytes are reversed within each 4-byte word; the first 16 give the label "
        "(byte mod 36 into a-z0-9) and the next one the TLD (mod 7: com, org, net, biz, "
        "info, ru, cn). The malware makes 1,000 attempts a day, but with a one-byte index "
        "only 256 names differ.",
    .variants = chinad_variants,
    .params = chinad_params,
    .seed_param = NULL,
    .known_seeds = chinad_seeds,
    .granularity = "daily",
    .names_per_period = "256 (default), 1000 (netlab360)",
    .tlds = "com,org,net,biz,info,ru,cn",
    .charset = "a-z0-9",
    .label_min = 1,
    .label_max = CHINAD_MAX_SLD,
    .wordlists = NULL,
    .reference = "baderj/domain_generation_algorithms:chinad/dga.py — J. Bader; "
                 "360netlab/DGA:code/chinad/dga.py — Netlab 360",
    .time_note = NULL,
    .generate = chinad_generate,
    .period = NULL,
};
