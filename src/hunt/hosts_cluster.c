/* hosts_cluster.c - clusters of unknown DGAs: the names no family explains and nobody got an
 * answer for, grouped by the exact set of clients that asked for them (bots of one botnet
 * walk the same list of the day; unrelated hosts' typos and expired names do not share
 * their askers). Groups of at least min_group_names names are evidence for the clients
 * whose shared names they mostly hold; groups that share such clients join into one
 * cluster, with the shape of its names. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hunt/hosts_internal.h"
#include "takedown/hash64.h"

struct name_set {
    uint64_t hash; /* of its sorted client ids */
    uint32_t name;
};

static int by_hash(const void *a, const void *b)
{
    const struct name_set *x = a, *y = b;
    if (x->hash != y->hash)
        return x->hash < y->hash ? -1 : 1;
    return x->name < y->name ? -1 : x->name > y->name;
}

int hosts_pair_by_name(const void *a, const void *b)
{
    const struct host_pair *x = a, *y = b;
    if (x->name != y->name)
        return x->name < y->name ? -1 : 1;
    return x->client < y->client ? -1 : x->client > y->client;
}

static uint32_t find(uint32_t *parent, uint32_t x)
{
    while (parent[x] != x)
        x = parent[x] = parent[parent[x]];
    return x;
}

static int eligible(const struct tk_hosts *h, const struct tk_host_name *n)
{
    const struct tk_hosts_options *o = &h->options;
    return n->family == NULL && n->clients >= 2 && n->answered == 0
           && (n->nxdomain > 0 || (o->detector && n->score >= o->threshold));
}

/* start[name]: where its pairs begin in the pairs sorted by name (start[count] the end). */
static int name_starts(struct tk_hosts *h, size_t **out)
{
    size_t *start = calloc(h->name_count + 1, sizeof *start);
    if (start == NULL)
        return TK_ERR_NOMEM;
    if (h->pair_count)
        qsort(h->pairs, h->pair_count, sizeof *h->pairs, hosts_pair_by_name);
    for (size_t p = 0; p < h->pair_count; p++)
        start[h->pairs[p].name + 1] = p + 1;
    for (size_t i = 1; i <= h->name_count; i++)
        if (start[i] < start[i - 1])
            start[i] = start[i - 1];
    *out = start;
    return TK_OK;
}

/* covered[c]: the names of the groups (runs of equal client sets of at least
 * min_group_names names) that client c is in. Returns the groups' count in runs (pairs of
 * first and end indices into sets). */
static size_t find_groups(const struct tk_hosts *h, const size_t *start,
                          const struct name_set *sets, size_t count, uint32_t *covered,
                          size_t *runs)
{
    size_t groups = 0;
    for (size_t i = 0, j; i < count; i = j) {
        for (j = i + 1; j < count && sets[j].hash == sets[i].hash; j++)
            ;
        if (j - i < h->options.min_group_names)
            continue;
        for (size_t p = start[sets[i].name]; p < start[sets[i].name + 1]; p++)
            covered[h->pairs[p].client] += (uint32_t)(j - i);
        runs[2 * groups] = i;
        runs[2 * groups + 1] = j;
        groups++;
    }
    return groups;
}

/* A client takes part when the groups it is in hold at least half of the names it shares
 * with anyone: bots of one botnet share little but their list. Two busy hosts share many
 * typos and lapsed names, a few of them with nobody else; that is no pattern. */
static int takes_part(const uint32_t *covered, const uint32_t *shared, uint32_t client)
{
    return (uint64_t)covered[client] * 2 >= shared[client];
}

/* Joins the clients that take part in every group where at least two do, and marks the
 * names of such groups (cluster 0 until numbered) with one of those clients in rep.
 * shared: per client, the eligible names it asked for. Returns the names grouped, or
 * SIZE_MAX when out of memory. */
static size_t join_groups(struct tk_hosts *h, const size_t *start, struct name_set *sets,
                          size_t count, const uint32_t *shared, uint32_t *parent,
                          uint32_t *rep)
{
    uint32_t *covered = calloc(h->host_count + 1, sizeof *covered);
    size_t *runs = malloc((2 * count + 2) * sizeof *runs), grouped = 0;
    if (covered == NULL || runs == NULL) {
        free(covered);
        free(runs);
        return SIZE_MAX;
    }
    qsort(sets, count, sizeof *sets, by_hash);
    size_t groups = find_groups(h, start, sets, count, covered, runs);
    for (size_t g = 0; g < groups; g++) {
        size_t i = runs[2 * g], j = runs[2 * g + 1], taking = 0;
        uint32_t first = sets[i].name, root = 0;
        for (size_t p = start[first]; p < start[first + 1]; p++) {
            uint32_t client = h->pairs[p].client;
            if (!takes_part(covered, shared, client))
                continue;
            if (taking++ == 0)
                root = find(parent, client);
            else
                parent[find(parent, client)] = root;
        }
        for (size_t k = i; k < j && taking >= 2; k++) {
            h->names[sets[k].name].cluster = 0;
            rep[sets[k].name] = root;
            grouped++;
        }
    }
    free(covered);
    free(runs);
    return grouped;
}

