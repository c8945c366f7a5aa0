/* vidro.c - the Vidro DGA (Netlab 360): 100 names a week, three TLDs in rotation.
 *
 * The number of weeks since 2010-05-16 08:53:20 UTC, plus 1005, times 123456 is the base
 * seed. Name i restarts a 32-bit LCG at base + i mod 100; its outputs give a length of 7-12
 * and the letters, and the TLD cycles through dyndns.org, com and net. */
#include "dga/emit_util.h"
#include "takedown/family.h"
#include "dga/lcg.h"
#include "dga/pyarith.h"

#define VIDRO_EPOCH 1274000000 /* 2010-05-16 08:53:20 UTC */
#define VIDRO_WEEK 604800
#define VIDRO_LABEL_MAX 12

static const char *const vidro_tlds[3] = {"dyndns.org", "com", "net"};

/* A step of the ANSI C LCG (0x41C64E6D, 0x3039); the output is the new state >> 10. */
static uint32_t vidro_rand(uint32_t *state)
{
    return tk_lcg_ansi_c(state) >> 10;
}

/* Weeks since the epoch (floor division, so days before it count down). */
static int64_t vidro_week(tk_day day)
{
    return tk_floor_div(tk_day_to_unix(day) - VIDRO_EPOCH, VIDRO_WEEK);
}

/* The base seed of a week, reduced to 32 bits like every later step. */
static uint32_t vidro_base_seed(int64_t week)
{
    return (uint32_t)((uint64_t)week + 0x3ED) * 0x1E240u;
}

/* Writes name number index into out and returns its length. */
static size_t vidro_name(uint32_t base, int64_t index, char *out)
{
    uint32_t state = base + (uint32_t)(index % 100);
    size_t length = vidro_rand(&state) % 6 + 7;
    for (size_t i = 0; i < length; i++)
        out[i] = (char)('a' + vidro_rand(&state) % 26);
    return tk_name_add_tld(out, length, vidro_tlds[index % 3]);
}

static int vidro_generate(const struct tk_gen *gen, tk_emit_fn emit, void *ctx,
                          struct tk_error *err)
{
    uint32_t base = vidro_base_seed(vidro_week(tk_args_day(gen->args, "date")));
    int64_t count = tk_args_int(gen->args, "count");
    char name[VIDRO_LABEL_MAX + 16];

    (void)err;
    for (int64_t i = 0; i < count; i++) {
        size_t len = vidro_name(base, i, name);
        int rc = emit(ctx, name, len);
        if (rc)
            return rc;
    }
    return TK_OK;
}

static int64_t vidro_period(const struct tk_gen *gen, tk_day day)
{
    (void)gen;
    return vidro_week(day);
}

static const struct tk_variant vidro_variants[] = {
    {"default", "Netlab 360's reimplementation", NULL, NULL, 0, 0},
    {0},
};

static const struct tk_param_def vidro_params[] = {
    {"date", TK_PARAM_DATE, NULL, NULL,
     "UTC day (taken at 00:00); names change every 7 days, counted from 2010-05-16 08:53:20"},
    {"count", TK_PARAM_INT, "100", NULL,
     "names to emit; labels repeat every 100 indexes, TLDs every 3"},
    {0},
};

static const struct tk_seed vidro_seeds[] = {
    {0},
};

const struct tk_family tk_family_vidro = {
    .name = "vidro",
    .aliases = "",
    .summary = "Vidro: 100 names a week over dyndns.org, com and net",
    .description =
        "Weeks are counted from Unix time 1274000000 (2010-05-16 08:53:20 UTC); (week + 1005) "
        "* 123456 is the base seed. Name i seeds a 32-bit LCG (x * 0x41C64E6D + 0x3039, "
        "output x >> 10) with base + i mod 100: the first output gives a length of 7-12, the "
        "next ones the letters (mod 26). The TLD is dyndns.org, com, net by i mod 3.",
    .variants = vidro_variants,
    .params = vidro_params,
    .seed_param = NULL,
    .known_seeds = vidro_seeds,
    .granularity = "weekly (7-day periods from 2010-05-16 08:53:20 UTC)",
    .names_per_period = "100",
    .tlds = "dyndns.org,com,net",
    .charset = "a-z",
    .label_min = 7,
    .label_max = VIDRO_LABEL_MAX,
    .wordlists = NULL,
    .reference = "360netlab/DGA:code/vidro/dga.py — Netlab 360, Vidro DGA",
    .time_note = NULL,
    .generate = vidro_generate,
    .period = vidro_period,
};
