/* fobber.c - the Fobber DGA (300 fixed names per sample version, no date input).
 *
 * A 32-bit state goes through a linear congruential step followed by a 16-bit rotation for
 * every letter; the letter is (state & 0x17FF) mod 26. The state carries over from one name
 * to the next. Version 1 makes 17-letter .net names, version 2 10-letter .com names.
 *
 * Recovery: a letter depends on 12 bits of the state, so the states of the first letter are
 * enumerated as the 12-bit values giving it times the 2^20 other bits, run on until a letter
 * differs, and the survivors stepped back once (the step inverts) to the state the name
 * starts from. Stepping back further, a name that lies on the version's own list (real
 * samples run far past 300 names) is reported as that version with the count reaching it;
 * any other as --state: it gives the name first, then the rest of the list. */
#include <stdio.h>
#include <string.h>

#include "dga/dga_util.h"
#include "dga/emit_util.h"
#include "takedown/family.h"
#include "takedown/recover.h"

#define FOBBER_LETTER_BITS 0x17FFu /* the bits of the state a letter depends on */
#define FOBBER_INVERSE 0x2FE3786Fu /* of 321167 modulo 2^32 */

struct fobber_config {
    uint32_t state;     /* initial state */
    uint32_t increment; /* added after the multiplication */
    size_t length;      /* letters per name */
    const char *tld;
};

static const struct fobber_config fobber_configs[2] = {
    {0xC87C8A78u, (uint32_t)-1719405398, 17, "net"},
    {0x851A3E59u, (uint32_t)-1916503263, 10, "com"},
};

static uint32_t fobber_step(uint32_t state, uint32_t increment)
{
    return tk_rotl32(321167u * state + increment, 16);
}

static uint32_t fobber_unstep(uint32_t state, uint32_t increment)
{
    return (tk_rotr32(state, 16) - increment) * FOBBER_INVERSE;
}

static char fobber_letter(uint32_t state)
{
    return (char)('a' + (state & FOBBER_LETTER_BITS) % 26);
}

static int fobber_generate(const struct tk_gen *gen, tk_emit_fn emit, void *ctx,
                           struct tk_error *err)
{
    int64_t version = tk_args_int(gen->args, "version");
    if (version != 1 && version != 2)
        return tk_error_set(err, TK_ERR_USAGE, "fobber: --version must be 1 or 2, not %lld",
                            (long long)version);

    const struct fobber_config *cfg = &fobber_configs[version - 1];
    int64_t count = tk_args_int(gen->args, "count");
    int64_t start = tk_args_int(gen->args, "state");
    uint32_t state = start < 0 ? cfg->state : (uint32_t)start;
    char name[32];

    if (start < -1 || start > (int64_t)UINT32_MAX)
        return tk_error_set(err, TK_ERR_USAGE, "fobber: --state must be -1 or 0 to 0xFFFFFFFF");
    for (int64_t n = 0; n < count; n++) {
        for (size_t i = 0; i < cfg->length; i++) {
            state = fobber_step(state, cfg->increment);
            name[i] = fobber_letter(state);
        }
        int rc = tk_emit_with_tld(emit, ctx, name, cfg->length, cfg->tld);
        if (rc)
            return rc;
    }
    return TK_OK;
}

/* The number of the name that starts from state on the version's list, found by stepping
 * back to the version's state, or -1 when it is not among the first TK_ARGS_MAX_COUNT. */
static int64_t fobber_index(const struct fobber_config *cfg, uint32_t state)
{
    for (int64_t letters = 0; letters < (int64_t)TK_ARGS_MAX_COUNT * (int64_t)cfg->length;
         letters++) {
        if (state == cfg->state)
            return letters % (int64_t)cfg->length == 0 ? letters / (int64_t)cfg->length : -1;
        state = fobber_unstep(state, cfg->increment);
    }
    return -1;
}

struct fobber_search {
    const struct tk_recover_query *query;
    const struct fobber_config *cfg;
    int version;
    uint32_t letter_bits[4096]; /* the values of the 12 letter bits giving the first letter */
    size_t letter_bit_count;
};

/* Slice k of the 2^20 values of the bits no letter reads, with every 12-bit value giving the
 * first letter. */
