/* shiotob.c - the Shiotob (Urlzone, Bebloh) DGA: a chain of names from an initial domain.
 *
 * Each name is derived from the previous one alone: its bytes are stirred with the hostname
 * length and the byte sum of the name, the stirred bytes pick letters from a keyboard-order
 * alphabet, and the TLD alternates between .net and .com. The Netlab 360 version 2 also
 * mixes in a CRC of the RSA key embedded in newer samples. */
#include <string.h>

#include <openssl/evp.h>
#include <zlib.h>

#include "dga/emit_util.h"
#include "takedown/family.h"

enum {
    DOMAIN_MAX = 253,  /* longest initial domain accepted */
    SCRATCH_PAD = 100, /* zero bytes the stirring may reach past the name */
    STIR_SPAN = 65,    /* the stirring touches bytes 0..64 */
    LEN_MIN = 10,      /* shorter computed lengths keep the previous length */
};

static const char shiotob_alphabet[] = "qwertyuiopasdfghjklzxcvbnm123945678";

/* The public RSA key of the version 2 samples, as published by Netlab 360. */
static const char shiotob_v2_rsa_key[] =
    "BgIAAACkAABSU0ExAAQAAAEAAQBxQGcZ/br3h0ZKC2scS7WJ6Je4pOB"
    "5TOvOAe6mkPQ5zSruIlxkPpr9PLLGfuTEmAqVTBunRk0+ZpvnAXfHb"
    "TSYOD/bfmqtaE1pEeci8jjukAZZwCX+rWoh2O0ymX2v4rLbEqiC7ap"
    "bg+ughDvLEjkvkx2FBoHU55ALmfldAtPLnA==";

/* The malware's CRC-32 of the key: the standard table, start value 0xCA0B56EE and no final
 * inversion, which zlib computes when handed the inverted start value. */
static uint32_t shiotob_key_crc(void)
{
    uint8_t key[sizeof shiotob_v2_rsa_key];
    int text_len = (int)strlen(shiotob_v2_rsa_key);
    int len = EVP_DecodeBlock(key, (const unsigned char *)shiotob_v2_rsa_key, text_len);
    for (int i = text_len - 1; i >= 0 && shiotob_v2_rsa_key[i] == '='; i--)
        len--;
    uint32_t start = 0xCA0B56EEu ^ 0xFFFFFFFFu;
    return (uint32_t)crc32(start, key, (uInt)len) ^ 0xFFFFFFFFu;
}

/* The byte sum of the name without its last three characters, the key CRC XORed in. */
static uint32_t shiotob_byte_sum(const char *name, size_t len, uint32_t key_crc)
{
    uint32_t sum = 0;
    for (size_t i = 0; i + 3 < len; i++)
        sum += (uint8_t)name[i];
    return sum ^ key_crc;
}

/* Writes the name that follows prev (prev_len >= 5) into out and returns its length. */
static size_t shiotob_next(const char *prev, size_t prev_len, uint32_t key_crc, char *out)
{
    uint8_t codes[DOMAIN_MAX + SCRATCH_PAD] = {0};
    uint32_t sum = shiotob_byte_sum(prev, prev_len, key_crc);
    uint32_t old_len = (uint32_t)prev_len - 4;

    memcpy(codes, prev, prev_len);
    for (int i = 0; i < STIR_SPAN; i++)
        for (int j = 0; i + j < STIR_SPAN; j++)
            codes[i + j] = (uint8_t)((old_len * codes[j]) ^ codes[i + j] ^ sum);

    uint32_t len = (((codes[2] * old_len) ^ codes[0]) & 0xFF) / 16;
    if (len < LEN_MIN)
        len = old_len;
    for (uint32_t i = 0; i < len; i++)
        out[i] = shiotob_alphabet[codes[i] / 8];

    int after_net = memcmp(prev + prev_len - 4, ".net", 4) == 0;
    return tk_name_add_tld(out, len, after_net ? "com" : "net");
}

