/* nymaim.c - the Nymaim DGA (128 names a day, 5 TLDs).
 *
 * Year, month, day and weekday seed a four-word xorshift-style generator; each draw divides
 * its output by 100 before taking the modulus. A name is 6-11 random letters, and its
 * second-to-last letter picks the TLD. */
#include "dga/emit_util.h"
#include "takedown/family.h"

struct nymaim_prng {
    uint32_t r[4];
};

static struct nymaim_prng nymaim_seed(tk_day day)
{
    struct tk_civil c = tk_day_to_civil(day);
    /* weekday: Sunday = 0 .. Saturday = 6, as Python's isoweekday() % 7 */
    uint64_t s = (uint64_t)c.year + ((uint64_t)c.month << 16) + (uint64_t)c.weekday +
                 ((uint64_t)c.day << 16);
    struct nymaim_prng p;
    uint64_t second = s + 0x49484F4C;

    p.r[0] = (uint32_t)(s + 0x52455641);
    p.r[1] = second > 0xFFFFFFFFu ? 0 : (uint32_t)second;
    p.r[2] = (uint32_t)(s + 0x59554820);
    p.r[3] = (uint32_t)(s + 0x4D415620);
    return p;
}

static uint32_t nymaim_rand(struct nymaim_prng *p, uint32_t modulus)
{
    uint32_t t0 = (p->r[0] << 11) ^ p->r[0];
    uint32_t t3 = (p->r[3] >> 19) ^ p->r[3] ^ t0;
    uint32_t c = p->r[2];

    t3 ^= t0 >> 8;
    p->r[0] += p->r[1];
    p->r[1] += p->r[2];
    p->r[2] += p->r[3];
    p->r[3] = t3;
    return ((c + t3) / 100) % modulus;
}

static const char *nymaim_tld(char second_to_last)
{
    int t = second_to_last - 'a';
    if (t < 9)
        return "com";
    if (t < 13)
        return "org";
    if (t < 17)
        return "biz";
    if (t < 21)
        return "net";
    return "info";
}

/* Writes the next name into out (at least 17 bytes) and returns its length. */
static size_t nymaim_name(struct nymaim_prng *p, char *out)
{
    size_t length = nymaim_rand(p, 6) + 6;
    for (size_t i = 0; i < length; i++)
        out[i] = (char)('a' + nymaim_rand(p, 26));
    return tk_name_add_tld(out, length, nymaim_tld(out[length - 2]));
}

static int nymaim_generate(const struct tk_gen *gen, tk_emit_fn emit, void *ctx,
                           struct tk_error *err)
{
    struct nymaim_prng p = nymaim_seed(tk_args_day(gen->args, "date"));
    int64_t count = tk_args_int(gen->args, "count");
    char name[24];

    (void)err;
    for (int64_t i = 0; i < count; i++) {
        size_t len = nymaim_name(&p, name);
        int rc = emit(ctx, name, len);
        if (rc)
            return rc;
    }
    return TK_OK;
}

static const struct tk_variant nymaim_variants[] = {
    {"default", "the DGA of the 2013-2016 Nymaim samples", NULL, NULL, 0, 0},
    {0},
};

static const struct tk_param_def nymaim_params[] = {
    {"date", TK_PARAM_DATE, NULL, NULL, "UTC day (year, month, day and weekday seed the list)"},
    {"count", TK_PARAM_INT, "128", NULL, "names per day"},
    {0},
};

const struct tk_family tk_family_nymaim = {
    .name = "nymaim",
    .aliases = "",
    .summary = "Nymaim downloader: 128 random-letter names a day over 5 TLDs",
    .description =
        "Year + (month << 16) + (day << 16) + weekday (Sunday = 0) plus four constants make "
        "the state of a xorshift-style generator; each draw is (state sum / 100) modulo "
        "the range. A name has 6-11 letters; its second-to-last letter picks .com (a-i), "
        ".org (j-m), .biz (n-q), .net (r-u) or .info (v-z).",
    .variants = nymaim_variants,
    .params = nymaim_params,
    .seed_param = NULL,
    .known_seeds = NULL,
    .granularity = "daily",
    .names_per_period = "128",
    .tlds = "com,org,biz,net,info",
    .charset = "a-z",
    .label_min = 6,
    .label_max = 11,
    .wordlists = NULL,
    .reference = "baderj/domain_generation_algorithms:nymaim/dga.py - J. Bader, 'The DGA of "
                 "Nymaim' (2015)",
    .time_note = NULL,
    .generate = nymaim_generate,
    .period = NULL,
};
