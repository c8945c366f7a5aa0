/* pykspa.c - the Pykspa (Skype worm) DGAs: "improved" (MD6-seeded) and "precursor".
 *
 * improved: the number of 20-day periods (set 1, the real list) or days (set 2, noise) since
 * the epoch is hashed with MD6-256 and stirred by an LCG-based routine into a 32-bit seed;
 * each name then derives from the running seed. precursor: the number of 2-day periods is
 * squared and mixed into a state for each of its 5,000 names. */
#include <string.h>

#include "dga/dga_util.h"
#include "dga/emit_util.h"
#include "takedown/family.h"
#include "dga/pyarith.h"

/* ---- MD6-256 (Rivest et al., 2008), default tree height 64, no key: one-block messages ---- */

enum {
    MD6_N = 89,       /* words of compression input */
    MD6_C = 16,       /* words of chaining value */
    MD6_B = 64,       /* words of data block */
    MD6_BLOCK = 512,  /* bytes of data block */
    MD6_D = 256,      /* digest bits */
    MD6_ROUNDS = 104, /* 40 + d / 4 */
    MD6_LEVELS = 64
};

static const uint64_t md6_q[15] = {
    0x7311c2812425cfa0, 0x6432286434aac8e7, 0xb60450e9ef68b7c1, 0xe8fb23908d9f06f1,
    0xdd2e76cba691e5bf, 0x0cd0d63b2c30bc41, 0x1f8ccf6823058f8a, 0x54e5ed5b88e3775d,
    0x4ad12aae0a6d6031, 0x3e7f16bb88222e0d, 0x8af8671d3fb50c2c, 0x995ad1178bd25c31,
    0xc878c1dd04c4b633, 0x3b72066c7a1552ac, 0x0d6f3522631effcb};

static const int md6_right_shifts[16] = {10, 5, 13, 10, 11, 12, 2, 7, 14, 15, 7, 13, 11, 7, 6, 12};
static const int md6_left_shifts[16] = {11, 24, 9, 16, 15, 9, 27, 15, 6, 2, 29, 8, 15, 5, 31, 9};

/* The compression function: 89 input words, 16 output words. */
static void md6_compress(const uint64_t input[MD6_N], uint64_t output[MD6_C])
{
    uint64_t a[MD6_N + 16 * MD6_ROUNDS];
    uint64_t s = 0x0123456789abcdef;
    size_t i = MD6_N;

    memcpy(a, input, sizeof(uint64_t) * MD6_N);
    for (int round = 0; round < MD6_ROUNDS; round++) {
        for (int step = 0; step < 16; step++, i++) {
            uint64_t x = s ^ a[i - 89] ^ a[i - 17];
            x ^= (a[i - 18] & a[i - 21]) ^ (a[i - 31] & a[i - 67]);
            x ^= x >> md6_right_shifts[step];
            a[i] = x ^ (x << md6_left_shifts[step]);
        }
        s = ((s << 1) | (s >> 63)) ^ (s & 0x7311c2812425cfa0);
    }
    memcpy(output, a + i - MD6_C, sizeof(uint64_t) * MD6_C);
}

static uint64_t md6_load_be(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v = v << 8 | p[i];
    return v;
}

static void md6_store_be(uint64_t v, uint8_t *p)
{
    for (int i = 7; i >= 0; i--, v >>= 8)
        p[i] = (uint8_t)v;
}

/* MD6-256 of a message of at most one block (512 bytes): a single compression, which is the
 * final node of the tree (level 1, index 0). Pykspa hashes 4 bytes. */
static void md6_256_short(const uint8_t *data, size_t len, uint8_t out[32])
{
    uint64_t input[MD6_N] = {0};
    uint64_t output[MD6_C];
    uint8_t block[MD6_BLOCK] = {0};
    uint64_t padding_bits = (uint64_t)(MD6_BLOCK - len) * 8;

    memcpy(input, md6_q, sizeof md6_q);
    /* input[15..22]: the key, empty */
    input[23] = (uint64_t)1 << 56; /* level 1, node index 0 */
    input[24] = (uint64_t)MD6_ROUNDS << 48 | (uint64_t)MD6_LEVELS << 40 | (uint64_t)1 << 36 |
                padding_bits << 20 | MD6_D; /* final node; key length 0 */
    memcpy(block, data, len);
    for (size_t w = 0; w < MD6_B; w++)
        input[25 + w] = md6_load_be(block + 8 * w);
    md6_compress(input, output);
    for (size_t w = 0; w < 4; w++)
        md6_store_be(output[MD6_C - 4 + w], out + 8 * w);
}

/* ---- improved: the seed of a period ---- */

enum { PYKSPA_VALUES = 128, PYKSPA_PADDED = 256 };

/* Steps the LCG of one slot and folds its output into the running result. */
static uint32_t pykspa_lcg(uint32_t *values, size_t index, uint32_t result)
{
    uint32_t v = values[index] * 22695477u + 1u;
    values[index] = v;
    return tk_rotl32(((v >> 16) & 0x7FFF) + result, result & 0xF);
}

