/* locky.c - the Locky ransomware DGA, versions 2 and 3 (2016), per-sample seeds.
 *
 * Year, month, day / 2, a per-sample seed and the name's number are chained through
 * "multiply by 0xB11924E1, rotate right, add 0x27100001" steps; the result gives the length,
 * each letter (a-y) and the TLD. v2 hashes the date once and the name number once (8 names
 * from 14 TLDs); v3 runs seven mixing rounds per name over all inputs (12 names, 10 TLDs). */
#include <string.h>

#include "takedown/dga_util.h"
#include "takedown/emit_util.h"
#include "takedown/family.h"

#define LOCKY_MUL 0xB11924E1u
#define LOCKY_ADD 0x27100001u

struct locky_config {
    uint32_t seed;
    unsigned shift; /* right rotation after each multiplication */
    uint32_t mod;   /* v2: the name number is taken modulo this */
};

/* dgav2.py configs 1-7 (the samples are named in locky_seeds below). */
static const struct locky_config locky_v2_configs[7] = {
    {62, 7, 8},
    {75, 7, 8},
    {9, 7, 8},
    {7, 7, 8},
    {0, 5, 6},
    {660, 7, 8},
    {555, 7, 8},
};

/* dgav3.py configs 1-20: only the seed differs; all rotate by 7. */
static const uint32_t locky_v3_seeds[20] = {
    7077, 5566, 9106, 5579, 111, 9044, 9099, 9047, 9133, 9199, 9190, 9088, 9998, 9992, 1511,
    1513, 1517, 9056, 7773, 7743,
};

static const char *const locky_v2_tlds[14] = {"ru", "pw", "eu", "in", "yt", "pm", "us",
                                              "fr", "de", "it", "be", "uk", "nl", "tf"};
static const char *const locky_v3_tlds[10] = {"ru", "info", "biz", "click", "su",
                                              "work", "pl", "org", "pw", "xyz"};

/* The basic step: multiply by the constant (32-bit wrap) and rotate right. */
static uint32_t locky_mix(uint32_t v, unsigned shift)
{
    return tk_rotr32(v * LOCKY_MUL, shift);
}

/* Writes length letters driven by state, then ".TLD"; returns the name's length. */
static size_t locky_name(uint32_t state, size_t length, unsigned shift,
                         const char *const *tlds, uint32_t tld_count, char *out)
{
    for (size_t i = 0; i < length; i++) {
        state = locky_mix(tk_rotl32(state, (unsigned)i), shift) + LOCKY_ADD;
        out[i] = (char)('a' + state % 25);
    }
    state = locky_mix(state, shift);
    return tk_name_add_tld(out, length, tlds[(state + LOCKY_ADD) % tld_count]);
}

/* v2: the part of the state shared by every name of the date. */
static uint32_t locky_v2_date_state(const struct locky_config *cfg, struct tk_civil c)
{
    uint32_t t = locky_mix((uint32_t)c.year + 0x1BF5, cfg->shift);
    if (cfg->seed != 0)
        t = locky_mix(t + cfg->seed + LOCKY_ADD, cfg->shift);
    t = locky_mix(t + (uint32_t)(c.day / 2) + LOCKY_ADD, cfg->shift);
    return locky_mix(t + (uint32_t)c.month + 0x2709A354, cfg->shift);
}

static size_t locky_v2_name(const struct locky_config *cfg, uint32_t date_state,
                            uint64_t number, char *out)
{
    uint32_t nr = tk_rotl32((uint32_t)(number % cfg->mod), 21);
    uint32_t s = tk_rotl32(cfg->seed, 17);
    uint32_t r = locky_mix(nr + date_state + s + LOCKY_ADD, cfg->shift) + LOCKY_ADD;
    return locky_name(r, r % 11 + 5, cfg->shift, locky_v2_tlds, 14, out);
}

