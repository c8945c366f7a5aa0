/* hosts_internal.h - the tables behind a host hunt (include/takedown/hosts.h), shared by the
 * reading (hosts.c), the name facts cache (hosts_names.c), the clustering
 * (hosts_cluster.c) and the verdicts (hosts_verdict.c). */
#ifndef TAKEDOWN_HUNT_HOSTS_INTERNAL_H
#define TAKEDOWN_HUNT_HOSTS_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "takedown/hosts.h"
#include "takedown/strpool.h"

/* What is known of a queried name without its context: kept in a small direct-mapped
 * cache, so that repeated names are scored once. */
struct name_facts {
    uint64_t hash;      /* of the lower-case name; 0: an empty slot */
    float score;
    uint16_t key_len;   /* length of its registrable domain (the end of the name) */
    uint8_t listed;     /* on the allow or exclude list, or under a private-use suffix */
};

#define FACTS_SLOTS 262144

/* A (client, candidate name) pair: what one client did with one name. */
struct host_pair {
    uint32_t client, name; /* ids - 1 */
    uint32_t queries, nxdomain;
    int64_t first_seen, last_seen;
};

struct tk_hosts {
    struct tk_hosts_options options;
    struct tk_strpool *client_pool, *name_pool;
    struct tk_host *hosts;        /* by client id - 1 */
    size_t host_count, host_cap;
    struct tk_host_name *names;   /* by name id - 1 */
    size_t name_count, name_cap;
    struct host_pair *pairs;
    size_t pair_count, pair_cap;
    uint32_t *pair_index;         /* pair number + 1 or 0, by hash of (client, name) */
    size_t pair_index_cap;        /* a power of two */
    struct name_facts *facts;     /* FACTS_SLOTS of them */
    struct tk_host_cluster *clusters;
    size_t cluster_count;
    uint32_t *cluster_members;    /* the clusters' name and client arrays, one block */
    uint64_t queries, without_client;
    int saw_rcode;
};

/* The facts of the lower-case name[0..len) (len 1 to 253), from the cache or computed. */
const struct name_facts *hosts_name_facts(struct tk_hosts *h, const char *name, size_t len);

/* Groups never-resolving unexplained names by the set of clients that asked for them, and
 * joins the groups that share clients into clusters. TK_OK or TK_ERR_NOMEM. */
int hosts_cluster(struct tk_hosts *h);

/* Per client: the time pattern of its new names, its family, its cluster's names, and the
 * verdict. TK_OK or TK_ERR_NOMEM. */
int hosts_judge(struct tk_hosts *h);

/* Pairs sorted by client, then first seen (for hosts_judge) or by name, then client. */
int hosts_pair_by_client(const void *a, const void *b);
int hosts_pair_by_name(const void *a, const void *b);

#endif
