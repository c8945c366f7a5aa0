/* ranbyus.c - the Ranbyus banking trojan DGA (40 names a day, 8 of 9 TLDs in rotation).
 *
 * The May 2015 samples stir day, month, year and a 32-bit seed with shift/xor steps and take
 * one letter per step (14 letters). The September 2015 samples seed a 64-bit LCG with
 * day*month*year XOR seed and cut each 17-letter name from the bytes of two PCG-style outputs.
 * In both, the TLD rotation starts at the day of the month.
 *
 * Recovery: September's day start state is seed XOR day*month*year, a 32-bit value x. The
 * state a name n starts from is affine in x (6n LCG steps), so its first output's top 16
 * bits, two letters, are A(x_high) + B(x_low) plus a carry: for each x_high and each pair
 * of bytes spelling those letters, the x_low values are read from a table bucketed by B;
 * each x found gives one seed per day whose TLD slot fits. May's first letter reads
 * (seed << 6) XOR a date constant modulo 25: its values are enumerated, the seed's 6 top
 * bits follow from the second letter modulo 25, and only the day's first name is inverted
 * (after it the state mixes 58 bits that no letter isolates). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dga/dga_util.h"
#include "dga/emit_util.h"
#include "takedown/family.h"
#include "takedown/recover.h"

enum { MAY_LABEL = 14, SEPTEMBER_LABEL = 17, TLD_ROTATION = 8, NAMES_PER_DAY = 40 };

/* The September seed CE7F8514 ships a TLD table in another order. */
static const uint32_t september_reordered_seed = 0xCE7F8514u;

static const char *const ranbyus_tlds[9] = {"in", "me", "cc", "su", "tw",
                                            "net", "com", "pw", "org"};
static const char *const ranbyus_reordered_tlds[9] = {"in", "net", "org", "com", "me",
                                                      "su", "tw", "cc", "pw"};

/* The May state: four 32-bit words stirred once per letter. */
struct may_state {
    uint32_t day, month, year, seed;
};

/* Month and year stir on their own: the seed never reaches them. */
static void may_stir_calendar(struct may_state *s)
{
    s->year = ((s->year & 0xFFFFFFF0u) << 17) ^ ((s->year ^ (7 * s->year)) >> 11);
    s->month = (14 * (s->month & 0xFFFFFFFEu)) ^ ((s->month ^ (4 * s->month)) >> 8);
}

static char may_letter(struct may_state *s)
{
    s->day = (s->day >> 15) ^ (16 * ((s->day & 0x1FFF) ^ (4 * (s->seed ^ s->day))));
    may_stir_calendar(s);
    s->seed = (s->seed >> 6) ^ (((s->day + 8 * s->seed) << 8) & 0x3FFFF00u);
    return (char)('a' + (s->day ^ s->month ^ s->year) % 25);
}

static const uint64_t september_mul = 0x5851F42D4C957F2Dull;
static const uint64_t september_inc = 0x14057B7EF767814Full;

/* One PCG-style step: three LCG steps, whose bits are rearranged into 16 output bytes. */
static uint64_t september_block(uint64_t state, uint8_t out[16])
{
    uint64_t s1 = september_mul * state + september_inc;
    uint64_t s2 = september_mul * s1 + september_inc;
    uint64_t s3 = september_mul * s2 + september_inc;
    uint32_t mixed = (uint32_t)(((s3 >> 24) & 0xFFFFFF00u) | ((s3 & 0xFFFFFFFFu) >> 24));
    uint32_t words[4] = {
        (uint32_t)(((mixed ^ s2) & 0xFFFFF) ^ s2),
        (uint32_t)(s2 >> 32),
        (uint32_t)((s1 & 0xFFF00000u) | ((s3 >> 32) >> 12)),
        (uint32_t)(s1 >> 32),
    };
    for (int w = 0; w < 4; w++)
        tk_store_le(out + 4 * w, words[w], 4);
    return s3;
}

/* Writes the 17 letters of the next September name; the second block only gives one. */
static uint64_t september_label(uint64_t state, char *out)
{
    uint8_t bytes[2][16];
    state = september_block(state, bytes[0]);
    state = september_block(state, bytes[1]);
    for (int i = 0; i < 16; i++)
        out[i] = (char)('a' + bytes[0][i] % 25);
    out[16] = (char)('a' + bytes[1][0] % 25);
    return state;
}

