/* cmd_hunt.c - `takedown hunt hosts`: which clients of a resolver are infected, from its
 * logs (per-client evidence, verdicts, clusters of unknown DGAs: src/hunt); and `takedown
 * hunt --evaluate`, the synthetic evaluation (hunt_evaluate.c). docs/hunt.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/exclude_option.h"
#include "cli/hunt_cli.h"
#include "cli/hunt_options.h"
#include "cli/options.h"
#include "takedown/atomic_file.h"
#include "takedown/domain.h"
#include "takedown/index.h"

#define SHOWN_MALFORMED 10

struct hosts_options {
    const char *out, *infected_out, *input_format;
    const char *index, *from, *to, *days, *families, *seeds_file;
    const char *model, *allow, *exclude;
    int format, by_cluster;
    double threshold; /* below 0: the model's */
    unsigned min_attributed, min_cluster_names, min_group_names, min_scored_nx; /* 0: default */
    int no_local_seeds, no_default_allow, no_default_exclude, no_detect, flagged, quiet;
    int threads;
    char **files;
    size_t file_count;
};

static void hunt_usage(FILE *f)
{
    fprintf(f,
"usage: takedown hunt hosts [--format table|csv|json] [--out FILE] FILE...\n"
"       takedown hunt --evaluate [--seed N] [--clients N] [--format table|json]\n"
"\n"
"Finds the infected clients in a resolver's logs: per client, the DGA-like names it asked\n"
"for (by the detector's score, by NXDOMAIN, or attributed to a known family), how many were\n"
"NXDOMAIN, their scores and time pattern; names no family explains that several clients\n"
"ask for in the same pattern form clusters of unknown DGAs. A verdict per client:\n"
"infected, suspicious or clean (docs/hunt.md).\n"
"FILE: BIND, Unbound (log-replies gives the response code), dnstap (responses carry it),\n"
"JSON lines with a client and \"rcode\"; gzip or zstd or not; - for standard input.\n"
"\n"
"attribution of known families (off unless asked):\n"
"  --index FILE         an index from `takedown index build`\n"
"  --from D --to D      or generate the window for the candidate names (--days N)\n"
"  --families LIST      families to generate (default all); --seeds-file FILE more seeds;\n"
"                       --no-local-seeds ignores the local seeds file\n"
"  --exclude FILE       names never attributed nor candidates, on top of the built-in\n"
"                       popular domains (--no-default-exclude: without them)\n"
"detection:\n"
"  --threshold T        score from which a name is DGA-like (default: the model's)\n"
"  --model FILE         a model from `takedown detect --train` (default: built in)\n"
"  --allow FILE         more names never candidates (--no-default-allow: without the\n"
"                       built-in cloud and CDN list)\n"
"  --no-detect          no scoring: NXDOMAIN and attribution only\n"
"verdicts:\n"
"  --min-attributed N   attributed names that make a host infected (default 3)\n"
"  --min-cluster-names N  names of its cluster that make a host infected (default 5)\n"
"  --min-group-names N  names the same clients share that form a cluster (default 3)\n"
"  --min-scored-nx N    DGA-like NXDOMAIN names that make a host infected (default 10)\n"
"output:\n"
"  --format F           table (default), csv or json (also --json)\n"
"  --out FILE           write there (atomically) instead of standard output\n"
"  --flagged            csv and json: infected and suspicious hosts only\n"
"  --by hosts|clusters  csv: one row per host (default), or per name of each cluster\n"
"  --infected-out FILE  the infected hosts as time,client,family,tag CSV, which\n"
"                       `takedown notify` reads\n"
"  --input-format F     auto (default), bind, unbound, jsonl or dnstap\n"
"  --threads N          generator threads for --from (default: one per CPU)\n"
"  --quiet              no notes on standard error\n"
"\n"
"exit status: 0 success, 1 operational failure (an input could not be read, a log without\n"
"client addresses), 2 usage error.\n");
}

