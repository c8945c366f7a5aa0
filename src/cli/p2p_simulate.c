/* p2p_simulate.c - `takedown p2p simulate`: takedown strategies tried on the observed peer
 * graph, compared in one table, with the curves as CSV and an SVG chart. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/p2p_common.h"
#include "cli/p2p_svg.h"
#include "cli/p2p_ui.h"
#include "takedown/atomic_file.h"
#include "takedown/p2p_sim.h"

#define MAX_STRATEGIES 32
#define DEFAULT_STRATEGIES "remove-pagerank,remove-in-degree,remove-betweenness,remove-random," \
                           "sinkhole-pagerank"

struct simulate_options {
    struct p2p_load_options load;
    const char *strategies;
    uint64_t steps, max_k;
    const char *svg, *csv;
    enum p2p_format format;
};

static void simulate_usage(FILE *f)
{
    fprintf(f,
"usage: takedown p2p simulate OBS... --strategy NAME[,NAME...] [--steps K] [--max-k K]\n"
"                             [--svg FILE] [--csv FILE] [--format table|csv|json] [OPTIONS]\n"
"\n"
"Takes nodes down step by step on the peer graph built from the observations and reports,\n"
"for each strategy and k: the largest connected component, the number of components, and\n"
"the share of bots that can still reach a super-node that was not taken.\n"
"\n"
"  --strategy LIST       comma-separated; each [remove-|sinkhole-]TARGET, TARGET one of\n"
"                        pagerank, in-degree, out-degree, listings, betweenness (top k),\n"
"                        random, country=CC, asn=N (top k of that place by PageRank)\n"
"                        (default " DEFAULT_STRATEGIES ")\n"
"  --steps K             points per curve after k = 0 (10)\n"
"  --max-k K             largest k (default: twice the super-nodes, at least 10)\n"
"  --svg FILE            chart of the curves\n"
"  --csv FILE            the curves as CSV\n"
"  --format F            table (default: one row per strategy), csv (the curves) or json\n"
"  --json                the same as --format json\n");
    p2p_load_usage(f);
}

static int parse_strategies(const char *list, struct tk_p2p_strategy *out, size_t *count)
{
    char *copy = strdup(list), *save = NULL;
    struct tk_error err = {0};
    int status = EXIT_OK;

    *count = 0;
    if (copy == NULL) {
        cli_error("p2p simulate: out of memory");
        return EXIT_FAILURE_OP;
    }
    for (char *name = strtok_r(copy, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
        if (*count == MAX_STRATEGIES) {
            cli_error("p2p simulate: at most %d strategies", MAX_STRATEGIES);
            status = EXIT_USAGE;
            break;
        }
        if (tk_p2p_strategy_parse(name, &out[*count], &err)) {
            status = cli_fail(&err);
            break;
        }
        (*count)++;
    }
    if (status == EXIT_OK && *count == 0) {
        cli_error("p2p simulate: --strategy names no strategy");
        status = EXIT_USAGE;
    }
    free(copy);
    return status;
}

static double pct(size_t part, size_t whole)
{
    return whole ? 100.0 * (double)part / (double)whole : 0;
}

/* The first k at which the share fell to half or less, or -1. */
static long k_at_half(const struct p2p_curve *c, size_t n, int reach)
{
    for (size_t i = 0; i < c->count; i++) {
        const struct tk_p2p_sim_point *p = &c->points[i];
        double s = reach ? pct(p->reaching, p->alive) : pct(p->largest, n);
        if (s <= 50)
            return (long)p->k;
    }
    return -1;
}

static void print_table(FILE *out, const struct p2p_loaded *l, const struct p2p_curve *curves,
                        size_t count)
{
    size_t n = l->graph.node_count;
    fprintf(out, "peer graph: %zu nodes, %llu edges, %zu super-nodes (listed by at least %llu "
                 "reporters)\n", n, (unsigned long long)l->graph.edge_count,
            l->measures.super_count, (unsigned long long)l->measures.threshold);
    fprintf(out, "%-26s %7s %8s %9s %10s %9s %9s %12s %12s\n", "strategy", "taken", "largest",
            "components", "reach", "sinkholed", "contact", "k@half-lcc", "k@half-reach");
    for (size_t c = 0; c < count; c++) {
        const struct tk_p2p_sim_point *last = &curves[c].points[curves[c].count - 1];
        long half_lcc = k_at_half(&curves[c], n, 0), half_reach = k_at_half(&curves[c], n, 1);
        char lcc_text[24], reach_text[24], contact[24];
        snprintf(lcc_text, sizeof lcc_text, half_lcc < 0 ? ">%zu" : "%ld",
                 half_lcc < 0 ? last->k : (size_t)half_lcc);
        snprintf(reach_text, sizeof reach_text, half_reach < 0 ? ">%zu" : "%ld",
                 half_reach < 0 ? last->k : (size_t)half_reach);
        if (curves[c].strategy->action == TK_ACTION_SINKHOLE)
            snprintf(contact, sizeof contact, "%.1f%%", pct(last->touching, last->alive));
        else
            snprintf(contact, sizeof contact, "-");
        fprintf(out, "%-26s %7zu %7.1f%% %9zu %9.1f%% %9s %9s %12s %12s\n",
                curves[c].strategy->name, last->taken, pct(last->largest, n), last->components,
                pct(last->reaching, last->alive),
                curves[c].strategy->action == TK_ACTION_SINKHOLE ? "yes" : "no", contact,
                lcc_text, reach_text);
    }
    fputs("\nlargest: largest connected component, % of all nodes; reach: bots left that can "
          "still reach a live super-node; contact: bots left that list a sinkhole; k@half: "
          "first k at which the share is 50% or less.\n", out);
}

