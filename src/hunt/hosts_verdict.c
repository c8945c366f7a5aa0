/* hosts_verdict.c - per client: the scores of its candidate names, the family most of its
 * attributed names come from, how many names of its cluster it asked for, the time pattern
 * of its new names (bursts and the period between them), and from these its verdict:
 *
 *   infected    at least min_attributed names of known families; or at least
 *               min_cluster_names names of an unknown cluster (population evidence); or at
 *               least min_scored_nx DGA-like names that got NXDOMAIN;
 *   suspicious  an attributed name, 3 or more DGA-like names, membership of a cluster, or 10
 *               or more names that never resolved;
 *   clean       otherwise. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hunt/hosts_internal.h"

#define BURST_GAP 300 /* seconds without a new name that end a burst */

int hosts_pair_by_client(const void *a, const void *b)
{
    const struct host_pair *x = a, *y = b;
    if (x->client != y->client)
        return x->client < y->client ? -1 : 1;
    return x->first_seen < y->first_seen ? -1 : x->first_seen > y->first_seen;
}

static int by_value(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

/* Bursts of new names (pairs sorted by first seen), and the period between their starts. */
static void time_pattern(struct tk_host *host, const struct host_pair *pairs, size_t count,
                         int64_t *scratch)
{
    size_t starts = 0, run = 0;
    int64_t previous = TK_LOG_NO_TIME;
    for (size_t i = 0; i < count; i++) {
        int64_t t = pairs[i].first_seen;
        if (t == TK_LOG_NO_TIME)
            continue;
        if (previous == TK_LOG_NO_TIME || t - previous > BURST_GAP) {
            scratch[starts++] = t;
            run = 0;
        }
        if (++run > host->max_burst)
            host->max_burst = (uint32_t)run;
        previous = t;
    }
    host->bursts = (uint32_t)starts;
    if (starts < 3)
        return;
    size_t gaps = starts - 1;
    double sum = 0, squares = 0;
    for (size_t i = 0; i < gaps; i++) {
        scratch[i] = scratch[i + 1] - scratch[i];
        sum += (double)scratch[i];
        squares += (double)scratch[i] * (double)scratch[i];
    }
    double mean = sum / (double)gaps, variance = squares / (double)gaps - mean * mean;
    host->period_cv = mean > 0 ? sqrt(variance > 0 ? variance : 0) / mean : 0;
    qsort(scratch, gaps, sizeof *scratch, by_value);
    host->period = scratch[gaps / 2];
}

struct family_tally {
    const char *family, *seed;
    uint64_t names;
};

/* The evidence of one client's names. */
static void tally_names(const struct tk_hosts *h, struct tk_host *host,
                        const struct host_pair *pairs, size_t count)
{
    struct family_tally families[8];
    size_t family_count = 0;
    double threshold = h->options.threshold;
    for (size_t i = 0; i < count; i++) {
        const struct tk_host_name *n = &h->names[pairs[i].name];
        int bin = (int)(n->score * TK_HOSTS_SCORE_BINS);
        host->score_bins[bin < TK_HOSTS_SCORE_BINS ? bin : TK_HOSTS_SCORE_BINS - 1]++;
        host->never_resolving += n->answered == 0 && n->nxdomain == n->queries;
        host->cluster_names += host->cluster >= 0 && n->cluster == host->cluster;
        if (n->family == NULL) {
            int scored = h->options.detector && n->score >= threshold;
            host->scored_names += scored;
            host->scored_nxdomain += scored && pairs[i].nxdomain > 0;
            continue;
        }
        host->attributed_names++;
        size_t f = 0;
        while (f < family_count && strcmp(families[f].family, n->family) != 0)
            f++;
        if (f == family_count && family_count < sizeof families / sizeof *families)
            families[family_count++] = (struct family_tally){n->family, n->seed, 0};
        if (f < family_count)
            families[f].names++;
    }
    for (size_t f = 0; f < family_count; f++)
        if (host->family == NULL || families[f].names > host->attributed_names / 2) {
            host->family = families[f].family;
            host->seed = families[f].seed;
        }
}

static void judge_as(struct tk_host *host, enum tk_verdict verdict, const char *reason)
{
    host->verdict = verdict;
    host->reason = reason;
}

static void decide(const struct tk_hosts_options *o, struct tk_host *host)
{
    int in_cluster = host->cluster >= 0;
    if (host->attributed_names >= o->min_attributed)
        judge_as(host, TK_VERDICT_INFECTED, "names of a known family");
    else if (in_cluster && host->cluster_names >= o->min_cluster_names)
        judge_as(host, TK_VERDICT_INFECTED, "shares never-resolving names with other hosts");
    else if (host->scored_nxdomain >= o->min_scored_nx)
        judge_as(host, TK_VERDICT_INFECTED, "many DGA-like NXDOMAIN names");
    else if (host->attributed_names > 0)
        judge_as(host, TK_VERDICT_SUSPICIOUS, "a name of a known family");
    else if (in_cluster)
        judge_as(host, TK_VERDICT_SUSPICIOUS, "a few names of an unknown cluster");
    else if (host->scored_names >= 3)
        judge_as(host, TK_VERDICT_SUSPICIOUS, "some DGA-like names");
    else if (host->never_resolving >= 10)
        judge_as(host, TK_VERDICT_SUSPICIOUS, "many names that never resolved");
    else
        judge_as(host, TK_VERDICT_CLEAN, "");
}

int hosts_judge(struct tk_hosts *h)
{
    int64_t *scratch = malloc((h->pair_count + 1) * sizeof *scratch);
    if (scratch == NULL)
        return TK_ERR_NOMEM;
    if (h->pair_count)
        qsort(h->pairs, h->pair_count, sizeof *h->pairs, hosts_pair_by_client);
    size_t i = 0;
    for (uint32_t client = 0; client < h->host_count; client++) {
        size_t j = i;
        while (j < h->pair_count && h->pairs[j].client == client)
            j++;
        struct tk_host *host = &h->hosts[client];
        tally_names(h, host, h->pairs + i, j - i);
        time_pattern(host, h->pairs + i, j - i, scratch);
        decide(&h->options, host);
        i = j;
    }
    free(scratch);
    return TK_OK;
}
