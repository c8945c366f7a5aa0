/* test_p2p_graph.c - the peer graph and its measures on small graphs with hand-checked
 * answers: a star, a chain, two cliques joined by one bridge, and a NAT'd majority. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "takedown/p2p_analysis.h"
#include "takedown/p2p_graph.h"
#include "takedown/p2p_load.h"
#include "takedown/p2p_sim.h"

/* Builds a graph from observation lines. */
static void build(struct tk_p2p_graph *g, const char *const *lines, size_t count)
{
    struct tk_p2p_builder *b = tk_p2p_builder_new();
    struct tk_observation obs;
    struct tk_error err = {0};
    int skip;
    assert_non_null(b);
    for (size_t i = 0; i < count; i++) {
        assert_int_equal(tk_obs_parse_line(lines[i], strlen(lines[i]), &obs, &skip, &err), TK_OK);
        if (!skip)
            assert_int_equal(tk_p2p_builder_add(b, &obs, &err), TK_OK);
    }
    assert_int_equal(tk_p2p_builder_finish(b, g, &err), TK_OK);
}

static long node(const struct tk_p2p_graph *g, const char *text)
{
    struct tk_endpoint ep;
    assert_int_equal(tk_endpoint_parse(text, strlen(text), &ep), TK_OK);
    long v = tk_p2p_find(g, &ep);
    assert_true(v >= 0);
    return v;
}

static const struct tk_p2p_sim_options *sim_defaults(void)
{
    static struct tk_p2p_sim_options o;
    tk_p2p_sim_defaults(&o);
    return &o;
}

static void measure(const struct tk_p2p_graph *g, struct tk_p2p_measures *m)
{
    struct tk_p2p_analysis_options o;
    struct tk_error err = {0};
    tk_p2p_analysis_defaults(&o);
    assert_int_equal(tk_p2p_measure_all(g, &o, m, &err), TK_OK);
}

/* Five leaves each list the centre, which lists nobody. */
static const char *const star[] = {
    "100,192.0.2.1:1000,192.0.2.100:80", "100,192.0.2.2:1000,192.0.2.100:80",
    "100,192.0.2.3:1000,192.0.2.100:80", "100,192.0.2.4:1000,192.0.2.100:80",
    "200,192.0.2.5:1000,192.0.2.100:80", "300,192.0.2.5:1000,192.0.2.100:80"};

static void star_graph(void **state)
{
    struct tk_p2p_graph g;
    struct tk_p2p_measures m;
    (void)state;
    build(&g, star, 6);
    assert_int_equal(g.node_count, 6);
    assert_int_equal(g.edge_count, 5); /* the repeated listing makes no second edge */
    assert_int_equal(g.observations, 6);
    long c = node(&g, "192.0.2.100:80");
    assert_int_equal(tk_p2p_in_degree(&g, (size_t)c), 5);
    assert_int_equal(tk_p2p_out_degree(&g, (size_t)c), 0);
    assert_int_equal(g.nodes[c].listings, 6);
    assert_int_equal(g.nodes[c].first_seen, 100);
    assert_int_equal(g.nodes[c].last_seen, 300);
    assert_int_equal(g.nodes[c].reached, 0); /* listed only: never crawled itself */
    assert_int_equal(g.nodes[node(&g, "192.0.2.5:1000")].reached, 1);

    measure(&g, &m);
    /* By hand: leaves x = 0.15/6 + 0.85 y/6 (y dangles), 5x + y = 1, so y = 21/41. */
    assert_true(fabs(m.pagerank[c] - 21.0 / 41) < 1e-9);
    assert_true(fabs(m.pagerank[node(&g, "192.0.2.3:1000")] - 4.0 / 41) < 1e-9);
    /* The centre is on the path of each of the C(5,2) = 10 leaf pairs. */
    assert_true(fabs(m.betweenness[c] - 10) < 1e-9);
    assert_true(m.betweenness[node(&g, "192.0.2.1:1000")] == 0);
    /* threshold max(3, ceil(4 * 5/6)) = 4 */
    assert_int_equal(m.threshold, 4);
    assert_int_equal(m.super_count, 1);
    assert_int_equal(m.super[c], 1);

    size_t count, largest;
    struct tk_error err = {0};
    uint8_t removed[6] = {0};
    assert_int_equal(tk_p2p_components(&g, NULL, &count, &largest, &err), TK_OK);
    assert_int_equal(count, 1);
    assert_int_equal(largest, 6);
    removed[c] = 1;
    assert_int_equal(tk_p2p_components(&g, removed, &count, &largest, &err), TK_OK);
    assert_int_equal(count, 5);
    assert_int_equal(largest, 1);
    /* Removing the centre leaves five lone leaves: no P2P layer. */
    struct tk_p2p_strategy s;
    struct tk_p2p_sim_point p[2];
    size_t ks[2] = {0, 1};
    assert_int_equal(tk_p2p_strategy_parse("pagerank", &s, &err), TK_OK);
    assert_int_equal(tk_p2p_simulate(&g, &m, NULL, &s, ks, 2, sim_defaults(), p, &err), TK_OK);
    assert_int_equal(p[0].reaching, 6);
    assert_int_equal(p[1].reaching, 0);
    assert_int_equal(p[1].fallback, 5); /* each leaf's only peer is gone: the DGA */
    tk_p2p_measures_free(&m);
    tk_p2p_graph_free(&g);
}

