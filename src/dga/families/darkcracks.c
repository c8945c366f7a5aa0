/* darkcracks.c - the DarkCracks DGA (one mixed-case .com name per day).
 *
 * The text "YYYYDD" (year and day of month; the month does not enter) is base64-encoded
 * (URL-safe alphabet), every letter's case is flipped and each character is XORed with the
 * next byte of the seed string, used cyclically. The resulting bytes are base64-encoded
 * again, the '=' padding is stripped and the text is reversed to give the label. */
#include <stdio.h>
#include <string.h>

#include "dga/dga_util.h"
#include "dga/emit_util.h"
#include "takedown/family.h"

/* URL-safe base64 of len bytes, with '=' padding, into out; returns the text length. */
static size_t darkcracks_base64(const void *in, size_t len, char *out)
{
    size_t n = tk_base64(in, len, out);
    for (size_t i = 0; i < n; i++) {
        if (out[i] == '+')
            out[i] = '-';
        else if (out[i] == '/')
            out[i] = '_';
    }
    return n;
}

static char darkcracks_swapcase(char c)
{
    if (c >= 'a' && c <= 'z')
        return (char)(c - 'a' + 'A');
    if (c >= 'A' && c <= 'Z')
        return (char)(c - 'A' + 'a');
    return c;
}

/* Writes the name of day into out (at least 64 bytes) and returns its length. */
static size_t darkcracks_name(tk_day day, const char *seed, size_t seed_len, char *out)
{
    struct tk_civil c = tk_day_to_civil(day);
    char plain[24];
    char encoded[40];
    uint8_t mixed[40];
    char cipher[64];

    int plain_len = snprintf(plain, sizeof plain, "%d%02d", c.year, c.day);
    size_t encoded_len = darkcracks_base64(plain, (size_t)plain_len, encoded);
    for (size_t i = 0; i < encoded_len; i++)
        mixed[i] = (uint8_t)darkcracks_swapcase(encoded[i]) ^ (uint8_t)seed[i % seed_len];
    size_t cipher_len = darkcracks_base64(mixed, encoded_len, cipher);
    while (cipher_len > 0 && cipher[cipher_len - 1] == '=')
        cipher_len--;
    for (size_t i = 0; i < cipher_len; i++)
        out[i] = cipher[cipher_len - 1 - i];
    return tk_name_add_tld(out, cipher_len, "com");
}

static int darkcracks_generate(const struct tk_gen *gen, tk_emit_fn emit, void *ctx,
                               struct tk_error *err)
{
    const char *seed = tk_args_str(gen->args, "seed");
    if (*seed == '\0')
        return tk_error_set(err, TK_ERR_USAGE, "--seed must not be empty");
    int rc = tk_check_ascii_param("seed", seed, SIZE_MAX, err);
    if (rc)
        return rc;
    if (tk_args_int(gen->args, "count") < 1)
        return TK_OK;

    char name[64];
    size_t len = darkcracks_name(tk_args_day(gen->args, "date"), seed, strlen(seed), name);
    return emit(ctx, name, len);
}

static const struct tk_variant darkcracks_variants[] = {
    {"default", "the algorithm of the 2016-2020 samples (J. Bader's reimplementation)", NULL,
     NULL, 0, 0},
    {0},
};

static const struct tk_param_def darkcracks_params[] = {
    {"date", TK_PARAM_DATE, NULL, NULL, "UTC day; only its year and day of month are used"},
    {"seed", TK_PARAM_STRING, "Crackalackin'", NULL,
     "ASCII key string XORed, cyclically, over the encoded date"},
    {"count", TK_PARAM_INT, "1", NULL,
     "names per day: the DGA makes one, so 0 gives none and any larger value gives that one"},
    {0},
};

static const struct tk_seed darkcracks_seeds[] = {
    {NULL, "seed=Crackalackin'", "the key of the analysed samples (J. Bader's darkcracks/dga.py)"},
    {0},
};

const struct tk_family tk_family_darkcracks = {
    .name = "darkcracks",
    .aliases = "",
    .summary = "DarkCracks: one mixed-case base64-looking .com name per day",
    .description =
        "The text YYYYDD (year and day of month, no month) is base64-encoded with the URL-safe "
        "alphabet, each letter's case is swapped, every character is XORed with the seed string "
        "(repeated), the bytes are base64-encoded again, the padding is stripped and the result "
        "is reversed. One 11-character label per day, mixed case, under .com; the same day of "
        "month in every month of a year gives the same name.",
    .variants = darkcracks_variants,
    .params = darkcracks_params,
    .seed_param = "seed",
    .known_seeds = darkcracks_seeds,
    .granularity = "daily (year and day of month only: repeats every month)",
    .names_per_period = "1",
    .tlds = "com",
    .charset = "A-Za-z0-9-_",
    .label_min = 11,
    .label_max = 11,
    .wordlists = NULL,
    .reference = "baderj/domain_generation_algorithms:darkcracks/dga.py — J. Bader, DGA of "
                 "DarkCracks reimplementation",
    .time_note = NULL,
    .generate = darkcracks_generate,
    .period = NULL,
};
