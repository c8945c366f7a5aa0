/* locky.c - the Locky ransomware DGA, versions 2 and 3 (2016), per-sample seeds.
 *
 * Year, month, day / 2, a per-sample seed and the name's number are chained through
 * "multiply by 0xB11924E1, rotate right, add 0x27100001" steps; the result gives the length,
 * each letter (a-y) and the TLD. v2 hashes the date once and the name number once (8 names
 * from 14 TLDs); v3 runs seven mixing rounds per name over all inputs (12 names, 10 TLDs).
 * --seed, --shift and --mod replace a config's values (published seeds are below 10,000).
 *
 * Recovery: each letter is a state mod 25 and the step between letters inverts, so the
 * states of the first letter that spell the label, its TLD and its length are found among
 * 2^32/25 and stepped back to the name's start state. v2 inverts one more mix to the sum of
 * the date hash, the seed (rotated) and the name number; the seed also enters the date hash,
 * so each seed below 2^22 (per rotation, 7 and 5) is hashed with each period of the window and
 * compared. v3 mixes seven rounds forward from the seed: each seed below 2^16 runs them for
 * each period and name number. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dga/dga_util.h"
#include "dga/emit_util.h"
#include "takedown/family.h"
#include "takedown/recover.h"

#define LOCKY_MUL 0xB11924E1u
#define LOCKY_ADD 0x27100001u

struct locky_config {
    uint32_t seed;
    unsigned shift; /* right rotation after each multiplication */
    uint32_t mod;   /* v2: the name number is taken modulo this */
};

/* dgav2.py configs 1-7 (the samples are named in locky_seeds below). */
static const struct locky_config locky_v2_configs[7] = {
    {62, 7, 8},
    {75, 7, 8},
    {9, 7, 8},
    {7, 7, 8},
    {0, 5, 6},
    {660, 7, 8},
    {555, 7, 8},
};

/* dgav3.py configs 1-20: only the seed differs; all rotate by 7. */
static const uint32_t locky_v3_seeds[20] = {
    7077, 5566, 9106, 5579, 111, 9044, 9099, 9047, 9133, 9199, 9190, 9088, 9998, 9992, 1511,
    1513, 1517, 9056, 7773, 7743,
};

static const char *const locky_v2_tlds[14] = {"ru", "pw", "eu", "in", "yt", "pm", "us",
                                              "fr", "de", "it", "be", "uk", "nl", "tf"};
static const char *const locky_v3_tlds[10] = {"ru", "info", "biz", "click", "su",
                                              "work", "pl", "org", "pw", "xyz"};

/* The basic step: multiply by the constant (32-bit wrap) and rotate right. */
static uint32_t locky_mix(uint32_t v, unsigned shift)
{
    return tk_rotr32(v * LOCKY_MUL, shift);
}

/* Writes length letters driven by state, then ".TLD"; returns the name's length. */
static size_t locky_name(uint32_t state, size_t length, unsigned shift,
                         const char *const *tlds, uint32_t tld_count, char *out)
{
    for (size_t i = 0; i < length; i++) {
        state = locky_mix(tk_rotl32(state, (unsigned)i), shift) + LOCKY_ADD;
        out[i] = (char)('a' + state % 25);
    }
    state = locky_mix(state, shift);
    return tk_name_add_tld(out, length, tlds[(state + LOCKY_ADD) % tld_count]);
}

/* v2: the year and the seed hashed, shared by every date of the year. */
static uint32_t locky_v2_year_state(const struct locky_config *cfg, int year)
{
    uint32_t t = locky_mix((uint32_t)year + 0x1BF5, cfg->shift);
    if (cfg->seed != 0)
        t = locky_mix(t + cfg->seed + LOCKY_ADD, cfg->shift);
    return t;
}

/* v2: the part of the state shared by every name of the date. */
static uint32_t locky_v2_date_state(const struct locky_config *cfg, uint32_t year_state,
                                    struct tk_civil c)
{
    uint32_t t = locky_mix(year_state + (uint32_t)(c.day / 2) + LOCKY_ADD, cfg->shift);
    return locky_mix(t + (uint32_t)c.month + 0x2709A354, cfg->shift);
}

static size_t locky_v2_name(const struct locky_config *cfg, uint32_t date_state,
                            uint64_t number, char *out)
{
    uint32_t nr = tk_rotl32((uint32_t)(number % cfg->mod), 21);
    uint32_t s = tk_rotl32(cfg->seed, 17);
    uint32_t r = locky_mix(nr + date_state + s + LOCKY_ADD, cfg->shift) + LOCKY_ADD;
    return locky_name(r, r % 11 + 5, cfg->shift, locky_v2_tlds, 14, out);
}

