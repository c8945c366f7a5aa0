/* p2p_analyze.c - `takedown p2p analyze`: the peer graph seen by crawlers and sensors, its
 * super-nodes ranked with their reasons, and super-nodes per country and per ASN. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/json.h"
#include "cli/options.h"
#include "cli/p2p_common.h"
#include "cli/p2p_ui.h"
#include "takedown/atomic_file.h"


struct analyze_options {
    struct p2p_load_options load;
    uint64_t top;
    enum p2p_format format;
    enum tk_p2p_measure rank_by;
    const char *edges_out;
};

static void analyze_usage(FILE *f)
{
    fprintf(f,
"usage: takedown p2p analyze OBS... [--top K] [--format table|csv|json] [--rank-by MEASURE]\n"
"                            [--edges-out FILE] [OPTIONS]\n"
"\n"
"Builds the peer graph from observation files (CSV or JSON lines of time, reporter, peer,\n"
"source; plain or gzip; '-' for standard input; see docs/p2p.md), measures every node and\n"
"ranks the super-nodes with the reasons. Malformed rows are counted and shown with their\n"
"file and line; the rest is analysed.\n"
"\n"
"  --top K               rows of the ranking (20; 0 for every node)\n"
"  --format F            table (default), csv (the ranking, one row per node) or json\n"
"  --json                the same as --format json\n"
"  --rank-by MEASURE     pagerank (default), in-degree, out-degree, listings, betweenness\n"
"  --edges-out FILE      also write the distinct edges as reporter,peer lines\n");
    p2p_load_usage(f);
}

/* Where each node stands by betweenness (1 = highest), or NULL when it was skipped. */
static uint32_t *betweenness_positions(const struct tk_p2p_loaded *l)
{
    struct tk_error err;
    uint32_t *order, *pos;
    size_t n = l->graph.node_count;
    if (l->measures.betweenness == NULL
        || tk_p2p_rank(&l->graph, &l->measures, TK_MEASURE_BETWEENNESS, &order, &err))
        return NULL;
    pos = malloc((n ? n : 1) * sizeof *pos);
    for (size_t i = 0; pos && i < n; i++)
        pos[order[i]] = (uint32_t)i + 1;
    free(order);
    return pos;
}

static void reasons(const struct tk_p2p_loaded *l, size_t v, const uint32_t *bpos, char *buf,
                    size_t size)
{
    const struct tk_p2p_graph *g = &l->graph;
    const struct tk_p2p_measures *m = &l->measures;
    size_t n = g->node_count, used;
    uint64_t in = tk_p2p_in_degree(g, v);

    const char *noun = in == 1 ? "reporter" : "reporters";
    if (m->super[v])
        used = (size_t)snprintf(buf, size, "listed by %llu %s (threshold %llu)",
                                (unsigned long long)in, noun, (unsigned long long)m->threshold);
    else
        used = (size_t)snprintf(buf, size, "listed by %llu %s, below the threshold of %llu",
                                (unsigned long long)in, noun, (unsigned long long)m->threshold);
    if (used < size)
        used += (size_t)snprintf(buf + used, size - used, "; PageRank %.1fx average",
                                 m->pagerank[v] * (double)n);
    if (bpos && used < size)
        used += (size_t)snprintf(buf + used, size - used, "; betweenness #%u", bpos[v]);
    if (used < size)
        snprintf(buf + used, size - used, "; %s",
                 g->nodes[v].reached ? "reached directly" : "never reached directly");
}

static void graph_span(const struct tk_p2p_graph *g, int64_t *first, int64_t *last,
                       size_t *reached, size_t *listed)
{
    *first = *last = 0;
    *reached = *listed = 0;
    for (size_t v = 0; v < g->node_count; v++) {
        const struct tk_p2p_node *nd = &g->nodes[v];
        if (v == 0 || nd->first_seen < *first)
            *first = nd->first_seen;
        if (v == 0 || nd->last_seen > *last)
            *last = nd->last_seen;
        *reached += nd->reached;
        *listed += tk_p2p_in_degree(g, v) > 0;
    }
}

