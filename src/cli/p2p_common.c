/* p2p_common.c - the options `p2p analyze` and `p2p simulate` share, and their run of the
 * P2P pipeline (tk_p2p_load) with its malformed rows, progress and timings shown (see
 * p2p_common.h). */
#include "cli/p2p_common.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/geo_option.h"
#include "cli/number_option.h"
#include "cli/progress.h"
#include "takedown/p2p_load.h"

void p2p_load_defaults(struct p2p_load_options *o)
{
    long online = sysconf(_SC_NPROCESSORS_ONLN);
    memset(o, 0, sizeof *o);
    o->show_malformed = 10;
    tk_p2p_analysis_defaults(&o->analysis);
    o->analysis.threads = online < 1 ? 1 : online > TK_MAX_THREADS ? TK_MAX_THREADS
                                                                   : (unsigned)online;
}

int p2p_parse_size(const char *command, const char *option, const char *text, uint64_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (text[0] < '0' || text[0] > '9' || *end != '\0' || errno) {
        cli_error("p2p %s: %s expects a whole number, not '%s'", command, option, text);
        return -1;
    }
    *out = v;
    return 0;
}

int p2p_parse_double(const char *command, const char *option, const char *text, double *out)
{
    if (cli_parse_number(text, 0, 1e9, out)) {
        cli_error("p2p %s: %s expects a non-negative number, not '%s'", command, option, text);
        return -1;
    }
    return 0;
}

int p2p_load_check(const struct p2p_load_options *o, const char *command)
{
    if (o->file_count > 0)
        return 0;
    cli_error("p2p %s: which observations? (give one or more files, or - for standard input)",
              command);
    return -1;
}

int p2p_format_option(enum p2p_format *format, int argc, char **argv, int *i)
{
    const char *a = argv[*i];
    if (strcmp(a, "--json") == 0) {
        *format = P2P_FORMAT_JSON;
        return 1;
    }
    if (strcmp(a, "--format") != 0 || *i + 1 >= argc)
        return 0;
    const char *f = argv[++*i];
    if (strcmp(f, "table") == 0) {
        *format = P2P_FORMAT_TABLE;
    } else if (strcmp(f, "csv") == 0) {
        *format = P2P_FORMAT_CSV;
    } else if (strcmp(f, "json") == 0) {
        *format = P2P_FORMAT_JSON;
    } else {
        cli_error("p2p %s: unknown format '%s' (table, csv or json)", argv[0], f);
        return -1;
    }
    return 1;
}

void p2p_load_usage(FILE *f)
{
    fprintf(f,
"  --strict              stop at the first malformed row (default: count and skip them)\n"
"  --show-malformed N    print the first N malformed rows with file and line (10)\n"
"  --geo-dir DIR         country.mmdb and asn.mmdb (or the ASN CSVs) in DIR\n"
"                        (default: $TAKEDOWN_GEO_DIR, else data/geo/ in the source tree)\n"
"  --country-db FILE     a country .mmdb (GeoLite2-Country or DB-IP layout)\n"
"  --asn-db FILE         an ASN .mmdb (GeoLite2-ASN layout)\n"
"  --no-geo              no country or ASN\n"
"  --min-reporters N     super-node threshold floor (3)\n"
"  --factor F            super-node threshold over the mean in-degree (4)\n"
"  --damping D           PageRank damping (0.85)\n"
"  --betweenness-samples K  sources for approximate betweenness (default: exact up to\n"
"                        %d nodes, else %d)\n"
"  --no-betweenness      skip betweenness\n"
"  --seed S              seed of source sampling and random strategies (1)\n"
"  --threads N           threads for betweenness (default: the processors online, at\n"
"                        most %d)\n"
"  --stats               phase timings and peak memory on stderr\n"
"  --quiet               no progress display\n", TK_BETWEENNESS_EXACT_MAX,
            TK_BETWEENNESS_DEFAULT_SAMPLES, TK_MAX_THREADS);
}

