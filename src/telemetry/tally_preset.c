/* tally_preset.c - a tally filled with counts made elsewhere: `report --source
 * clickhouse://` computes every figure in ClickHouse and builds the groups, bots and
 * resolvers here, so that the report's outputs print them as they print a tally of files. */
#include <string.h>

#include "takedown/hash64.h"
#include "takedown/tally.h"
#include "telemetry/tally_internal.h"

struct tk_group *tk_tally_preset_group(struct tk_tally *t, enum tk_dimension dimension,
                                       uint64_t key, const char *text, uint64_t events)
{
    uint32_t label = 0;
    struct tk_group *g;

    switch (dimension) {
    case TK_BY_COUNTRY:
        key = text[0] && text[1] ? (uint64_t)(unsigned char)text[0] << 8 | (unsigned char)text[1]
                                 : 0;
        break;
    case TK_BY_ASN:
        if (key && text[0] && (label = tk_strpool_intern(t->labels, text, strlen(text))) == 0)
            return NULL;
        break;
    case TK_BY_FAMILY:
    case TK_BY_SEED:
        if ((label = tk_strpool_intern(t->labels, text, strlen(text))) == 0)
            return NULL;
        key = label;
        break;
    case TK_BY_DAY:
    case TK_BY_PROTOCOL:
    case TK_DIMENSIONS:
        break;
    }
    if ((g = tally_find_group(&t->tables[dimension], key, label)) != NULL)
        g->events += events;
    return g;
}

void tk_tally_preset_totals(struct tk_tally *t, uint64_t events, int64_t first_time,
                            int64_t last_time, uint64_t spam_messages)
{
    t->events = events;
    t->first_time = first_time;
    t->last_time = last_time;
    t->spam_messages = spam_messages;
}

struct tk_bot *tk_tally_preset_bot(struct tk_tally *t, int family, const uint8_t *addr,
                                   const char country[3], uint32_t asn, uint64_t messages)
{
    struct tk_bot *bot = tally_find_bot(t, tk_hash_address(family, addr), family, addr, country,
                                        asn);
    if (bot)
        bot->messages += messages;
    return bot;
}

int tk_tally_preset_resolver(struct tk_tally *t, int family, const uint8_t *addr,
                             const char country[3], uint32_t asn, uint64_t queries,
                             uint64_t with_subnet)
{
    struct tk_resolver *r = tally_find_resolver(t, family, addr, country, asn);
    if (r == NULL)
        return TK_ERR_NOMEM;
    r->queries += queries;
    r->with_subnet += with_subnet;
    return TK_OK;
}

int tk_tally_preset_distinct(struct tk_distinct *d, uint64_t n, int estimate)
{
    uint64_t threshold = estimate ? 0 : n;
    for (uint64_t v = 1; v <= n; v++)
        if (tk_distinct_add(d, tk_mix64(v), threshold))
            return TK_ERR_NOMEM;
    return TK_OK;
}

int tk_tally_preset_spam_recipients(struct tk_tally *t, uint64_t n, int estimate)
{
    return tk_tally_preset_distinct(&t->spam_recipients, n, estimate);
}
