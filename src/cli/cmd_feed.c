/* cmd_feed.c - `takedown feed`: a live response policy zone for resolvers, served by AXFR and
 * IXFR with NOTIFY and TSIG, whose window of predicted names slides every day. Parses the
 * options, builds the sources, calls the feed library (src/feed) and prints its log. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include <xxhash.h>

#include "cli/cli.h"
#include "cli/exclude_option.h"
#include "cli/hunt_options.h"
#include "cli/options.h"
#include "takedown/detect.h"
#include "takedown/feed_server.h"
#include "takedown/json_write.h"
#include "takedown/read_file.h"
#include "takedown/sinkhole_options.h"
#include "takedown/text.h"

struct feed_options {
    const char *listen, *zone, *families, *seeds_file, *tsig_key;
    const char *allow_transfer, *notify, *journal, *today_file, *action, *redirect;
    const char *exclude, *manual;
    long back, ahead; /* below 0: not given */
    long slide_hour, ttl, journal_max;
    int exclude_popular;
    int wildcard;
    int json;
    int threads;
};

static void feed_usage(FILE *f)
{
    fprintf(f,
"usage: takedown feed --listen ADDR:PORT --zone NAME --family FAMILY[,FAMILY...]\n"
"                     --back DAYS --ahead DAYS [options]\n"
"\n"
"Serves a response policy zone (RPZ) of the names the families generate from today - DAYS\n"
"to today + DAYS, to resolvers that transfer it as secondaries: SOA over UDP and TCP, AXFR\n"
"and IXFR over TCP, NOTIFY after each slide. Every day (and on SIGHUP) the window slides:\n"
"the serial increases and the delta is journaled, so secondaries fetch only the change.\n"
"\n"
"zone content:\n"
"  --family F[,F...]     families; each with its built-in seeds and those of the local\n"
"                        seeds file ($TAKEDOWN_SEEDS or ~/.config/takedown/seeds)\n"
"  --seeds-file FILE     more seeds: FAMILY[:VARIANT] KEY=VALUE;... one a line\n"
"  --back DAYS           days before today in the window (0 to 3650)\n"
"  --ahead DAYS          days after today in the window (0 to 3650)\n"
"  --manual FILE         names always in the zone, one a line\n"
"  --exclude-popular     leave out the built-in popular registered domains\n"
"  --exclude FILE        leave out these names (one a line)\n"
"  --action nxdomain     answer NXDOMAIN for listed names (CNAME .; the default)\n"
"  --action redirect T   answer with a CNAME to T (the sinkhole's name)\n"
"  --ttl N               TTL of the zone's records (default 60)\n"
"  --wildcard            also block every name below each listed name (*.NAME)\n"
"\n"
"serving:\n"
"  --listen ADDR:PORT    UDP and TCP address (port 0: any free port)\n"
"  --zone NAME           the zone's name, e.g. rpz.takedown\n"
"  --tsig-key FILE       transfers must be signed with this key (BIND's key \"NAME\" {\n"
"                        algorithm hmac-sha256; secret \"...\"; }; format)\n"
"  --allow-transfer A,.. addresses or ADDR/PREFIX allowed to transfer (default loopback)\n"
"  --notify ADDR:PORT,.. secondaries to NOTIFY after each slide (retried 5 times)\n"
"  --journal DIR         keep the serial, day and deltas here (crash-safe); without it the\n"
"                        serial starts from the clock and deltas live in memory\n"
"  --journal-max N       deltas kept for IXFR (default 30); older serials get an AXFR\n"
"  --today-file FILE     read today (YYYY-MM-DD) from FILE at start and on SIGHUP\n"
"                        instead of the clock\n"
"  --slide-hour H        with the clock: the day changes at H:00 UTC (default 0)\n"
"  --threads N           generator threads (default: one per CPU)\n"
"  --format json         the ready line and the log as JSON objects, one a line\n"
"\n"
"Prints `ready feed=ADDR:PORT zone=NAME serial=N names=N` on stderr once it serves, then\n"
"one line per transfer, refusal, NOTIFY and slide. SIGHUP slides (re-reading\n"
"--today-file); SIGTERM or SIGINT stops it. Exit 0 after SIGTERM, 1 on failure, 2 usage.\n");
}

/* --action nxdomain, or --action redirect TARGET: one value or two. */
static int parse_action(int argc, char **argv, int *i, struct feed_options *o)
{
    int redirect = *i + 1 < argc && strcmp(argv[*i + 1], "redirect") == 0;
    if (*i + 1 + redirect >= argc) {
        cli_error("feed: --action needs nxdomain or redirect TARGET");
        return EXIT_USAGE;
    }
    o->action = argv[++*i];
    if (redirect)
        o->redirect = argv[++*i];
    return 0;
}