static void print_table(FILE *out, const struct analyze_options *o, const struct tk_p2p_loaded *l,
                        const uint32_t *order, const uint32_t *bpos)
{
    const struct tk_p2p_graph *g = &l->graph;
    const struct tk_p2p_measures *m = &l->measures;
    size_t n = g->node_count, top = o->top && o->top < n ? (size_t)o->top : n, reached, listed;
    int64_t first, last;
    char t1[32], t2[32], ep[TK_ENDPOINT_TEXT_MAX], why[512], asn[16];

    graph_span(g, &first, &last, &reached, &listed);
    tk_obs_format_time(first, t1);
    tk_obs_format_time(last, t2);
    fprintf(out, "peer graph: %zu nodes, %llu edges from %llu observations (%llu malformed "
                 "rows skipped, %llu self-listings)\n",
            n, (unsigned long long)g->edge_count, (unsigned long long)g->observations,
            (unsigned long long)l->malformed, (unsigned long long)g->self_listings);
    if (n)
        fprintf(out, "  reached directly %zu, listed by a peer %zu, never listed %zu (NAT'd or "
                     "unseen); seen %s .. %s\n", reached, listed, n - listed, t1, t2);
    fprintf(out, "PageRank: damping %.2f, %u iterations\n", o->load.analysis.damping,
            m->pagerank_iterations);
    p2p_print_betweenness_summary(out, l);
    fprintf(out, "super-nodes: %zu, listed by at least %llu distinct reporters (max(%u, "
                 "ceil(%g x mean in-degree %.2f)))\n", m->super_count,
            (unsigned long long)m->threshold, o->load.analysis.min_reporters,
            o->load.analysis.factor, n ? (double)g->edge_count / (double)n : 0.0);
    p2p_print_geo_sources(out, l->geo);
    fprintf(out, "\nranked by %s:\n", tk_p2p_measure_name(o->rank_by));
    fprintf(out, "%5s  %-26s %-2s %7s %8s %6s %9s %10s %12s %5s  %s\n", "rank", "endpoint", "cc",
            "asn", "in", "out", "listings", "pagerank", "betweenness", "super", "reasons");
    for (size_t i = 0; i < top; i++) {
        uint32_t v = order[i];
        tk_endpoint_format(&g->nodes[v].ep, ep, sizeof ep);
        reasons(l, v, bpos, why, sizeof why);
        fprintf(out, "%5zu  %-26s %-2s %7s %8llu %6llu %9llu %10.6f %12.1f %5s  %s\n", i + 1,
                ep, p2p_country_text(l, v), p2p_asn_text(l, v, asn),
                (unsigned long long)tk_p2p_in_degree(g, v),
                (unsigned long long)tk_p2p_out_degree(g, v),
                (unsigned long long)g->nodes[v].listings, m->pagerank[v],
                m->betweenness ? m->betweenness[v] : 0.0, m->super[v] ? "yes" : "no", why);
    }
    if (l->places)
        p2p_print_groups(out, l, top);
}

/* What a ranked row shows of node v as text: its endpoint, first and last seen, reasons. */
struct row_text {
    char ep[TK_ENDPOINT_TEXT_MAX], first[32], last[32], why[512];
};

static void row_text(const struct tk_p2p_loaded *l, uint32_t v, const uint32_t *bpos,
                     struct row_text *t)
{
    const struct tk_p2p_node *nd = &l->graph.nodes[v];
    tk_endpoint_format(&nd->ep, t->ep, sizeof t->ep);
    tk_obs_format_time(nd->first_seen, t->first);
    tk_obs_format_time(nd->last_seen, t->last);
    reasons(l, v, bpos, t->why, sizeof t->why);
}

static void print_csv(FILE *out, const struct analyze_options *o, const struct tk_p2p_loaded *l,
                      const uint32_t *order, const uint32_t *bpos)
{
    const struct tk_p2p_graph *g = &l->graph;
    const struct tk_p2p_measures *m = &l->measures;
    size_t n = g->node_count, top = o->top && o->top < n ? (size_t)o->top : n;
    char asn[16];
    struct row_text t;

    fputs("rank,endpoint,country,asn,in_degree,out_degree,listings,reports,first_seen,"
          "last_seen,reached,pagerank,betweenness,betweenness_se,super,reasons\n", out);
    for (size_t i = 0; i < top; i++) {
        uint32_t v = order[i];
        const struct tk_p2p_node *nd = &g->nodes[v];
        row_text(l, v, bpos, &t);
        fprintf(out, "%zu,%s,%s,%s,%llu,%llu,%llu,%llu,%s,%s,%d,%.12g,%.12g,%.12g,%d,\"%s\"\n",
                i + 1, t.ep, l->places ? l->places[v].country : "",
                l->places && l->places[v].asn ? p2p_asn_text(l, v, asn) : "",
                (unsigned long long)tk_p2p_in_degree(g, v),
                (unsigned long long)tk_p2p_out_degree(g, v), (unsigned long long)nd->listings,
                (unsigned long long)nd->reports, t.first, t.last, nd->reached, m->pagerank[v],
                m->betweenness ? m->betweenness[v] : 0.0,
                m->betweenness ? m->betweenness_se[v] : 0.0, m->super[v], t.why);
    }
}

