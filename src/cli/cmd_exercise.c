/* cmd_exercise.c - `takedown exercise`: the whole takedown operation, end to end, on this
 * machine and on loopback only: predict the names and write the registry and resolver
 * files, start the sinkhole on a simulated clock, run a simulated infected population
 * against it one wave per simulated day, stop it, report and notify, check the report
 * against what the simulation injected, and simulate the takedown of a synthetic P2P
 * layer; then one screen of results. Each step is a takedown subcommand run as a child
 * process (the bots run in this process); Ctrl-C stops them all. */
#include <dirent.h>
#include <errno.h>
#include <glob.h>
#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/child.h"
#include "cli/cli.h"
#include "cli/exercise_cluster.h"
#include "cli/interrupt.h"
#include "cli/options.h"
#include "cli/progress.h"
#include "cli/simulate_cli.h"
#include "takedown/atomic_file.h"
#include "takedown/date.h"
#include "takedown/population.h"

/* The seed figures the final screen compares with: one Necurs bot, 58 days. */
#define SEED_SPAM_DAYS 58
#define SEED_SPAM_MESSAGES 3.8e6
#define SEED_SPAM_RECIPIENTS 40.6e6
/* Each simulated spam message stands for this many (docs/exercise.md). */
#define SPAM_SCALE 100
/* Bot-days a wave is assumed to run per second when the clock's rate is chosen. */
#define ASSUMED_BOT_DAYS_PER_SECOND 6000.0

struct exercise {
    const char *out;
    const char *date;          /* the first simulated day */
    tk_day first;
    long days;
    long p2p_nodes;
    int quiet;
    struct simulate_options sim;
    pid_t sinkhole;
    char sinkhole_log[4096];
    int fleet;                 /* --fleet: two sinkhole nodes and a two-shard ClickHouse */
    pid_t sinkhole_b;          /* the second node */
    char sinkhole_b_log[4096];
    struct exercise_cluster cluster;
    struct progress progress;
    char progress_label[64];
};

static pid_t step_child;

static void exercise_usage(FILE *f)
{
    fprintf(f,
"usage: takedown exercise [--out DIR] [--date D] [--days N] [--population N]\n"
"                         [--spam-share F] [--country-mix MIX] [--p2p-nodes N] [--seed N]\n"
"                         [--fleet] [--quiet]\n"
"\n"
"Runs the whole takedown operation on this machine, on loopback only, and checks it:\n"
"  1. predicts every built-in family (all known seeds) for the simulated days and three days\n"
"     either side, as one CSV per registry and an RPZ zone, leaving out the popular\n"
"     registered domains that short-label families also generate;\n"
"  2. starts the sinkhole (DNS, HTTP, SMTP with the PROXY protocol) on free loopback ports,\n"
"     with a simulated clock that starts at --date (default 2020-03-01);\n"
"  3. runs a simulated population (--population, default 100000) from 40 countries and the\n"
"     rest of the world, India at 13.59 %%, one wave per simulated day (--days, default 7):\n"
"     bots resolve a name of the week a day through simulated resolvers, check in over\n"
"     HTTP, and spam bots (--spam-share, default 0.1) send heavy-tailed volumes of spam;\n"
"  4. stops the sinkhole, writes the report (JSON, HTML, CSV, text) and one notification\n"
"     bundle per country, and checks totals, countries, days, spam and resolvers against\n"
"     what the simulation injected;\n"
"  5. simulates takedown strategies on a synthetic P2P botnet (--p2p-nodes, default 20000);\n"
"and ends with one screen of results. Everything goes under --out (default out/exercise).\n"
"With --fleet (docs/fleet.md), two sinkhole nodes run (node-a answers HTTP and SMTP,\n"
"node-b DNS, so every bot reaches both), each logging binary; after the waves each\n"
"node's logs are shipped to its shard of a two-shard ClickHouse cluster started on\n"
"loopback, and the report is computed by the cluster (report --source) and checked as\n"
"above. Without it the exercise stays embedded: files, no server.\n"
"It stops by itself and leaves nothing running; Ctrl-C stops every process it started\n"
"(exit 130). Exit 0 when the report matches, 1 when a step failed or it does not, 2 for\n"
"bad options.\n");
}

static char *path_in(const struct exercise *x, const char *name)
{
    static char paths[16][4096];
    static int next;
    char *p = paths[next++ % 16];
    snprintf(p, sizeof paths[0], "%s/%s", x->out, name);
    return p;
}

static int interrupted(void)
{
    return interrupt_requested != 0;
}

static void stage(const struct exercise *x, int number, const char *what)
{
    if (!x->quiet)
        printf("== %d. %s\n", number, what);
    fflush(stdout);
}

/* Runs one step as a child; Ctrl-C is passed on to it. */
static int run(char *const argv[], const char *stdout_path)
{
    pid_t pid = child_start(argv, stdout_path, NULL);
    if (pid < 0)
        return 127;
    step_child = pid;
    interrupt_forward_to(pid);
    if (interrupted())
        kill(pid, SIGTERM);
    int status = child_wait(pid);
    interrupt_forward_to(0);
    step_child = 0;
    if (status != 0 && !interrupted())
        cli_error("exercise: `takedown %s %s` failed (exit %d)", argv[0], argv[1] ? argv[1] : "",
                  status);
    return status;
}