/* The TLD of name n of day c: the rotation starts at the day of the month. */
static const char *ranbyus_tld(int september, uint32_t seed, struct tk_civil c, int64_t n)
{
    const char *const *tlds =
        september && seed == september_reordered_seed ? ranbyus_reordered_tlds : ranbyus_tlds;
    return tlds[((uint64_t)c.day + (uint64_t)n) % TLD_ROTATION];
}

static int ranbyus_generate(const struct tk_gen *gen, tk_emit_fn emit, void *ctx,
                            struct tk_error *err)
{
    struct tk_civil c = tk_day_to_civil(tk_args_day(gen->args, "date"));
    uint32_t seed = tk_args_u32(gen->args, "seed");
    int64_t count = tk_args_int(gen->args, "count");
    int september = strcmp(gen->variant->name, "september") == 0;
    size_t label_len = september ? SEPTEMBER_LABEL : MAY_LABEL;
    struct may_state may = {(uint32_t)c.day, (uint32_t)c.month, (uint32_t)c.year, seed};
    uint64_t state = ((uint64_t)c.day * (uint64_t)c.month * (uint64_t)c.year) ^ seed;
    char name[32];

    (void)err;
    for (int64_t n = 0; n < count; n++) {
        if (september) {
            state = september_label(state, name);
        } else {
            for (size_t i = 0; i < label_len; i++)
                name[i] = may_letter(&may);
        }
        int rc = tk_emit_with_tld(emit, ctx, name, label_len, ranbyus_tld(september, seed, c, n));
        if (rc)
            return rc;
    }
    return TK_OK;
}

/* ---- recovery ---- */

/* The label must be all a-y letters of the variant's length under one of its TLDs. */
static int ranbyus_label(const struct tk_recover_query *query, size_t want, const char **tld)
{
    size_t len;
    if (tk_recover_split(query, &len, tld) != 0 || len != want)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (query->name[i] < 'a' || query->name[i] > 'y')
            return 0;
    return 1;
}

static int ranbyus_candidate(const struct tk_recover_query *query, uint32_t seed, tk_day day)
{
    char params[32];
    snprintf(params, sizeof params, "seed=%08X", (unsigned)seed);
    return tk_recover_candidate(query, params, day);
}

/* x splits into a high part (an outer loop) and SEPTEMBER_LOW_BITS low bits (a table). */
enum { SEPTEMBER_LOW_BITS = 18, SEPTEMBER_BUCKETS = 1 << 16, SEPTEMBER_MAX_TARGETS = 128 };

struct september_search {
    const struct tk_recover_query *query;
    const char *tld;
    int64_t n;                      /* the name's number in its day */
    uint64_t state_mul, state_add;  /* the state name n starts from, from the day's x */
    uint64_t first_mul, first_add;  /* the first LCG output of name n, from x */
    uint16_t targets[SEPTEMBER_MAX_TARGETS]; /* top 16 bits of that output spelling 14, 15 */
    size_t target_count;
    uint32_t *bucket_start;         /* x_low by the top 16 bits of first_mul * x_low */
    uint32_t *bucket_low;
};

/* The top 16 bits of the first output hold letters 14 (low byte) and 15 (high byte). */
static void september_targets(struct september_search *s, const char *label)
{
    s->target_count = 0;
    for (unsigned hi = (unsigned)(label[15] - 'a'); hi < 256; hi += 25)
        for (unsigned lo = (unsigned)(label[14] - 'a'); lo < 256; lo += 25)
            s->targets[s->target_count++] = (uint16_t)(hi << 8 | lo);
}

/* Sorts the low parts of x by the top 16 bits they add to the first output. */
static void september_buckets(struct september_search *s)
{
    memset(s->bucket_start, 0, (SEPTEMBER_BUCKETS + 1) * sizeof *s->bucket_start);
    for (uint32_t low = 0; low < 1u << SEPTEMBER_LOW_BITS; low++)
        s->bucket_start[(s->first_mul * low >> 48) + 1]++;
    for (uint32_t k = 0; k < SEPTEMBER_BUCKETS; k++)
        s->bucket_start[k + 1] += s->bucket_start[k];
    /* each start serves as its bucket's cursor, then moves back one place */
    for (uint32_t low = 0; low < 1u << SEPTEMBER_LOW_BITS; low++)
        s->bucket_low[s->bucket_start[s->first_mul * low >> 48]++] = low;
    memmove(s->bucket_start + 1, s->bucket_start, SEPTEMBER_BUCKETS * sizeof *s->bucket_start);
    s->bucket_start[0] = 0;
}