/* 0 -> 1 -> 2 -> 3 -> 4 */
static const char *const chain[] = {
    "1,198.51.100.0:1,198.51.100.1:1", "1,198.51.100.1:1,198.51.100.2:1",
    "1,198.51.100.2:1,198.51.100.3:1", "1,198.51.100.3:1,198.51.100.4:1"};

static void chain_graph(void **state)
{
    struct tk_p2p_graph g;
    struct tk_p2p_measures m;
    struct tk_error err = {0};
    static const double between[5] = {0, 3, 4, 3, 0}; /* i * (4 - i) */
    char text[32];
    long v[5];
    (void)state;
    build(&g, chain, 4);
    measure(&g, &m);
    for (int i = 0; i < 5; i++) {
        snprintf(text, sizeof text, "198.51.100.%d:1", i);
        v[i] = node(&g, text);
        assert_true(fabs(m.betweenness[v[i]] - between[i]) < 1e-9);
    }
    for (int i = 1; i < 5; i++)
        assert_true(m.pagerank[v[i]] > m.pagerank[v[i - 1]]);
    assert_int_equal(m.super_count, 0); /* in-degree 1 everywhere, threshold 4 */

    /* Removing the top betweenness node (the middle) cuts the chain in two. */
    struct tk_p2p_strategy s;
    struct tk_p2p_sim_point p[2];
    size_t ks[2] = {0, 1};
    assert_int_equal(tk_p2p_strategy_parse("betweenness", &s, &err), TK_OK);
    assert_string_equal(s.name, "remove-betweenness");
    assert_int_equal(tk_p2p_simulate(&g, &m, NULL, &s, ks, 2, sim_defaults(), p, &err), TK_OK);
    assert_int_equal(p[0].components, 1);
    assert_int_equal(p[0].largest, 5);
    assert_int_equal(p[1].taken, 1);
    assert_int_equal(p[1].components, 2);
    assert_int_equal(p[1].largest, 2);
    assert_int_equal(p[1].alive, 4);
    tk_p2p_measures_free(&m);
    tk_p2p_graph_free(&g);
}

/* Two 4-cliques a1..a4 and b1..b4 (IPv6), joined by a1 listing b1. */
static void bridge_graph(void **state)
{
    const char *lines[25];
    char buf[25][96];
    size_t n = 0;
    struct tk_p2p_graph g;
    struct tk_p2p_measures m;
    struct tk_error err = {0};
    (void)state;
    for (char side = 'a'; side <= 'b'; side++)
        for (int i = 1; i <= 4; i++)
            for (int j = 1; j <= 4; j++)
                if (i != j) {
                    snprintf(buf[n], sizeof buf[n], "5,[2001:db8::%c%d]:7,[2001:db8::%c%d]:7,crawler",
                             side, i, side, j);
                    lines[n] = buf[n];
                    n++;
                }
    lines[n++] = "5,[2001:db8::a1]:7,[2001:db8::b1]:7";
    build(&g, lines, n);
    assert_int_equal(g.node_count, 8);
    assert_int_equal(g.edge_count, 25);
    measure(&g, &m);
    long a1 = node(&g, "[2001:db8::a1]:7"), b1 = node(&g, "[2001:db8::b1]:7");
    /* a1 carries the paths from a2..a4 to b1..b4: 3 * 4 = 12; b1 likewise. */
    assert_true(fabs(m.betweenness[a1] - 12) < 1e-9);
    assert_true(fabs(m.betweenness[b1] - 12) < 1e-9);
    assert_true(m.betweenness[node(&g, "[2001:db8::a3]:7")] == 0);

    struct tk_p2p_strategy s;
    struct tk_p2p_sim_point p[2];
    size_t ks[2] = {0, 1};
    assert_int_equal(tk_p2p_strategy_parse("remove-betweenness", &s, &err), TK_OK);
    assert_int_equal(tk_p2p_simulate(&g, &m, NULL, &s, ks, 2, sim_defaults(), p, &err), TK_OK);
    assert_int_equal(p[1].components, 2);
    assert_int_equal(p[1].largest, 4);
    tk_p2p_measures_free(&m);
    tk_p2p_graph_free(&g);
}