static int parse_hosts_options(int argc, char **argv, struct hosts_options *o)
{
    const struct cli_opt table[] = {
        {.name = "--format", .type = CLI_OPT_CHOICE, .value = &o->format,
         .choices = "table|csv|json"},
        {.name = "--json", .type = CLI_OPT_SET, .value = &o->format, .set = HUNT_JSON},
        {.name = "--by", .type = CLI_OPT_CHOICE, .value = &o->by_cluster,
         .choices = "hosts|clusters"},
        {.name = "--out", .type = CLI_OPT_TEXT, .value = &o->out},
        {.name = "--infected-out", .type = CLI_OPT_TEXT, .value = &o->infected_out},
        {.name = "--input-format", .type = CLI_OPT_TEXT, .value = &o->input_format},
        {.name = "--index", .type = CLI_OPT_TEXT, .value = &o->index},
        {.name = "--from", .type = CLI_OPT_DATE, .value = &o->from},
        {.name = "--to", .type = CLI_OPT_DATE, .value = &o->to},
        {.name = "--days", .type = CLI_OPT_TEXT, .value = &o->days},
        {.name = "--families", .type = CLI_OPT_TEXT, .value = &o->families},
        {.name = "--seeds-file", .type = CLI_OPT_TEXT, .value = &o->seeds_file},
        {.name = "--model", .type = CLI_OPT_TEXT, .value = &o->model},
        {.name = "--threshold", .type = CLI_OPT_REAL, .value = &o->threshold, .min = 0, .max = 1},
        {.name = "--allow", .type = CLI_OPT_TEXT, .value = &o->allow},
        {.name = "--exclude", .type = CLI_OPT_TEXT, .value = &o->exclude},
        {.name = "--min-attributed", .type = CLI_OPT_UINT, .value = &o->min_attributed,
         .min = 1, .max = 1000000},
        {.name = "--min-cluster-names", .type = CLI_OPT_UINT, .value = &o->min_cluster_names,
         .min = 1, .max = 1000000},
        {.name = "--min-group-names", .type = CLI_OPT_UINT, .value = &o->min_group_names,
         .min = 1, .max = 1000000},
        {.name = "--min-scored-nx", .type = CLI_OPT_UINT, .value = &o->min_scored_nx,
         .min = 1, .max = 1000000},
        {.name = "--threads", .type = CLI_OPT_THREADS, .value = &o->threads},
        {.name = "--no-local-seeds", .type = CLI_OPT_FLAG, .value = &o->no_local_seeds},
        {.name = "--no-default-allow", .type = CLI_OPT_FLAG, .value = &o->no_default_allow},
        {.name = "--no-default-exclude", .type = CLI_OPT_FLAG, .value = &o->no_default_exclude},
        {.name = "--no-detect", .type = CLI_OPT_FLAG, .value = &o->no_detect},
        {.name = "--flagged", .type = CLI_OPT_FLAG, .value = &o->flagged},
        {.name = "--quiet", .type = CLI_OPT_FLAG, .value = &o->quiet},
    };
    o->threshold = -1;
    if ((o->files = calloc((size_t)argc + 1, sizeof *o->files)) == NULL) {
        cli_error("out of memory");
        return EXIT_FAILURE_OP;
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (cli_is_help(a)) {
            hunt_usage(stdout);
            return -1;
        }
        int matched = cli_opt_parse(table, sizeof table / sizeof *table, "hunt", argc, argv, &i);
        if (matched < 0)
            return EXIT_USAGE;
        if (matched)
            continue;
        if (strcmp(a, "-") == 0 || a[0] != '-') {
            o->files[o->file_count++] = argv[i];
        } else {
            cli_error("hunt: unexpected argument '%s' (see `takedown hunt --help`)", a);
            return EXIT_USAGE;
        }
    }
    return 0;
}