static int parse_options(int argc, char **argv, struct feed_options *o)
{
    const struct cli_opt table[] = {
        {.name = "--listen", .type = CLI_OPT_TEXT, .value = &o->listen},
        {.name = "--zone", .type = CLI_OPT_TEXT, .value = &o->zone},
        {.name = "--family", .type = CLI_OPT_TEXT, .value = &o->families},
        {.name = "--seeds-file", .type = CLI_OPT_TEXT, .value = &o->seeds_file},
        {.name = "--back", .type = CLI_OPT_LONG, .value = &o->back, .min = 0, .max = 3650},
        {.name = "--ahead", .type = CLI_OPT_LONG, .value = &o->ahead, .min = 0, .max = 3650},
        {.name = "--tsig-key", .type = CLI_OPT_TEXT, .value = &o->tsig_key},
        {.name = "--allow-transfer", .type = CLI_OPT_TEXT, .value = &o->allow_transfer},
        {.name = "--notify", .type = CLI_OPT_TEXT, .value = &o->notify},
        {.name = "--journal", .type = CLI_OPT_TEXT, .value = &o->journal},
        {.name = "--today-file", .type = CLI_OPT_TEXT, .value = &o->today_file},
        {.name = "--exclude", .type = CLI_OPT_TEXT, .value = &o->exclude},
        {.name = "--manual", .type = CLI_OPT_TEXT, .value = &o->manual},
        {.name = "--slide-hour", .type = CLI_OPT_LONG, .value = &o->slide_hour, .min = 0,
         .max = 23},
        {.name = "--ttl", .type = CLI_OPT_LONG, .value = &o->ttl, .min = 0, .max = 86400},
        {.name = "--journal-max", .type = CLI_OPT_LONG, .value = &o->journal_max, .min = 1,
         .max = 10000},
        {.name = "--format", .type = CLI_OPT_CHOICE, .value = &o->json, .choices = "text|json"},
        {.name = "--threads", .type = CLI_OPT_THREADS, .value = &o->threads},
        {.name = "--exclude-popular", .type = CLI_OPT_FLAG, .value = &o->exclude_popular},
        {.name = "--wildcard", .type = CLI_OPT_FLAG, .value = &o->wildcard},
    };
    o->back = o->ahead = -1;
    o->ttl = 60;
    o->journal_max = 30;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (cli_is_help(a)) {
            feed_usage(stdout);
            return -1;
        }
        int matched = cli_opt_parse(table, sizeof table / sizeof *table, "feed", argc, argv, &i);
        if (matched < 0)
            return EXIT_USAGE;
        if (matched)
            continue;
        if (strcmp(a, "--action") == 0) {
            if (parse_action(argc, argv, &i, o))
                return EXIT_USAGE;
        } else {
            cli_error("feed: unexpected argument '%s' (see `takedown feed --help`)", a);
            return EXIT_USAGE;
        }
    }
    return 0;
}

static int required(const struct feed_options *o, struct tk_error *err)
{
    const char *missing = !o->listen ? "--listen" : !o->zone ? "--zone"
                        : !o->families ? "--family" : o->back < 0 ? "--back"
                        : o->ahead < 0 ? "--ahead" : NULL;
    if (missing)
        return tk_error_set(err, TK_ERR_USAGE, "%s is required (see `takedown feed --help`)",
                            missing);
    if (o->action && strcmp(o->action, "nxdomain") != 0 && strcmp(o->action, "redirect") != 0)
        return tk_error_set(err, TK_ERR_USAGE, "--action: expected nxdomain or redirect TARGET");
    return TK_OK;
}

/* What "today" is: the day in --today-file, or the UTC day that began at --slide-hour. */
struct today_source {
    const char *file;
    long slide_hour;
};

static int read_today(void *ctx, tk_day *today, struct tk_error *err)
{
    const struct today_source *t = ctx;
    if (t->file == NULL) {
        *today = tk_day_from_unix((int64_t)time(NULL) - t->slide_hour * 3600);
        return TK_OK;
    }
    char *text = NULL;
    size_t len = 0;
    int rc = tk_read_small_file(t->file, 4096, &text, &len, err);
    if (rc)
        return rc;
    text[strcspn(text, " \t\r\n")] = '\0';
    rc = tk_day_parse(text, today, err);
    if (rc)
        tk_error_prefix(err, "%s", t->file);
    free(text);
    return rc;
}

