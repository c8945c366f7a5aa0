/* hunt_evaluate.c - `takedown hunt --evaluate`: a detector trained without the evaluated
 * families, the synthetic population hunted (src/hunt/evaluate.c), and per family host
 * recall and cluster purity, the benign false-positive rate, beside the goals of issue 16
 * (docs/hunt.md). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/detect_cli.h"
#include "cli/exclude_option.h"
#include "cli/hunt_cli.h"
#include "cli/options.h"
#include "takedown/domain.h"
#include "takedown/hunt_eval.h"

#define GOAL_RECALL 0.99
#define GOAL_FPR 0.0001
#define GOAL_PURITY 0.95

struct eval_options {
    uint64_t seed;
    size_t clients, hosts;
    unsigned min_daily, max_daily, resolving;
    const char *benign, *samples, *per_family;
    int json, quiet;
};

static void evaluate_usage(FILE *f)
{
    fprintf(f,
"usage: takedown hunt --evaluate [--seed N] [--clients N] [--format table|json]\n"
"\n"
"Builds a synthetic resolver population (deterministic from --seed), hunts it, and reports\n"
"per family host recall and cluster purity, and the benign false-positive rate, beside\n"
"the goals (recall >= 99%% at 20 DGA queries a day, FPR <= 0.01%%, purity >= 95%%).\n"
"The detector is trained first with every evaluated family left out.\n"
"\n"
"  --seed N             the population's seed (default 1)\n"
"  --clients N          benign clients (default 20000)\n"
"  --hosts N            infected hosts per family (default 5)\n"
"  --min-daily N        DGA queries a day of each family's first host (default 20)\n"
"  --max-daily N        at most, for the others (default 500)\n"
"  --resolving PCT      percent of DGA names registered or sinkholed: answered (default 5)\n"
"  --benign DIR         benign lists (default: $TAKEDOWN_BENIGN, else ../shared/data/benign)\n"
"  --samples DIR        labelled real-world names, *.csv family,domain,date (default:\n"
"                       ../shared/data/dga-real-sample)\n"
"  --per-family N       generated names per family to train on (default 300)\n"
"  --format F           table (default) or json\n"
"  --quiet              no notes on standard error\n");
}

static int parse_eval_options(int argc, char **argv, struct eval_options *o)
{
    const struct cli_opt table[] = {
        {.name = "--seed", .type = CLI_OPT_U64, .value = &o->seed},
        {.name = "--clients", .type = CLI_OPT_SIZE, .value = &o->clients, .min = 1,
         .max = 1000000},
        {.name = "--hosts", .type = CLI_OPT_SIZE, .value = &o->hosts, .min = 1, .max = 255},
        {.name = "--min-daily", .type = CLI_OPT_UINT, .value = &o->min_daily, .min = 1,
         .max = 100000},
        {.name = "--max-daily", .type = CLI_OPT_UINT, .value = &o->max_daily, .min = 1,
         .max = 100000},
        {.name = "--resolving", .type = CLI_OPT_UINT, .value = &o->resolving, .min = 0,
         .max = 100},
        {.name = "--format", .type = CLI_OPT_CHOICE, .value = &o->json, .choices = "table|json"},
        {.name = "--json", .type = CLI_OPT_FLAG, .value = &o->json},
        {.name = "--benign", .type = CLI_OPT_TEXT, .value = &o->benign},
        {.name = "--samples", .type = CLI_OPT_TEXT, .value = &o->samples},
        {.name = "--per-family", .type = CLI_OPT_TEXT, .value = &o->per_family},
        {.name = "--quiet", .type = CLI_OPT_FLAG, .value = &o->quiet},
    };
    *o = (struct eval_options){.seed = 1, .clients = 20000, .hosts = 5, .min_daily = 20,
                               .max_daily = 500, .resolving = 5};
    for (int i = 1; i < argc; i++) {
        if (cli_is_help(argv[i])) {
            evaluate_usage(stdout);
            return -1;
        }
        int matched = cli_opt_parse(table, sizeof table / sizeof *table, "hunt --evaluate",
                                    argc, argv, &i);
        if (matched < 0)
            return EXIT_USAGE;
        if (!matched) {
            cli_error("hunt --evaluate: unexpected argument '%s'", argv[i]);
            return EXIT_USAGE;
        }
    }
    if (o->max_daily < o->min_daily) {
        cli_error("hunt --evaluate: --max-daily: expected at least --min-daily (%u), got %u",
                  o->min_daily, o->max_daily);
        return EXIT_USAGE;
    }
    return 0;
}

/* The sample CSV files of dir (free each and the array). */
static int sample_files(const char *dir, char ***files, size_t *count, struct tk_error *err)
{
    static const char *const names[] = {"dga_real_sample.csv", "dga_real_sample_2.csv"};
    *files = calloc(2, sizeof **files);
    *count = 0;
    for (size_t i = 0; *files && i < 2; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        FILE *f = fopen(path, "r");
        if (f == NULL)
            continue;
        fclose(f);
        if (((*files)[*count] = strdup(path)) != NULL)
            (*count)++;
    }
    if (*files == NULL)
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    if (*count == 0)
        return tk_error_set(err, TK_ERR_IO, "%s: no dga_real_sample*.csv (give --samples DIR)",
                            dir);
    return TK_OK;
}

