/* tally_internal.h - the tally's own structures, shared by tally.c (counting) and
 * tally_file.c (saving and merging counts files). Private to src/telemetry. */
#ifndef TAKEDOWN_TELEMETRY_TALLY_INTERNAL_H
#define TAKEDOWN_TELEMETRY_TALLY_INTERNAL_H

#include "takedown/strpool.h"
#include "takedown/tally.h"
#include "util/u64map.h"

struct group_table {
    struct tk_group *groups;
    uint32_t count, capacity;
    struct u64map index;
};

struct tk_tally {
    struct tk_tally_options options;
    uint64_t events;
    int64_t first_time, last_time;
    struct tk_distinct total;
    struct group_table tables[TK_DIMENSIONS];
    struct tk_strpool *labels;
    uint64_t spam_messages;
    struct tk_distinct spam_recipients;
    struct tk_bot *bots;
    uint32_t bot_count;
    size_t bot_capacity;
    struct u64map bot_index;
    struct tk_resolver *resolvers;
    uint32_t resolver_count;
    size_t resolver_capacity;
    struct u64map resolver_index;
};

/* The group of key in table, created (with label) when new; NULL when out of memory. */
struct tk_group *tally_find_group(struct group_table *table, uint64_t key, uint32_t label);
/* The bot of an address, created when new; NULL when out of memory. */
struct tk_bot *tally_find_bot(struct tk_tally *t, uint64_t address, int addr_family,
                              const uint8_t *addr, const char *country, uint32_t asn);

/* The resolver of an address, created when new; NULL when out of memory. */
struct tk_resolver *tally_find_resolver(struct tk_tally *t, int family, const uint8_t *addr,
                                        const char *country, uint32_t asn);

#endif
