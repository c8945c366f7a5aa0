/* hosts.c - a host hunt's reading: every query streamed into per-client counts, and each
 * candidate query into its name and its (client, name) pair; then the accessors. Clustering
 * and verdicts are in hosts_cluster.c and hosts_verdict.c. */
#include <stdlib.h>
#include <string.h>

#include "hunt/hosts_internal.h"
#include "takedown/domain.h"
#include "takedown/hash64.h"

#define RCODE_NOERROR 0
#define RCODE_NXDOMAIN 3

void tk_hosts_options_default(struct tk_hosts_options *options)
{
    memset(options, 0, sizeof *options);
    options->min_attributed = 3;
    options->min_cluster_names = 5;
    options->min_group_names = 3;
    options->min_scored_nx = 10;
}

struct tk_hosts *tk_hosts_new(const struct tk_hosts_options *options)
{
    struct tk_hosts *h = calloc(1, sizeof *h);
    if (h == NULL)
        return NULL;
    h->options = *options;
    h->client_pool = tk_strpool_new();
    h->name_pool = tk_strpool_new();
    h->facts = calloc(FACTS_SLOTS, sizeof *h->facts);
    if (h->client_pool == NULL || h->name_pool == NULL || h->facts == NULL) {
        tk_hosts_free(h);
        return NULL;
    }
    return h;
}

void tk_hosts_free(struct tk_hosts *h)
{
    if (h == NULL)
        return;
    tk_strpool_free(h->client_pool);
    tk_strpool_free(h->name_pool);
    free(h->hosts);
    free(h->names);
    free(h->pairs);
    free(h->pair_index);
    free(h->facts);
    free(h->clusters);
    free(h->cluster_members);
    free(h);
}

/* Makes room for element id - 1 of an array of size bytes per element. */
static int ensure(void **array, size_t *cap, size_t id, size_t size)
{
    if (id <= *cap)
        return 0;
    size_t n = *cap ? *cap * 2 : 256;
    while (n < id)
        n *= 2;
    char *grown = realloc(*array, n * size);
    if (grown == NULL)
        return -1;
    memset(grown + *cap * size, 0, (n - *cap) * size);
    *array = grown;
    *cap = n;
    return 0;
}

static struct tk_host *host_of(struct tk_hosts *h, const struct tk_log_record *rec)
{
    uint32_t id = tk_strpool_intern(h->client_pool, rec->client, rec->client_len);
    if (id == 0 || ensure((void **)&h->hosts, &h->host_cap, id, sizeof *h->hosts))
        return NULL;
    struct tk_host *host = &h->hosts[id - 1];
    if (host->client == NULL) {
        h->host_count = id;
        host->client = tk_strpool_get(h->client_pool, id);
        host->cluster = -1;
        host->first_seen = host->last_seen = TK_LOG_NO_TIME;
    }
    return host;
}

static struct tk_host_name *name_of(struct tk_hosts *h, const char *key, size_t len,
                                    uint32_t *id_out)
{
    uint32_t id = tk_strpool_intern(h->name_pool, key, len);
    if (id == 0 || ensure((void **)&h->names, &h->name_cap, id, sizeof *h->names))
        return NULL;
    struct tk_host_name *n = &h->names[id - 1];
    if (n->name == NULL) {
        h->name_count = id;
        n->name = tk_strpool_get(h->name_pool, id);
        n->len = len;
        n->cluster = -1;
        n->first_seen = n->last_seen = TK_LOG_NO_TIME;
    }
    *id_out = id - 1;
    return n;
}

static int grow_pair_index(struct tk_hosts *h)
{
    size_t cap = h->pair_index_cap ? h->pair_index_cap * 2 : 1024;
    uint32_t *index = calloc(cap, sizeof *index);
    if (index == NULL)
        return -1;
    for (size_t p = 0; p < h->pair_count; p++) {
        uint64_t key = ((uint64_t)h->pairs[p].client << 32) | h->pairs[p].name;
        size_t i = tk_mix64(key) & (cap - 1);
        while (index[i])
            i = (i + 1) & (cap - 1);
        index[i] = (uint32_t)p + 1;
    }
    free(h->pair_index);
    h->pair_index = index;
    h->pair_index_cap = cap;
    return 0;
}

/* The pair of (client, name), added when new (*is_new set). */
static struct host_pair *pair_of(struct tk_hosts *h, uint32_t client, uint32_t name,
                                 int *is_new)
{
    if ((h->pair_count + 1) * 2 > h->pair_index_cap && grow_pair_index(h))
        return NULL;
    uint64_t key = ((uint64_t)client << 32) | name;
    size_t i = tk_mix64(key) & (h->pair_index_cap - 1);
    *is_new = 0;
    for (; h->pair_index[i]; i = (i + 1) & (h->pair_index_cap - 1)) {
        struct host_pair *p = &h->pairs[h->pair_index[i] - 1];
        if (p->client == client && p->name == name)
            return p;
    }
    if (ensure((void **)&h->pairs, &h->pair_cap, h->pair_count + 1, sizeof *h->pairs))
        return NULL;
    struct host_pair *p = &h->pairs[h->pair_count++];
    h->pair_index[i] = (uint32_t)h->pair_count;
    p->client = client;
    p->name = name;
    p->first_seen = p->last_seen = TK_LOG_NO_TIME;
    *is_new = 1;
    return p;
}

