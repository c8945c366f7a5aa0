/* park_miller_search.c - the Park-Miller states that spell a label (park_miller_search.h). */
#include "dga/park_miller_search.h"

#include "dga/lcg.h"
#include "takedown/recover.h"

struct spell {
    const char *label;
    size_t len;
    uint32_t modulus;
    tk_park_miller_found_fn found;
    void *ctx;
};

/* Tries the first-letter states k * modulus + letter for k in lo..hi. */
static int spell_slice(void *arg, uint64_t lo, uint64_t hi)
{
    const struct spell *s = arg;
    uint32_t first = (uint32_t)(s->label[0] - 'a');

    for (uint64_t k = lo; k <= hi; k++) {
        uint32_t y = (uint32_t)(k * s->modulus + first);
        if (!tk_park_miller_in_image(y))
            continue;
        uint32_t state = y;
        size_t i = 1;
        while (i < s->len && tk_park_miller(&state) % s->modulus == (uint32_t)(s->label[i] - 'a'))
            i++;
        if (i == s->len) {
            int rc = s->found(s->ctx, y);
            if (rc)
                return rc;
        }
    }
    return 0;
}

int tk_park_miller_spell(const char *label, size_t len, uint32_t modulus, int threads,
                         tk_park_miller_found_fn found, void *ctx)
{
    struct spell s = {label, len, modulus, found, ctx};

    if (len == 0 || modulus == 0)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (label[i] < 'a' || (uint32_t)(label[i] - 'a') >= modulus)
            return 0;
    uint64_t last = (UINT32_MAX - (uint64_t)(label[0] - 'a')) / modulus;
    return tk_recover_parallel(0, last, threads, spell_slice, &s);
}