int p2p_load_option(struct p2p_load_options *o, int argc, char **argv, int *i)
{
    const char *a = argv[*i], *cmd = argv[0];
    int has = *i + 1 < argc;
    uint64_t v;
    double d;

    if (strcmp(a, "--strict") == 0) {
        o->strict = 1;
    } else if (strcmp(a, "--no-geo") == 0) {
        o->no_geo = 1;
    } else if (strcmp(a, "--no-betweenness") == 0) {
        o->analysis.betweenness = 0;
    } else if (strcmp(a, "--stats") == 0) {
        o->stats = 1;
    } else if (strcmp(a, "--quiet") == 0) {
        o->quiet = 1;
    } else if ((a[0] != '-' || strcmp(a, "-") == 0) && o->file_count < P2P_MAX_FILES) {
        o->files[o->file_count++] = a;
    } else if (!has) {
        return 0;
    } else if (strcmp(a, "--geo-dir") == 0) {
        o->geo_dir = argv[++*i];
    } else if (strcmp(a, "--country-db") == 0) {
        o->country_db = argv[++*i];
    } else if (strcmp(a, "--asn-db") == 0) {
        o->asn_db = argv[++*i];
    } else if (strcmp(a, "--show-malformed") == 0) {
        if (p2p_parse_size(cmd, a, argv[++*i], &v))
            return -1;
        o->show_malformed = v > 1000000 ? 1000000 : (unsigned)v;
    } else if (strcmp(a, "--min-reporters") == 0) {
        if (p2p_parse_size(cmd, a, argv[++*i], &v))
            return -1;
        o->analysis.min_reporters = v > UINT32_MAX ? UINT32_MAX : (unsigned)v;
    } else if (strcmp(a, "--factor") == 0) {
        if (p2p_parse_double(cmd, a, argv[++*i], &o->analysis.factor))
            return -1;
    } else if (strcmp(a, "--damping") == 0) {
        if (p2p_parse_double(cmd, a, argv[++*i], &d))
            return -1;
        if (d >= 1) {
            cli_error("p2p %s: --damping must be below 1", cmd);
            return -1;
        }
        o->analysis.damping = d;
    } else if (strcmp(a, "--betweenness-samples") == 0) {
        if (p2p_parse_size(cmd, a, argv[++*i], &v))
            return -1;
        o->analysis.betweenness_samples = (size_t)v;
    } else if (strcmp(a, "--threads") == 0) {
        if (p2p_parse_size(cmd, a, argv[++*i], &v))
            return -1;
        if (v < 1 || v > TK_MAX_THREADS) {
            cli_error("p2p %s: --threads must be between 1 and %d", cmd, TK_MAX_THREADS);
            return -1;
        }
        o->analysis.threads = (unsigned)v;
    } else if (strcmp(a, "--seed") == 0) {
        if (p2p_parse_size(cmd, a, argv[++*i], &o->analysis.seed))
            return -1;
    } else {
        return 0;
    }
    return 1;
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t0->tv_sec) + (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

void p2p_stats_phase(const struct p2p_load_options *o, const char *phase)
{
    static struct timespec last;
    static int started;
    struct rusage ru;
    if (!started) {
        clock_gettime(CLOCK_MONOTONIC, &last);
        started = 1;
    }
    if (!o->stats || phase == NULL)
        return;
    getrusage(RUSAGE_SELF, &ru);
    fprintf(stderr, "p2p: %-12s %8.3f s, peak RSS %ld MiB\n", phase, seconds_since(&last),
            ru.ru_maxrss / 1024);
    clock_gettime(CLOCK_MONOTONIC, &last);
}

static int open_geo(const struct p2p_load_options *o, struct tk_geo **geo)
{
    struct tk_error err = {0};
    *geo = NULL;
    if (o->no_geo)
        return EXIT_OK;
    if (o->country_db || o->asn_db)
        return tk_geo_open(geo, o->country_db, o->asn_db, &err) ? cli_fail(&err) : EXIT_OK;
    if (o->geo_dir)
        return tk_geo_open_dir(geo, o->geo_dir, &err) ? cli_fail(&err) : EXIT_OK;
    /* The default directory is optional: without it, places are simply unknown. A broken
     * database there is still an error. */
    if (tk_geo_open_dir(geo, cli_default_geo_dir(), &err) && err.status != TK_ERR_IO)
        return cli_fail(&err);
    return EXIT_OK;
}

/* The pipeline's reports: malformed rows (the first show_malformed of them), empty files,
 * the reading progress and, with --stats, the phases. */
struct load_display {
    const struct p2p_load_options *options;
    const struct tk_p2p_loaded *loaded;
    struct progress bar;
};

static void show_malformed(void *ctx, uint64_t number, const char *message)
{
    struct load_display *d = ctx;
    if (number <= d->options->show_malformed)
        cli_error("p2p: malformed row skipped: %s", message);
}

static void show_warning(void *ctx, const char *path, const char *message)
{
    (void)ctx;
    cli_error("p2p: warning: %s: %s", path, message);
}

static void show_progress(void *ctx, const char *path, double done)
{
    struct load_display *d = ctx;
    progress_update(&d->bar, done, path);
}

static void show_phase(void *ctx, const char *phase)
{
    struct load_display *d = ctx;
    const struct p2p_load_options *o = d->options;
    const struct tk_p2p_measures *m = &d->loaded->measures;
    if (strcmp(phase, "read") == 0) {
        progress_done(&d->bar);
        if (d->loaded->malformed > o->show_malformed)
            cli_error("p2p: ... and %llu more malformed rows",
                      (unsigned long long)(d->loaded->malformed - o->show_malformed));
    }
    p2p_stats_phase(o, phase);
    if (o->stats && strcmp(phase, "measure") == 0)
        fprintf(stderr, "p2p: pagerank %.3f s (%u iterations), betweenness %.3f s (%zu sources)\n",
                m->pagerank_seconds, m->pagerank_iterations, m->betweenness_seconds,
                m->betweenness_sources);
}

int p2p_load(const struct p2p_load_options *o, struct tk_p2p_loaded *l)
{
    struct load_display display = {o, l, {0}};
    struct tk_p2p_load_options lo = {o->files, o->file_count, o->strict, &o->analysis, NULL,
                                     show_malformed, show_warning, show_progress, show_phase,
                                     &display};
    struct tk_error err = {0};
    int status;

    memset(l, 0, sizeof *l);
    p2p_stats_phase(o, NULL);
    if ((status = open_geo(o, &lo.geo)))
        return status;
    progress_start(&display.bar, "reading", o->quiet);
    int rc = tk_p2p_load(&lo, l, &err);
    progress_done(&display.bar);
    l->geo = lo.geo;
    return rc ? cli_fail(&err) : EXIT_OK;
}

void p2p_loaded_free(struct tk_p2p_loaded *l)
{
    tk_p2p_loaded_free(l);
    tk_geo_close(l->geo);
    l->geo = NULL;
}
