/* corebot.c - the CoreBot DGA (40 names a day under .ddns.net).
 *
 * A 32-bit seed plus year, month and day starts a Numerical Recipes LCG; each name takes one
 * step for its length (12-23) and one step per character from a 34-character alphabet.
 *
 * Recovery: the state of a name's first character is enumerated among the 2^32/34 that give
 * it, the LCG runs on through the name, and each full match is stepped back (the LCG
 * inverts) through the length draw. Which name of its day it was is unknown: every state up
 * to 39 names back from which the day's length draws land exactly on the name is a possible
 * start of the day, and the start less the date of each day of the window is a seed. So one
 * name has about 700 genuine seeds a day: windows longer than 31 days are not searched. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "dga/emit_util.h"
#include "takedown/family.h"
#include "dga/lcg.h"
#include "takedown/recover.h"

static const char corebot_charset[] = "abcdefghijklmnopqrstuvwxy012345678";

enum { CHARSET_SIZE = sizeof corebot_charset - 1, LEN_MIN = 12, LEN_SPAN = 12 };

/* The start state of a day: the seed plus year, plus (1 << 16) + (month << 8) + day. */
static uint32_t corebot_day_state(uint32_t seed, struct tk_civil c)
{
    uint32_t packed = ((1u << 16) + ((uint32_t)c.month << 8)) | (uint32_t)c.day;
    return seed + (uint32_t)c.year + packed;
}

static int corebot_generate(const struct tk_gen *gen, tk_emit_fn emit, void *ctx,
                            struct tk_error *err)
{
    struct tk_civil c = tk_day_to_civil(tk_args_day(gen->args, "date"));
    uint32_t r = corebot_day_state(tk_args_u32(gen->args, "seed"), c);
    int64_t count = tk_args_int(gen->args, "count");
    char name[64];

    (void)err;
    for (int64_t n = 0; n < count; n++) {
        size_t len = LEN_MIN + tk_lcg_numerical_recipes(&r) % LEN_SPAN;
        for (size_t i = 0; i < len; i++)
            name[i] = corebot_charset[tk_lcg_numerical_recipes(&r) % CHARSET_SIZE];
        int rc = tk_emit_with_tld(emit, ctx, name, len, "ddns.net");
        if (rc)
            return rc;
    }
    return TK_OK;
}

/* ---- recovery ---- */

/* A name and the names before it in its day: at most 39 names of at most 24 draws. */
enum { NAMES_PER_DAY = 40, MAX_DRAWS_BACK = (NAMES_PER_DAY - 1) * (1 + LEN_MIN + LEN_SPAN - 1) };

static uint32_t corebot_step(uint32_t r)
{
    return tk_lcg_numerical_recipes(&r);
}

/* The state before corebot_step(r): 0xFEE058C5 is the inverse of 1664525 modulo 2^32. */
static uint32_t corebot_unstep(uint32_t r)
{
    return (r - 1013904223u) * 0xFEE058C5u;
}

struct corebot_search {
    const struct tk_recover_query *query;
    size_t len;
    int letters[LEN_MIN + LEN_SPAN]; /* each character's index in the charset */
};

/* The state of day's start, r0, hands its seed for every day of the window. */
static int corebot_days(void *arg, uint32_t r0)
{
    const struct corebot_search *s = arg;
    for (tk_day day = s->query->from; day <= s->query->to; day++) {
        char params[32];
        uint32_t seed = r0 - corebot_day_state(0, tk_day_to_civil(day));
        snprintf(params, sizeof params, "seed=%08X", (unsigned)seed);
        int rc = tk_recover_candidate(s->query, params, day);
        if (rc)
            return rc;
    }
    return TK_OK;
}

/* The draws a name takes: its length draw, then one per character. */
static size_t corebot_name_draws(uint32_t length_draw)
{
    return 1 + LEN_MIN + length_draw % LEN_SPAN;
}

/* before is the state the name's length draw starts from. Every state up to 39 names back
 * from which the day's names reach it exactly is a possible start of the day. */
static int corebot_walk_back(const struct corebot_search *s, uint32_t before)
{
    struct tk_recover_walk walk = {corebot_unstep, corebot_name_draws, MAX_DRAWS_BACK,
                                   NAMES_PER_DAY - 1, corebot_days, (void *)s};
    return tk_recover_walk_back(&walk, before);
}