/* The verdicts' thresholds the options give, over the defaults. */
static void set_counts(const struct hosts_options *o, struct tk_hosts_options *h)
{
    if (o->min_attributed)
        h->min_attributed = o->min_attributed;
    if (o->min_cluster_names)
        h->min_cluster_names = o->min_cluster_names;
    if (o->min_group_names)
        h->min_group_names = o->min_group_names;
    if (o->min_scored_nx)
        h->min_scored_nx = o->min_scored_nx;
}

/* What the hunt is given besides the logs. */
struct hunt_setup {
    struct tk_hosts_options options;
    struct tk_detector *detector;
    struct tk_allowlist *allow, *exclude;
    struct tk_index *index;
    enum hunt_format format;
    int by_cluster;     /* csv: one row per cluster name */
    enum tk_log_format input_format;
};

static int setup_detection(const struct hosts_options *o, struct hunt_setup *s,
                           struct tk_error *err)
{
    int rc;
    if (o->no_detect)
        return o->threshold >= 0 || o->model ? tk_error_set(err, TK_ERR_USAGE, "--no-detect "
                                                            "takes no --threshold or --model")
                                             : TK_OK;
    if ((rc = tk_detector_load(o->model, &s->detector, err)))
        return rc;
    s->options.detector = s->detector;
    s->options.threshold = o->threshold >= 0 ? o->threshold : tk_detector_threshold(s->detector);
    return TK_OK;
}

static int setup(const struct hosts_options *o, struct hunt_setup *s, struct tk_error *err)
{
    int rc;
    tk_hosts_options_default(&s->options);
    set_counts(o, &s->options);
    s->format = (enum hunt_format)o->format;
    s->by_cluster = o->by_cluster;
    if (s->by_cluster && s->format != HUNT_CSV)
        return tk_error_set(err, TK_ERR_USAGE, "--by clusters goes with --format csv");
    if (o->file_count == 0)
        return tk_error_set(err, TK_ERR_USAGE, "no input: give resolver logs, or - for "
                            "standard input (see `takedown hunt --help`)");
    if (o->index && (o->from || o->days || o->families || o->seeds_file))
        return tk_error_set(err, TK_ERR_USAGE, "--index fixes the window, families and seeds: "
                            "drop --from, --families and --seeds-file");
    if ((o->input_format && (rc = tk_log_format_parse(o->input_format, &s->input_format, err)))
        || (rc = tk_psl_init(err)) || (rc = setup_detection(o, s, err))
        || (rc = tk_allowlist_new(!o->no_default_allow, &s->allow, err))
        || (o->allow && (rc = tk_allowlist_add_file(s->allow, o->allow, err)))
        || (rc = exclude_option_load(!o->no_default_exclude, o->exclude, &s->exclude, err)))
        return rc;
    if (o->index && (rc = tk_index_open(o->index, &s->index, err)))
        return rc;
    s->options.allow = s->allow;
    s->options.exclude = s->exclude;
    s->options.index = s->index;
    return TK_OK;
}

/* The first malformed lines of a log, shown once the file is read, so that a file that
 * fails (no record, no client addresses) gives one line instead of a page of notes. */
struct held_notes {
    char lines[SHOWN_MALFORMED][sizeof ((struct tk_error *)0)->message];
    size_t count;
};

static void hold_note(struct held_notes *held, const char *message)
{
    if (held->count < SHOWN_MALFORMED)
        snprintf(held->lines[held->count++], sizeof held->lines[0], "%s", message);
}

/* The notes of a log that was read: its malformed lines and how it ended. */
static void show_notes(const struct hosts_options *o, const char *path,
                       struct tk_log_reader *reader, const struct held_notes *held)
{
    if (o->quiet)
        return;
    for (size_t i = 0; i < held->count; i++)
        cli_error("hunt: %s", held->lines[i]);
    if (tk_log_end_note(reader))
        cli_error("hunt: %s: %s", path, tk_log_end_note(reader));
    if (tk_log_malformed(reader) > SHOWN_MALFORMED)
        cli_error("hunt: %s: %llu malformed lines in all (the first %d are shown above)", path,
                  (unsigned long long)tk_log_malformed(reader), SHOWN_MALFORMED);
}

