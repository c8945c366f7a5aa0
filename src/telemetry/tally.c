/* tally.c - distinct addresses overall and per group, and spam per bot (see
 * include/takedown/tally.h).
 *
 * Each dimension is an array of groups with a map from the group's integer key to its
 * index: a country is its two letters, a network its number, a day its day number, a
 * family or seed the id of its interned text. Bots are keyed by the address hash. */
#include "takedown/tally.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "takedown/hash64.h"
#include "takedown/strpool.h"
#include "telemetry/tally_internal.h"
#include "util/grow.h"

static const char *const dimension_names[TK_DIMENSIONS] = {
    "country", "asn", "day", "family", "seed", "protocol",
};

const char *tk_dimension_name(enum tk_dimension dimension)
{
    return dimension < TK_DIMENSIONS ? dimension_names[dimension] : "?";
}

int tk_dimension_parse(const char *name, enum tk_dimension *out, struct tk_error *err)
{
    for (int d = 0; d < TK_DIMENSIONS; d++) {
        if (strcmp(name, dimension_names[d]) == 0) {
            *out = (enum tk_dimension)d;
            return TK_OK;
        }
    }
    return tk_error_set(err, TK_ERR_USAGE,
                        "unknown grouping '%s' (expected country, asn, day, family, seed or "
                        "protocol)", name);
}

int tk_tally_new(struct tk_tally **out, const struct tk_tally_options *options,
                 struct tk_error *err)
{
    struct tk_tally *t = calloc(1, sizeof *t);

    *out = NULL;
    if (t == NULL || (t->labels = tk_strpool_new()) == NULL) {
        free(t);
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    }
    t->options = *options;
    *out = t;
    return TK_OK;
}

void tk_tally_free(struct tk_tally *t)
{
    if (t == NULL)
        return;
    tk_distinct_free(&t->total);
    for (int d = 0; d < TK_DIMENSIONS; d++) {
        struct group_table *table = &t->tables[d];
        for (uint32_t i = 0; i < table->count; i++)
            tk_distinct_free(&table->groups[i].addresses);
        free(table->groups);
        u64map_free(&table->index);
    }
    tk_strpool_free(t->labels);
    tk_distinct_free(&t->spam_recipients);
    for (uint32_t i = 0; i < t->bot_count; i++)
        tk_distinct_free(&t->bots[i].recipients);
    free(t->bots);
    u64map_free(&t->bot_index);
    free(t->resolvers);
    u64map_free(&t->resolver_index);
    free(t);
}

struct tk_group *tally_find_group(struct group_table *table, uint64_t key, uint32_t label)
{
    uint32_t i = u64map_get(&table->index, key);
    struct tk_group *g;

    if (i != UINT32_MAX)
        return &table->groups[i];
    if (table->count == table->capacity) {
        uint32_t capacity = table->capacity ? table->capacity * 2 : 16;
        struct tk_group *groups = realloc(table->groups, capacity * sizeof *groups);
        if (groups == NULL)
            return NULL;
        table->groups = groups;
        table->capacity = capacity;
    }
    if (u64map_put(&table->index, key, table->count))
        return NULL;
    g = &table->groups[table->count++];
    memset(g, 0, sizeof *g);
    g->key = key;
    g->label = label;
    return g;
}

/* The key and label of ev in one dimension; 0 when an interned text could not be stored. */
static int group_key(struct tk_tally *t, enum tk_dimension d, const struct tk_tally_event *ev,
                     uint64_t *key, uint32_t *label)
{
    *label = 0;
    switch (d) {
    case TK_BY_COUNTRY:
        *key = ev->country[0] ? (uint64_t)(unsigned char)ev->country[0] << 8
                                    | (unsigned char)ev->country[1]
                              : 0;
        return 1;
    case TK_BY_ASN:
        *key = ev->asn;
        if (ev->asn && ev->as_org && ev->as_org[0])
            *label = tk_strpool_intern(t->labels, ev->as_org, strlen(ev->as_org));
        return !(ev->asn && ev->as_org && ev->as_org[0]) || *label != 0;
    case TK_BY_DAY:
        *key = (uint64_t)(uint32_t)ev->day;
        return 1;
    case TK_BY_FAMILY:
        *label = tk_strpool_intern(t->labels, ev->family, ev->family_len);
        *key = *label;
        return *label != 0;
    case TK_BY_SEED:
        *label = tk_strpool_intern(t->labels, ev->seed, ev->seed_len);
        *key = *label;
        return *label != 0;
    case TK_BY_PROTOCOL:
        *key = ev->protocol;
        return 1;
    case TK_DIMENSIONS:
        break;
    }
    return 0;
}