static void print_csv(FILE *out, const struct p2p_curve *curves, size_t count, size_t n)
{
    fputs("strategy,action,k,taken,alive,largest,largest_share,components,reaching,"
          "reach_share,sinkhole_contacts,contact_share\n", out);
    for (size_t c = 0; c < count; c++) {
        for (size_t i = 0; i < curves[c].count; i++) {
            const struct tk_p2p_sim_point *p = &curves[c].points[i];
            fprintf(out, "%s,%s,%zu,%zu,%zu,%zu,%.6f,%zu,%zu,%.6f,%zu,%.6f\n",
                    curves[c].strategy->name,
                    curves[c].strategy->action == TK_ACTION_SINKHOLE ? "sinkhole" : "remove",
                    p->k, p->taken, p->alive, p->largest, pct(p->largest, n) / 100,
                    p->components, p->reaching, pct(p->reaching, p->alive) / 100, p->touching,
                    pct(p->touching, p->alive) / 100);
        }
    }
}

static void print_json(FILE *out, const struct p2p_loaded *l, const struct p2p_curve *curves,
                       size_t count)
{
    fprintf(out, "{\"nodes\":%zu,\"edges\":%llu,\"super_nodes\":%zu,\"threshold\":%llu,"
                 "\"strategies\":[", l->graph.node_count,
            (unsigned long long)l->graph.edge_count, l->measures.super_count,
            (unsigned long long)l->measures.threshold);
    for (size_t c = 0; c < count; c++) {
        fprintf(out, "%s\n{\"name\":\"%s\",\"action\":\"%s\",\"points\":[", c ? "," : "",
                curves[c].strategy->name,
                curves[c].strategy->action == TK_ACTION_SINKHOLE ? "sinkhole" : "remove");
        for (size_t i = 0; i < curves[c].count; i++) {
            const struct tk_p2p_sim_point *p = &curves[c].points[i];
            fprintf(out, "%s{\"k\":%zu,\"taken\":%zu,\"alive\":%zu,\"largest\":%zu,"
                         "\"components\":%zu,\"reaching\":%zu,\"sinkhole_contacts\":%zu}",
                    i ? "," : "", p->k, p->taken, p->alive, p->largest, p->components,
                    p->reaching, p->touching);
        }
        fputs("]}", out);
    }
    fputs("]}\n", out);
}

static int write_file(const char *path, const struct p2p_loaded *l, const struct p2p_curve *curves,
                      size_t count, int svg)
{
    struct tk_atomic_file file = {0};
    struct tk_error err = {0};
    if (tk_atomic_open(&file, path, &err))
        return cli_fail(&err);
    if (svg)
        p2p_svg_write(file.fp, curves, count, l->graph.node_count);
    else
        print_csv(file.fp, curves, count, l->graph.node_count);
    if (ferror(file.fp)) {
        tk_atomic_abort(&file);
        cli_error("p2p simulate: %s: write failed: %s", path, strerror(errno));
        return EXIT_FAILURE_OP;
    }
    return tk_atomic_commit(&file, &err) ? cli_fail(&err) : EXIT_OK;
}

/* k = 0 and `steps` more points up to max_k, without repeats. */
static size_t step_values(uint64_t steps, uint64_t max_k, size_t *ks)
{
    size_t count = 0;
    for (uint64_t i = 0; i <= steps; i++) {
        size_t k = (size_t)((max_k * i + steps / 2) / steps);
        if (count == 0 || ks[count - 1] != k)
            ks[count++] = k;
    }
    return count;
}

