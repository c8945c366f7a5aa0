/* cmd_simulate.c - `takedown simulate bots`: a simulated infected population against a
 * sinkhole on loopback, for load tests and for the end-to-end exercise. It prints (and can
 * write as JSON) the ground truth that a report of the sinkhole's logs must reproduce. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/geo_option.h"
#include "cli/interrupt.h"
#include "cli/json.h"
#include "cli/options.h"
#include "cli/simulate_cli.h"
#include "takedown/atomic_file.h"
#include "takedown/botsim.h"
#include "takedown/geo.h"
#include "takedown/list_reader.h"
#include "takedown/population.h"
#include "takedown/read_file.h"

static void simulate_usage(FILE *f)
{
    fprintf(f,
"usage: takedown simulate bots --names FILE [--dns ADDR:PORT] [--http ADDR:PORT]\n"
"                              [--smtp ADDR:PORT] [options]\n"
"\n"
"Runs a simulated infected population against a sinkhole on loopback (127.0.0.0/8 or ::1\n"
"only), one wave per simulated day. Each bot has an address drawn from the geo database's\n"
"networks in the country mix and is switched on on some of the days. On each of them it\n"
"looks names up over UDP through its simulated resolver (a loopback source address; most\n"
"pass the bot's address on as EDNS Client Subnet), checks in over HTTP, and spam bots\n"
"deliver their day's share of messages over SMTP (pipelined). HTTP and SMTP connections\n"
"start with a PROXY protocol header (v1 and v2 alternately) presenting the bot's address.\n"
"The run is bounded by the population and --duration, and stops by itself.\n"
"\n"
"  --names FILE            names the bots use (a list or CSV from takedown predict)\n"
"  --population N          bots (default 1000)\n"
"  --days N                simulated days, one wave each (default 1, at most 31)\n"
"  --country-mix MIX       CC=PERCENT,... (default: India at 13.59 %% and 39 more; the rest\n"
"                          are from other countries; see docs/simulate.md)\n"
"  --queries N             DNS lookups per bot and day (default 2)\n"
"  --checkins N            HTTP requests per bot and day, on one connection (default 1)\n"
"  --resolvers N           simulated resolvers, 127.0.0.10 and up (default 8)\n"
"  --ecs-resolvers N       how many of them send Client Subnet (default 6)\n"
"  --ecs-prefix N          Client Subnet source prefix (default 32: the whole address)\n"
"  --spam-share F          share of bots that send spam, 0..1 (default 0.1)\n"
"  --spam-alpha A          Pareto shape of messages per spam bot over the run (default 1.2)\n"
"  --spam-min N            the fewest messages a spam bot sends (Pareto scale, default 2)\n"
"  --spam-max N            the most (default 5000)\n"
"  --recipients N          mean recipients per message (default 10; 1 to 2N-1, at most 100)\n"
"  --recipient-pool N      distinct recipients the spam is drawn from (default 10 x population)\n"
"  --rate R                bot-days started per second (default: as fast as possible)\n"
"  --sinkhole-metrics ADDR:PORT  the sinkhole's --metrics: new bots wait while more than\n"
"                          8192 events wait in its log queue, so that none is dropped\n"
"  --duration S            stop starting bots after S seconds (default 600)\n"
"  --threads N             concurrent bots (default 8)\n"
"  --seed N                reproducible population and traffic (default 1)\n"
"  --geo-dir DIR           country.mmdb for the addresses (default: $TAKEDOWN_GEO_DIR or the\n"
"                          build's data/geo)\n"
"  --country-db FILE       a country .mmdb instead\n"
"  --truth FILE            write the ground truth as JSON (atomically)\n"
"  --json                  print the ground truth as JSON instead of a table\n");
}

void simulate_options_init(struct simulate_options *o)
{
    memset(o, 0, sizeof *o);
    o->mix = TK_DEFAULT_COUNTRY_MIX;
    o->population = 1000;
    o->days = 1;
    o->queries = 2;
    o->checkins = 1;
    o->recipients = 10;
    o->resolvers = 8;
    o->ecs_resolvers = 6;
    o->ecs_prefix = 32;
    o->threads = 8;
    o->spam_min = 2;
    o->spam_max = 5000;
    o->spam_share = 0.1;
    o->spam_alpha = 1.2;
    o->duration = 600;
    o->seed = 1;
}

int simulate_parse(int argc, char **argv, int first, struct simulate_options *o, FILE *out)
{
    const struct cli_opt table[] = {
        {.name = "--names", .type = CLI_OPT_TEXT, .value = &o->names_file},
        {.name = "--dns", .type = CLI_OPT_TEXT, .value = &o->dns},
        {.name = "--http", .type = CLI_OPT_TEXT, .value = &o->http},
        {.name = "--smtp", .type = CLI_OPT_TEXT, .value = &o->smtp},
        {.name = "--sinkhole-metrics", .type = CLI_OPT_TEXT, .value = &o->metrics},
        {.name = "--country-mix", .type = CLI_OPT_TEXT, .value = &o->mix},
        {.name = "--geo-dir", .type = CLI_OPT_TEXT, .value = &o->geo_dir},
        {.name = "--country-db", .type = CLI_OPT_TEXT, .value = &o->country_db},
        {.name = "--truth", .type = CLI_OPT_TEXT, .value = &o->truth},
        {.name = "--population", .type = CLI_OPT_LONG, .value = &o->population, .min = 1,
         .max = 50000000},
        {.name = "--days", .type = CLI_OPT_LONG, .value = &o->days, .min = 1, .max = 31},
        {.name = "--queries", .type = CLI_OPT_LONG, .value = &o->queries, .max = 1000},
        {.name = "--checkins", .type = CLI_OPT_LONG, .value = &o->checkins, .max = 1000},
        {.name = "--recipients", .type = CLI_OPT_LONG, .value = &o->recipients, .min = 1,
         .max = 50},
        {.name = "--recipient-pool", .type = CLI_OPT_LONG, .value = &o->pool, .min = 1,
         .max = 1e9},
        {.name = "--resolvers", .type = CLI_OPT_LONG, .value = &o->resolvers, .min = 1,
         .max = 255},
        {.name = "--ecs-resolvers", .type = CLI_OPT_LONG, .value = &o->ecs_resolvers,
         .max = 255},
        {.name = "--ecs-prefix", .type = CLI_OPT_LONG, .value = &o->ecs_prefix, .max = 32},
        {.name = "--threads", .type = CLI_OPT_THREADS, .value = &o->threads},
        {.name = "--spam-min", .type = CLI_OPT_LONG, .value = &o->spam_min, .min = 1,
         .max = 1e6},
        {.name = "--spam-max", .type = CLI_OPT_LONG, .value = &o->spam_max, .min = 1,
         .max = 1e6},
        {.name = "--spam-share", .type = CLI_OPT_REAL, .value = &o->spam_share, .max = 1},
        {.name = "--spam-alpha", .type = CLI_OPT_REAL, .value = &o->spam_alpha, .min = 1.01,
         .max = 10},
        {.name = "--rate", .type = CLI_OPT_REAL, .value = &o->rate, .max = 1e7},
        {.name = "--duration", .type = CLI_OPT_REAL, .value = &o->duration, .min = 0.1,
         .max = 86400},
        {.name = "--seed", .type = CLI_OPT_U64, .value = &o->seed},
        {.name = "--json", .type = CLI_OPT_FLAG, .value = &o->json},
        {.name = "--quiet", .type = CLI_OPT_FLAG, .value = &o->quiet},
    };

    for (int i = first; i < argc; i++) {
        const char *a = argv[i];
        if (cli_is_help(a)) {
            simulate_usage(out);
            return -1;
        }
        int taken = cli_opt_parse(table, sizeof table / sizeof *table, "simulate", argc, argv,
                                  &i);
        if (taken < 0)
            return EXIT_USAGE;
        if (taken)
            continue;
        cli_error("simulate: unexpected argument '%s' (see `takedown simulate --help`)", a);
        return EXIT_USAGE;
    }
    return 0;
}

static void population_spec(const struct simulate_options *o, struct tk_population_spec *spec)
{
    spec->mix = o->mix;
    spec->bots = (size_t)o->population;
    spec->days = (int)o->days;
    spec->resolvers = (int)o->resolvers;
    spec->spam_share = o->spam_share;
    spec->spam_alpha = o->spam_alpha;
    spec->spam_min = (uint32_t)o->spam_min;
    spec->spam_max = (uint32_t)o->spam_max;
    spec->seed = o->seed;
}

int simulate_check(struct simulate_options *o)
{
    struct tk_address where;
    struct tk_population_spec spec;
    struct tk_error err = {0};
    struct { const char *text, *name; } ends[] = {
        {o->dns, "--dns"}, {o->http, "--http"}, {o->smtp, "--smtp"},
        {o->metrics, "--sinkhole-metrics"}};
    for (size_t i = 0; i < 4; i++) {
        if (ends[i].text == NULL)
            continue;
        if (tk_address_parse(ends[i].text, &where) != 0) {
            cli_error("simulate: %s: expected ADDR:PORT or [ADDR6]:PORT, got '%s'", ends[i].name,
                      ends[i].text);
            return EXIT_USAGE;
        }
        if (!tk_address_is_loopback(&where)) {
            cli_error("simulate: %s %s: simulated bots only talk to loopback (127.0.0.0/8, ::1)",
                      ends[i].name, ends[i].text);
            return EXIT_USAGE;
        }
    }
    if (!o->dns && !o->http && !o->smtp) {
        cli_error("simulate: give at least one of --dns, --http, --smtp");
        return EXIT_USAGE;
    }
    if (o->names_file == NULL && (o->dns || o->http)) {
        cli_error("simulate: --names FILE is needed for DNS and HTTP");
        return EXIT_USAGE;
    }
    if (o->ecs_resolvers > o->resolvers) {
        cli_error("simulate: --ecs-resolvers: at most --resolvers (%ld), got %ld", o->resolvers,
                  o->ecs_resolvers);
        return EXIT_USAGE;
    }
    if (o->spam_max < o->spam_min) {
        cli_error("simulate: --spam-max: at least --spam-min (%ld), got %ld", o->spam_min,
                  o->spam_max);
        return EXIT_USAGE;
    }
    if (o->pool == 0)
        o->pool = o->population * 10;
    population_spec(o, &spec);
    if (tk_population_spec_check(&spec, &err) != TK_OK) {
        cli_error("simulate: %s", err.message);
        return EXIT_USAGE;
    }
    return 0;
}

/* Reads the names file (plain list or CSV) into a NULL-free array. */
static int load_names(const char *path, char ***names, size_t *count, struct tk_error *err)
{
    FILE *f = tk_file_open(path, err);
    char *line = NULL;
    size_t cap = 0, n = 0, alloc = 0;
    ssize_t len;
    long lineno = 0;
    enum tk_list_kind kind = TK_LIST_PLAIN;
    struct tk_list_entry *entry = malloc(sizeof *entry);
    int rc = TK_OK, first = 1;

    *names = NULL;
    if (f == NULL || entry == NULL) {
        free(entry);
        tk_file_close(f);
        return f ? tk_error_set(err, TK_ERR_NOMEM, "out of memory") : TK_ERR_IO;
    }
    while (rc == TK_OK && (len = getline(&line, &cap, f)) >= 0) {
        int skip;
        lineno++;
        if (len && line[len - 1] == '\n')
            line[--len] = '\0';
        rc = tk_list_parse_line(line, (size_t)len, &kind, first, entry, &skip, err);
        if (len && line[0] != '#')
            first = 0;
        if (rc) {
            tk_error_prefix(err, "%s:%ld", path, lineno);
            break;
        }
        if (skip)
            continue;
        if (n == alloc) {
            alloc = alloc ? alloc * 2 : 1024;
            char **grown = realloc(*names, alloc * sizeof *grown);
            if (grown == NULL) {
                rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory");
                break;
            }
            *names = grown;
        }
        if (((*names)[n] = strndup(entry->name, entry->name_len)) == NULL) {
            rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory");
            break;
        }
        n++;
    }
    free(line);
    free(entry);
    tk_file_close(f);
    *count = n;
    if (rc == TK_OK && n == 0)
        rc = tk_error_set(err, TK_ERR_DATA, "%s: no names", path);
    return rc;
}

