/* ranbyus.c - the Ranbyus banking trojan DGA (40 names a day, 8 of 9 TLDs in rotation).
 *
 * The May 2015 samples stir day, month, year and a 32-bit seed with shift/xor steps and take
 * one letter per step (14 letters). The September 2015 samples seed a 64-bit LCG with
 * day*month*year XOR seed and cut each 17-letter name from the bytes of two PCG-style outputs.
 * In both, the TLD rotation starts at the day of the month. */
#include <string.h>

#include "takedown/dga_util.h"
#include "takedown/emit_util.h"
#include "takedown/family.h"

enum { MAY_LABEL = 14, SEPTEMBER_LABEL = 17, TLD_ROTATION = 8 };

/* The September seed CE7F8514 ships a TLD table in another order. */
static const uint32_t september_reordered_seed = 0xCE7F8514u;

static const char *const ranbyus_tlds[9] = {"in", "me", "cc", "su", "tw",
                                            "net", "com", "pw", "org"};
static const char *const ranbyus_reordered_tlds[9] = {"in", "net", "org", "com", "me",
                                                      "su", "tw", "cc", "pw"};

/* The May state: four 32-bit words stirred once per letter. */
struct may_state {
    uint32_t day, month, year, seed;
};

static char may_letter(struct may_state *s)
{
    s->day = (s->day >> 15) ^ (16 * ((s->day & 0x1FFF) ^ (4 * (s->seed ^ s->day))));
    s->year = ((s->year & 0xFFFFFFF0u) << 17) ^ ((s->year ^ (7 * s->year)) >> 11);
    s->month = (14 * (s->month & 0xFFFFFFFEu)) ^ ((s->month ^ (4 * s->month)) >> 8);
    s->seed = (s->seed >> 6) ^ (((s->day + 8 * s->seed) << 8) & 0x3FFFF00u);
    return (char)('a' + (s->day ^ s->month ^ s->year) % 25);
}

/* One PCG-style step: three LCG steps, whose bits are rearranged into 16 output bytes. */
static uint64_t september_block(uint64_t state, uint8_t out[16])
{
    const uint64_t mul = 0x5851F42D4C957F2Dull, inc = 0x14057B7EF767814Full;
    uint64_t s1 = mul * state + inc;
    uint64_t s2 = mul * s1 + inc;
    uint64_t s3 = mul * s2 + inc;
    uint32_t mixed = (uint32_t)(((s3 >> 24) & 0xFFFFFF00u) | ((s3 & 0xFFFFFFFFu) >> 24));
    uint32_t words[4] = {
        (uint32_t)(((mixed ^ s2) & 0xFFFFF) ^ s2),
        (uint32_t)(s2 >> 32),
        (uint32_t)((s1 & 0xFFF00000u) | ((s3 >> 32) >> 12)),
        (uint32_t)(s1 >> 32),
    };
    for (int w = 0; w < 4; w++)
        tk_store_le(out + 4 * w, words[w], 4);
    return s3;
}

/* Writes the 17 letters of the next September name; the second block only gives one. */
static uint64_t september_label(uint64_t state, char *out)
{
    uint8_t bytes[2][16];
    state = september_block(state, bytes[0]);
    state = september_block(state, bytes[1]);
    for (int i = 0; i < 16; i++)
        out[i] = (char)('a' + bytes[0][i] % 25);
    out[16] = (char)('a' + bytes[1][0] % 25);
    return state;
}

static int ranbyus_generate(const struct tk_gen *gen, tk_emit_fn emit, void *ctx,
                            struct tk_error *err)
{
    struct tk_civil c = tk_day_to_civil(tk_args_day(gen->args, "date"));
    uint32_t seed = tk_args_u32(gen->args, "seed");
    int64_t count = tk_args_int(gen->args, "count");
    int september = strcmp(gen->variant->name, "september") == 0;
    size_t label_len = september ? SEPTEMBER_LABEL : MAY_LABEL;
    const char *const *tlds =
        september && seed == september_reordered_seed ? ranbyus_reordered_tlds : ranbyus_tlds;
    struct may_state may = {(uint32_t)c.day, (uint32_t)c.month, (uint32_t)c.year, seed};
    uint64_t state = ((uint64_t)c.day * (uint64_t)c.month * (uint64_t)c.year) ^ seed;
    char name[32];

