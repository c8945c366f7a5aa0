/* tinba.c - the Tinba (Tiny Banker) DGA: a chain of 12-letter labels from a seed string.
 *
 * Each new label is derived byte by byte from the first 13 characters of the previous name
 * and a 16-character seed: a running byte is mixed with two neighbouring characters and the
 * seed's byte sum, and bumped until it is a letter b-y. Every label is emitted with each TLD
 * of the configuration. Without --seed, the reference's default run is reproduced: seven
 * hard-coded domains, then all four published configurations. */
#include <string.h>

#include "dga/dga_util.h"
#include "dga/emit_util.h"
#include "takedown/family.h"

#define TINBA_SEED_LEN 16
#define TINBA_LABEL_LEN 12
#define TINBA_MAX_TRIES 65536 /* far beyond what any seed needs for one letter */

struct tinba_config {
    const char *seed;
    const char *initial;
    const char *tlds;
    int64_t count;
};

static const struct tinba_config tinba_published[] = {
    {"oGkS3w3sGGOGG7oc", "ssrgwnrmgrxe.com", "com", 1000},
    {"jc74FlUna852Ji9o", "blackfreeqazyio.cc", "com,net,in,ru", 100},
    {"yqokqFC2TPBFfJcG", "watchthisnow.xyz", "pw,us,xyz,club", 100},
    {"j193HsnW72Yqns7u", "j193hsne720uie8i.cc", "com,net,biz,org", 100},
};
#define TINBA_PUBLISHED (sizeof tinba_published / sizeof tinba_published[0])

/* Printed by the reference before the configurations: C2 names from Symantec's and Sophos'
 * write-ups that this DGA does not generate. */
static const char *const tinba_hard_coded[] = {
    "newstatinru.ru",  "justforyou0987.pw", "phpsitegooddecoder.com", "santaluable.com",
    "santanyr.com",    "ervaluable.com",    "larnasa.com",
};
#define TINBA_HARD_CODED (sizeof tinba_hard_coded / sizeof tinba_hard_coded[0])

static const struct tinba_config *tinba_find_published(const char *seed)
{
    for (size_t i = 0; i < TINBA_PUBLISHED; i++)
        if (strcmp(tinba_published[i].seed, seed) == 0)
            return &tinba_published[i];
    return NULL;
}

/* Derives the next label from the first 13 bytes of prev (the label and its dot). */
static int tinba_next_label(const unsigned char *seed, const unsigned char *prev,
                            unsigned char *label, struct tk_error *err)
{
    unsigned int seed_sum = 0;
    unsigned int tmp = seed[TINBA_SEED_LEN - 1];

    for (int i = 0; i < TINBA_SEED_LEN; i++)
        seed_sum += seed[i];
    for (int i = 0; i < TINBA_LABEL_LEN; i++) {
        int tries = 0;
        for (;;) {
            tmp = (((tmp + prev[i]) ^ (seed_sum & 0xFF)) + prev[i + 1]) & 0xFF;
            if (tmp > 'a' && tmp < 'z')
                break;
            seed_sum++;
            if (++tries == TINBA_MAX_TRIES)
                return tk_error_set(err, TK_ERR_DATA, "tinba: the chain found no letter");
        }
        label[i] = (unsigned char)tmp;
    }
    return TK_OK;
}

static int tinba_emit_label(const unsigned char *label, const char *tlds, tk_emit_fn emit,
                            void *ctx)
{
    char name[TINBA_LABEL_LEN + 1 + TK_TLD_MAX + 1];
    size_t n = tk_list_count(tlds);

    memcpy(name, label, TINBA_LABEL_LEN);
    name[TINBA_LABEL_LEN] = '.';
    for (size_t t = 0; t < n; t++) {
        char *tld = name + TINBA_LABEL_LEN + 1;
        tk_list_item(tlds, t, tld, sizeof name - TINBA_LABEL_LEN - 1);
        int rc = emit(ctx, name, TINBA_LABEL_LEN + 1 + strlen(tld));
        if (rc)
            return rc;
    }
    return TK_OK;
}

static int tinba_check_config(const struct tinba_config *c, struct tk_error *err)
{
    if (strlen(c->initial) < TINBA_LABEL_LEN + 1)
        return tk_error_set(err, TK_ERR_USAGE,
                            "tinba: --initial must be a domain of at least %d characters",
                            TINBA_LABEL_LEN + 1);
    return tk_check_tld_list(c->tlds, err);
}

/* The initial domain, then count labels, each with every TLD. */
static int tinba_run(const struct tinba_config *c, tk_emit_fn emit, void *ctx,
                     struct tk_error *err)
{
    unsigned char prev[TINBA_LABEL_LEN + 1], label[TINBA_LABEL_LEN];
    int rc = emit(ctx, c->initial, strlen(c->initial));

    memcpy(prev, c->initial, sizeof prev);
    for (int64_t i = 0; i < c->count && rc == TK_OK; i++) {
        rc = tinba_next_label((const unsigned char *)c->seed, prev, label, err);
        if (rc == TK_OK)
            rc = tinba_emit_label(label, c->tlds, emit, ctx);
        memcpy(prev, label, TINBA_LABEL_LEN);
        prev[TINBA_LABEL_LEN] = '.';
    }
    return rc;
}