/* v3: seven rounds over year (+1 each round), seed, day / 2, month and the name number. */
static size_t locky_v3_name(const struct locky_config *cfg, struct tk_civil c, uint32_t number,
                            char *out)
{
    uint32_t seed_part = tk_rotl32(cfg->seed, 17);
    uint32_t number_part = tk_rotl32(number, 21);
    uint32_t year = (uint32_t)c.year;
    uint32_t k = 0;

    for (int round = 0; round < 7; round++, year++) {
        uint32_t t1 = (locky_mix(year + k + 0x1BF5, cfg->shift) + LOCKY_ADD) ^ k;
        uint32_t t3 = (locky_mix(t1 + cfg->seed, cfg->shift) + LOCKY_ADD) ^ t1;
        uint32_t t4 = locky_mix((uint32_t)(c.day / 2) + t3, cfg->shift);
        uint32_t t5 = 0xD8EFFFFFu - t4 + t3;
        uint32_t t6 = locky_mix((uint32_t)c.month + t5 - 0x65CAD, cfg->shift);
        uint32_t t7 = t5 + t6 + LOCKY_ADD;
        uint32_t t8 = locky_mix(t7 + seed_part + number_part, cfg->shift);
        k = (t8 + LOCKY_ADD) ^ t7;
    }
    return locky_name(k, k % 11 + 7, cfg->shift, locky_v3_tlds, 10, out);
}

static int locky_generate(const struct tk_gen *gen, tk_emit_fn emit, void *ctx,
                          struct tk_error *err)
{
    struct tk_civil c = tk_day_to_civil(tk_args_day(gen->args, "date"));
    int v3 = strcmp(gen->variant->name, "v3") == 0;
    int64_t config = tk_args_int(gen->args, "config");
    int64_t configs = v3 ? 20 : 7;
    char name[40];

    if (config < 1 || config > configs)
        return tk_error_set(err, TK_ERR_USAGE, "--config: locky %s has configs 1-%d, not %lld",
                            gen->variant->name, (int)configs, (long long)config);
    int64_t count;
    int rc = tk_gen_count(gen, v3 ? 12 : 8, &count, err);
    if (rc)
        return rc;

    struct locky_config cfg;
    if (v3)
        cfg = (struct locky_config){locky_v3_seeds[config - 1], 7, 0};
    else
        cfg = locky_v2_configs[config - 1];
    uint32_t date_state = v3 ? 0 : locky_v2_date_state(&cfg, c);
    for (int64_t number = 0; number < count; number++) {
        size_t len = v3 ? locky_v3_name(&cfg, c, (uint32_t)number, name)
                        : locky_v2_name(&cfg, date_state, (uint64_t)number, name);
        rc = emit(ctx, name, len);
        if (rc)
            return rc;
    }
    return TK_OK;
}

/* Names change when day of month / 2 changes (days 1, 2-3, 4-5, ..., 30-31). */
static int64_t locky_period(const struct tk_gen *gen, tk_day day)
{
    struct tk_civil c = tk_day_to_civil(day);
    (void)gen;
    return ((int64_t)c.year * 12 + c.month) * 16 + c.day / 2;
}

static const struct tk_variant locky_variants[] = {
    {"v2", "2016 samples: date hashed once, 8 names from 14 TLDs, 7 configs",
     "ru,pw,eu,in,yt,pm,us,fr,de,it,be,uk,nl,tf", "a-y", 5, 15},
    {"v3", "later 2016 samples: seven rounds per name, 12 names from 10 TLDs, 20 configs",
     "ru,info,biz,click,su,work,pl,org,pw,xyz", "a-y", 7, 17},
    {0},
};

static const struct tk_param_def locky_params[] = {
    {"date", TK_PARAM_DATE, NULL, NULL, "UTC day; names change every two days (day / 2)"},
    {"config", TK_PARAM_INT, "1", NULL, "sample configuration: 1-7 (v2) or 1-20 (v3)"},
    {"count", TK_PARAM_INT, "0", NULL,
     "names to generate; 0 means the variant's own number (v2: 8, v3: 12)"},
    {0},
};