static void write_truth_json(FILE *out, const struct tk_botsim_truth *t,
                             const struct simulate_options *o)
{
    char top[46] = "";
    if (t->top_spam_messages)
        tk_address_text(&t->top_spam_bot, top, sizeof top);
    fprintf(out, "{\"population\":%ld,\"bots\":%zu,\"bots_seen\":%zu,\"days\":%d,\"bot_days\":%llu,"
                 "\"bots_seen_day\":[",
            o->population, t->bots_started, t->bots_seen, t->days,
            (unsigned long long)t->bot_days);
    for (int d = 0; d < t->days; d++)
        fprintf(out, "%s%zu", d ? "," : "", t->bots_seen_day[d]);
    fprintf(out, "],\"spam_bots\":%zu,\"dns_queries\":%llu,\"dns_answers\":%llu,"
                 "\"dns_timeouts\":%llu,\"dns_answers_ecs\":%llu,\"dns_answers_plain\":%llu,"
                 "\"resolvers_seen\":%zu,\"http_requests\":%llu,\"http_ok\":%llu,"
                 "\"smtp_messages\":%llu,\"smtp_recipients\":%llu,\"distinct_recipients\":%llu,"
                 "\"top_spam_bot\":{\"address\":\"%s\",\"country\":\"%s\",\"messages\":%llu,"
                 "\"recipients\":%llu,\"distinct_recipients\":",
            t->spam_bots, (unsigned long long)t->dns_queries, (unsigned long long)t->dns_answers,
            (unsigned long long)t->dns_timeouts, (unsigned long long)t->dns_answers_ecs,
            (unsigned long long)t->dns_answers_plain, t->resolvers_seen,
            (unsigned long long)t->http_requests, (unsigned long long)t->http_ok,
            (unsigned long long)t->smtp_messages, (unsigned long long)t->smtp_recipients,
            (unsigned long long)t->distinct_recipients, top, t->top_spam_country,
            (unsigned long long)t->top_spam_messages, (unsigned long long)t->top_spam_recipients);
    if (t->top_spam_distinct == UINT64_MAX)
        fputs("null", out);
    else
        fprintf(out, "%llu", (unsigned long long)t->top_spam_distinct);
    fprintf(out, "},\"spam_alpha\":%g,\"spam_min\":%ld,\"spam_max\":%ld,\"seconds\":%.3f,"
                 "\"seed\":%llu,\"country_mix\":",
            o->spam_alpha, o->spam_min, o->spam_max, t->seconds, (unsigned long long)o->seed);
    json_string(out, o->mix);
    fputs(",\"countries\":[", out);
    for (size_t i = 0; i < t->country_count; i++)
        fprintf(out, "%s{\"country\":\"%s\",\"bots\":%zu}", i ? "," : "", t->countries[i].code,
                t->countries[i].bots);
    fputs("]}\n", out);
}