/* Three routable super-nodes list each other; twenty NAT'd bots, seen only by a sensor,
 * list all three and are listed by nobody. */
static void nat_majority(void **state)
{
    char buf[66][160];
    const char *lines[66];
    size_t n = 0;
    struct tk_p2p_graph g;
    struct tk_p2p_measures m;
    struct tk_error err = {0};
    (void)state;
    for (int r = 1; r <= 3; r++)
        for (int s = 1; s <= 3; s++)
            if (r != s) {
                snprintf(buf[n], sizeof buf[n], "10,203.0.113.%d:443,203.0.113.%d:443,crawler", r, s);
                lines[n] = buf[n];
                n++;
            }
    for (int b = 1; b <= 20; b++)
        for (int s = 1; s <= 3; s++) {
            snprintf(buf[n], sizeof buf[n],
                     "{\"time\":\"1970-01-01T00:00:20Z\",\"reporter\":\"192.0.2.%d:5000\","
                     "\"peer\":\"203.0.113.%d:443\",\"source\":\"sensor\"}", b, s);
            lines[n] = buf[n];
            n++;
        }
    build(&g, lines, n);
    assert_int_equal(g.node_count, 23);
    assert_int_equal(g.edge_count, 66);
    measure(&g, &m);
    /* threshold max(3, ceil(4 * 66/23)) = 12; the three are listed by 22 each */
    assert_int_equal(m.threshold, 12);
    assert_int_equal(m.super_count, 3);
    size_t reached = 0, listed = 0;
    for (size_t v = 0; v < g.node_count; v++) {
        reached += g.nodes[v].reached;
        listed += tk_p2p_in_degree(&g, v) > 0;
    }
    assert_int_equal(reached, 3);
    assert_int_equal(listed, 3);
    assert_int_equal(g.nodes[node(&g, "192.0.2.7:5000")].first_seen, 20);

    struct tk_p2p_strategy s;
    struct tk_p2p_sim_point p[3];
    size_t ks[3] = {0, 1, 3};
    assert_int_equal(tk_p2p_strategy_parse("sinkhole-in-degree", &s, &err), TK_OK);
    assert_int_equal(s.action, TK_ACTION_SINKHOLE);
    assert_int_equal(tk_p2p_simulate(&g, &m, NULL, &s, ks, 3, sim_defaults(), p, &err), TK_OK);
    assert_int_equal(p[0].reaching, 23);
    assert_int_equal(p[1].reaching, 22); /* two super-nodes left, everyone reaches them */
    assert_int_equal(p[1].touching, 22);
    assert_int_equal(p[2].reaching, 0);
    assert_int_equal(p[2].components, 20);
    assert_int_equal(p[2].largest, 1);
    assert_int_equal(p[2].touching, 20); /* every bot left lists a sinkhole */
    assert_int_equal(p[2].captured, 20); /* and nothing else */
    assert_int_equal(p[1].captured, 0);
    assert_int_equal(p[2].fallback, 0);
    tk_p2p_measures_free(&m);
    tk_p2p_graph_free(&g);
}

/* Sampled betweenness: unbiased within its own standard error on a larger graph, and equal
 * to the exact answer when every source is drawn. */
static void sampled_betweenness(void **state)
{
    struct tk_p2p_builder *b = tk_p2p_builder_new();
    struct tk_observation obs = {0};
    struct tk_p2p_graph g;
    struct tk_error err = {0};
    const size_t n = 300;
    (void)state;
    /* A ring with chords: node i lists i+1 and i*7 mod n. */
    for (size_t i = 0; i < n; i++) {
        for (int j = 0; j < 2; j++) {
            size_t t = j ? (i * 7) % n : (i + 1) % n;
            if (t == i)
                continue;
            obs.reporter = (struct tk_endpoint){{10, 0, (uint8_t)(i >> 8), (uint8_t)i}, 1, 4, 0};
            obs.peer = (struct tk_endpoint){{10, 0, (uint8_t)(t >> 8), (uint8_t)t}, 1, 4, 0};
            obs.has_peer = 1;
            assert_int_equal(tk_p2p_builder_add(b, &obs, &err), TK_OK);
        }
    }
    assert_int_equal(tk_p2p_builder_finish(b, &g, &err), TK_OK);
    double *exact = malloc(n * sizeof *exact), *est = malloc(n * sizeof *est);
    double *se = malloc(n * sizeof *se);
    assert_int_equal(tk_p2p_betweenness(&g, 0, 1, 1, exact, se, &err), TK_OK);
    assert_int_equal(tk_p2p_betweenness(&g, 100, 1, 2, est, se, &err), TK_OK);
    /* Per-source dependencies are heavy-tailed, so the error estimate itself is rough: ask
     * for nine in ten estimates within three standard errors, and totals within 5%. */
    size_t within = 0;
    double total_exact = 0, total_est = 0;
    for (size_t v = 0; v < n; v++) {
        assert_true(se[v] > 0);
        within += fabs(est[v] - exact[v]) <= 3 * se[v];
        total_exact += exact[v];
        total_est += est[v];
    }
    assert_true(within >= n * 9 / 10);
    assert_true(fabs(total_est - total_exact) < 0.05 * total_exact);
    assert_int_equal(tk_p2p_betweenness(&g, n, 9, 3, est, se, &err), TK_OK);
    for (size_t v = 0; v < n; v++)
        assert_true(fabs(est[v] - exact[v]) < 1e-6 && se[v] == 0);
    free(exact);
    free(est);
    free(se);
    tk_p2p_graph_free(&g);
}