static void seen_at(int64_t *first, int64_t *last, int64_t time)
{
    if (time == TK_LOG_NO_TIME)
        return;
    if (*first == TK_LOG_NO_TIME || time < *first)
        *first = time;
    if (*last == TK_LOG_NO_TIME || time > *last)
        *last = time;
}

/* The exact attribution of name, unless the exclude list covers it. */
static int attributed(const struct tk_hosts *h, const struct tk_index *index, const char *name,
                      size_t len, struct tk_index_source *source)
{
    struct tk_index_hit hit;
    if (index == NULL || !tk_index_lookup(index, name, len, &hit) || hit.range_count == 0)
        return 0;
    if (h->options.exclude && tk_allowlist_contains(h->options.exclude, hit.name, hit.name_len))
        return 0;
    *source = tk_index_source_at(index, hit.ranges[0].source);
    return 1;
}

static int add_candidate(struct tk_hosts *h, struct tk_host *host, const char *key,
                         size_t key_len, double score, const struct tk_index_source *source,
                         const struct tk_log_record *rec)
{
    uint32_t name_id, client_id = (uint32_t)(host - h->hosts);
    struct tk_host_name *n = name_of(h, key, key_len, &name_id);
    int is_new;
    struct host_pair *p = n ? pair_of(h, client_id, name_id, &is_new) : NULL;
    if (p == NULL)
        return TK_ERR_NOMEM;
    int nx = rec->rcode == RCODE_NXDOMAIN;
    if (score > n->score)
        n->score = score;
    if (source && n->family == NULL) {
        n->family = source->family;
        n->seed = source->seed;
    }
    n->queries++;
    n->nxdomain += nx;
    n->answered += rec->rcode == RCODE_NOERROR;
    seen_at(&n->first_seen, &n->last_seen, rec->time);
    if (is_new) {
        n->clients++;
        host->dga_names++;
    }
    p->queries++;
    p->nxdomain += nx;
    seen_at(&p->first_seen, &p->last_seen, rec->time);
    host->dga_queries++;
    host->dga_nxdomain += nx;
    seen_at(&host->first_seen, &host->last_seen, rec->time);
    return TK_OK;
}

int tk_hosts_add(struct tk_hosts *h, const struct tk_log_record *rec)
{
    char lower[256];
    size_t len = rec->name_len;
    h->queries++;
    if (rec->client_len == 0) {
        h->without_client++;
        return TK_OK;
    }
    struct tk_host *host = host_of(h, rec);
    if (host == NULL)
        return TK_ERR_NOMEM;
    host->queries++;
    host->nxdomain += rec->rcode == RCODE_NXDOMAIN;
    h->saw_rcode |= rec->rcode >= 0;
    if (len > 0 && rec->name[len - 1] == '.')
        len--;
    if (len == 0 || len > 253)
        return TK_OK;
    tk_domain_lower(rec->name, len, lower);
    lower[len] = '\0';
    struct tk_index_source source;
    int exact = attributed(h, h->options.index, lower, len, &source);
    const struct name_facts *f = hosts_name_facts(h, lower, len);
    if (!exact && (f->listed || (rec->rcode != RCODE_NXDOMAIN
                                 && (h->options.detector == NULL
                                     || f->score < h->options.threshold))))
        return TK_OK;
    return add_candidate(h, host, lower + len - f->key_len, f->key_len, f->score,
                         exact ? &source : NULL, rec);
}

void tk_hosts_attribute(struct tk_hosts *h, const struct tk_index *index)
{
    for (size_t i = 0; i < h->name_count; i++) {
        struct tk_index_source source;
        struct tk_host_name *n = &h->names[i];
        if (n->family == NULL && attributed(h, index, n->name, n->len, &source)) {
            n->family = source.family;
            n->seed = source.seed;
        }
    }
}

int tk_hosts_finish(struct tk_hosts *h)
{
    int rc = hosts_cluster(h);
    return rc ? rc : hosts_judge(h);
}

uint64_t tk_hosts_queries(const struct tk_hosts *h)
{
    return h->queries;
}

uint64_t tk_hosts_without_client(const struct tk_hosts *h)
{
    return h->without_client;
}

int tk_hosts_saw_rcode(const struct tk_hosts *h)
{
    return h->saw_rcode;
}

size_t tk_hosts_name_count(const struct tk_hosts *h)
{
    return h->name_count;
}

const struct tk_host_name *tk_hosts_name_at(const struct tk_hosts *h, size_t i)
{
    return &h->names[i];
}

size_t tk_hosts_host_count(const struct tk_hosts *h)
{
    return h->host_count;
}

const struct tk_host *tk_hosts_host_at(const struct tk_hosts *h, size_t i)
{
    return &h->hosts[i];
}

size_t tk_hosts_cluster_count(const struct tk_hosts *h)
{
    return h->cluster_count;
}

const struct tk_host_cluster *tk_hosts_cluster_at(const struct tk_hosts *h, size_t i)
{
    return &h->clusters[i];
}

const char *tk_verdict_name(enum tk_verdict verdict)
{
    return verdict == TK_VERDICT_INFECTED     ? "infected"
           : verdict == TK_VERDICT_SUSPICIOUS ? "suspicious"
                                              : "clean";
}
