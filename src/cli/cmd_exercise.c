/* cmd_exercise.c - `takedown exercise`: the whole takedown operation, end to end, on this
 * machine and on loopback only: predict the names and write the registry and resolver
 * files, start the sinkhole, run a simulated infected population against it, stop it, report
 * and notify, check the report against what the simulation injected, and simulate the
 * takedown of a synthetic P2P layer. Each step is a takedown subcommand run as a child
 * process (the bots run in this process); Ctrl-C stops them all. */
#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/child.h"
#include "cli/cli.h"
#include "cli/interrupt.h"
#include "takedown/atomic_file.h"
#include "takedown/date.h"

struct exercise {
    const char *out;
    const char *date;
    const char *population;
    const char *spam_share;
    const char *mix;
    const char *p2p_nodes;
    const char *seed;
    int around;              /* days predicted before and after the date */
    int quiet;
};

static pid_t sinkhole_pid;

static void exercise_usage(FILE *f)
{
    fprintf(f,
"usage: takedown exercise [--out DIR] [--date D] [--population N] [--spam-share F]\n"
"                         [--country-mix MIX] [--p2p-nodes N] [--seed N]\n"
"\n"
"Runs the whole takedown operation on this machine, on loopback only, and checks it:\n"
"  1. predicts Necurs and every other built-in family (all known seeds) for the days around\n"
"     --date (default 2020-03-10), as one CSV per registry and an RPZ zone, leaving out\n"
"     the popular registered domains that short-label families also generate;\n"
"  2. starts the sinkhole (DNS, HTTP, SMTP with the PROXY protocol) on loopback ports;\n"
"  3. runs a simulated population (--population, default 2000) from many countries that\n"
"     resolves the day's names, checks in over HTTP and in part sends spam;\n"
"  4. stops the sinkhole, writes the report (text, JSON, HTML) and one notification bundle\n"
"     per country, and checks the report against what the simulation injected;\n"
"  5. simulates takedown strategies on a synthetic P2P botnet (--p2p-nodes, default 20000).\n"
"Everything goes under --out (default out/exercise). It stops by itself in a few minutes and\n"
"leaves nothing running; Ctrl-C stops every process it started.\n");
}

static int step(const struct exercise *x, int number, const char *what)
{
    if (interrupt_requested) {
        cli_error("exercise: interrupt_requested");
        return -1;
    }
    if (!x->quiet)
        printf("\n== %d. %s\n", number, what);
    fflush(stdout);
    return 0;
}

static char *path_in(const struct exercise *x, const char *name)
{
    static char paths[16][4096];
    static int next;
    char *p = paths[next++ % 16];
    snprintf(p, sizeof paths[0], "%s/%s", x->out, name);
    return p;
}

static int run(char *const argv[], const char *stdout_path)
{
    int status = child_run(argv, stdout_path, NULL);
    if (status != 0)
        cli_error("exercise: `takedown %s %s` failed (exit %d)", argv[0], argv[1] ? argv[1] : "",
                  status);
    return status;
}

static int predict(const struct exercise *x, char *today_csv)
{
    tk_day day;
    char from[11], to[11];
    struct tk_error err = {0};
    if (tk_day_parse(x->date, &day, &err))
        return cli_fail(&err);
    tk_day_format(day - x->around, from);
    tk_day_format(day + x->around, to);
    /* Popular registered domains that short-label families also generate (qsnatch's
     * taz.de, conficker C's weer.nl) are real sites: no registry, resolver or sinkhole
     * gets them. */
    char *registries[] = {"predict", "--all-families", "--from", from, "--to", to, "--format", "csv",
                          "--split-by-tld", path_in(x, "registries"), "--out",
                          path_in(x, "blocklist.csv"), "--exclude-popular", "--quiet", NULL};
    char *rpz[] = {"predict", "--all-families", "--from", from, "--to", to, "--format", "rpz",
                   "--rpz-wildcard", "--out", path_in(x, "blocklist.rpz"), "--exclude-popular",
                   "--quiet", NULL};
    char *today[] = {"predict", "--all-families", "--from", (char *)x->date, "--days", "1",
                     "--format", "csv", "--out", today_csv, "--exclude-popular", "--quiet", NULL};
    if (run(registries, NULL) || run(rpz, NULL) || run(today, NULL))
        return EXIT_FAILURE_OP;
    if (!x->quiet)
        printf("names %s to %s: %s (one CSV per registry), %s, %s (the bots' day)\n", from, to,
               path_in(x, "registries/"), path_in(x, "blocklist.rpz"), today_csv);
    return EXIT_OK;
}