static const char *const event_names[] = {"info", "transfer", "refused", "notify", "slide",
                                          "error"};

/* "feed: LINE", or with --format json {"event":"transfer","message":"LINE"}. */
static void print_log(void *ctx, enum tk_feed_event event, const char *line)
{
    const struct feed_options *o = ctx;
    if (o->json) {
        fprintf(stderr, "{\"event\":\"%s\",\"message\":", event_names[event]);
        tk_json_put_text(stderr, line);
        fputs("}\n", stderr);
    } else {
        fputs("feed: ", stderr);
        tk_text_put_escaped(stderr, line); /* a request's name cannot forge a log line */
        fputc('\n', stderr);
    }
    fflush(stderr);
}

/* Everything that shapes the zone's records, so that a journal of another one is not used. */
static uint64_t fingerprint(const struct feed_options *o, const struct tk_source_list *list,
                            const struct tk_feed_names *manual)
{
    XXH64_state_t *h = XXH64_createState();
    char back[24], ahead[24], ttl[24];
    snprintf(back, sizeof back, "%ld", o->back);
    snprintf(ahead, sizeof ahead, "%ld", o->ahead);
    snprintf(ttl, sizeof ttl, "%ld", o->ttl);
    const char *parts[] = {o->zone, o->redirect ? o->redirect : ".", back, ahead,
                           ttl, o->exclude_popular ? "popular" : "",
                           o->exclude ? o->exclude : "", o->wildcard ? "wildcard" : ""};
    XXH64_reset(h, 0);
    for (size_t i = 0; i < sizeof parts / sizeof *parts; i++)
        XXH64_update(h, parts[i], strlen(parts[i]) + 1);
    for (size_t i = 0; i < list->count; i++) {
        const struct tk_source *s = &list->items[i];
        XXH64_update(h, s->family->name, strlen(s->family->name) + 1);
        XXH64_update(h, s->variant->name, strlen(s->variant->name) + 1);
        XXH64_update(h, s->seed, strlen(s->seed) + 1);
    }
    if (manual->len)
        XXH64_update(h, manual->bytes, manual->len);
    uint64_t v = XXH64_digest(h);
    XXH64_freeState(h);
    return v;
}

/* The longest name that fits under the zone in a 253-character domain name (with "*."
 * before it for --wildcard). */
static size_t longest_name(const char *zone, int wildcard)
{
    size_t n = strlen(zone) + (wildcard ? 2 : 0);
    if (n > 0 && zone[strlen(zone) - 1] == '.')
        n--;
    return n < 250 ? 252 - n : 1;
}

/* The --listen address into the server's configuration. */
static int parse_listen(const char *text, struct tk_feed_server_config *c, struct tk_error *err)
{
    int rc = tk_parse_socket_address(text, 53, &c->listen, err);
    if (rc)
        tk_error_prefix(err, "--listen");
    return rc;
}

struct feed_run {
    struct tk_source_list sources;
    struct tk_feed_names manual;
    struct tk_allowlist *exclude;
    struct tk_tsig_key key;
    struct today_source today_source;
    struct tk_feed_server_config server;
    struct tk_feed_config feed;
};

static int configure(const struct feed_options *o, struct feed_run *r, tk_day *today,
                     struct tk_error *err)
{
    const struct tk_family **families = NULL;
    size_t family_count = 0;
    int rc;
    r->today_source.file = o->today_file;
    r->today_source.slide_hour = o->slide_hour;
    if ((rc = required(o, err))
        || (rc = parse_listen(o->listen, &r->server, err))
        || (rc = read_today(&r->today_source, today, err))
        || (rc = cli_families(o->families, &families, &family_count, err)))
        return rc;
    rc = cli_attribution_sources(families, family_count, *today - (tk_day)o->back,
                                 o->seeds_file, 1, &r->sources, err);
    free(families);
    if (rc == TK_OK && o->manual)
        rc = tk_feed_names_load(o->manual, &r->manual, err);
    if (rc == TK_OK)
        rc = exclude_option_load(o->exclude_popular, o->exclude, &r->exclude, err);
    if (rc == TK_OK && o->tsig_key)
        rc = tk_tsig_key_load(o->tsig_key, &r->key, err);
    if (rc == TK_OK && o->allow_transfer)
        rc = tk_feed_acl_parse(o->allow_transfer, &r->server.acl, err);
    if (rc == TK_OK && o->notify)
        rc = tk_feed_notify_parse(o->notify, &r->server, err);
    if (rc)
        return rc;
    r->feed.window = (struct tk_feed_window_config){
        r->sources.items, r->sources.count, (int)o->back, (int)o->ahead, r->exclude,
        &r->manual, o->threads, longest_name(o->zone, o->wildcard)};
    r->feed.journal_dir = o->journal;
    r->feed.journal_max = (size_t)o->journal_max;
    r->feed.fingerprint = fingerprint(o, &r->sources, &r->manual);
    r->server.zone = o->zone;
    r->server.redirect = o->redirect;
    r->server.ttl = (uint32_t)o->ttl;
    r->server.wildcard = o->wildcard;
    r->server.key = o->tsig_key ? &r->key : NULL;
    r->server.log = print_log;
    r->server.log_ctx = (void *)o;
    r->server.today = read_today;
    r->server.today_ctx = &r->today_source;
    r->server.poll_today = o->today_file == NULL;
    return TK_OK;
}

