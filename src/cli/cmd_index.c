/* cmd_index.c - `takedown index build|info`: the attribution index that `takedown match`
 * looks names up in (docs/index.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/hunt_options.h"
#include "cli/json.h"
#include "cli/options.h"
#include "cli/progress.h"
#include "takedown/index.h"
#include "takedown/match_report.h"
#include "takedown/read_file.h"
#include "takedown/sources.h"

struct index_options {
    const char *action;
    const char *families;
    const char *from, *to, *days;
    const char *out;
    const char *seeds_file;
    const char *file;
    int no_local_seeds;
    int threads;
    int quiet;
    int json;
};

static void index_usage(FILE *f)
{
    fprintf(f,
"usage: takedown index build [--families all|LIST] --from D (--to D | --days N) --out FILE\n"
"       takedown index info FILE [--json]\n"
"\n"
"build: runs every family in LIST (default: all) with every variant and known seed, plus\n"
"the local seeds file and --seeds-file, over the window, and writes every name with the\n"
"family, variant, seed and days that generate it into FILE, an index `takedown match\n"
"--index FILE` maps into memory and searches without loading it.\n"
"info:  prints what an index holds.\n"
"\n"
"options:\n"
"  --families LIST      comma-separated families or aliases, or all (default)\n"
"  --from D --to D      the window, UTC days YYYY-MM-DD (or --days N)\n"
"  --out FILE           the index to write (atomically)\n"
"  --seeds-file FILE    more seeds: FAMILY[:VARIANT] KEY=VALUE;... per line\n"
"  --no-local-seeds     ignore the local seeds file ($TAKEDOWN_SEEDS or\n"
"                       ~/.config/takedown/seeds)\n"
"  --threads N          generator threads (default: one per CPU)\n"
"  --json               print the build summary or the info as JSON on standard output\n"
"  --quiet              no progress or summary on the terminal\n"
"\n"
"exit status: 0 success, 1 operational failure, 2 usage error.\n");
}

static int parse_options(int argc, char **argv, struct index_options *o)
{
    const struct cli_opt table[] = {
        {.name = "--families", .type = CLI_OPT_TEXT, .value = &o->families},
        {.name = "--from", .type = CLI_OPT_TEXT, .value = &o->from},
        {.name = "--to", .type = CLI_OPT_TEXT, .value = &o->to},
        {.name = "--days", .type = CLI_OPT_TEXT, .value = &o->days},
        {.name = "--out", .type = CLI_OPT_TEXT, .value = &o->out},
        {.name = "--seeds-file", .type = CLI_OPT_TEXT, .value = &o->seeds_file},
        {.name = "--no-local-seeds", .type = CLI_OPT_FLAG, .value = &o->no_local_seeds},
        {.name = "--quiet", .type = CLI_OPT_FLAG, .value = &o->quiet},
        {.name = "--json", .type = CLI_OPT_FLAG, .value = &o->json},
        {.name = "--threads", .type = CLI_OPT_THREADS, .value = &o->threads},
    };
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (cli_is_help(a)) {
            index_usage(stdout);
            return -1;
        }
        int taken = cli_opt_parse(table, sizeof table / sizeof *table, "index", argc, argv, &i);
        if (taken < 0)
            return EXIT_USAGE;
        if (taken)
            continue;
        if (a[0] != '-' && o->action == NULL) {
            o->action = a;
        } else if (a[0] != '-' && o->file == NULL) {
            o->file = a;
        } else {
            cli_error("index: unexpected argument '%s' (see `takedown index --help`)", a);
            return EXIT_USAGE;
        }
    }
    return 0;
}

static void on_progress(void *ctx, double done)
{
    progress_update(ctx, done, NULL);
}

static int build(const struct index_options *o, FILE *out, struct tk_error *err)
{
    const struct tk_family **families = NULL;
    struct tk_source_list list = {0};
    struct tk_index_build_stats stats = {0};
    tk_day from = 0, to = 0;
    int given, rc;

    if (o->file)
        return tk_error_set(err, TK_ERR_USAGE, "index build: unexpected argument '%s'", o->file);
    if ((rc = cli_window(o->from, o->to, o->days, &from, &to, &given, err)))
        return rc;
    if (!given)
        return tk_error_set(err, TK_ERR_USAGE, "index build needs a window: --from D --to D");
    if (o->out == NULL)
        return tk_error_set(err, TK_ERR_USAGE, "index build needs --out FILE");
    if (o->seeds_file) {
        FILE *f = tk_file_open(o->seeds_file, err);
        if (f == NULL)
            return TK_ERR_IO;
        tk_file_close(f);
    }
    size_t nfamilies = 0;
    if ((rc = cli_families(o->families, &families, &nfamilies, err)))
        return rc;
    rc = cli_attribution_sources(families, nfamilies, from, o->seeds_file, !o->no_local_seeds,
                                 &list, err);
    free(families);
    if (rc) {
        tk_sources_free(&list);
        return rc;
    }

    struct progress bar;
    struct timespec start;
    struct tk_predict_options po = {o->threads, on_progress, &bar, NULL, NULL, NULL};
    progress_start(&bar, "index", o->quiet);
    clock_gettime(CLOCK_MONOTONIC, &start);
    rc = tk_index_build(list.items, list.count, from, to, &po, o->out, &stats, err);
    progress_done(&bar);
    double seconds = progress_seconds_since(&start);
    if (rc == TK_OK) {
        char a[11], b[11];
        tk_day_format(from, a);
        tk_day_format(to, b);
        double per_name = stats.names ? (double)stats.file_bytes / (double)stats.names : 0;
        if (o->json) {
            fprintf(out, "{\"index\":");
            json_string(out, o->out);
            fprintf(out, ",\"from\":\"%s\",\"to\":\"%s\",\"sources\":%zu,\"generated\":%llu,"
                    "\"names\":%llu,\"ranges\":%llu,\"file_bytes\":%llu,"
                    "\"bytes_per_name\":%.1f,\"build_memory_bytes\":%zu,\"seconds\":%.2f}\n",
                    a, b, list.count, (unsigned long long)stats.generated,
                    (unsigned long long)stats.names, (unsigned long long)stats.ranges,
                    (unsigned long long)stats.file_bytes, per_name, stats.peak_bytes, seconds);
        } else if (!o->quiet) {
            fprintf(stderr, "index: %s: %llu names (%llu generated) from %zu sources, %s to %s; "
                    "%llu bytes (%.1f a name); %.1f s\n", o->out,
                    (unsigned long long)stats.names, (unsigned long long)stats.generated,
                    list.count, a, b, (unsigned long long)stats.file_bytes, per_name, seconds);
        }
    }
    tk_sources_free(&list);
    return rc;
}

static int info(const struct index_options *o, FILE *out, struct tk_error *err)
{
    struct tk_index *idx;
    int rc;
    if (o->file == NULL)
        return tk_error_set(err, TK_ERR_USAGE, "index info needs FILE");
    if ((rc = tk_index_open(o->file, &idx, err)))
        return rc;
    tk_day from, to;
    char a[11], b[11];
    tk_index_window(idx, &from, &to);
    tk_day_format(from, a);
    tk_day_format(to, b);
    uint64_t names = tk_index_name_count(idx);
    double per_name = names ? (double)tk_index_file_bytes(idx) / (double)names : 0;
    if (o->json) {
        fprintf(out, "{\"index\":");
        json_string(out, o->file);
        fprintf(out, ",\"from\":\"%s\",\"to\":\"%s\",\"built\":%lld,\"names\":%llu,"
                "\"ranges\":%llu,\"file_bytes\":%llu,\"bytes_per_name\":%.1f,\"sources\":[",
                a, b, (long long)tk_index_built(idx), (unsigned long long)names,
                (unsigned long long)tk_index_range_count(idx),
                (unsigned long long)tk_index_file_bytes(idx), per_name);
        for (size_t i = 0; i < tk_index_source_count(idx); i++) {
            struct tk_index_source s = tk_index_source_at(idx, i);
            fputs(i ? ",{" : "{", out);
            tk_match_write_source_json(out, &s);
            fprintf(out, ",\"dated\":%s}", s.dated ? "true" : "false");
        }
        fputs("]}\n", out);
    } else {
        fprintf(out, "index:    %s\nwindow:   %s to %s\nnames:    %llu (%llu day ranges)\n"
                "size:     %llu bytes (%.1f a name)\nsources:  %zu\n", o->file, a, b,
                (unsigned long long)names, (unsigned long long)tk_index_range_count(idx),
                (unsigned long long)tk_index_file_bytes(idx), per_name,
                tk_index_source_count(idx));
        for (size_t i = 0; i < tk_index_source_count(idx); i++) {
            struct tk_index_source s = tk_index_source_at(idx, i);
            fprintf(out, "  %-24s %-12s %s\n", s.family, s.variant, *s.seed ? s.seed : "-");
        }
    }
    tk_index_close(idx);
    return TK_OK;
}

int cmd_index(int argc, char **argv, FILE *out)
{
    struct index_options o = {0};
    struct tk_error err = {0};
    int rc = parse_options(argc, argv, &o);

    if (rc < 0)
        return EXIT_OK;
    if (rc)
        return rc;
    if (o.action == NULL) {
        index_usage(stderr);
        return EXIT_USAGE;
    }
    if (strcmp(o.action, "build") == 0) {
        rc = build(&o, out, &err);
    } else if (strcmp(o.action, "info") == 0) {
        rc = info(&o, out, &err);
    } else {
        cli_error("index: unknown action '%s' (build or info)", o.action);
        return EXIT_USAGE;
    }
    return rc == TK_OK ? EXIT_OK : cli_fail(&err);
}