static int tinba_default_run(int64_t count, tk_emit_fn emit, void *ctx, struct tk_error *err)
{
    for (size_t i = 0; i < TINBA_HARD_CODED; i++) {
        int rc = emit(ctx, tinba_hard_coded[i], strlen(tinba_hard_coded[i]));
        if (rc)
            return rc;
    }
    for (size_t i = 0; i < TINBA_PUBLISHED; i++) {
        struct tinba_config c = tinba_published[i];
        if (count > 0)
            c.count = count;
        int rc = tinba_run(&c, emit, ctx, err);
        if (rc)
            return rc;
    }
    return TK_OK;
}

static int tinba_generate(const struct tk_gen *gen, tk_emit_fn emit, void *ctx,
                          struct tk_error *err)
{
    struct tinba_config c = {tk_args_str(gen->args, "seed"), tk_args_str(gen->args, "initial"),
                             tk_args_str(gen->args, "tlds"), 0};
    const struct tinba_config *known;
    int rc = tk_gen_count(gen, 0, &c.count, err); /* 0: the published count, found below */

    if (rc)
        return rc;
    if (c.seed[0] == '\0') {
        if (c.initial[0] || c.tlds[0])
            return tk_error_set(err, TK_ERR_USAGE, "tinba: --initial and --tlds need --seed");
        return tinba_default_run(c.count, emit, ctx, err);
    }
    if (strlen(c.seed) != TINBA_SEED_LEN)
        return tk_error_set(err, TK_ERR_USAGE, "tinba: --seed must be %d characters, not %zu",
                            TINBA_SEED_LEN, strlen(c.seed));
    known = tinba_find_published(c.seed);
    if (known == NULL && (c.initial[0] == '\0' || c.tlds[0] == '\0'))
        return tk_error_set(err, TK_ERR_USAGE,
                            "tinba: seed '%s' is not a published one: give --initial and --tlds",
                            c.seed);
    if (c.initial[0] == '\0')
        c.initial = known->initial;
    if (c.tlds[0] == '\0')
        c.tlds = known->tlds;
    if (c.count == 0)
        c.count = known ? known->count : 100;
    rc = tinba_check_config(&c, err);
    if (rc)
        return rc;
    return tinba_run(&c, emit, ctx, err);
}

static const struct tk_variant tinba_variants[] = {
    {"default", "the Tinba DGA (2014-2015 samples)", NULL, NULL, 0, 0},
    {0},
};

static const struct tk_param_def tinba_params[] = {
    {"seed", TK_PARAM_STRING, "", NULL,
     "16-character seed string; empty: the reference's default run (7 hard-coded domains, "
     "then the 4 published configurations)"},
    {"initial", TK_PARAM_STRING, "", NULL,
     "initial domain (13+ characters; emitted first); empty: the one published with --seed"},
    {"tlds", TK_PARAM_STRING, "", NULL,
     "TLDs each label is emitted with, e.g. com,net; empty: the published ones for --seed"},
    {"count", TK_PARAM_INT, "0", NULL,
     "labels to derive (each with every TLD); 0: the published count (1000 for "
     "oGkS3w3sGGOGG7oc, 100 otherwise)"},
    {0},
};

static const struct tk_seed tinba_seeds[] = {
    {NULL, "seed=oGkS3w3sGGOGG7oc;initial=ssrgwnrmgrxe.com;tlds=com;count=1000",
     "garage4hackers.com, 2014 (first analysed Tinba DGA)"},
    {NULL, "seed=jc74FlUna852Ji9o;initial=blackfreeqazyio.cc;tlds=com,net,in,ru;count=100",
     "J. Bader, 'New top level domains for Tinba's DGA' (2015)"},
    {NULL, "seed=yqokqFC2TPBFfJcG;initial=watchthisnow.xyz;tlds=pw,us,xyz,club;count=100",
     "Sophos Troj/Tinba-EL analysis"},
    {NULL, "seed=j193HsnW72Yqns7u;initial=j193hsne720uie8i.cc;tlds=com,net,biz,org;count=100",
     "baderj/domain_generation_algorithms commit c7d154a"},
    {0},
};

const struct tk_family tk_family_tinba = {
    .name = "tinba",
    .aliases = "tinybanker",
    .summary = "Tinba (Tiny Banker): chained 12-letter names from a seed string and a domain",
    .description =
        "Starting from an initial domain, each new 12-letter label is computed from the "
        "previous name's first 13 characters: a running byte (starting at the seed's last "
        "byte) adds character i, is XORed with the low byte of the seed's byte sum, adds "
        "character i+1, and is kept if it lies strictly between 'a' and 'z'; otherwise the "
        "sum is bumped and the step repeats. Each label is emitted with every TLD of the "
        "configuration. With no --seed, the reference's default output: 7 hard-coded C2 "
        "names, then the 4 published configurations (2,211 names).",
    .variants = tinba_variants,
    .params = tinba_params,
    .seed_param = "seed",
    .known_seeds = tinba_seeds,
    .granularity = "none (no date input)",
    .names_per_period = "1 + count x TLDs per seed (2,211 in the default run)",
    .tlds = "com,net,in,ru,pw,us,xyz,club,biz,org,cc",
    .charset = "a-z0-9",
    .label_min = 7,
    .label_max = 18,
    .wordlists = NULL,
    .reference = "baderj/domain_generation_algorithms:tinba/dga.py - J. Bader, 'New top level "
                 "domains for Tinba's DGA' (2015)",
    .time_note = NULL,
    .generate = tinba_generate,
    .period = NULL,
};
