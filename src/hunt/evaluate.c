/* evaluate.c - the host hunt's evaluation (include/takedown/hunt_eval.h): the population
 * read into a hunt, then the verdicts and clusters scored against what each client and name
 * really is. Benign clients are 10.x.y.z, the hosts of family f are 172.16.f.h. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hunt/eval_internal.h"
#include "takedown/domain.h"
#include "takedown/hash64.h"
#include "takedown/strpool.h"

#define MIN_FAMILY_NAMES 10

/* The truth: which family each DGA name belongs to, by the registrable domain the hunt keys
 * it by (strpool id -> family index). */
struct truth {
    struct tk_strpool *names;
    int *family;
    size_t cap;
};

static int truth_add(struct truth *t, const char *name, int family)
{
    char lower[256];
    size_t len = strlen(name);
    if (len == 0 || len > 253)
        return TK_OK;
    tk_domain_lower(name, len, lower);
    lower[len] = '\0';
    const char *key = tk_hosts_key(lower); /* what the hunt keys names by */
    uint32_t id = tk_strpool_intern(t->names, key, strlen(key));
    if (id == 0)
        return TK_ERR_NOMEM;
    if (id > t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 1024;
        int *grown = realloc(t->family, cap * sizeof *grown);
        if (grown == NULL)
            return TK_ERR_NOMEM;
        for (size_t i = t->cap; i < cap; i++)
            grown[i] = -1;
        t->family = grown;
        t->cap = cap;
    }
    t->family[id - 1] = family;
    return TK_OK;
}

/* The family of a cluster name, or -1 (benign or unknown). */
static int truth_of(struct truth *t, const char *name)
{
    uint32_t id = tk_strpool_intern(t->names, name, strlen(name));
    return id && id <= t->cap ? t->family[id - 1] : -1;
}