struct eval_run {
    struct tk_hunt_eval_options options;
    struct tk_detector *detector;
    struct tk_allowlist *allow, *exclude;
    char **samples;
    size_t sample_count;
    char benign_fqdns[4096];
};

static int train(const struct eval_options *o, struct eval_run *run, struct tk_error *err)
{
    struct detect_options d = {0};
    struct tk_detect_training t;
    char **files = NULL, **labels = NULL;
    size_t label_count = 0;
    d.benign = o->benign;
    d.per_family = o->per_family ? o->per_family : "300";
    int rc = detect_training_setup(&d, &t, &files, err);
    if (rc == TK_OK)
        rc = tk_hunt_eval_families((const char *const *)run->samples, run->sample_count,
                                   &labels, &label_count, err);
    if (rc == TK_OK && label_count == 0)
        rc = tk_error_set(err, TK_ERR_DATA, "%s: no sample names a family (expected "
                          "family,domain,date rows)", run->samples[0]);
    if (rc == TK_OK && !o->quiet)
        cli_error("hunt: training the detector without the %zu evaluated families", label_count);
    if (rc == TK_OK)
        rc = tk_hunt_eval_detector(&t, labels, label_count, &run->detector, err);
    tk_hunt_eval_names_free(labels, label_count);
    detect_training_files_free(files);
    return rc;
}

static int prepare(const struct eval_options *o, struct eval_run *run, struct tk_error *err)
{
    const char *benign = o->benign ? o->benign : getenv("TAKEDOWN_BENIGN");
    int rc;
    if (benign == NULL || *benign == '\0')
        benign = "../shared/data/benign";
    snprintf(run->benign_fqdns, sizeof run->benign_fqdns,
             "%s/umbrella_top100k_2026-07-24_original.txt", benign);
    if ((rc = sample_files(o->samples ? o->samples : "../shared/data/dga-real-sample",
                           &run->samples, &run->sample_count, err))
        || (rc = tk_psl_init(err)) || (rc = train(o, run, err))
        || (rc = tk_allowlist_new(1, &run->allow, err))
        || (rc = exclude_option_load(1, NULL, &run->exclude, err)))
        return rc;
    struct tk_hunt_eval_options *e = &run->options;
    tk_hosts_options_default(&e->hunt);
    e->hunt.detector = run->detector;
    e->hunt.threshold = tk_detector_threshold(run->detector);
    e->hunt.allow = run->allow;
    e->hunt.exclude = run->exclude;
    e->seed = o->seed;
    e->benign_clients = o->clients;
    e->hosts_per_family = o->hosts;
    e->min_daily = o->min_daily;
    e->max_daily = o->max_daily;
    e->resolving = o->resolving;
    e->benign_fqdns = run->benign_fqdns;
    e->samples = (const char *const *)run->samples;
    e->sample_count = run->sample_count;
    return TK_OK;
}

struct totals {
    size_t hosts, infected, min_hosts, min_infected, families, pure;
};

static struct totals totals_of(const struct tk_hunt_eval_result *r)
{
    struct totals t = {0};
    for (size_t f = 0; f < r->family_count; f++) {
        const struct tk_hunt_eval_family *fam = &r->families[f];
        if (fam->hosts == 0)
            continue;
        t.hosts += fam->hosts;
        t.infected += fam->infected;
        t.min_hosts += fam->min_daily_hosts;
        t.min_infected += fam->min_daily_infected;
        t.families++;
        t.pure += fam->purity >= GOAL_PURITY;
    }
    return t;
}

static double share(size_t a, size_t b)
{
    return b ? (double)a / (double)b : 0;
}

