/* tally.h - distinct infected addresses overall and per group (country, network, day,
 * family, seed, protocol), and spam per bot, from a stream of located contacts.
 *
 * Every counter is a tk_distinct (distinct.h): exact up to the configured limit, a
 * HyperLogLog estimate beyond it, and the results say which. Memory grows with the number
 * of distinct addresses (bounded per counter by the limit), never with the number of
 * events. */
#ifndef TAKEDOWN_TALLY_H
#define TAKEDOWN_TALLY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "takedown/date.h"
#include "takedown/distinct.h"
#include "takedown/error.h"

enum tk_dimension {
    TK_BY_COUNTRY,
    TK_BY_ASN,
    TK_BY_DAY,
    TK_BY_FAMILY,
    TK_BY_SEED,
    TK_BY_PROTOCOL,
    TK_DIMENSIONS
};

/* "country", "asn", "day", "family", "seed", "protocol". */
const char *tk_dimension_name(enum tk_dimension dimension);
/* TK_ERR_USAGE naming the valid ones when name is none of them. */
int tk_dimension_parse(const char *name, enum tk_dimension *out, struct tk_error *err);

/* One contact, located and hashed by the caller. Strings need not be NUL-terminated. */
struct tk_tally_event {
    uint64_t address;        /* tk_hash_address() of the source */
    int addr_family;         /* 4 or 6: the source itself, for the per-bot spam table */
    const uint8_t *addr;
    tk_day day;
    int64_t time_sec;
    char country[3];         /* ISO 3166 alpha-2, "" when unknown */
    uint32_t asn;            /* 0 when unknown */
    const char *as_org;      /* may be NULL */
    const char *family;      /* the DGA family of the name, "" when untagged */
    size_t family_len;
    const char *seed;        /* "family:variant:seed" as tk_tally_seed_key writes it */
    size_t seed_len;
    uint8_t protocol;        /* enum tk_contact_protocol (event_reader.h) */
    uint32_t messages;       /* SMTP messages in this contact; 0 for other protocols */
    const uint64_t *recipients; /* tk_hash_bytes() of each recipient */
    size_t recipient_count;
};

struct tk_tally_options {
    uint64_t exact_limit;    /* largest count kept exact per counter */
    unsigned dimensions;     /* 1u << enum tk_dimension, for each grouping wanted */
};

struct tk_group {
    uint64_t key;            /* see tk_tally_group_key */
    uint32_t label;          /* network name or family/seed text (tk_tally_label) */
    uint64_t events;
    struct tk_distinct addresses;
};

struct tk_bot {
    uint8_t family;          /* 4 or 6 */
    uint8_t addr[16];
    char country[3];
    uint32_t asn;
    uint64_t messages;
    struct tk_distinct recipients;
};

/* A resolver: the source of DNS queries. Its queries count for the hosts their Client
 * Subnet names, never for the resolver itself. */
struct tk_resolver {
    uint8_t family;          /* 4 or 6 */
    uint8_t addr[16];
    char country[3];
    uint32_t asn;
    uint64_t queries;
    uint64_t with_subnet;    /* of them, queries that carried a Client Subnet */
};

struct tk_tally;

int tk_tally_new(struct tk_tally **out, const struct tk_tally_options *options,
                 struct tk_error *err);
void tk_tally_free(struct tk_tally *t);
int tk_tally_add(struct tk_tally *t, const struct tk_tally_event *ev, struct tk_error *err);

unsigned tk_tally_dimensions(const struct tk_tally *t);
uint64_t tk_tally_exact_limit(const struct tk_tally *t);
uint64_t tk_tally_events(const struct tk_tally *t);
const struct tk_distinct *tk_tally_total(const struct tk_tally *t);
/* Unix seconds of the earliest and latest contact counted (0 when none). */
int64_t tk_tally_first_time(const struct tk_tally *t);
int64_t tk_tally_last_time(const struct tk_tally *t);

/* A group with its count computed once, for sorting and output. */
struct tk_group_count {
    const struct tk_group *group;
    uint64_t distinct;
    int exact;
};

/* The groups of one dimension, largest first (ties by key; days in calendar order), in a
 * new array the caller frees. *count is set; NULL with count 0 when there are none or
 * memory ran out. */