static double seconds_since(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

static int benign_clients(const struct tk_hunt_eval_options *o, const struct eval_benign *b,
                          struct eval_rng *rng, struct eval_sink *sink)
{
    int rc = TK_OK;
    for (size_t i = 0; i < o->benign_clients && rc == TK_OK; i++) {
        char client[48];
        snprintf(client, sizeof client, "10.%zu.%zu.%zu", (i >> 16) & 255, (i >> 8) & 255,
                 i & 255);
        rc = eval_benign_client(b, client, eval_benign_volume(rng), rng, sink);
    }
    return rc;
}

/* A host's DGA queries a day: min_daily for the first host, else log-uniform. */
static unsigned daily_of(const struct tk_hunt_eval_options *o, size_t host, struct eval_rng *rng)
{
    if (host == 0 || o->max_daily <= o->min_daily)
        return o->min_daily;
    double lo = log((double)o->min_daily), hi = log((double)o->max_daily);
    return (unsigned)exp(lo + eval_uniform(rng) * (hi - lo));
}

/* The infected hosts of family f, and its names into the truth. */
static int family_hosts(const struct tk_hunt_eval_options *o, const struct eval_benign *b,
                        size_t f, struct tk_hunt_eval_family *fam, struct truth *truth,
                        struct eval_rng *rng, struct eval_sink *sink, struct tk_error *err)
{
    static const int64_t periods[] = {3600, 7200, 14400};
    char **names;
    size_t count, scored = 0;
    int rc = eval_family_names(o, fam->name, &names, &count, err);
    for (size_t i = 0; i < count && rc == TK_OK; i++) {
        rc = truth_add(truth, names[i], (int)f);
        scored += o->hunt.detector && tk_detector_score(o->hunt.detector, names[i],
                                                        strlen(names[i])) >= o->hunt.threshold;
    }
    fam->names = count;
    fam->name_recall = count ? (double)scored / (double)count : 0;
    int64_t period = periods[tk_hash_bytes(fam->name, strlen(fam->name)) % 3];
    for (size_t h = 0; count >= MIN_FAMILY_NAMES && h < o->hosts_per_family && rc == TK_OK; h++) {
        char client[48];
        unsigned daily = daily_of(o, h, rng);
        snprintf(client, sizeof client, "172.16.%zu.%zu", f, h);
        rc = eval_benign_client(b, client, eval_benign_volume(rng), rng, sink);
        if (rc == TK_OK)
            rc = eval_dga_client(names, count, client, daily, period,
                                 strcmp(fam->name, "conficker") == 0, o->resolving, rng, sink);
        fam->hosts++;
        fam->min_daily_hosts += h == 0;
    }
    for (size_t i = 0; i < count; i++)
        free(names[i]);
    free(names);
    if (rc == TK_ERR_NOMEM)
        tk_error_set(err, rc, "out of memory");
    return rc;
}

static void score_hosts(const struct tk_hosts *hosts,
                        struct tk_hunt_eval_result *r)
{
    for (size_t i = 0; i < tk_hosts_host_count(hosts); i++) {
        const struct tk_host *h = tk_hosts_host_at(hosts, i);
        unsigned f, host;
        if (sscanf(h->client, "172.16.%u.%u", &f, &host) == 2 && f < r->family_count) {
            struct tk_hunt_eval_family *fam = &r->families[f];
            fam->infected += h->verdict == TK_VERDICT_INFECTED;
            fam->flagged += h->verdict != TK_VERDICT_CLEAN;
            fam->min_daily_infected += h->verdict == TK_VERDICT_INFECTED && host == 0;
            continue;
        }
        r->benign++;
        r->benign_infected += h->verdict == TK_VERDICT_INFECTED;
        r->benign_suspicious += h->verdict == TK_VERDICT_SUSPICIOUS;
    }
}

/* Each cluster's purity: the share of its names from its most frequent family. */
static int score_clusters(const struct tk_hosts *hosts, struct truth *truth,
                          struct tk_hunt_eval_result *r)
{
    size_t *counts = calloc(r->family_count + 1, sizeof *counts);
    if (counts == NULL)
        return TK_ERR_NOMEM;
    r->clusters = tk_hosts_cluster_count(hosts);
    for (size_t k = 0; k < r->clusters; k++) {
        const struct tk_host_cluster *c = tk_hosts_cluster_at(hosts, k);
        memset(counts, 0, (r->family_count + 1) * sizeof *counts);
        for (size_t i = 0; i < c->name_count; i++) {
            int f = truth_of(truth, tk_hosts_name_at(hosts, c->names[i])->name);
            counts[f >= 0 ? (size_t)f : r->family_count]++;
        }
        size_t best = r->family_count;
        for (size_t f = 0; f < r->family_count; f++)
            if (counts[f] > counts[best])
                best = f;
        double purity = c->name_count ? (double)counts[best] / (double)c->name_count : 0;
        if (best == r->family_count) {
            r->benign_clusters++;
        } else if (purity > r->families[best].purity) {
            r->families[best].purity = purity;
            r->families[best].cluster_names = c->name_count;
        }
    }
    free(counts);
    return TK_OK;
}

static int run(const struct tk_hunt_eval_options *o, char *const *labels,
               struct tk_hunt_eval_result *r, struct truth *truth, struct tk_error *err)
{
    struct eval_benign benign;
    struct eval_rng rng = {o->seed};
    struct eval_sink sink = {NULL, 1795824000 /* 2026-11-28 */, 0};
    struct timespec start;
    int rc = eval_benign_load(o, &benign, err);
    if (rc == TK_OK && (sink.hosts = tk_hosts_new(&o->hunt)) == NULL)
        rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    clock_gettime(CLOCK_MONOTONIC, &start);
    if (rc == TK_OK && benign_clients(o, &benign, &rng, &sink))
        rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    for (size_t f = 0; f < r->family_count && rc == TK_OK; f++) {
        snprintf(r->families[f].name, sizeof r->families[f].name, "%s", labels[f]);
        rc = family_hosts(o, &benign, f, &r->families[f], truth, &rng, &sink, err);
    }
    r->seconds = seconds_since(&start);
    r->queries = sink.queries;
    if (rc == TK_OK && tk_hosts_finish(sink.hosts))
        rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    if (rc == TK_OK) {
        score_hosts(sink.hosts, r);
        if (score_clusters(sink.hosts, truth, r))
            rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    }
    tk_hosts_free(sink.hosts);
    eval_benign_free(&benign);
    return rc;
}

int tk_hunt_evaluate(const struct tk_hunt_eval_options *o, struct tk_hunt_eval_result *r,
                     struct tk_error *err)
{
    char **labels = NULL;
    struct truth truth = {tk_strpool_new(), NULL, 0};
    memset(r, 0, sizeof *r);
    int rc = truth.names ? tk_hunt_eval_families(o->samples, o->sample_count, &labels,
                                                 &r->family_count, err)
                         : tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    if (rc == TK_OK && r->family_count > 255)
        rc = tk_error_set(err, TK_ERR_DATA, "more than 255 families in the samples");
    if (rc == TK_OK && (r->families = calloc(r->family_count + 1, sizeof *r->families)) == NULL)
        rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    if (rc == TK_OK)
        rc = run(o, labels, r, &truth, err);
    tk_hunt_eval_names_free(labels, r->family_count);
    tk_strpool_free(truth.names);
    free(truth.family);
    return rc;
}

void tk_hunt_eval_result_free(struct tk_hunt_eval_result *r)
{
    free(r->families);
    r->families = NULL;
}