/* v3: seven rounds over year (+1 each round), seed, day / 2, month and the name number; the
 * result drives the name's letters. Computes the keys of names first..first + count - 1
 * (count at most LOCKY_V3_BLOCK) side by side, round by round. */
enum { LOCKY_V3_BLOCK = 12 };

static void locky_v3_keys(const struct locky_config *cfg, struct tk_civil c, uint32_t first,
                          size_t count, uint32_t keys[LOCKY_V3_BLOCK])
{
    uint32_t seed_part = tk_rotl32(cfg->seed, 17);
    uint32_t year = (uint32_t)c.year;

    for (size_t n = 0; n < count; n++)
        keys[n] = 0;
    for (int round = 0; round < 7; round++, year++) {
        for (size_t n = 0; n < count; n++) {
            uint32_t k = keys[n];
            uint32_t t1 = (locky_mix(year + k + 0x1BF5, cfg->shift) + LOCKY_ADD) ^ k;
            uint32_t t3 = (locky_mix(t1 + cfg->seed, cfg->shift) + LOCKY_ADD) ^ t1;
            uint32_t t4 = locky_mix((uint32_t)(c.day / 2) + t3, cfg->shift);
            uint32_t t5 = 0xD8EFFFFFu - t4 + t3;
            uint32_t t6 = locky_mix((uint32_t)c.month + t5 - 0x65CAD, cfg->shift);
            uint32_t t7 = t5 + t6 + LOCKY_ADD;
            uint32_t number_part = tk_rotl32(first + (uint32_t)n, 21);
            uint32_t t8 = locky_mix(t7 + seed_part + number_part, cfg->shift);
            keys[n] = (t8 + LOCKY_ADD) ^ t7;
        }
    }
}

/* The configuration --config selects, with --seed, --shift and --mod where given. */
static int locky_config_of(const struct tk_gen *gen, int v3, struct locky_config *cfg,
                           struct tk_error *err)
{
    int64_t config = tk_args_int(gen->args, "config");
    int64_t configs = v3 ? 20 : 7;

    if (config < 1 || config > configs)
        return tk_error_set(err, TK_ERR_USAGE, "--config: locky %s has configs 1-%d, not %lld",
                            gen->variant->name, (int)configs, (long long)config);
    if (v3)
        *cfg = (struct locky_config){locky_v3_seeds[config - 1], 7, 0};
    else
        *cfg = locky_v2_configs[config - 1];

    int64_t seed = tk_args_int(gen->args, "seed");
    int64_t shift = tk_args_int(gen->args, "shift");
    int64_t mod = v3 ? -1 : tk_args_int(gen->args, "mod");
    if (seed < -1 || seed > (int64_t)UINT32_MAX)
        return tk_error_set(err, TK_ERR_USAGE, "--seed: -1 or 0-4294967295, not %lld",
                            (long long)seed);
    if (shift != -1 && (shift < 1 || shift > 31))
        return tk_error_set(err, TK_ERR_USAGE, "--shift: -1 or 1-31, not %lld",
                            (long long)shift);
    if (mod != -1 && (mod < 1 || mod > (int64_t)UINT32_MAX))
        return tk_error_set(err, TK_ERR_USAGE, "--mod: -1 or 1-4294967295, not %lld",
                            (long long)mod);
    if (seed >= 0)
        cfg->seed = (uint32_t)seed;
    if (shift >= 0)
        cfg->shift = (unsigned)shift;
    if (mod >= 0)
        cfg->mod = (uint32_t)mod;
    return TK_OK;
}

/* v3: count names, a block of keys at a time. */
static int locky_v3_emit(const struct locky_config *cfg, struct tk_civil c, int64_t count,
                         tk_emit_fn emit, void *ctx)
{
    uint32_t keys[LOCKY_V3_BLOCK];
    char name[40];

    for (int64_t first = 0; first < count; first += LOCKY_V3_BLOCK) {
        size_t block = count - first < LOCKY_V3_BLOCK ? (size_t)(count - first) : LOCKY_V3_BLOCK;
        locky_v3_keys(cfg, c, (uint32_t)first, block, keys);
        for (size_t n = 0; n < block; n++) {
            uint32_t k = keys[n];
            size_t len = locky_name(k, k % 11 + 7, cfg->shift, locky_v3_tlds, 10, name);
            int rc = emit(ctx, name, len);
            if (rc)
                return rc;
        }
    }
    return TK_OK;
}

