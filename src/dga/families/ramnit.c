/* ramnit.c - the Ramnit DGA (no date input; a 32-bit seed per botnet).
 *
 * A Park-Miller style generator (16807, Schrage's 127773/2836 split, wrapped to 32 bits)
 * draws the length (9-25) and the letters (a-y) of each name; after each name the state is
 * reseeded from the product of the states before and after the length draw. The TLDs of the
 * configuration rotate with the index. The classic variant (the first published one) draws
 * 8-19 letters and always uses .com.
 *
 * Recovery: the letters fix the state of the first letter (tk_park_miller_spell); two steps
 * back, through the length draw, is the state the name starts from. As a seed (with the TLD
 * list turned so that the name's TLD comes first) it gives the name first and every name
 * after it. The reseeding multiplies two states, so earlier names are not walked back to. */
#include <stdio.h>
#include <string.h>

#include "dga/dga_util.h"
#include "dga/emit_util.h"
#include "takedown/family.h"
#include "dga/lcg.h"
#include "dga/park_miller_search.h"
#include "takedown/recover.h"

enum { LETTERS = 25 };

/* The lengths a variant draws: min + state % span. */
struct ramnit_shape {
    uint32_t min, span;
};

static struct ramnit_shape ramnit_shape_of(const struct tk_variant *variant)
{
    if (strcmp(variant->name, "classic") == 0)
        return (struct ramnit_shape){8, 12};
    return (struct ramnit_shape){9, 17};
}

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
    struct ramnit_shape shape = ramnit_shape_of(gen->variant);
    int classic = strcmp(gen->variant->name, "classic") == 0;
    const char *tlds = classic ? "com" : tk_args_str(gen->args, "tlds");
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
        size_t len = tk_park_miller(&state) % shape.span + shape.min;
        uint32_t after = state;
        char tld[TK_TLD_MAX + 1];

        for (size_t i = 0; i < len; i++)
            name[i] = (char)('a' + tk_park_miller(&state) % LETTERS);
        tk_list_item(tlds, (size_t)index % tld_count, tld, sizeof tld);
        rc = tk_emit_with_tld(emit, ctx, name, len, tld[0] == '.' ? tld + 1 : tld);
        if (rc)
            return rc;
        state = ramnit_reseed(before, after);
    }
    return TK_OK;
}

struct ramnit_search {
    const struct tk_recover_query *query;
    struct ramnit_shape shape;
    size_t len;
    char tlds[128]; /* "" for the classic variant, else ";tlds=" and the turned list */
};

/* From the state of a name's first letter back through the length draw to the state the
 * name starts from. */
static int ramnit_found(void *arg, uint32_t first_letter)
{
    const struct ramnit_search *s = arg;
    uint32_t lengths[3], starts[3];
    int n = tk_park_miller_preimages(first_letter, lengths);

    for (int i = 0; i < n; i++) {
        if (lengths[i] % s->shape.span != s->len - s->shape.min)
            continue;
        int m = tk_park_miller_preimages(lengths[i], starts);
        for (int j = 0; j < m; j++) {
            char params[160];
            snprintf(params, sizeof params, "seed=%08X%s;count=%d", (unsigned)starts[j], s->tlds,
                     TK_RECOVER_CHAIN_AHEAD);
            int rc = tk_recover_candidate(s->query, params, TK_RECOVER_ANY_DAY);
            if (rc)
                return rc;
        }
    }
    return TK_OK;
}

/* The default TLD list turned so that tld comes first: ";tlds=com,eu,bid,click". */
static void ramnit_turned_tlds(const char *tld, char *out, size_t size)
{
    static const char *const list[] = {"click", "com", "eu", "bid"};
    size_t n = sizeof list / sizeof list[0], first = 0;

    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i], tld) == 0)
            first = i;
    snprintf(out, size, ";tlds=%s,%s,%s,%s", list[first], list[(first + 1) % n],
             list[(first + 2) % n], list[(first + 3) % n]);
}

static int ramnit_recover(struct tk_recover_query *query, struct tk_error *err)
{
    struct ramnit_search s = {query, ramnit_shape_of(query->variant), 0, ""};
    const char *tld;

    (void)err;
    query->covered = 4294967296.0;
    if (tk_recover_split(query, &s.len, &tld) != 0 || s.len < s.shape.min ||
        s.len >= s.shape.min + s.shape.span)
        return TK_OK;
    if (strcmp(query->variant->name, "classic") != 0)
        ramnit_turned_tlds(tld, s.tlds, sizeof s.tlds);
    return tk_park_miller_spell(query->name, s.len, LETTERS, query->threads, ramnit_found, &s);
}

static const struct tk_variant ramnit_variants[] = {
    {"default", "the Ramnit DGA with the TLD rotation of later samples (J. Bader)", NULL, NULL,
     9, 25},
    {"classic", "the first published algorithm (J. Bader, 2015): 8-19 letters, always .com",
     "com", NULL, 8, 19},
    {0},
};

static const struct tk_param_def ramnit_params[] = {
    {"seed", TK_PARAM_HEX32, "16647BB4", NULL, "32-bit DGA seed of the sample, in hex"},
    {"tlds", TK_PARAM_STRING, "click,com,eu,bid", "default",
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
    .summary = "Ramnit: seed-driven Park-Miller names of 9-25 (classic 8-19) letters, no date",
    .description =
        "A 32-bit seed from the sample starts a Park-Miller generator (x = 16807 * (x mod "
        "127773) - 2836 * (x div 127773), wrapped to 32 bits). Each name draws its length "
        "(9 + x mod 17) and its letters ('a' + x mod 25, so a-y); the next name starts from "
        "the product of the state before and after the length draw, plus that product's "
        "high 32 bits. The same seed always gives the same list; the TLDs of the "
        "configuration rotate with the index. The classic variant (the first published "
        "algorithm) draws 8 + x mod 12 letters and always uses .com.",
    .variants = ramnit_variants,
    .params = ramnit_params,
    .seed_param = "seed",
    .known_seeds = ramnit_seeds,
    .granularity = "none (no date input)",
    .names_per_period = "10 by default (--count); the list depends only on the seed",
    .tlds = "click,com,eu,bid",
    .charset = "a-y",
    .label_min = 8,
    .label_max = 25,
    .wordlists = NULL,
    .reference = "baderj/domain_generation_algorithms:ramnit/dga.py — J. Bader, 'The DGA of "
                 "Ramnit'",
    .time_note = NULL,
    .generate = ramnit_generate,
    .period = NULL,
    .recover = ramnit_recover,
    .recover_aliases = TK_PARK_MILLER_TWO_STEP_ALIASES,
    .recover_method = "the letters fix the 32-bit state of the first letter (2^32/25 states "
                      "tried, pruned per letter); the length draw and the step before it are "
                      "inverted to the state the name starts from, reported as the seed",
};
