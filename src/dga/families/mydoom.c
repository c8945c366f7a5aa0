/* mydoom.c - the MyDoom DGA (ten letters from the decimal digits of an LCG value).
 *
 * Year + month + day + a magic seed an LCG; each value's ten decimal digits, lowest first,
 * become letters and the lowest digit picks the TLD. Part way through, the generator restarts
 * from the bare magic: at name 51 in Bader's reading, at the last name in Netlab 360's. */
#include <string.h>

#include "dga/dga_util.h"
#include "dga/emit_util.h"
#include "takedown/family.h"
#include "dga/lcg.h"

#define MYDOOM_LABEL_LENGTH 10
#define MYDOOM_TLD_MAX 64
#define MYDOOM_BADER_RESTART 51 /* 1-based name number that restarts from the magic */

static const char mydoom_letters[] = "asnhreqwpm";
static const char mydoom_default_tlds[] = "com,biz,us,net,org,ws,info,in";

/* The TLD for each lowest digit: the first seven list entries, the last one for 7-9. */
struct mydoom_tlds {
    char by_digit[10][MYDOOM_TLD_MAX];
};

static int mydoom_load_tlds(const char *list, struct mydoom_tlds *out, struct tk_error *err)
{
    size_t count = tk_list_count(list);
    if (count < 7)
        return tk_error_set(err, TK_ERR_USAGE,
                            "--tlds needs at least 7 comma-separated TLDs, got %zu", count);
    for (size_t digit = 0; digit < 10; digit++) {
        size_t item = digit < 7 ? digit : count - 1;
        if (tk_list_item(list, item, out->by_digit[digit], MYDOOM_TLD_MAX) != 0)
            return tk_error_set(err, TK_ERR_USAGE, "--tlds: TLD number %zu is too long",
                                item + 1);
    }
    return TK_OK;
}

/* Spells the name of one generator value into out and hands it to emit. */
static int mydoom_emit(uint32_t value, const struct mydoom_tlds *tlds, tk_emit_fn emit,
                       void *ctx)
{
    char name[MYDOOM_LABEL_LENGTH + 1 + MYDOOM_TLD_MAX];
    const char *tld = tlds->by_digit[value % 10];

    for (size_t i = 0; i < MYDOOM_LABEL_LENGTH; i++) {
        name[i] = mydoom_letters[value % 10];
        value /= 10;
    }
    return tk_emit_with_tld(emit, ctx, name, MYDOOM_LABEL_LENGTH, tld);
}

static int mydoom_generate(const struct tk_gen *gen, tk_emit_fn emit, void *ctx,
                           struct tk_error *err)
{
    int netlab = strcmp(gen->variant->name, "netlab360") == 0;
    struct tk_civil c = tk_day_to_civil(tk_args_day(gen->args, "date"));
    /* Only the low 32 bits of the seed survive the first generator step. */
    uint32_t magic = (uint32_t)(uint64_t)tk_args_int(gen->args, netlab ? "seed" : "magic");
    int64_t count;
    struct mydoom_tlds tlds;

    int rc = mydoom_load_tlds(netlab ? tk_args_str(gen->args, "tlds") : mydoom_default_tlds,
                              &tlds, err);
    if (rc)
        return rc;
    rc = tk_gen_count(gen, netlab ? 51 : 99, &count, err);
    if (rc)
        return rc;

    uint32_t state = magic + (uint32_t)(c.year + c.month + c.day);
    for (int64_t n = 1; n <= count; n++) {
        int restart = netlab ? n == count : n == MYDOOM_BADER_RESTART;
        if (restart)
            state = magic;
        rc = mydoom_emit(tk_lcg_numerical_recipes(&state), &tlds, emit, ctx);
        if (rc)
            return rc;
    }
    return TK_OK;
}

static const struct tk_variant mydoom_variants[] = {
    {"default", "J. Bader's reading: 99 names, restarting from the magic at name 51", NULL, NULL,
     0, 0},
    {"netlab360", "Netlab 360's reading: 51 names, the last one from the bare seed; TLDs "
                  "configurable", NULL, NULL, 0, 0},
    {0},
};

static const struct tk_param_def mydoom_params[] = {
    {"date", TK_PARAM_DATE, NULL, NULL, "UTC day; names change daily (year + month + day)"},
    {"magic", TK_PARAM_INT, "0xFA8", "default", "seed added to the date (0xFA8 in the sample)"},
    {"seed", TK_PARAM_INT, "0xfa8", "netlab360", "seed added to the date (0xfa8 in the sample)"},
    {"tlds", TK_PARAM_STRING, "com,biz,us,net,org,ws,info,in", "netlab360",
     "TLDs for lowest digits 0-6, then the last one for 7-9"},
    {"count", TK_PARAM_INT, "0", NULL,
     "names per day; 0 means the reference's count (99 default, 51 netlab360)"},
    {0},
};

static const struct tk_seed mydoom_seeds[] = {
    {"default", "magic=0xFA8", "the sample's seed (J. Bader, 'The DGA of MyDoom')"},
    {"netlab360", "seed=0xfa8", "the sample's seed (Netlab 360, DGA repository)"},
    {0},
};

const struct tk_family tk_family_mydoom = {
    .name = "mydoom",
    .aliases = "",
    .summary = "MyDoom: 99 (or 51) ten-letter names a day over 8 TLDs",
    .description =
        "Year + month + day + a seed (0xFA8) start a 32-bit LCG (1664525, 1013904223). Each "
        "value's ten decimal digits, lowest first, map to the letters 'asnhreqwpm'; the lowest "
        "digit also picks the TLD (com, biz, us, net, org, ws, info, and in for 7-9). The "
        "generator restarts from the bare seed at name 51 (Bader) or for the last name "
        "(Netlab 360); the first 51 names of both agree.",
    .variants = mydoom_variants,
    .params = mydoom_params,
    .seed_param = "magic",
    .known_seeds = mydoom_seeds,
    .granularity = "daily",
    .names_per_period = "99 (default), 51 (netlab360)",
    .tlds = "com,biz,us,net,org,ws,info,in",
    .charset = "aehmnp-sw",
    .label_min = MYDOOM_LABEL_LENGTH,
    .label_max = MYDOOM_LABEL_LENGTH,
    .wordlists = NULL,
    .reference = "baderj/domain_generation_algorithms:mydoom/dga.py — J. Bader, 'The DGA of "
                 "MyDoom'; 360netlab/DGA:code/mydoom/dga.py — Netlab 360",
    .time_note = NULL,
    .generate = mydoom_generate,
    .period = NULL,
};
