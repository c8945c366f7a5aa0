/* kraken.c - the Kraken (Bobax) DGA: 2 x 1,000 names from a glibc-style LCG.
 *
 * Names come in pairs, one for the "no temp file" and one for the "temp file" branch of the
 * malware, each from its own seed. v1 has no date: a cubic of the domain number seeds the
 * LCG. v2 seeds it with 3 * number + seed and first discards one value per week since
 * April 2008. Three draws give the length (v1 6-11, v2 7-12), then one draw per letter. */
#include <string.h>

#include "dga/emit_util.h"
#include "takedown/family.h"
#include "dga/pyarith.h"

#define KRAKEN_V1_FIRST_NUMBER 1000015
#define KRAKEN_V2_EPOCH 1207000000 /* 2008-03-31 21:46:40 UTC */
#define KRAKEN_WEEK_SECONDS 604800

struct kraken_seeds {
    int64_t temp_file;
    int64_t no_temp_file;
};

static const char *const kraken_dyndns_tlds[4] = {"dyndns.org", "yi.org", "dynserv.com",
                                                  "mooo.com"};
static const char *const kraken_plain_tlds[4] = {"com", "net", "tv", "cc"};

/* Two's-complement reading of 32 bits, like ctypes.c_int. */
static int32_t kraken_int32(uint64_t value)
{
    uint32_t low = (uint32_t)value;
    return low < 0x80000000u ? (int32_t)low : -(int32_t)(~low) - 1;
}

/* The ANSI C multiplier with the malware's increment 12435 (not 12345, so not lcg.h's). */
static uint32_t kraken_rand(uint32_t r)
{
    return 1103515245u * r + 12435u;
}

/* Bits 8-22 of the state, i.e. (r // 256) % 32768 for the signed or unsigned reading. */
static int64_t kraken_crop(uint32_t r)
{
    return (int64_t)((r >> 8) & 0x7FFF);
}

static int kraken_parse_seed_set(const char *text, int version, struct kraken_seeds *out,
                                 struct tk_error *err)
{
    int b = strcmp(text, "b") == 0;
    if (!b && strcmp(text, "a") != 0)
        return tk_error_set(err, TK_ERR_USAGE, "kraken: --seed_set must be a or b, not '%s'",
                            text);
    if (version == 1) {
        out->temp_file = b ? -0x1FCFBF87 : -0x0FCFBF88;
        out->no_temp_file = b ? 0x7924542 : 0x8924541;
    } else {
        out->temp_file = b ? 1600000 : 24938314;
        out->no_temp_file = b ? 1600001 : 24938315;
    }
    return TK_OK;
}

/* v1 start state for domain number n: a cubic of n divided by 9 (in 32-bit signed), plus a
 * quadratic and the seed, wrapped to 32 bits. */
static uint32_t kraken_v1_state(int64_t n, int temp_file, const struct kraken_seeds *seeds)
{
    uint64_t u = (uint64_t)n;
    uint64_t cubic, quadratic, seed;

    if (temp_file) {
        cubic = u * (u + 7) * (u + 12);
        quadratic = u * (u + 1);
        seed = (uint64_t)seeds->temp_file;
    } else {
        cubic = (u + 2) * (u + 7) * u;
        quadratic = (u * 3 + 1) * u;
        seed = (uint64_t)seeds->no_temp_file;
    }
    int64_t third = kraken_int32(cubic) / 9; /* truncates, like int(x / 9.0) */
    return (uint32_t)((uint64_t)third + quadratic + seed);
}

/* v2 start state for domain number n after the weekly discards. */
static uint32_t kraken_v2_state(int64_t n, int temp_file, const struct kraken_seeds *seeds,
                                int64_t weeks)
{
    uint32_t r = (uint32_t)(3 * (uint64_t)n +
                            (uint64_t)(temp_file ? seeds->temp_file : seeds->no_temp_file));
    int64_t discards = weeks + 2;

    if (n % 9 < 8) {
        if (n % 9 >= 6)
            discards--;
        for (int64_t i = 0; i < discards; i++)
            r = (uint32_t)kraken_crop(kraken_rand(r));
    }
    return r;
}

/* Draws the length and letters from state r and appends ".tld"; returns the length. */
static size_t kraken_name(uint32_t r, int version, const char *tld, char *out)
{
    int64_t rands[3];
    for (int i = 0; i < 3; i++) {
        r = kraken_rand(r);
        rands[i] = kraken_crop(r);
    }
    size_t length = version == 1
                        ? (size_t)tk_floor_mod(rands[0] * rands[1] - rands[2], 6) + 6
                        : (size_t)tk_floor_mod(rands[0] * rands[1] + rands[2], 6) + 7;
    for (size_t i = 0; i < length; i++) {
        r = kraken_rand(r);
        out[i] = (char)('a' + kraken_crop(r) % 26);
    }
    return tk_name_add_tld(out, length, tld);
}

static int64_t kraken_weeks(tk_day day)
{
    return tk_floor_div(tk_day_to_unix(day) - KRAKEN_V2_EPOCH, KRAKEN_WEEK_SECONDS);
}

