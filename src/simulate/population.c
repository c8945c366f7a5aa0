/* population.c - bots with addresses in a country mix (see include/takedown/population.h). */
#include "takedown/population.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

uint64_t tk_sim_random(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

int tk_country_mix_parse(const char *text, struct tk_country_share *out, size_t max,
                         size_t *count, struct tk_error *err)
{
    double total = 0;
    size_t n = 0;
    const char *p = text;

    while (*p) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        char item[64], *eq, *num_end;
        if (len == 0 || len >= sizeof item || n + 1 >= max)
            return tk_error_set(err, TK_ERR_USAGE, "country mix: expected CC=PERCENT,... (got '%s')", text);
        memcpy(item, p, len);
        item[len] = '\0';
        eq = strchr(item, '=');
        if (eq == NULL || eq - item != 2 || item[0] < 'A' || item[0] > 'Z' || item[1] < 'A'
            || item[1] > 'Z')
            return tk_error_set(err, TK_ERR_USAGE, "country mix: '%s' is not CC=PERCENT with an "
                                "upper-case ISO 3166 code", item);
        double share = strtod(eq + 1, &num_end);
        if (*num_end || !(share > 0) || share > 100)
            return tk_error_set(err, TK_ERR_USAGE, "country mix: '%s' needs a percentage above 0",
                                item);
        for (size_t i = 0; i < n; i++)
            if (memcmp(out[i].code, item, 2) == 0)
                return tk_error_set(err, TK_ERR_USAGE, "country mix: %.2s appears twice", item);
        memcpy(out[n].code, item, 2);
        out[n].code[2] = '\0';
        out[n++].share = share / 100;
        total += share;
        p = end ? end + 1 : p + len;
    }
    if (total > 100.0001)
        return tk_error_set(err, TK_ERR_USAGE, "country mix: shares add up to %.2f %%, more than 100",
                            total);
    if (total < 99.9999) {
        out[n].code[0] = '\0';
        out[n++].share = 1 - total / 100;
    }
    *count = n;
    return TK_OK;
}

/* A random public IPv4 address: never private, shared, loopback, link-local, multicast or
 * reserved space. */
static void random_public_ipv4(uint64_t *state, uint8_t out[4])
{
    for (;;) {
        uint32_t a = (uint32_t)tk_sim_random(state);
        uint8_t b0 = (uint8_t)(a >> 24), b1 = (uint8_t)(a >> 16);
        if (b0 == 0 || b0 == 10 || b0 == 127 || b0 >= 224 || (b0 == 100 && (b1 & 0xC0) == 64)
            || (b0 == 169 && b1 == 254) || (b0 == 172 && (b1 & 0xF0) == 16)
            || (b0 == 192 && b1 == 168) || (b0 == 198 && (b1 & 0xFE) == 18))
            continue;
        out[0] = b0;
        out[1] = b1;
        out[2] = (uint8_t)(a >> 8);
        out[3] = (uint8_t)a;
        return;
    }
}

/* Which mix entry an address of country code falls in; the "" entry takes the rest. */
static long mix_slot(const struct tk_population *p, const char *code)
{
    long rest = -1;
    for (size_t i = 0; i < p->mix_count; i++) {
        if (p->mix[i].code[0] == '\0')
            rest = (long)i;
        else if (memcmp(p->mix[i].code, code, 2) == 0)
            return (long)i;
    }
    return code[0] ? rest : -1;
}

static int address_taken(const uint32_t *set, size_t mask, uint32_t a)
{
    for (size_t s = (a * 2654435761u) & mask; set[s]; s = (s + 1) & mask)
        if (set[s] == a)
            return 1;
    return 0;
}

static void address_add(uint32_t *set, size_t mask, uint32_t a)
{
    size_t s = (a * 2654435761u) & mask;
    while (set[s])
        s = (s + 1) & mask;
    set[s] = a;
}

int tk_population_build(const struct tk_geo *geo, const char *mix, size_t bots,
                        double spam_share, uint64_t seed, struct tk_population *out,
                        struct tk_error *err)
{
    size_t want[64] = {0}, have[64] = {0}, assigned = 0, mask = 1023;
    uint64_t state = seed;
    int rc;

    memset(out, 0, sizeof *out);
    if ((rc = tk_country_mix_parse(mix, out->mix, 64, &out->mix_count, err)))
        return rc;
    if (bots == 0 || bots > 50000000)
        return tk_error_set(err, TK_ERR_USAGE, "population: expected 1 to 50,000,000 bots");
    if (spam_share < 0 || spam_share > 1)
        return tk_error_set(err, TK_ERR_USAGE, "population: the spam share must be 0 to 1");
    /* Bots per country: rounded shares, the remainder to the largest entries first. */
    for (size_t i = 0; i < out->mix_count; i++) {
        want[i] = (size_t)floor(out->mix[i].share * (double)bots);
        assigned += want[i];
    }
    for (size_t i = 0; assigned < bots; i = (i + 1) % out->mix_count, assigned++)
        want[i]++;
    while (mask < bots * 2)
        mask = mask * 2 + 1;
    uint32_t *taken = calloc(mask + 1, sizeof *taken);
    out->bots = calloc(bots, sizeof *out->bots);
    if (taken == NULL || out->bots == NULL) {
        free(taken);
        tk_population_free(out);
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    }
    /* Sample the address space; most countries fill within a few hundred draws per bot. */
    uint64_t attempts = 0, limit = (uint64_t)bots * 20000 + 1000000;
    while (out->count < bots && attempts++ < limit) {
        struct tk_geo_result where;
        uint8_t a[4];
        random_public_ipv4(&state, a);
        uint32_t key = (uint32_t)a[0] << 24 | (uint32_t)a[1] << 16 | (uint32_t)a[2] << 8 | a[3];
        if (tk_geo_lookup(geo, 4, a, &where, NULL) != TK_OK || where.country[0] == '\0')
            continue;
        long slot = mix_slot(out, where.country);
        if (slot < 0 || have[slot] >= want[slot] || address_taken(taken, mask, key))
            continue;
        address_add(taken, mask, key);
        have[slot]++;
        struct tk_bot *b = &out->bots[out->count++];
        b->address.family = 4;
        memcpy(b->address.bytes, a, 4);
        b->address.port = (uint16_t)(1024 + tk_sim_random(&state) % 64000);
        memcpy(b->country, where.country, 3);
    }
    free(taken);
    if (out->count < bots) {
        for (size_t i = 0; i < out->mix_count; i++)
            if (have[i] < want[i]) {
                tk_error_set(err, TK_ERR_DATA, "population: the geo database has too few addresses "
                             "for %s (found %zu of %zu)", out->mix[i].code[0] ? out->mix[i].code
                             : "the rest of the world", have[i], want[i]);
                break;
            }
        tk_population_free(out);
        return TK_ERR_DATA;
    }
    /* Shuffle so countries interleave, then mark the first spam_share as spam bots. */
    for (size_t i = bots - 1; i > 0; i--) {
        size_t j = (size_t)(tk_sim_random(&state) % (i + 1));
        struct tk_bot t = out->bots[i];
        out->bots[i] = out->bots[j];
        out->bots[j] = t;
    }
    size_t spammers = (size_t)llround(spam_share * (double)bots);
    for (size_t i = 0; i < spammers; i++)
        out->bots[i * bots / (spammers ? spammers : 1)].spammer = 1;
    return TK_OK;
}

void tk_population_free(struct tk_population *population)
{
    free(population->bots);
    population->bots = NULL;
    population->count = 0;
}