struct tk_group_count *tk_tally_groups(const struct tk_tally *t, enum tk_dimension dimension,
                                       size_t *count);
/* Sorts groups counted elsewhere (a ClickHouse report) in the order of tk_tally_groups. */
void tk_tally_sort_groups(struct tk_group_count *groups, size_t count, enum tk_dimension dimension);
/* The key as text: "IN" ("--" unknown), "AS9829" ("AS0" unknown), "2020-03-01", the
 * family or seed text ("" untagged), "dns". buf holds at least 16 bytes; the result may
 * point into the tally. */
const char *tk_tally_group_key(const struct tk_tally *t, enum tk_dimension dimension,
                               const struct tk_group *g, char *buf);
/* The network name of an ASN group, the family or seed of those groups, else "". */
const char *tk_tally_label(const struct tk_tally *t, uint32_t label);

/* Spam: totals over every SMTP contact, and the bots (sources of SMTP contacts) in a new
 * array sorted by messages, most first, that the caller frees. */
uint64_t tk_tally_spam_messages(const struct tk_tally *t);
const struct tk_distinct *tk_tally_spam_recipients(const struct tk_tally *t);
size_t tk_tally_bot_count(const struct tk_tally *t);
const struct tk_bot **tk_tally_bots(const struct tk_tally *t, size_t *count);

/* A DNS query from a resolver (not counted as an infected host). */
int tk_tally_add_resolver(struct tk_tally *t, int family, const uint8_t *addr,
                          const char country[3], uint32_t asn, int with_subnet,
                          struct tk_error *err);
/* The resolvers in a new array sorted by queries, most first, that the caller frees. */
size_t tk_tally_resolver_count(const struct tk_tally *t);
const struct tk_resolver **tk_tally_resolvers(const struct tk_tally *t, size_t *count);

/* Groups, bots and resolvers counted elsewhere (`report --source clickhouse://`,
 * tally_preset.c): each is created with its events or messages; distinct counts travel
 * beside them (tk_group_count), or, for recipients, are given to the bot as a count. text
 * is the group's key as tk_tally_group_key prints it ("IN", the family or seed text) or, for
 * a network, its name; key is the number for the others (ASN, day, protocol). NULL when out
 * of memory. */
struct tk_group *tk_tally_preset_group(struct tk_tally *t, enum tk_dimension dimension,
                                       uint64_t key, const char *text, uint64_t events);
void tk_tally_preset_totals(struct tk_tally *t, uint64_t events, int64_t first_time,
                            int64_t last_time, uint64_t spam_messages);
/* A bot and a resolver as tk_tally_add and tk_tally_add_resolver would have made them. */
struct tk_bot *tk_tally_preset_bot(struct tk_tally *t, int family, const uint8_t *addr,
                                   const char country[3], uint32_t asn, uint64_t messages);
int tk_tally_preset_resolver(struct tk_tally *t, int family, const uint8_t *addr,
                             const char country[3], uint32_t asn, uint64_t queries,
                             uint64_t with_subnet);
/* Makes d count exactly n (n distinct stand-in values) or, when estimate is set, an
 * estimate of n: for recipient counts that ClickHouse computed. */
int tk_tally_preset_distinct(struct tk_distinct *d, uint64_t n, int estimate);
int tk_tally_preset_spam_recipients(struct tk_tally *t, uint64_t n, int estimate);

/* Counts files: a tally saved so that counts made at several sinkholes combine without
 * their event logs (docs/report.md has the layout). Exact counters are saved as their
 * values, estimates as their HyperLogLog sketches; merging keeps a count exact while the
 * union stays within the exact limit. */
int tk_tally_save(const struct tk_tally *t, FILE *out, struct tk_error *err);
/* Adds the counts in data (a whole counts file; name is used in messages) to t. The file
 * must hold every grouping t counts; TK_ERR_DATA saying what is wrong otherwise, after
 * which t holds part of the file and is only fit to be freed. */
int tk_tally_merge_counts(struct tk_tally *t, const uint8_t *data, size_t len, const char *name,
                          struct tk_error *err);

#endif