/* Slot i is stepped i + 1 times, from a result of 0. */
static uint32_t pykspa_lcg_rounds(uint32_t *values)
{
    uint32_t result = 0;
    for (size_t i = 0; i < PYKSPA_VALUES; i++)
        for (size_t r = 0; r <= i; r++)
            result = pykspa_lcg(values, i, result);
    return result;
}

/* Steps every slot once and mixes key in; returns the key XOR the low byte of the result. */
static uint8_t pykspa_mix_key(uint32_t *values, uint8_t key, uint32_t *result)
{
    for (size_t i = 0; i < PYKSPA_VALUES; i++)
        *result = pykspa_lcg(values, i, *result);
    uint8_t mixed = (uint8_t)(key ^ (*result & 0xFF));
    *result += key;
    values[PYKSPA_VALUES - 1] += key;
    return mixed;
}

/* Replaces rounds bytes of padded, cyclically from offset, by the low result bytes. */
static void pykspa_transform(uint8_t *padded, uint32_t *values, uint32_t *result, size_t rounds,
                             size_t offset)
{
    size_t index = offset;
    while (rounds--) {
        if (index >= PYKSPA_PADDED)
            index = 0;
        uint8_t key = padded[index];
        padded[index] = (uint8_t)(pykspa_mix_key(values, key, result) ^ key);
        index++;
    }
}

static uint32_t pykspa_improved_seed(uint32_t period)
{
    uint8_t le[4];
    uint8_t digest[32];
    char hex[65];
    uint8_t padded[PYKSPA_PADDED] = {0};
    uint32_t values[PYKSPA_VALUES] = {0};
    uint32_t result;

    tk_store_le(le, period, 4);
    md6_256_short(le, sizeof le, digest);
    tk_hex(digest, sizeof digest, hex);
    for (size_t i = 0; i < 32; i++)
        values[i] = (uint32_t)(uint8_t)hex[2 * i] * 256 + (uint8_t)hex[2 * i + 1];
    result = pykspa_lcg_rounds(values);

    memcpy(padded, hex, 64);
    pykspa_transform(padded, values, &result, PYKSPA_PADDED, 0);
    pykspa_transform(padded, values, &result, (PYKSPA_PADDED + 1) * 10, PYKSPA_PADDED - 1);

    for (size_t i = 0; i < PYKSPA_VALUES; i++)
        values[i] = (uint32_t)padded[2 * i] * 256 + padded[2 * i + 1];
    result = pykspa_lcg_rounds(values);

    uint32_t seed = 0;
    const char *key = hex + period % 50;
    for (size_t i = 0; i < 4; i++)
        seed |= (uint32_t)pykspa_mix_key(values, (uint8_t)key[i], &result) << (8 * i);
    return seed;
}

/* ---- improved: names ---- */

static const char *const pykspa_improved_tlds[4] = {"com", "net", "org", "info"};

static void pykspa_improved_label(size_t length, uint64_t seed, char *out)
{
    uint64_t modulo = 541 * length + 4;
    uint64_t a = length * length;
    for (size_t i = 0; i < length; i++) {
        uint64_t factor = seed % 5 + seed % 123456 + i * ((seed & 1) + seed % 4567);
        out[i] = (char)('a' + (a + ((seed * factor) & 0xFFFFFFFF)) % 26);
        a = (a + length) & 0xFFFFFFFFF;
        seed += (((7837632 * seed * length) & 0xFFFFFFFF) + 82344) % modulo;
    }
}

static int pykspa_improved(tk_day day, int64_t set, int64_t count, tk_emit_fn emit, void *ctx)
{
    int64_t days = set == 1 ? 20 : 1;
    int64_t period = tk_floor_div(day, days);
    uint64_t seed = pykspa_improved_seed((uint32_t)period);
    char name[32];

    for (uint64_t n = 0; n < (uint64_t)count; n++) {
        seed += seed % (n + 1) + 1;
        size_t length = (size_t)((seed + n) % 7 + 6);
        pykspa_improved_label(length, seed, name);
        int rc = tk_emit_with_tld(emit, ctx, name, length, pykspa_improved_tlds[seed & 3]);
        if (rc)
            return rc;
    }
    return TK_OK;
}

/* ---- precursor ---- */

static const char *const pykspa_precursor_tlds[6] = {"biz", "com", "net", "org", "info", "cc"};

static void pykspa_precursor_label(size_t length, uint64_t r, char *out)
{
    uint64_t a = length * length;
    for (uint64_t i = 0; i < length; i++) {
        uint64_t x = (i * (r % 4567 + r % 19)) & 0xFFFFFFFF;
        uint64_t p = (r * (r % 5 + r % 123456 + x)) & 0xFFFFFFFF;
        out[i] = (char)('a' + ((a + p) & 0xFFFFFFFF) % 26);
        r = (r + i) & 0xFFFFFFFF;
        r >>= (i * i) & 0xFF & 31;
        a = (a + length) & 0xFFFFFFFF;
    }
}

