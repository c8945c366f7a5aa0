/* fobber.c - the Fobber DGA (300 fixed names per sample version, no date input).
 *
 * A 32-bit state goes through a linear congruential step followed by a 16-bit rotation for
 * every letter; the letter is (state & 0x17FF) mod 26. The state carries over from one name
 * to the next. Version 1 makes 17-letter .net names, version 2 10-letter .com names. */
#include "takedown/dga_util.h"
#include "takedown/emit_util.h"
#include "takedown/family.h"

struct fobber_config {
    uint32_t state;     /* initial state */
    uint32_t increment; /* added after the multiplication */
    size_t length;      /* letters per name */
    const char *tld;
};

static const struct fobber_config fobber_configs[2] = {
    {0xC87C8A78u, (uint32_t)-1719405398, 17, "net"},
    {0x851A3E59u, (uint32_t)-1916503263, 10, "com"},
};

static uint32_t fobber_step(uint32_t state, uint32_t increment)
{
    return tk_rotl32(321167u * state + increment, 16);
}

static int fobber_generate(const struct tk_gen *gen, tk_emit_fn emit, void *ctx,
                           struct tk_error *err)
{
    int64_t version = tk_args_int(gen->args, "version");
    if (version != 1 && version != 2)
        return tk_error_set(err, TK_ERR_USAGE, "fobber: --version must be 1 or 2, not %lld",
                            (long long)version);

    const struct fobber_config *cfg = &fobber_configs[version - 1];
    int64_t count = tk_args_int(gen->args, "count");
    uint32_t state = cfg->state;
    char name[32];

    for (int64_t n = 0; n < count; n++) {
        for (size_t i = 0; i < cfg->length; i++) {
            state = fobber_step(state, cfg->increment);
            name[i] = (char)('a' + (state & 0x17FF) % 26);
        }
        int rc = tk_emit_with_tld(emit, ctx, name, cfg->length, cfg->tld);
        if (rc)
            return rc;
    }
    return TK_OK;
}

static const struct tk_variant fobber_variants[] = {
    {"default", "the DGA of both analysed Fobber versions, chosen with --version", NULL, NULL, 0,
     0},
    {0},
};

static const struct tk_param_def fobber_params[] = {
    {"version", TK_PARAM_INT, "1", NULL,
     "sample version: 1 (17 letters, .net) or 2 (10 letters, .com)"},
    {"count", TK_PARAM_INT, "300", NULL, "names to generate (the malware uses 300)"},
    {0},
};

static const struct tk_seed fobber_seeds[] = {
    {NULL, "version=1", "first Fobber version: state C87C8A78, .net (J. Bader's fobber/dga.py)"},
    {NULL, "version=2", "second Fobber version: state 851A3E59, .com (J. Bader's fobber/dga.py)"},
    {0},
};

const struct tk_family tk_family_fobber = {
    .name = "fobber",
    .aliases = "tinba_v3",
    .summary = "Fobber (Tinba v3): 300 fixed names per version, no date input",
    .description =
        "Each letter advances a 32-bit state by state * 321167 + c (mod 2^32) and rotates it "
        "by 16 bits, then takes (state & 0x17FF) mod 26. The state runs on across names, so "
        "the list is fixed per version: version 1 starts from C87C8A78 and makes 17-letter "
        ".net names, version 2 from 851A3E59 with 10-letter .com names; 300 each.",
    .variants = fobber_variants,
    .params = fobber_params,
    .seed_param = "version",
    .known_seeds = fobber_seeds,
    .granularity = "none (no date input)",
    .names_per_period = "300",
    .tlds = "net,com",
    .charset = "a-z",
    .label_min = 10,
    .label_max = 17,
    .wordlists = NULL,
    .reference = "baderj/domain_generation_algorithms:fobber/dga.py — J. Bader, Fobber DGA "
                 "reimplementation",
    .time_note = NULL,
    .generate = fobber_generate,
    .period = NULL,
};
