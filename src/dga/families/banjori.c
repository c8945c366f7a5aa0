/* banjori.c - the Banjori (MultiBanker / BankPatch) DGA: a chain from a seed domain.
 *
 * There is no date input. Each name is the previous one with only its first four letters
 * rewritten: every new letter is a sum of letters folded back into a-z. The rest of the
 * seed domain (and its TLD) stays as it is, so the seed alone identifies a botnet. */
#include <string.h>

#include "takedown/family.h"
#include "dga/pyarith.h"

#define BANJORI_MAX_DOMAIN 253

/* Folds a letter sum into a-z, counting from 'a' (the sum is never below 'a' for a
 * lower-case seed, but the fold is a floor modulo so any byte value works). */
static char banjori_fold(int sum)
{
    return (char)('a' + tk_floor_mod(sum - 'a', 26));
}

/* Rewrites the first four characters of name in place; later steps use earlier results. */
static void banjori_step(char *name)
{
    int c0 = (unsigned char)name[0], c1 = (unsigned char)name[1];
    int c2 = (unsigned char)name[2], c3 = (unsigned char)name[3];

    c0 = banjori_fold(c0 + c3);
    c1 = banjori_fold(c0 + 2 * c1);
    c2 = banjori_fold(c0 + c2 - 1);
    c3 = banjori_fold(c1 + c2 + c3);
    name[0] = (char)c0;
    name[1] = (char)c1;
    name[2] = (char)c2;
    name[3] = (char)c3;
}

static int banjori_generate(const struct tk_gen *gen, tk_emit_fn emit, void *ctx,
                            struct tk_error *err)
{
    const char *seed = tk_args_str(gen->args, "initial_domain");
    int64_t count = tk_args_int(gen->args, "count");
    size_t len = strlen(seed);
    size_t label_len = strcspn(seed, ".");
    char name[BANJORI_MAX_DOMAIN + 1];

    if (label_len < 4)
        return tk_error_set(err, TK_ERR_USAGE,
                            "initial_domain '%s' needs a label of at least 4 characters", seed);
    if (len > BANJORI_MAX_DOMAIN)
        return tk_error_set(err, TK_ERR_USAGE, "initial_domain is longer than %d characters",
                            BANJORI_MAX_DOMAIN);
    memcpy(name, seed, len + 1);
    for (int64_t i = 0; i < count; i++) {
        int rc = emit(ctx, name, len);
        if (rc)
            return rc;
        banjori_step(name);
    }
    return TK_OK;
}

static const struct tk_variant banjori_variants[] = {
    {"default", "the only known algorithm; the seed domain selects the botnet", NULL, NULL, 0, 0},
    {0},
};

static const struct tk_param_def banjori_params[] = {
    {"initial_domain", TK_PARAM_STRING, "earnestnessbiophysicalohax.com", NULL,
     "seed domain: the first name emitted; its label (4+ characters) and TLD are kept"},
    {"count", TK_PARAM_INT, "1000", NULL,
     "names to emit, the seed domain included"},
    {0},
};

static const struct tk_seed banjori_seeds[] = {
    {NULL, "initial_domain=earnestnessbiophysicalohax.com",
     "hard-coded in J. Bader's reimplementation (the 2015 samples)"},
    {NULL, "initial_domain=adulthoodivettewl.com", "Netlab 360, 360netlab/DGA issue #25 (2016)"},
    {NULL, "initial_domain=nodomen.com", "Netlab 360, 360netlab/DGA issue #28 (2016)"},
    {NULL, "initial_domain=censorshipecmascriptivylv.com",
     "Netlab 360, 360netlab/DGA issue #39 (2017)"},
    {0},
};

const struct tk_family tk_family_banjori = {
    .name = "banjori",
    .aliases = "multibanker,bankpatch",
    .summary = "Banjori banking trojan: a chain of names from one seed domain, no date",
    .description =
        "Starting from a seed domain, each next name rewrites only the first four letters of "
        "the previous one: letter 0 from letters 0 and 3, letter 1 from the new letter 0 and "
        "twice letter 1, letter 2 from the new letter 0 and letter 2 minus one, letter 3 from "
        "the new letters 1 and 2 and the old letter 3, each folded into a-z. The remainder of "
        "the seed and its TLD never change.",
    .variants = banjori_variants,
    .params = banjori_params,
    .seed_param = "initial_domain",
    .known_seeds = banjori_seeds,
    .granularity = "none (no date input)",
    .names_per_period = "1000",
    .tlds = "com",
    .charset = "a-z",
    .label_min = 7,
    .label_max = 26,
    .wordlists = NULL,
    .reference = "baderj/domain_generation_algorithms:banjori/dga.py — J. Bader, "
                 "'The DGA of Banjori' (2015); seeds from 360netlab/DGA issues",
    .time_note = NULL,
    .generate = banjori_generate,
    .style = TK_STYLE_PRONOUNCEABLE,
    .period = NULL,
};
