/* query_store.h - the queries of a match kept until their names are attributed.
 *
 * Without a prebuilt index, `takedown match` first reads every input, then generates the
 * window once against the distinct names asked about (tk_index_build_names), then tallies
 * the queries. The store holds each distinct name and client once and 16 bytes a query, so
 * its memory grows with the queries, never with the window. */
#ifndef TAKEDOWN_QUERY_STORE_H
#define TAKEDOWN_QUERY_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "takedown/error.h"

struct tk_query_store;

struct tk_stored_query {
    const char *name;   /* lower case, no trailing dot; "" for what can be no name */
    size_t name_len;
    const char *client; /* "" when the log has none */
    size_t client_len;
    int64_t time;       /* as logged (TK_LOG_NO_TIME when none) */
};

struct tk_query_store *tk_query_store_new(void);
void tk_query_store_free(struct tk_query_store *store);

/* Keeps one query; name in any case with at most one trailing dot (one of no length or over
 * 253 bytes is kept as ""). TK_OK, or TK_ERR_NOMEM. */
int tk_query_store_add(struct tk_query_store *store, const char *name, size_t len,
                       const char *client, size_t client_len, int64_t time);

/* The queries, in the order they were added. Pointers stay valid until the next add. */
size_t tk_query_store_count(const struct tk_query_store *store);
void tk_query_store_at(const struct tk_query_store *store, size_t i, struct tk_stored_query *q);

/* The distinct names (with "" when some query had no name), in first-seen order. */
size_t tk_query_store_name_count(const struct tk_query_store *store);
const char *tk_query_store_name_at(const struct tk_query_store *store, size_t i, size_t *len);

#endif
