/* ramnit.c - the Ramnit DGA (no date input; a 32-bit seed per botnet).
 *
 * A Park-Miller style generator (16807, Schrage's 127773/2836 split, wrapped to 32 bits)
 * draws the length (9-25) and the letters (a-y) of each name; after each name the state is
 * reseeded from the product of the states before and after the length draw. The TLDs of the
 * configuration rotate with the index. */
#include <string.h>

#include "takedown/dga_util.h"
#include "takedown/emit_util.h"
#include "takedown/family.h"
#include "takedown/lcg.h"

/* The state for the next name: the 64-bit product of two states plus its high half,
 * truncated to 32 bits. */
static uint32_t ramnit_reseed(uint32_t a, uint32_t b)
{
    uint64_t product = (uint64_t)a * b;
    return (uint32_t)(product + (product >> 32));
}

/* Checks the TLD list. The malware drops a TLD's leading dot (".com" is com), so a TLD of
 * "." alone is empty too. */
static int ramnit_check_tlds(const char *tlds, struct tk_error *err)
{
    int rc = tk_check_tld_list(tlds, err);
    for (size_t i = 0; rc == TK_OK && i < tk_list_count(tlds); i++) {
        char tld[TK_TLD_MAX + 1];
        tk_list_item(tlds, i, tld, sizeof tld);
        if (strcmp(tld, ".") == 0)
            rc = tk_error_set(err, TK_ERR_USAGE,
                              "--tlds: item %zu of '%s' is empty or longer than %d characters",
                              i + 1, tlds, TK_TLD_MAX);
    }
    return rc;
}

static int ramnit_generate(const struct tk_gen *gen, tk_emit_fn emit, void *ctx,
                           struct tk_error *err)
{
    uint32_t state = tk_args_u32(gen->args, "seed");
    const char *tlds = tk_args_str(gen->args, "tlds");
    int64_t count;
    size_t tld_count = tk_list_count(tlds);
    char name[32 + TK_TLD_MAX + 1];

    int rc = tk_gen_count(gen, 0, &count, err);
    if (rc == TK_OK)
        rc = ramnit_check_tlds(tlds, err);
    if (rc)
        return rc;
    for (int64_t index = 0; index < count; index++) {
        uint32_t before = state;
        size_t len = tk_park_miller(&state) % 17 + 9;
        uint32_t after = state;
        char tld[TK_TLD_MAX + 1];

        for (size_t i = 0; i < len; i++)
            name[i] = (char)('a' + tk_park_miller(&state) % 25);
        tk_list_item(tlds, (size_t)index % tld_count, tld, sizeof tld);
        rc = tk_emit_with_tld(emit, ctx, name, len, tld[0] == '.' ? tld + 1 : tld);
        if (rc)
            return rc;
        state = ramnit_reseed(before, after);
    }
    return TK_OK;
}

static const struct tk_variant ramnit_variants[] = {
    {"default", "the Ramnit DGA with the TLD rotation of later samples (J. Bader)", NULL, NULL,
     0, 0},
    {0},
};

static const struct tk_param_def ramnit_params[] = {
    {"seed", TK_PARAM_HEX32, "16647BB4", NULL, "32-bit DGA seed of the sample, in hex"},
    {"tlds", TK_PARAM_STRING, "click,com,eu,bid", NULL,
     "comma-separated TLDs used in rotation (name i gets TLD i mod n)"},
    {"count", TK_PARAM_INT, "10", NULL, "names to generate"},
    {0},
};

static const char ramnit_seed_note[] = "published by J. Bader (ramnit/dga.py, DGArchive)";

static const struct tk_seed ramnit_seeds[] = {
    {NULL, "seed=16647BB4", ramnit_seed_note},
    {NULL, "seed=E7392D18", ramnit_seed_note},
    {NULL, "seed=C129388E", ramnit_seed_note},
    {NULL, "seed=E706B455", ramnit_seed_note},
    {NULL, "seed=DC485593", ramnit_seed_note},
    {NULL, "seed=EF214BBF", ramnit_seed_note},
    {NULL, "seed=28488EEA", ramnit_seed_note},
    {NULL, "seed=4BFCBC6A", ramnit_seed_note},
    {NULL, "seed=79159C10", ramnit_seed_note},
    {NULL, "seed=92F4BE35", ramnit_seed_note},
    {NULL, "seed=4302C04A", ramnit_seed_note},
    {NULL, "seed=52278648", ramnit_seed_note},
    {NULL, "seed=9753029A", ramnit_seed_note},
    {NULL, "seed=A6EAB21A", ramnit_seed_note},
    {NULL, "seed=46CF1B28", ramnit_seed_note},
    {NULL, "seed=1CCEC41C", ramnit_seed_note},
    {NULL, "seed=C5787AE2", "J. Bader, ramnit/dga.py (written there as 0C5787AE2)"},
    {NULL, "seed=FCFFD9E9", "J. Bader, ramnit/dga.py (written there as 0FCFFD9E9)"},
    {NULL, "seed=75EA95C2", ramnit_seed_note},
    {NULL, "seed=8A0AEC7D", ramnit_seed_note},
    {NULL, "seed=1DF640A8", ramnit_seed_note},
    {NULL, "seed=14DF29DD", ramnit_seed_note},
    {NULL, "seed=8222270B", ramnit_seed_note},
    {NULL, "seed=55536A85", ramnit_seed_note},
    {NULL, "seed=5C39E467", ramnit_seed_note},
    {NULL, "seed=D2B3C361", ramnit_seed_note},
    {NULL, "seed=F318D47D", ramnit_seed_note},
    {NULL, "seed=231D9480", ramnit_seed_note},
    {NULL, "seed=13317EAC", ramnit_seed_note},
    {NULL, "seed=89547381", ramnit_seed_note},
    {NULL, "seed=6C36D41D", ramnit_seed_note},
    {0},
};

const struct tk_family tk_family_ramnit = {
    .name = "ramnit",
    .aliases = "",
    .summary = "Ramnit: seed-driven Park-Miller names of 9-25 letters, no date input",
    .description =
        "A 32-bit seed from the sample starts a Park-Miller generator (x = 16807 * (x mod "
        "127773) - 2836 * (x div 127773), wrapped to 32 bits). Each name draws its length "
        "(9 + x mod 17) and its letters ('a' + x mod 25, so a-y); the next name starts from "
        "the product of the state before and after the length draw, plus that product's "
        "high 32 bits. The same seed always gives the same list; the TLDs of the "
        "configuration rotate with the index.",
    .variants = ramnit_variants,
    .params = ramnit_params,
    .seed_param = "seed",
    .known_seeds = ramnit_seeds,
    .granularity = "none (no date input)",
    .names_per_period = "10 by default (--count); the list depends only on the seed",
    .tlds = "click,com,eu,bid",
    .charset = "a-y",
    .label_min = 9,
    .label_max = 25,
    .wordlists = NULL,
    .reference = "baderj/domain_generation_algorithms:ramnit/dga.py — J. Bader, 'The DGA of "
                 "Ramnit'",
    .time_note = NULL,
    .generate = ramnit_generate,
    .period = NULL,
};
