/* simda.c - the Simda DGA: 1,000 seven-letter consonant/vowel names, no date input.
 *
 * A base number grows by the sum of the key's character codes before every name; letter i
 * of a name is base / (3 + 2i), taken modulo the consonant table at even positions and
 * modulo the vowel table at odd ones. */
#include <string.h>

#include "dga/emit_util.h"
#include "takedown/family.h"
#include "dga/pyarith.h"

#define SIMDA_LIMIT ((int64_t)1 << 53) /* the reference divides in doubles: stay exact */
#define SIMDA_MAX_LEN 63

/* Only the first 20 consonants are reachable: the reference takes the index modulo 20. */
static const char simda_consonants[] = "qwrtpsdfghjklzxcvbnm";
static const char simda_vowels[] = "eyuioa";

static int64_t simda_key_step(const char *key)
{
    int64_t step = 0;
    for (const unsigned char *p = (const unsigned char *)key; *p; p++)
        step += *p;
    return step;
}

/* Writes the label for base followed by ".tld" into out. */
static size_t simda_name(int64_t base, size_t length, const char *tld, char *out)
{
    for (size_t i = 0; i < length; i++) {
        int64_t index = base / (int64_t)(3 + 2 * i); /* truncates, like int(base / d) */
        if (i % 2 == 0)
            out[i] = simda_consonants[tk_floor_mod(index, 20)];
        else
            out[i] = simda_vowels[tk_floor_mod(index, 6)];
    }
    return tk_name_add_tld(out, length, tld);
}

static int simda_generate(const struct tk_gen *gen, tk_emit_fn emit, void *ctx,
                          struct tk_error *err)
{
    int64_t base = tk_args_int(gen->args, "base");
    int64_t length = tk_args_int(gen->args, "len");
    int64_t count = tk_args_int(gen->args, "count");
    const char *tld = tk_args_str(gen->args, "tld");
    int64_t step = simda_key_step(tk_args_str(gen->args, "key"));
    size_t tld_len = strlen(tld);
    char name[SIMDA_MAX_LEN + 256];

    if (length < 1 || length > SIMDA_MAX_LEN)
        return tk_error_set(err, TK_ERR_USAGE, "simda: --len must be 1 to %d", SIMDA_MAX_LEN);
    if (tld_len == 0 || tld_len > 200)
        return tk_error_set(err, TK_ERR_USAGE, "simda: --tld must be 1 to 200 characters");
    if (base < -SIMDA_LIMIT || base > SIMDA_LIMIT ||
        (count > 0 && step > 0 && count > (SIMDA_LIMIT - base) / step))
        return tk_error_set(err, TK_ERR_USAGE,
                            "simda: --base plus --count times the key's character sum must "
                            "stay within 2^53");
    for (int64_t i = 0; i < count; i++) {
        base += step;
        size_t len = simda_name(base, (size_t)length, tld, name);
        int rc = emit(ctx, name, len);
        if (rc)
            return rc;
    }
    return TK_OK;
}

static const struct tk_variant simda_variants[] = {
    {"default", "the DGA of the Simda samples analysed in 2015", NULL, NULL, 0, 0},
    {0},
};

static const struct tk_param_def simda_params[] = {
    {"base", TK_PARAM_INT, "0x45AE94B2", NULL, "start value of the base number"},
    {"key", TK_PARAM_STRING, "1676d5775e05c50b46baa5579d4fc7", NULL,
     "sample key; the sum of its character codes is added to the base before every name"},
    {"len", TK_PARAM_INT, "7", NULL, "letters per name"},
    {"tld", TK_PARAM_STRING, "com", NULL, "top-level domain"},
    {"count", TK_PARAM_INT, "1000", NULL, "names to generate"},
    {0},
};

static const struct tk_seed simda_seeds[] = {
    {NULL, "base=0x45AE94B2;key=1676d5775e05c50b46baa5579d4fc7",
     "the base and key hard-coded in J. Bader's simda/dga.py"},
    {0},
};

const struct tk_family tk_family_simda = {
    .name = "simda",
    .aliases = "",
    .summary = "Simda: 1,000 seven-letter consonant/vowel .com names from a base and a key",
    .description =
        "Before each name the base (0x45AE94B2) grows by the sum of the character codes of "
        "a sample key. Letter i is base / (3 + 2i): at even positions modulo 20 into "
        "'qwrtpsdfghjklzxcvbnm', at odd positions modulo 6 into 'eyuioa'. Seven letters and "
        ".com; no date input.",
    .variants = simda_variants,
    .params = simda_params,
    .seed_param = "key",
    .known_seeds = simda_seeds,
    .granularity = "none (no date input)",
    .names_per_period = "1000",
    .tlds = "com",
    .charset = "a-z",
    .label_min = 7,
    .label_max = 7,
    .wordlists = NULL,
    .reference = "baderj/domain_generation_algorithms:simda/dga.py - J. Bader",
    .time_note = NULL,
    .generate = simda_generate,
    .style = TK_STYLE_PRONOUNCEABLE,
    .period = NULL,
};