/* Starts the sinkhole on free loopback ports; fills the three ADDR:PORT texts. */
static int start_sinkhole(const struct exercise *x, char dns[32], char http[32], char smtp[32])
{
    char line[512];
    for (int attempt = 0; attempt < 5; attempt++) {
        unsigned base = 20000 + (unsigned)((getpid() * 7919u + (unsigned)attempt * 104729u) % 30000);
        snprintf(dns, 32, "127.0.0.1:%u", base);
        snprintf(http, 32, "127.0.0.1:%u", base + 1);
        snprintf(smtp, 32, "127.0.0.1:%u", base + 2);
        char *argv[] = {"sinkhole", "--dns", dns, "--http", http, "--smtp", smtp,
                        "--proxy-protocol", "--names", path_in(x, "blocklist.csv"),
                        "--answer-a", "192.0.2.53", "--log", path_in(x, "events"),
                        "--log-format", "jsonl,dnstap", "--workers", "2", NULL};
        pid_t pid = child_start(argv, NULL, path_in(x, "sinkhole.log"));
        if (pid < 0)
            break;
        sinkhole_pid = pid;
        interrupt_forward_to(pid);
        if (child_wait_for_line(pid, path_in(x, "sinkhole.log"), "ready", line, sizeof line,
                                60000) == 0) {
            if (!x->quiet)
                printf("sinkhole pid %d: %s\n", (int)pid, line);
            return EXIT_OK;
        }
        kill(pid, SIGTERM);
        child_wait(pid);
        sinkhole_pid = 0;
        interrupt_forward_to(0);
        if (interrupt_requested)
            break;
    }
    cli_error("exercise: the sinkhole did not start; see %s", path_in(x, "sinkhole.log"));
    return EXIT_FAILURE_OP;
}

static int stop_sinkhole(void)
{
    pid_t pid = sinkhole_pid;
    if (pid <= 0)
        return 0;
    kill(pid, SIGTERM);
    int status = child_wait(pid);
    sinkhole_pid = 0;
    interrupt_forward_to(0);
    return status;
}

static long json_long(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_integer(v) ? (long)json_integer_value(v) : -1;
}

/* Compares the report with the ground truth; prints one line per check. Returns the number
 * of checks that failed. */
static int check_report(const struct exercise *x)
{
    json_error_t jerr;
    json_t *truth = json_load_file(path_in(x, "truth.json"), 0, &jerr);
    json_t *report = json_load_file(path_in(x, "report.json"), 0, &jerr);
    int failed = 0;

    if (truth == NULL || report == NULL) {
        cli_error("exercise: cannot read %s: %s", truth ? "report.json" : "truth.json", jerr.text);
        json_decref(truth);
        json_decref(report);
        return 1;
    }
    json_t *countries = json_object_get(json_object_get(report, "groups"), "country");
    json_t *truth_countries = json_object_get(truth, "countries");
    size_t i;
    json_t *tc;
    json_array_foreach(truth_countries, i, tc) {
        const char *code = json_string_value(json_object_get(tc, "country"));
        long want = json_long(tc, "bots"), got = 0;
        int exact = 1;
        size_t j;
        json_t *rc;
        json_array_foreach(countries, j, rc) {
            if (code && strcmp(json_string_value(json_object_get(rc, "key")), code) == 0) {
                got = json_long(rc, "distinct");
                exact = json_is_true(json_object_get(rc, "exact"));
            }
        }
        /* Exact counts must match; estimates must be within 3 standard errors of the
         * HyperLogLog (0.81 %), or 1 for tiny sets. */
        double bound = exact ? 0 : fmax(1.0, 3 * 0.0081 * (double)want);
        int ok = fabs((double)(got - want)) <= bound;
        failed += !ok;
        if (!ok || (!x->quiet && i < 12))
            printf("  %-4s %-3s injected %6ld bots, report %6ld (%s)\n", ok ? "ok" : "FAIL",
                   code ? code : "?", want, got, exact ? "exact" : "estimated");
    }
    json_t *spam = json_object_get(report, "spam");
    struct { const char *what, *truth_key, *report_key; } sums[] = {
        {"spam messages", "smtp_messages", "messages"},
        {"distinct recipients", "distinct_recipients", "recipients"},
        {"spam bots", "spam_bots", "bots"},
    };
    for (size_t k = 0; k < sizeof sums / sizeof *sums; k++) {
        long want = json_long(truth, sums[k].truth_key), got = json_long(spam, sums[k].report_key);
        int exact = k != 1 || json_is_true(json_object_get(spam, "recipients_exact"));
        double bound = exact ? 0 : fmax(1.0, 3 * 0.0081 * (double)want);
        int ok = want >= 0 && fabs((double)(got - want)) <= bound;
        failed += !ok;
        printf("  %-4s %-20s injected %8ld, report %8ld\n", ok ? "ok" : "FAIL", sums[k].what, want,
               got);
    }
    json_decref(truth);
    json_decref(report);
    return failed;
}

