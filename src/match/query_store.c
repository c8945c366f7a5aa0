/* query_store.c - the queries of a match kept until their names are attributed (see
 * include/takedown/query_store.h): names and clients interned, one 16-byte record a query. */
#include "takedown/query_store.h"

#include <stdlib.h>
#include <string.h>

#include "takedown/domain.h"
#include "util/grow.h"
#include "util/intern.h"

struct stored {
    uint32_t name;
    uint32_t client;
    int64_t time;
};

struct tk_query_store {
    struct intern_strings names, clients;
    struct stored *queries;
    size_t count, cap;
};

struct tk_query_store *tk_query_store_new(void)
{
    return calloc(1, sizeof(struct tk_query_store));
}

void tk_query_store_free(struct tk_query_store *s)
{
    if (s == NULL)
        return;
    intern_strings_free(&s->names);
    intern_strings_free(&s->clients);
    free(s->queries);
    free(s);
}

int tk_query_store_add(struct tk_query_store *s, const char *name, size_t len,
                       const char *client, size_t client_len, int64_t time)
{
    char lower[256];
    len = tk_domain_key(name, len, lower);
    long name_id = intern_string(&s->names, lower, len, NULL);
    long client_id = name_id < 0 ? -1 : intern_string(&s->clients, client, client_len, NULL);
    if (client_id < 0
        || tk_grow((void **)&s->queries, &s->cap, s->count + 1, sizeof *s->queries))
        return TK_ERR_NOMEM;
    s->queries[s->count++] = (struct stored){(uint32_t)name_id, (uint32_t)client_id, time};
    return TK_OK;
}

size_t tk_query_store_count(const struct tk_query_store *s)
{
    return s->count;
}

void tk_query_store_at(const struct tk_query_store *s, size_t i, struct tk_stored_query *q)
{
    q->name = intern_string_at(&s->names, s->queries[i].name, &q->name_len);
    q->client = intern_string_at(&s->clients, s->queries[i].client, &q->client_len);
    q->time = s->queries[i].time;
}

size_t tk_query_store_name_count(const struct tk_query_store *s)
{
    return s->names.count;
}

const char *tk_query_store_name_at(const struct tk_query_store *s, size_t i, size_t *len)
{
    return intern_string_at(&s->names, i, len);
}