/* The first character's states k * 34 + its index, for k in lo..hi, run on through the
 * name; a full match is stepped back through the length draw. */
static int corebot_slice(void *arg, uint64_t lo, uint64_t hi)
{
    const struct corebot_search *s = arg;
    for (uint64_t k = lo; k <= hi; k++) {
        uint32_t first = (uint32_t)(k * CHARSET_SIZE) + (uint32_t)s->letters[0], r = first;
        size_t i = 1;
        while (i < s->len && (int)((r = corebot_step(r)) % CHARSET_SIZE) == s->letters[i])
            i++;
        uint32_t length_draw = corebot_unstep(first);
        if (i < s->len || LEN_MIN + length_draw % LEN_SPAN != s->len)
            continue;
        int rc = corebot_walk_back(s, corebot_unstep(length_draw));
        if (rc)
            return rc;
    }
    return TK_OK;
}

/* An undated name has about 700 genuine seeds a day of the window, each of which the caller
 * verifies over the whole window: beyond a month that is too many, and nothing is searched. */
enum { MAX_WINDOW_DAYS = 31 };

static int corebot_recover(struct tk_recover_query *query, struct tk_error *err)
{
    struct corebot_search s = {query, 0, {0}};
    const char *tld;

    (void)err;
    query->covered = 0;
    if (query->to - query->from >= MAX_WINDOW_DAYS)
        return TK_OK;
    query->covered = 4294967296.0;
    if (tk_recover_split(query, &s.len, &tld) != 0 || s.len < LEN_MIN ||
        s.len >= LEN_MIN + LEN_SPAN)
        return TK_OK;
    for (size_t i = 0; i < s.len; i++) {
        const char *at = strchr(corebot_charset, query->name[i]);
        if (at == NULL || *at == '\0')
            return TK_OK;
        s.letters[i] = (int)(at - corebot_charset);
    }
    return tk_recover_parallel(0, (UINT32_MAX - (uint32_t)s.letters[0]) / CHARSET_SIZE,
                               query->threads, corebot_slice, &s);
}

static const struct tk_variant corebot_variants[] = {
    {"default", "the published algorithm (2015 samples)", NULL, NULL, 0, 0},
    {0},
};

static const struct tk_param_def corebot_params[] = {
    {"date", TK_PARAM_DATE, NULL, NULL, "UTC day; names change daily"},
    {"seed", TK_PARAM_HEX32, "1DBA8930", NULL, "per-sample 32-bit seed added to the date"},
    {"count", TK_PARAM_INT, "40", NULL,
     "names per day (the reference always prints 40; more continue the same sequence)"},
    {0},
};

static const struct tk_seed corebot_seeds[] = {
    {NULL, "seed=1DBA8930", "J. Bader, 'The DGA of CoreBot' (2015)"},
    {0},
};

const struct tk_family tk_family_corebot = {
    .name = "corebot",
    .aliases = "",
    .summary = "CoreBot stealer: 40 names a day under ddns.net",
    .description =
        "The seed, the year and (1 << 16) + (month << 8) + day are added into the state of an "
        "LCG (r = 1664525 r + 1013904223). For each name one step sets the length to "
        "12 + r mod 12, and one step per character picks from a-y and 0-8 (r mod 34).",
    .variants = corebot_variants,
    .params = corebot_params,
    .seed_param = "seed",
    .known_seeds = corebot_seeds,
    .granularity = "daily",
    .names_per_period = "40",
    .tlds = "ddns.net",
    .charset = "a-y0-8",
    .label_min = 12,
    .label_max = 23,
    .wordlists = NULL,
    .reference = "baderj/domain_generation_algorithms:corebot/dga.py — J. Bader, 'The DGA of "
                 "CoreBot' (2015)",
    .time_note = NULL,
    .generate = corebot_generate,
    .period = NULL,
    .recover = corebot_recover,
    .recover_method = "the 32-bit LCG state of the first character is enumerated among those "
                      "giving it (2^32/34), pruned per character, stepped back through the "
                      "length draw and up to 39 names to every state the day can start from; "
                      "each start less the date is one seed per day (windows of at most 31 "
                      "days: an undated name has about 700 genuine seeds a day)",
};
