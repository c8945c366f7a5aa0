/* murofet.c - the Murofet DGA (Zeus-derived, Licat), three MD5-based revisions.
 *
 * Each name is the MD5 of a few date bytes and the name's index; the digest bytes are mapped
 * to letters (v1: two 5-bit windows per byte, v2: the sum of the two nibbles, v3: nibble
 * pairs with digits), and the TLD is picked by the largest small number dividing the index.
 * v1 and v3 change once a week (day of month rounded down to a multiple of 7); v2 daily.
 * v2 lives in src/dga/murofet_v2.c, which Tufik shares. */
#include <string.h>

#include "dga/dga_util.h"
#include "dga/emit_util.h"
#include "takedown/family.h"
#include "dga/murofet_v2.h"

/* The TLDs of v1 and v3 (v2's are in src/dga/murofet_v2.c). */
static const char *const murofet_tlds_weekly[6] = {"ru", "biz", "info", "org", "net", "com"};

/* v1 and v3 hash year, month, the week-rounded day and the 32-bit index (7 bytes). */
static void murofet_weekly_digest(struct tk_civil c, uint32_t index, uint8_t digest[16])
{
    uint8_t seed[7];
    seed[0] = (uint8_t)((c.year & 0xFF) + 0x30);
    seed[1] = (uint8_t)c.month;
    seed[2] = (uint8_t)((c.day / 7) * 7);
    tk_store_le(seed + 3, index, 4);
    tk_md5(seed, sizeof seed, digest);
}

/* v1: each byte gives 'a' + its low 5 bits and 'a' + its high 5 bits, keeping those that
 * are letters, and nothing when the two are equal. */
static size_t murofet_v1_label(const uint8_t digest[16], char *out)
{
    size_t len = 0;
    for (int i = 0; i < 16; i++) {
        int low = 'a' + (digest[i] & 0x1F);
        int high = 'a' + (digest[i] >> 3);
        if (low == high)
            continue;
        if (low <= 'z')
            out[len++] = (char)low;
        if (high <= 'z')
            out[len++] = (char)high;
    }
    return len;
}

/* v3: each byte gives 'a'..'p' from its low nibble, then 'q'..'z' from its high nibble;
 * high nibbles past 'z' become the digits '1'..'6' followed by a digit from the low one. */
static size_t murofet_v3_label(const uint8_t digest[16], char *out)
{
    size_t len = 0;
    for (int i = 0; i < 16; i++) {
        int first = 'a' + (digest[i] & 0x0F);
        int second = 'q' + (digest[i] >> 4);
        out[len++] = (char)first;
        if (second > 'z') {
            out[len++] = (char)(second - 'J');
            out[len++] = (char)('0' + first % 10);
        } else {
            out[len++] = (char)second;
        }
    }
    return len;
}

