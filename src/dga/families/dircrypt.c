/* dircrypt.c - the DirCrypt ransomware DGA (30 .com names, no date input).
 *
 * A 32-bit seed from the sample's resources drives a Park-Miller style generator
 * (Schrage's method, results kept as unsigned 32 bits); one draw sets the length (8-20) and
 * one draw per letter picks from a-z.
 *
 * Recovery: the letters fix the state of the first letter (tk_park_miller_spell); two steps
 * back, through the length draw, is the state the name starts from. As a seed it gives the
 * name first and the names after it; the seed the list began from is not in the name. */
#include <stdio.h>

#include "dga/emit_util.h"
#include "takedown/family.h"
#include "dga/lcg.h"
#include "dga/park_miller_search.h"
#include "takedown/recover.h"

enum { LEN_MIN = 8, LEN_SPAN = 13, LETTERS = 26 };

static int dircrypt_generate(const struct tk_gen *gen, tk_emit_fn emit, void *ctx,
                             struct tk_error *err)
{
    uint32_t state = tk_args_u32(gen->args, "seed");
    int64_t count = tk_args_int(gen->args, "count");
    char name[32];

    (void)err;
    for (int64_t n = 0; n < count; n++) {
        size_t len = LEN_MIN + tk_park_miller(&state) % LEN_SPAN;
        for (size_t i = 0; i < len; i++)
            name[i] = (char)('a' + tk_park_miller(&state) % LETTERS);
        int rc = tk_emit_with_tld(emit, ctx, name, len, "com");
        if (rc)
            return rc;
    }
    return TK_OK;
}

struct dircrypt_search {
    const struct tk_recover_query *query;
    size_t len;
};

/* From the state of a name's first letter back through the length draw to the seed. */
static int dircrypt_found(void *arg, uint32_t first_letter)
{
    const struct dircrypt_search *s = arg;
    uint32_t lengths[3], seeds[3];
    int n = tk_park_miller_preimages(first_letter, lengths);

    for (int i = 0; i < n; i++) {
        if (lengths[i] % LEN_SPAN != s->len - LEN_MIN)
            continue;
        int m = tk_park_miller_preimages(lengths[i], seeds);
        for (int j = 0; j < m; j++) {
            char params[48];
            snprintf(params, sizeof params, "seed=%08X;count=%d", (unsigned)seeds[j],
                     TK_RECOVER_CHAIN_AHEAD);
            int rc = tk_recover_candidate(s->query, params, TK_RECOVER_ANY_DAY);
            if (rc)
                return rc;
        }
    }
    return TK_OK;
}

static int dircrypt_recover(struct tk_recover_query *query, struct tk_error *err)
{
    size_t len;
    const char *tld;

    (void)err;
    query->covered = 4294967296.0;
    if (tk_recover_split(query, &len, &tld) != 0 || len < LEN_MIN || len >= LEN_MIN + LEN_SPAN)
        return TK_OK;
    struct dircrypt_search s = {query, len};
    return tk_park_miller_spell(query->name, len, LETTERS, query->threads, dircrypt_found, &s);
}

static const struct tk_variant dircrypt_variants[] = {
    {"default", "the published algorithm (2013-2014 samples)", NULL, NULL, 0, 0},
    {0},
};

static const struct tk_param_def dircrypt_params[] = {
    {"seed", TK_PARAM_HEX32, "F2113C2A", NULL, "32-bit seed from the sample's resources"},
    {"count", TK_PARAM_INT, "30", NULL, "names to generate"},
    {0},
};

static const struct tk_seed dircrypt_seeds[] = {
    {NULL, "seed=F2113C2A", "J. Bader, 'The DGA of DirCrypt' (2015)"},
    {0},
};

const struct tk_family tk_family_dircrypt = {
    .name = "dircrypt",
    .aliases = "",
    .summary = "DirCrypt ransomware: 30 fixed .com names per seed",
    .description =
        "A 32-bit seed drives the generator x = 16807 (x mod 127773) - 2836 (x div 127773), "
        "kept as an unsigned 32-bit value. For each name one draw modulo 13 gives a length of "
        "8-20 and one draw modulo 26 per letter gives a-z. The list never changes for a seed.",
    .variants = dircrypt_variants,
    .params = dircrypt_params,
    .seed_param = "seed",
    .known_seeds = dircrypt_seeds,
    .granularity = "none (no date input)",
    .names_per_period = "30",
    .tlds = "com",
    .charset = "a-z",
    .label_min = 8,
    .label_max = 20,
    .wordlists = NULL,
    .reference = "baderj/domain_generation_algorithms:dircrypt/dga.py — J. Bader, 'The DGA of "
                 "DirCrypt' (2015)",
    .time_note = NULL,
    .generate = dircrypt_generate,
    .period = NULL,
    .recover = dircrypt_recover,
    .recover_aliases = TK_PARK_MILLER_TWO_STEP_ALIASES,
    .recover_method = "the letters fix the 32-bit state of the first letter (2^32/26 states "
                      "tried, pruned per letter); the length draw and the step before it are "
                      "inverted to the state the name starts from, reported as the seed",
};