/* Data lines of a file: not comments ('#', ';'), not zone directives ('$', '@'); minus a
 * CSV header when csv. *families gets the count of the "# families:" line, if any. */
static long count_lines(const char *path, int csv, long *families)
{
    FILE *f = fopen(path, "r");
    char line[8192];
    long lines = 0;
    int fresh = 1;
    *families = 0;
    if (f == NULL)
        return -1;
    while (fgets(line, sizeof line, f)) {
        if (fresh && strncmp(line, "# families: ", 12) == 0) {
            *families = 1;
            for (const char *p = line + 12; *p; p++)
                *families += *p == ',';
        }
        if (fresh && !strchr("#;$@\n", line[0]))
            lines++;
        fresh = strchr(line, '\n') != NULL;
    }
    fclose(f);
    return csv && lines > 0 ? lines - 1 : lines;
}

static long count_files(const char *path)
{
    DIR *dir = opendir(path);
    struct dirent *e;
    long n = 0;
    if (dir == NULL)
        return -1;
    while ((e = readdir(dir)) != NULL)
        n += e->d_name[0] != '.';
    closedir(dir);
    return n;
}

static int predict(const struct exercise *x)
{
    char from[11], to[11], week_from[11], days[16];
    tk_day_format(x->first - 3, from);
    tk_day_format(x->first + (tk_day)x->days - 1 + 3, to);
    tk_day_format(x->first, week_from);
    snprintf(days, sizeof days, "%ld", x->days);
    /* Popular registered domains that short-label families also generate (qsnatch's
     * taz.de, conficker C's weer.nl) are real sites: no registry, resolver or sinkhole
     * gets them. */
    char *registries[] = {"predict", "--all-families", "--from", from, "--to", to, "--format", "csv",
                          "--split-by-tld", path_in(x, "registries"), "--out",
                          path_in(x, "blocklist.csv"), "--exclude-popular", "--quiet", NULL};
    char *rpz[] = {"predict", "--all-families", "--from", from, "--to", to, "--format", "rpz",
                   "--rpz-wildcard", "--out", path_in(x, "blocklist.rpz"), "--exclude-popular",
                   "--quiet", NULL};
    char *week[] = {"predict", "--all-families", "--from", week_from, "--days", days,
                    "--format", "csv", "--out", path_in(x, "week.csv"), "--exclude-popular",
                    "--quiet", NULL};
    if (run(registries, NULL) || run(rpz, NULL) || run(week, NULL))
        return EXIT_FAILURE_OP;
    if (!x->quiet)
        printf("   names %s to %s: registries/ (one CSV per registry), blocklist.csv, "
               "blocklist.rpz; week.csv (the bots' names)\n", from, to);
    return EXIT_OK;
}

/* "dns=127.0.0.1:PORT" out of the ready line into buf. */
static int ready_address(const char *line, const char *key, char *buf, size_t size)
{
    const char *p = strstr(line, key);
    if (p == NULL)
        return -1;
    p += strlen(key);
    size_t n = strcspn(p, " ,\n");
    if (n == 0 || n >= size)
        return -1;
    memcpy(buf, p, n);
    buf[n] = '\0';
    return 0;
}

/* The clock's rate: a day of simulated time lasts about as long as a wave is expected to. */
static double clock_rate(const struct exercise *x)
{
    double wave = (double)x->sim.population * 0.625 / ASSUMED_BOT_DAYS_PER_SECOND;
    double rate = 86400.0 / (wave > 0.0864 ? wave : 0.0864);
    return floor(rate);
}

/* A loopback TCP port free now (bound, then released). */
static int free_port(char buf[64])
{
    struct sockaddr_in in = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof in;
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), rc = -1;
    if (fd < 0)
        return -1;
    if (bind(fd, (struct sockaddr *)&in, sizeof in) == 0
        && getsockname(fd, (struct sockaddr *)&in, &len) == 0) {
        snprintf(buf, 64, "127.0.0.1:%u", (unsigned)ntohs(in.sin_port));
        rc = 0;
    }
    close(fd);
    return rc;
}

/* The event logs of an earlier run in the same --out would be counted with this run's:
 * they go before the sinkhole starts. Only the sinkhole's own log files are removed. */
static int remove_earlier_event_logs(const struct exercise *x)
{
    glob_t logs;
    int rc = EXIT_OK;
    /* events/ and, with --fleet, events-b/; with the shipper's offsets, which would skip */
    int found = glob(path_in(x, "events*/events-*"), 0, NULL, &logs) == 0;
    found |= glob(path_in(x, "events*/fleet-offsets"), found ? GLOB_APPEND : 0, NULL, &logs) == 0;
    if (!found)
        return EXIT_OK;
    for (size_t i = 0; i < logs.gl_pathc; i++) {
        struct stat st;
        if (lstat(logs.gl_pathv[i], &st) == 0 && S_ISREG(st.st_mode)
            && unlink(logs.gl_pathv[i]) != 0) {
            cli_error("exercise: %s: cannot remove an earlier run's log: %s", logs.gl_pathv[i],
                      strerror(errno));
            rc = EXIT_FAILURE_OP;
            break;
        }
    }
    globfree(&logs);
    return rc;
}