static int locky_generate(const struct tk_gen *gen, tk_emit_fn emit, void *ctx,
                          struct tk_error *err)
{
    struct tk_civil c = tk_day_to_civil(tk_args_day(gen->args, "date"));
    int v3 = strcmp(gen->variant->name, "v3") == 0;
    struct locky_config cfg = {0, 0, 0};
    char name[40];

    int rc = locky_config_of(gen, v3, &cfg, err);
    if (rc)
        return rc;
    int64_t count;
    rc = tk_gen_count(gen, v3 ? 12 : 8, &count, err);
    if (rc)
        return rc;

    if (v3)
        return locky_v3_emit(&cfg, c, count, emit, ctx);
    uint32_t date_state = locky_v2_date_state(&cfg, locky_v2_year_state(&cfg, c.year), c);
    for (int64_t number = 0; number < count; number++) {
        size_t len = locky_v2_name(&cfg, date_state, (uint64_t)number, name);
        rc = emit(ctx, name, len);
        if (rc)
            return rc;
    }
    return TK_OK;
}

/* Names change when day of month / 2 changes (days 1, 2-3, 4-5, ..., 30-31). */
static int64_t locky_period(const struct tk_gen *gen, tk_day day)
{
    struct tk_civil c = tk_day_to_civil(day);
    (void)gen;
    return ((int64_t)c.year * 12 + c.month) * 16 + c.day / 2;
}

/* Recovery. The letters fix the name's start state; v2 steps it back to the sum of the date
 * hash, the seed and the name number, v3 compares it with the seven rounds. */

#define LOCKY_MUL_INVERSE 0x3EAB1F21u /* of LOCKY_MUL modulo 2^32 */

/* Seeds searched: v2 per rotation (7 and 5), v3 (all its configs rotate by 7). The published
 * seeds are below 10,000. */
enum { LOCKY_V2_SEEDS = 1 << 22, LOCKY_V3_SEEDS = 1 << 16 };

static uint32_t locky_unmix(uint32_t v, unsigned shift)
{
    return tk_rotl32(v, shift) * LOCKY_MUL_INVERSE;
}

/* A period of the window: the date the names depend on and its first day there. */
struct locky_period {
    struct tk_civil date;
    tk_day first_day;
};

struct locky_search {
    const struct tk_recover_query *query;
    int v3;
    unsigned shift;
    const char *label;
    size_t len;
    uint32_t tld_index;
    pthread_mutex_t lock;
    uint32_t *states; /* that spell the label: v3's key, v2's date hash + seed */
    size_t state_count, state_cap;
    uint8_t filter[8192]; /* bit (value >> 16) set for every state */
    struct locky_period *periods;
    size_t period_count;
};

/* True when first, the state that gives the first letter, spells the label and its TLD. */
static int locky_spells(const struct locky_search *s, uint32_t first)
{
    uint32_t tld_count = s->v3 ? 10 : 14;
    uint32_t state = first;

    for (size_t i = 1; i < s->len; i++) {
        state = locky_mix(tk_rotl32(state, (unsigned)i), s->shift) + LOCKY_ADD;
        if (state % 25 != (uint32_t)(s->label[i] - 'a'))
            return 0;
    }
    return (locky_mix(state, s->shift) + LOCKY_ADD) % tld_count == s->tld_index;
}

static int locky_keep_state(struct locky_search *s, uint32_t value)
{
    pthread_mutex_lock(&s->lock);
    if (s->state_count == s->state_cap) {
        size_t cap = s->state_cap ? 2 * s->state_cap : 16;
        uint32_t *grown = realloc(s->states, cap * sizeof *grown);
        if (grown == NULL) {
            pthread_mutex_unlock(&s->lock);
            return TK_ERR_NOMEM;
        }
        s->states = grown;
        s->state_cap = cap;
    }
    s->states[s->state_count++] = value;
    s->filter[value >> 19] |= (uint8_t)(1u << (value >> 16 & 7));
    pthread_mutex_unlock(&s->lock);
    return TK_OK;
}

/* v2: the start was mixed from date hash + seed + number + LOCKY_ADD; keeps date hash + seed
 * for each name number. */
static int locky_keep_v2_sums(struct locky_search *s, uint32_t start)
{
    uint32_t sum = locky_unmix(start - LOCKY_ADD, s->shift) - LOCKY_ADD;
    for (uint32_t number = 0; number < 8; number++) {
        int rc = locky_keep_state(s, sum - tk_rotl32(number, 21));
        if (rc)
            return rc;
    }
    return TK_OK;
}