/* The first k at which a strategy leaves at most half of the bots able to reach a live
 * super-node; LONG_MAX when it never does. */
static long k_at_half_reach(json_t *strategy)
{
    json_t *points = json_object_get(strategy, "points"), *p;
    size_t i;
    long start = -1;
    json_array_foreach(points, i, p) {
        long reaching = json_long(p, "reaching");
        if (start < 0)
            start = reaching;
        if (start > 0 && reaching * 2 <= start)
            return json_long(p, "k");
    }
    return LONG_MAX;
}

/* Prints each strategy's k at half reach and names the one that fragments soonest (ties:
 * the smaller largest component at that point). */
static int print_p2p_verdict(const char *path)
{
    json_error_t jerr;
    json_t *sim = json_load_file(path, 0, &jerr), *st;
    const char *best = NULL;
    long best_k = LONG_MAX;
    size_t i;

    if (sim == NULL) {
        cli_error("exercise: cannot read %s: %s", path, jerr.text);
        return -1;
    }
    printf("peer graph: %ld nodes, %ld edges, %ld super-nodes\n", json_long(sim, "nodes"),
           json_long(sim, "edges"), json_long(sim, "super_nodes"));
    json_array_foreach(json_object_get(sim, "strategies"), i, st) {
        const char *name = json_string_value(json_object_get(st, "name"));
        long k = k_at_half_reach(st);
        if (k == LONG_MAX)
            printf("  %-22s never leaves half the bots cut off from the super-nodes\n", name);
        else
            printf("  %-22s cuts half the bots off from live super-nodes at k = %ld\n", name, k);
        if (k < best_k) {
            best_k = k;
            best = name;
        }
    }
    if (best)
        printf("fragments it soonest: %s (k = %ld)\n", best, best_k);
    else
        printf("no strategy cut half the bots off within the simulated steps\n");
    const char *why = json_string_value(json_object_get(json_object_get(sim, "verdict"), "why"));
    if (why)
        printf("%s\n", why); /* the winner, its k, and why it wins, from p2p simulate */
    json_decref(sim);
    return 0;
}

static int parse(int argc, char **argv, struct exercise *x)
{
    struct { const char *name; const char **slot; } opts[] = {
        {"--out", &x->out}, {"--date", &x->date}, {"--population", &x->population},
        {"--spam-share", &x->spam_share}, {"--country-mix", &x->mix},
        {"--p2p-nodes", &x->p2p_nodes}, {"--seed", &x->seed},
    };
    for (int i = 1; i < argc; i++) {
        int done = 0;
        if (cli_is_help(argv[i])) {
            exercise_usage(stdout);
            return -1;
        }
        if (strcmp(argv[i], "--quiet") == 0) {
            x->quiet = 1;
            continue;
        }
        for (size_t k = 0; k < sizeof opts / sizeof *opts && !done; k++)
            if (strcmp(argv[i], opts[k].name) == 0 && i + 1 < argc) {
                *opts[k].slot = argv[++i];
                done = 1;
            }
        if (!done) {
            cli_error("exercise: unexpected argument '%s' (see `takedown exercise --help`)",
                      argv[i]);
            return EXIT_USAGE;
        }
    }
    tk_day d;
    struct tk_error err = {0};
    if (tk_day_parse(x->date, &d, &err))
        return cli_fail(&err);
    return 0;
}

