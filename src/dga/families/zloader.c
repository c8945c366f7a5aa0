/* zloader.c - the ZLoader DGA: 32 .com names a day.
 *
 * The Unix time of UTC midnight, as 4 little-endian bytes, is RC4-encrypted with a key from
 * the campaign's configuration; the result seeds a 32-bit chain in which each letter is the
 * state modulo 25 and feeds back into the next state. */
#include <string.h>

#include "dga/dga_util.h"
#include "dga/emit_util.h"
#include "takedown/family.h"

enum { LABEL_LEN = 20 };

/* The first n bytes of the RC4 keystream of key. */
static void rc4_keystream(const uint8_t *key, size_t key_len, uint8_t *out, size_t n)
{
    uint8_t s[256];
    uint8_t i = 0, j = 0;

    for (int k = 0; k < 256; k++)
        s[k] = (uint8_t)k;
    for (int k = 0; k < 256; k++) {
        j = (uint8_t)(j + s[k] + key[(size_t)k % key_len]);
        uint8_t t = s[k];
        s[k] = s[j];
        s[j] = t;
    }
    j = 0;
    for (size_t k = 0; k < n; k++) {
        i++;
        j = (uint8_t)(j + s[i]);
        uint8_t t = s[i];
        s[i] = s[j];
        s[j] = t;
        out[k] = s[(uint8_t)(s[i] + s[j])];
    }
}

/* The day's seed: midnight as 4 little-endian bytes, RC4-encrypted with the key (XORed with
 * its keystream) and read back as a number. */
static uint32_t zloader_seed(uint32_t midnight, const char *key)
{
    uint8_t stream[4];

    rc4_keystream((const uint8_t *)key, strlen(key), stream, sizeof stream);
    return midnight ^ tk_load_le32(stream);
}

static int zloader_generate(const struct tk_gen *gen, tk_emit_fn emit, void *ctx,
                            struct tk_error *err)
{
    int64_t midnight = tk_day_to_unix(tk_args_day(gen->args, "date"));
    const char *key = tk_args_str(gen->args, "rc4_key");
    int64_t count = tk_args_int(gen->args, "count");
    char name[LABEL_LEN + 5];

    if (*key == '\0')
        return tk_error_set(err, TK_ERR_USAGE, "zloader: --rc4_key must not be empty");
    if (midnight < 0 || midnight > (int64_t)UINT32_MAX)
        return tk_error_set(err, TK_ERR_USAGE,
                            "zloader: the date must lie between 1970-01-01 and 2106-02-07 "
                            "(the malware packs it into 32 bits)");
    uint32_t seed = zloader_seed((uint32_t)midnight, key);
    uint32_t r = seed;
    size_t len = tk_name_add_tld(name, LABEL_LEN, "com");
    for (int64_t n = 0; n < count; n++) {
        for (int i = 0; i < LABEL_LEN; i++) {
            uint32_t letter = 'a' + r % 25;
            name[i] = (char)letter;
            r = seed ^ (r + letter);
        }
        int rc = emit(ctx, name, len);
        if (rc)
            return rc;
    }
    return TK_OK;
}

static const struct tk_variant zloader_variants[] = {
    {"default", "the published algorithm (2020 samples)", NULL, NULL, 0, 0},
    {0},
};

static const struct tk_param_def zloader_params[] = {
    {"date", TK_PARAM_DATE, NULL, NULL, "UTC day; names change daily"},
    {"rc4_key", TK_PARAM_STRING, "q23Cud3xsNf3", NULL,
     "RC4 key from the campaign's configuration, as text"},
    {"count", TK_PARAM_INT, "32", NULL, "names per day"},
    {0},
};

static const struct tk_seed zloader_seeds[] = {
    {NULL, "rc4_key=q23Cud3xsNf3", "sample configuration, J. Bader zloader/dga.py"},
    {NULL, "rc4_key=41997b4a729e1a0175208305170752dd", "sample configuration, J. Bader zloader/dga.py"},
    {NULL, "rc4_key=kZieCw23gffpe43Sd", "sample configuration, J. Bader zloader/dga.py"},
    {NULL, "rc4_key=Ts72YjsjO5TghE6m", "sample configuration, J. Bader zloader/dga.py"},
    {NULL, "rc4_key=03d5ae30a0bd934a23b6a7f0756aa504", "sample configuration, J. Bader zloader/dga.py"},
    {0},
};

const struct tk_family tk_family_zloader = {
    .name = "zloader",
    .aliases = "",
    .summary = "ZLoader banker: 32 .com names a day, seeded by RC4 of the date",
    .description =
        "The Unix time of the day's UTC midnight is packed into 4 little-endian bytes and "
        "RC4-encrypted with the campaign's key; the 32-bit result is the seed. Starting from "
        "r = seed, each of the 20 letters is 'a' + r mod 25, then r = seed XOR (r + letter). "
        "The chain runs on through all 32 names of the day.",
    .variants = zloader_variants,
    .params = zloader_params,
    .seed_param = "rc4_key",
    .known_seeds = zloader_seeds,
    .granularity = "daily",
    .names_per_period = "32",
    .tlds = "com",
    .charset = "a-y",
    .label_min = 20,
    .label_max = 20,
    .wordlists = NULL,
    .reference = "baderj/domain_generation_algorithms:zloader/dga.py — J. Bader",
    .time_note = NULL,
    .generate = zloader_generate,
    .period = NULL,
};
