/* p2p_simulate.c - `takedown p2p simulate`: takedown strategies tried on the observed peer
 * graph, compared in one table, with the curves as CSV and an SVG chart. */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/json.h"
#include "cli/options.h"
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
    struct tk_p2p_sim_options sim;
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
"Takes nodes down step by step on the peer graph built from the observations, lets the\n"
"bots left re-replicate their peer lists, and reports for each strategy and k: the largest\n"
"connected component, the bots that still reach a super-node that was not taken, those\n"
"left to the DGA, and for sinkholing those that list a sinkhole or only sinkholes. It\n"
"names the strategy that halves the reach at the least k, and says why.\n"
"\n"
"  --strategy LIST       comma-separated; each [remove-|sinkhole-]TARGET, TARGET one of\n"
"                        pagerank, in-degree, out-degree, listings, betweenness (top k),\n"
"                        random, country=CC, asn=N (top k of that place by PageRank)\n"
"                        (default " DEFAULT_STRATEGIES ")\n"
"  --steps K             points per curve after k = 0, spaced on a log scale (12)\n"
"  --max-k K             largest k (default: the nodes someone lists, at least 10)\n"
"  --rounds R            peer-list exchange rounds after the takedown (24)\n"
"  --peer-list L         the least room in a bot's peer list (50, as Zeus)\n"
"  --reply R             entries in one peer-list reply (10, as Zeus)\n"
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

/* The first k at which the largest component fell to half the nodes or less, or -1. */
static long k_at_half_lcc(const struct p2p_curve *c, size_t n)
{
    for (size_t i = 0; i < c->count; i++)
        if (pct(c->points[i].largest, n) <= 50)
            return (long)c->points[i].k;
    return -1;
}

static void k_text(char *out, size_t size, size_t k, size_t last_k)
{
    if (k == SIZE_MAX)
        snprintf(out, size, ">%zu", last_k);
    else
        snprintf(out, size, "%zu", k);
}

/* The verdict in two lines (the second starts with "why: "), for the table and the JSON. */
static void verdict_text(char *out, size_t size, const struct p2p_curve *curves,
                         const struct tk_p2p_verdict *v, unsigned rounds)
{
    const struct p2p_curve *w = &curves[v->winner];
    size_t last_k = w->points[w->count - 1].k, used = 0;
    char runner[96] = "", random[128] = "", other[160] = "";

    if (v->runner_up >= 0 && v->runner_up_k != SIZE_MAX)
        snprintf(runner, sizeof runner, "; next: %s at k = %zu",
                 curves[v->runner_up].strategy->name, v->runner_up_k);
    else if (v->runner_up >= 0)
        snprintf(runner, sizeof runner, "; next: %s, not within k = %zu",
                 curves[v->runner_up].strategy->name, last_k);
    if (v->k == SIZE_MAX)
        used = (size_t)snprintf(out, size, "no strategy cuts half the bots off the P2P layer "
                                "within k = %zu; closest: %s%s.\n", last_k,
                                w->strategy->name, runner);
    else
        used = (size_t)snprintf(out, size, "%s wins: half the bots in the P2P layer are cut "
                                "off at k = %zu%s.\n", w->strategy->name, v->k, runner);
    if (used >= size)
        return;
    if (v->other_action >= 0 && v->k != SIZE_MAX) {
        const struct p2p_curve *o = &curves[v->other_action];
        const struct tk_p2p_sim_point *p = &o->points[0];
        for (size_t i = 0; i < o->count; i++)
            if (o->points[i].k == v->k)
                p = &o->points[i];
        snprintf(other, sizeof other, "; at the same k, %s still leaves %.1f%% of the bots "
                 "in the P2P layer", o->strategy->name, pct(p->reaching, p->alive));
    }
    if (v->routable == 0) {
        snprintf(out + used, size - used, "why: no node is listed by another, so there is no "
                 "P2P layer to cut.");
        return;
    }
    if (v->random_unlisted_share >= 0)
        snprintf(random, sizeof random, "; random removal hits such a bot %.0f%% of the time",
                 100 * v->random_unlisted_share);
    used += (size_t)snprintf(out + used, size - used, "why: its first %zu nodes are %.1f%% of "
                             "the %zu routable peers yet hold %.1f%% of all peer-list "
                             "entries; %.1f%% of the nodes are NAT'd bots no one lists%s%s",
                             v->taken_count, pct(v->taken_routable, v->routable), v->routable,
                             100 * v->entry_share, 100 * v->unlisted_share, random, other);
    if (used < size && w->strategy->action == TK_ACTION_SINKHOLE)
        used += (size_t)snprintf(out + used, size - used, "; after %u exchange rounds %.1f%% "
                                 "of the bots left list a sinkhole and %.1f%% list nothing "
                                 "else", rounds, 100 * v->contact_share,
                                 100 * v->captured_share);
    if (used < size)
        snprintf(out + used, size - used, ".");
}

