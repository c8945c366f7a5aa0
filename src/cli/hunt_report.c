/* hunt_report.c - `takedown hunt hosts` output: the verdict and evidence per client and the
 * clusters of unknown DGAs, as a table, CSV or JSON (docs/hunt.md), and the infected hosts
 * as CSV for `takedown notify`. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/hunt_cli.h"
#include "cli/json.h"
#include "takedown/csv.h"

#define TABLE_NAMES 8

/* ISO 8601 UTC, or "" when no time was logged. */
static const char *iso_time(int64_t t, char buf[32])
{
    struct tm tm;
    time_t s = (time_t)t;
    buf[0] = '\0';
    if (t != TK_LOG_NO_TIME && gmtime_r(&s, &tm))
        strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

static int listed(const struct hunt_report *r, const struct tk_host *h)
{
    return !r->flagged_only || h->verdict != TK_VERDICT_CLEAN;
}

/* Hosts by verdict (infected first), then candidate names, then client. */
static int by_verdict(const void *a, const void *b)
{
    const struct tk_host *x = *(const struct tk_host *const *)a;
    const struct tk_host *y = *(const struct tk_host *const *)b;
    if (x->verdict != y->verdict)
        return x->verdict > y->verdict ? -1 : 1;
    if (x->dga_names != y->dga_names)
        return x->dga_names > y->dga_names ? -1 : 1;
    return strcmp(x->client, y->client);
}

/* The hosts in report order (free() it), NULL when out of memory. */
static const struct tk_host **sorted_hosts(const struct tk_hosts *hosts, size_t *count)
{
    *count = tk_hosts_host_count(hosts);
    const struct tk_host **list = malloc((*count + 1) * sizeof *list);
    if (list == NULL)
        return NULL;
    for (size_t i = 0; i < *count; i++)
        list[i] = tk_hosts_host_at(hosts, i);
    qsort(list, *count, sizeof *list, by_verdict);
    return list;
}

static const char *family_text(const struct tk_host *h, char buf[32])
{
    if (h->family)
        return h->family;
    if (h->cluster >= 0) {
        snprintf(buf, 32, "cluster %d", h->cluster + 1);
        return buf;
    }
    return "";
}

static void table_hosts(FILE *out, const struct hunt_report *r, const struct tk_host **list,
                        size_t count)
{
    size_t counts[3] = {0};
    char buf[32];
    for (size_t i = 0; i < count; i++)
        counts[list[i]->verdict]++;
    fprintf(out, "%zu clients: %zu infected, %zu suspicious, %zu clean\n\n", count,
            counts[TK_VERDICT_INFECTED], counts[TK_VERDICT_SUSPICIOUS], counts[TK_VERDICT_CLEAN]);
    fprintf(out, "%-40s %-10s %7s %7s %7s %7s  %-16s %s\n", "client", "verdict", "queries",
            "dga", "nxdom", "scored", "family/cluster", "evidence");
    for (size_t i = 0; i < count; i++) {
        const struct tk_host *h = list[i];
        if (h->verdict == TK_VERDICT_CLEAN && (r->flagged_only || h->dga_names == 0))
            continue;
        fprintf(out, "%-40s %-10s %7" PRIu64 " %7" PRIu64 " %7" PRIu64 " %7" PRIu64
                     "  %-16s %s\n",
                h->client, tk_verdict_name(h->verdict), h->queries, h->dga_names,
                h->dga_nxdomain, h->scored_names, family_text(h, buf), h->reason);
    }
}

static void table_clusters(FILE *out, const struct tk_hosts *hosts)
{
    char a[32], b[32];
    for (size_t k = 0; k < tk_hosts_cluster_count(hosts); k++) {
        const struct tk_host_cluster *c = tk_hosts_cluster_at(hosts, k);
        fprintf(out, "\ncluster %zu: %zu names, %zu clients, %s .. %s, label %u-%u (mean %.1f) "
                     "%s, suffixes %s\n",
                k + 1, c->name_count, c->client_count, iso_time(c->first_seen, a),
                iso_time(c->last_seen, b), c->min_len, c->max_len, c->mean_len, c->alphabet,
                c->tlds);
        fputs("  names:", out);
        for (size_t i = 0; i < c->name_count && i < TABLE_NAMES; i++)
            fprintf(out, " %s", tk_hosts_name_at(hosts, c->names[i])->name);
        fputs(c->name_count > TABLE_NAMES ? " ...\n  clients:" : "\n  clients:", out);
        for (size_t i = 0; i < c->client_count && i < TABLE_NAMES; i++)
            fprintf(out, " %s", tk_hosts_host_at(hosts, c->clients[i])->client);
        fputs(c->client_count > TABLE_NAMES ? " ...\n" : "\n", out);
    }
}

void hunt_write_table(FILE *out, const struct hunt_report *r)
{
    size_t count;
    const struct tk_host **list = sorted_hosts(r->hosts, &count);
    if (list == NULL)
        return;
    table_hosts(out, r, list, count);
    table_clusters(out, r->hosts);
    free(list);
}

void hunt_write_csv(FILE *out, const struct hunt_report *r)
{
    size_t count;
    char a[32], b[32];
    const struct tk_host **list = sorted_hosts(r->hosts, &count);
    if (list == NULL)
        return;
    fputs("client,verdict,reason,queries,nxdomain,dga_names,dga_queries,dga_nxdomain,"
          "scored_names,scored_nxdomain,never_resolving,attributed_names,family,seed,cluster,"
          "cluster_names,first_seen,last_seen,bursts,max_burst,period,period_cv\n", out);
    for (size_t i = 0; i < count; i++) {
        const struct tk_host *h = list[i];
        if (!listed(r, h))
            continue;
        tk_csv_put_text(out, h->client);
        fprintf(out, ",%s,", tk_verdict_name(h->verdict));
        tk_csv_put_text(out, h->reason);
        fprintf(out, ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64
                     ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",",
                h->queries, h->nxdomain, h->dga_names, h->dga_queries, h->dga_nxdomain,
                h->scored_names, h->scored_nxdomain, h->never_resolving, h->attributed_names);
        tk_csv_put_text(out, h->family ? h->family : "");
        fputc(',', out);
        tk_csv_put_text(out, h->seed ? h->seed : "");
        if (h->cluster >= 0)
            fprintf(out, ",%d", h->cluster + 1);
        else
            fputc(',', out);
        fprintf(out, ",%" PRIu64 ",%s,%s,%u,%u,%" PRId64 ",%.3f\n", h->cluster_names,
                iso_time(h->first_seen, a), iso_time(h->last_seen, b), h->bursts, h->max_burst,
                h->period, h->period_cv);
    }
    free(list);
}

void hunt_write_cluster_csv(FILE *out, const struct hunt_report *r)
{
    char a[32], b[32];
    fputs("cluster,name,queries,clients,nxdomain,score,first_seen,last_seen\n", out);
    for (size_t k = 0; k < tk_hosts_cluster_count(r->hosts); k++) {
        const struct tk_host_cluster *c = tk_hosts_cluster_at(r->hosts, k);
        for (size_t i = 0; i < c->name_count; i++) {
            const struct tk_host_name *n = tk_hosts_name_at(r->hosts, c->names[i]);
            fprintf(out, "%zu,", k + 1);
            tk_csv_put_text(out, n->name);
            fprintf(out, ",%" PRIu64 ",%u,%" PRIu64 ",%.4f,%s,%s\n", n->queries, n->clients,
                    n->nxdomain, n->score, iso_time(n->first_seen, a), iso_time(n->last_seen, b));
        }
    }
}

static void json_time(FILE *out, int64_t t)
{
    char buf[32];
    if (t == TK_LOG_NO_TIME)
        fputs("null", out);
    else
        json_string(out, iso_time(t, buf));
}

static void json_host(FILE *out, const struct tk_host *h)
{
    fputs("{\"client\":", out);
    json_string(out, h->client);
    fprintf(out, ",\"verdict\":\"%s\",\"reason\":", tk_verdict_name(h->verdict));
    json_string(out, h->reason);
    fprintf(out, ",\"queries\":%" PRIu64 ",\"nxdomain\":%" PRIu64 ",\"dga_names\":%" PRIu64
                 ",\"dga_queries\":%" PRIu64 ",\"dga_nxdomain\":%" PRIu64
                 ",\"scored_names\":%" PRIu64 ",\"scored_nxdomain\":%" PRIu64
                 ",\"never_resolving\":%" PRIu64 ",\"score_bins\":[%u,%u,%u,%u,%u]"
                 ",\"attributed_names\":%" PRIu64 ",\"family\":",
            h->queries, h->nxdomain, h->dga_names, h->dga_queries, h->dga_nxdomain,
            h->scored_names, h->scored_nxdomain, h->never_resolving, h->score_bins[0],
            h->score_bins[1], h->score_bins[2], h->score_bins[3], h->score_bins[4],
            h->attributed_names);
    json_string(out, h->family);
    fputs(",\"seed\":", out);
    json_string(out, h->seed);
    if (h->cluster >= 0)
        fprintf(out, ",\"cluster\":%d", h->cluster + 1);
    else
        fputs(",\"cluster\":null", out);
    fprintf(out, ",\"cluster_names\":%" PRIu64 ",\"first_seen\":", h->cluster_names);
    json_time(out, h->first_seen);
    fputs(",\"last_seen\":", out);
    json_time(out, h->last_seen);
    fprintf(out, ",\"bursts\":%u,\"max_burst\":%u,\"period\":%" PRId64 ",\"period_cv\":%.3f}",
            h->bursts, h->max_burst, h->period, h->period_cv);
}

static void json_cluster(FILE *out, const struct tk_hosts *hosts, size_t k)
{
    const struct tk_host_cluster *c = tk_hosts_cluster_at(hosts, k);
    fprintf(out, "{\"cluster\":%zu,\"names\":[", k + 1);
    for (size_t i = 0; i < c->name_count; i++) {
        fputs(i ? "," : "", out);
        json_string(out, tk_hosts_name_at(hosts, c->names[i])->name);
    }
    fputs("],\"clients\":[", out);
    for (size_t i = 0; i < c->client_count; i++) {
        fputs(i ? "," : "", out);
        json_string(out, tk_hosts_host_at(hosts, c->clients[i])->client);
    }
    fputs("],\"first_seen\":", out);
    json_time(out, c->first_seen);
    fputs(",\"last_seen\":", out);
    json_time(out, c->last_seen);
    fprintf(out, ",\"label_length\":{\"min\":%u,\"max\":%u,\"mean\":%.2f},\"alphabet\":",
            c->min_len, c->max_len, c->mean_len);
    json_string(out, c->alphabet);
    fputs(",\"tlds\":", out);
    json_list(out, c->tlds);
    fputc('}', out);
}

void hunt_write_json(FILE *out, const struct hunt_report *r)
{
    size_t count, shown = 0;
    const struct tk_host **list = sorted_hosts(r->hosts, &count);
    if (list == NULL)
        return;
    fprintf(out, "{\"queries\":%" PRIu64 ",\"clients\":%zu,\"rcode\":%s,\"attributed\":%s,"
                 "\"threshold\":%.4f,\"hosts\":[",
            tk_hosts_queries(r->hosts), count, tk_hosts_saw_rcode(r->hosts) ? "true" : "false",
            r->attributed ? "true" : "false", r->threshold);
    for (size_t i = 0; i < count; i++) {
        if (!listed(r, list[i]))
            continue;
        fputs(shown++ ? "," : "", out);
        json_host(out, list[i]);
    }
    fputs("],\"clusters\":[", out);
    for (size_t k = 0; k < tk_hosts_cluster_count(r->hosts); k++) {
        fputs(k ? "," : "", out);
        json_cluster(out, r->hosts, k);
    }
    fputs("]}\n", out);
    free(list);
}

void hunt_write_infected(FILE *out, const struct hunt_report *r)
{
    size_t count;
    char buf[32];
    const struct tk_host **list = sorted_hosts(r->hosts, &count);
    if (list == NULL)
        return;
    fputs("time,client,family,tag\n", out);
    for (size_t i = 0; i < count && list[i]->verdict == TK_VERDICT_INFECTED; i++) {
        const struct tk_host *h = list[i];
        char family[64], tag[256] = "";
        if (h->family)
            snprintf(family, sizeof family, "%s", h->family);
        else if (h->cluster >= 0)
            snprintf(family, sizeof family, "unknown-cluster-%d", h->cluster + 1);
        else
            snprintf(family, sizeof family, "unknown-dga");
        if (h->seed)
            snprintf(tag, sizeof tag, "%s::%s", family, h->seed);
        fprintf(out, "%s,", iso_time(h->first_seen, buf));
        tk_csv_put_text(out, h->client);
        fputc(',', out);
        tk_csv_put_text(out, family);
        fputc(',', out);
        tk_csv_put_text(out, tag);
        fputc('\n', out);
    }
    free(list);
}