/* Reads one log into the hunt. TK_OK, TK_ERR_IO for a file that could not be read or has no
 * client addresses, TK_ERR_DATA for one with lines but no record, TK_ERR_NOMEM. */
static int read_log(const struct hosts_options *o, enum tk_log_format format, const char *path,
                    struct tk_hosts *hosts, struct tk_error *err)
{
    struct tk_log_reader *reader;
    struct tk_log_record rec;
    struct held_notes held;
    uint64_t without = tk_hosts_without_client(hosts), before = tk_hosts_queries(hosts);
    uint64_t records = 0;
    int rc;
    held.count = 0;
    if ((rc = tk_log_open(path, format, &reader, err)))
        return rc;
    while ((rc = tk_log_next(reader, &rec, err)) != TK_ERR_STOP) {
        if (rc == TK_ERR_DATA) {
            hold_note(&held, err->message);
            continue;
        }
        if (rc != TK_OK || (rc = tk_hosts_add(hosts, &rec)) != TK_OK)
            break;
        records++;
    }
    if (rc == TK_ERR_STOP)
        rc = TK_OK;
    if (rc == TK_OK && records == 0 && held.count)
        rc = tk_error_set(err, TK_ERR_DATA, "%.400s (and no line of the file is a log record)",
                          held.lines[0]);
    if (rc == TK_OK && tk_hosts_queries(hosts) > before
        && tk_hosts_without_client(hosts) - without == tk_hosts_queries(hosts) - before)
        rc = tk_error_set(err, TK_ERR_IO, "%s: the %s log names no client addresses; a host "
                          "hunt needs who asked (BIND, Unbound, dnstap, JSON with \"client\")",
                          path, tk_log_format_name(tk_log_reader_format(reader)));
    if (rc == TK_OK)
        show_notes(o, path, reader, &held);
    tk_log_close(reader);
    return rc == TK_ERR_NOMEM ? tk_error_set(err, rc, "out of memory") : rc;
}

/* Without --index, with --from: the index of only the candidate names, over the window. */
static int attribute_window(const struct hosts_options *o, struct tk_hosts *hosts,
                            struct tk_index **index, struct tk_error *err)
{
    const struct tk_family **families = NULL;
    struct tk_source_list list = {0};
    struct tk_predict_options po = {o->threads, NULL, NULL, NULL, NULL, NULL};
    struct tk_index_build_stats stats = {0};
    size_t count = tk_hosts_name_count(hosts), family_count = 0;
    const char **names = malloc((count + 1) * sizeof *names);
    size_t *lens = malloc((count + 1) * sizeof *lens);
    tk_day from, to;
    int given, rc = names && lens ? TK_OK : tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    if (rc == TK_OK)
        rc = cli_window(o->from, o->to, o->days, &from, &to, &given, err);
    if (rc == TK_OK && (rc = cli_families(o->families, &families, &family_count, err)) == TK_OK)
        rc = cli_attribution_sources(families, family_count, from, o->seeds_file,
                                     !o->no_local_seeds, &list, err);
    for (size_t i = 0; i < count && rc == TK_OK; i++) {
        names[i] = tk_hosts_name_at(hosts, i)->name;
        lens[i] = tk_hosts_name_at(hosts, i)->len;
    }
    if (rc == TK_OK)
        rc = tk_index_build_names(list.items, list.count, from, to, names, lens, count, &po,
                                  index, &stats, err);
    if (rc == TK_OK)
        tk_hosts_attribute(hosts, *index);
    free(families);
    free(names);
    free(lens);
    tk_sources_free(&list);
    return rc;
}