/* Reads --key: "none" (or empty) for no key, else up to 8 hex digits, 0x optional. */
static int murofet_parse_key(const char *text, uint32_t *key, struct tk_error *err)
{
    const char *digits = text;
    *key = 0;
    if (*text == '\0' || strcmp(text, "none") == 0)
        return TK_OK;
    if (digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X'))
        digits += 2;
    size_t n = strlen(digits);
    if (n == 0 || n > 8 || strspn(digits, "0123456789abcdefABCDEF") != n)
        return tk_error_set(err, TK_ERR_USAGE,
                            "--key: '%s' is not 'none' or a 32-bit hex key (e.g. D6D7A4BE)", text);
    for (size_t i = 0; i < n; i++) {
        char ch = digits[i];
        uint32_t v = (uint32_t)(ch <= '9' ? ch - '0' : (ch | 0x20) - 'a' + 10);
        *key = (*key << 4) | v;
    }
    return TK_OK;
}

static int murofet_generate(const struct tk_gen *gen, tk_emit_fn emit, void *ctx,
                            struct tk_error *err)
{
    tk_day day = tk_args_day(gen->args, "date");
    int revision = gen->variant->name[1] - '0'; /* "v1", "v2", "v3" */
    int64_t count;
    int rc = tk_gen_count(gen, revision == 3 ? 1000 : 1020, &count, err);
    if (rc)
        return rc;
    if (revision == 2) {
        uint32_t key;
        rc = murofet_parse_key(tk_args_str(gen->args, "key"), &key, err);
        if (rc)
            return rc;
        return tk_murofet_v2_generate(day, key, count, emit, ctx);
    }

    struct tk_civil c = tk_day_to_civil(day);
    char name[64];
    for (int64_t index = 0; index < count; index++) {
        uint8_t digest[16];
        murofet_weekly_digest(c, (uint32_t)index, digest);
        size_t len = revision == 3 ? murofet_v3_label(digest, name)
                                   : murofet_v1_label(digest, name);
        rc = tk_emit_with_tld(emit, ctx, name, len, tk_murofet_tld(murofet_tlds_weekly, 6, index));
        if (rc)
            return rc;
    }
    return TK_OK;
}

/* v1 and v3 change when the day of month crosses a multiple of 7; v2 changes daily. */
static int64_t murofet_period(const struct tk_gen *gen, tk_day day)
{
    struct tk_civil c = tk_day_to_civil(day);
    if (strcmp(gen->variant->name, "v2") == 0)
        return day;
    return ((int64_t)c.year * 12 + c.month) * 5 + c.day / 7;
}

static const struct tk_variant murofet_variants[] = {
    {"v1", "1,020 names a week, two 5-bit windows per digest byte",
     "ru,biz,info,org,net,com", "a-z", 1, 32},
    {"v2", "daily, optional 32-bit XOR key, nibble sums; even and odd indexes share a name",
     "biz,info,org,net,com", "a-z", 1, 16},
    {"v3", "1,000 names a week; letters with embedded digits",
     "ru,biz,info,org,net,com", "a-z0-9", 32, 48},
    {0},
};

static const struct tk_param_def murofet_params[] = {
    {"date", TK_PARAM_DATE, NULL, NULL,
     "UTC day; v1 and v3 use the day of month rounded down to a multiple of 7"},
    {"key", TK_PARAM_STRING, "none", "v2",
     "32-bit XOR key in hex (D6D7A4BE), or none"},
    {"count", TK_PARAM_INT, "0", NULL,
     "names to generate; 0 means the variant's own number (v1, v2: 1020; v3: 1000)"},
    {0},
};

static const struct tk_seed murofet_seeds[] = {
    {"v2", "key=none", "v2 samples without a key (J. Bader, murofet/v2)"},
    {"v2", "key=D6D7A4BE", "known v2 key listed by J. Bader (murofet/v2/dga.py)"},
    {"v2", "key=DEADC2DE", "known v2 key listed by J. Bader (murofet/v2/dga.py)"},
    {"v2", "key=D6D7A4B1", "known v2 key listed by J. Bader (murofet/v2/dga.py)"},
    {0},
};

const struct tk_family tk_family_murofet = {
    .name = "murofet",
    .aliases = "licat",
    .summary = "Murofet (Zeus/Licat): MD5 of date bytes and index, 1,000-1,020 names",
    .description =
        "A few date bytes (year + 0x30, month, day) and the 32-bit index are hashed with MD5. "
        "v1 turns each digest byte into up to two letters (its low and high 5 bits), v2 XORs "
        "the input with an optional 32-bit key and turns each byte into one letter (sum of its "
        "nibbles), v3 emits two or three characters per byte including digits. The TLD is "
        "ru/biz/info/org/net/com (v2: biz/info/org/net/com) by the largest small divisor of "
        "the index. v1 and v3 round the day down to a multiple of 7 (lists for days 1-6, "
        "7-13, 14-20, 21-27 and 28-31); v2 changes daily. The P2P GameOver Zeus of "
        "2011-2014 falls back on v1 unchanged, using its first 1,000 names a week; feeds "
        "label those names gameover.",
    .variants = murofet_variants,
    .params = murofet_params,
    .seed_param = "key",
    .known_seeds = murofet_seeds,
    .granularity = "v1, v3: weekly (day of month rounded down to a multiple of 7); v2: daily",
    .names_per_period = "1020 (v1, v2), 1000 (v3)",
    .tlds = "ru,biz,info,org,net,com",
    .charset = "a-z0-9",
    .label_min = 1,
    .label_max = 48,
    .wordlists = NULL,
    .reference = "baderj/domain_generation_algorithms:murofet/v1/dga.py, murofet/v2/dga.py, "
                 "murofet/v3/dga.py — J. Bader, DGA reimplementations of Murofet",
    .time_note = NULL,
    .generate = murofet_generate,
    .period = murofet_period,
};