static const struct tk_seed locky_seeds[] = {
    {"v2", "config=1", "seed 62; sample md5 b28da1f2a5d889594a0e77e0853bcf29 (J. Bader)"},
    {"v2", "config=2", "seed 75; sample md5 e35bf0901f1a7db2b3752f85cd1bd044 (J. Bader)"},
    {"v2", "config=3", "seed 9; sample md5 872018251970f0a739aa71d3cd313efa (J. Bader)"},
    {"v2", "config=4", "seed 7; sample md5 3f118d0b888430ab9f58fc2589207988 (J. Bader)"},
    {"v2", "config=5",
     "seed 0, rotation 5, modulus 6; sample md5 32e2c73ed8da34d87c64267936e632cb (J. Bader)"},
    {"v2", "config=6", "seed 660; sample md5 d2ea1565ae004368655edb5169b56a0f (J. Bader)"},
    {"v2", "config=7", "seed 555; sample md5 69b933a694710f8ceb314dc897a94cbe (J. Bader)"},
    {"v3", "config=1", "seed 7077; sample md5 81e85dcaf482aba2f8ea047145490493 (J. Bader)"},
    {"v3", "config=2", "seed 5566; sample md5 5fb8f8f75342ff68ed8c79cc375f0cd8 (J. Bader)"},
    {"v3", "config=3", "seed 9106; sample md5 19079496f6abfafd9a99d02098556a79 (J. Bader)"},
    {"v3", "config=4", "seed 5579; sample md5 0e223d578eaddec361498591ec8c1a19 (J. Bader)"},
    {"v3", "config=5", "seed 111; sample md5 6cb11f4066f74556dd14d27008d867b4 (J. Bader)"},
    {"v3", "config=6", "seed 9044; sample md5 ed534695e79a2a70e8b15f8873cdfa02 (Sophos)"},
    {"v3", "config=7", "seed 9099; sample md5 bfb5fec661318f07b0eca8520bb8c53f (J. Bader)"},
    {"v3", "config=8", "seed 9047; sample md5 a075610a69e196ab74f79508dbcf5eef (J. Bader)"},
    {"v3", "config=9", "seed 9133; sample md5 6c3e68307d01e4340c83fac94f237237 (J. Bader)"},
    {"v3", "config=10", "seed 9199; sample md5 17bf0d1776de896315cb2d63118f9667 (J. Bader)"},
    {"v3", "config=11", "seed 9190 (J. Bader, locky/dgav3.py)"},
    {"v3", "config=12", "seed 9088 (J. Bader, locky/dgav3.py; malwr sample)"},
    {"v3", "config=13", "seed 9998; sample md5 6eb8865bf055ba30cc9e2843f16ee461 (J. Bader)"},
    {"v3", "config=14", "seed 9992; sample md5 b5660f65369abc67cfa4a65e7d0d65d9 (J. Bader)"},
    {"v3", "config=15", "seed 1511; sample md5 aceec3d6334e925297efc8d4232473c2 (J. Bader)"},
    {"v3", "config=16", "seed 1513 (J. Bader, locky/dgav3.py; downloaded sample)"},
    {"v3", "config=17", "seed 1517; sample md5 89f35a5d22088e3ca8664697e895b7a5 (J. Bader)"},
    {"v3", "config=18", "seed 9056; sample md5 a9d09406e0982d652b6db291558df71a (J. Bader)"},
    {"v3", "config=19", "seed 7773 (Nominum, 'Locky back')"},
    {"v3", "config=20", "seed 7743 (Nominum, 'Locky back')"},
    {0},
};

const struct tk_family tk_family_locky = {
    .name = "locky",
    .aliases = "",
    .summary = "Locky ransomware: 8 (v2) or 12 (v3) names every two days, per-sample seed",
    .description =
        "Year, month, day of month / 2 and a per-sample seed are chained through steps of "
        "'multiply by 0xB11924E1, rotate right by 7 (5 in one v2 config), add 0x27100001', "
        "together with the name number rotated left by 21. The result gives the length "
        "(v2: 5-15, v3: 7-17), each letter ('a' + state mod 25, so a-y) and the TLD. v2 "
        "hashes the date once and the name number (mod 8, or 6) once; v3 runs seven rounds "
        "per name, incrementing the year each round.",
    .variants = locky_variants,
    .params = locky_params,
    .seed_param = "config",
    .known_seeds = locky_seeds,
    .granularity = "every two days (day of month / 2: days 1, 2-3, 4-5, ..., 30-31)",
    .names_per_period = "8 (v2), 12 (v3)",
    .tlds = "ru,pw,eu,in,yt,pm,us,fr,de,it,be,uk,nl,tf,info,biz,click,su,work,pl,org,xyz",
    .charset = "a-y",
    .label_min = 5,
    .label_max = 17,
    .wordlists = NULL,
    .reference = "baderj/domain_generation_algorithms:locky/dgav2.py, locky/dgav3.py — "
                 "J. Bader, reimplementations of the Locky DGAs",
    .time_note = NULL,
    .generate = locky_generate,
    .period = locky_period,
};
