/* ramdo.c - the Ramdo click-fraud DGA (16-letter .org names from a fixed seed, no date).
 *
 * Name number nr starts from s = 2 * seed * (nr + 1) and r = s XOR 26 * seed * nr; each of
 * the 16 letters is r mod 26 (r kept to 32 bits), after which r grows by r XOR 26 * s * i^2.
 * Only the low 32 bits ever matter, so 32-bit unsigned arithmetic reproduces it exactly. */
#include "dga/emit_util.h"
#include "takedown/family.h"

#define RAMDO_LETTERS 16

/* Writes name number nr into out (at least 24 bytes) and returns its length. */
static size_t ramdo_name(uint32_t seed, uint32_t nr, char *out)
{
    uint32_t s = 2u * seed * (nr + 1u);
    uint32_t r = s ^ (26u * seed * nr);
    for (uint32_t i = 0; i < RAMDO_LETTERS; i++) {
        out[i] = (char)('a' + r % 26u);
        r += r ^ (s * i * i * 26u);
    }
    return tk_name_add_tld(out, RAMDO_LETTERS, "org");
}

static int ramdo_generate(const struct tk_gen *gen, tk_emit_fn emit, void *ctx,
                          struct tk_error *err)
{
    uint32_t seed = (uint32_t)(uint64_t)tk_args_int(gen->args, "seed");
    int64_t count = tk_args_int(gen->args, "count");
    char name[24];

    (void)err;
    for (int64_t nr = 0; nr < count; nr++) {
        size_t len = ramdo_name(seed, (uint32_t)nr, name);
        int rc = emit(ctx, name, len);
        if (rc)
            return rc;
    }
    return TK_OK;
}

static const struct tk_variant ramdo_variants[] = {
    {"default", "the DGA of the analysed Ramdo samples (2014-2016)", NULL, NULL, 0, 0},
    {0},
};

static const struct tk_param_def ramdo_params[] = {
    {"seed", TK_PARAM_INT, "0xD5FFF", NULL, "seed hard-coded in the sample (decimal or 0x hex)"},
    {"count", TK_PARAM_INT, "20", NULL, "names to generate (name numbers 0..count-1)"},
    {0},
};

static const struct tk_seed ramdo_seeds[] = {
    {NULL, "seed=0xD5FFF", "seed of the analysed sample (J. Bader's ramdo/dga.py)"},
    {0},
};

const struct tk_family tk_family_ramdo = {
    .name = "ramdo",
    .aliases = "",
    .summary = "Ramdo click-fraud malware: 16-letter .org names from a hard-coded seed",
    .description =
        "For name number nr, s = 2*seed*(nr+1) and r = s XOR 26*seed*nr. Each of the 16 "
        "letters is r mod 26 with r taken to 32 bits, then r += r XOR 26*s*i^2 for letter "
        "index i. The list depends only on the seed; the sample uses 20 names.",
    .variants = ramdo_variants,
    .params = ramdo_params,
    .seed_param = "seed",
    .known_seeds = ramdo_seeds,
    .granularity = "none (no date input)",
    .names_per_period = "20",
    .tlds = "org",
    .charset = "a-z",
    .label_min = 16,
    .label_max = 16,
    .wordlists = NULL,
    .reference = "baderj/domain_generation_algorithms:ramdo/dga.py — J. Bader, Ramdo DGA "
                 "reimplementation",
    .time_note = NULL,
    .generate = ramdo_generate,
    .period = NULL,
};