static size_t label_len(const struct tk_host_name *n)
{
    const char *dot = memchr(n->name, '.', n->len);
    return dot ? (size_t)(dot - n->name) : n->len;
}

static void describe_alphabet(struct tk_host_cluster *c, int letters, int high_letters,
                              int digits, int hyphen)
{
    const char *base = !letters               ? "0-9"
                       : !digits              ? "a-z"
                       : high_letters         ? "a-z0-9"
                                              : "0-9a-f";
    snprintf(c->alphabet, sizeof c->alphabet, "%s%s", base, hyphen ? ",-" : "");
}

struct tld_count {
    const char *tld;
    size_t count;
};

static int by_count(const void *a, const void *b)
{
    const struct tld_count *x = a, *y = b;
    return x->count != y->count ? (x->count > y->count ? -1 : 1) : strcmp(x->tld, y->tld);
}

/* Lengths, alphabet and suffixes of a cluster's names. */
static void describe(const struct tk_hosts *h, struct tk_host_cluster *c)
{
    struct tld_count tlds[8];
    size_t tld_count = 0, total = 0;
    int letters = 0, high = 0, digits = 0, hyphen = 0;
    c->min_len = 255;
    c->first_seen = c->last_seen = TK_LOG_NO_TIME;
    for (size_t i = 0; i < c->name_count; i++) {
        const struct tk_host_name *n = &h->names[c->names[i]];
        size_t len = label_len(n);
        for (size_t k = 0; k < len; k++) {
            char ch = n->name[k];
            letters |= ch >= 'a' && ch <= 'z';
            high |= ch > 'f' && ch <= 'z';
            digits |= ch >= '0' && ch <= '9';
            hyphen |= ch == '-';
        }
        c->min_len = len < c->min_len ? (unsigned)len : c->min_len;
        c->max_len = len > c->max_len ? (unsigned)len : c->max_len;
        total += len;
        if (n->first_seen != TK_LOG_NO_TIME
            && (c->first_seen == TK_LOG_NO_TIME || n->first_seen < c->first_seen))
            c->first_seen = n->first_seen;
        if (n->last_seen != TK_LOG_NO_TIME && n->last_seen > c->last_seen)
            c->last_seen = n->last_seen;
        const char *tld = len < n->len ? n->name + len + 1 : "";
        size_t t = 0;
        while (t < tld_count && strcmp(tlds[t].tld, tld) != 0)
            t++;
        if (t == tld_count && tld_count < sizeof tlds / sizeof *tlds)
            tlds[tld_count++] = (struct tld_count){tld, 0};
        if (t < tld_count)
            tlds[t].count++;
    }
    c->mean_len = c->name_count ? (double)total / (double)c->name_count : 0;
    describe_alphabet(c, letters, high, digits, hyphen);
    qsort(tlds, tld_count, sizeof *tlds, by_count);
    size_t at = 0;
    for (size_t t = 0; t < tld_count && at + strlen(tlds[t].tld) + 2 < sizeof c->tlds; t++)
        at += (size_t)snprintf(c->tlds + at, sizeof c->tlds - at, "%s%s", t ? "," : "",
                               tlds[t].tld);
}

static int by_clients(const void *a, const void *b)
{
    const struct tk_host_cluster *x = a, *y = b;
    if (x->client_count != y->client_count)
        return x->client_count > y->client_count ? -1 : 1;
    return x->name_count > y->name_count ? -1 : x->name_count < y->name_count;
}

/* Numbers the clusters by clients, most first, on their names and clients. */
static void number_clusters(struct tk_hosts *h)
{
    qsort(h->clusters, h->cluster_count, sizeof *h->clusters, by_clients);
    for (size_t k = 0; k < h->cluster_count; k++) {
        const struct tk_host_cluster *c = &h->clusters[k];
        for (size_t i = 0; i < c->name_count; i++)
            h->names[c->names[i]].cluster = (int)k;
        for (size_t i = 0; i < c->client_count; i++)
            h->hosts[c->clients[i]].cluster = (int)k;
    }
}