/* x spells the label as name n: hands the seed of every day of the window whose TLD fits. */
static int september_found(const struct september_search *s, uint32_t x)
{
    char label[SEPTEMBER_LABEL];
    september_label(s->state_mul * x + s->state_add, label);
    if (memcmp(label, s->query->name, SEPTEMBER_LABEL) != 0)
        return TK_OK;
    for (tk_day day = s->query->from; day <= s->query->to; day++) {
        struct tk_civil c = tk_day_to_civil(day);
        uint32_t seed = x ^ (uint32_t)((uint64_t)c.day * (uint64_t)c.month * (uint64_t)c.year);
        if (strcmp(ranbyus_tld(1, seed, c, s->n), s->tld) != 0)
            continue;
        int rc = ranbyus_candidate(s->query, seed, day);
        if (rc)
            return rc;
    }
    return TK_OK;
}

/* The first output's top word gives letters 12-15, one byte each. */
static int september_word_spells(uint64_t word, const char *label)
{
    for (int i = 0; i < 4; i++)
        if ((word >> 8 * i & 0xFF) % 25 != (uint64_t)(label[12 + i] - 'a'))
            return 0;
    return 1;
}

/* The low parts in the table from entry first to entry end (exclusive) added to part. */
static int september_scan(const struct september_search *s, uint64_t high, uint64_t part,
                          uint32_t first, uint32_t end)
{
    for (uint32_t k = first; k < end; k++) {
        uint32_t low = s->bucket_low[k];
        if (september_word_spells((part + s->first_mul * low) >> 32, s->query->name)) {
            int rc = september_found(s, (uint32_t)(high << SEPTEMBER_LOW_BITS | low));
            if (rc)
                return rc;
        }
    }
    return TK_OK;
}

/* For the high parts of x in lo..hi: the low parts whose share of the first output, with
 * the high part's and a carry of 0 or 1, gives a target (buckets u - 1 and u). */
static int september_slice(void *arg, uint64_t lo, uint64_t hi)
{
    const struct september_search *s = arg;
    const uint32_t *start = s->bucket_start;
    int rc = TK_OK;
    for (uint64_t high = lo; high <= hi && rc == TK_OK; high++) {
        uint64_t part = s->first_mul * (high << SEPTEMBER_LOW_BITS) + s->first_add;
        for (size_t t = 0; t < s->target_count && rc == TK_OK; t++) {
            uint32_t u = (uint32_t)((s->targets[t] - (part >> 48)) & 0xFFFF);
            if (u > 0)
                rc = september_scan(s, high, part, start[u - 1], start[u + 1]);
            else if ((rc = september_scan(s, high, part, start[0], start[1])) == TK_OK)
                rc = september_scan(s, high, part, start[SEPTEMBER_BUCKETS - 1],
                                    start[SEPTEMBER_BUCKETS]);
        }
    }
    return rc;
}

static int september_recover(struct tk_recover_query *query)
{
    struct september_search s = {.query = query};
    int rc = TK_OK;

    if (!ranbyus_label(query, SEPTEMBER_LABEL, &s.tld))
        return TK_OK;
    s.bucket_start = malloc((SEPTEMBER_BUCKETS + 1) * sizeof *s.bucket_start);
    s.bucket_low = malloc((1u << SEPTEMBER_LOW_BITS) * sizeof *s.bucket_low);
    if (s.bucket_start == NULL || s.bucket_low == NULL)
        rc = TK_ERR_NOMEM;
    september_targets(&s, query->name);
    s.state_mul = 1;
    for (s.n = 0; s.n < NAMES_PER_DAY && rc == TK_OK; s.n++) {
        s.first_mul = september_mul * s.state_mul;
        s.first_add = september_mul * s.state_add + september_inc;
        september_buckets(&s);
        rc = tk_recover_parallel(0, (1u << (32 - SEPTEMBER_LOW_BITS)) - 1, query->threads,
                                 september_slice, &s);
        for (int step = 0; step < 6; step++) { /* two blocks of three steps a name */
            s.state_mul *= september_mul;
            s.state_add = september_mul * s.state_add + september_inc;
        }
    }
    free(s.bucket_start);
    free(s.bucket_low);
    return rc;
}

