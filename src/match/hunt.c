/* hunt.c - per-name and per-client tallies of matched queries (see include/takedown/hunt.h).
 *
 * Names, clients and families are interned to dense ids; (name, client) pairs and
 * (client, family) pairs are interned 64-bit keys. A new (name, client) pair is what makes
 * a name count one more client and each of its families count one more name for that
 * client. */
#include "takedown/hunt.h"

#include <stdlib.h>
#include <string.h>

#include "util/grow.h"
#include "util/intern.h"

struct name_stat {
    struct tk_hunt_name pub;
    uint32_t families_at; /* into family_ids */
    uint32_t family_count;
};

struct tk_hunt {
    const struct tk_index *index;
    struct intern_strings names, clients, families;
    struct intern_keys name_clients, client_families;
    struct name_stat *name_stats;
    size_t name_cap;
    struct tk_hunt_client *client_stats;
    size_t client_cap;
    uint32_t *family_ids;
    size_t family_ids_len, family_ids_cap;
    /* after tk_hunt_finish: sorted views */
    struct name_stat **sorted_names;
    struct tk_hunt_client **sorted_clients;
};

struct tk_hunt *tk_hunt_new(const struct tk_index *index)
{
    struct tk_hunt *h = calloc(1, sizeof *h);
    if (h)
        h->index = index;
    return h;
}

void tk_hunt_free(struct tk_hunt *h)
{
    if (h == NULL)
        return;
    intern_strings_free(&h->names);
    intern_strings_free(&h->clients);
    intern_strings_free(&h->families);
    intern_keys_free(&h->name_clients);
    intern_keys_free(&h->client_families);
    free(h->name_stats);
    free(h->client_stats);
    free(h->family_ids);
    free(h->sorted_names);
    free(h->sorted_clients);
    free(h);
}

static void widen(int64_t *first, int64_t *last, int64_t time)
{
    if (time == INT64_MIN)
        return;
    if (*first == INT64_MIN || time < *first)
        *first = time;
    if (*last == INT64_MIN || time > *last)
        *last = time;
}

/* Interns the distinct families of a new name into family_ids. */
static int add_families(struct tk_hunt *h, struct name_stat *ns, const struct tk_index_hit *hit)
{
    ns->families_at = (uint32_t)h->family_ids_len;
    ns->family_count = 0;
    size_t count = hit ? hit->range_count : 1;
    for (size_t i = 0; i < count; i++) {
        const char *family = TK_HUNT_UNKNOWN_FAMILY;
        if (hit) {
            struct tk_index_source s = tk_index_source_at(h->index, hit->ranges[i].source);
            family = s.family;
        }
        long id = intern_string(&h->families, family, strlen(family), NULL);
        if (id < 0)
            return TK_ERR_NOMEM;
        int seen = 0;
        for (uint32_t k = 0; k < ns->family_count; k++)
            seen |= h->family_ids[ns->families_at + k] == (uint32_t)id;
        if (seen)
            continue;
        if (tk_grow((void **)&h->family_ids, &h->family_ids_cap, h->family_ids_len + 1,
                    sizeof *h->family_ids))
            return TK_ERR_NOMEM;
        h->family_ids[h->family_ids_len++] = (uint32_t)id;
        ns->family_count++;
    }
    return TK_OK;
}

static struct tk_hunt_client *client_family(struct tk_hunt *h, uint32_t client, uint32_t family)
{
    int added;
    long id = intern_key(&h->client_families, (uint64_t)client << 32 | family, &added);
    if (id < 0)
        return NULL;
    if (added) {
        if (tk_grow((void **)&h->client_stats, &h->client_cap, (size_t)id + 1,
                    sizeof *h->client_stats))
            return NULL;
        struct tk_hunt_client *c = &h->client_stats[id];
        memset(c, 0, sizeof *c);
        c->first_seen = c->last_seen = INT64_MIN;
        /* Strings are resolved in tk_hunt_finish: the arenas may still move. */
        c->client = NULL;
        c->family = NULL;
    }
    return &h->client_stats[id];
}

