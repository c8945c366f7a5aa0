/* murofet_v2.c - the Murofet v2 DGA, also Tufik's (see src/dga/murofet_v2.h). */
#include "dga/murofet_v2.h"

#include "dga/dga_util.h"
#include "dga/emit_util.h"

static const char *const murofet_v2_tlds[5] = {"biz", "info", "org", "net", "com"};

const char *tk_murofet_tld(const char *const *tlds, size_t n, int64_t index)
{
    for (size_t i = 0; i + 1 < n; i++)
        if (index % (int64_t)(n - i) == 0)
            return tlds[i];
    return tlds[n - 1];
}

/* Year, month, exact day, a zero byte and the index with its low bit cleared, every byte
 * XORed with the matching byte of the little-endian key, hashed with MD5. */
static void murofet_v2_digest(struct tk_civil c, uint32_t index, uint32_t key,
                              uint8_t digest[16])
{
    uint8_t seed[8];
    seed[0] = (uint8_t)((c.year & 0xFF) + 0x30);
    seed[1] = (uint8_t)c.month;
    seed[2] = (uint8_t)c.day;
    seed[3] = 0;
    tk_store_le(seed + 4, index & 0xFFFFFFFEu, 4);
    for (int i = 0; i < 8; i++)
        seed[i] ^= (uint8_t)(key >> (8 * (i % 4)));
    tk_md5(seed, sizeof seed, digest);
}

/* Each digest byte gives 'a' + the sum of its nibbles, when that is a letter. */
static size_t murofet_v2_label(const uint8_t digest[16], char *out)
{
    size_t len = 0;
    for (int i = 0; i < 16; i++) {
        int sum = (digest[i] & 0x0F) + (digest[i] >> 4);
        if (sum <= 25)
            out[len++] = (char)('a' + sum);
    }
    return len;
}

int tk_murofet_v2_generate(tk_day day, uint32_t key, int64_t count, tk_emit_fn emit,
                           void *ctx)
{
    struct tk_civil c = tk_day_to_civil(day);
    char name[32];

    for (int64_t index = 0; index < count; index++) {
        uint8_t digest[16];
        murofet_v2_digest(c, (uint32_t)index, key, digest);
        size_t len = murofet_v2_label(digest, name);
        const char *tld = tk_murofet_tld(murofet_v2_tlds, 5, index);
        int rc = tk_emit_with_tld(emit, ctx, name, len, tld);
        if (rc)
            return rc;
    }
    return TK_OK;
}