/* Starts a sinkhole (node 0, or with --fleet node 1, "node-b") on ports the kernel picks (no
 * clash is possible); fills the ADDR:PORT texts from its ready line. */
static int start_sinkhole(struct exercise *x, int node, char dns[64], char http[64],
                          char smtp[64], char metrics[64])
{
    char line[512], clock[64], day[11];
    pid_t *pid_out = node ? &x->sinkhole_b : &x->sinkhole;
    char *log_path = node ? x->sinkhole_b_log : x->sinkhole_log;
    tk_day_format(x->first, day);
    snprintf(clock, sizeof clock, "%sT00:00:00Z,%.0f", day, clock_rate(x));
    snprintf(log_path, sizeof x->sinkhole_log, "%s",
             path_in(x, node ? "sinkhole-b.log" : "sinkhole.log"));
    if (node == 0 && remove_earlier_event_logs(x))
        return EXIT_FAILURE_OP;
    for (int attempt = 0; attempt < 5 && !interrupted(); attempt++) {
        if (free_port(metrics))
            break;
        char *argv[] = {"sinkhole", "--dns", "127.0.0.1:0", "--http", "127.0.0.1:0", "--smtp",
                        "127.0.0.1:0", "--proxy-protocol", "--names", path_in(x, "blocklist.csv"),
                        "--answer-a", "192.0.2.53", "--log",
                        path_in(x, node ? "events-b" : "events"), "--log-format",
                        x->fleet ? "binary" : "jsonl", "--workers", "2", "--clock", clock,
                        "--metrics", metrics, "--sensor", node ? "node-b" : "node-a", NULL};
        if (!x->fleet)
            argv[sizeof argv / sizeof argv[0] - 3] = NULL; /* the default sensor id */
        pid_t pid = child_start(argv, NULL, log_path);
        if (pid < 0)
            break;
        *pid_out = pid;
        interrupt_forward_to(pid);
        if (child_wait_for_line(pid, log_path, "ready", line, sizeof line, 60000) == 0
            && ready_address(line, "dns=", dns, 64) == 0
            && ready_address(line, "http=", http, 64) == 0
            && ready_address(line, "smtp=", smtp, 64) == 0) {
            if (!x->quiet)
                printf("   sinkhole pid %d, clock from %s at %.0fx: %s\n", (int)pid, day,
                       clock_rate(x), line);
            return EXIT_OK;
        }
        kill(pid, SIGTERM);
        child_wait(pid);
        *pid_out = 0;
        interrupt_forward_to(0);
    }
    if (!interrupted())
        cli_error("exercise: the sinkhole did not start; see %s", log_path);
    return EXIT_FAILURE_OP;
}

/* Stops every sinkhole node; the first non-zero exit status, or 0. */
static int stop_sinkhole(struct exercise *x)
{
    pid_t *pids[] = {&x->sinkhole, &x->sinkhole_b};
    int first = 0;
    for (int i = 0; i < 2; i++) {
        if (*pids[i] <= 0)
            continue;
        kill(*pids[i], SIGTERM);
        int status = child_wait(*pids[i]);
        *pids[i] = 0;
        if (first == 0)
            first = status;
    }
    interrupt_forward_to(0);
    return first;
}

/* Between two waves: the sinkhole's clock moves to the next day; waits until it says so. */
static int next_day(void *arg, int day)
{
    struct exercise *x = arg;
    char want[40], line[128], date[11];
    tk_day_format(x->first + day, date);
    snprintf(want, sizeof want, "clock %s", date);
    for (int node = 0; node < (x->fleet ? 2 : 1); node++) {
        pid_t pid = node ? x->sinkhole_b : x->sinkhole;
        const char *log = node ? x->sinkhole_b_log : x->sinkhole_log;
        if (interrupted() || kill(pid, SIGUSR2) != 0
            || child_wait_for_line(pid, log, want, line, sizeof line, 30000)) {
            if (!interrupted())
                cli_error("exercise: the sinkhole's clock did not move to %s", date);
            return -1;
        }
    }
    return 0;
}

static void wave_progress(void *arg, int day, size_t done, size_t total)
{
    struct exercise *x = arg;
    char detail[96], date[11];
    tk_day_format(x->first + day, date);
    snprintf(detail, sizeof detail, "day %d/%ld (%s): %zu of %zu bots", day + 1, x->days, date,
             done, total);
    progress_update(&x->progress, ((double)day + (total ? (double)done / (double)total : 1))
                                      / (double)x->days, detail);
}

