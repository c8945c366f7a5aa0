/* padcrypt.c - the PadCrypt ransomware DGA (24 or 72 names a day, 11 or 12 TLDs).
 *
 * Each name is the SHA-256 of "D-M-YYYY", a version-specific separator and the index, as hex:
 * 16 characters from the middle of the hex text become the label (digits mapped to letters),
 * and the last hex digit picks the TLD. */
#include <stdio.h>
#include <string.h>

#include "dga/dga_util.h"
#include "dga/emit_util.h"
#include "takedown/family.h"

/* One published sample version: what it hashes and where it sends the result. */
struct padcrypt_config {
    const char *version;
    int names_per_day;
    char separator;
    const char *suffix; /* appended to the hashed text after the index */
    const char *const *tlds;
    size_t tld_count;
};

static const char *const padcrypt_tlds_2[] = {"com", "co.uk", "de",     "org", "net", "eu",
                                              "info", "online", "co", "cc", "website"};
static const char *const padcrypt_tlds_11[] = {"com",  "co.uk",  "de", "org", "net", "tk",
                                               "info", "online", "ga", "co",  "cc",  "website"};

static const struct padcrypt_config padcrypt_configs[] = {
    {"2.2.86.1", 24, ':', "", padcrypt_tlds_2, 11},
    {"2.2.97.0", 72, '|', "", padcrypt_tlds_2, 11},
    {"11.37.0.0", 72, '|', "38", padcrypt_tlds_11, 12},
};

/* Digits of the hex text become these letters; a-f stay as they are. */
static const char padcrypt_digit_letters[] = "abcdnfolmk";

enum { PADCRYPT_LABEL_START = 3, PADCRYPT_LABEL_LEN = 16 };

static const struct padcrypt_config *padcrypt_find_config(const char *version)
{
    for (size_t i = 0; i < sizeof padcrypt_configs / sizeof padcrypt_configs[0]; i++)
        if (strcmp(padcrypt_configs[i].version, version) == 0)
            return &padcrypt_configs[i];
    return NULL;
}

static int padcrypt_hex_value(char c)
{
    return c <= '9' ? c - '0' : c - 'a' + 10;
}

/* Writes name number index of the day into out (at least 32 bytes); returns its length. */
static size_t padcrypt_name(const struct padcrypt_config *config, const struct tk_civil *date,
                            int64_t index, char *out)
{
    char text[96];
    uint8_t digest[32];
    char hex[65];

    int len = snprintf(text, sizeof text, "%d-%d-%d%c%lld%s", date->day, date->month, date->year,
                       config->separator, (long long)index, config->suffix);
    tk_sha256(text, (size_t)len, digest);
    tk_hex(digest, sizeof digest, hex);

    for (size_t i = 0; i < PADCRYPT_LABEL_LEN; i++) {
        char c = hex[PADCRYPT_LABEL_START + i];
        out[i] = c <= '9' ? padcrypt_digit_letters[c - '0'] : c;
    }
    size_t tld_index = (size_t)padcrypt_hex_value(hex[63]);
    if (tld_index >= config->tld_count)
        tld_index = 0;
    return tk_name_add_tld(out, PADCRYPT_LABEL_LEN, config->tlds[tld_index]);
}

static int padcrypt_generate(const struct tk_gen *gen, tk_emit_fn emit, void *ctx,
                             struct tk_error *err)
{
    const char *version = tk_args_str(gen->args, "version");
    const struct padcrypt_config *config = padcrypt_find_config(version);
    struct tk_civil date = tk_day_to_civil(tk_args_day(gen->args, "date"));
    char name[40];

    if (config == NULL)
        return tk_error_set(err, TK_ERR_USAGE,
                            "padcrypt: unknown --version '%s' (known: 2.2.86.1, 2.2.97.0, "
                            "11.37.0.0)",
                            version);
    int64_t count;
    int rc = tk_gen_count(gen, config->names_per_day, &count, err);
    if (rc)
        return rc;
    for (int64_t i = 0; i < count; i++) {
        size_t len = padcrypt_name(config, &date, i, name);
        rc = emit(ctx, name, len);
        if (rc)
            return rc;
    }
    return TK_OK;
}

static const struct tk_variant padcrypt_variants[] = {
    {"default", "the published versions, selected with --version", NULL, NULL, 0, 0},
    {0},
};

static const struct tk_param_def padcrypt_params[] = {
    {"date", TK_PARAM_DATE, NULL, NULL, "UTC day; names change daily"},
    {"version", TK_PARAM_STRING, "2.2.86.1", NULL,
     "sample version: 2.2.86.1, 2.2.97.0 or 11.37.0.0 (separator, TLDs and name count)"},
    {"count", TK_PARAM_INT, "0", NULL,
     "names per day (indexes 0..count-1); 0: the version's own number (24 or 72)"},
    {0},
};

static const struct tk_seed padcrypt_seeds[] = {
    {NULL, "version=2.2.86.1", "PadCrypt 2.2.86.1, 24 names a day (J. Bader, 2016)"},
    {NULL, "version=2.2.97.0", "PadCrypt 2.2.97.0, 72 names a day (J. Bader, 2016)"},
    {NULL, "version=11.37.0.0", "PadCrypt 11.37.0.0, 72 names a day, 12 TLDs (Netlab 360)"},
    {0},
};

const struct tk_family tk_family_padcrypt = {
    .name = "padcrypt",
    .aliases = "",
    .summary = "PadCrypt ransomware: 24 or 72 SHA-256 names a day over 11 or 12 TLDs",
    .description =
        "For each index the text \"D-M-YYYY\" (day and month without leading zeros), a "
        "separator (':' for 2.2.86.1, '|' later) and the decimal index (followed by \"38\" in "
        "11.37.0.0) is hashed with SHA-256. Hex characters 3-18 of the digest form the label, "
        "with the digits 0-9 replaced by the letters of \"abcdnfolmk\"; the last hex digit "
        "picks the TLD, or the first TLD when it is past the end of the list.",
    .variants = padcrypt_variants,
    .params = padcrypt_params,
    .seed_param = "version",
    .known_seeds = padcrypt_seeds,
    .granularity = "daily",
    .names_per_period = "24 (2.2.86.1) or 72 (2.2.97.0, 11.37.0.0)",
    .tlds = "com,co.uk,de,org,net,eu,info,online,co,cc,website,tk,ga",
    .charset = "a-fk-o",
    .label_min = 16,
    .label_max = 16,
    .wordlists = NULL,
    .reference = "baderj/domain_generation_algorithms:padcrypt/dga.py — J. Bader, 'The DGA of "
                 "PadCrypt' (2016); 360netlab/DGA:code/padcrypt/dga.py for 11.37.0.0",
    .time_note = NULL,
    .generate = padcrypt_generate,
    .period = NULL,
};
