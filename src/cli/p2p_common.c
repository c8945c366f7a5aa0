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
#include "cli/options.h"
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

/* "p2p SUBCOMMAND", the name the option table's messages start with. */
static const char *command_name(const char *subcommand, char buf[32])
{
    snprintf(buf, 32, "p2p %s", subcommand);
    return buf;
}

int p2p_format_option(enum p2p_format *format, int argc, char **argv, int *i)
{
    int chosen = (int)*format;
    char command[32];
    const struct cli_opt table[] = {
        {.name = "--format", .type = CLI_OPT_CHOICE, .value = &chosen,
         .choices = "table|csv|json"},
        {.name = "--json", .type = CLI_OPT_SET, .value = &chosen, .set = P2P_FORMAT_JSON},
    };
    int taken = cli_opt_parse(table, sizeof table / sizeof *table,
                              command_name(argv[0], command), argc, argv, i);
    *format = (enum p2p_format)chosen;
    return taken;
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
    struct tk_p2p_analysis_options *an = &o->analysis;
    const struct cli_opt table[] = {
        {.name = "--strict", .type = CLI_OPT_FLAG, .value = &o->strict},
        {.name = "--no-geo", .type = CLI_OPT_FLAG, .value = &o->no_geo},
        {.name = "--no-betweenness", .type = CLI_OPT_SET, .value = &an->betweenness, .set = 0},
        {.name = "--stats", .type = CLI_OPT_FLAG, .value = &o->stats},
        {.name = "--quiet", .type = CLI_OPT_FLAG, .value = &o->quiet},
        {.name = "--geo-dir", .type = CLI_OPT_TEXT, .value = &o->geo_dir},
        {.name = "--country-db", .type = CLI_OPT_TEXT, .value = &o->country_db},
        {.name = "--asn-db", .type = CLI_OPT_TEXT, .value = &o->asn_db},
        {.name = "--show-malformed", .type = CLI_OPT_UINT, .value = &o->show_malformed,
         .max = 1000000},
        {.name = "--min-reporters", .type = CLI_OPT_UINT, .value = &an->min_reporters,
         .max = UINT32_MAX},
        {.name = "--factor", .type = CLI_OPT_REAL, .value = &an->factor, .max = 1e9},
        {.name = "--damping", .type = CLI_OPT_REAL, .value = &an->damping, .max = 1},
        {.name = "--betweenness-samples", .type = CLI_OPT_SIZE, .value = &an->betweenness_samples,
         .max = 1e15},
        {.name = "--threads", .type = CLI_OPT_UINT, .value = &an->threads, .min = 1,
         .max = TK_MAX_THREADS},
        {.name = "--seed", .type = CLI_OPT_U64, .value = &an->seed},
    };
    const char *a = argv[*i];
    char command[32];

    if ((a[0] != '-' || strcmp(a, "-") == 0) && o->file_count < P2P_MAX_FILES) {
        o->files[o->file_count++] = a;
        return 1;
    }
    int taken = cli_opt_parse(table, sizeof table / sizeof *table,
                              command_name(argv[0], command), argc, argv, i);
    if (taken == 1 && strcmp(a, "--damping") == 0 && an->damping >= 1) {
        cli_error("%s: --damping must be below 1", command);
        return -1;
    }
    return taken;
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
