/* necurs.c - the Necurs DGA (2048 names per 4-day bucket, 43 TLDs).
 *
 * Every value goes through a 64-bit mixing loop whose length depends on its own low bits.
 * The year, month and day-bucket steps are the same for all 2048 names of a period, so they
 * are computed once per period and shared. */
#include "dga/necurs_search.h"
#include "dga/emit_util.h"
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

/* The per-name work is a chain of 2 + 2 * length mixing loops of 21-148 serial rounds each,
 * so one name at a time leaves most of the CPU idle. Names are independent, so a batch of
 * names takes each step of the algorithm together: mix_batch() runs one mixing loop for
 * every name of the batch, LANES names at a time in a vector type that the compiler maps to
 * SIMD registers (value * 7 is written as a shift and a subtraction: SIMD units have no
 * 64-bit multiply before AVX-512). The names are first ordered by their loop length (a
 * counting sort on the low 7 bits), so the lanes of a vector nearly always finish together.
 * Written by hand because it is the hot path of Necurs prediction (six million names in the
 * benchmark). */
#define LANES 12
#define BATCH 2048
/* Four 64-bit lanes: one AVX2 register. Three run side by side (LANES), so each step has
 * three independent chains in flight. */
typedef uint64_t lane_vector __attribute__((vector_size(32)));

struct necurs_batch {
    uint64_t value[BATCH];   /* each name's running state */
    uint64_t work[BATCH];    /* the states of the names still growing, packed */
    uint16_t growing[BATCH]; /* their slots */
    uint16_t order[BATCH];   /* scratch for mix_batch */
    size_t length[BATCH];
    char name[BATCH][32];
};

/* value[i] = necurs_mix(value[i]) for i < count; order is scratch space of count entries. */
__attribute__((target_clones("avx2", "default")))
static void mix_batch(uint64_t *value, size_t count, uint16_t *order)
{
    uint32_t start[129] = {0};

    for (size_t i = 0; i < count; i++)
        start[(value[i] & 0x7F) + 1]++;
    for (int k = 0; k < 128; k++)
        start[k + 1] += start[k];
    for (size_t i = 0; i < count; i++)
        order[start[value[i] & 0x7F]++] = (uint16_t)i;

    /* Neighbours in that order share their loop length, so each vector runs the shortest
     * loop of its lanes without masks, and the few lanes with a longer loop finish in scalar
     * code. */
    for (size_t g = 0; g < count; g += LANES) {
        uint64_t x[LANES] = {0}, limit[LANES] = {0}, shortest = UINT64_MAX;
        size_t lanes = count - g < LANES ? count - g : LANES;
        for (size_t l = 0; l < lanes; l++) {
            x[l] = value[order[g + l]];
            limit[l] = (x[l] & 0x7F) + 21;
            if (limit[l] < shortest)
                shortest = limit[l];
        }
        lane_vector a = {x[0], x[1], x[2], x[3]}, b = {x[4], x[5], x[6], x[7]};
        lane_vector c = {x[8], x[9], x[10], x[11]};
        for (uint64_t r = 0; r < shortest; r++) {
            a += (((a << 3) - a) ^ (a << 15)) + (r << 3) - (a >> 5);
            b += (((b << 3) - b) ^ (b << 15)) + (r << 3) - (b >> 5);
            c += (((c << 3) - c) ^ (c << 15)) + (r << 3) - (c >> 5);
        }
        for (size_t l = 0; l < lanes; l++) {
            uint64_t y = l < 4 ? a[l] : l < 8 ? b[l - 4] : c[l - 8];
            for (uint64_t r = shortest; r < limit[l]; r++)
                y += (((y << 3) - y) ^ (y << 15)) + (r << 3) - (y >> 5);
            value[order[g + l]] = y;
        }
    }
}

/* Names count of the period, starting at sequence number first, into b->name/length. */
static void necurs_batch_run(struct necurs_batch *b, uint64_t period_state, uint64_t magic,
                             uint64_t first, size_t count)
{
    size_t longest = 0;

    for (size_t i = 0; i < count; i++)
        b->value[i] = period_state + first + i;
    mix_batch(b->value, count, b->order);
    for (size_t i = 0; i < count; i++)
        b->value[i] += magic;
    mix_batch(b->value, count, b->order);
    for (size_t i = 0; i < count; i++) {
        b->length[i] = b->value[i] % 15 + 7;
        if (b->length[i] > longest)
            longest = b->length[i];
    }
    /* Letter by letter; names already complete sit out, so the two loops of each letter run
     * on the packed states of the names still growing. */
    size_t active = count;
    for (size_t i = 0; i < count; i++)
        b->growing[i] = (uint16_t)i;
    for (size_t position = 0; position < longest; position++) {
        size_t kept = 0;
        for (size_t k = 0; k < active; k++)
            if (b->length[b->growing[k]] > position)
                b->growing[kept++] = b->growing[k];
        active = kept;
        for (size_t k = 0; k < active; k++)
            b->work[k] = b->value[b->growing[k]] + position;
        mix_batch(b->work, active, b->order);
        for (size_t k = 0; k < active; k++) {
            b->name[b->growing[k]][position] = (char)('a' + b->work[k] % 25);
            b->work[k] += 0xABBEDF;
        }
        mix_batch(b->work, active, b->order);
        for (size_t k = 0; k < active; k++)
            b->value[b->growing[k]] = b->work[k];
    }
    for (size_t i = 0; i < count; i++)
        b->length[i] = tk_name_add_tld(b->name[i], b->length[i], necurs_tlds[b->value[i] % 43]);
}

static int necurs_generate(const struct tk_gen *gen, tk_emit_fn emit, void *ctx,
                           struct tk_error *err)
{
    static _Thread_local struct necurs_batch batch;
    int64_t count;
    uint64_t state = necurs_period_state(tk_args_day(gen->args, "date"));
    uint64_t magic = (uint64_t)tk_args_int(gen->args, "magic");

    int rc = tk_gen_count(gen, 0, &count, err);
    if (rc)
        return rc;
    for (int64_t first = 0; first < count; first += BATCH) {
        size_t n = count - first < BATCH ? (size_t)(count - first) : BATCH;
        necurs_batch_run(&batch, state, magic, (uint64_t)first, n);
        for (size_t i = 0; i < n; i++) {
            rc = emit(ctx, batch.name[i], batch.length[i]);
            if (rc)
                return rc;
        }
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
    /* Found by `takedown match --discover-seeds necurs` in Netlab 360's DGA feed
     * (docs/match.md): the names of 2017-07-04 and of April-May 2018 that magic 9 does
     * not explain. */
    {NULL, "magic=7", "botnet seen in Netlab 360's feed, July 2017 and April-May 2018"},
    {NULL, "magic=5", "botnet seen in Netlab 360's feed, July 2017 and April-May 2018"},
    {NULL, "magic=11", "botnet seen in Netlab 360's feed, April-May 2018"},
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
    .search = necurs_search,
    .search_method = "per candidate: the magic-independent mix per period, then length and "
                     "three-letter prefix filters in vectorized lockstep",
};