static int shiotob_key_mix(const struct tk_gen *gen, uint32_t *key_crc, struct tk_error *err)
{
    *key_crc = 0;
    if (!tk_args_accepts(gen->args, "version"))
        return TK_OK;
    int64_t version = tk_args_int(gen->args, "version");
    if (version != 1 && version != 2)
        return tk_error_set(err, TK_ERR_USAGE,
                            "shiotob: --version must be 1 or 2, not %lld", (long long)version);
    if (version == 2)
        *key_crc = shiotob_key_crc();
    return TK_OK;
}

static int shiotob_generate(const struct tk_gen *gen, tk_emit_fn emit, void *ctx,
                            struct tk_error *err)
{
    const char *initial = tk_args_str(gen->args, "initial_domain");
    int64_t count = tk_args_int(gen->args, "count");
    size_t len = strlen(initial);
    char names[2][DOMAIN_MAX + SCRATCH_PAD];
    uint32_t key_crc;
    int rc;

    if (len < 5 || len > DOMAIN_MAX)
        return tk_error_set(err, TK_ERR_USAGE,
                            "shiotob: --initial_domain must be a name of 5 to %d characters "
                            "ending in a 3-letter TLD, e.g. 4ypv1eehphg3a.com", DOMAIN_MAX);
    rc = shiotob_key_mix(gen, &key_crc, err);
    if (rc)
        return rc;
    memcpy(names[0], initial, len);
    for (int64_t n = 0; n < count; n++) {
        const char *name = names[n & 1];
        rc = emit(ctx, name, len);
        if (rc)
            return rc;
        len = shiotob_next(name, len, key_crc, names[(n + 1) & 1]);
    }
    return TK_OK;
}

static const struct tk_variant shiotob_variants[] = {
    {"bader", "J. Bader's reimplementation (2015 samples)", NULL, NULL, 0, 0},
    {"netlab360", "Netlab 360's version: 1 as Bader's, 2 mixes in the embedded RSA key's CRC",
     NULL, NULL, 0, 0},
    {0},
};

static const struct tk_param_def shiotob_params[] = {
    {"initial_domain", TK_PARAM_STRING, "4ypv1eehphg3a.com", NULL,
     "the hard-coded first domain the chain starts from (emitted first)"},
    {"version", TK_PARAM_INT, "1", "netlab360",
     "1: the original chain; 2: the chain with the CRC of the embedded RSA key mixed in"},
    {"count", TK_PARAM_INT, "2001", NULL, "names, the initial domain included"},
    {0},
};

static const struct tk_seed shiotob_seeds[] = {
    {NULL, "initial_domain=4ypv1eehphg3a.com", "J. Bader, 'The DGA of Shiotob' (2015)"},
    {"netlab360", "version=1;initial_domain=4ypv1eehphg3a.com",
     "the same seed through Netlab 360's version 1 (360netlab/DGA code/shiotob)"},
    {0},
};

const struct tk_family tk_family_shiotob = {
    .name = "shiotob",
    .aliases = "urlzone,bebloh",
    .summary = "Shiotob (Urlzone, Bebloh) banker: a chain of 2,001 names from a seed domain",
    .description =
        "Each name follows from the previous one: its bytes are stirred 65 x 65 times with the "
        "hostname length and the byte sum of the name, the new length is taken from two stirred "
        "bytes (10-15, else the previous length), each stirred byte / 8 picks a letter from "
        "'qwertyuiopasdfghjklzxcvbnm123945', and .net and .com alternate. No date enters. "
        "Netlab 360's version 2 XORs a CRC-32 of the samples' embedded RSA key into the sum.",
    .variants = shiotob_variants,
    .params = shiotob_params,
    .seed_param = "initial_domain",
    .known_seeds = shiotob_seeds,
    .granularity = "none (no date input)",
    .names_per_period = "2001",
    .tlds = "com,net",
    .charset = "a-z1-59",
    .label_min = 10,
    .label_max = 15,
    .wordlists = NULL,
    .reference = "baderj/domain_generation_algorithms:shiotob/dga.py — J. Bader, 'The DGA of "
                 "Shiotob' (2015); 360netlab/DGA:code/shiotob/dga.py for version 2",
    .time_note = NULL,
    .generate = shiotob_generate,
    .period = NULL,
};