static int kraken_generate(const struct tk_gen *gen, tk_emit_fn emit, void *ctx,
                           struct tk_error *err)
{
    int version = strcmp(gen->variant->name, "v1") == 0 ? 1 : 2;
    int64_t count = tk_args_int(gen->args, "count");
    const char *const *tlds = kraken_dyndns_tlds;
    int64_t weeks = 0;
    struct kraken_seeds seeds = {0, 0};
    char name[48];
    int rc = kraken_parse_seed_set(tk_args_str(gen->args, "seed_set"), version, &seeds, err);

    if (rc)
        return rc;
    if (version == 2) {
        int64_t tld_set = tk_args_int(gen->args, "tld_set");
        if (tld_set != 1 && tld_set != 2)
            return tk_error_set(err, TK_ERR_USAGE, "kraken: --tld_set must be 1 or 2");
        if (tld_set == 1)
            tlds = kraken_plain_tlds;
        weeks = kraken_weeks(tk_args_day(gen->args, "date"));
    }
    /* name k: domain number k / 2; even k the no-temp-file seed, odd k the temp-file one */
    for (int64_t k = 0; k < count; k++) {
        int64_t n = k / 2;
        int temp_file = (int)(k % 2);
        uint32_t r;
        if (version == 1) {
            n += KRAKEN_V1_FIRST_NUMBER;
            r = kraken_v1_state(n, temp_file, &seeds);
        } else {
            r = kraken_v2_state(n, temp_file, &seeds, weeks);
        }
        size_t len = kraken_name(r, version, tlds[n % 4], name);
        rc = emit(ctx, name, len);
        if (rc)
            return rc;
    }
    return TK_OK;
}

static int64_t kraken_period(const struct tk_gen *gen, tk_day day)
{
    if (strcmp(gen->variant->name, "v1") == 0)
        return 0;
    return kraken_weeks(day);
}

static const struct tk_variant kraken_variants[] = {
    {"v2", "second version (2008): weekly, seeds 24938314/1600000, TLD set 1 or 2", NULL, NULL,
     0, 0},
    {"v1", "first version (2008): no date input, dynamic-DNS suffixes",
     "dyndns.org,yi.org,dynserv.com,mooo.com", NULL, 6, 11},
    {0},
};

static const struct tk_param_def kraken_params[] = {
    {"date", TK_PARAM_DATE, NULL, "v2",
     "UTC day; names change weekly (weeks since 2008-03-31 21:46:40 UTC)"},
    {"seed_set", TK_PARAM_STRING, "a", NULL, "seed pair a or b"},
    {"tld_set", TK_PARAM_INT, "1", "v2",
     "1: com/net/tv/cc; 2: dyndns.org/yi.org/dynserv.com/mooo.com"},
    {"count", TK_PARAM_INT, "2000", NULL,
     "names (pairs: no-temp-file name, then temp-file name, per domain number)"},
    {0},
};

static const struct tk_seed kraken_seeds_known[] = {
    {"v1", "seed_set=a", "J. Bader, 'The DGA of Kraken' (2015), seed set a"},
    {"v1", "seed_set=b", "J. Bader, 'The DGA of Kraken' (2015), seed set b"},
    {"v2", "seed_set=a;tld_set=1", "J. Bader, kraken v2, seed set a, TLD set 1"},
    {"v2", "seed_set=a;tld_set=2", "J. Bader, kraken v2, seed set a, TLD set 2"},
    {"v2", "seed_set=b;tld_set=1", "J. Bader, kraken v2, seed set b, TLD set 1"},
    {"v2", "seed_set=b;tld_set=2", "J. Bader, kraken v2, seed set b, TLD set 2"},
    {0},
};

const struct tk_family tk_family_kraken = {
    .name = "kraken",
    .aliases = "bobax",
    .summary = "Kraken (Bobax): 2,000 LCG names, v1 fixed, v2 weekly",
    .description =
        "Each domain number yields two names, one per branch of the malware (no temp file, "
        "then temp file), each from its own seed. A glibc-style LCG (x * 1103515245 + 12435, "
        "bits 8-22 kept) draws three values for the length and one per letter. v1: numbers "
        "from 1000015, the start state is a cubic of the number / 9 plus a quadratic plus "
        "the seed; 6-11 letters under dyndns.org, yi.org, dynserv.com or mooo.com. v2: the "
        "state 3 * number + seed first discards (weeks since 2008-03-31) + 2 values (one "
        "fewer for numbers 6 and 7 mod 9, none for 8 mod 9); 7-12 letters under com/net/"
        "tv/cc or the dynamic-DNS set.",
    .variants = kraken_variants,
    .params = kraken_params,
    .seed_param = "seed_set",
    .known_seeds = kraken_seeds_known,
    .granularity = "weekly (v2: weeks since 2008-03-31 21:46:40 UTC); v1: none (no date input)",
    .names_per_period = "2000",
    .tlds = "com,net,tv,cc,dyndns.org,yi.org,dynserv.com,mooo.com",
    .charset = "a-z",
    .label_min = 7,
    .label_max = 12,
    .wordlists = NULL,
    .reference = "baderj/domain_generation_algorithms:kraken/v1/dga_v1.py, kraken/v2/dga_v2.py "
                 "- J. Bader, 'The DGA of Kraken' (2015)",
    .time_note = "v2's reference uses time.mktime (local time); we use UTC midnight",
    .generate = kraken_generate,
    .period = kraken_period,
};
