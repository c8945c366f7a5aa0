/* qadars.c - the Qadars banking trojan DGA (200 names a week, 12 characters a-z0-9).
 *
 * The Unix time is rounded down to the start of its week (weeks begin 4 days after the epoch,
 * on Monday 00:00 UTC), and that number is stepped through a 31-bit LCG whose increment is the
 * per-sample seed; each step gives one character, and one more step picks one of three TLDs. */
#include "takedown/emit_util.h"
#include "takedown/family.h"
#include "takedown/pyarith.h"

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
};
