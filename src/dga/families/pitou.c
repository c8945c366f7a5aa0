/* pitou.c - the Pitou rootkit DGA (20 name positions a day, 9 TLDs).
 *
 * The date is moved one month forward and counted in days since 1970. That count, the year
 * and a 32-bit magic give eight bytes per position, which spell alternating consonant and
 * vowel runs. When a label comes out 9 letters long, the malware's last letter depends on
 * uninitialised memory, so every candidate for it is emitted (21 consonants or 5 vowels). */
#include <string.h>

#include "dga/emit_util.h"
#include "takedown/family.h"
#include "dga/pyarith.h"

#define PITOU_TARGET_LENGTH 8
#define PITOU_BYTES 9

static const char pitou_vowels[] = "aeiou";
static const char pitou_consonants[] = "bcdfghjklmnpqrstvwxyz";
static const char *const pitou_tlds[9] = {"com", "org", "biz", "net", "info",
                                          "mobi", "us", "name", "me"};

/* Days since 1970 of the date one month later; a day past the end of that month rolls over
 * into the next one (31 January becomes 3 March, or 2 March in a leap year). */
static int64_t pitou_day_seed(tk_day day)
{
    struct tk_civil c = tk_day_to_civil(day);
    int year = c.year, month = c.month + 1, mday = c.day;

    if (month > 12) {
        month -= 12;
        year++;
    }
    int month_days = tk_days_in_month(year, month);
    if (mday > month_days) {
        month++;
        mday -= month_days;
    }
    if (month > 12) {
        month -= 12;
        year++;
    }
    return tk_day_from_civil(year, month, mday);
}

/* The eight bytes of one position, plus the 0xE0 terminator that forces a consonant. */
static void pitou_bytes(int64_t seed_value, int64_t year_since_1900, int64_t position,
                        uint32_t magic, uint8_t out[PITOU_BYTES])
{
    uint32_t b0 = (uint32_t)((uint64_t)seed_value & 0xFF);
    uint32_t b1 = (uint32_t)(((uint64_t)seed_value >> 8) & 0xFF);

    for (int i = 0; i < 8; i++) {
        int half = i / 4;
        uint32_t magic_byte = (magic >> (half * 8)) & 0xFF;
        uint32_t nibble = (i % 2 == 0) ? magic_byte >> 4 : magic_byte & 0xF;
        int64_t f;
        switch (i % 4) {
        case 0: f = tk_floor_div(year_since_1900, (int64_t)1 << half); break;
        case 1: f = year_since_1900 * ((int64_t)1 << half); break;
        case 2: f = (int64_t)((b1 << half) ^ (b0 >> half)); break;
        default: f = (int64_t)((b0 << half) ^ (b1 >> half)); break;
        }
        uint32_t product = (nibble * (uint32_t)f) & 0xFF;
        out[i] = (uint8_t)(product * (uint32_t)(position + 1));
    }
    out[8] = 0xE0;
}

/* Spells the label from the bytes: a byte with the top bit set starts consonant-vowel (and a
 * second vowel when the next byte has bit 6 set), otherwise vowel-consonant. The malware
 * computes a target length of 8 + (parity of a product of the even seed value), which is
 * always 8; a vowel-consonant pair started at 7 letters makes the label 9 long. */
static size_t pitou_label(const uint8_t bytes[PITOU_BYTES], char *out)
{
    size_t len = 0, next = 0;

    for (;;) {
        uint8_t x = bytes[next++];
        if (x & 0x80) {
            out[len++] = pitou_consonants[x % 21];
            if (len >= PITOU_TARGET_LENGTH)
                break;
            out[len++] = pitou_vowels[bytes[next++] % 5];
            if (len >= PITOU_TARGET_LENGTH)
                break;
            if (bytes[next] & 0x40) {
                out[len++] = pitou_vowels[bytes[next++] % 5];
                if (len >= PITOU_TARGET_LENGTH)
                    break;
            }
        } else {
            out[len++] = pitou_vowels[x % 5];
            out[len++] = pitou_consonants[bytes[next++] % 21];
            if (len >= PITOU_TARGET_LENGTH)
                break;
        }
    }
    return len;
}