static void print_table(FILE *out, const struct eval_run *run,
                        const struct tk_hunt_eval_result *r)
{
    struct totals t = totals_of(r);
    const struct tk_hunt_eval_options *e = &run->options;
    fprintf(out, "population: seed %llu, %zu benign clients, %zu infected hosts (%zu per family, "
                 "%u to %u DGA queries a day, %u%% of DGA names answered), %llu queries read "
                 "in %.2f s\n",
            (unsigned long long)e->seed, r->benign, t.hosts, e->hosts_per_family, e->min_daily,
            e->max_daily, e->resolving, (unsigned long long)r->queries, r->seconds);
    fprintf(out, "detector: threshold %.4f, trained without the %zu families below\n\n",
            e->hunt.threshold, r->family_count);
    fprintf(out, "%-16s %6s %7s %6s %8s %7s %8s %8s %7s\n", "family", "names", "scored", "hosts",
            "infected", "recall", "flagged", "purity", "cl.names");
    for (size_t f = 0; f < r->family_count; f++) {
        const struct tk_hunt_eval_family *fam = &r->families[f];
        if (fam->hosts == 0)
            continue;
        fprintf(out, "%-16s %6zu %6.1f%% %6zu %8zu %6.1f%% %8zu %7.1f%% %8zu\n", fam->name,
                fam->names, 100 * fam->name_recall, fam->hosts, fam->infected,
                100 * share(fam->infected, fam->hosts), fam->flagged, 100 * fam->purity,
                fam->cluster_names);
    }
    double fpr = share(r->benign_infected, r->benign);
    fprintf(out, "\nhost recall: %.2f%% (%zu of %zu); at %u DGA queries a day: %.2f%% (%zu of %zu)"
                 "  [goal >= 99%%: %s]\n",
            100 * share(t.infected, t.hosts), t.infected, t.hosts, e->min_daily,
            100 * share(t.min_infected, t.min_hosts), t.min_infected, t.min_hosts,
            share(t.infected, t.hosts) >= GOAL_RECALL ? "met" : "NOT met");
    fprintf(out, "host FPR: %.4f%% (%zu of %zu benign clients infected; %zu suspicious)"
                 "  [goal <= 0.01%%: %s]\n",
            100 * fpr, r->benign_infected, r->benign, r->benign_suspicious,
            fpr <= GOAL_FPR ? "met" : "NOT met");
    fprintf(out, "precision: %.2f%%\n", 100 * share(t.infected, t.infected + r->benign_infected));
    fprintf(out, "clusters: %zu (%zu mostly benign names); families with a cluster of purity >= "
                 "95%%: %zu of %zu  [goal every family: %s]\n",
            r->clusters, r->benign_clusters, t.pure, t.families,
            t.pure == t.families ? "met" : "NOT met");
}

static void print_json(FILE *out, const struct eval_run *run, const struct tk_hunt_eval_result *r)
{
    struct totals t = totals_of(r);
    const struct tk_hunt_eval_options *e = &run->options;
    double recall = share(t.infected, t.hosts), fpr = share(r->benign_infected, r->benign);
    fprintf(out, "{\"seed\":%llu,\"benign_clients\":%zu,\"infected_hosts\":%zu,\"queries\":%llu,"
                 "\"seconds\":%.3f,\"threshold\":%.4f,\"families\":[",
            (unsigned long long)e->seed, r->benign, t.hosts, (unsigned long long)r->queries,
            r->seconds, e->hunt.threshold);
    for (size_t f = 0, shown = 0; f < r->family_count; f++) {
        const struct tk_hunt_eval_family *fam = &r->families[f];
        if (fam->hosts == 0)
            continue;
        fprintf(out, "%s{\"family\":\"%s\",\"names\":%zu,\"name_recall\":%.4f,\"hosts\":%zu,"
                     "\"infected\":%zu,\"flagged\":%zu,\"recall\":%.4f,\"purity\":%.4f,"
                     "\"cluster_names\":%zu}",
                shown++ ? "," : "", fam->name, fam->names, fam->name_recall, fam->hosts,
                fam->infected, fam->flagged, share(fam->infected, fam->hosts), fam->purity,
                fam->cluster_names);
    }
    fprintf(out, "],\"recall\":%.4f,\"min_daily_recall\":%.4f,\"fpr\":%.6f,"
                 "\"benign_infected\":%zu,\"benign_suspicious\":%zu,\"precision\":%.4f,"
                 "\"clusters\":%zu,\"benign_clusters\":%zu,\"pure_families\":%zu,"
                 "\"goals\":{\"recall\":%s,\"fpr\":%s,\"purity\":%s}}\n",
            recall, share(t.min_infected, t.min_hosts), fpr, r->benign_infected,
            r->benign_suspicious, share(t.infected, t.infected + r->benign_infected), r->clusters,
            r->benign_clusters, t.pure, recall >= GOAL_RECALL ? "true" : "false",
            fpr <= GOAL_FPR ? "true" : "false", t.pure == t.families ? "true" : "false");
}

int hunt_evaluate(int argc, char **argv, FILE *out)
{
    struct eval_options o = {0};
    struct eval_run run = {0};
    struct tk_hunt_eval_result result = {0};
    struct tk_error err = {0};
    int rc = parse_eval_options(argc, argv, &o);
    if (rc)
        return rc < 0 ? EXIT_OK : rc;
    rc = prepare(&o, &run, &err);
    if (rc == TK_OK)
        rc = tk_hunt_evaluate(&run.options, &result, &err);
    if (rc == TK_OK && o.json)
        print_json(out, &run, &result);
    else if (rc == TK_OK)
        print_table(out, &run, &result);
    tk_hunt_eval_result_free(&result);
    tk_detector_free(run.detector);
    tk_allowlist_free(run.allow);
    tk_allowlist_free(run.exclude);
    for (size_t i = 0; i < run.sample_count; i++)
        free(run.samples[i]);
    free(run.samples);
    return rc == TK_OK ? EXIT_OK : cli_fail(&err);
}
