/* cmd_simulate.c - `takedown simulate bots`: a simulated infected population against a
 * sinkhole on loopback, for load tests and for the end-to-end exercise. It prints (and can
 * write as JSON) the ground truth that a report of the sinkhole's logs must reproduce. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/interrupt.h"
#include "cli/geo_option.h"
#include "cli/json.h"
#include "cli/number_option.h"
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
"only). Each bot has an address drawn from the geo database's networks in the country mix;\n"
"it looks names up over UDP with an EDNS Client Subnet option carrying its address, checks\n"
"in over HTTP, and spam bots deliver messages over SMTP. HTTP and SMTP connections start\n"
"with a PROXY protocol header (v1 and v2 alternately) presenting the bot's address. The run\n"
"is bounded by the population and --duration, and stops by itself.\n"
"\n"
"  --names FILE            names the bots use (a list or CSV from takedown predict)\n"
"  --population N          bots (default 1000)\n"
"  --country-mix MIX       CC=PERCENT,... (default " TK_DEFAULT_COUNTRY_MIX ";\n"
"                          the rest are from other countries)\n"
"  --spam-share F          share of bots that send spam, 0..1 (default 0.1)\n"
"  --queries N             DNS lookups per bot (default 3)\n"
"  --checkins N            HTTP requests per bot on one connection (default 2)\n"
"  --messages N            messages per spam bot (default 3)\n"
"  --recipients N          recipients per message (default 20)\n"
"  --recipient-pool N      distinct recipients the spam is drawn from (default 10 x population)\n"
"  --ecs-prefix N          Client Subnet source prefix (default 24)\n"
"  --rate R                bots started per second (default: as fast as possible)\n"
"  --duration S            stop starting bots after S seconds (default 120)\n"
"  --threads N             concurrent bots (default 8)\n"
"  --seed N                reproducible population and traffic (default 1)\n"
"  --geo-dir DIR           country.mmdb for the addresses (default: $TAKEDOWN_GEO_DIR or the\n"
"                          build's data/geo)\n"
"  --country-db FILE       a country .mmdb instead\n"
"  --truth FILE            write the ground truth as JSON (atomically)\n"
"  --json                  print the ground truth as JSON instead of a table\n");
}

struct simulate_options {
    const char *names_file, *dns, *http, *smtp, *mix, *geo_dir, *country_db, *truth;
    long population, queries, checkins, messages, recipients, pool, ecs_prefix, threads;
    double spam_share, rate, duration;
    unsigned long long seed;
    int json;
};

static int parse(int argc, char **argv, struct simulate_options *o)
{
    struct { const char *name; const char **slot; } texts[] = {
        {"--names", &o->names_file}, {"--dns", &o->dns}, {"--http", &o->http},
        {"--smtp", &o->smtp}, {"--country-mix", &o->mix}, {"--geo-dir", &o->geo_dir},
        {"--country-db", &o->country_db}, {"--truth", &o->truth},
    };
    struct { const char *name; long *slot; double lo, hi; } counts[] = {
        {"--population", &o->population, 1, 50000000}, {"--queries", &o->queries, 0, 1000},
        {"--checkins", &o->checkins, 0, 1000}, {"--messages", &o->messages, 0, 10000},
        {"--recipients", &o->recipients, 1, 256}, {"--recipient-pool", &o->pool, 1, 1e9},
        {"--ecs-prefix", &o->ecs_prefix, 0, 32}, {"--threads", &o->threads, 1, 64},
    };
    struct { const char *name; double *slot; double lo, hi; } reals[] = {
        {"--spam-share", &o->spam_share, 0, 1}, {"--rate", &o->rate, 0, 1e7},
        {"--duration", &o->duration, 0.1, 86400},
    };

    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        int done = 0;
        if (cli_is_help(a)) {
            simulate_usage(stdout);
            return -1;
        }
        if (strcmp(a, "--json") == 0) {
            o->json = 1;
            continue;
        }
        if (i + 1 >= argc) {
            cli_error("simulate: %s needs a value (see `takedown simulate --help`)", a);
            return EXIT_USAGE;
        }
        const char *v = argv[i + 1];
        for (size_t k = 0; k < sizeof texts / sizeof *texts && !done; k++)
            if (strcmp(a, texts[k].name) == 0) {
                *texts[k].slot = v;
                done = 1;
            }
        for (size_t k = 0; k < sizeof counts / sizeof *counts && !done; k++)
            if (strcmp(a, counts[k].name) == 0) {
                double d;
                if (cli_parse_number(v, counts[k].lo, counts[k].hi, &d) || d != (double)(long)d) {
                    cli_error("simulate: %s: expected a whole number from %.0f to %.0f, got '%s'",
                              a, counts[k].lo, counts[k].hi, v);
                    return EXIT_USAGE;
                }
                *counts[k].slot = (long)d;
                done = 1;
            }
        for (size_t k = 0; k < sizeof reals / sizeof *reals && !done; k++)
            if (strcmp(a, reals[k].name) == 0) {
                if (cli_parse_number(v, reals[k].lo, reals[k].hi, reals[k].slot)) {
                    cli_error("simulate: %s: expected a number from %g to %g, got '%s'", a,
                              reals[k].lo, reals[k].hi, v);
                    return EXIT_USAGE;
                }
                done = 1;
            }
        if (!done && strcmp(a, "--seed") == 0) {
            char *end;
            o->seed = strtoull(v, &end, 10);
            done = *end == '\0';
        }
        if (!done) {
            cli_error("simulate: unexpected argument '%s' (see `takedown simulate --help`)", a);
            return EXIT_USAGE;
        }
        i++;
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
    fprintf(out, "{\"bots\":%zu,\"bots_contacted\":%zu,\"spam_bots\":%zu,"
                 "\"dns_queries\":%llu,\"dns_answers\":%llu,\"dns_timeouts\":%llu,"
                 "\"http_requests\":%llu,\"http_ok\":%llu,\"smtp_messages\":%llu,"
                 "\"smtp_recipients\":%llu,\"distinct_recipients\":%llu,\"seconds\":%.3f,"
                 "\"seed\":%llu,\"country_mix\":",
            t->bots_started, t->bots_contacted, t->spam_bots,
            (unsigned long long)t->dns_queries, (unsigned long long)t->dns_answers,
            (unsigned long long)t->dns_timeouts, (unsigned long long)t->http_requests,
            (unsigned long long)t->http_ok, (unsigned long long)t->smtp_messages,
            (unsigned long long)t->smtp_recipients, (unsigned long long)t->distinct_recipients,
            t->seconds, o->seed);
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
    fprintf(out, "bots %zu (%zu made contact, %zu spam bots) in %.1f s\n", t->bots_started,
            t->bots_contacted, t->spam_bots, t->seconds);
    fprintf(out, "dns: %llu queries, %llu answered, %llu timed out\n",
            (unsigned long long)t->dns_queries, (unsigned long long)t->dns_answers,
            (unsigned long long)t->dns_timeouts);
    fprintf(out, "http: %llu check-ins, %llu accepted\n", (unsigned long long)t->http_requests,
            (unsigned long long)t->http_ok);
    fprintf(out, "smtp: %llu messages accepted, %llu recipients, %llu distinct\n",
            (unsigned long long)t->smtp_messages, (unsigned long long)t->smtp_recipients,
            (unsigned long long)t->distinct_recipients);
    fprintf(out, "bots that made contact, by country:\n");
    for (size_t i = 0; i < t->country_count && i < 15; i++)
        fprintf(out, "  %-3s %8zu  %6.2f %%\n", t->countries[i].code, t->countries[i].bots,
                t->bots_contacted ? 100.0 * (double)t->countries[i].bots / (double)t->bots_contacted : 0);
}

int cmd_simulate(int argc, char **argv, FILE *out)
{
    struct simulate_options o = {.mix = TK_DEFAULT_COUNTRY_MIX, .population = 1000,
                                 .queries = 3, .checkins = 2, .messages = 3, .recipients = 20,
                                 .ecs_prefix = 24, .threads = 8, .spam_share = 0.1,
                                 .duration = 120, .seed = 1};
    struct tk_address dns, http, smtp;
    struct tk_error err = {0};
    struct tk_geo *geo = NULL;
    struct tk_population population;
    struct tk_botsim_truth *truth = NULL;
    char **names = NULL;
    size_t name_count = 0;
    int rc;

    if (argc < 2 || cli_is_help(argv[1])) {
        simulate_usage(argc < 2 ? stderr : out);
        return argc < 2 ? EXIT_USAGE : EXIT_OK;
    }
    if (strcmp(argv[1], "bots") != 0) {
        cli_error("simulate: unknown simulation '%s' (expected bots)", argv[1]);
        return EXIT_USAGE;
    }
    if ((rc = parse(argc, argv, &o)))
        return rc < 0 ? EXIT_OK : rc;
    struct { const char *text; struct tk_address *addr; const char *name; } ends[] = {
        {o.dns, &dns, "--dns"}, {o.http, &http, "--http"}, {o.smtp, &smtp, "--smtp"}};
    for (size_t i = 0; i < 3; i++) {
        if (ends[i].text == NULL)
            continue;
        if (tk_address_parse(ends[i].text, ends[i].addr) != 0) {
            cli_error("simulate: %s: expected ADDR:PORT or [ADDR6]:PORT, got '%s'", ends[i].name,
                      ends[i].text);
            return EXIT_USAGE;
        }
        if (!tk_address_is_loopback(ends[i].addr)) {
            cli_error("simulate: %s %s: simulated bots only talk to loopback (127.0.0.0/8, ::1)",
                      ends[i].name, ends[i].text);
            return EXIT_USAGE;
        }
    }
    if (!o.dns && !o.http && !o.smtp) {
        cli_error("simulate: give at least one of --dns, --http, --smtp");
        return EXIT_USAGE;
    }
    if (o.names_file == NULL && (o.dns || o.http)) {
        cli_error("simulate: --names FILE is needed for DNS and HTTP");
        return EXIT_USAGE;
    }
    if (o.pool == 0)
        o.pool = o.population * 10;

    rc = o.names_file ? load_names(o.names_file, &names, &name_count, &err) : TK_OK;
    if (rc == TK_OK)
        rc = o.country_db ? tk_geo_open(&geo, o.country_db, NULL, &err)
                          : tk_geo_open_dir(&geo, o.geo_dir ? o.geo_dir : cli_default_geo_dir(), &err);
    if (rc == TK_OK)
        rc = tk_population_build(geo, o.mix, (size_t)o.population, o.spam_share, o.seed,
                                 &population, &err);
    if (rc == TK_OK) {
        struct tk_botsim_options bo = {
            o.dns ? &dns : NULL, o.http ? &http : NULL, o.smtp ? &smtp : NULL,
            (const char *const *)names, name_count, (int)o.queries, (int)o.checkins,
            (int)o.messages, (int)o.recipients, (size_t)o.pool, o.rate, o.duration,
            (int)o.threads, o.seed, (int)o.ecs_prefix, &interrupt_requested};
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
        if (o.truth) {
            struct tk_atomic_file file;
            rc = tk_atomic_open(&file, o.truth, &err);
            if (rc == TK_OK) {
                write_truth_json(file.fp, truth, &o);
                rc = tk_atomic_commit(&file, &err);
            }
        }
        if (o.json)
            write_truth_json(out, truth, &o);
        else
            print_truth(out, truth);
    }
    for (size_t i = 0; i < name_count; i++)
        free(names[i]);
    free(names);
    free(truth);
    tk_geo_close(geo);
    return rc == TK_OK ? EXIT_OK : cli_fail(&err);
}
