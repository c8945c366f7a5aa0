/* xshellghost.c - the DGA of the ShadowPad backdoor in NetSarang Xshell (Netlab 360).
 *
 * One .com name a month: month and year are mixed into a 32-bit seed that fixes the label
 * length (10-15); every letter is the seed mod 26, and the seed steps as 29 * seed + 19. */
#include "dga/emit_util.h"
#include "takedown/family.h"

#define XSHELLGHOST_LABEL_MAX 15

/* The 32-bit seed of a month (the malware's unsigned arithmetic wraps). */
static uint32_t xshellghost_seed(int year, int month)
{
    uint32_t seed = 0x90422A3Au * (uint32_t)month;
    seed -= 0x39D06F76u * (uint32_t)year;
    return seed - 0x67B7FC6Fu;
}

/* Writes the name of a month into out (at least 21 bytes) and returns its length. */
static size_t xshellghost_name(uint32_t seed, char *out)
{
    size_t length = seed % 6 + 10;
    for (size_t i = 0; i < length; i++) {
        out[i] = (char)('a' + seed % 26);
        seed = 29 * seed + 19;
    }
    return tk_name_add_tld(out, length, "com");
}

static int xshellghost_generate(const struct tk_gen *gen, tk_emit_fn emit, void *ctx,
                                struct tk_error *err)
{
    struct tk_civil c = tk_day_to_civil(tk_args_day(gen->args, "date"));
    char name[XSHELLGHOST_LABEL_MAX + 8];

    (void)err;
    if (tk_args_int(gen->args, "count") < 1)
        return TK_OK;
    size_t len = xshellghost_name(xshellghost_seed(c.year, c.month), name);
    return emit(ctx, name, len);
}

static const struct tk_variant xshellghost_variants[] = {
    {"default", "Netlab 360's reimplementation (Xshell build 1322 backdoor, 2017)", NULL, NULL,
     0, 0},
    {0},
};

static const struct tk_param_def xshellghost_params[] = {
    {"date", TK_PARAM_DATE, NULL, NULL, "UTC day; only its year and month matter"},
    {"count", TK_PARAM_INT, "1", NULL,
     "names to emit; the malware has one name a month, so more than 1 still gives one"},
    {0},
};

static const struct tk_seed xshellghost_seeds[] = {
    {0},
};

const struct tk_family tk_family_xshellghost = {
    .name = "xshellghost",
    .aliases = "",
    .summary = "XshellGhost (ShadowPad in NetSarang Xshell, 2017): one .com name a month",
    .description =
        "A 32-bit seed is 0x90422A3A * month - 0x39D06F76 * year - 0x67B7FC6F (wrapping). "
        "The label has seed mod 6 + 10 letters; each letter is 'a' + seed mod 26, after which "
        "the seed becomes 29 * seed + 19. The TLD is always .com.",
    .variants = xshellghost_variants,
    .params = xshellghost_params,
    .seed_param = NULL,
    .known_seeds = xshellghost_seeds,
    .granularity = "monthly",
    .names_per_period = "1",
    .tlds = "com",
    .charset = "a-z",
    .label_min = 10,
    .label_max = XSHELLGHOST_LABEL_MAX,
    .wordlists = NULL,
    .reference = "360netlab/DGA:code/xshellghost/dga.py — Netlab 360, XshellGhost DGA analysis "
                 "(2017)",
    .time_note = NULL,
    .generate = xshellghost_generate,
    .period = tk_period_monthly,
};