static int fobber_slice(void *arg, uint64_t lo, uint64_t hi)
{
    const struct fobber_search *s = arg;
    const char *label = s->query->name;

    for (uint64_t k = lo; k <= hi; k++) {
        uint32_t high = (uint32_t)(k & 1) << 11 | (uint32_t)(k >> 1) << 13;
        for (size_t b = 0; b < s->letter_bit_count; b++) {
            uint32_t first = high | s->letter_bits[b], state = first;
            size_t i = 1;
            while (i < s->cfg->length &&
                   fobber_letter(state = fobber_step(state, s->cfg->increment)) == label[i])
                i++;
            if (i < s->cfg->length)
                continue;
            char params[48];
            uint32_t start = fobber_unstep(first, s->cfg->increment);
            int64_t index = fobber_index(s->cfg, start);
            if (index >= 0)
                snprintf(params, sizeof params, "version=%d;count=%lld", s->version,
                         (long long)index + 1);
            else
                snprintf(params, sizeof params, "version=%d;state=0x%08X", s->version,
                         (unsigned)start);
            int rc = tk_recover_candidate(s->query, params, TK_RECOVER_ANY_DAY);
            if (rc)
                return rc;
        }
    }
    return TK_OK;
}

static int fobber_recover(struct tk_recover_query *query, struct tk_error *err)
{
    struct fobber_search s = {query, NULL, 0, {0}, 0};
    size_t len;
    const char *tld;

    (void)err;
    query->covered = 4294967296.0;
    if (tk_recover_split(query, &len, &tld) != 0)
        return TK_OK;
    for (int v = 1; v <= 2; v++)
        if (len == fobber_configs[v - 1].length && strcmp(tld, fobber_configs[v - 1].tld) == 0) {
            s.cfg = &fobber_configs[v - 1];
            s.version = v;
        }
    if (s.cfg == NULL)
        return TK_OK;
    for (uint32_t b = 0; b < 4096; b++) {
        uint32_t bits = (b & 0x7FFu) | (b >> 11) << 12;
        if (fobber_letter(bits) == query->name[0])
            s.letter_bits[s.letter_bit_count++] = bits;
    }
    return tk_recover_parallel(0, (1u << 20) - 1, query->threads, fobber_slice, &s);
}

static const struct tk_variant fobber_variants[] = {
    {"default", "the DGA of both analysed Fobber versions, chosen with --version", NULL, NULL, 0,
     0},
    {0},
};

static const struct tk_param_def fobber_params[] = {
    {"version", TK_PARAM_INT, "1", NULL,
     "sample version: 1 (17 letters, .net) or 2 (10 letters, .com)"},
    {"state", TK_PARAM_INT, "-1", NULL,
     "32-bit state the list starts from (0x hex); -1: the version's (C87C8A78 or 851A3E59)"},
    {"count", TK_PARAM_INT, "300", NULL, "names to generate (the malware uses 300)"},
    {0},
};

static const struct tk_seed fobber_seeds[] = {
    {NULL, "version=1", "first Fobber version: state C87C8A78, .net (J. Bader's fobber/dga.py)"},
    {NULL, "version=2", "second Fobber version: state 851A3E59, .com (J. Bader's fobber/dga.py)"},
    {0},
};

const struct tk_family tk_family_fobber = {
    .name = "fobber",
    .aliases = "tinba_v3",
    .summary = "Fobber (Tinba v3): 300 fixed names per version, no date input",
    .description =
        "Each letter advances a 32-bit state by state * 321167 + c (mod 2^32) and rotates it "
        "by 16 bits, then takes (state & 0x17FF) mod 26. The state runs on across names, so "
        "the list is fixed per version: version 1 starts from C87C8A78 and makes 17-letter "
        ".net names, version 2 from 851A3E59 with 10-letter .com names; 300 each.",
    .variants = fobber_variants,
    .params = fobber_params,
    .seed_param = "version",
    .known_seeds = fobber_seeds,
    .granularity = "none (no date input)",
    .names_per_period = "300",
    .tlds = "net,com",
    .charset = "a-z",
    .label_min = 10,
    .label_max = 17,
    .wordlists = NULL,
    .reference = "baderj/domain_generation_algorithms:fobber/dga.py — J. Bader, Fobber DGA "
                 "reimplementation",
    .time_note = NULL,
    .generate = fobber_generate,
    .period = NULL,
    .recover = fobber_recover,
    .recover_method = "a letter reads 12 bits of the 32-bit state: the 12-bit values giving the "
                      "first letter times the 2^20 other bits are run on, pruned per letter, "
                      "and the survivors stepped back once to the state the name starts from",
};
