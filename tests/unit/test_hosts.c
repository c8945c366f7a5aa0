/* test_hosts.c - the host hunt library: per-client aggregation (what counts as a candidate,
 * keyed by registrable domain), clusters of clients sharing never-resolving names, the time
 * pattern of new names, and the verdicts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "takedown/domain.h"
#include "takedown/hosts.h"

static void add(struct tk_hosts *h, const char *client, const char *name, int64_t time, int rcode)
{
    struct tk_log_record rec = {name, strlen(name), client, strlen(client), time, 1, rcode};
    assert_int_equal(tk_hosts_add(h, &rec), TK_OK);
}

static const struct tk_host *host(const struct tk_hosts *h, const char *client)
{
    for (size_t i = 0; i < tk_hosts_host_count(h); i++)
        if (strcmp(tk_hosts_host_at(h, i)->client, client) == 0)
            return tk_hosts_host_at(h, i);
    fail_msg("no host %s", client);
    return NULL;
}

static struct tk_hosts *new_hunt(const struct tk_detector *detector)
{
    struct tk_hosts_options o;
    tk_hosts_options_default(&o);
    o.detector = detector;
    o.threshold = detector ? tk_detector_threshold(detector) : 0;
    struct tk_hosts *h = tk_hosts_new(&o);
    assert_non_null(h);
    return h;
}

static void aggregation(void **state)
{
    (void)state;
    struct tk_hosts *h = new_hunt(NULL);
    add(h, "10.0.0.1", "www.example.com.", 100, 0);
    add(h, "10.0.0.1", "A.Nowhere-One.com", 110, 3);
    add(h, "10.0.0.1", "x.nowhere-one.com", 120, 3);   /* same registrable domain */
    add(h, "10.0.0.1", "printer.corp.example.com.lan", 130, 3); /* search-list leftover */
    add(h, "10.0.0.1", "nowhere-two.net", 140, 3);
    add(h, "10.0.0.1", "unanswered.org", 150, 2);     /* SERVFAIL: not a candidate */
    add(h, "", "nowhere-three.net", 160, 3);
    assert_int_equal(tk_hosts_queries(h), 7);
    assert_int_equal(tk_hosts_without_client(h), 1);
    assert_true(tk_hosts_saw_rcode(h));
    assert_int_equal(tk_hosts_name_count(h), 2);
    assert_string_equal(tk_hosts_name_at(h, 0)->name, "nowhere-one.com");
    assert_int_equal(tk_hosts_name_at(h, 0)->queries, 2);
    assert_int_equal(tk_hosts_finish(h), TK_OK);
    const struct tk_host *a = host(h, "10.0.0.1");
    assert_int_equal(a->queries, 6);
    assert_int_equal(a->nxdomain, 4);
    assert_int_equal(a->dga_names, 2);
    assert_int_equal(a->dga_queries, 3);
    assert_int_equal(a->never_resolving, 2);
    assert_true(a->first_seen == 110 && a->last_seen == 140);
    assert_int_equal(a->verdict, TK_VERDICT_CLEAN);
    assert_int_equal(tk_hosts_cluster_count(h), 0);
    tk_hosts_free(h);
}

static void clusters_of_shared_names(void **state)
{
    (void)state;
    struct tk_hosts *h = new_hunt(NULL);
    const char *bots[] = {"192.0.2.1", "192.0.2.2", "192.0.2.3"};
    for (int b = 0; b < 3; b++)
        for (int n = 0; n < 6; n++) {
            char name[64];
            snprintf(name, sizeof name, "walkname%d.info", n);
            add(h, bots[b], name, 1000 + n * 3600 + b, 3);
        }
    /* A fourth host asks for two of them: not the same pattern. */
    add(h, "192.0.2.4", "walkname0.info", 5000, 3);
    add(h, "192.0.2.4", "walkname1.info", 5001, 3);
    /* Two hosts share two typos: too few names for a group. */
    add(h, "198.51.100.1", "gogle.com", 10, 3);
    add(h, "198.51.100.1", "yahooo.com", 20, 3);
    add(h, "198.51.100.2", "gogle.com", 30, 3);
    add(h, "198.51.100.2", "yahooo.com", 40, 3);
    /* A name some host got an answer for never forms a cluster. */
    for (int b = 0; b < 3; b++)
        for (int n = 0; n < 3; n++) {
            char name[64];
            snprintf(name, sizeof name, "answered%d.biz", n);
            add(h, bots[b], name, 50, n == 0 && b == 0 ? 0 : 3);
        }
    assert_int_equal(tk_hosts_finish(h), TK_OK);
    assert_int_equal(tk_hosts_cluster_count(h), 1);
    const struct tk_host_cluster *c = tk_hosts_cluster_at(h, 0);
    assert_int_equal(c->client_count, 3);
    assert_int_equal(c->name_count, 6); /* walkname2..5 and answered1..2: asked by the same 3 */
    assert_string_equal(c->tlds, "info,biz");
    assert_string_equal(c->alphabet, "a-z0-9");
    assert_true(c->min_len == 9 && c->max_len == 9);
    for (int b = 0; b < 3; b++) {
        const struct tk_host *bot = host(h, bots[b]);
        assert_int_equal(bot->cluster, 0);
        assert_int_equal(bot->verdict, TK_VERDICT_INFECTED);
        assert_int_equal(bot->cluster_names, 6);
    }
    assert_int_equal(host(h, "192.0.2.4")->verdict, TK_VERDICT_CLEAN);
    assert_int_equal(host(h, "198.51.100.1")->verdict, TK_VERDICT_CLEAN);
    assert_int_equal(host(h, "198.51.100.1")->cluster, -1);
    tk_hosts_free(h);
}