static int simulate(struct exercise *x, char *dns, char *http, char *smtp, char *metrics)
{
    struct simulate_hooks hooks = {next_day, wave_progress, x};
    x->sim.dns = dns;
    x->sim.http = http;
    x->sim.smtp = smtp;
    x->sim.metrics = metrics;
    x->sim.names_file = path_in(x, "week.csv");
    x->sim.truth = path_in(x, "truth.json");
    x->sim.quiet = 1;
    progress_start(&x->progress, "   bots", x->quiet);
    FILE *log = fopen(path_in(x, "simulate.log"), "w");
    x->sim.quiet = log == NULL;
    int rc = simulate_run(&x->sim, &hooks, log ? log : stdout);
    progress_done(&x->progress);
    if (log)
        fclose(log);
    return rc;
}

static long json_long(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_integer(v) ? (long)json_integer_value(v) : -1;
}

struct check {
    int run, failed;
};

/* One comparison: exact counts must match; estimates within 3 HyperLogLog standard errors
 * (0.81 %) or 1 for tiny sets. Only failures are printed. */
static void compare(struct check *c, const char *what, long want, long got, int exact)
{
    double bound = exact ? 0 : fmax(1.0, 3 * 0.0081 * (double)want);
    int ok = want >= 0 && got >= 0 && fabs((double)(got - want)) <= bound;
    c->run++;
    c->failed += !ok;
    if (!ok)
        printf("   FAIL %-32s injected %ld, report %ld (%s)\n", what, want, got,
               exact ? "exact" : "estimated");
}

static json_t *group_with_key(json_t *groups, const char *key)
{
    size_t i;
    json_t *g;
    json_array_foreach(groups, i, g) {
        const char *k = json_string_value(json_object_get(g, "key"));
        if (k && strcmp(k, key) == 0)
            return g;
    }
    return NULL;
}

/* Compares the report with the ground truth, figure by figure. */
static void check_report(const struct exercise *x, json_t *truth, json_t *report, struct check *c)
{
    json_t *groups = json_object_get(report, "groups"), *tc, *spam, *resolvers, *bot;
    size_t i;

    json_t *total = json_object_get(report, "total");
    compare(c, "infected hosts (distinct IPs)", json_long(truth, "bots_seen"),
            json_long(total, "distinct"), json_is_true(json_object_get(total, "exact")));
    json_array_foreach(json_object_get(truth, "countries"), i, tc) {
        const char *code = json_string_value(json_object_get(tc, "country"));
        json_t *g = group_with_key(json_object_get(groups, "country"),
                                   code && code[0] ? code : "--");
        char what[64];
        snprintf(what, sizeof what, "hosts in %s", code && code[0] ? code : "--");
        compare(c, what, json_long(tc, "bots"), g ? json_long(g, "distinct") : 0,
                g ? json_is_true(json_object_get(g, "exact")) : 1);
    }
    json_array_foreach(json_object_get(truth, "bots_seen_day"), i, tc) {
        char date[11], what[64];
        tk_day_format(x->first + (tk_day)i, date);
        json_t *g = group_with_key(json_object_get(groups, "day"), date);
        snprintf(what, sizeof what, "hosts on %s", date);
        compare(c, what, (long)json_integer_value(tc), g ? json_long(g, "distinct") : 0,
                g ? json_is_true(json_object_get(g, "exact")) : 1);
    }
    spam = json_object_get(report, "spam");
    compare(c, "spam messages", json_long(truth, "smtp_messages"), json_long(spam, "messages"), 1);
    compare(c, "spam bots", json_long(truth, "spam_bots"), json_long(spam, "bots"), 1);
    compare(c, "distinct recipients", json_long(truth, "distinct_recipients"),
            json_long(spam, "recipients"), json_is_true(json_object_get(spam, "recipients_exact")));
    bot = json_array_get(json_object_get(spam, "per_bot"), 0);
    json_t *top = json_object_get(truth, "top_spam_bot");
    if (json_long(top, "messages") > 0) {
        const char *want = json_string_value(json_object_get(top, "address"));
        const char *got = json_string_value(json_object_get(bot, "address"));
        compare(c, "top spam bot's address", 1, want && got && strcmp(want, got) == 0, 1);
        compare(c, "top spam bot's messages", json_long(top, "messages"),
                json_long(bot, "messages"), 1);
        if (json_is_integer(json_object_get(top, "distinct_recipients")))
            compare(c, "top spam bot's recipients", json_long(top, "distinct_recipients"),
                    json_long(bot, "recipients"), json_is_true(json_object_get(bot, "exact")));
    }
    resolvers = json_object_get(report, "resolvers");
    compare(c, "resolvers seen", json_long(truth, "resolvers_seen"), json_long(resolvers, "count"),
            1);
    compare(c, "DNS queries with Client Subnet", json_long(truth, "dns_answers_ecs"),
            json_long(resolvers, "queries_with_subnet"), 1);
    if (json_long(truth, "dns_timeouts") == 0)
        compare(c, "DNS queries without Client Subnet", json_long(truth, "dns_answers_plain"),
                json_long(resolvers, "queries") - json_long(resolvers, "queries_with_subnet"), 1);
}

/* Prints length bytes of text indented by four spaces, broken at blanks before column 96,
 * continuation lines indented by six. */