static void print_table(FILE *out, const struct tk_p2p_loaded *l, const struct p2p_curve *curves,
                        size_t count, const char *why)
{
    size_t n = l->graph.node_count;
    fprintf(out, "peer graph: %zu nodes, %llu edges, %zu super-nodes (listed by at least %llu "
                 "reporters)\n", n, (unsigned long long)l->graph.edge_count,
            l->measures.super_count, (unsigned long long)l->measures.threshold);
    fprintf(out, "%-26s %7s %8s %9s %8s %8s %9s %8s %9s %12s %12s\n", "strategy", "taken",
            "largest", "components", "reach", "dga", "sinkholed", "contact", "captured",
            "k@half-lcc", "k@half-reach");
    for (size_t c = 0; c < count; c++) {
        const struct tk_p2p_sim_point *last = &curves[c].points[curves[c].count - 1];
        long half_lcc = k_at_half_lcc(&curves[c], n);
        int sinkhole = curves[c].strategy->action == TK_ACTION_SINKHOLE;
        char lcc_text[24], reach_text[24], contact[24] = "-", captured[24] = "-";
        k_text(lcc_text, sizeof lcc_text, half_lcc < 0 ? SIZE_MAX : (size_t)half_lcc, last->k);
        k_text(reach_text, sizeof reach_text, tk_p2p_k_at_half(curves[c].points,
                                                               curves[c].count), last->k);
        if (sinkhole) {
            snprintf(contact, sizeof contact, "%.1f%%", pct(last->touching, last->alive));
            snprintf(captured, sizeof captured, "%.1f%%", pct(last->captured, last->alive));
        }
        fprintf(out, "%-26s %7zu %7.1f%% %9zu %7.1f%% %7.1f%% %9s %8s %9s %12s %12s\n",
                curves[c].strategy->name, last->taken, pct(last->largest, n), last->components,
                pct(last->reaching, last->alive), pct(last->fallback, last->alive),
                sinkhole ? "yes" : "no", contact, captured, lcc_text, reach_text);
    }
    fputs("\nlargest: largest connected component, % of all nodes; after the peer lists "
          "re-replicate: reach: bots left in the largest connected part of the P2P layer; "
          "dga: bots left "
          "whose peer list emptied, left to the DGA; contact: bots left that list a sinkhole; "
          "captured: that list only sinkholes; k@half-lcc: first k at which the largest "
          "component is 50% of the nodes or less; k@half-reach: first k at which the bots "
          "reaching are half those at k = 0 or fewer.\n\n", out);
    fputs(why, out);
    fputc('\n', out);
}

static void print_csv(FILE *out, const struct p2p_curve *curves, size_t count, size_t n)
{
    fputs("strategy,action,k,taken,alive,largest,largest_share,components,reaching,"
          "reach_share,sinkhole_contacts,contact_share,dga_fallback,dga_share,captured,"
          "captured_share\n", out);
    for (size_t c = 0; c < count; c++) {
        for (size_t i = 0; i < curves[c].count; i++) {
            const struct tk_p2p_sim_point *p = &curves[c].points[i];
            fprintf(out, "%s,%s,%zu,%zu,%zu,%zu,%.6f,%zu,%zu,%.6f,%zu,%.6f,%zu,%.6f,%zu,%.6f\n",
                    curves[c].strategy->name,
                    curves[c].strategy->action == TK_ACTION_SINKHOLE ? "sinkhole" : "remove",
                    p->k, p->taken, p->alive, p->largest, pct(p->largest, n) / 100,
                    p->components, p->reaching, pct(p->reaching, p->alive) / 100, p->touching,
                    pct(p->touching, p->alive) / 100, p->fallback,
                    pct(p->fallback, p->alive) / 100, p->captured,
                    pct(p->captured, p->alive) / 100);
        }
    }
}

static void json_k(FILE *out, size_t k)
{
    if (k == SIZE_MAX)
        fputs("null", out);
    else
        fprintf(out, "%zu", k);
}