    (void)err;
    for (int64_t n = 0; n < count; n++) {
        if (september) {
            state = september_label(state, name);
        } else {
            for (size_t i = 0; i < label_len; i++)
                name[i] = may_letter(&may);
        }
        const char *tld = tlds[((uint64_t)c.day + (uint64_t)n) % TLD_ROTATION];
        int rc = tk_emit_with_tld(emit, ctx, name, label_len, tld);
        if (rc)
            return rc;
    }
    return TK_OK;
}

static const struct tk_variant ranbyus_variants[] = {
    {"september", "September 2015 samples: 64-bit LCG, PCG-style output, 17 letters",
     "in,me,cc,su,tw,net,com,pw,org", NULL, 17, 17},
    {"may", "May 2015 samples: shift/xor of day, month, year and seed, 14 letters",
     "in,me,cc,su,tw,net,com,pw", NULL, 14, 14},
    {0},
};

static const struct tk_param_def ranbyus_params[] = {
    {"date", TK_PARAM_DATE, NULL, NULL, "UTC day; names change daily"},
    {"seed", TK_PARAM_HEX32, "0F0D5BFA", NULL,
     "per-sample 32-bit seed (the default is the September reference's; May samples use "
     "their own, see known seeds)"},
    {"count", TK_PARAM_INT, "40", NULL, "names per day"},
    {0},
};

static const struct tk_seed ranbyus_seeds[] = {
    {"september", "seed=0F0D5BFA", "J. Bader, 'Ranbyus's DGA, Revisited' (2015)"},
    {"september", "seed=F2C72B14", "J. Bader, 'Ranbyus's DGA, Revisited' (2015)"},
    {"september", "seed=AE8714BE", "J. Bader, 'Ranbyus's DGA, Revisited' (2015)"},
    {"september", "seed=CE7F8514", "J. Bader (2015); this sample orders its TLD table differently"},
    {"september", "seed=572473BB", "J. Bader, ranbyus_reloaded.py (later samples)"},
    {"september", "seed=17794CF1", "J. Bader, ranbyus_reloaded.py (later samples)"},
    {"september", "seed=C0E32524", "J. Bader, ranbyus_reloaded.py (later samples)"},
    {"september", "seed=7CB7966E", "J. Bader, ranbyus_reloaded.py (later samples)"},
    {"september", "seed=9F90C9E7", "J. Bader, ranbyus_reloaded.py (later samples)"},
    {"september", "seed=8FB8879B", "J. Bader, ranbyus_reloaded.py (later samples)"},
    {"september", "seed=E981684B", "J. Bader, ranbyus_reloaded.py (later samples)"},
    {"may", "seed=C5F128F3", "J. Bader, 'The DGA of Ranbyus' (2015)"},
    {"may", "seed=B6354BC3", "J. Bader, 'The DGA of Ranbyus' (2015)"},
    {"may", "seed=65BA0743", "J. Bader, 'The DGA of Ranbyus' (2015)"},
    {"may", "seed=0478620C", "J. Bader, 'The DGA of Ranbyus' (2015)"},
    {"may", "seed=B71CDAF5", "Netlab 360, 360netlab/DGA issue #56 (2019)"},
    {0},
};

const struct tk_family tk_family_ranbyus = {
    .name = "ranbyus",
    .aliases = "",
    .summary = "Ranbyus banking trojan: 40 names a day over 8 of 9 TLDs",
    .description =
        "May 2015 samples stir day, month, year and a 32-bit seed with shift/xor steps, one "
        "letter (a-y) per step, 14 letters a name. September 2015 samples seed a 64-bit LCG "
        "with day*month*year XOR seed; each name takes 17 bytes of two PCG-style outputs, "
        "each modulo 25. The TLD rotates through the first 8 entries of a 9-entry table, "
        "starting at the day of the month.",
    .variants = ranbyus_variants,
    .params = ranbyus_params,
    .seed_param = "seed",
    .known_seeds = ranbyus_seeds,
    .granularity = "daily",
    .names_per_period = "40",
    .tlds = "in,me,cc,su,tw,net,com,pw,org",
    .charset = "a-y",
    .label_min = 14,
    .label_max = 17,
    .wordlists = NULL,
    .reference = "baderj/domain_generation_algorithms:ranbyus/september/ranbyus_reloaded.py and "
                 "ranbyus/may/dga.c — J. Bader, 'The DGA of Ranbyus' and 'Ranbyus's DGA, "
                 "Revisited' (2015)",
    .time_note = NULL,
    .generate = ranbyus_generate,
    .period = NULL,
};
