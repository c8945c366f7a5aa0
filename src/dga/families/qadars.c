/* qadars.c - the Qadars banking trojan DGA (200 names a week, 12 characters a-z0-9).
 *
 * The Unix time is rounded down to the start of its week (weeks begin 4 days after the epoch,
 * on Monday 00:00 UTC), and that number is stepped through a 31-bit LCG whose increment is the
 * per-sample seed; each step gives one character, and one more step picks one of three TLDs.
 *
 * Recovery: the samples' seeds are 16-bit, and the space searched is those 2^16. The state of
 * name n's first character is (-m)^k week + (1 + ... + (-m)^(k-1)) seed modulo 2^31 (k = 13n
 * + 1): per week and name number, the character's two low bits keep one seed in four on
 * average, one addition steps the state from seed to seed, and the few that give the first
 * character modulo 36 run on through the name. A 31-bit seed is not
 * searched: the characters are residues modulo 36 of values modulo 2^31, which pin no bits
 * beyond the lowest two. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dga/emit_util.h"
#include "takedown/family.h"
#include "dga/pyarith.h"
#include "takedown/recover.h"

static const char qadars_charset[] = "abcdefghijklmnopqrstuvwxyz0123456789";

static const char *const qadars_tlds_com[3] = {"com", "org", "net"};
static const char *const qadars_tlds_top[3] = {"net", "org", "top"};

enum {
    QADARS_DAY = 24 * 3600,
    QADARS_WEEK = 7 * QADARS_DAY,
    QADARS_WEEK_OFFSET = 4 * QADARS_DAY,
    QADARS_LABEL_LEN = 12
};

/* The three seeds E1F1, E1F2 and E1F5 use .com/.org/.net; every other seed .net/.org/.top. */
static const char *const *qadars_tlds_for(int64_t seed)
{
    if (seed == 0xE1F1 || seed == 0xE1F2 || seed == 0xE1F5)
        return qadars_tlds_com;
    return qadars_tlds_top;
}

static uint64_t qadars_step(uint64_t state, uint64_t seed)
{
    return (seed - 1043968403u * state) & 0x7FFFFFFF;
}

static int qadars_generate(const struct tk_gen *gen, tk_emit_fn emit, void *ctx,
                           struct tk_error *err)
{
    int64_t seed = tk_args_int(gen->args, "seed");
    int64_t count = tk_args_int(gen->args, "count");
    int64_t unix_time = tk_day_to_unix(tk_args_day(gen->args, "date"));
    const char *const *tlds = qadars_tlds_for(seed);
    uint64_t state =
        (uint64_t)(unix_time - tk_floor_mod(unix_time - QADARS_WEEK_OFFSET, QADARS_WEEK));
    char name[QADARS_LABEL_LEN + 8];

    (void)err;
    for (int64_t n = 0; n < count; n++) {
        for (size_t i = 0; i < QADARS_LABEL_LEN; i++) {
            state = qadars_step(state, (uint64_t)seed);
            name[i] = qadars_charset[state % 36];
        }
        state = qadars_step(state, (uint64_t)seed);
        int rc = tk_emit_with_tld(emit, ctx, name, QADARS_LABEL_LEN, tlds[state % 3]);
        if (rc)
            return rc;
    }
    return TK_OK;
}

/* Weeks run from Monday to Sunday: day 4 after the epoch (1970-01-05) was a Monday. */
static int64_t qadars_period(const struct tk_gen *gen, tk_day day)
{
    (void)gen;
    return tk_floor_div((int64_t)day - 4, 7);
}

/* ---- recovery ---- */

enum { QADARS_NAMES = 200, QADARS_SEEDS = 1 << 16, QADARS_STEPS = QADARS_LABEL_LEN + 1 };

struct qadars_search {
    const struct tk_recover_query *query;
    const char *tld;
    int first[QADARS_LABEL_LEN]; /* the index of each character in the charset */
    tk_day from;                 /* the first day of the window */
    /* the state of name n's first character is mul[n] * week + add[n] * seed (mod 2^31) */
    uint32_t mul[QADARS_NAMES], add[QADARS_NAMES];
};

/* The rest of the name and its TLD follow from state, the first character's. */
static int qadars_spells(const struct qadars_search *s, uint32_t state, uint32_t seed)
{
    for (size_t i = 1; i < QADARS_LABEL_LEN; i++) {
        state = (uint32_t)qadars_step(state, seed);
        if ((int)(state % 36) != s->first[i])
            return 0;
    }
    state = (uint32_t)qadars_step(state, seed);
    return strcmp(qadars_tlds_for(seed)[state % 3], s->tld) == 0;
}

/* The seeds congruent to residue modulo 4 for name n of a week: the first character's
 * state goes from seed to seed + 4 by adding 4 add[n]. */
static int qadars_try_residue(const struct qadars_search *s, size_t n, uint32_t week,
                              tk_day day, uint32_t residue)
{
    uint32_t state = (s->mul[n] * week + s->add[n] * residue) & 0x7FFFFFFFu;
    for (uint32_t seed = residue; seed < QADARS_SEEDS; seed += 4) {
        if ((int)(state % 36) == s->first[0] && qadars_spells(s, state, seed)) {
            char params[32];
            snprintf(params, sizeof params, "seed=0x%04X", (unsigned)seed);
            int rc = tk_recover_candidate(s->query, params, day);
            if (rc)
                return rc;
        }
        state = (state + 4 * s->add[n]) & 0x7FFFFFFFu;
    }
    return TK_OK;
}