static void print_json(FILE *out, const struct tk_p2p_loaded *l, const struct p2p_curve *curves,
                       size_t count, const struct tk_p2p_verdict *v, const char *why)
{
    fprintf(out, "{\"nodes\":%zu,\"edges\":%llu,\"super_nodes\":%zu,\"threshold\":%llu,"
                 "\"strategies\":[", l->graph.node_count,
            (unsigned long long)l->graph.edge_count, l->measures.super_count,
            (unsigned long long)l->measures.threshold);
    for (size_t c = 0; c < count; c++) {
        fprintf(out, "%s\n{\"name\":\"%s\",\"action\":\"%s\",\"k_half_reach\":", c ? "," : "",
                curves[c].strategy->name,
                curves[c].strategy->action == TK_ACTION_SINKHOLE ? "sinkhole" : "remove");
        json_k(out, tk_p2p_k_at_half(curves[c].points, curves[c].count));
        fputs(",\"points\":[", out);
        for (size_t i = 0; i < curves[c].count; i++) {
            const struct tk_p2p_sim_point *p = &curves[c].points[i];
            fprintf(out, "%s{\"k\":%zu,\"taken\":%zu,\"alive\":%zu,\"largest\":%zu,"
                         "\"components\":%zu,\"reaching\":%zu,\"sinkhole_contacts\":%zu,"
                         "\"dga_fallback\":%zu,\"captured\":%zu}",
                    i ? "," : "", p->k, p->taken, p->alive, p->largest, p->components,
                    p->reaching, p->touching, p->fallback, p->captured);
        }
        fputs("]}", out);
    }
    fputs("],\n\"verdict\":{\"winner\":", out);
    json_string(out, curves[v->winner].strategy->name);
    fputs(",\"k\":", out);
    json_k(out, v->k);
    fputs(",\"runner_up\":", out);
    json_string(out, v->runner_up >= 0 ? curves[v->runner_up].strategy->name : NULL);
    fputs(",\"runner_up_k\":", out);
    json_k(out, v->runner_up_k);
    fprintf(out, ",\"routable\":%zu,\"taken\":%zu,\"taken_routable\":%zu,"
                 "\"entry_share\":%.6f,\"unlisted_share\":%.6f,\"random_unlisted_share\":",
            v->routable, v->taken_count, v->taken_routable, v->entry_share, v->unlisted_share);
    if (v->random_unlisted_share >= 0)
        fprintf(out, "%.6f", v->random_unlisted_share);
    else
        fputs("null", out);
    fputs(",\"other_action\":", out);
    json_string(out, v->other_action >= 0 ? curves[v->other_action].strategy->name : NULL);
    fputs(",\"other_action_k\":", out);
    json_k(out, v->other_action_k);
    fputs(",\"why\":", out);
    json_string(out, why);
    fputs("}}\n", out);
}

static int write_file(const char *path, const struct tk_p2p_loaded *l,
                      const struct p2p_curve *curves, size_t count, int svg)
{
    struct tk_atomic_file file = {0};
    struct tk_error err = {0};
    if (tk_atomic_open(&file, path, &err))
        return cli_fail(&err);
    int failed = 0;
    if (svg)
        failed = p2p_svg_write(file.fp, curves, count, l->graph.node_count);
    else
        print_csv(file.fp, curves, count, l->graph.node_count);
    if (failed || ferror(file.fp)) {
        tk_atomic_abort(&file);
        cli_error("p2p simulate: %s: write failed: %s", path, strerror(errno));
        return EXIT_FAILURE_OP;
    }
    return tk_atomic_commit(&file, &err) ? cli_fail(&err) : EXIT_OK;
}

/* k = 0 and `steps` more points up to max_k, spaced evenly on a log scale (each k about
 * the same factor above the one before), without repeats. */
static size_t step_values(uint64_t steps, uint64_t max_k, size_t *ks)
{
    size_t count = 0;
    ks[count++] = 0;
    for (uint64_t i = 1; i <= steps; i++) {
        size_t k = (size_t)llround(pow((double)max_k, (double)i / (double)steps));
        if (i == steps)
            k = (size_t)max_k;
        if (k > ks[count - 1])
            ks[count++] = k;
    }
    return count;
}

/* The nodes someone lists: routable peers, the only ones whose loss cuts others off. */
static size_t routable_nodes(const struct tk_p2p_graph *g)
{
    size_t listed = 0;
    for (size_t v = 0; v < g->node_count; v++)
        listed += tk_p2p_in_degree(g, v) > 0;
    return listed;
}