static int pykspa_precursor(tk_day day, int64_t count, tk_emit_fn emit, void *ctx)
{
    int64_t period = tk_floor_div(day, 2);
    uint64_t r = (uint64_t)period & 0xFFFFFFFF;
    char name[32];

    for (uint64_t n = 0; n < (uint64_t)count; n++) {
        r = (r * r) & 0xFFFFFFFF;
        r = (r + n) & 0xFFFFFFFF;
        size_t length = (size_t)(r % 10 + 6);
        pykspa_precursor_label(length, r, name);
        int rc = tk_emit_with_tld(emit, ctx, name, length, pykspa_precursor_tlds[r % 6]);
        if (rc)
            return rc;
    }
    return TK_OK;
}

static int pykspa_is_precursor(const struct tk_gen *gen)
{
    return strcmp(gen->variant->name, "precursor") == 0;
}

static int pykspa_generate(const struct tk_gen *gen, tk_emit_fn emit, void *ctx,
                           struct tk_error *err)
{
    tk_day day = tk_args_day(gen->args, "date");
    int64_t count;
    int rc = tk_gen_count(gen, pykspa_is_precursor(gen) ? 5000 : 10, &count, err);
    if (rc)
        return rc;
    if (pykspa_is_precursor(gen))
        return pykspa_precursor(day, count, emit, ctx);
    int64_t set = tk_args_int(gen->args, "set");
    if (set != 1 && set != 2)
        return tk_error_set(err, TK_ERR_USAGE,
                            "pykspa: --set must be 1 (the real list) or 2 (the noise list)");
    return pykspa_improved(day, set, count, emit, ctx);
}

/* improved: 20-day periods (set 1) or days (set 2); precursor: 2-day periods. */
static int64_t pykspa_period(const struct tk_gen *gen, tk_day day)
{
    if (pykspa_is_precursor(gen))
        return tk_floor_div(day, 2);
    return tk_args_int(gen->args, "set") == 1 ? tk_floor_div(day, 20) : day;
}

static const struct tk_variant pykspa_variants[] = {
    {"improved", "MD6-seeded DGA; set 1 (real, 20-day periods) or 2 (noise, daily)", NULL, NULL,
     0, 0},
    {"precursor", "the earlier DGA: 2-day periods, 5,000 names over 6 TLDs",
     "biz,com,net,org,info,cc", "a-z", 6, 15},
    {0},
};

static const struct tk_param_def pykspa_params[] = {
    {"date", TK_PARAM_DATE, NULL, NULL,
     "UTC day; improved: 20-day (set 1) or daily (set 2) periods, precursor: 2-day periods"},
    {"set", TK_PARAM_INT, "1", "improved", "1: the domains the malware uses, 2: noise domains"},
    {"count", TK_PARAM_INT, "0", NULL,
     "names per period; 0: the reference's default (improved 10, precursor 5000)"},
    {0},
};

static const struct tk_seed pykspa_seeds[] = {
    {"improved", "set=1;count=200",
     "the real list, 20-day periods (J. Bader, 2015); 200 names a period as in Netlab 360's "
     "feed (pykspa_v2_real)"},
    {"improved", "set=2;count=800",
     "the noise list, daily (J. Bader, 2015); 800 names a day as in Netlab 360's feed "
     "(pykspa_v2_fake)"},
    {0},
};

const struct tk_family tk_family_pykspa = {
    .name = "pykspa",
    .aliases = "",
    .summary = "Pykspa Skype worm: MD6-seeded DGA (improved) and its 5,000-name precursor",
    .description =
        "improved: the Unix time divided by 20 days (set 1, the real list) or 1 day (set 2, "
        "noise) is hashed as 4 little-endian bytes with MD6-256. Its hex text feeds 128 LCG "
        "slots (multiplier 22695477) whose outputs are rotated into a result; two passes over "
        "a 256-byte buffer and four key characters chosen by the period mod 50 yield a 32-bit "
        "seed. Per name the seed grows by (seed mod (n + 1)) + 1; the length is 6-12 and each "
        "letter and the TLD (com/net/org/info) come from the seed. precursor: the number of "
        "2-day periods is squared (mod 2^32) plus the name index for each name, and the state "
        "picks a length of 6-15, letters through a shifting mix, and one of 6 TLDs.",
    .variants = pykspa_variants,
    .params = pykspa_params,
    .seed_param = "set",
    .known_seeds = pykspa_seeds,
    .granularity = "improved: 20 days (set 1) or daily (set 2); precursor: 2 days",
    .names_per_period = "improved: 10 (the reference's default; the known seeds use 200 for set 1 "
                        "and 800 for set 2), precursor: 5000",
    .tlds = "com,net,org,info",
    .charset = "a-z",
    .label_min = 6,
    .label_max = 12,
    .wordlists = NULL,
    .reference = "baderj/domain_generation_algorithms:pykspa/improved/dga.py (+ md6.py) and "
                 "pykspa/precursor/dga.py — J. Bader, 'The DGA of Pykspa' (2015)",
    .time_note = "the reference goes through local time (time.mktime); we use UTC",
    .generate = pykspa_generate,
    .period = pykspa_period,
};