/* Fills the clusters' name and client arrays: slot[root] is the cluster + 1 of a root. */
static void fill_clusters(struct tk_hosts *h, const uint32_t *rep, uint32_t *parent,
                          const uint32_t *slot)
{
    for (size_t k = 0; k < h->cluster_count; k++)
        h->clusters[k].name_count = h->clusters[k].client_count = 0;
    for (uint32_t n = 0; n < h->name_count; n++) {
        if (h->names[n].cluster < 0)
            continue;
        struct tk_host_cluster *c = &h->clusters[slot[find(parent, rep[n])] - 1];
        h->cluster_members[(c->names - h->cluster_members) + (ptrdiff_t)c->name_count++] = n;
    }
    for (uint32_t client = 0; client < h->host_count; client++) {
        uint32_t k = slot[find(parent, client)];
        if (k) {
            struct tk_host_cluster *c = &h->clusters[k - 1];
            h->cluster_members[(c->clients - h->cluster_members) + (ptrdiff_t)c->client_count++]
                = client;
        }
    }
}

/* The clusters from the joined clients: one per root that has grouped names. */
static int build_clusters(struct tk_hosts *h, const uint32_t *rep, uint32_t *parent,
                          size_t grouped)
{
    uint32_t *slot = calloc(h->host_count + 1, sizeof *slot);
    size_t *names = NULL, *clients = NULL, members = grouped;
    if (slot == NULL)
        return TK_ERR_NOMEM;
    for (uint32_t n = 0; n < h->name_count; n++) {
        uint32_t root;
        if (h->names[n].cluster >= 0 && !slot[root = find(parent, rep[n])])
            slot[root] = (uint32_t)++h->cluster_count;
    }
    for (uint32_t client = 0; client < h->host_count; client++)
        members += slot[find(parent, client)] != 0;
    h->clusters = calloc(h->cluster_count + 1, sizeof *h->clusters);
    h->cluster_members = malloc((members + 1) * sizeof *h->cluster_members);
    names = calloc(h->cluster_count + 1, sizeof *names);
    clients = calloc(h->cluster_count + 1, sizeof *clients);
    int rc = h->clusters && h->cluster_members && names && clients ? TK_OK : TK_ERR_NOMEM;
    for (uint32_t n = 0; rc == TK_OK && n < h->name_count; n++)
        if (h->names[n].cluster >= 0)
            names[slot[find(parent, rep[n])] - 1]++;
    for (uint32_t client = 0; rc == TK_OK && client < h->host_count; client++)
        if (slot[find(parent, client)])
            clients[slot[find(parent, client)] - 1]++;
    size_t at = 0;
    for (size_t k = 0; rc == TK_OK && k < h->cluster_count; k++) {
        h->clusters[k].names = h->cluster_members + at;
        at += names[k];
        h->clusters[k].clients = h->cluster_members + at;
        at += clients[k];
    }
    if (rc == TK_OK) {
        fill_clusters(h, rep, parent, slot);
        for (size_t k = 0; k < h->cluster_count; k++)
            describe(h, &h->clusters[k]);
        number_clusters(h);
    }
    free(slot);
    free(names);
    free(clients);
    return rc;
}

int hosts_cluster(struct tk_hosts *h)
{
    size_t *start = NULL;
    uint32_t *parent = malloc((h->host_count + 1) * sizeof *parent);
    uint32_t *shared = calloc(h->host_count + 1, sizeof *shared);
    uint32_t *rep = malloc((h->name_count + 1) * sizeof *rep);
    struct name_set *sets = malloc((h->name_count + 1) * sizeof *sets);
    size_t count = 0;
    int rc = parent && shared && rep && sets ? name_starts(h, &start) : TK_ERR_NOMEM;
    for (uint32_t c = 0; parent && c < h->host_count; c++)
        parent[c] = c;
    for (uint32_t n = 0; rc == TK_OK && n < h->name_count; n++) {
        if (!eligible(h, &h->names[n]))
            continue;
        uint64_t hash = 0x9e3779b97f4a7c15ull;
        for (size_t p = start[n]; p < start[n + 1]; p++) {
            hash = tk_mix64(hash ^ h->pairs[p].client);
            shared[h->pairs[p].client]++;
        }
        sets[count++] = (struct name_set){hash, n};
    }
    if (rc == TK_OK) {
        size_t grouped = join_groups(h, start, sets, count, shared, parent, rep);
        rc = grouped == SIZE_MAX ? TK_ERR_NOMEM : build_clusters(h, rep, parent, grouped);
    }
    free(start);
    free(parent);
    free(shared);
    free(rep);
    free(sets);
    return rc;
}