struct may_search {
    const struct tk_recover_query *query;
    tk_day day;
    struct tk_civil civil;
    uint32_t first_mix;      /* the first letter's value is first_mix ^ (seed << 6) */
    uint32_t calendar[2];    /* month ^ year at the first two letters */
    uint32_t first_base;     /* the smallest first value with its letter and low 6 bits */
};

/* seed spells the whole label on the search's day. */
static int may_spells(const struct may_search *s, uint32_t seed)
{
    struct may_state st = {(uint32_t)s->civil.day, (uint32_t)s->civil.month,
                           (uint32_t)s->civil.year, seed};
    for (size_t i = 0; i < MAY_LABEL; i++)
        if (may_letter(&st) != s->query->name[i])
            return 0;
    return 1;
}

/* The first values base + 1600 t for t in lo..hi give the seed's 26 low bits; its 6 top
 * bits only reach the second letter's top 6 bits, which a letter fixes modulo 25. */
static int may_slice(void *arg, uint64_t lo, uint64_t hi)
{
    const struct may_search *s = arg;
    uint32_t d = (uint32_t)s->civil.day, second = (uint32_t)(s->query->name[1] - 'a');
    for (uint64_t t = lo; t <= hi; t++) {
        uint32_t low = ((s->first_base + (uint32_t)(1600 * t)) ^ s->first_mix) >> 6;
        uint32_t day1 = (d << 4) ^ ((low ^ d) << 6);
        uint32_t seed1 = (low >> 6) ^ (((day1 + 8 * low) << 8) & 0x3FFFF00u);
        uint32_t day2 = (day1 >> 15) ^ (16 * ((day1 & 0x1FFF) ^ (4 * (seed1 ^ day1))));
        uint32_t value = day2 ^ s->calendar[1];
        /* value with its top 6 bits g: (value mod 2^26 + 14 g) mod 25 = second; 9 = 1/14 */
        uint32_t g = (second + 25 - (value & 0x3FFFFFFu) % 25) * 9 % 25;
        for (; g < 64; g += 25) {
            uint32_t seed = low | (g ^ value >> 26) << 26;
            if (may_spells(s, seed)) {
                int rc = ranbyus_candidate(s->query, seed, s->day);
                if (rc)
                    return rc;
            }
        }
    }
    return TK_OK;
}

/* The first letter's value x ^ (seed << 6) has the date's low 6 bits: the values giving
 * the letter with them are 25 q + letter for q in one class modulo 64 (41 = 1/25). */
static int may_recover_day(struct may_search *s)
{
    struct may_state calendar = {0, (uint32_t)s->civil.month, (uint32_t)s->civil.year, 0};
    uint32_t d = (uint32_t)s->civil.day, first = (uint32_t)(s->query->name[0] - 'a');
    for (int i = 0; i < 2; i++) {
        may_stir_calendar(&calendar);
        s->calendar[i] = calendar.month ^ calendar.year;
    }
    s->first_mix = (d << 4) ^ (d << 6) ^ s->calendar[0];
    s->first_base = 25 * (((s->first_mix - first) * 41) & 63) + first;
    return tk_recover_parallel(0, (UINT32_MAX - s->first_base) / 1600, s->query->threads,
                               may_slice, s);
}

static int may_recover(struct tk_recover_query *query)
{
    struct may_search s = {.query = query};
    const char *tld;
    int rc = TK_OK;

    if (!ranbyus_label(query, MAY_LABEL, &tld))
        return TK_OK;
    for (s.day = query->from; s.day <= query->to && rc == TK_OK; s.day++) {
        s.civil = tk_day_to_civil(s.day);
        if (strcmp(ranbyus_tld(0, 0, s.civil, 0), tld) == 0)
            rc = may_recover_day(&s);
    }
    return rc;
}

static int ranbyus_recover(struct tk_recover_query *query, struct tk_error *err)
{
    (void)err;
    query->covered = 4294967296.0;
    if (strcmp(query->variant->name, "september") == 0)
        return september_recover(query);
    return may_recover(query);
}