static int run(const struct simulate_options *o, FILE *out, const struct tk_p2p_strategy *strategies,
               size_t count)
{
    struct p2p_loaded l;
    struct p2p_curve curves[MAX_STRATEGIES];
    struct tk_p2p_sim_point *points = NULL;
    struct tk_error err = {0};
    size_t *ks = NULL, nk = 0;
    int status = p2p_load(&o->load, &l);

    if (status == EXIT_OK) {
        uint64_t max_k = o->max_k;
        if (max_k == 0)
            max_k = l.measures.super_count * 2 > 10 ? l.measures.super_count * 2 : 10;
        if (max_k > l.graph.node_count)
            max_k = l.graph.node_count;
        ks = malloc((o->steps + 1) * sizeof *ks);
        points = malloc((o->steps + 1) * count * sizeof *points);
        if (ks == NULL || points == NULL) {
            cli_error("p2p simulate: out of memory");
            status = EXIT_FAILURE_OP;
        } else {
            nk = step_values(o->steps, max_k, ks);
        }
    }
    for (size_t c = 0; c < count && status == EXIT_OK; c++) {
        curves[c] = (struct p2p_curve){&strategies[c], points + c * nk, nk};
        if (tk_p2p_simulate(&l.graph, &l.measures, l.places, &strategies[c], ks, nk,
                            o->load.analysis.seed, points + c * nk, &err))
            status = cli_fail(&err);
    }
    p2p_stats_phase(&o->load, "simulate");
    if (status == EXIT_OK && o->svg)
        status = write_file(o->svg, &l, curves, count, 1);
    if (status == EXIT_OK && o->csv)
        status = write_file(o->csv, &l, curves, count, 0);
    if (status == EXIT_OK) {
        if (o->format == P2P_FORMAT_TABLE)
            print_table(out, &l, curves, count);
        else if (o->format == P2P_FORMAT_CSV)
            print_csv(out, curves, count, l.graph.node_count);
        else
            print_json(out, &l, curves, count);
        if (fflush(out) || ferror(out)) {
            cli_error("p2p simulate: writing the output failed: %s", strerror(errno));
            status = EXIT_FAILURE_OP;
        }
    }
    free(ks);
    free(points);
    p2p_loaded_free(&l);
    return status;
}

int p2p_simulate(int argc, char **argv, FILE *out)
{
    struct simulate_options o = {.strategies = DEFAULT_STRATEGIES, .steps = 10};
    struct tk_p2p_strategy strategies[MAX_STRATEGIES];
    size_t count;
    int status, needs_betweenness = 0;

    p2p_load_defaults(&o.load);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int has = i + 1 < argc, shared;
        if (cli_is_help(a)) {
            simulate_usage(out);
            return EXIT_OK;
        } else if ((shared = p2p_load_option(&o.load, argc, argv, &i)) != 0) {
            if (shared < 0)
                return EXIT_USAGE;
        } else if (strcmp(a, "--strategy") == 0 && has) {
            o.strategies = argv[++i];
        } else if (strcmp(a, "--steps") == 0 && has) {
            if (p2p_parse_size("simulate", a, argv[++i], &o.steps))
                return EXIT_USAGE;
            if (o.steps < 1 || o.steps > 10000) {
                cli_error("p2p simulate: --steps must be between 1 and 10000");
                return EXIT_USAGE;
            }
        } else if (strcmp(a, "--max-k") == 0 && has) {
            if (p2p_parse_size("simulate", a, argv[++i], &o.max_k))
                return EXIT_USAGE;
        } else if (strcmp(a, "--svg") == 0 && has) {
            o.svg = argv[++i];
        } else if (strcmp(a, "--csv") == 0 && has) {
            o.csv = argv[++i];
        } else if ((shared = p2p_format_option(&o.format, argc, argv, &i)) != 0) {
            if (shared < 0)
                return EXIT_USAGE;
        } else {
            cli_error("p2p simulate: unexpected argument '%s' (see `takedown p2p simulate "
                      "--help`)", a);
            return EXIT_USAGE;
        }
    }
    if (p2p_load_check(&o.load, "simulate"))
        return EXIT_USAGE;
    if ((status = parse_strategies(o.strategies, strategies, &count)))
        return status;
    for (size_t c = 0; c < count; c++)
        needs_betweenness |= strategies[c].target == TK_TARGET_MEASURE
                             && strategies[c].measure == TK_MEASURE_BETWEENNESS;
    if (needs_betweenness && !o.load.analysis.betweenness) {
        cli_error("p2p simulate: a betweenness strategy needs betweenness (drop "
                  "--no-betweenness)");
        return EXIT_USAGE;
    }
    /* Betweenness costs the most; compute it only for a strategy that uses it. */
    o.load.analysis.betweenness = needs_betweenness;
    return run(&o, out, strategies, count);
}
