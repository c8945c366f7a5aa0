/* tally_file.c - saving a tally as a counts file and merging counts files into a tally
 * (see include/takedown/tally.h). All integers little-endian:
 *
 *   "TKCOUNT1"  u64 exact_limit  u32 groupings (1 << dimension)  u64 events
 *   i64 first_time  i64 last_time  COUNTER total  u64 spam_messages  COUNTER spam_recipients
 *   for each grouping in order: u32 groups, then per group
 *       u64 key  TEXT label  u64 events  COUNTER addresses
 *   u32 bots, then per bot: u8 family (4|6)  16 address bytes  2 country bytes  u32 asn
 *       u64 messages  COUNTER recipients
 *   u32 resolvers, then per resolver: u8 family  16 address bytes  2 country bytes  u32 asn
 *       u64 queries  u64 queries with a Client Subnet  (absent from older files: none)
 *
 *   TEXT = u16 length + bytes; COUNTER = u8 form, then for 0 (exact) u32 n and n u64
 *   values, for 1 (estimate) u32 n and the n bytes of tk_hll_encode.
 * Family and seed groups are identified by their label; their key is written as 0. */
#include <stdlib.h>
#include <string.h>

#include "takedown/hash64.h"
#include "telemetry/tally_internal.h"

static const char magic[8] = {'T', 'K', 'C', 'O', 'U', 'N', 'T', '1'};

static void put_bytes(FILE *out, const void *p, size_t n)
{
    fwrite(p, 1, n, out);
}

static void put_uint(FILE *out, uint64_t v, int bytes)
{
    uint8_t b[8];
    for (int i = 0; i < bytes; i++)
        b[i] = (uint8_t)(v >> (8 * i));
    put_bytes(out, b, (size_t)bytes);
}

static void put_text(FILE *out, const char *s)
{
    size_t n = strlen(s);
    if (n > 65535)
        n = 65535;
    put_uint(out, n, 2);
    put_bytes(out, s, n);
}

static void put_value(uint64_t value, void *arg)
{
    put_uint(arg, value, 8);
}

static int put_counter(FILE *out, const struct tk_distinct *d)
{
    uint8_t *sketch;
    size_t size;

    if (tk_distinct_is_exact(d)) {
        put_uint(out, 0, 1);
        put_uint(out, tk_distinct_count(d), 4);
        tk_distinct_each(d, put_value, out);
        return TK_OK;
    }
    size = tk_hll_encoded_size(d->hll);
    if ((sketch = malloc(size)) == NULL)
        return TK_ERR_NOMEM;
    tk_hll_encode(d->hll, sketch);
    put_uint(out, 1, 1);
    put_uint(out, size, 4);
    put_bytes(out, sketch, size);
    free(sketch);
    return TK_OK;
}

static int is_text_keyed(int d)
{
    return d == TK_BY_FAMILY || d == TK_BY_SEED;
}

int tk_tally_save(const struct tk_tally *t, FILE *out, struct tk_error *err)
{
    int rc = TK_OK;

    put_bytes(out, magic, sizeof magic);
    put_uint(out, t->options.exact_limit, 8);
    put_uint(out, t->options.dimensions, 4);
    put_uint(out, t->events, 8);
    put_uint(out, (uint64_t)t->first_time, 8);
    put_uint(out, (uint64_t)t->last_time, 8);
    rc |= put_counter(out, &t->total);
    put_uint(out, t->spam_messages, 8);
    rc |= put_counter(out, &t->spam_recipients);
    for (int d = 0; d < TK_DIMENSIONS; d++) {
        const struct group_table *table = &t->tables[d];
        if (!(t->options.dimensions & 1u << d))
            continue;
        put_uint(out, table->count, 4);
        for (uint32_t i = 0; i < table->count; i++) {
            const struct tk_group *g = &table->groups[i];
            put_uint(out, is_text_keyed(d) ? 0 : g->key, 8);
            put_text(out, g->label ? tk_strpool_get(t->labels, g->label) : "");
            put_uint(out, g->events, 8);
            rc |= put_counter(out, &g->addresses);
        }
    }
    put_uint(out, t->bot_count, 4);
    for (uint32_t i = 0; i < t->bot_count; i++) {
        const struct tk_bot *bot = &t->bots[i];
        put_uint(out, bot->family, 1);
        put_bytes(out, bot->addr, 16);
        put_bytes(out, bot->country, 2);
        put_uint(out, bot->asn, 4);
        put_uint(out, bot->messages, 8);
        rc |= put_counter(out, &bot->recipients);
    }
    put_uint(out, t->resolver_count, 4);
    for (uint32_t i = 0; i < t->resolver_count; i++) {
        const struct tk_resolver *r = &t->resolvers[i];
        put_uint(out, r->family, 1);
        put_bytes(out, r->addr, 16);
        put_bytes(out, r->country, 2);
        put_uint(out, r->asn, 4);
        put_uint(out, r->queries, 8);
        put_uint(out, r->with_subnet, 8);
    }
    if (rc)
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    if (fflush(out) != 0 || ferror(out))
        return tk_error_set(err, TK_ERR_IO, "cannot write the counts file");
    return TK_OK;
}