static void time_pattern(void **state)
{
    (void)state;
    struct tk_hosts *h = new_hunt(NULL);
    const int64_t times[] = {0, 10, 3600, 3610, 7200, 10800};
    for (size_t i = 0; i < sizeof times / sizeof *times; i++) {
        char name[64];
        snprintf(name, sizeof name, "tick%zu.net", i);
        add(h, "10.9.9.9", name, 1700000000 + times[i], 3);
        add(h, "10.9.9.9", name, 1700000000 + times[i] + 86400, 3); /* repeats are not new */
    }
    assert_int_equal(tk_hosts_finish(h), TK_OK);
    const struct tk_host *a = host(h, "10.9.9.9");
    assert_int_equal(a->bursts, 4);
    assert_int_equal(a->max_burst, 2);
    assert_int_equal(a->period, 3600);
    assert_true(a->period_cv < 0.01);
    assert_int_equal(a->dga_queries, 12);
    tk_hosts_free(h);
}

/* With the built-in detector: many DGA-like NXDOMAIN names make a host infected alone; the
 * same names answered do not; without response codes they are only suspicious. */
static void scored_names(void **state)
{
    (void)state;
    struct tk_error err = {0};
    struct tk_detector *d;
    assert_int_equal(tk_psl_init(&err), TK_OK);
    assert_int_equal(tk_detector_load(NULL, &d, &err), TK_OK);
    struct tk_hosts *h = new_hunt(d);
    static const char *const names[] = {
        "xkqjzvbnwptr.com", "qzxvbnmkjhgf.net", "wrtzplkjhgvb.org", "mnbvcxzlkjhq.info",
        "pqwzrtxvbnkj.com", "zxcvbnmqwrtp.net", "kjhgfdszxcvb.org", "qwrtzpxcvbnm.biz",
        "lkjhgfdsmnbv.com", "vbnmzxcqwrtk.net", "hgfdszxcvkjq.org", "tzrwqpmnbvcx.info",
    };
    size_t count = sizeof names / sizeof *names, scored = 0;
    for (size_t i = 0; i < count; i++) {
        scored += tk_detector_score(d, names[i], strlen(names[i])) >= tk_detector_threshold(d);
        add(h, "10.1.1.1", names[i], 100 + (int64_t)i, 3);
        add(h, "10.1.1.2", names[i], 100 + (int64_t)i, 0);
        add(h, "10.1.1.3", names[i], 100 + (int64_t)i, -1);
    }
    assert_true(scored >= 10);
    assert_int_equal(tk_hosts_finish(h), TK_OK);
    const struct tk_host *nx = host(h, "10.1.1.1");
    assert_int_equal(nx->scored_nxdomain, scored);
    assert_int_equal(nx->verdict, TK_VERDICT_INFECTED);
    assert_int_equal(nx->score_bins[TK_HOSTS_SCORE_BINS - 1], scored);
    assert_int_equal(host(h, "10.1.1.2")->verdict, TK_VERDICT_SUSPICIOUS);
    assert_int_equal(host(h, "10.1.1.3")->verdict, TK_VERDICT_SUSPICIOUS);
    assert_int_equal(tk_hosts_cluster_count(h), 0); /* they resolved for 10.1.1.2 */
    tk_hosts_free(h);
    tk_detector_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(aggregation),
        cmocka_unit_test(clusters_of_shared_names),
        cmocka_unit_test(time_pattern),
        cmocka_unit_test(scored_names),
    };
    return cmocka_run_group_tests_name("hosts", tests, NULL, NULL);
}
