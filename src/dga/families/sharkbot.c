/* sharkbot.c - the SharkBot Android banking trojan DGA (7 names a week, one per TLD).
 *
 * The ISO week number (and, depending on the version, the calendar year) is written next to
 * the TLD or a fixed string; the label is the start of its MD5 hex digest (2.1, 2.8) or of its
 * lower-cased base64 (0.0, 1.63). */
#include <stdio.h>
#include <string.h>

#include "dga/dga_util.h"
#include "dga/emit_util.h"
#include "takedown/family.h"

static const char *const sharkbot_tlds_old[7] = {"top", "xyz", "cc", "info", "com", "ru", "net"};
static const char *const sharkbot_tlds_new[7] = {"xyz", "live", "com", "store", "info", "top",
                                                 "net"};
static const char sharkbot_constant[] = "pojBI9LHGFdfgegjjsJ99hvVGHVOjhksdf";

enum sharkbot_version { SHARKBOT_V0_0, SHARKBOT_V1_63, SHARKBOT_V2_1, SHARKBOT_V2_8 };

/* ISO 8601 week number (1-53) of day: the week of the Thursday of day's Monday-based week. */
static int sharkbot_iso_week(tk_day day)
{
    int monday_based = (tk_day_to_civil(day).weekday + 6) % 7;
    struct tk_civil thursday = tk_day_to_civil(day - monday_based + 3);
    return thursday.yday / 7 + 1;
}

static int sharkbot_parse_version(const char *text, enum sharkbot_version *out)
{
    static const char *const names[] = {"0.0", "1.63", "2.1", "2.8"};
    for (int i = 0; i < 4; i++) {
        if (strcmp(text, names[i]) == 0) {
            *out = (enum sharkbot_version)i;
            return 1;
        }
    }
    return 0;
}

/* The first `length` characters of the lower-cased base64 of text (under 96 characters). */
static void sharkbot_base64_label(const char *text, size_t length, char *out)
{
    char encoded[129];

    tk_base64(text, strlen(text), encoded);
    for (size_t i = 0; i < length; i++) {
        char c = encoded[i];
        out[i] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
}

/* The label for one TLD into out (at least 20 bytes); returns its length. */
static size_t sharkbot_label(enum sharkbot_version version, const char *tld, int week, int year,
                             char *out)
{
    char text[96];
    char hex[33];

    switch (version) {
    case SHARKBOT_V2_8:
        snprintf(text, sizeof text, ".%s%d%d", tld, week, year);
        break;
    case SHARKBOT_V2_1:
        snprintf(text, sizeof text, ".%s%d", tld, week);
        break;
    case SHARKBOT_V1_63:
        snprintf(text, sizeof text, "%d%s", week + year, sharkbot_constant);
        sharkbot_base64_label(text, 19, out);
        return 19;
    case SHARKBOT_V0_0:
        snprintf(text, sizeof text, "%d%s", week, sharkbot_constant);
        sharkbot_base64_label(text, 19, out);
        return 19;
    }
    /* 2.1 appends the year after the 32-digit hash, so 16 characters never reach it. */
    tk_md5_hex(text, strlen(text), hex);
    memcpy(out, hex, 16);
    return 16;
}

static int sharkbot_generate(const struct tk_gen *gen, tk_emit_fn emit, void *ctx,
                             struct tk_error *err)
{
    tk_day day = tk_args_day(gen->args, "date");
    const char *version_text = tk_args_str(gen->args, "version");
    int64_t count = tk_args_int(gen->args, "count");
    enum sharkbot_version version;

    if (!sharkbot_parse_version(version_text, &version))
        return tk_error_set(err, TK_ERR_USAGE,
                            "--version must be 0.0, 1.63, 2.1 or 2.8, not '%s'", version_text);

    const char *const *tlds =
        version == SHARKBOT_V0_0 || version == SHARKBOT_V1_63 ? sharkbot_tlds_old
                                                              : sharkbot_tlds_new;
    int week = sharkbot_iso_week(day);
    int year = tk_day_to_civil(day).year;
    char name[48];

    for (int64_t i = 0; i < 7 && i < count; i++) {
        size_t len = sharkbot_label(version, tlds[i], week, year, name);
        int rc = tk_emit_with_tld(emit, ctx, name, len, tlds[i]);
        if (rc)
            return rc;
    }
    return TK_OK;
}

/* Names depend on the ISO week and the calendar year (not the ISO year). */
static int64_t sharkbot_period(const struct tk_gen *gen, tk_day day)
{
    (void)gen;
    return (int64_t)tk_day_to_civil(day).year * 64 + sharkbot_iso_week(day);
}

static const struct tk_variant sharkbot_variants[] = {
    {"default", "all four published versions, chosen with --version", NULL, NULL, 0, 0},
    {0},
};

static const struct tk_param_def sharkbot_params[] = {
    {"date", TK_PARAM_DATE, NULL, NULL, "UTC day; names change with the ISO week"},
    {"version", TK_PARAM_STRING, "2.8", NULL,
     "DGA version: 0.0 and 1.63 (base64 of a constant), 2.1 and 2.8 (MD5 of TLD and week)"},
    {"count", TK_PARAM_INT, "7", NULL, "names per week, one per TLD (at most 7)"},
    {0},
};

static const struct tk_seed sharkbot_seeds[] = {
    {NULL, "version=0.0", "early SharkBot samples (J. Bader, 'The DGA of SharkBot')"},
    {NULL, "version=1.63", "SharkBot 1.63 samples (J. Bader)"},
    {NULL, "version=2.1", "SharkBot 2.1 samples (J. Bader)"},
    {NULL, "version=2.8", "SharkBot 2.8 samples, the reference's default (J. Bader)"},
    {0},
};

const struct tk_family tk_family_sharkbot = {
    .name = "sharkbot",
    .aliases = "",
    .summary = "SharkBot Android banker: 7 names a week (one per TLD), 4 versions",
    .description =
        "Versions 2.8 and 2.1 hash '.TLD' + ISO week (+ calendar year for 2.8) with MD5 and "
        "keep the first 16 hex digits. Versions 0.0 and 1.63 base64-encode the week number "
        "(plus the calendar year for 1.63) followed by a fixed string, and keep 19 "
        "lower-cased characters. Each version has 7 TLDs and makes one name per TLD.",
    .variants = sharkbot_variants,
    .params = sharkbot_params,
    .seed_param = "version",
    .known_seeds = sharkbot_seeds,
    .granularity = "weekly (ISO week)",
    .names_per_period = "7",
    .tlds = "top,xyz,cc,info,com,ru,net,live,store",
    .charset = "a-z0-9",
    .label_min = 16,
    .label_max = 19,
    .wordlists = NULL,
    .reference = "baderj/domain_generation_algorithms:sharkbot/dga.py — J. Bader, "
                 "'The DGA of SharkBot'",
    .time_note = "the week comes from the device's calendar, which the reference notes may "
                 "shift by one around week boundaries; we use UTC",
    .generate = sharkbot_generate,
    .period = sharkbot_period,
};