static void print_json(FILE *out, const struct analyze_options *o, const struct tk_p2p_loaded *l,
                       const uint32_t *order, const uint32_t *bpos)
{
    const struct tk_p2p_graph *g = &l->graph;
    const struct tk_p2p_measures *m = &l->measures;
    size_t n = g->node_count, top = o->top && o->top < n ? (size_t)o->top : n, reached, listed;
    size_t counted;
    int64_t first, last;
    double median, max;
    char t1[32], t2[32];

    graph_span(g, &first, &last, &reached, &listed);
    tk_obs_format_time(first, t1);
    tk_obs_format_time(last, t2);
    fprintf(out, "{\"graph\":{\"nodes\":%zu,\"edges\":%llu,\"observations\":%llu,"
                 "\"malformed\":%llu,\"self_listings\":%llu,\"reached\":%zu,\"listed\":%zu,"
                 "\"first_seen\":",
            n, (unsigned long long)g->edge_count, (unsigned long long)g->observations,
            (unsigned long long)l->malformed, (unsigned long long)g->self_listings, reached,
            listed);
    json_string(out, n ? t1 : NULL);
    fputs(",\"last_seen\":", out);
    json_string(out, n ? t2 : NULL);
    fputs("},\n", out);
    fprintf(out, "\"pagerank\":{\"damping\":%g,\"iterations\":%u},\n", o->load.analysis.damping,
            m->pagerank_iterations);
    p2p_betweenness_error(l, &median, &max, &counted);
    if (m->betweenness)
        fprintf(out, "\"betweenness\":{\"exact\":%s,\"sources\":%zu,\"top_estimates\":%zu,"
                     "\"median_relative_se\":%.6g,\"max_relative_se\":%.6g},\n",
                m->betweenness_sources == n ? "true" : "false", m->betweenness_sources, counted,
                median, max);
    else
        fputs("\"betweenness\":null,\n", out);
    fprintf(out, "\"super_nodes\":{\"count\":%zu,\"threshold\":%llu,\"min_reporters\":%u,"
                 "\"factor\":%g},\n", m->super_count, (unsigned long long)m->threshold,
            o->load.analysis.min_reporters, o->load.analysis.factor);
    p2p_print_geo_json(out, l->geo);
    fprintf(out, ",\n\"ranked_by\":\"%s\",\n\"ranking\":[", tk_p2p_measure_name(o->rank_by));
    for (size_t i = 0; i < top; i++) {
        uint32_t v = order[i];
        const struct tk_p2p_node *nd = &g->nodes[v];
        struct row_text t;
        row_text(l, v, bpos, &t);
        fprintf(out, "%s\n{\"rank\":%zu,\"endpoint\":\"%s\",\"country\":", i ? "," : "", i + 1,
                t.ep);
        json_string(out, l->places && l->places[v].country[0] ? l->places[v].country : NULL);
        fputs(",\"asn\":", out);
        if (l->places && l->places[v].asn)
            fprintf(out, "%u", l->places[v].asn);
        else
            fputs("null", out);
        fprintf(out, ",\"in_degree\":%llu,\"out_degree\":%llu,\"listings\":%llu,\"reports\":%llu,"
                     "\"first_seen\":\"%s\",\"last_seen\":\"%s\",\"reached\":%s,"
                     "\"pagerank\":%.12g,",
                (unsigned long long)tk_p2p_in_degree(g, v),
                (unsigned long long)tk_p2p_out_degree(g, v), (unsigned long long)nd->listings,
                (unsigned long long)nd->reports, t.first, t.last, nd->reached ? "true" : "false",
                m->pagerank[v]);
        if (m->betweenness)
            fprintf(out, "\"betweenness\":%.12g,\"betweenness_se\":%.12g,", m->betweenness[v],
                    m->betweenness_se[v]);
        else
            fputs("\"betweenness\":null,\"betweenness_se\":null,", out);
        fprintf(out, "\"super\":%s,\"reasons\":", m->super[v] ? "true" : "false");
        json_string(out, t.why);
        fputc('}', out);
    }
    fputs("],\n", out);
    p2p_print_groups_json(out, l);
    fputs("}\n", out);
}

