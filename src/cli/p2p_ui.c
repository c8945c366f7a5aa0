/* p2p_ui.c - shared output of the p2p commands (see p2p_ui.h). */
#include "cli/p2p_ui.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/json.h"

void p2p_betweenness_error(const struct tk_p2p_loaded *l, double *median, double *max,
                           size_t *counted)
{
    struct tk_error err;
    uint32_t *order;
    double rel[20];
    size_t k = 0;

    *median = *max = 0;
    *counted = 0;
    if (l->measures.betweenness == NULL
        || tk_p2p_rank(&l->graph, &l->measures, TK_MEASURE_BETWEENNESS, &order, &err))
        return;
    for (size_t i = 0; i < l->graph.node_count && k < 20; i++) {
        double b = l->measures.betweenness[order[i]];
        if (b > 0)
            rel[k++] = l->measures.betweenness_se[order[i]] / b;
    }
    free(order);
    for (size_t i = 1; i < k; i++) {
        for (size_t j = i; j > 0 && rel[j - 1] > rel[j]; j--) {
            double t = rel[j];
            rel[j] = rel[j - 1];
            rel[j - 1] = t;
        }
    }
    if (k) {
        *median = k % 2 ? rel[k / 2] : (rel[k / 2 - 1] + rel[k / 2]) / 2;
        *max = rel[k - 1];
    }
    *counted = k;
}

void p2p_print_betweenness_summary(FILE *out, const struct tk_p2p_loaded *l)
{
    const struct tk_p2p_measures *m = &l->measures;
    double median, max;
    size_t counted;

    if (m->betweenness == NULL) {
        fputs("betweenness: skipped\n", out);
        return;
    }
    if (m->betweenness_sources == l->graph.node_count) {
        fprintf(out, "betweenness: exact (all %zu sources)\n", m->betweenness_sources);
        return;
    }
    p2p_betweenness_error(l, &median, &max, &counted);
    fprintf(out, "betweenness: approximate, from %zu of %zu sources; relative standard error "
                 "of the top %zu estimates: median %.1f%%, max %.1f%%\n",
            m->betweenness_sources, l->graph.node_count, counted, median * 100, max * 100);
}

static void built_date(time_t t, char out[11])
{
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

void p2p_print_geo_sources(FILE *out, const struct tk_geo *geo)
{
    char date[11];
    if (tk_geo_db_count(geo) == 0) {
        fputs("geo: none (countries and ASNs unknown; see scripts/fetch-geo.sh)\n", out);
        return;
    }
    for (size_t i = 0; i < tk_geo_db_count(geo); i++) {
        const struct tk_geo_db_info *d = tk_geo_db(geo, i);
        built_date(d->built, date);
        fprintf(out, "geo: %s %s (%s, built %s; %s)\n", d->role, d->path, d->type, date,
                d->licence);
    }
}

void p2p_print_geo_json(FILE *out, const struct tk_geo *geo)
{
    char date[11];
    fputs("\"geo\":[", out);
    for (size_t i = 0; i < tk_geo_db_count(geo); i++) {
        const struct tk_geo_db_info *d = tk_geo_db(geo, i);
        built_date(d->built, date);
        fprintf(out, "%s{\"role\":\"%s\",\"path\":", i ? "," : "", d->role);
        json_string(out, d->path);
        fputs(",\"type\":", out);
        json_string(out, d->type);
        fprintf(out, ",\"built\":\"%s\",\"licence\":", date);
        json_string(out, d->licence);
        fputc('}', out);
    }
    fputc(']', out);
}

const char *p2p_country_text(const struct tk_p2p_loaded *l, size_t v)
{
    return l->places && l->places[v].country[0] ? l->places[v].country : "-";
}

const char *p2p_asn_text(const struct tk_p2p_loaded *l, size_t v, char buf[16])
{
    if (l->places == NULL || l->places[v].asn == 0)
        return "-";
    snprintf(buf, 16, "%u", l->places[v].asn);
    return buf;
}

static void as_org(const struct tk_p2p_loaded *l, uint32_t example, char *out, size_t size)
{
    struct tk_geo_result r;
    struct tk_error err;
    const struct tk_endpoint *ep = &l->graph.nodes[example].ep;
    out[0] = '\0';
    if (tk_geo_lookup(l->geo, ep->family, ep->addr, &r, &err) == TK_OK)
        snprintf(out, size, "%s", r.as_org);
}

void p2p_print_groups(FILE *out, const struct tk_p2p_loaded *l, size_t rows)
{
    struct tk_p2p_group *groups;
    struct tk_error err;
    size_t count;
    char org[128];

    if (tk_p2p_group(&l->graph, &l->measures, l->places, 0, &groups, &count, &err) == TK_OK) {
        fprintf(out, "\nsuper-nodes by country:\n%-7s %10s %12s %10s\n", "country", "nodes",
                "super-nodes", "reached");
        for (size_t i = 0; i < count; i++)
            fprintf(out, "%-7s %10zu %12zu %10zu\n", groups[i].country[0] ? groups[i].country : "-",
                    groups[i].nodes, groups[i].super_nodes, groups[i].reached);
        free(groups);
    }
    if (tk_p2p_group(&l->graph, &l->measures, l->places, 1, &groups, &count, &err) == TK_OK) {
        fprintf(out, "\nsuper-nodes by ASN (first %zu of %zu):\n%-10s %-7s %10s %12s  %s\n",
                rows < count ? rows : count, count, "asn", "country", "nodes", "super-nodes",
                "organisation");
        for (size_t i = 0; i < count && i < rows; i++) {
            as_org(l, groups[i].example, org, sizeof org);
            fprintf(out, "%-10u %-7s %10zu %12zu  %s\n", groups[i].asn,
                    p2p_country_text(l, groups[i].example), groups[i].nodes,
                    groups[i].super_nodes, org[0] ? org : "-");
        }
        free(groups);
    }
}

void p2p_print_groups_json(FILE *out, const struct tk_p2p_loaded *l)
{
    struct tk_p2p_group *groups;
    struct tk_error err;
    size_t count;
    char org[128];

    fputs("\"countries\":[", out);
    if (l->places
        && tk_p2p_group(&l->graph, &l->measures, l->places, 0, &groups, &count, &err) == TK_OK) {
        for (size_t i = 0; i < count; i++) {
            fprintf(out, "%s{\"country\":", i ? "," : "");
            json_string(out, groups[i].country[0] ? groups[i].country : NULL);
            fprintf(out, ",\"nodes\":%zu,\"super_nodes\":%zu,\"reached\":%zu}", groups[i].nodes,
                    groups[i].super_nodes, groups[i].reached);
        }
        free(groups);
    }
    fputs("],\n\"asns\":[", out);
    if (l->places
        && tk_p2p_group(&l->graph, &l->measures, l->places, 1, &groups, &count, &err) == TK_OK) {
        for (size_t i = 0; i < count; i++) {
            as_org(l, groups[i].example, org, sizeof org);
            fprintf(out, "%s{\"asn\":", i ? "," : "");
            if (groups[i].asn)
                fprintf(out, "%u", groups[i].asn);
            else
                fputs("null", out);
            fputs(",\"organisation\":", out);
            json_string(out, org[0] ? org : NULL);
            fprintf(out, ",\"nodes\":%zu,\"super_nodes\":%zu,\"reached\":%zu}", groups[i].nodes,
                    groups[i].super_nodes, groups[i].reached);
        }
        free(groups);
    }
    fputs("]\n", out);
}
