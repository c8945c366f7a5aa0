/* orchard.c - the Orchard v3 DGA (16 names a day from the date, 16 more from Bitcoin data).
 *
 * A seed text is hashed with MD5; the 32 hex digits are cut into four 8-digit labels, and
 * each label is tried under .com, .net, .org and .duckdns.org. The first seed is the date
 * "YYYY-MM-DD" followed by "ojena.duckdns.org"; the second is a JSON text holding the
 * balance and transaction count of the Bitcoin genesis address, which the malware fetches
 * live, so that half is only generated when the caller supplies both numbers. */
#include <stdio.h>
#include <string.h>

#include "dga/dga_util.h"
#include "dga/emit_util.h"
#include "takedown/family.h"

#define ORCHARD_SEED_MAX 512

static const char *const orchard_tlds[4] = {"com", "net", "org", "duckdns.org"};

/* Emits the 16 names of one seed text, stopping after *left names; returns emit's code. */
static int orchard_emit_seed(const char *seed, tk_emit_fn emit, void *ctx, int64_t *left)
{
    char hex[33];
    char name[32];

    tk_md5_hex(seed, strlen(seed), hex);
    for (int label = 0; label < 4; label++) {
        for (int t = 0; t < 4; t++) {
            if (*left <= 0)
                return TK_OK;
            memcpy(name, hex + 8 * label, 8);
            int rc = tk_emit_with_tld(emit, ctx, name, 8, orchard_tlds[t]);
            if (rc)
                return rc;
            (*left)--;
        }
    }
    return TK_OK;
}

/* Reads the optional Bitcoin numbers; *wanted is 0 when neither is given. */
static int orchard_blockchain_args(const struct tk_args *args, int64_t *balance,
                                   int64_t *tx_count, int *wanted, struct tk_error *err)
{
    int has_balance = tk_args_was_set(args, "btc_balance");
    int has_tx_count = tk_args_was_set(args, "btc_tx_count");
    *wanted = has_balance || has_tx_count;
    if (!*wanted)
        return TK_OK;
    if (!has_balance || !has_tx_count)
        return tk_error_set(err, TK_ERR_USAGE,
                            "orchard: give both --btc-balance and --btc-tx-count, or neither");
    *balance = tk_args_int(args, "btc_balance");
    *tx_count = tk_args_int(args, "btc_tx_count");
    if (*balance < 0 || *tx_count < 0)
        return tk_error_set(err, TK_ERR_USAGE,
                            "orchard: --btc-balance and --btc-tx-count must not be negative");
    return TK_OK;
}

static int orchard_generate(const struct tk_gen *gen, tk_emit_fn emit, void *ctx,
                            struct tk_error *err)
{
    const char *suffix = tk_args_str(gen->args, "seed");
    int64_t balance = 0, tx_count = 0;
    int blockchain = 0;
    int rc = tk_check_ascii_param("seed", suffix, ORCHARD_SEED_MAX - 16, err);
    if (rc == TK_OK)
        rc = orchard_blockchain_args(gen->args, &balance, &tx_count, &blockchain, err);
    if (rc)
        return rc;

    int64_t left = tk_args_int(gen->args, "count");
    char seed[ORCHARD_SEED_MAX];
    char date[11];

    tk_day_format(tk_args_day(gen->args, "date"), date);
    snprintf(seed, sizeof seed, "%s%s", date, suffix);
    rc = orchard_emit_seed(seed, emit, ctx, &left);
    if (rc || !blockchain)
        return rc;
    snprintf(seed, sizeof seed,
             "{\"1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa\":{\"final_balance\":%lld,\"n_tx\":%lld,"
             "\"total_received\":%lld}}",
             (long long)balance, (long long)tx_count, (long long)balance);
    return orchard_emit_seed(seed, emit, ctx, &left);
}

static const struct tk_variant orchard_variants[] = {
    {"default", "Orchard DGA version 3 (2022), as described by J. Bader", NULL, NULL, 0, 0},
    {0},
};

static const struct tk_param_def orchard_params[] = {
    {"date", TK_PARAM_DATE, NULL, NULL, "UTC day; the date seed changes daily"},
    {"seed", TK_PARAM_STRING, "ojena.duckdns.org", NULL,
     "ASCII text appended to YYYY-MM-DD before hashing"},
    {"count", TK_PARAM_INT, "32", NULL,
     "at most this many names: 16 from the date, then 16 from the Bitcoin numbers if given"},
    {"btc_balance", TK_PARAM_INT, "0", NULL,
     "final balance (satoshi) of the Bitcoin genesis address, as the malware saw it that day"},
    {"btc_tx_count", TK_PARAM_INT, "0", NULL,
     "transaction count (n_tx) of the genesis address; needed with --btc-balance"},
    {0},
};

static const struct tk_seed orchard_seeds[] = {
    {NULL, "seed=ojena.duckdns.org", "Orchard v3 sample of July 2022 (J. Bader; 360 Netlab)"},
    {0},
};

const struct tk_family tk_family_orchard = {
    .name = "orchard",
    .aliases = "",
    .summary = "Orchard v3: 16 MD5-hex names a day (+16 seeded by the Bitcoin genesis block)",
    .description =
        "MD5 of the UTC date YYYY-MM-DD followed by \"ojena.duckdns.org\" gives 32 hex digits, "
        "cut into four 8-digit labels, each under .com, .net, .org and .duckdns.org (16 names). "
        "The malware then builds 16 more from a JSON text with the balance and transaction "
        "count of the Bitcoin genesis address 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa, read live; "
        "give --btc-balance and --btc-tx-count to generate that half.",
    .variants = orchard_variants,
    .params = orchard_params,
    .seed_param = "seed",
    .known_seeds = orchard_seeds,
    .granularity = "daily (the Bitcoin half changes when the genesis address receives coins)",
    .names_per_period = "16 (32 with the Bitcoin numbers)",
    .tlds = "com,net,org,duckdns.org",
    .charset = "0-9a-f",
    .label_min = 8,
    .label_max = 8,
    .wordlists = NULL,
    .reference = "baderj/domain_generation_algorithms:orchard/dga.py — J. Bader, The Domain "
                 "Generation Algorithm of Orchard v3",
    .time_note = "the Bitcoin half depends on live blockchain data, not on the date alone",
    .generate = orchard_generate,
    .period = NULL,
};