/* The states that give the first letter are k * 25 + letter; the survivors are stepped back
 * to the name's start, which also draws the length. */
static int locky_letter_slice(void *arg, uint64_t lo, uint64_t hi)
{
    struct locky_search *s = arg;
    uint32_t letter = (uint32_t)(s->label[0] - 'a');
    size_t len_min = s->v3 ? 7 : 5;

    for (uint64_t k = lo; k <= hi; k++) {
        uint32_t first = (uint32_t)(k * 25 + letter);
        if (!locky_spells(s, first))
            continue;
        uint32_t start = locky_unmix(first - LOCKY_ADD, s->shift);
        if (start % 11 + len_min != s->len)
            continue;
        int rc = s->v3 ? locky_keep_state(s, start) : locky_keep_v2_sums(s, start);
        if (rc)
            return rc;
    }
    return TK_OK;
}

static int locky_has_state(const struct locky_search *s, uint32_t value)
{
    if (!(s->filter[value >> 19] >> (value >> 16 & 7) & 1))
        return 0;
    for (size_t i = 0; i < s->state_count; i++)
        if (s->states[i] == value)
            return 1;
    return 0;
}

static int locky_found(const struct locky_search *s, uint32_t seed, tk_day day)
{
    char params[48];
    if (s->shift == 7)
        snprintf(params, sizeof params, "seed=%u", (unsigned)seed);
    else
        snprintf(params, sizeof params, "seed=%u;shift=%u", (unsigned)seed, s->shift);
    return tk_recover_candidate(s->query, params, day);
}

/* v2: the date hash of each period plus the seed, against the sums less each name number
 * (kept as states). */
static int locky_v2_seed_slice(void *arg, uint64_t lo, uint64_t hi)
{
    const struct locky_search *s = arg;
    for (uint64_t seed = lo; seed <= hi; seed++) {
        struct locky_config cfg = {(uint32_t)seed, s->shift, 8};
        uint32_t seed_part = tk_rotl32(cfg.seed, 17);
        uint32_t year_state = 0;
        int year = -1;
        for (size_t p = 0; p < s->period_count; p++) {
            struct tk_civil c = s->periods[p].date;
            if (c.year != year) {
                year = c.year;
                year_state = locky_v2_year_state(&cfg, year);
            }
            if (!locky_has_state(s, locky_v2_date_state(&cfg, year_state, c) + seed_part))
                continue;
            int rc = locky_found(s, cfg.seed, s->periods[p].first_day);
            if (rc)
                return rc;
        }
    }
    return TK_OK;
}

/* v3: the seven rounds of each period and name number. */
static int locky_v3_seed_slice(void *arg, uint64_t lo, uint64_t hi)
{
    const struct locky_search *s = arg;
    uint32_t keys[LOCKY_V3_BLOCK];
    for (uint64_t seed = lo; seed <= hi; seed++) {
        struct locky_config cfg = {(uint32_t)seed, s->shift, 0};
        for (size_t p = 0; p < s->period_count; p++) {
            locky_v3_keys(&cfg, s->periods[p].date, 0, LOCKY_V3_BLOCK, keys);
            for (size_t n = 0; n < LOCKY_V3_BLOCK; n++) {
                if (!locky_has_state(s, keys[n]))
                    continue;
                int rc = locky_found(s, cfg.seed, s->periods[p].first_day);
                if (rc)
                    return rc;
                break;
            }
        }
    }
    return TK_OK;
}

/* The distinct periods of from..to with the first day of each. */
static int locky_window(struct locky_search *s, tk_day from, tk_day to)
{
    s->periods = malloc(((size_t)(to - from) + 1) * sizeof *s->periods);
    if (s->periods == NULL)
        return TK_ERR_NOMEM;
    int64_t last_key = -1;
    for (tk_day d = from; d <= to; d++) {
        int64_t key = locky_period(NULL, d);
        if (key == last_key)
            continue;
        last_key = key;
        s->periods[s->period_count++] = (struct locky_period){tk_day_to_civil(d), d};
    }
    return TK_OK;
}