static void print_wrapped(const char *text, size_t length)
{
    const size_t width = 92;
    int first = 1;
    while (length > 0) {
        size_t room = first ? width : width - 2, cut = length;
        if (length > room) {
            cut = room;
            while (cut > 0 && text[cut] != ' ')
                cut--;
            if (cut == 0)
                cut = room;
        }
        printf("%s%.*s\n", first ? "    " : "      ", (int)cut, text);
        while (cut < length && text[cut] == ' ')
            cut++;
        text += cut;
        length -= cut;
        first = 0;
    }
}

/* Prints each strategy's k at which half the bots have left the P2P layer (p2p simulate's
 * k_half_reach, null when never), then simulate's verdict: the winner and why it wins. */
static int print_p2p_verdict(const char *path)
{
    json_error_t jerr;
    json_t *sim = json_load_file(path, 0, &jerr), *st;
    size_t i;

    if (sim == NULL) {
        cli_error("exercise: cannot read %s: %s", path, jerr.text);
        return -1;
    }
    printf("    peer graph: %ld nodes, %ld edges, %ld super-nodes\n", json_long(sim, "nodes"),
           json_long(sim, "edges"), json_long(sim, "super_nodes"));
    json_array_foreach(json_object_get(sim, "strategies"), i, st) {
        const char *name = json_string_value(json_object_get(st, "name"));
        json_t *k = json_object_get(st, "k_half_reach");
        if (json_is_integer(k))
            printf("    %-22s halves the P2P layer at k = %lld\n", name,
                   (long long)json_integer_value(k));
        else
            printf("    %-22s never halves the P2P layer\n", name);
    }
    /* The winner, its k, and why it wins, as p2p simulate computed them. */
    const char *why = json_string_value(json_object_get(json_object_get(sim, "verdict"), "why"));
    if (why == NULL)
        why = "no strategy halves the P2P layer within the simulated steps";
    for (const char *line = why; *line;) {
        size_t length = strcspn(line, "\n");
        print_wrapped(line, length);
        line += length + (line[length] == '\n');
    }
    json_decref(sim);
    return 0;
}

/* How heavy the tail is: the share of all messages sent by the top 1 % and 10 % of the spam
 * bots (per_bot lists every bot, most messages first). */
static void print_spam_concentration(json_t *per_bot, long messages)
{
    size_t bots = json_array_size(per_bot);
    if (bots < 10 || messages <= 0)
        return;
    const double tops[] = {0.01, 0.10};
    printf("   ");
    for (size_t t = 0; t < 2; t++) {
        size_t top = (size_t)((double)bots * tops[t] + 0.5), i;
        long sent = 0;
        json_t *b;
        json_array_foreach(per_bot, i, b) {
            if (i >= (top ? top : 1))
                break;
            sent += json_long(b, "messages");
        }
        printf(" the top %.0f %% of bots sent %.1f %% of the mail%s", tops[t] * 100,
               100.0 * (double)sent / (double)messages, t == 0 ? ";" : "\n");
    }
}

/* "12,345,678". */
static const char *thousands(double value, char buf[32])
{
    char digits[32];
    snprintf(digits, sizeof digits, "%.0f", value);
    size_t n = strlen(digits), at = 0;
    for (size_t i = 0; i < n; i++) {
        buf[at++] = digits[i];
        if (digits[i] != '-' && (n - i - 1) % 3 == 0 && i + 1 < n)
            buf[at++] = ',';
    }
    buf[at] = '\0';
    return buf;
}

static void print_groups(json_t *groups, const char *title, int count)
{
    size_t i;
    json_t *g;
    printf("  %s\n", title);
    json_array_foreach(groups, i, g) {
        if ((int)i >= count)
            break;
        const char *key = json_string_value(json_object_get(g, "key"));
        const char *name = json_string_value(json_object_get(g, "name"));
        char n[32];
        printf("    %-8s %-34.34s %10s  %6.2f %%\n", key ? key : "?", name ? name : "",
               thousands((double)json_long(g, "distinct"), n),
               100 * json_real_value(json_object_get(g, "share")));
    }
}

