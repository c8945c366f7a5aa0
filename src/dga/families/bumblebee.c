/* bumblebee.c - the Bumblebee loader DGA (100 .life names of 11 characters).
 *
 * A magic string read as a little-endian number, plus seconds, month and year (or fixed
 * values in the static mode), seeds a 64-bit LCG whose every step is followed by 32 rounds
 * of a shift-and-xor; each step picks one character from a-z0-9. */
#include <string.h>

#include "dga/dga_util.h"
#include "dga/emit_util.h"
#include "takedown/family.h"

#define BUMBLEBEE_LABEL_LENGTH 11

static const char bumblebee_charset[] = "abcdefghijklmnopqrstuvwxyz0123456789";

/* The Numerical Recipes constants on a 64-bit state (so not lcg.h's 32-bit generator),
 * then 32 shift-and-xor rounds. */
static uint64_t bumblebee_next(uint64_t r)
{
    r = r * 1664525u + 1013904223u;
    for (int i = 0; i < 32; i++)
        r = (r & 1) ? (r >> 1) ^ 0xF5000000u : r >> 1;
    return r;
}

/* The magic's characters as a little-endian number; characters past the eighth only add
 * multiples of 2^64, which the first generator step drops. */
static uint64_t bumblebee_magic_value(const char *magic)
{
    uint64_t value = 0;
    for (size_t i = 0; i < 8 && magic[i]; i++)
        value |= (uint64_t)(unsigned char)magic[i] << (8 * i);
    return value;
}

static int bumblebee_generate(const struct tk_gen *gen, tk_emit_fn emit, void *ctx,
                              struct tk_error *err)
{
    const char *magic = tk_args_str(gen->args, "magic");
    int64_t count = tk_args_int(gen->args, "count");
    uint64_t seconds = 32, month = 13, year = 1899; /* the static mode's fixed values */

    int rc = tk_check_ascii_param("magic", magic, SIZE_MAX, err);
    if (rc)
        return rc;
    uint64_t r = bumblebee_magic_value(magic);
    if (strcmp(gen->variant->name, "time") == 0) {
        int64_t second = tk_args_int(gen->args, "second");
        if (second < 0 || second > 59)
            return tk_error_set(err, TK_ERR_USAGE, "--second must be 0 to 59");
        struct tk_civil c = tk_day_to_civil(tk_args_day(gen->args, "date"));
        seconds = (uint64_t)second;
        month = (uint64_t)(c.month - 1);
        year = (uint64_t)c.year;
    }
    r += (seconds | ((month + 256) << 8)) + year;

    char name[BUMBLEBEE_LABEL_LENGTH + 6];
    size_t len = tk_name_add_tld(name, BUMBLEBEE_LABEL_LENGTH, "life");
    for (int64_t n = 0; n < count; n++) {
        for (size_t i = 0; i < BUMBLEBEE_LABEL_LENGTH; i++) {
            r = bumblebee_next(r);
            name[i] = bumblebee_charset[r % 36];
        }
        rc = emit(ctx, name, len);
        if (rc)
            return rc;
    }
    return TK_OK;
}

/* With the second fixed by its parameter, time names change with the month only. */
static int64_t bumblebee_period(const struct tk_gen *gen, tk_day day)
{
    if (strcmp(gen->variant->name, "time") != 0)
        return 0;
    return tk_period_monthly(gen, day);
}

static const struct tk_variant bumblebee_variants[] = {
    {"static", "static DGA: fixed seconds (32), month (13) and year (1899) in the seed", NULL,
     NULL, 0, 0},
    {"time", "time-based DGA: the clock's seconds, month - 1 and year in the seed", NULL, NULL,
     0, 0},
    {0},
};

static const struct tk_param_def bumblebee_params[] = {
    {"date", TK_PARAM_DATE, NULL, "time", "UTC day; its month and year enter the seed"},
    {"second", TK_PARAM_INT, "0", "time", "seconds field of the clock, 0-59 (a date is 00:00:00)"},
    {"magic", TK_PARAM_STRING, "TEST_SEE", NULL, "ASCII magic string from the sample"},
    {"count", TK_PARAM_INT, "100", NULL, "names per run, from one generator"},
    {0},
};

static const struct tk_seed bumblebee_seeds[] = {
    {NULL, "magic=TEST_SEE", "the magic of the analysed sample, default of J. Bader's "
                             "reimplementation"},
    {0},
};

const struct tk_family tk_family_bumblebee = {
    .name = "bumblebee",
    .aliases = "",
    .summary = "Bumblebee loader: 100 .life names of 11 characters, static or monthly",
    .description =
        "The magic string, read as a little-endian number, plus (seconds | (month + 256) << 8) "
        "+ year seeds a 64-bit LCG (1664525, 1013904223); after every step 32 rounds shift "
        "right and xor 0xF5000000 when the dropped bit was set. Each step picks one of "
        "a-z0-9, 11 per name, under .life. The static mode uses 32 s, month 13 and year 1899; "
        "the time mode the clock's seconds, month - 1 and year.",
    .variants = bumblebee_variants,
    .params = bumblebee_params,
    .seed_param = "magic",
    .known_seeds = bumblebee_seeds,
    .granularity = "none (static); time: monthly (with the seconds fixed)",
    .names_per_period = "100",
    .tlds = "life",
    .charset = "a-z0-9",
    .label_min = BUMBLEBEE_LABEL_LENGTH,
    .label_max = BUMBLEBEE_LABEL_LENGTH,
    .wordlists = NULL,
    .reference = "baderj/domain_generation_algorithms:bumblebee/dga.py — J. Bader, DGA of "
                 "Bumblebee",
    .time_note = "the time mode reads the local clock, seconds included; we use UTC and "
                 "00:00:SS with SS from --second (0 by default)",
    .generate = bumblebee_generate,
    .period = bumblebee_period,
};