/* Reading: a cursor that fails once and stays failed, naming the offset. */
struct cursor {
    const uint8_t *start, *p, *end;
    const char *name;
    struct tk_error *err;
    int failed;
};

static int short_read(struct cursor *c, const char *what)
{
    if (!c->failed)
        tk_error_set(c->err, TK_ERR_DATA, "%s: byte %zu: expected %s", c->name,
                     (size_t)(c->p - c->start), what);
    c->failed = 1;
    return -1;
}

static int out_of_memory(struct cursor *c)
{
    tk_error_set(c->err, TK_ERR_NOMEM, "out of memory");
    c->failed = 1;
    return -1;
}

static uint64_t get_uint(struct cursor *c, int bytes, const char *what)
{
    uint64_t v = 0;
    if (c->failed || c->end - c->p < bytes) {
        short_read(c, what);
        return 0;
    }
    for (int i = bytes - 1; i >= 0; i--)
        v = v << 8 | c->p[i];
    c->p += bytes;
    return v;
}

static const uint8_t *get_bytes(struct cursor *c, size_t n, const char *what)
{
    const uint8_t *p = c->p;
    if (c->failed || (size_t)(c->end - c->p) < n) {
        short_read(c, what);
        return NULL;
    }
    c->p += n;
    return p;
}

/* Merges one COUNTER into dst. */
static int merge_counter(struct cursor *c, struct tk_distinct *dst, uint64_t limit)
{
    uint64_t form = get_uint(c, 1, "a counter form"), n = get_uint(c, 4, "a counter length");
    const uint8_t *bytes;

    if (c->failed)
        return -1;
    if (form == 0) {
        if (n > (uint64_t)(c->end - c->p) / 8)
            return short_read(c, "the values of an exact counter");
        for (uint64_t i = 0; i < n; i++)
            if (tk_distinct_add(dst, get_uint(c, 8, "a value"), limit))
                return out_of_memory(c);
        return 0;
    }
    if (form != 1)
        return short_read(c, "counter form 0 (exact) or 1 (estimate)");
    if ((bytes = get_bytes(c, n, "a sketch")) == NULL)
        return -1;
    {
        struct tk_distinct sketch = {0};
        struct tk_error inner;
        int rc;
        if (tk_hll_decode(bytes, n, &sketch.hll, &inner)) {
            tk_error_set(c->err, TK_ERR_DATA, "%s: byte %zu: %s", c->name,
                         (size_t)(bytes - c->start), inner.message);
            c->failed = 1;
            return -1;
        }
        rc = tk_distinct_merge(dst, &sketch, limit);
        tk_distinct_free(&sketch);
        if (rc)
            return out_of_memory(c);
    }
    return 0;
}

/* A counter that is read and dropped (a grouping t does not count). */
static int skip_counter(struct cursor *c)
{
    struct tk_distinct ignored = {0};
    int rc = merge_counter(c, &ignored, 0);
    tk_distinct_free(&ignored);
    return rc;
}

static int merge_groups(struct tk_tally *t, struct cursor *c, int d, int wanted)
{
    uint64_t count = get_uint(c, 4, "a group count");

    for (uint64_t i = 0; i < count && !c->failed; i++) {
        uint64_t key = get_uint(c, 8, "a group key");
        uint64_t label_len = get_uint(c, 2, "a label length");
        const uint8_t *label = get_bytes(c, label_len, "a label");
        uint64_t events = get_uint(c, 8, "a group's events");
        uint32_t label_id = 0;
        struct tk_group *g;

        if (c->failed)
            return -1;
        if (!wanted) {
            if (skip_counter(c))
                return -1;
            continue;
        }
        if (label_len > 0 || is_text_keyed(d))
            label_id = tk_strpool_intern(t->labels, (const char *)label, label_len);
        if ((label_len > 0 || is_text_keyed(d)) && label_id == 0)
            return out_of_memory(c);
        if (is_text_keyed(d))
            key = label_id;
        if ((g = tally_find_group(&t->tables[d], key, label_id)) == NULL)
            return out_of_memory(c);
        if (g->label == 0)
            g->label = label_id;
        g->events += events;
        if (merge_counter(c, &g->addresses, t->options.exact_limit))
            return -1;
    }
    return c->failed ? -1 : 0;
}

/* An address with its place, as the bots and the resolvers are saved: family (4 or 6), 16
 * address bytes, a 2-letter country and a 4-byte ASN. Returns 0, or -1 (c->failed set). */