struct tk_bot *tally_find_bot(struct tk_tally *t, uint64_t address, int addr_family,
                              const uint8_t *addr, const char *country, uint32_t asn)
{
    uint32_t i = u64map_get(&t->bot_index, address);
    struct tk_bot *bot;

    if (i != UINT32_MAX)
        return &t->bots[i];
    if (tk_grow((void **)&t->bots, &t->bot_capacity, t->bot_count + 1, sizeof *t->bots))
        return NULL;
    if (u64map_put(&t->bot_index, address, t->bot_count))
        return NULL;
    bot = &t->bots[t->bot_count++];
    memset(bot, 0, sizeof *bot);
    bot->family = (uint8_t)addr_family;
    memcpy(bot->addr, addr, addr_family == 6 ? 16 : 4);
    memcpy(bot->country, country, 2);
    bot->asn = asn;
    return bot;
}

static int add_spam(struct tk_tally *t, const struct tk_tally_event *ev)
{
    struct tk_bot *bot = tally_find_bot(t, ev->address, ev->addr_family, ev->addr, ev->country,
                                        ev->asn);
    uint64_t limit = t->options.exact_limit;
    int rc;

    if (bot == NULL)
        return TK_ERR_NOMEM;
    bot->messages += ev->messages;
    t->spam_messages += ev->messages;
    for (size_t i = 0; i < ev->recipient_count; i++) {
        if ((rc = tk_distinct_add(&bot->recipients, ev->recipients[i], limit)))
            return rc;
        if ((rc = tk_distinct_add(&t->spam_recipients, ev->recipients[i], limit)))
            return rc;
    }
    return TK_OK;
}

/* Country and network follow from the address alone: an address the total has already
 * counted is already in its country's and network's counters. */
static int follows_address(int dimension)
{
    return dimension == TK_BY_COUNTRY || dimension == TK_BY_ASN;
}

int tk_tally_add(struct tk_tally *t, const struct tk_tally_event *ev, struct tk_error *err)
{
    uint64_t limit = t->options.exact_limit;
    int new_address;

    if (tk_distinct_insert(&t->total, ev->address, limit, &new_address))
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    if (t->events == 0 || ev->time_sec < t->first_time)
        t->first_time = ev->time_sec;
    if (t->events == 0 || ev->time_sec > t->last_time)
        t->last_time = ev->time_sec;
    t->events++;
    for (int d = 0; d < TK_DIMENSIONS; d++) {
        struct tk_group *g;
        uint64_t key;
        uint32_t label;
        if (!(t->options.dimensions & 1u << d))
            continue;
        if (!group_key(t, (enum tk_dimension)d, ev, &key, &label)
            || (g = tally_find_group(&t->tables[d], key, label)) == NULL
            || ((new_address || !follows_address(d))
                && tk_distinct_add(&g->addresses, ev->address, limit)))
            return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
        g->events++;
    }
    if (ev->messages > 0 || ev->recipient_count > 0) {
        if (add_spam(t, ev))
            return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    }
    return TK_OK;
}

unsigned tk_tally_dimensions(const struct tk_tally *t)
{
    return t->options.dimensions;
}

uint64_t tk_tally_exact_limit(const struct tk_tally *t)
{
    return t->options.exact_limit;
}

uint64_t tk_tally_events(const struct tk_tally *t)
{
    return t->events;
}

const struct tk_distinct *tk_tally_total(const struct tk_tally *t)
{
    return &t->total;
}

int64_t tk_tally_first_time(const struct tk_tally *t)
{
    return t->first_time;
}

int64_t tk_tally_last_time(const struct tk_tally *t)
{
    return t->last_time;
}

static int by_key(const void *a, const void *b)
{
    const struct tk_group_count *x = a, *y = b;
    int64_t kx = (int32_t)(uint32_t)x->group->key, ky = (int32_t)(uint32_t)y->group->key;
    return (kx > ky) - (kx < ky);
}

static int by_count(const void *a, const void *b)
{
    const struct tk_group_count *x = a, *y = b;
    if (x->distinct != y->distinct)
        return x->distinct < y->distinct ? 1 : -1;
    return (x->group->key > y->group->key) - (x->group->key < y->group->key);
}

struct tk_group_count *tk_tally_groups(const struct tk_tally *t, enum tk_dimension dimension,
                                       size_t *count)
{
    const struct group_table *table = &t->tables[dimension];
    struct tk_group_count *out;

    *count = 0;
    if (table->count == 0 || (out = malloc(table->count * sizeof *out)) == NULL)
        return NULL;
    for (uint32_t i = 0; i < table->count; i++) {
        out[i].group = &table->groups[i];
        out[i].distinct = tk_distinct_count(&table->groups[i].addresses);
        out[i].exact = tk_distinct_is_exact(&table->groups[i].addresses);
    }
    tk_tally_sort_groups(out, table->count, dimension);
    *count = table->count;
    return out;
}

void tk_tally_sort_groups(struct tk_group_count *groups, size_t count, enum tk_dimension dimension)
{
    qsort(groups, count, sizeof *groups, dimension == TK_BY_DAY ? by_key : by_count);
}

