/* population.c - bots with addresses in a country mix, their days, resolvers and spam (see
 * include/takedown/population.h). */
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

double tk_sim_uniform(uint64_t *state)
{
    return (double)(tk_sim_random(state) >> 11) * 0x1.0p-53;
}

int tk_country_mix_parse(const char *text, struct tk_country_share *out, size_t max,
                         size_t *count, struct tk_error *err)
{
    double total = 0;
    size_t n = 0;
    const char *p = text;

    for (const char *c = text; *c; c++)
        if ((unsigned char)*c < 0x20 || *c == 0x7f)
            return tk_error_set(err, TK_ERR_USAGE, "country mix: expected CC=PERCENT,... (it "
                                "holds a control character)");
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
    if (n == 0)
        return tk_error_set(err, TK_ERR_USAGE, "country mix: expected CC=PERCENT,... (got '')");
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

int tk_population_spec_check(const struct tk_population_spec *spec, struct tk_error *err)
{
    struct tk_country_share mix[64];
    size_t count;
    int rc;

    if ((rc = tk_country_mix_parse(spec->mix, mix, 64, &count, err)))
        return rc;
    if (spec->bots == 0 || spec->bots > 50000000)
        return tk_error_set(err, TK_ERR_USAGE, "population: expected 1 to 50,000,000 bots");
    if (spec->days < 1 || spec->days > TK_POPULATION_MAX_DAYS)
        return tk_error_set(err, TK_ERR_USAGE, "days: expected 1 to %d", TK_POPULATION_MAX_DAYS);
    if (spec->resolvers < 1 || spec->resolvers > 255)
        return tk_error_set(err, TK_ERR_USAGE, "resolvers: expected 1 to 255");
    if (!(spec->spam_share >= 0 && spec->spam_share <= 1))
        return tk_error_set(err, TK_ERR_USAGE, "spam share: expected 0 to 1");
    if (!(spec->spam_alpha > 1 && spec->spam_alpha <= 10))
        return tk_error_set(err, TK_ERR_USAGE, "spam alpha: expected above 1, at most 10");
    if (spec->spam_min < 1 || spec->spam_max < spec->spam_min)
        return tk_error_set(err, TK_ERR_USAGE, "spam messages: expected 1 <= min <= max");
    return TK_OK;
}

/* Reserved, private, shared, loopback, link-local, multicast: never a bot's address. */
static int special_ipv4(uint32_t a)
{
    uint8_t b0 = (uint8_t)(a >> 24), b1 = (uint8_t)(a >> 16);
    return b0 == 0 || b0 == 10 || b0 == 127 || b0 >= 224 || (b0 == 100 && (b1 & 0xC0) == 64)
           || (b0 == 169 && b1 == 254) || (b0 == 172 && (b1 & 0xF0) == 16)
           || (b0 == 192 && b1 == 168) || (b0 == 198 && (b1 & 0xFE) == 18);
}

/* The networks of one mix entry, with their sizes summed as they are added. */
struct slot_networks {
    uint32_t *first;
    uint64_t *end;    /* running total of addresses up to and including this network */
    size_t count, cap;
};

struct walk {
    const struct tk_population *p;
    struct slot_networks *slots;
    int failed;
};

/* Which mix entry a country falls in; the "" entry takes the rest. */
static long mix_slot(const struct tk_population *p, const char *code)
{
    long rest = -1;
    for (size_t i = 0; i < p->mix_count; i++) {
        if (p->mix[i].code[0] == '\0')
            rest = (long)i;
        else if (memcmp(p->mix[i].code, code, 2) == 0)
            return (long)i;
    }
    return rest;
}

static int add_network(void *arg, uint32_t first, unsigned prefix, const char country[3])
{
    struct walk *w = arg;
    long slot = mix_slot(w->p, country);
    if (slot < 0 || special_ipv4(first))
        return 0;
    struct slot_networks *s = &w->slots[slot];
    if (s->count == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 256;
        uint32_t *f = realloc(s->first, cap * sizeof *f);
        if (f)
            s->first = f;
        uint64_t *e = f ? realloc(s->end, cap * sizeof *e) : NULL;
        if (e == NULL)
            return TK_ERR_NOMEM;
        s->end = e;
        s->cap = cap;
    }
    uint64_t before = s->count ? s->end[s->count - 1] : 0;
    s->first[s->count] = first;
    s->end[s->count++] = before + ((uint64_t)1 << (32 - prefix));
    return 0;
}

/* A uniformly drawn address of the slot's networks. */
static uint32_t draw_address(const struct slot_networks *s, uint64_t *state)
{
    uint64_t total = s->end[s->count - 1], at = tk_sim_random(state) % total;
    size_t lo = 0, hi = s->count - 1;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (s->end[mid] > at)
            hi = mid;
        else
            lo = mid + 1;
    }
    uint64_t start = lo ? s->end[lo - 1] : 0;
    return s->first[lo] + (uint32_t)(at - start);
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

/* Days switched on, resolver and spam volume of one bot. */
static void plan_bot(struct tk_bot_plan *b, const struct tk_population_spec *spec, int spammer,
                     uint64_t *state)
{
    double presence = 0.3 + 0.65 * tk_sim_uniform(state);
    b->days = 0;
    for (int d = 0; d < spec->days; d++)
        if (tk_sim_uniform(state) < presence)
            b->days |= 1u << d;
    if (b->days == 0)
        b->days = 1u << (tk_sim_random(state) % (uint64_t)spec->days);
    b->resolver = (uint8_t)(tk_sim_random(state) % (uint64_t)spec->resolvers);
    b->spam_messages = 0;
    if (spammer) {
        double u = 1 - tk_sim_uniform(state); /* (0, 1] */
        double m = floor((double)spec->spam_min * pow(u, -1 / spec->spam_alpha));
        b->spam_messages = m > (double)spec->spam_max ? spec->spam_max : (uint32_t)m;
    }
}

static int place_bots(const struct tk_population_spec *spec, struct tk_population *out,
                      struct slot_networks *slots, uint64_t *state, struct tk_error *err)
{
    size_t want[64] = {0}, assigned = 0, mask = 1023;
    for (size_t i = 0; i < out->mix_count; i++) {
        want[i] = (size_t)floor(out->mix[i].share * (double)spec->bots);
        assigned += want[i];
    }
    for (size_t i = 0; assigned < spec->bots; i = (i + 1) % out->mix_count, assigned++)
        want[i]++;
    while (mask < spec->bots * 2)
        mask = mask * 2 + 1;
    uint32_t *taken = calloc(mask + 1, sizeof *taken);
    if (taken == NULL)
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < out->mix_count; i++) {
        const struct slot_networks *s = &slots[i];
        uint64_t available = s->count ? s->end[s->count - 1] : 0;
        if (available < want[i] * 2) {
            free(taken);
            return tk_error_set(err, TK_ERR_DATA, "population: the geo database has too few "
                                "addresses for %s (%llu for %zu bots)",
                                out->mix[i].code[0] ? out->mix[i].code : "the rest of the world",
                                (unsigned long long)available, want[i]);
        }
        for (size_t k = 0; k < want[i]; k++) {
            uint32_t a;
            do
                a = draw_address(s, state);
            while (a == 0 || special_ipv4(a) || address_taken(taken, mask, a));
            address_add(taken, mask, a);
            struct tk_bot_plan *b = &out->bots[out->count++];
            b->address.family = 4;
            b->address.bytes[0] = (uint8_t)(a >> 24);
            b->address.bytes[1] = (uint8_t)(a >> 16);
            b->address.bytes[2] = (uint8_t)(a >> 8);
            b->address.bytes[3] = (uint8_t)a;
            b->address.port = (uint16_t)(1024 + tk_sim_random(state) % 64000);
            memcpy(b->country, out->mix[i].code, 3);
        }
    }
    free(taken);
    return TK_OK;
}