static int compare_countries(const void *a, const void *b)
{
    const struct tk_country_truth *x = a, *y = b;
    return x->bots != y->bots ? (x->bots < y->bots ? 1 : -1) : strcmp(x->code, y->code);
}

static void print_truth(FILE *out, const struct tk_botsim_truth *t)
{
    char top[46] = "-";
    fprintf(out, "bots %zu started, %zu seen by the sinkhole as themselves, over %d day%s "
            "(%llu bot-days) in %.1f s\n", t->bots_started, t->bots_seen, t->days,
            t->days == 1 ? "" : "s", (unsigned long long)t->bot_days, t->seconds);
    fprintf(out, "dns: %llu queries, %llu answered (%llu with Client Subnet), %llu timed out, "
            "through %zu resolvers\n", (unsigned long long)t->dns_queries,
            (unsigned long long)t->dns_answers, (unsigned long long)t->dns_answers_ecs,
            (unsigned long long)t->dns_timeouts, t->resolvers_seen);
    fprintf(out, "http: %llu check-ins, %llu accepted\n", (unsigned long long)t->http_requests,
            (unsigned long long)t->http_ok);
    fprintf(out, "smtp: %zu spam bots, %llu messages accepted, %llu recipients, %llu distinct\n",
            t->spam_bots, (unsigned long long)t->smtp_messages,
            (unsigned long long)t->smtp_recipients, (unsigned long long)t->distinct_recipients);
    if (t->top_spam_messages) {
        tk_address_text(&t->top_spam_bot, top, sizeof top);
        fprintf(out, "top spam bot: %s (%s), %llu messages, %llu recipients\n", top,
                t->top_spam_country, (unsigned long long)t->top_spam_messages,
                (unsigned long long)t->top_spam_recipients);
    }
    fprintf(out, "bots seen, by country:\n");
    for (size_t i = 0; i < t->country_count && i < 15; i++)
        fprintf(out, "  %-3s %8zu  %6.2f %%\n", t->countries[i].code, t->countries[i].bots,
                t->bots_seen ? 100.0 * (double)t->countries[i].bots / (double)t->bots_seen : 0);
}