/* "ready feed=ADDR:PORT zone=NAME serial=N names=N today=DAY [restored] build=S memory=M":
 * what scripts wait for; or the same as a JSON object. */
static void print_ready(int json, const char *address, const char *zone,
                        const struct tk_feed_report *report, const char *day, size_t bytes)
{
    if (json) {
        fprintf(stderr, "{\"event\":\"ready\",\"feed\":\"%s\",\"zone\":", address);
        tk_json_put_text(stderr, zone);
        fprintf(stderr, ",\"serial\":%u,\"names\":%zu,\"today\":\"%s\",\"restored\":%s,"
                "\"build_seconds\":%.3f,\"memory_bytes\":%zu}\n", (unsigned)report->serial,
                report->names, day, report->restored ? "true" : "false", report->seconds, bytes);
    } else {
        fprintf(stderr, "ready feed=%s zone=%s serial=%u names=%zu today=%s%s build=%.2fs "
                "memory=%zuMB\n", address, zone, (unsigned)report->serial, report->names, day,
                report->restored ? " restored" : "", report->seconds, bytes >> 20);
    }
}

static int serve(struct feed_run *r, tk_day today, const sigset_t *signals, int json,
                 struct tk_error *err)
{
    struct tk_feed *feed = NULL;
    struct tk_feed_server *server = NULL;
    struct tk_feed_report report;
    int rc = tk_feed_open(&r->feed, today, &feed, &report, err);
    if (rc == TK_OK)
        rc = tk_feed_server_new(&r->server, feed, &server, err);
    int fd = rc == TK_OK ? signalfd(-1, signals, SFD_NONBLOCK | SFD_CLOEXEC) : -1;
    if (rc == TK_OK && fd < 0)
        rc = tk_error_set(err, TK_ERR_IO, "signalfd failed");
    if (rc == TK_OK) {
        char address[80], day[11];
        tk_feed_server_address(server, address, sizeof address);
        tk_day_format(report.today, day);
        print_ready(json, address, r->server.zone, &report, day,
                    tk_feed_window_bytes(tk_feed_window_of(feed)));
        fflush(stderr);
        rc = tk_feed_server_run(server, fd, err);
    }
    if (fd >= 0)
        close(fd);
    tk_feed_server_free(server);
    tk_feed_free(feed);
    return rc;
}

int cmd_feed(int argc, char **argv, FILE *out)
{
    struct feed_options o = {0};
    struct feed_run *r = calloc(1, sizeof *r);
    struct tk_error err = {0};
    sigset_t signals;
    tk_day today = 0;
    (void)out;
    if (r == NULL)
        return EXIT_FAILURE_OP;
    int rc = parse_options(argc, argv, &o);
    if (rc) {
        free(r);
        return rc < 0 ? EXIT_OK : rc;
    }
    /* SIGHUP waits for the server from the start (a slide once it serves); SIGTERM and
     * SIGINT stop the reading of the configuration as they stop any command (a key file
     * that never ends cannot hold it), and are blocked before the generator threads start,
     * so that only the signalfd sees them. */
    sigemptyset(&signals);
    sigaddset(&signals, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &signals, NULL);
    signal(SIGPIPE, SIG_IGN);
    rc = configure(&o, r, &today, &err);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &signals, NULL);
    if (rc == TK_OK)
        rc = serve(r, today, &signals, o.json, &err);
    tk_sources_free(&r->sources);
    tk_feed_names_free(&r->manual);
    tk_allowlist_free(r->exclude);
    free(r);
    return rc ? cli_fail(&err) : EXIT_OK;
}
