/* necurs.c - the Necurs DGA (2048 names per 4-day bucket, 43 TLDs).
 *
 * Every value goes through a 64-bit mixing loop whose length depends on its own low bits.
 * The year, month and day-bucket steps are the same for all 2048 names of a period, so they
 * are computed once per period and shared. */
#include <string.h>

#include "takedown/family.h"

static const char *const necurs_tlds[43] = {
    "tj", "in", "jp", "tw", "ac", "cm", "la", "mn", "so", "sh", "sc", "nu", "nf", "mu", "ms",
    "mx", "ki", "im", "cx", "cc", "tv", "bz", "me", "eu", "de", "ru", "co", "su", "pw", "kz",
    "sx", "us", "ug", "ir", "to", "ga", "com", "net", "org", "biz", "xxx", "pro", "bit"};

static uint64_t necurs_mix(uint64_t value)
{
    uint64_t loops = (value & 0x7F) + 21;
    for (uint64_t i = 0; i < loops; i++)
        value += ((value * 7) ^ (value << 15)) + 8 * i - (value >> 5);
    return value;
}

/* The state shared by every name of the period containing day. */
static uint64_t necurs_period_state(tk_day day)
{
    struct tk_civil c = tk_day_to_civil(day);
    uint64_t n = necurs_mix((uint64_t)c.year);
    n = necurs_mix(n + (uint64_t)c.month + 43690);
    return necurs_mix(n + (uint64_t)(c.day >> 2));
}

/* Writes name number sequence into out (at least 26 bytes) and returns its length. */
static size_t necurs_name(uint64_t period_state, uint64_t sequence, uint64_t magic, char *out)
{
    uint64_t n = necurs_mix(period_state + sequence);
    n = necurs_mix(n + magic);
    size_t length = (size_t)(n % 15) + 7;
    for (size_t i = 0; i < length; i++) {
        n = necurs_mix(n + i);
        out[i] = (char)('a' + n % 25);
        n = necurs_mix(n + 0xABBEDF);
    }
    const char *tld = necurs_tlds[n % 43];
    size_t tld_len = strlen(tld);
    out[length] = '.';
    memcpy(out + length + 1, tld, tld_len + 1);
    return length + 1 + tld_len;
}

static int necurs_generate(const struct tk_gen *gen, tk_emit_fn emit, void *ctx,
                           struct tk_error *err)
{
    uint64_t state = necurs_period_state(tk_args_day(gen->args, "date"));
    uint64_t magic = (uint64_t)tk_args_int(gen->args, "magic");
    int64_t count = tk_args_int(gen->args, "count");
    char name[32];

    (void)err;
    for (int64_t seq = 0; seq < count; seq++) {
        size_t len = necurs_name(state, (uint64_t)seq, magic, name);
        int rc = emit(ctx, name, len);
        if (rc)
            return rc;
    }
    return TK_OK;
}

static int64_t necurs_period(const struct tk_gen *gen, tk_day day)
{
    struct tk_civil c = tk_day_to_civil(day);
    (void)gen;
    return ((int64_t)c.year * 12 + c.month) * 8 + (c.day >> 2);
}

static const struct tk_variant necurs_variants[] = {
    {"default", "the only published algorithm (2016-2020 samples)", NULL, NULL, 0, 0},
    {0},
};

static const struct tk_param_def necurs_params[] = {
    {"date", TK_PARAM_DATE, NULL, NULL, "UTC day; names change every 4 days (day of month / 4)"},
    {"magic", TK_PARAM_INT, "9", NULL, "per-botnet magic number mixed into every name"},
    {"count", TK_PARAM_INT, "2048", NULL, "names per period (sequence numbers 0..count-1)"},
    {0},
};

static const struct tk_seed necurs_seeds[] = {
    {NULL, "magic=9", "the magic of the only published sample (J. Bader, 2016)"},
    {0},
};

const struct tk_family tk_family_necurs = {
    .name = "necurs",
    .aliases = "",
    .summary = "Necurs spam botnet: 2,048 names every 4 days over 43 TLDs",
    .description =
        "Year, month, day bucket (day of month shifted right by 2), sequence number and a "
        "per-botnet magic number are chained through a 64-bit mixing loop of 21-148 rounds. "
        "The result picks a length of 7-21, each letter from a-y, and one of 43 TLDs. Eight "
        "lists a month: days 1-3, 4-7, 8-11, 12-15, 16-19, 20-23, 24-27 and 28-31.",
    .variants = necurs_variants,
    .params = necurs_params,
    .seed_param = "magic",
    .known_seeds = necurs_seeds,
    .granularity = "4 days (8 lists a month: day of month / 4)",
    .names_per_period = "2048",
    .tlds = "tj,in,jp,tw,ac,cm,la,mn,so,sh,sc,nu,nf,mu,ms,mx,ki,im,cx,cc,tv,bz,me,eu,de,ru,co,"
            "su,pw,kz,sx,us,ug,ir,to,ga,com,net,org,biz,xxx,pro,bit",
    .charset = "a-y",
    .label_min = 7,
    .label_max = 21,
    .wordlists = NULL,
    .reference = "baderj/domain_generation_algorithms necurs/dga.py (J. Bader, 'The DGA of "
                 "Necurs', 2016)",
    .time_note = NULL,
    .generate = necurs_generate,
    .period = necurs_period,
};