/* One rotation: the states that spell the label, then the seeds that reach them. */
static int locky_search_shift(struct locky_search *s, unsigned shift)
{
    s->shift = shift;
    s->state_count = 0;
    memset(s->filter, 0, sizeof s->filter);
    int rc = tk_recover_parallel(0, (UINT32_MAX - (uint32_t)(s->label[0] - 'a')) / 25,
                                 s->query->threads, locky_letter_slice, s);
    if (rc || s->state_count == 0)
        return rc;
    if (s->v3)
        return tk_recover_parallel(0, LOCKY_V3_SEEDS - 1, s->query->threads,
                                   locky_v3_seed_slice, s);
    return tk_recover_parallel(0, LOCKY_V2_SEEDS - 1, s->query->threads, locky_v2_seed_slice,
                               s);
}

/* The index of tld in the variant's list, or -1. */
static int locky_tld_index(int v3, const char *tld)
{
    const char *const *tlds = v3 ? locky_v3_tlds : locky_v2_tlds;
    int count = v3 ? 10 : 14;
    for (int i = 0; i < count; i++)
        if (strcmp(tlds[i], tld) == 0)
            return i;
    return -1;
}

static int locky_recover(struct tk_recover_query *query, struct tk_error *err)
{
    struct locky_search s;
    const char *tld;
    int rc = TK_OK;

    (void)err;
    memset(&s, 0, sizeof s);
    s.query = query;
    s.label = query->name;
    s.v3 = strcmp(query->variant->name, "v3") == 0;
    query->covered = s.v3 ? LOCKY_V3_SEEDS : 2.0 * LOCKY_V2_SEEDS;
    if (tk_recover_split(query, &s.len, &tld) != 0)
        return TK_OK;
    int tld_index = locky_tld_index(s.v3, tld);
    if (tld_index < 0 || s.len < (s.v3 ? 7u : 5u) || s.len > (s.v3 ? 17u : 15u))
        return TK_OK;
    for (size_t i = 0; i < s.len; i++)
        if (s.label[i] < 'a' || s.label[i] > 'y')
            return TK_OK;
    s.tld_index = (uint32_t)tld_index;
    pthread_mutex_init(&s.lock, NULL);
    rc = locky_window(&s, query->from, query->to);
    if (rc == TK_OK)
        rc = locky_search_shift(&s, 7);
    if (rc == TK_OK && !s.v3)
        rc = locky_search_shift(&s, 5);
    pthread_mutex_destroy(&s.lock);
    free(s.states);
    free(s.periods);
    return rc;
}

static const struct tk_variant locky_variants[] = {
    {"v2", "2016 samples: date hashed once, 8 names from 14 TLDs, 7 configs",
     "ru,pw,eu,in,yt,pm,us,fr,de,it,be,uk,nl,tf", "a-y", 5, 15},
    {"v3", "later 2016 samples: seven rounds per name, 12 names from 10 TLDs, 20 configs",
     "ru,info,biz,click,su,work,pl,org,pw,xyz", "a-y", 7, 17},
    {0},
};

static const struct tk_param_def locky_params[] = {
    {"date", TK_PARAM_DATE, NULL, NULL, "UTC day; names change every two days (day / 2)"},
    {"config", TK_PARAM_INT, "1", NULL, "sample configuration: 1-7 (v2) or 1-20 (v3)"},
    {"seed", TK_PARAM_INT, "-1", NULL,
     "per-sample seed 0-4294967295 in place of the config's (-1: the config's)"},
    {"shift", TK_PARAM_INT, "-1", NULL,
     "right rotation after each multiplication, 1-31 (-1: the config's, 7 or 5)"},
    {"mod", TK_PARAM_INT, "-1", "v2",
     "v2: the name number is taken modulo this (-1: the config's, 8 or 6)"},
    {"count", TK_PARAM_INT, "0", NULL,
     "names to generate; 0 means the variant's own number (v2: 8, v3: 12)"},
    {0},
};

