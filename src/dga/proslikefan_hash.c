/* proslikefan_hash.c - the Proslikefan DGA core (see src/dga/proslikefan_hash.h).
 *
 * The string hash is a left fold, so the hash of "prefix + more" continues from the hash of
 * the prefix: the day's "magic.month.day.year." and each label's letters so far are hashed
 * once and extended, instead of rebuilding and rehashing the strings. */
#include "dga/proslikefan_hash.h"

#include <stdio.h>
#include <string.h>

#include "dga/dga_util.h"

enum { LABEL_MAX = 12 };

static uint32_t hash_more(uint32_t h, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        h = 31 * h + (uint8_t)s[i];
    return h;
}

/* The absolute value of the hash read as a signed 32-bit number. */
static int64_t hash_abs(uint32_t h)
{
    return h < 0x80000000u ? (int64_t)h : (int64_t)0x100000000 - (int64_t)h;
}

/* The label for start value r: while fewer than r mod 7 + 6 letters (r changing after each),
 * r becomes |hash(label + decimal(r))| and adds the letter r mod 26. */
static size_t proslikefan_label(int64_t r, char *out)
{
    uint32_t label_hash = 0;
    size_t len = 0;
    char digits[20];

    while ((int64_t)len < r % 7 + 6) {
        size_t n = tk_format_base((uint64_t)r, 10, digits);
        r = hash_abs(hash_more(label_hash, digits, n));
        out[len] = (char)('a' + r % 26);
        label_hash = hash_more(label_hash, out + len, 1);
        len++;
    }
    return len;
}

int tk_proslikefan_generate(tk_day day, const char *magic, const char *tlds, int64_t count,
                            tk_emit_fn emit, void *ctx, struct tk_error *err)
{
    struct tk_civil c = tk_day_to_civil(day);
    char date_part[48], name[LABEL_MAX + 1 + TK_TLD_MAX + 1];
    int rc = tk_check_tld_list(tlds, err);
    if (rc)
        return rc;

    int n = snprintf(date_part, sizeof date_part, ".%d.%d.%d.", c.month, c.day, c.year);
    uint32_t day_hash = hash_more(hash_more(0, magic, strlen(magic)), date_part, (size_t)n);
    int64_t emitted = 0;
    for (int64_t round = 0; emitted < count; round++) {
        for (const char *tld = tlds; *tld && emitted < count; emitted++) {
            size_t tld_len = strcspn(tld, ",");
            int64_t r = hash_abs(hash_more(day_hash, tld, tld_len)) + round;
            size_t len = proslikefan_label(r, name);
            name[len] = '.';
            memcpy(name + len + 1, tld, tld_len);
            name[len + 1 + tld_len] = '\0';
            rc = emit(ctx, name, len + 1 + tld_len);
            if (rc)
                return rc;
            tld += tld_len + (tld[tld_len] == ',');
        }
    }
    return TK_OK;
}