int cmd_exercise(int argc, char **argv, FILE *out)
{
    struct exercise x = {"out/exercise", "2020-03-10", "2000", "0.1", NULL, "20000", "1", 3, 0};
    char today[4096], dns[32], http[32], smtp[32];
    int rc = parse(argc, argv, &x);
    (void)out;

    if (rc)
        return rc < 0 ? EXIT_OK : rc;
    struct tk_error err = {0};
    if (tk_make_dirs(x.out, 0755, &err))
        return cli_fail(&err);
    mkdir(path_in(&x, "p2p"), 0755);
    interrupt_catch();
    snprintf(today, sizeof today, "%s/today.csv", x.out);

    if (step(&x, 1, "predict: every family and known seed around the date") || predict(&x, today))
        return EXIT_FAILURE_OP;
    if (step(&x, 2, "sinkhole: DNS, HTTP and SMTP on loopback") || start_sinkhole(&x, dns, http, smtp))
        return EXIT_FAILURE_OP;

    step(&x, 3, "simulated infected population");
    char *sim[] = {"simulate", "bots", "--names", today, "--dns", dns, "--http", http, "--smtp", smtp,
                   "--population", (char *)x.population, "--spam-share", (char *)x.spam_share,
                   "--seed", (char *)x.seed, "--truth", path_in(&x, "truth.json"),
                   x.mix ? "--country-mix" : NULL, (char *)x.mix, NULL};
    rc = interrupt_requested ? EXIT_FAILURE_OP : cmd_simulate(x.mix ? 20 : 18, sim, stdout);
    int sink_status = stop_sinkhole();
    if (rc || interrupt_requested) {
        cli_error("exercise: the simulation did not finish; files so far are in %s", x.out);
        return EXIT_FAILURE_OP;
    }
    if (sink_status != 0)
        cli_error("exercise: warning: the sinkhole exited with status %d", sink_status);

    if (step(&x, 4, "report, notify, and the check against the injected truth"))
        return EXIT_FAILURE_OP;
    char events[4096];
    snprintf(events, sizeof events, "%s/events/*.jsonl", x.out);
    char *report_json[] = {"report", events, "--by", "country,asn,family,day", "--format", "json",
                           "--out", path_in(&x, "report.json"), "--html",
                           path_in(&x, "report.html"), "--quiet", NULL};
    char *report_table[] = {"report", events, "--by", "country", "--top", "10", "--quiet", NULL};
    char *notify[] = {"notify", events, "--by", "country", "--out", path_in(&x, "notify"), NULL};
    if (run(report_json, NULL) || (!x.quiet && run(report_table, NULL))
        || run(notify, path_in(&x, "notify.log")))
        return EXIT_FAILURE_OP;
    int failed = check_report(&x);
    printf("%s: the report %s what the simulation injected\n", failed ? "FAIL" : "ok",
           failed ? "does not match" : "matches");

    if (step(&x, 5, "P2P layer: a synthetic botnet and takedown strategies"))
        return EXIT_FAILURE_OP;
    char *generate[] = {"p2p", "generate", "--nodes", (char *)x.p2p_nodes, "--seed", (char *)x.seed,
                        "--out", path_in(&x, "p2p/observations.csv"), NULL};
    char *simulate[] = {"p2p", "simulate", path_in(&x, "p2p/observations.csv"), "--svg",
                        path_in(&x, "p2p/takedown.svg"), "--csv", path_in(&x, "p2p/curves.csv"),
                        "--json", "--no-geo", "--quiet", NULL};
    if (run(generate, NULL) || run(simulate, path_in(&x, "p2p/simulation.json"))
        || print_p2p_verdict(path_in(&x, "p2p/simulation.json")))
        return EXIT_FAILURE_OP;

    printf("\nwritten under %s:\n"
           "  registries/       one CSV per public suffix, for the registries\n"
           "  blocklist.rpz     the Response Policy Zone for resolvers\n"
           "  events/           the sinkhole's logs (JSON lines, dnstap)\n"
           "  truth.json        what the simulation injected\n"
           "  report.json, report.html   the report\n"
           "  notify/           one bundle per country, for its CERT\n"
           "  p2p/              observations, takedown curves (CSV, SVG)\n", x.out);
    return failed ? EXIT_FAILURE_OP : EXIT_OK;
}
