/* m0yv.c - the m0yv DGA (128 .biz names from a 32-bit seed).
 *
 * Name i seeds the Microsoft C rand() with seed XOR i; one draw gives a length of 5-9 and
 * each further draw a letter. The time-dependent variant first adds the year to the seed and
 * rotates it once per "week" counted from month and day. */
#include <string.h>

#include "dga/emit_util.h"
#include "takedown/family.h"
#include "dga/msvc_rand.h"

/* The malware's week count, (30.5 * month - day) / 7 truncated toward zero, in integers. */
static int m0yv_week_count(const struct tk_civil *c)
{
    return (61 * c->month - 2 * c->day) / 14;
}

/* Adds one and rotates left by one bit, once per week. The first step can start from a
 * value above 32 bits (seed + year + 1); its bits past 32 fold back in as the reference's
 * rotation does on unbounded integers. */
static uint32_t m0yv_time_seed(uint32_t seed, tk_day day)
{
    struct tk_civil c = tk_day_to_civil(day);
    uint64_t value = (uint64_t)seed + (uint64_t)c.year;
    int weeks = m0yv_week_count(&c);

    for (int w = 0; w < weeks; w++) {
        uint64_t shifted = (value + 1) << 1;
        value = (shifted + ((shifted >> 32) & 0xFFFFFFFFu)) & 0xFFFFFFFFu;
    }
    return (uint32_t)value;
}

/* Name number index into out (at least 16 bytes); returns its length. */
static size_t m0yv_name(uint32_t seed, uint32_t index, char *out)
{
    struct tk_msvc_rand rand_state;
    tk_msvc_srand(&rand_state, seed ^ index);
    size_t length = 5 + tk_msvc_rand(&rand_state) % 5;

    for (size_t i = 0; i < length; i++)
        out[i] = (char)('a' + tk_msvc_rand(&rand_state) % 26);
    return tk_name_add_tld(out, length, "biz");
}

static int m0yv_generate(const struct tk_gen *gen, tk_emit_fn emit, void *ctx,
                         struct tk_error *err)
{
    int64_t count = tk_args_int(gen->args, "count");
    uint32_t seed;
    char name[16];

    int rc = tk_gen_u32(gen, "seed", &seed, err);
    if (rc)
        return rc;
    if (strcmp(gen->variant->name, "td") == 0)
        seed = m0yv_time_seed(seed, tk_args_day(gen->args, "date"));

    for (int64_t i = 0; i < count; i++) {
        size_t len = m0yv_name(seed, (uint32_t)i, name);
        rc = emit(ctx, name, len);
        if (rc)
            return rc;
    }
    return TK_OK;
}

/* The td names depend on the year and the week count; the default variant has no date. */
static int64_t m0yv_period(const struct tk_gen *gen, tk_day day)
{
    if (strcmp(gen->variant->name, "td") != 0)
        return 0;
    struct tk_civil c = tk_day_to_civil(day);
    return (int64_t)c.year * 64 + m0yv_week_count(&c);
}

static const struct tk_variant m0yv_variants[] = {
    {"default", "time-independent DGA (dga.py): the seed alone", NULL, NULL, 0, 0},
    {"td", "time-dependent DGA (dga-td.py): the seed plus the year, rotated once per week "
           "counted from month and day", NULL, NULL, 0, 0},
    {0},
};

static const struct tk_param_def m0yv_params[] = {
    {"date", TK_PARAM_DATE, NULL, "td", "UTC day; the td names change about weekly"},
    {"seed", TK_PARAM_INT, "0x2484A18", NULL, "32-bit seed from the sample"},
    {"count", TK_PARAM_INT, "128", NULL, "names per run (indexes 0..count-1)"},
    {0},
};

static const struct tk_seed m0yv_seeds[] = {
    {NULL, "seed=0x02484A18", "sample seed listed with the reimplementation (J. Bader)"},
    {NULL, "seed=0x00128a0e", "sample seed listed with the reimplementation (J. Bader)"},
    {NULL, "seed=0x7178af3f", "sample seed listed with the reimplementation (J. Bader)"},
    {0},
};

const struct tk_family tk_family_m0yv = {
    .name = "m0yv",
    .aliases = "",
    .summary = "m0yv: 128 .biz names from a 32-bit seed, optionally rotated by a week count",
    .description =
        "For each index 0-127 the Microsoft C rand() is seeded with seed XOR index; the "
        "first draw mod 5 gives a length of 5-9 and each further draw mod 26 a letter, under "
        ".biz. The td variant first adds the year to the seed and then, for each of "
        "(30.5 * month - day) / 7 weeks, adds one and rotates left by a bit.",
    .variants = m0yv_variants,
    .params = m0yv_params,
    .seed_param = "seed",
    .known_seeds = m0yv_seeds,
    .granularity = "none (no date input); td: about weekly (week count from month and day)",
    .names_per_period = "128",
    .tlds = "biz",
    .charset = "a-z",
    .label_min = 5,
    .label_max = 9,
    .wordlists = NULL,
    .reference = "baderj/domain_generation_algorithms:m0yv/dga.py and m0yv/dga-td.py — "
                 "J. Bader, DGA of m0yv",
    .time_note = NULL,
    .generate = m0yv_generate,
    .period = m0yv_period,
};