/* The one screen a CERT manager reads. */
static void print_summary(const struct exercise *x, json_t *truth, json_t *report,
                          const struct check *c)
{
    char a[32], b[32], d[32], from[11], to[11], pfrom[11], pto[11];
    long families, none, names = count_lines(path_in(x, "blocklist.csv"), 1, &families);
    long rules = count_lines(path_in(x, "blocklist.rpz"), 0, &none);
    json_t *groups = json_object_get(report, "groups"), *g;
    json_t *spam = json_object_get(report, "spam");
    json_t *resolvers = json_object_get(report, "resolvers");
    json_t *bot = json_array_get(json_object_get(spam, "per_bot"), 0);
    size_t i;

    tk_day_format(x->first, from);
    tk_day_format(x->first + (tk_day)x->days - 1, to);
    tk_day_format(x->first - 3, pfrom);
    tk_day_format(x->first + (tk_day)x->days + 2, pto);
    printf("\n================ takedown exercise: %s .. %s (simulated) ================\n", from,
           to);
    printf("Predicted and blocked\n    %s names of %ld DGA families (every known seed), %s .. %s\n"
           "    %ld registry files (registries/SUFFIX.csv); resolvers: blocklist.rpz "
           "(%s lines)\n", thousands((double)names, a), families, pfrom, pto,
           count_files(path_in(x, "registries")), thousands((double)rules, b));
    json_t *total = json_object_get(report, "total");
    printf("Infected hosts\n    %s distinct IPs%s (population %s), over %ld days; per day:",
           thousands((double)json_long(total, "distinct"), a),
           json_is_true(json_object_get(total, "exact")) ? "" : " (estimated)",
           thousands((double)x->sim.population, b), x->days);
    json_array_foreach(json_object_get(groups, "day"), i, g) {
        const char *day = json_string_value(json_object_get(g, "key"));
        printf("%s  %s %s", i % 4 == 0 ? "\n  " : "",
               day && strlen(day) == 10 ? day + 5 : "?",
               thousands((double)json_long(g, "distinct"), d));
    }
    printf("\n");
    print_groups(json_object_get(groups, "country"), "top countries (share of distinct IPs):", 6);
    print_groups(json_object_get(groups, "asn"), "top networks:", 3);
    printf("Resolvers, apart from the hosts\n    %ld resolvers sent %s DNS queries; %s carried "
           "a Client Subnet and count for its host\n", json_long(resolvers, "count"),
           thousands((double)json_long(resolvers, "queries"), a),
           thousands((double)json_long(resolvers, "queries_with_subnet"), b));
    printf("Spam\n    %s messages to %s distinct recipients from %s bots\n",
           thousands((double)json_long(spam, "messages"), a),
           thousands((double)json_long(spam, "recipients"), b),
           thousands((double)json_long(spam, "bots"), d));
    print_spam_concentration(json_object_get(spam, "per_bot"), json_long(spam, "messages"));
    if (bot) {
        double m = (double)json_long(bot, "messages"), r = (double)json_long(bot, "recipients");
        double scale = (double)SEED_SPAM_DAYS / (double)x->days * SPAM_SCALE;
        const char *country = json_string_value(json_object_get(bot, "country"));
        printf("    top bot %s (%s): %s messages to %s recipients in %ld days\n",
               json_string_value(json_object_get(bot, "address")), country ? country : "--",
               thousands(m, a), thousands(r, b), x->days);
        printf("    x %d/%ld days x %d (simulation scale): %.2f M messages, %.1f M recipients in "
               "%d days\n    the seed's Necurs bot: %.1f M messages to %.1f M recipients in %d "
               "days (%.2fx)\n", SEED_SPAM_DAYS, x->days, SPAM_SCALE, m * scale / 1e6,
               r * scale / 1e6, SEED_SPAM_DAYS, SEED_SPAM_MESSAGES / 1e6,
               SEED_SPAM_RECIPIENTS / 1e6, SEED_SPAM_DAYS, m * scale / SEED_SPAM_MESSAGES);
    }
    printf("P2P takedown (synthetic peer layer)\n");
    print_p2p_verdict(path_in(x, "p2p/simulation.json"));
    printf("Check against what was injected\n    %s: %d of %d figures match (totals, %ld "
           "countries, %ld days, spam, resolvers)\n", c->failed ? "FAIL" : "ok",
           c->run - c->failed, c->run, (long)json_array_size(json_object_get(truth, "countries")),
           x->days);
    printf("Products in %s/\n    registries/ blocklist.csv blocklist.rpz  report.html "
           "report.json report.csv report.txt\n    notify/ (one bundle per country's CERT)  "
           "events/ (sinkhole logs)  truth.json  p2p/\n", x->out);
}

/* True when text holds a control character. */
static int has_control(const char *text)
{
    for (const char *c = text; *c; c++)
        if ((unsigned char)*c < 0x20 || *c == 0x7f)
            return 1;
    return 0;
}