static const struct tk_variant ranbyus_variants[] = {
    {"september", "September 2015 samples: 64-bit LCG, PCG-style output, 17 letters",
     "in,me,cc,su,tw,net,com,pw,org", NULL, 17, 17},
    {"may", "May 2015 samples: shift/xor of day, month, year and seed, 14 letters",
     "in,me,cc,su,tw,net,com,pw", NULL, 14, 14},
    {0},
};

static const struct tk_param_def ranbyus_params[] = {
    {"date", TK_PARAM_DATE, NULL, NULL, "UTC day; names change daily"},
    {"seed", TK_PARAM_HEX32, "0F0D5BFA", NULL,
     "per-sample 32-bit seed (the default is the September reference's; May samples use "
     "their own, see known seeds)"},
    {"count", TK_PARAM_INT, "40", NULL, "names per day"},
    {0},
};

static const struct tk_seed ranbyus_seeds[] = {
    {"september", "seed=0F0D5BFA", "J. Bader, 'Ranbyus's DGA, Revisited' (2015)"},
    {"september", "seed=F2C72B14", "J. Bader, 'Ranbyus's DGA, Revisited' (2015)"},
    {"september", "seed=AE8714BE", "J. Bader, 'Ranbyus's DGA, Revisited' (2015)"},
    {"september", "seed=CE7F8514", "J. Bader (2015); this sample orders its TLD table differently"},
    {"september", "seed=572473BB", "J. Bader, ranbyus_reloaded.py (later samples)"},
    {"september", "seed=17794CF1", "J. Bader, ranbyus_reloaded.py (later samples)"},
    {"september", "seed=C0E32524", "J. Bader, ranbyus_reloaded.py (later samples)"},
    {"september", "seed=7CB7966E", "J. Bader, ranbyus_reloaded.py (later samples)"},
    {"september", "seed=9F90C9E7", "J. Bader, ranbyus_reloaded.py (later samples)"},
    {"september", "seed=8FB8879B", "J. Bader, ranbyus_reloaded.py (later samples)"},
    {"september", "seed=E981684B", "J. Bader, ranbyus_reloaded.py (later samples)"},
    {"may", "seed=C5F128F3", "J. Bader, 'The DGA of Ranbyus' (2015)"},
    {"may", "seed=B6354BC3", "J. Bader, 'The DGA of Ranbyus' (2015)"},
    {"may", "seed=65BA0743", "J. Bader, 'The DGA of Ranbyus' (2015)"},
    {"may", "seed=0478620C", "J. Bader, 'The DGA of Ranbyus' (2015)"},
    {"may", "seed=B71CDAF5", "Netlab 360, 360netlab/DGA issue #56 (2019)"},
    {0},
};

const struct tk_family tk_family_ranbyus = {
    .name = "ranbyus",
    .aliases = "",
    .summary = "Ranbyus banking trojan: 40 names a day over 8 of 9 TLDs",
    .description =
        "May 2015 samples stir day, month, year and a 32-bit seed with shift/xor steps, one "
        "letter (a-y) per step, 14 letters a name. September 2015 samples seed a 64-bit LCG "
        "with day*month*year XOR seed; each name takes 17 bytes of two PCG-style outputs, "
        "each modulo 25. The TLD rotates through the first 8 entries of a 9-entry table, "
        "starting at the day of the month.",
    .variants = ranbyus_variants,
    .params = ranbyus_params,
    .seed_param = "seed",
    .known_seeds = ranbyus_seeds,
    .granularity = "daily",
    .names_per_period = "40",
    .tlds = "in,me,cc,su,tw,net,com,pw,org",
    .charset = "a-y",
    .label_min = 14,
    .label_max = 17,
    .wordlists = NULL,
    .reference = "baderj/domain_generation_algorithms:ranbyus/september/ranbyus_reloaded.py and "
                 "ranbyus/may/dga.c — J. Bader, 'The DGA of Ranbyus' and 'Ranbyus's DGA, "
                 "Revisited' (2015)",
    .time_note = NULL,
    .generate = ranbyus_generate,
    .period = NULL,
    .recover = ranbyus_recover,
    .recover_method = "September: x = seed XOR day*month*year; the top 16 bits of name n's first "
                      "output (two letters) are a table look-up of x's low half per high half, "
                      "each x giving one seed a day; May: the first letter enumerates the "
                      "seed's 26 low bits, the second fixes the top 6 (first name of a day)",
};
