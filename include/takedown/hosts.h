/* hosts.h - which clients of a resolver are infected: DNS queries streamed in, per client
 * the DGA-like names it asked for (and how many were NXDOMAIN), their scores and their time
 * pattern; names no family explains that many clients ask for in the same pattern grouped
 * into clusters; a verdict per client (docs/hunt.md).
 *
 * A query is a candidate when its name is attributed exactly through an index, or scores
 * at or above the detector's threshold, or got NXDOMAIN; names on the allow or exclude
 * lists and names under private-use suffixes (".lan", ".local", ".home", ...) never are.
 * Candidates are keyed by their registrable domain. Memory grows with clients, candidate
 * names and the (client, candidate) pairs, never with the queries. */
#ifndef TAKEDOWN_HOSTS_H
#define TAKEDOWN_HOSTS_H

#include <stddef.h>
#include <stdint.h>

#include "takedown/detect.h"
#include "takedown/index.h"
#include "takedown/logs.h"

enum tk_verdict { TK_VERDICT_CLEAN, TK_VERDICT_SUSPICIOUS, TK_VERDICT_INFECTED };

#define TK_HOSTS_SCORE_BINS 5

struct tk_hosts_options {
    const struct tk_detector *detector; /* NULL: no scoring */
    double threshold;                   /* score from which a name is DGA-like */
    const struct tk_allowlist *allow;   /* never candidates (cloud, CDN); may be NULL */
    const struct tk_allowlist *exclude; /* never attributed nor candidates; may be NULL */
    const struct tk_index *index;       /* exact attribution while reading; may be NULL */
    unsigned min_attributed;    /* attributed names that make a client infected (3) */
    unsigned min_cluster_names; /* names of its cluster a client must have asked (5) */
    unsigned min_group_names;   /* never-resolving names the same clients share (3) */
    unsigned min_scored_nx;     /* DGA-like NXDOMAIN names that make it infected (10) */
};

/* A candidate name: its registrable domain, lower case. */
struct tk_host_name {
    const char *name;
    size_t len;
    double score;
    uint64_t queries, nxdomain, answered; /* answered: NOERROR responses */
    uint32_t clients;
    int64_t first_seen, last_seen;        /* TK_LOG_NO_TIME when no time was logged */
    const char *family;                   /* exact attribution, or NULL */
    const char *seed;
    int cluster;                          /* index of its cluster, or -1 */
};

struct tk_host {
    const char *client;
    enum tk_verdict verdict;
    const char *reason;          /* the evidence that decided it, in a few words */
    uint64_t queries, nxdomain;  /* every query of the client */
    uint64_t dga_names;          /* distinct candidate names */
    uint64_t dga_queries, dga_nxdomain;
    uint64_t scored_names;       /* candidate names at or above the threshold */
    uint64_t scored_nxdomain;    /* ... of them NXDOMAIN for this client */
    uint64_t never_resolving;    /* candidate names that only ever got NXDOMAIN */
    uint32_t score_bins[TK_HOSTS_SCORE_BINS]; /* candidate names by score: [0,.2), ..., [.8,1] */
    uint64_t attributed_names;
    const char *family;          /* the family most of its attributed names are from */
    const char *seed;
    int cluster;                 /* its unknown cluster, or -1 */
    uint64_t cluster_names;      /* names of that cluster it asked for */
    int64_t first_seen, last_seen; /* of its candidate queries */
    uint32_t bursts;             /* runs of new names with less than 5 minutes between them */
    uint32_t max_burst;          /* most new names in one run */
    int64_t period;              /* median seconds between runs' starts, 0 with fewer than 3 */
    double period_cv;            /* their coefficient of variation: near 0 is a schedule */
};

struct tk_host_cluster {
    const uint32_t *names;   /* indices for tk_hosts_name_at, by name */
    size_t name_count;
    const uint32_t *clients; /* indices for tk_hosts_host_at */
    size_t client_count;
    int64_t first_seen, last_seen;
    unsigned min_len, max_len; /* of the registrable label */
    double mean_len;
    char alphabet[16];       /* "a-z", "a-z0-9", "0-9a-f", with "-" when used */
    char tlds[64];           /* the suffixes, most used first, comma-separated */
};

struct tk_hosts;

void tk_hosts_options_default(struct tk_hosts_options *options);
/* The options are copied; what they point to must outlive the hunt. */
struct tk_hosts *tk_hosts_new(const struct tk_hosts_options *options);
void tk_hosts_free(struct tk_hosts *hosts);

/* One query. A record without a client is counted and otherwise ignored. TK_OK or
 * TK_ERR_NOMEM. */
int tk_hosts_add(struct tk_hosts *hosts, const struct tk_log_record *rec);
uint64_t tk_hosts_queries(const struct tk_hosts *hosts);
uint64_t tk_hosts_without_client(const struct tk_hosts *hosts);
/* True once a record carried a response code. */
int tk_hosts_saw_rcode(const struct tk_hosts *hosts);

/* The candidate names so far (for building an index of only them). */
size_t tk_hosts_name_count(const struct tk_hosts *hosts);
const struct tk_host_name *tk_hosts_name_at(const struct tk_hosts *hosts, size_t i);
/* Attributes the candidate names through index (an index of only them, built after the
 * reading); names already attributed keep their attribution. */
void tk_hosts_attribute(struct tk_hosts *hosts, const struct tk_index *index);

/* Clusters, time patterns and verdicts; then the results below are readable. Hosts come
 * in the order they were first seen; clusters by clients, most first. TK_OK or
 * TK_ERR_NOMEM. */
int tk_hosts_finish(struct tk_hosts *hosts);
size_t tk_hosts_host_count(const struct tk_hosts *hosts);
const struct tk_host *tk_hosts_host_at(const struct tk_hosts *hosts, size_t i);
size_t tk_hosts_cluster_count(const struct tk_hosts *hosts);
const struct tk_host_cluster *tk_hosts_cluster_at(const struct tk_hosts *hosts, size_t i);

const char *tk_verdict_name(enum tk_verdict verdict);
/* The registrable domain a lower-case, NUL-terminated name is keyed by: a pointer into
 * name (name itself when it has no label left of its public suffix). */
const char *tk_hosts_key(const char *name);

#endif