/* Every option is checked here, before any work or any file. */
static int parse(int argc, char **argv, struct exercise *x)
{
    const struct cli_opt table[] = {
        {.name = "--out", .type = CLI_OPT_TEXT, .value = &x->out},
        {.name = "--date", .type = CLI_OPT_TEXT, .value = &x->date},
        {.name = "--days", .type = CLI_OPT_LONG, .value = &x->days, .min = 1,
         .max = TK_POPULATION_MAX_DAYS},
        {.name = "--population", .type = CLI_OPT_LONG, .value = &x->sim.population, .min = 1,
         .max = 50000000},
        {.name = "--p2p-nodes", .type = CLI_OPT_LONG, .value = &x->p2p_nodes, .min = 100,
         .max = 10000000},
        {.name = "--spam-share", .type = CLI_OPT_REAL, .value = &x->sim.spam_share, .max = 1},
        {.name = "--country-mix", .type = CLI_OPT_TEXT, .value = &x->sim.mix},
        {.name = "--seed", .type = CLI_OPT_U64, .value = &x->sim.seed},
        {.name = "--quiet", .type = CLI_OPT_FLAG, .value = &x->quiet},
        {.name = "--fleet", .type = CLI_OPT_FLAG, .value = &x->fleet},
    };
    struct tk_error err = {0};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (cli_is_help(a)) {
            exercise_usage(stdout);
            return -1;
        }
        int is_flag = strcmp(a, "--quiet") == 0 || strcmp(a, "--fleet") == 0;
        if (!is_flag && i + 1 < argc && has_control(argv[i + 1])) {
            cli_error("exercise: %s: the value holds a control character", a);
            return EXIT_USAGE;
        }
        int taken = cli_opt_parse(table, sizeof table / sizeof *table, "exercise", argc, argv,
                                  &i);
        if (taken < 0)
            return EXIT_USAGE;
        if (taken == 0) {
            cli_error("exercise: unexpected argument '%s' (see `takedown exercise --help`)", a);
            return EXIT_USAGE;
        }
    }
    if (x->out[0] == '\0') {
        cli_error("exercise: --out: expected a directory, got ''");
        return EXIT_USAGE;
    }
    struct stat st;
    if (stat(x->out, &st) == 0 && !S_ISDIR(st.st_mode)) {
        cli_error("exercise: --out: %s exists and is not a directory", x->out);
        return EXIT_USAGE;
    }
    if (tk_day_parse(x->date, &x->first, &err)) {
        cli_error("exercise: --date: %s", err.message);
        return EXIT_USAGE;
    }
    x->sim.days = x->days;
    x->sim.pool = x->sim.population * 10;
    struct tk_country_share mix[64];
    size_t count;
    if (tk_country_mix_parse(x->sim.mix, mix, 64, &count, &err)) {
        cli_error("exercise: --country-mix: %s", err.message);
        return EXIT_USAGE;
    }
    return 0;
}

/* Ctrl-C: every child stopped, then 130. */
static int stop_all(struct exercise *x)
{
    progress_done(&x->progress);
    if (step_child > 0)
        kill(step_child, SIGTERM);
    stop_sinkhole(x);
    exercise_cluster_stop(&x->cluster);
    cli_error("exercise: interrupted");
    return 130;
}

/* --fleet, stage 4: the cluster started, each node's logs shipped to its shard, the
 * reports and the bundles computed by the cluster, the cluster stopped. */
static int fleet_reports(struct exercise *x, char *from, char *to, char *by)
{
    char source[128];
    int rc = exercise_cluster_start(&x->cluster, path_in(x, "clickhouse"));
    if (rc)
        return rc;
    if (!x->quiet)
        printf("   ClickHouse shards on %s and %s (pids %d, %d)\n", x->cluster.url[0],
               x->cluster.url[1], (int)x->cluster.pid[0], (int)x->cluster.pid[1]);
    snprintf(source, sizeof source, "clickhouse://%s", x->cluster.url[0] + strlen("http://"));
    char *ship_a[] = {"fleet", "ship", "--once", "--to", x->cluster.url[0],
                      path_in(x, "events"), NULL};
    char *ship_b[] = {"fleet", "ship", "--once", "--to", x->cluster.url[1],
                      path_in(x, "events-b"), NULL};
    char *report_json[] = {"report", "--source", source, "--from", from, "--to", to, "--by", by,
                           "--format", "json", "--top", "0", "--out", path_in(x, "report.json"),
                           "--html", path_in(x, "report.html"), NULL};
    char *report_csv[] = {"report", "--source", source, "--from", from, "--to", to, "--by", by,
                          "--format", "csv", "--out", path_in(x, "report.csv"), NULL};
    char *report_table[] = {"report", "--source", source, "--from", from, "--to", to, "--by", by,
                            "--top", "10", "--out", path_in(x, "report.txt"), NULL};
    char *notify[] = {"notify", "--source", source, "--by", "country", "--from", from, "--to",
                      to, "--out", path_in(x, "notify"), "--quiet", NULL};
    rc = run(ship_a, path_in(x, "ship-a.log")) || run(ship_b, path_in(x, "ship-b.log"))
         || run(report_json, NULL) || run(report_csv, NULL) || run(report_table, NULL)
         || run(notify, path_in(x, "notify.log"));
    exercise_cluster_stop(&x->cluster);
    return rc ? EXIT_FAILURE_OP : EXIT_OK;
}