/* The report and the infected hosts' file, opened before the logs are read, so that an
 * output that cannot be written (a directory, a symbolic link) fails before a long hunt and
 * leaves nothing written. Zeroed: nothing open (committed or aborted files are zeroed). */
struct hunt_outputs {
    struct tk_atomic_file report, infected;
};

static int open_outputs(const struct hosts_options *o, struct hunt_outputs *out,
                        struct tk_error *err)
{
    int rc = tk_atomic_open(&out->report, o->out ? o->out : "-", err);
    if (rc == TK_OK && o->infected_out)
        rc = tk_atomic_open(&out->infected, o->infected_out, err);
    return rc;
}

static int write_outputs(const struct hosts_options *o, const struct hunt_setup *s,
                         const struct tk_hosts *hosts, int attributed, struct hunt_outputs *out,
                         struct tk_error *err)
{
    struct hunt_report report = {hosts, o->flagged, attributed, s->options.threshold};
    FILE *fp = out->report.fp;
    int rc;
    if (s->format == HUNT_JSON)
        hunt_write_json(fp, &report);
    else if (s->format == HUNT_CSV && s->by_cluster)
        hunt_write_cluster_csv(fp, &report);
    else if (s->format == HUNT_CSV)
        hunt_write_csv(fp, &report);
    else
        hunt_write_table(fp, &report);
    if ((rc = tk_atomic_commit(&out->report, err)) || out->infected.fp == NULL)
        return rc;
    hunt_write_infected(out->infected.fp, &report);
    return tk_atomic_commit(&out->infected, err);
}

static int hunt_hosts(const struct hosts_options *o, struct tk_error *err)
{
    struct hunt_setup s = {0};
    struct hunt_outputs out = {0};
    struct tk_hosts *hosts = NULL;
    struct tk_index *window = NULL;
    int rc = setup(o, &s, err);
    if (rc == TK_OK)
        rc = open_outputs(o, &out, err);
    if (rc == TK_OK && (hosts = tk_hosts_new(&s.options)) == NULL)
        rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < o->file_count && rc == TK_OK; i++)
        rc = read_log(o, s.input_format, o->files[i], hosts, err);
    if (rc == TK_OK && o->from)
        rc = attribute_window(o, hosts, &window, err);
    if (rc == TK_OK && !o->quiet && !tk_hosts_saw_rcode(hosts))
        cli_error("hunt: note: the logs carry no response codes: candidates are DGA-like or "
                  "attributed names only (no NXDOMAIN evidence)");
    if (rc == TK_OK && tk_hosts_finish(hosts))
        rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    if (rc == TK_OK)
        rc = write_outputs(o, &s, hosts, s.index || window, &out, err);
    tk_atomic_abort(&out.report);
    tk_atomic_abort(&out.infected);
    tk_hosts_free(hosts);
    tk_index_close(window);
    tk_index_close(s.index);
    tk_detector_free(s.detector);
    tk_allowlist_free(s.allow);
    tk_allowlist_free(s.exclude);
    return rc;
}

int cmd_hunt(int argc, char **argv, FILE *out)
{
    struct hosts_options o = {0};
    struct tk_error err = {0};
    (void)out;
    if (argc < 2 || cli_is_help(argv[1])) {
        hunt_usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? EXIT_USAGE : EXIT_OK;
    }
    if (strcmp(argv[1], "--evaluate") == 0 || strcmp(argv[1], "evaluate") == 0)
        return hunt_evaluate(argc - 1, argv + 1, out);
    if (strcmp(argv[1], "hosts") != 0) {
        cli_error("hunt: expected hosts or --evaluate, got '%s' (see `takedown hunt --help`)",
                  argv[1]);
        return EXIT_USAGE;
    }
    int rc = parse_hosts_options(argc - 1, argv + 1, &o);
    if (rc == 0)
        rc = hunt_hosts(&o, &err) == TK_OK ? EXIT_OK : cli_fail(&err);
    free(o.files);
    return rc < 0 ? EXIT_OK : rc;
}