/* Emits label.tld, or for a label longer than 8 one name per candidate last letter. */
static int pitou_emit_position(char *label, size_t len, const char *tld, tk_emit_fn emit,
                               void *ctx)
{
    char name[32];

    memcpy(name, label, len);
    size_t name_len = tk_name_add_tld(name, len, tld);
    if (len <= PITOU_TARGET_LENGTH)
        return emit(ctx, name, name_len);
    const char *candidates = strchr(pitou_vowels, label[len - 1]) ? pitou_vowels
                                                                    : pitou_consonants;
    for (const char *c = candidates; *c; c++) {
        name[len - 1] = *c;
        int rc = emit(ctx, name, name_len);
        if (rc)
            return rc;
    }
    return TK_OK;
}

static int pitou_generate(const struct tk_gen *gen, tk_emit_fn emit, void *ctx,
                          struct tk_error *err)
{
    tk_day day = tk_args_day(gen->args, "date");
    int64_t count = tk_args_int(gen->args, "count");
    uint32_t magic;

    int rc = tk_gen_u32(gen, "magic", &magic, err);
    if (rc)
        return rc;
    int64_t day_seed = pitou_day_seed(day);
    int64_t year_since_1900 = tk_day_to_civil(day).year - 1900;

    for (int64_t position = 0; position < count; position++) {
        int64_t seed_value = 10 * tk_floor_div(position / 3 + day_seed, 10);
        uint8_t bytes[PITOU_BYTES];
        char label[16];

        pitou_bytes(seed_value, year_since_1900, position, magic, bytes);
        size_t len = pitou_label(bytes, label);
        uint32_t q = (uint32_t)position ^ (uint32_t)(uint64_t)seed_value ^ magic;
        rc = pitou_emit_position(label, len, pitou_tlds[q % 9], emit, ctx);
        if (rc)
            return rc;
    }
    return TK_OK;
}

static const struct tk_variant pitou_variants[] = {
    {"default", "the only published algorithm (J. Bader, 2019)", NULL, NULL, 0, 0},
    {0},
};

static const struct tk_param_def pitou_params[] = {
    {"date", TK_PARAM_DATE, NULL, NULL, "UTC day; names change daily"},
    {"magic", TK_PARAM_INT, "0xDAFE02C", NULL, "32-bit per-sample magic (0xDAFE02C or 0xDAFE02D)"},
    {"count", TK_PARAM_INT, "20", NULL,
     "name positions per day; a 9-letter position expands to all its candidates"},
    {0},
};

static const struct tk_seed pitou_seeds[] = {
    {NULL, "magic=0xDAFE02C", "published with the reimplementation (J. Bader, 2019)"},
    {NULL, "magic=0xDAFE02D", "published with the reimplementation (J. Bader, 2019)"},
    {0},
};

const struct tk_family tk_family_pitou = {
    .name = "pitou",
    .aliases = "",
    .summary = "Pitou rootkit: 20 name positions a day over 9 TLDs, ambiguous ones expanded",
    .description =
        "The date is shifted one month forward and counted in days since 1970; rounded down "
        "to a multiple of ten with the position, it is mixed with the year and the nibbles of "
        "a 32-bit magic into eight bytes that spell consonant/vowel runs of 8 or 9 letters. "
        "The TLD is (position ^ day value ^ magic) mod 9. When the label has 9 letters the "
        "malware's last letter comes from uninitialised memory, so every consonant (or "
        "vowel) is listed for it.",
    .variants = pitou_variants,
    .params = pitou_params,
    .seed_param = "magic",
    .known_seeds = pitou_seeds,
    .granularity = "daily",
    .names_per_period = "20 positions; a 9-letter one expands to 21 candidates (300-400 names)",
    .tlds = "com,org,biz,net,info,mobi,us,name,me",
    .charset = "a-z",
    .label_min = 8,
    .label_max = 9,
    .wordlists = NULL,
    .reference = "baderj/domain_generation_algorithms:pitou/dga.py — J. Bader, "
                 "'The DGA of Pitou'",
    .time_note = NULL,
    .generate = pitou_generate,
    .style = TK_STYLE_PRONOUNCEABLE,
    .period = NULL,
};