/* The edge buffer compacts and grows many times over; degrees stay exact. */
static void many_repeated_edges(void **state)
{
    struct tk_p2p_builder *b = tk_p2p_builder_new();
    struct tk_observation obs = {0};
    struct tk_p2p_graph g;
    struct tk_error err = {0};
    (void)state;
    obs.has_peer = 1;
    for (int round = 0; round < 3; round++)
        for (uint32_t i = 0; i < 1500; i++)
            for (uint32_t j = 0; j < 1000; j += 1 + round) {
                obs.reporter = (struct tk_endpoint){{10, 1, (uint8_t)(i >> 8), (uint8_t)i}, 9, 4, 0};
                obs.peer = (struct tk_endpoint){{10, 2, (uint8_t)(j >> 8), (uint8_t)j}, 9, 4, 0};
                assert_int_equal(tk_p2p_builder_add(b, &obs, &err), TK_OK);
            }
    assert_int_equal(tk_p2p_builder_finish(b, &g, &err), TK_OK);
    assert_int_equal(g.node_count, 2500);
    assert_int_equal(g.edge_count, 1500000);
    for (size_t v = 0; v < g.node_count; v++) {
        uint64_t want = g.nodes[v].ep.addr[1] == 1 ? 1000 : 1500;
        assert_int_equal(tk_p2p_out_degree(&g, v) + tk_p2p_in_degree(&g, v), want);
        assert_int_equal(g.und_offsets[v + 1] - g.und_offsets[v], want);
    }
    tk_p2p_graph_free(&g);
}

/* The pipeline from a file: malformed rows skipped and counted (or an error when strict),
 * the phases done in order, the graph measured. */
struct load_log {
    char phases[64];
    uint64_t malformed;
};

static void log_malformed(void *ctx, uint64_t number, const char *message)
{
    struct load_log *l = ctx;
    assert_non_null(strstr(message, ":3:"));
    l->malformed = number;
}

static void log_phase(void *ctx, const char *phase)
{
    struct load_log *l = ctx;
    strcat(l->phases, phase);
    strcat(l->phases, " ");
}

static void load_pipeline(void **state)
{
    char path[] = "/tmp/test_p2p_load_XXXXXX";
    int fd = mkstemp(path);
    (void)state;
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("1493596800,10.0.0.1:1000,10.0.0.2:2000\n1493596801,10.0.0.1:1000,10.0.0.3:3000\n"
          "not a row\n1493596802,10.0.0.2:2000,10.0.0.3:3000\n", f);
    fclose(f);
    const char *files[] = {path};
    struct tk_p2p_analysis_options analysis;
    struct load_log log = {"", 0};
    struct tk_p2p_load_options o = {files, 1, 0, &analysis, NULL, log_malformed, NULL, NULL,
                                    log_phase, &log};
    struct tk_p2p_loaded l;
    struct tk_error err = {0};
    tk_p2p_analysis_defaults(&analysis);
    assert_int_equal(tk_p2p_load(&o, &l, &err), TK_OK);
    assert_string_equal(log.phases, "read build measure ");
    assert_int_equal(l.malformed, 1);
    assert_int_equal(log.malformed, 1);
    assert_int_equal(l.graph.observations, 3);
    assert_int_equal(l.graph.node_count, 3);
    assert_non_null(l.measures.pagerank);
    assert_null(l.places);
    tk_p2p_loaded_free(&l);
    o.strict = 1;
    assert_int_equal(tk_p2p_load(&o, &l, &err), TK_ERR_DATA);
    tk_p2p_loaded_free(&l);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(star_graph),          cmocka_unit_test(chain_graph),
        cmocka_unit_test(bridge_graph),        cmocka_unit_test(nat_majority),
        cmocka_unit_test(sampled_betweenness), cmocka_unit_test(many_repeated_edges),
        cmocka_unit_test(load_pipeline),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