int simulate_run(const struct simulate_options *o, const struct simulate_hooks *hooks,
                 FILE *out)
{
    struct tk_address dns, http, smtp, metrics;
    struct tk_error err = {0};
    struct tk_geo *geo = NULL;
    struct tk_population population;
    struct tk_population_spec spec;
    struct tk_botsim_truth *truth = NULL;
    char **names = NULL;
    size_t name_count = 0;
    int rc;

    if (o->dns)
        tk_address_parse(o->dns, &dns);
    if (o->http)
        tk_address_parse(o->http, &http);
    if (o->smtp)
        tk_address_parse(o->smtp, &smtp);
    if (o->metrics)
        tk_address_parse(o->metrics, &metrics);
    population_spec(o, &spec);
    rc = o->names_file ? load_names(o->names_file, &names, &name_count, &err) : TK_OK;
    if (rc == TK_OK)
        rc = o->country_db ? tk_geo_open(&geo, o->country_db, NULL, &err)
                           : tk_geo_open_dir(&geo, o->geo_dir ? o->geo_dir : cli_default_geo_dir(),
                                             &err);
    if (rc == TK_OK)
        rc = tk_population_build(geo, &spec, &population, &err);
    if (rc == TK_OK) {
        struct tk_botsim_options bo = {
            .dns = o->dns ? &dns : NULL, .http = o->http ? &http : NULL,
            .smtp = o->smtp ? &smtp : NULL, .names = (const char *const *)names,
            .name_count = name_count, .queries_per_day = (int)o->queries,
            .checkins_per_day = (int)o->checkins, .recipients_per_message = (int)o->recipients,
            .recipient_pool = (size_t)o->pool, .resolvers = (int)o->resolvers,
            .ecs_resolvers = (int)o->ecs_resolvers, .ecs_prefix = (int)o->ecs_prefix,
            .rate = o->rate, .deadline = o->duration, .threads = o->threads,
            .seed = o->seed, .stop = &interrupt_requested,
            .metrics = o->metrics ? &metrics : NULL, .log_backlog_max = 8192,
            .next_day = hooks ? hooks->next_day : NULL,
            .progress = hooks ? hooks->progress : NULL, .arg = hooks ? hooks->arg : NULL};
        interrupt_catch();
        truth = malloc(sizeof *truth);
        rc = truth ? tk_botsim_run(&population, &bo, truth, &err)
                   : tk_error_set(&err, TK_ERR_NOMEM, "out of memory");
        tk_population_free(&population);
    }
    if (rc == TK_OK && interrupt_requested)
        cli_error("simulate: interrupted; the truth covers the bots started so far");
    if (rc == TK_OK) {
        qsort(truth->countries, truth->country_count, sizeof *truth->countries, compare_countries);
        if (o->truth) {
            struct tk_atomic_file file;
            rc = tk_atomic_open(&file, o->truth, &err);
            if (rc == TK_OK) {
                write_truth_json(file.fp, truth, o);
                rc = tk_atomic_commit(&file, &err);
            }
        }
        if (o->json)
            write_truth_json(out, truth, o);
        else if (!o->quiet)
            print_truth(out, truth);
    }
    for (size_t i = 0; i < name_count; i++)
        free(names[i]);
    free(names);
    free(truth);
    tk_geo_close(geo);
    return rc == TK_OK ? EXIT_OK : cli_fail(&err);
}

int cmd_simulate(int argc, char **argv, FILE *out)
{
    struct simulate_options o;
    int rc;

    if (argc < 2 || cli_is_help(argv[1])) {
        simulate_usage(argc < 2 ? stderr : out);
        return argc < 2 ? EXIT_USAGE : EXIT_OK;
    }
    if (strcmp(argv[1], "bots") != 0) {
        cli_error("simulate: unknown simulation '%s' (expected bots)", argv[1]);
        return EXIT_USAGE;
    }
    simulate_options_init(&o);
    if ((rc = simulate_parse(argc, argv, 2, &o, out)))
        return rc < 0 ? EXIT_OK : rc;
    if ((rc = simulate_check(&o)))
        return rc;
    return simulate_run(&o, NULL, out);
}
