/* tempedreve.c - the time-dependent Tempedreve DGA (one name a day since 2015-03-23).
 *
 * Each day's count since 1970 goes through one LCG step to give the day's seed, which
 * shuffles the alphabet and then walks a second generator over the shuffled letters. A run
 * lists the name of the given day and of every day before it back to 2015-03-23. */
#include "dga/emit_util.h"
#include "takedown/family.h"
#include "dga/lcg.h"

static const char *const tempedreve_tlds[4] = {"com", "net", "org", "info"};

static uint32_t tempedreve_next(uint32_t r)
{
    return 16843009u * r + 65805u;
}

/* The name of one day into out (at least 20 bytes); returns its length. */
static size_t tempedreve_name(tk_day day, char *out)
{
    char letters[27] = "abcdefghijklmnopqrstuvwxyz";
    uint32_t seed = (uint32_t)day;
    tk_lcg_numerical_recipes(&seed); /* the day's seed: one step from the day number */
    uint32_t r = seed;

    for (size_t j = 0; j < 26; j++) {
        size_t i = r % 26;
        r = tempedreve_next(r);
        char swap = letters[j];
        letters[j] = letters[i];
        letters[i] = swap;
    }

    size_t length = seed % 5 + 7;
    r = seed;
    for (size_t i = 0; i < length; i++) {
        out[i] = letters[r % 26];
        r = tempedreve_next(r);
    }
    return tk_name_add_tld(out, length, tempedreve_tlds[seed & 3]);
}

static int tempedreve_generate(const struct tk_gen *gen, tk_emit_fn emit, void *ctx,
                               struct tk_error *err)
{
    tk_day first_day = tk_day_from_civil(2015, 3, 23);
    tk_day day = tk_args_day(gen->args, "date");
    char name[32];
    int64_t count; /* 0: every day back to the first */
    int rc = tk_gen_count(gen, 0, &count, err);
    if (rc)
        return rc;
    for (int64_t emitted = 0; day >= first_day && (count == 0 || emitted < count); emitted++) {
        size_t len = tempedreve_name(day, name);
        rc = emit(ctx, name, len);
        if (rc)
            return rc;
        day--;
    }
    return TK_OK;
}

static const struct tk_variant tempedreve_variants[] = {
    {"default", "the time-dependent DGA (sample md5 a1310a8d9a6a51be4a6600a2be7ddab2)", NULL,
     NULL, 0, 0},
    {0},
};

static const struct tk_param_def tempedreve_params[] = {
    {"date", TK_PARAM_DATE, NULL, NULL, "UTC day; one name per day from it back to 2015-03-23"},
    {"count", TK_PARAM_INT, "0", NULL,
     "at most this many names, newest first; 0 lists every day back to 2015-03-23"},
    {0},
};

const struct tk_family tk_family_tempedreve = {
    .name = "tempedreve",
    .aliases = "",
    .summary = "Tempedreve: one name a day, a run lists every day back to 2015-03-23",
    .description =
        "The days since 1970 go through one LCG step (1664525, 1013904223) to give the "
        "day's seed. The seed shuffles the alphabet (a swap per letter, driven by a second "
        "LCG, 16843009 and 65805), and the same second LCG, restarted at the seed, picks "
        "7-11 letters from the shuffled alphabet; the low two bits of the seed pick one of "
        "4 TLDs. The malware tries the names of the current day and of every earlier day "
        "back to 2015-03-23.",
    .variants = tempedreve_variants,
    .params = tempedreve_params,
    .seed_param = NULL,
    .known_seeds = NULL,
    .granularity = "daily",
    .names_per_period = "1 new name a day; a run lists every day back to 2015-03-23",
    .tlds = "com,net,org,info",
    .charset = "a-z",
    .label_min = 7,
    .label_max = 11,
    .wordlists = NULL,
    .reference = "baderj/domain_generation_algorithms:tempedreve/dga.py — J. Bader, "
                 "time-dependent DGA of Tempedreve (after the Anubis Networks report)",
    .time_note = NULL,
    .generate = tempedreve_generate,
    .period = NULL,
};