struct located_address {
    int family;
    const uint8_t *addr;
    char country[3];
    uint32_t asn;
};

static int get_located_address(struct cursor *c, struct located_address *a)
{
    uint64_t family = get_uint(c, 1, "an address family");
    const uint8_t *addr = get_bytes(c, 16, "an address");
    const uint8_t *country = get_bytes(c, 2, "a country");
    uint64_t asn = get_uint(c, 4, "an ASN");

    if (c->failed)
        return -1;
    if (family != 4 && family != 6)
        return short_read(c, "address family 4 or 6");
    a->family = (int)family;
    a->addr = addr;
    memcpy(a->country, country, 2);
    a->country[2] = '\0';
    a->asn = (uint32_t)asn;
    return 0;
}

static int merge_bots(struct tk_tally *t, struct cursor *c)
{
    uint64_t count = get_uint(c, 4, "a bot count");

    for (uint64_t i = 0; i < count && !c->failed; i++) {
        struct located_address a;
        if (get_located_address(c, &a))
            return -1;
        uint64_t messages = get_uint(c, 8, "a message count");
        if (c->failed)
            return -1;
        struct tk_bot *bot = tally_find_bot(t, tk_hash_address(a.family, a.addr), a.family,
                                            a.addr, a.country, a.asn);
        if (bot == NULL)
            return out_of_memory(c);
        bot->messages += messages;
        if (merge_counter(c, &bot->recipients, t->options.exact_limit))
            return -1;
    }
    return c->failed ? -1 : 0;
}

static int merge_resolvers(struct tk_tally *t, struct cursor *c)
{
    uint64_t count = get_uint(c, 4, "a resolver count");

    for (uint64_t i = 0; i < count && !c->failed; i++) {
        struct located_address a;
        if (get_located_address(c, &a))
            return -1;
        uint64_t queries = get_uint(c, 8, "a query count");
        uint64_t with_subnet = get_uint(c, 8, "a query count");
        if (c->failed)
            return -1;
        if (with_subnet > queries)
            return short_read(c, "queries with a Client Subnet at most the queries");
        struct tk_resolver *r = tally_find_resolver(t, a.family, a.addr, a.country, a.asn);
        if (r == NULL)
            return out_of_memory(c);
        r->queries += queries;
        r->with_subnet += with_subnet;
    }
    return c->failed ? -1 : 0;
}

int tk_tally_merge_counts(struct tk_tally *t, const uint8_t *data, size_t len, const char *name,
                          struct tk_error *err)
{
    struct cursor c = {data, data, data + len, name, err, 0};
    uint64_t dimensions, events;
    int64_t first, last;

    if (len < sizeof magic || memcmp(data, magic, sizeof magic) != 0)
        return tk_error_set(err, TK_ERR_DATA, "%s: not a takedown counts file (expected TKCOUNT1)",
                            name);
    c.p += sizeof magic;
    get_uint(&c, 8, "the exact limit");
    dimensions = get_uint(&c, 4, "the groupings");
    events = get_uint(&c, 8, "the event count");
    first = (int64_t)get_uint(&c, 8, "the first time");
    last = (int64_t)get_uint(&c, 8, "the last time");
    if (c.failed)
        return TK_ERR_DATA;
    for (int d = 0; d < TK_DIMENSIONS; d++)
        if ((t->options.dimensions & 1u << d) && !(dimensions & 1u << d))
            return tk_error_set(err, TK_ERR_DATA, "%s: has no counts by %s", name,
                                tk_dimension_name((enum tk_dimension)d));
    if (dimensions >> TK_DIMENSIONS)
        return tk_error_set(err, TK_ERR_DATA, "%s: unknown groupings 0x%llx", name,
                            (unsigned long long)dimensions);
    if (merge_counter(&c, &t->total, t->options.exact_limit))
        return (int)err->status;
    t->spam_messages += get_uint(&c, 8, "the spam message count");
    if (merge_counter(&c, &t->spam_recipients, t->options.exact_limit))
        return (int)err->status;
    for (int d = 0; d < TK_DIMENSIONS; d++)
        if ((dimensions & 1u << d) && merge_groups(t, &c, d, (t->options.dimensions & 1u << d) != 0))
            return (int)err->status;
    if (merge_bots(t, &c))
        return (int)err->status;
    if (c.p != c.end && merge_resolvers(t, &c))
        return (int)err->status;
    if (c.p != c.end)
        return tk_error_set(err, TK_ERR_DATA, "%s: byte %zu: expected the end of the file", name,
                            (size_t)(c.p - c.start));
    if (events > 0) {
        if (t->events == 0 || first < t->first_time)
            t->first_time = first;
        if (t->events == 0 || last > t->last_time)
            t->last_time = last;
        t->events += events;
    }
    return TK_OK;
}