static const struct tk_seed locky_seeds[] = {
    {"v2", "config=1", "seed 62; sample md5 b28da1f2a5d889594a0e77e0853bcf29 (J. Bader)"},
    {"v2", "config=2", "seed 75; sample md5 e35bf0901f1a7db2b3752f85cd1bd044 (J. Bader)"},
    {"v2", "config=3", "seed 9; sample md5 872018251970f0a739aa71d3cd313efa (J. Bader)"},
    {"v2", "config=4", "seed 7; sample md5 3f118d0b888430ab9f58fc2589207988 (J. Bader)"},
    {"v2", "config=5",
     "seed 0, rotation 5, modulus 6; sample md5 32e2c73ed8da34d87c64267936e632cb (J. Bader)"},
    {"v2", "config=6", "seed 660; sample md5 d2ea1565ae004368655edb5169b56a0f (J. Bader)"},
    {"v2", "config=7", "seed 555; sample md5 69b933a694710f8ceb314dc897a94cbe (J. Bader)"},
    {"v3", "config=1", "seed 7077; sample md5 81e85dcaf482aba2f8ea047145490493 (J. Bader)"},
    {"v3", "config=2", "seed 5566; sample md5 5fb8f8f75342ff68ed8c79cc375f0cd8 (J. Bader)"},
    {"v3", "config=3", "seed 9106; sample md5 19079496f6abfafd9a99d02098556a79 (J. Bader)"},
    {"v3", "config=4", "seed 5579; sample md5 0e223d578eaddec361498591ec8c1a19 (J. Bader)"},
    {"v3", "config=5", "seed 111; sample md5 6cb11f4066f74556dd14d27008d867b4 (J. Bader)"},
    {"v3", "config=6", "seed 9044; sample md5 ed534695e79a2a70e8b15f8873cdfa02 (Sophos)"},
    {"v3", "config=7", "seed 9099; sample md5 bfb5fec661318f07b0eca8520bb8c53f (J. Bader)"},
    {"v3", "config=8", "seed 9047; sample md5 a075610a69e196ab74f79508dbcf5eef (J. Bader)"},
    {"v3", "config=9", "seed 9133; sample md5 6c3e68307d01e4340c83fac94f237237 (J. Bader)"},
    {"v3", "config=10", "seed 9199; sample md5 17bf0d1776de896315cb2d63118f9667 (J. Bader)"},
    {"v3", "config=11", "seed 9190 (J. Bader, locky/dgav3.py)"},
    {"v3", "config=12", "seed 9088 (J. Bader, locky/dgav3.py; malwr sample)"},
    {"v3", "config=13", "seed 9998; sample md5 6eb8865bf055ba30cc9e2843f16ee461 (J. Bader)"},
    {"v3", "config=14", "seed 9992; sample md5 b5660f65369abc67cfa4a65e7d0d65d9 (J. Bader)"},
    {"v3", "config=15", "seed 1511; sample md5 aceec3d6334e925297efc8d4232473c2 (J. Bader)"},
    {"v3", "config=16", "seed 1513 (J. Bader, locky/dgav3.py; downloaded sample)"},
    {"v3", "config=17", "seed 1517; sample md5 89f35a5d22088e3ca8664697e895b7a5 (J. Bader)"},
    {"v3", "config=18", "seed 9056; sample md5 a9d09406e0982d652b6db291558df71a (J. Bader)"},
    {"v3", "config=19", "seed 7773 (Nominum, 'Locky back')"},
    {"v3", "config=20", "seed 7743 (Nominum, 'Locky back')"},
    {0},
};

const struct tk_family tk_family_locky = {
    .name = "locky",
    .aliases = "",
    .summary = "Locky ransomware: 8 (v2) or 12 (v3) names every two days, per-sample seed",
    .description =
        "Year, month, day of month / 2 and a per-sample seed are chained through steps of "
        "'multiply by 0xB11924E1, rotate right by 7 (5 in one v2 config), add 0x27100001', "
        "together with the name number rotated left by 21. The result gives the length "
        "(v2: 5-15, v3: 7-17), each letter ('a' + state mod 25, so a-y) and the TLD. v2 "
        "hashes the date once and the name number (mod 8, or 6) once; v3 runs seven rounds "
        "per name, incrementing the year each round.",
    .variants = locky_variants,
    .params = locky_params,
    .seed_param = "config",
    .known_seeds = locky_seeds,
    .granularity = "every two days (day of month / 2: days 1, 2-3, 4-5, ..., 30-31)",
    .names_per_period = "8 (v2), 12 (v3)",
    .tlds = "ru,pw,eu,in,yt,pm,us,fr,de,it,be,uk,nl,tf,info,biz,click,su,work,pl,org,xyz",
    .charset = "a-y",
    .label_min = 5,
    .label_max = 17,
    .wordlists = NULL,
    .reference = "baderj/domain_generation_algorithms:locky/dgav2.py, locky/dgav3.py — "
                 "J. Bader, reimplementations of the Locky DGAs",
    .time_note = NULL,
    .generate = locky_generate,
    .period = locky_period,
    .recover = locky_recover,
    .recover_method = "the letters fix the state of the first letter (2^32/25 states "
                      "tried, pruned per letter, TLD and length); v2 steps it back to the sum "
                      "of the date hash, seed and name number and compares that with each "
                      "seed's date hash per period, v3 with each seed's seven rounds",
};