int tk_hunt_add(struct tk_hunt *h, const char *name, size_t len, const struct tk_index_hit *hit,
                double score, const char *client, size_t client_len, int64_t time)
{
    int added;
    long name_id = intern_string(&h->names, name, len, &added);
    if (name_id < 0)
        return TK_ERR_NOMEM;
    if (added) {
        if (tk_grow((void **)&h->name_stats, &h->name_cap, (size_t)name_id + 1,
                    sizeof *h->name_stats))
            return TK_ERR_NOMEM;
        struct name_stat *ns = &h->name_stats[name_id];
        memset(ns, 0, sizeof *ns);
        ns->pub.ranges = hit ? hit->ranges : NULL;
        ns->pub.range_count = hit ? hit->range_count : 0;
        ns->pub.score = score;
        ns->pub.first_seen = ns->pub.last_seen = INT64_MIN;
        if (add_families(h, ns, hit))
            return TK_ERR_NOMEM;
    }
    struct name_stat *ns = &h->name_stats[name_id];
    ns->pub.queries++;
    widen(&ns->pub.first_seen, &ns->pub.last_seen, time);
    if (client_len == 0)
        return TK_OK;

    long client_id = intern_string(&h->clients, client, client_len, NULL);
    if (client_id < 0)
        return TK_ERR_NOMEM;
    int new_pair;
    if (intern_key(&h->name_clients, (uint64_t)name_id << 32 | (uint64_t)client_id, &new_pair) < 0)
        return TK_ERR_NOMEM;
    ns->pub.clients += new_pair;
    for (uint32_t k = 0; k < ns->family_count; k++) {
        struct tk_hunt_client *c = client_family(h, (uint32_t)client_id,
                                                 h->family_ids[ns->families_at + k]);
        if (c == NULL)
            return TK_ERR_NOMEM;
        c->names += new_pair;
        c->queries++;
        widen(&c->first_seen, &c->last_seen, time);
    }
    return TK_OK;
}

static int by_name(const void *a, const void *b)
{
    const struct name_stat *x = *(const struct name_stat *const *)a;
    const struct name_stat *y = *(const struct name_stat *const *)b;
    return strcmp(x->pub.name, y->pub.name);
}

static int by_client(const void *a, const void *b)
{
    const struct tk_hunt_client *x = *(const struct tk_hunt_client *const *)a;
    const struct tk_hunt_client *y = *(const struct tk_hunt_client *const *)b;
    int c = strcmp(x->client, y->client);
    return c ? c : strcmp(x->family, y->family);
}

int tk_hunt_finish(struct tk_hunt *h)
{
    free(h->sorted_names);
    free(h->sorted_clients);
    h->sorted_names = malloc((h->names.count ? h->names.count : 1) * sizeof *h->sorted_names);
    h->sorted_clients = malloc((h->client_families.count ? h->client_families.count : 1)
                               * sizeof *h->sorted_clients);
    if (h->sorted_names == NULL || h->sorted_clients == NULL)
        return TK_ERR_NOMEM;
    for (size_t i = 0; i < h->names.count; i++) {
        struct name_stat *ns = &h->name_stats[i];
        ns->pub.name = intern_string_at(&h->names, i, &ns->pub.name_len);
        h->sorted_names[i] = ns;
    }
    for (size_t i = 0; i < h->client_families.count; i++) {
        uint64_t key = h->client_families.keys[i];
        struct tk_hunt_client *c = &h->client_stats[i];
        c->client = intern_string_at(&h->clients, (size_t)(key >> 32), NULL);
        c->family = intern_string_at(&h->families, (size_t)(key & 0xFFFFFFFFu), NULL);
        h->sorted_clients[i] = c;
    }
    qsort(h->sorted_names, h->names.count, sizeof *h->sorted_names, by_name);
    qsort(h->sorted_clients, h->client_families.count, sizeof *h->sorted_clients, by_client);
    return TK_OK;
}

size_t tk_hunt_name_count(const struct tk_hunt *h)
{
    return h->names.count;
}

const struct tk_hunt_name *tk_hunt_name_at(const struct tk_hunt *h, size_t i)
{
    return &h->sorted_names[i]->pub;
}

size_t tk_hunt_client_count(const struct tk_hunt *h)
{
    return h->client_families.count;
}

const struct tk_hunt_client *tk_hunt_client_at(const struct tk_hunt *h, size_t i)
{
    return h->sorted_clients[i];
}
