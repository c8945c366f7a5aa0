/* hunt.h - who queried which DGA names: the tallies of a match run, per name and per
 * client and family.
 *
 * Each query of a name that matched (exactly, through the index, or as an unknown DGA by
 * the detector's score) is added with its client and time; the hunt keeps, per name, the
 * queries, the distinct clients and the first and last time seen, and per client and
 * family, the distinct names, the queries and the first and last time seen. Names that
 * did not match are never stored. */
#ifndef TAKEDOWN_HUNT_H
#define TAKEDOWN_HUNT_H

#include <stddef.h>
#include <stdint.h>

#include "takedown/index.h"

#define TK_HUNT_UNKNOWN_FAMILY "unknown DGA"

struct tk_hunt_name {
    const char *name;                   /* lower case, no trailing dot */
    size_t name_len;
    const struct tk_index_range *ranges; /* exact attribution (NULL: an unknown DGA) */
    size_t range_count;
    double score;                       /* the detector's score of an unknown DGA */
    uint64_t queries;
    uint64_t clients;
    int64_t first_seen;                 /* Unix seconds; INT64_MIN when no time was logged */
    int64_t last_seen;
};

struct tk_hunt_client {
    const char *client;
    const char *family;                 /* a family name, or TK_HUNT_UNKNOWN_FAMILY */
    uint64_t names;
    uint64_t queries;
    int64_t first_seen;
    int64_t last_seen;
};

struct tk_hunt;

/* index names the sources of the ranges that tk_hunt_add receives. */
struct tk_hunt *tk_hunt_new(const struct tk_index *index);
void tk_hunt_free(struct tk_hunt *hunt);

/* One query of name: hit is its exact attribution, or NULL for an unknown DGA with score.
 * client may be empty; time may be INT64_MIN. Returns TK_OK or TK_ERR_NOMEM. */
int tk_hunt_add(struct tk_hunt *hunt, const char *name, size_t len,
                const struct tk_index_hit *hit, double score, const char *client,
                size_t client_len, int64_t time);

/* Sorts the tallies (names by name; clients by client, then family) for reading. */
int tk_hunt_finish(struct tk_hunt *hunt);
size_t tk_hunt_name_count(const struct tk_hunt *hunt);
const struct tk_hunt_name *tk_hunt_name_at(const struct tk_hunt *hunt, size_t i);
size_t tk_hunt_client_count(const struct tk_hunt *hunt);
const struct tk_hunt_client *tk_hunt_client_at(const struct tk_hunt *hunt, size_t i);

#endif
