/* dnschanger.c - the DNSChanger DGA (5 .com names of 10 letters from one rand() seed).
 *
 * The malware seeds the Microsoft C rand() from a source we cannot predict and draws ten
 * letters per name from it, one generator run for all names; the seed is a parameter. */
#include "dga/emit_util.h"
#include "takedown/family.h"
#include "dga/msvc_rand.h"

#define DNSCHANGER_LABEL_LENGTH 10

static int dnschanger_generate(const struct tk_gen *gen, tk_emit_fn emit, void *ctx,
                               struct tk_error *err)
{
    int64_t count = tk_args_int(gen->args, "count");
    struct tk_msvc_rand rand_state;
    char name[DNSCHANGER_LABEL_LENGTH + 5];

    (void)err;
    /* srand() takes a C int: only the low 32 bits of the seed count. */
    tk_msvc_srand(&rand_state, (uint32_t)(uint64_t)tk_args_int(gen->args, "seed"));
    size_t len = tk_name_add_tld(name, DNSCHANGER_LABEL_LENGTH, "com");
    for (int64_t n = 0; n < count; n++) {
        for (size_t i = 0; i < DNSCHANGER_LABEL_LENGTH; i++)
            name[i] = (char)('a' + tk_msvc_rand(&rand_state) % 26);
        int rc = emit(ctx, name, len);
        if (rc)
            return rc;
    }
    return TK_OK;
}

static const struct tk_variant dnschanger_variants[] = {
    {"default", "the only published algorithm", NULL, NULL, 0, 0},
    {0},
};

static const struct tk_param_def dnschanger_params[] = {
    {"seed", TK_PARAM_INT, "87373", NULL,
     "srand() value (the malware's is unpredictable; 87373 reproduces the published list)"},
    {"count", TK_PARAM_INT, "5", NULL, "names per run, drawn from one generator"},
    {0},
};

static const struct tk_seed dnschanger_seeds[] = {
    {NULL, "seed=87373",
     "recovered by brute force from example_domains.txt of J. Bader's reimplementation"},
    {0},
};

const struct tk_family tk_family_dnschanger = {
    .name = "dnschanger",
    .aliases = "",
    .summary = "DNSChanger: 5 .com names of 10 letters from an unpredictable rand() seed",
    .description =
        "The Microsoft C rand() (LCG 214013, 2531011, bits 16-30) is seeded once; every "
        "letter is 'a' + rand() mod 26, ten letters per name, five names per run, all under "
        ".com. The malware's seed is not predictable, so it is a parameter.",
    .variants = dnschanger_variants,
    .params = dnschanger_params,
    .seed_param = "seed",
    .known_seeds = dnschanger_seeds,
    .granularity = "none (no date input)",
    .names_per_period = "5",
    .tlds = "com",
    .charset = "a-z",
    .label_min = DNSCHANGER_LABEL_LENGTH,
    .label_max = DNSCHANGER_LABEL_LENGTH,
    .wordlists = NULL,
    .reference = "baderj/domain_generation_algorithms:dnschanger/dga.py — J. Bader, "
                 "DGA of DNSChanger",
    .time_note = NULL,
    .generate = dnschanger_generate,
    .period = NULL,
};