int tk_population_build(const struct tk_geo *geo, const struct tk_population_spec *spec,
                        struct tk_population *out, struct tk_error *err)
{
    struct slot_networks slots[64];
    uint64_t state = spec->seed;
    int rc;

    memset(out, 0, sizeof *out);
    memset(slots, 0, sizeof slots);
    if ((rc = tk_population_spec_check(spec, err))
        || (rc = tk_country_mix_parse(spec->mix, out->mix, 64, &out->mix_count, err)))
        return rc;
    out->days = spec->days;
    struct walk w = {out, slots, 0};
    if ((out->bots = calloc(spec->bots, sizeof *out->bots)) == NULL)
        rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    if (rc == TK_OK && (rc = tk_geo_each_ipv4_country(geo, add_network, &w, err)) == TK_ERR_NOMEM)
        tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    if (rc == TK_OK)
        rc = place_bots(spec, out, slots, &state, err);
    for (size_t i = 0; i < 64; i++) {
        free(slots[i].first);
        free(slots[i].end);
    }
    if (rc) {
        tk_population_free(out);
        return rc;
    }
    /* The "rest" entry holds other countries: find each bot's own. */
    for (size_t i = 0; i < out->count; i++) {
        struct tk_geo_result where;
        if (out->bots[i].country[0] == '\0'
            && tk_geo_lookup(geo, 4, out->bots[i].address.bytes, &where, NULL) == TK_OK)
            memcpy(out->bots[i].country, where.country, 3);
    }
    /* Shuffle so countries interleave; then spam_share of them, spread evenly, spam. */
    for (size_t i = out->count - 1; i > 0; i--) {
        size_t j = (size_t)(tk_sim_random(&state) % (i + 1));
        struct tk_bot_plan t = out->bots[i];
        out->bots[i] = out->bots[j];
        out->bots[j] = t;
    }
    size_t spammers = (size_t)llround(spec->spam_share * (double)out->count), next = 0;
    for (size_t i = 0; i < out->count; i++) {
        int spammer = spammers && next < spammers && i == next * out->count / spammers;
        next += spammer;
        plan_bot(&out->bots[i], spec, spammer, &state);
    }
    return TK_OK;
}

void tk_population_free(struct tk_population *population)
{
    free(population->bots);
    population->bots = NULL;
    population->count = 0;
}