static int run(const struct simulate_options *o, FILE *out,
               const struct tk_p2p_strategy *strategies, size_t count)
{
    struct tk_p2p_loaded l;
    struct p2p_curve curves[MAX_STRATEGIES];
    const struct tk_p2p_sim_point *curve_points[MAX_STRATEGIES];
    struct tk_p2p_verdict verdict;
    char why[1024];
    struct tk_p2p_sim_point *points = NULL;
    struct tk_error err = {0};
    size_t *ks = NULL, nk = 0;
    int status = p2p_load(&o->load, &l);

    if (status == EXIT_OK) {
        uint64_t max_k = o->max_k;
        if (max_k == 0)
            max_k = routable_nodes(&l.graph) > 10 ? routable_nodes(&l.graph) : 10;
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
        curve_points[c] = points + c * nk;
        if (tk_p2p_simulate(&l.graph, &l.measures, l.places, &strategies[c], ks, nk, &o->sim,
                            points + c * nk, &err))
            status = cli_fail(&err);
    }
    if (status == EXIT_OK) {
        if (tk_p2p_verdict(&l.graph, &l.measures, l.places, strategies, curve_points, nk,
                           count, o->sim.seed, &verdict, &err))
            status = cli_fail(&err);
        else
            verdict_text(why, sizeof why, curves, &verdict, o->sim.rounds);
    }
    p2p_stats_phase(&o->load, "simulate");
    if (status == EXIT_OK && o->svg)
        status = write_file(o->svg, &l, curves, count, 1);
    if (status == EXIT_OK && o->csv)
        status = write_file(o->csv, &l, curves, count, 0);
    if (status == EXIT_OK) {
        if (o->format == P2P_FORMAT_TABLE)
            print_table(out, &l, curves, count, why);
        else if (o->format == P2P_FORMAT_CSV)
            print_csv(out, curves, count, l.graph.node_count);
        else
            print_json(out, &l, curves, count, &verdict, why);
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

/* --rounds (0-1000), --peer-list (1-10000) or --reply (1-256) into sim. */
static int sim_count_option(struct tk_p2p_sim_options *sim, const char *option,
                            const char *text)
{
    struct { const char *name; unsigned *slot; unsigned low, high; } counts[] = {
        {"--rounds", &sim->rounds, 0, 1000},
        {"--peer-list", &sim->peer_list, 1, 10000},
        {"--reply", &sim->reply, 1, 256},
    };
    uint64_t v;
    if (p2p_parse_size("simulate", option, text, &v))
        return -1;
    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) {
        if (strcmp(option, counts[i].name) != 0)
            continue;
        if (v < counts[i].low || v > counts[i].high) {
            cli_error("p2p simulate: %s must be between %u and %u", option, counts[i].low,
                      counts[i].high);
            return -1;
        }
        *counts[i].slot = (unsigned)v;
    }
    return 0;
}

int p2p_simulate(int argc, char **argv, FILE *out)
{
    struct simulate_options o = {.strategies = DEFAULT_STRATEGIES, .steps = 12};
    struct tk_p2p_strategy strategies[MAX_STRATEGIES];
    size_t count;
    int status, needs_betweenness = 0;

    const struct cli_opt table[] = {
        {.name = "--strategy", .type = CLI_OPT_TEXT, .value = &o.strategies},
        {.name = "--steps", .type = CLI_OPT_U64, .value = &o.steps, .min = 1, .max = 10000},
        {.name = "--max-k", .type = CLI_OPT_U64, .value = &o.max_k},
        {.name = "--svg", .type = CLI_OPT_TEXT, .value = &o.svg},
        {.name = "--csv", .type = CLI_OPT_TEXT, .value = &o.csv},
    };
    p2p_load_defaults(&o.load);
    tk_p2p_sim_defaults(&o.sim);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int taken;
        if (cli_is_help(a)) {
            simulate_usage(out);
            return EXIT_OK;
        }
        if ((taken = p2p_load_option(&o.load, argc, argv, &i)) == 0
            && (taken = p2p_format_option(&o.format, argc, argv, &i)) == 0)
            taken = cli_opt_parse(table, sizeof table / sizeof *table, "p2p simulate", argc,
                                  argv, &i);
        if (taken == 0 && i + 1 < argc
            && (strcmp(a, "--rounds") == 0 || strcmp(a, "--peer-list") == 0
                || strcmp(a, "--reply") == 0))
            taken = sim_count_option(&o.sim, a, argv[++i]) ? -1 : 1;
        if (taken < 0)
            return EXIT_USAGE;
        if (taken == 0) {
            cli_error("p2p simulate: unexpected argument '%s' (see `takedown p2p simulate "
                      "--help`)", a);
            return EXIT_USAGE;
        }
    }
    if (p2p_load_check(&o.load, "simulate"))
        return EXIT_USAGE;
    o.sim.seed = o.load.analysis.seed;
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