/* For the weeks lo..hi of the window (counted from its first) and every name number: the
 * character's two low bits (36 is a multiple of 4) keep the seeds of one residue in four
 * on average. */
static int qadars_slice(void *arg, uint64_t lo, uint64_t hi)
{
    const struct qadars_search *s = arg;
    int rc = TK_OK;
    for (uint64_t w = lo; w <= hi && rc == TK_OK; w++) {
        tk_day monday = 4 + 7 * (tk_day)tk_floor_div(s->from - 4, 7) + 7 * (tk_day)w;
        uint32_t week = (uint32_t)tk_day_to_unix(monday) & 0x7FFFFFFFu;
        tk_day day = monday < s->from ? s->from : monday;
        for (size_t n = 0; n < QADARS_NAMES && rc == TK_OK; n++)
            for (uint32_t residue = 0; residue < 4 && rc == TK_OK; residue++)
                if (((s->mul[n] * week + s->add[n] * residue) & 3) == (uint32_t)s->first[0] % 4)
                    rc = qadars_try_residue(s, n, week, day, residue);
    }
    return rc;
}

static int qadars_recover(struct tk_recover_query *query, struct tk_error *err)
{
    struct qadars_search *s = calloc(1, sizeof *s);
    size_t len;
    int rc = TK_OK;

    (void)err;
    query->covered = QADARS_SEEDS;
    if (s == NULL)
        return TK_ERR_NOMEM;
    s->query = query;
    s->from = query->from;
    if (tk_recover_split(query, &len, &s->tld) == 0 && len == QADARS_LABEL_LEN) {
        for (size_t i = 0; i < len; i++) {
            const char *at = strchr(qadars_charset, query->name[i]);
            s->first[i] = at && *at ? (int)(at - qadars_charset) : -1;
            if (s->first[i] < 0)
                len = 0;
        }
        /* x -> seed - m x: k steps from the week give
         * (-m)^k week + (1 + ... + (-m)^(k-1)) seed */
        uint32_t mul = 1, add = 0;
        for (size_t n = 0; n < QADARS_NAMES * QADARS_STEPS; n++) {
            mul = (uint32_t)qadars_step(mul, 0);
            add = (uint32_t)qadars_step(add, 1);
            if (n % QADARS_STEPS == 0) {
                s->mul[n / QADARS_STEPS] = mul;
                s->add[n / QADARS_STEPS] = add;
            }
        }
        int64_t weeks = tk_floor_div(query->to - 4, 7) - tk_floor_div(query->from - 4, 7);
        if (len == QADARS_LABEL_LEN)
            rc = tk_recover_parallel(0, (uint64_t)weeks, query->threads, qadars_slice, s);
    }
    free(s);
    return rc;
}

static const struct tk_variant qadars_variants[] = {
    {"default", "the only published algorithm", NULL, NULL, 0, 0},
    {0},
};

static const struct tk_param_def qadars_params[] = {
    {"date", TK_PARAM_DATE, NULL, NULL, "UTC day; names change weekly, on Mondays"},
    {"seed", TK_PARAM_INT, "0xE08A", NULL,
     "per-sample 16-bit seed (0x-prefixed hex); E1F1, E1F2 and E1F5 use .com/.org/.net"},
    {"count", TK_PARAM_INT, "200", NULL, "names per week"},
    {0},
};

static const struct tk_seed qadars_seeds[] = {
    {NULL, "seed=0x89f5", "sample seed published by J. Bader (2016)"},
    {NULL, "seed=0x4449", "sample seed published by J. Bader (2016)"},
    {NULL, "seed=0xE1F1", "sample seed published by J. Bader (2016); .com/.org/.net"},
    {NULL, "seed=0xE1F2", "sample seed published by J. Bader (2016); .com/.org/.net"},
    {NULL, "seed=0xE08A", "sample seed published by J. Bader (2016); the reference's default"},
    {NULL, "seed=0xE1F5", "sample seed published by J. Bader (2016); .com/.org/.net"},
    {0},
};

const struct tk_family tk_family_qadars = {
    .name = "qadars",
    .aliases = "",
    .summary = "Qadars banking trojan: 200 names a week, 12 characters a-z0-9, 3 TLDs",
    .description =
        "The Unix time of the date is rounded down to the start of its week (Monday 00:00; "
        "weeks are counted from 4 days after the epoch). That number seeds the step "
        "x = (seed - 1043968403 * x) mod 2^31; twelve steps give twelve characters from "
        "a-z0-9 (x mod 36) and a thirteenth picks one of three TLDs (x mod 3). Seeds E1F1, "
        "E1F2 and E1F5 use com/org/net, all others net/org/top.",
    .variants = qadars_variants,
    .params = qadars_params,
    .seed_param = "seed",
    .known_seeds = qadars_seeds,
    .granularity = "weekly (Monday to Sunday, UTC)",
    .names_per_period = "200",
    .tlds = "com,org,net,top",
    .charset = "a-z0-9",
    .label_min = 12,
    .label_max = 12,
    .wordlists = NULL,
    .reference = "baderj/domain_generation_algorithms:qadars/dga.py — J. Bader, 'The DGA of "
                 "Qadars' (2016)",
    .time_note = "the reference goes through local time (time.mktime); we use UTC",
    .generate = qadars_generate,
    .period = qadars_period,
    .recover = qadars_recover,
    .recover_method = "per week and name number the first character's state is an affine "
                      "function of the seed: its two low bits keep one seed in four of the "
                      "2^16, stepped through by one addition and checked modulo 36; the "
                      "survivors run on through the name",
};