static const char *protocol_name(uint64_t protocol)
{
    static const char *const names[] = {"unknown", "dns", "http", "tcp", "smtp"};
    return protocol < sizeof names / sizeof names[0] ? names[protocol] : "unknown";
}

const char *tk_tally_group_key(const struct tk_tally *t, enum tk_dimension dimension,
                               const struct tk_group *g, char *buf)
{
    switch (dimension) {
    case TK_BY_COUNTRY:
        if (g->key == 0)
            return "--";
        buf[0] = (char)(g->key >> 8);
        buf[1] = (char)g->key;
        buf[2] = '\0';
        return buf;
    case TK_BY_ASN:
        snprintf(buf, 16, "AS%u", (unsigned)g->key);
        return buf;
    case TK_BY_DAY:
        tk_day_format((tk_day)(int32_t)(uint32_t)g->key, buf);
        return buf;
    case TK_BY_FAMILY:
    case TK_BY_SEED:
        return tk_strpool_get(t->labels, g->label);
    case TK_BY_PROTOCOL:
        return protocol_name(g->key);
    case TK_DIMENSIONS:
        break;
    }
    return "";
}

const char *tk_tally_label(const struct tk_tally *t, uint32_t label)
{
    return label ? tk_strpool_get(t->labels, label) : "";
}

uint64_t tk_tally_spam_messages(const struct tk_tally *t)
{
    return t->spam_messages;
}

const struct tk_distinct *tk_tally_spam_recipients(const struct tk_tally *t)
{
    return &t->spam_recipients;
}

size_t tk_tally_bot_count(const struct tk_tally *t)
{
    return t->bot_count;
}

/* The order of equal counts: by address family, then address (16 bytes, zero-padded). */
static int by_address(uint8_t family_a, const uint8_t *a, uint8_t family_b, const uint8_t *b)
{
    if (family_a != family_b)
        return family_a - family_b;
    return memcmp(a, b, 16);
}

static int by_messages(const void *a, const void *b)
{
    const struct tk_bot *x = *(const struct tk_bot *const *)a, *y = *(const struct tk_bot *const *)b;
    if (x->messages != y->messages)
        return x->messages < y->messages ? 1 : -1;
    return by_address(x->family, x->addr, y->family, y->addr);
}

const struct tk_bot **tk_tally_bots(const struct tk_tally *t, size_t *count)
{
    const struct tk_bot **out;

    *count = 0;
    if (t->bot_count == 0 || (out = malloc(t->bot_count * sizeof *out)) == NULL)
        return NULL;
    for (uint32_t i = 0; i < t->bot_count; i++)
        out[i] = &t->bots[i];
    qsort(out, t->bot_count, sizeof *out, by_messages);
    *count = t->bot_count;
    return out;
}

struct tk_resolver *tally_find_resolver(struct tk_tally *t, int family, const uint8_t *addr,
                                        const char *country, uint32_t asn)
{
    uint64_t key = tk_hash_address(family, addr);
    uint32_t i = u64map_get(&t->resolver_index, key);
    struct tk_resolver *r;

    if (i != UINT32_MAX)
        return &t->resolvers[i];
    if (tk_grow((void **)&t->resolvers, &t->resolver_capacity, t->resolver_count + 1,
                sizeof *t->resolvers))
        return NULL;
    if (u64map_put(&t->resolver_index, key, t->resolver_count))
        return NULL;
    r = &t->resolvers[t->resolver_count++];
    memset(r, 0, sizeof *r);
    r->family = (uint8_t)family;
    memcpy(r->addr, addr, family == 6 ? 16 : 4);
    memcpy(r->country, country, 2);
    r->asn = asn;
    return r;
}

int tk_tally_add_resolver(struct tk_tally *t, int family, const uint8_t *addr,
                          const char country[3], uint32_t asn, int with_subnet,
                          struct tk_error *err)
{
    struct tk_resolver *r = tally_find_resolver(t, family, addr, country, asn);
    if (r == NULL)
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    r->queries++;
    r->with_subnet += with_subnet != 0;
    return TK_OK;
}

size_t tk_tally_resolver_count(const struct tk_tally *t)
{
    return t->resolver_count;
}

static int by_queries(const void *a, const void *b)
{
    const struct tk_resolver *x = *(const struct tk_resolver *const *)a;
    const struct tk_resolver *y = *(const struct tk_resolver *const *)b;
    if (x->queries != y->queries)
        return x->queries < y->queries ? 1 : -1;
    return by_address(x->family, x->addr, y->family, y->addr);
}

const struct tk_resolver **tk_tally_resolvers(const struct tk_tally *t, size_t *count)
{
    const struct tk_resolver **out;

    *count = 0;
    if (t->resolver_count == 0 || (out = malloc(t->resolver_count * sizeof *out)) == NULL)
        return NULL;
    for (uint32_t i = 0; i < t->resolver_count; i++)
        out[i] = &t->resolvers[i];
    qsort(out, t->resolver_count, sizeof *out, by_queries);
    *count = t->resolver_count;
    return out;
}