static int write_edges(const char *path, const struct tk_p2p_graph *g)
{
    struct tk_atomic_file file = {0};
    struct tk_error err = {0};
    char a[TK_ENDPOINT_TEXT_MAX], b[TK_ENDPOINT_TEXT_MAX];

    if (tk_atomic_open(&file, path, &err))
        return cli_fail(&err);
    fputs("reporter,peer\n", file.fp);
    for (size_t v = 0; v < g->node_count; v++) {
        tk_endpoint_format(&g->nodes[v].ep, a, sizeof a);
        for (uint64_t e = g->out_offsets[v]; e < g->out_offsets[v + 1]; e++) {
            tk_endpoint_format(&g->nodes[g->out_targets[e]].ep, b, sizeof b);
            fprintf(file.fp, "%s,%s\n", a, b);
        }
    }
    if (ferror(file.fp)) {
        tk_atomic_abort(&file);
        cli_error("p2p analyze: %s: write failed: %s", path, strerror(errno));
        return EXIT_FAILURE_OP;
    }
    return tk_atomic_commit(&file, &err) ? cli_fail(&err) : EXIT_OK;
}

int p2p_analyze(int argc, char **argv, FILE *out)
{
    struct analyze_options o = {.top = 20, .format = P2P_FORMAT_TABLE};
    struct tk_p2p_loaded l;
    struct tk_error err = {0};
    uint32_t *order = NULL, *bpos;
    const char *rank_by = NULL;
    int status;

    const struct cli_opt table[] = {
        {.name = "--top", .type = CLI_OPT_U64, .value = &o.top},
        {.name = "--edges-out", .type = CLI_OPT_TEXT, .value = &o.edges_out},
        {.name = "--rank-by", .type = CLI_OPT_TEXT, .value = &rank_by},
    };
    p2p_load_defaults(&o.load);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int taken;
        if (cli_is_help(a)) {
            analyze_usage(out);
            return EXIT_OK;
        }
        if ((taken = p2p_load_option(&o.load, argc, argv, &i)) == 0
            && (taken = p2p_format_option(&o.format, argc, argv, &i)) == 0)
            taken = cli_opt_parse(table, sizeof table / sizeof *table, "p2p analyze", argc, argv,
                                  &i);
        if (taken < 0)
            return EXIT_USAGE;
        if (taken == 0) {
            cli_error("p2p analyze: unexpected argument '%s' (see `takedown p2p analyze --help`)",
                      a);
            return EXIT_USAGE;
        }
    }
    if (rank_by && tk_p2p_measure_parse(rank_by, &o.rank_by, &err))
        return cli_fail(&err);
    if (p2p_load_check(&o.load, "analyze"))
        return EXIT_USAGE;
    if (o.rank_by == TK_MEASURE_BETWEENNESS && !o.load.analysis.betweenness) {
        cli_error("p2p analyze: --rank-by betweenness needs betweenness (drop --no-betweenness)");
        return EXIT_USAGE;
    }
    if ((status = p2p_load(&o.load, &l)) == EXIT_OK) {
        if (tk_p2p_rank(&l.graph, &l.measures, o.rank_by, &order, &err))
            status = cli_fail(&err);
    }
    if (status == EXIT_OK && o.edges_out)
        status = write_edges(o.edges_out, &l.graph);
    if (status == EXIT_OK) {
        bpos = betweenness_positions(&l);
        if (o.format == P2P_FORMAT_TABLE)
            print_table(out, &o, &l, order, bpos);
        else if (o.format == P2P_FORMAT_CSV)
            print_csv(out, &o, &l, order, bpos);
        else
            print_json(out, &o, &l, order, bpos);
        free(bpos);
        if (fflush(out) || ferror(out)) {
            cli_error("p2p analyze: writing the output failed: %s", strerror(errno));
            status = EXIT_FAILURE_OP;
        }
        p2p_stats_phase(&o.load, "output");
    }
    free(order);
    p2p_loaded_free(&l);
    return status;
}