int cmd_exercise(int argc, char **argv, FILE *out)
{
    struct exercise x = {.out = "out/exercise", .date = "2020-03-01", .days = 7,
                         .p2p_nodes = 20000};
    char dns[64], http[64], smtp[64], metrics[64], nodes[24], seed[24];
    char http_b[64], smtp_b[64], metrics_b[64];
    struct check check = {0};
    int rc;
    (void)out;

    simulate_options_init(&x.sim);
    x.sim.population = 100000;
    x.sim.queries = 1;
    x.sim.threads = 16;
    if ((rc = parse(argc, argv, &x)))
        return rc < 0 ? EXIT_OK : rc;
    interrupt_catch();
    struct tk_error err = {0};
    if (tk_make_dirs(x.out, 0755, &err))
        return cli_fail(&err);
    mkdir(path_in(&x, "p2p"), 0755);

    stage(&x, 1, "predict: every family and known seed around the simulated days");
    rc = predict(&x);
    if (interrupted())
        return stop_all(&x);
    if (rc)
        return EXIT_FAILURE_OP;
    stage(&x, 2, x.fleet ? "two sinkhole nodes: HTTP and SMTP at node-a, DNS at node-b, on a "
                           "simulated clock"
                         : "sinkhole: DNS, HTTP and SMTP on loopback, on a simulated clock");
    rc = start_sinkhole(&x, 0, dns, http, smtp, metrics);
    if (rc == 0 && x.fleet)
        rc = start_sinkhole(&x, 1, dns, http_b, smtp_b, metrics_b);
    if (interrupted())
        return stop_all(&x);
    if (rc) {
        stop_sinkhole(&x);
        return EXIT_FAILURE_OP;
    }

    stage(&x, 3, "simulated infected population, one wave per day");
    rc = simulate(&x, dns, http, smtp, metrics);
    int sink_status = stop_sinkhole(&x);
    if (interrupted())
        return stop_all(&x);
    if (rc) {
        cli_error("exercise: the simulation did not finish; files so far are in %s", x.out);
        return EXIT_FAILURE_OP;
    }
    if (sink_status != 0)
        cli_error("exercise: warning: the sinkhole exited with status %d", sink_status);

    stage(&x, 4, x.fleet ? "two-shard ClickHouse, shipping, the report from the cluster, notify, "
                           "and the check against the injected truth"
                         : "report, notify, and the check against the injected truth");
    char events[4096], window_from[11], window_to[11];
    snprintf(events, sizeof events, "%s/events/*.jsonl", x.out);
    tk_day_format(x.first, window_from);
    tk_day_format(x.first + (tk_day)x.days - 1, window_to);
    char *by = "country,asn,family,day";
    if (x.fleet) {
        rc = fleet_reports(&x, window_from, window_to, by);
        if (interrupted())
            return stop_all(&x);
        if (rc)
            return EXIT_FAILURE_OP;
    } else {
        char *report_json[] = {"report", events, "--from", window_from, "--to", window_to,
                               "--by", by, "--format", "json", "--top", "0", "--out",
                               path_in(&x, "report.json"), "--html", path_in(&x, "report.html"),
                               "--save-counts", path_in(&x, "counts.tkc"), "--quiet", NULL};
        char *report_csv[] = {"report", "--counts", path_in(&x, "counts.tkc"), "--by", by,
                              "--format", "csv", "--out", path_in(&x, "report.csv"), "--quiet",
                              NULL};
        char *report_table[] = {"report", "--counts", path_in(&x, "counts.tkc"), "--by", by,
                                "--top", "10", "--out", path_in(&x, "report.txt"), "--quiet",
                                NULL};
        char *notify[] = {"notify", events, "--by", "country", "--from", window_from, "--to",
                          window_to, "--out", path_in(&x, "notify"), "--quiet", NULL};
        if (run(report_json, NULL) || run(report_csv, NULL) || run(report_table, NULL)
            || run(notify, path_in(&x, "notify.log")))
            return interrupted() ? stop_all(&x) : EXIT_FAILURE_OP;
    }

    json_error_t jerr;
    json_t *truth = json_load_file(path_in(&x, "truth.json"), 0, &jerr);
    json_t *report = truth ? json_load_file(path_in(&x, "report.json"), 0, &jerr) : NULL;
    if (truth == NULL || report == NULL) {
        cli_error("exercise: cannot read %s: %s", truth ? "report.json" : "truth.json", jerr.text);
        json_decref(truth);
        return EXIT_FAILURE_OP;
    }
    check_report(&x, truth, report, &check);
    if (!x.quiet)
        printf("   %s: %d of %d figures match what the simulation injected\n",
               check.failed ? "FAIL" : "ok", check.run - check.failed, check.run);

    stage(&x, 5, "P2P layer: a synthetic botnet and takedown strategies");
    snprintf(nodes, sizeof nodes, "%ld", x.p2p_nodes);
    snprintf(seed, sizeof seed, "%llu", (unsigned long long)x.sim.seed);
    char *generate[] = {"p2p", "generate", "--nodes", nodes, "--seed", seed,
                        "--out", path_in(&x, "p2p/observations.csv"), NULL};
    char *simulate[] = {"p2p", "simulate", path_in(&x, "p2p/observations.csv"), "--svg",
                        path_in(&x, "p2p/takedown.svg"), "--csv", path_in(&x, "p2p/curves.csv"),
                        "--json", "--no-geo", "--quiet", NULL};
    rc = run(generate, NULL) || run(simulate, path_in(&x, "p2p/simulation.json"));
    if (interrupted()) {
        json_decref(truth);
        json_decref(report);
        return stop_all(&x);
    }
    if (rc == 0)
        print_summary(&x, truth, report, &check);
    json_decref(truth);
    json_decref(report);
    return rc || check.failed ? EXIT_FAILURE_OP : EXIT_OK;
}
