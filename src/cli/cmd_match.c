/* cmd_match.c - `takedown match`: which clients queried names of which DGA family, seed and
 * date, from DNS logs (docs/match.md); one name at a time with --domain; and the seed
 * search of --discover-seeds (match_discover.c). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/exclude_option.h"
#include "cli/hunt_options.h"
#include "cli/options.h"
#include "cli/match_cli.h"
#include "cli/progress.h"
#include "takedown/detect.h"
#include "takedown/domain.h"
#include "takedown/hunt.h"
#include "takedown/index.h"
#include "takedown/logs.h"
#include "takedown/match.h"
#include "takedown/match_report.h"
#include "takedown/query_store.h"
#include "takedown/read_file.h"
#include "takedown/text.h"

#define MAX_DOMAINS 256
#define SHOWN_MALFORMED 10

struct match_options {
    const char *index;
    const char *from, *to, *days;
    const char *families;
    const char *seeds_file;
    int format;           /* enum match_format */
    int by_client;        /* --by client */
    const char *input_format;
    const char *model;
    const char *allow;
    double threshold;     /* -1: the model's */
    const char *discover;
    const char *range;
    const char *save;
    int min_names;        /* 0: not given */
    int date_slack;       /* -1: not given */
    const char *exclude;
    int any_date;
    int no_local_seeds;
    int no_known_seeds;
    int per_candidate;
    int no_default_allow;
    int no_default_exclude;
    int detect;
    int threads;
    int quiet;
    const char *domains[MAX_DOMAINS];
    size_t domain_count;
    char **files;
    size_t file_count;
};

static void match_usage(FILE *f)
{
    fprintf(f,
"usage: takedown match [--index FILE] [--format table|csv|json] [--detect] FILE...\n"
"       takedown match --domain NAME [--domain NAME ...] [--from D --to D] [--format F]\n"
"       takedown match --discover-seeds all|FAMILY[,FAMILY...] [--from D --to D]\n"
"                      [--range LO-HI] [--no-known-seeds] [--save | --save-to FILE] FILE...\n"
"\n"
"Finds the queries of DGA names in DNS logs and says which family, variant, seed and\n"
"dates generate each name, and which clients asked for them, how often, since when.\n"
"FILE: plain names (one per line), CSV with a domain column, BIND or Unbound query logs,\n"
"JSON lines (\"qname\" or \"name\"), dnstap; gzip or not; - for standard input.\n"
"\n"
"attribution:\n"
"  --index FILE         an index from `takedown index build` (mapped, starts at once);\n"
"                       without it, the window is generated once on every core against\n"
"                       the names read, in memory that grows with them, not the window\n"
"  --from D --to D      the window (default: two years either side of today)\n"
"  --days N             the window as N days from --from\n"
"  --families LIST      families to consider without an index (default all)\n"
"  --seeds-file FILE    more seeds; --no-local-seeds ignores the local seeds file\n"
"  --domain NAME        which family, seed and date produced NAME (no index needed)\n"
"  --date-slack N       a query with a time counts only when its family generates the\n"
"                       name within N days of it (default 7)\n"
"  --any-date           count every query of an indexed name, whenever it was made\n"
"  --exclude FILE       more names (with everything below them) never attributed, on top\n"
"                       of the built-in list of 113k popular registered domains that\n"
"                       short-label and dictionary families also generate\n"
"  --no-default-exclude without the built-in popular-domains list\n"
"\n"
"detection of unknown families:\n"
"  --detect             also report DGA-like names that no family explains, as\n"
"                       \"unknown DGA\" with their score\n"
"  --threshold T        score from which a name is reported (default: the model's)\n"
"  --model FILE         a model from `takedown detect --train` (default: built in)\n"
"  --allow FILE         more names (with everything below them) never reported as\n"
"                       unknown, on top of the built-in cloud and CDN list\n"
"  --no-default-allow   without the built-in allow-list\n"
"\n"
"seed discovery:\n"
"  --discover-seeds all|LIST  recover the seeds (and days) of the families in LIST that\n"
"                       generate the names in FILE: by inverting each family's generator\n"
"                       where it can, else by trying every seed of --range; reports each\n"
"                       seed with the names and days it explains and the chance figure,\n"
"                       and the names nothing explains\n"
"  --range LO-HI        only seeds in LO-HI (default: the whole space of families that\n"
"                       invert, 0-65535 for the others)\n"
"  --no-known-seeds     ignore the built-in seeds: search for every name\n"
"  --per-candidate      run the generator per seed of --range even where the family\n"
"                       inverts (slow; to check or bench an inversion)\n"
"  --min-names N        report seeds that explain at least N names (default 1)\n"
"  --save               merge the seeds found (not weak ones) into the local seeds file\n"
"                       ($TAKEDOWN_SEEDS or ~/.config/takedown/seeds), with the names,\n"
"                       days, date and command that found them; predict, index and match\n"
"                       read it\n"
"  --save-to FILE       merge them into FILE instead\n"
"\n"
"output:\n"
"  --format F           table (default), csv or json (also --json)\n"
"  --by name|client     csv: one row per name and source (default), or per client\n"
"  --input-format F     auto (default), names, csv, bind, unbound, jsonl or dnstap\n"
"  --threads N          generator threads (default: one per CPU)\n"
"  --quiet              no progress or notes on the terminal\n"
"\n"
"Malformed lines are reported on standard error with file and line, and counted.\n"
"exit status: 0 success, 1 operational failure (an input could not be read),\n"
"2 usage error.\n");
}

static int parse_options(int argc, char **argv, struct match_options *o)
{
    const struct cli_opt table[] = {
        {.name = "--index", .type = CLI_OPT_TEXT, .value = &o->index},
        {.name = "--from", .type = CLI_OPT_TEXT, .value = &o->from},
        {.name = "--to", .type = CLI_OPT_TEXT, .value = &o->to},
        {.name = "--days", .type = CLI_OPT_TEXT, .value = &o->days},
        {.name = "--families", .type = CLI_OPT_TEXT, .value = &o->families},
        {.name = "--seeds-file", .type = CLI_OPT_TEXT, .value = &o->seeds_file},
        {.name = "--format", .type = CLI_OPT_CHOICE, .value = &o->format,
         .choices = "table|csv|json"},
        {.name = "--json", .type = CLI_OPT_SET, .value = &o->format, .set = MATCH_JSON},
        {.name = "--by", .type = CLI_OPT_CHOICE, .value = &o->by_client, .choices = "name|client"},
        {.name = "--input-format", .type = CLI_OPT_TEXT, .value = &o->input_format},
        {.name = "--model", .type = CLI_OPT_TEXT, .value = &o->model},
        {.name = "--allow", .type = CLI_OPT_TEXT, .value = &o->allow},
        {.name = "--threshold", .type = CLI_OPT_REAL, .value = &o->threshold, .min = 0, .max = 1},
        {.name = "--discover-seeds", .type = CLI_OPT_TEXT, .value = &o->discover},
        {.name = "--range", .type = CLI_OPT_TEXT, .value = &o->range},
        {.name = "--min-names", .type = CLI_OPT_INT, .value = &o->min_names, .min = 1,
         .max = 1000000},
        {.name = "--date-slack", .type = CLI_OPT_INT, .value = &o->date_slack, .min = 0,
         .max = 3650},
        {.name = "--exclude", .type = CLI_OPT_TEXT, .value = &o->exclude},
        {.name = "--save-to", .type = CLI_OPT_TEXT, .value = &o->save},
        {.name = "--detect", .type = CLI_OPT_FLAG, .value = &o->detect},
        {.name = "--no-local-seeds", .type = CLI_OPT_FLAG, .value = &o->no_local_seeds},
        {.name = "--no-known-seeds", .type = CLI_OPT_FLAG, .value = &o->no_known_seeds},
        {.name = "--per-candidate", .type = CLI_OPT_FLAG, .value = &o->per_candidate},
        {.name = "--no-default-allow", .type = CLI_OPT_FLAG, .value = &o->no_default_allow},
        {.name = "--no-default-exclude", .type = CLI_OPT_FLAG, .value = &o->no_default_exclude},
        {.name = "--any-date", .type = CLI_OPT_FLAG, .value = &o->any_date},
        {.name = "--quiet", .type = CLI_OPT_FLAG, .value = &o->quiet},
        {.name = "--threads", .type = CLI_OPT_THREADS, .value = &o->threads},
    };
    o->threshold = -1;
    o->date_slack = -1;
    o->files = calloc((size_t)argc + 1, sizeof *o->files);
    if (o->files == NULL) {
        cli_error("out of memory");
        return EXIT_FAILURE_OP;
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (cli_is_help(a)) {
            match_usage(stdout);
            return -1;
        }
        int matched = cli_opt_parse(table, sizeof table / sizeof *table, "match", argc, argv, &i);
        if (matched < 0)
            return EXIT_USAGE;
        if (matched)
            continue;
        if (strcmp(a, "--domain") == 0) {
            if (i + 1 >= argc || o->domain_count == MAX_DOMAINS) {
                cli_error("match: --domain needs a value (at most %d of them)", MAX_DOMAINS);
                return EXIT_USAGE;
            }
            o->domains[o->domain_count++] = argv[++i];
        } else if (strcmp(a, "--save") == 0) {
            o->save = "";
        } else if (strcmp(a, "-") == 0 || a[0] != '-') {
            o->files[o->file_count++] = argv[i];
        } else {
            cli_error("match: unexpected argument '%s' (see `takedown match --help`)", a);
            return EXIT_USAGE;
        }
    }
    return 0;
}

/* The command line as one printable line (control bytes escaped), for provenance notes. */
static const char *command_line(int argc, char **argv, char *buf, size_t size)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    snprintf(buf, size, "takedown match");
    if (f == NULL)
        return buf;
    fputs("takedown match", f);
    for (int i = 1; i < argc; i++) {
        fputc(' ', f);
        tk_text_put_escaped(f, argv[i]);
    }
    if (fclose(f) == 0)
        snprintf(buf, size, "%s", text);
    free(text);
    return buf;
}

/* The window of the options, or two years either side of today. */
static int window_of(const struct match_options *o, tk_day *from, tk_day *to, struct tk_error *err)
{
    int given;
    int rc = cli_window(o->from, o->to, o->days, from, to, &given, err);
    if (rc == TK_OK && !given) {
        tk_day today = tk_day_from_unix((int64_t)time(NULL));
        *from = today - 730;
        *to = today + 730;
    }
    return rc;
}

static void on_progress(void *ctx, double done)
{
    progress_update(ctx, done, NULL);
}

/* The sources for an attribution without an index. */
static int load_sources(const struct match_options *o, tk_day from, struct tk_source_list *list,
                        struct tk_error *err)
{
    const struct tk_family **families = NULL;
    size_t count = 0;
    int rc;
    if (o->seeds_file) {
        FILE *f = tk_file_open(o->seeds_file, err);
        if (f == NULL)
            return TK_ERR_IO;
        tk_file_close(f);
    }
    if ((rc = cli_families(o->families, &families, &count, err)))
        return rc;
    rc = cli_attribution_sources(families, count, from, o->seeds_file, !o->no_local_seeds, list,
                                 err);
    free(families);
    return rc;
}

/* The index of only the names asked about: the window generated once, every source
 * streaming past the set of names on every core (tk_index_build_names). Unless quiet, a
 * note says what it took. */
static int build_names_index(const struct match_options *o, const struct tk_source_list *list,
                             tk_day from, tk_day to, const char *const *names,
                             const size_t *lens, size_t count, struct tk_index **index,
                             struct tk_error *err)
{
    struct progress bar;
    struct tk_predict_options po = {o->threads, on_progress, &bar, NULL, NULL, NULL};
    struct tk_index_build_stats stats = {0};
    struct timespec start;
    char label[96];
    snprintf(label, sizeof label, "generating the window for %zu name%s", count,
             count == 1 ? "" : "s");
    progress_start(&bar, label, o->quiet);
    clock_gettime(CLOCK_MONOTONIC, &start);
    int rc = tk_index_build_names(list->items, list->count, from, to, names, lens, count, &po,
                                  index, &stats, err);
    progress_done(&bar);
    if (rc == TK_OK && !o->quiet) {
        char a[11], b[11];
        tk_day_format(from, a);
        tk_day_format(to, b);
        cli_error("match: note: %s..%s: %zu of %zu sources could generate the names asked; "
                  "they generated %llu names in %.1f s, %llu of them asked",
                  a, b, stats.sources_run, list->count, (unsigned long long)stats.generated,
                  progress_seconds_since(&start), (unsigned long long)stats.names);
    }
    return rc;
}

/* ---- --domain ---- */

/* Lower-cases name without its trailing dot into out (256 bytes); 0 when it is no name. */
static size_t normalize(const char *name, char out[256])
{
    return tk_domain_valid_key(name, strlen(name), out);
}

static int run_domains(const struct match_options *o, enum match_format format, FILE *out,
                       struct tk_error *err)
{
    struct tk_source_list list = {0};
    struct tk_index *index = NULL;
    struct tk_hunt *hunt = NULL;
    struct tk_allowlist *exclude = NULL;
    char names[MAX_DOMAINS][256];
    const char *domain_list[MAX_DOMAINS], *attributed[MAX_DOMAINS];
    size_t lens[MAX_DOMAINS], attributed_count = 0;
    int excluded[MAX_DOMAINS] = {0};
    tk_day from, to;
    int rc;

    if (o->file_count)
        rc = tk_error_set(err, TK_ERR_USAGE, "--domain takes no input files");
    else if (o->index || o->detect)
        rc = tk_error_set(err, TK_ERR_USAGE, "--domain generates the names itself: no --index "
                          "or --detect");
    else
        rc = window_of(o, &from, &to, err);
    for (size_t i = 0; i < o->domain_count && rc == TK_OK; i++) {
        if (normalize(o->domains[i], names[i]) == 0)
            rc = tk_error_set(err, TK_ERR_USAGE, "--domain: '%s' is not a domain name",
                              o->domains[i]);
        domain_list[i] = names[i];
    }
    if (rc == TK_OK)
        rc = exclude_option_load(!o->no_default_exclude, o->exclude, &exclude, err);
    /* A name on the exclude list is never attributed, so it is not searched for. */
    for (size_t i = 0; i < o->domain_count && rc == TK_OK; i++) {
        excluded[i] = exclude && tk_allowlist_contains(exclude, names[i], strlen(names[i]));
        if (!excluded[i]) {
            attributed[attributed_count] = names[i];
            lens[attributed_count++] = strlen(names[i]);
        }
    }
    if (rc == TK_OK)
        rc = load_sources(o, from, &list, err);
    if (rc == TK_OK)
        rc = build_names_index(o, &list, from, to, attributed, lens, attributed_count, &index,
                               err);
    if (rc == TK_OK && (hunt = tk_hunt_new(index)) == NULL)
        rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < o->domain_count && rc == TK_OK; i++) {
        struct tk_index_hit hit;
        if (tk_index_lookup(index, names[i], strlen(names[i]), &hit)
            && tk_hunt_add(hunt, names[i], strlen(names[i]), &hit, 0, "", 0, INT64_MIN))
            rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    }
    if (rc == TK_OK && tk_hunt_finish(hunt))
        rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    if (rc == TK_OK) {
        struct tk_match_report report = {0};
        report.index = index;
        report.hunt = hunt;
        report.from = from;
        report.to = to;
        report.domains = domain_list;
        report.domain_excluded = excluded;
        report.domain_count = o->domain_count;
        if (format == MATCH_JSON)
            tk_match_write_json(out, &report);
        else if (format == MATCH_CSV)
            tk_match_write_csv(out, &report, 0);
        else
            tk_match_write_table(out, &report);
    }
    tk_hunt_free(hunt);
    tk_index_close(index);
    tk_sources_free(&list);
    tk_allowlist_free(exclude);
    return rc;
}

/* ---- log files ---- */

struct detection {
    struct tk_detector *detector;
    struct tk_allowlist *allow;
    double threshold;
};

/* What every query goes through. */
struct query_sink {
    struct tk_match_rules rules;
    struct tk_hunt *hunt;
    struct tk_match_report *report;
    struct tk_query_store *store; /* without --index: the queries until the index is built */
};

/* Attributes one query (or scores it with --detect) into the hunt. TK_OK or TK_ERR_NOMEM. */
static int attribute_query(struct query_sink *q, const char *name, size_t name_len,
                           const char *client, size_t client_len, int64_t time)
{
    return tk_match_query(&q->rules, q->hunt, &q->report->counts, name, name_len, client,
                          client_len, time);
}

/* Reads one input: each query is attributed at once with --index, else kept in the store.
 * Counts go to in. Returns TK_OK, or TK_ERR_NOMEM. */
static int read_input(const struct match_options *o, enum tk_log_format format,
                      struct query_sink *q, struct tk_match_input *in)
{
    struct tk_log_reader *reader;
    struct tk_log_record rec;
    struct tk_error err = {0};
    int rc;

    in->path = strcmp(in->path, "-") == 0 ? "(standard input)" : in->path;
    if (tk_log_open(strcmp(in->path, "(standard input)") == 0 ? "-" : in->path, format, &reader,
                    &err)) {
        in->failed = 1;
        snprintf(in->note, sizeof in->note, "%s", err.message);
        cli_error("match: %s", err.message);
        return TK_OK;
    }
    while ((rc = tk_log_next(reader, &rec, &err)) != TK_ERR_STOP) {
        if (rc == TK_ERR_DATA) {
            if (tk_log_malformed(reader) <= SHOWN_MALFORMED && !o->quiet)
                cli_error("match: %s", err.message);
            continue;
        }
        if (rc != TK_OK) {
            in->failed = 1;
            snprintf(in->note, sizeof in->note, "%s", err.message);
            cli_error("match: %s", err.message);
            break;
        }
        if (q->store ? tk_query_store_add(q->store, rec.name, rec.name_len, rec.client,
                                          rec.client_len, rec.time)
                     : attribute_query(q, rec.name, rec.name_len, rec.client, rec.client_len,
                                       rec.time)) {
            tk_log_close(reader);
            return TK_ERR_NOMEM;
        }
    }
    in->format = tk_log_reader_format(reader);
    in->records = tk_log_records(reader);
    in->skipped = tk_log_skipped(reader);
    in->malformed = tk_log_malformed(reader);
    if (!in->failed && tk_log_end_note(reader)) {
        snprintf(in->note, sizeof in->note, "%s", tk_log_end_note(reader));
        if (!o->quiet)
            cli_error("match: %s: %s", in->path, in->note);
    }
    if (in->malformed > SHOWN_MALFORMED && !o->quiet)
        cli_error("match: %s: %llu malformed lines in all (the first %d are shown above)",
                  in->path, (unsigned long long)in->malformed, SHOWN_MALFORMED);
    tk_log_close(reader);
    return TK_OK;
}

/* Without --index: the index of the stored queries' names, then every stored query. */
static int attribute_stored(const struct match_options *o, const struct tk_source_list *list,
                            struct query_sink *q, struct tk_index **index, struct tk_error *err)
{
    size_t count = tk_query_store_name_count(q->store);
    const char **names = malloc((count ? count : 1) * sizeof *names);
    size_t *lens = malloc((count ? count : 1) * sizeof *lens);
    int rc = TK_OK;
    if (names == NULL || lens == NULL)
        rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < count && rc == TK_OK; i++)
        names[i] = tk_query_store_name_at(q->store, i, &lens[i]);
    if (rc == TK_OK)
        rc = build_names_index(o, list, q->report->from, q->report->to, names, lens, count,
                               index, err);
    free(names);
    free(lens);
    q->rules.index = *index;
    if (rc == TK_OK && (q->hunt = tk_hunt_new(*index)) == NULL)
        rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < tk_query_store_count(q->store) && rc == TK_OK; i++) {
        struct tk_stored_query sq;
        tk_query_store_at(q->store, i, &sq);
        if (attribute_query(q, sq.name, sq.name_len, sq.client, sq.client_len, sq.time))
            rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    }
    return rc;
}

static int load_detection(const struct match_options *o, struct detection *det,
                          struct tk_error *err)
{
    int rc;
    if (!o->detect) {
        if (o->threshold >= 0 || o->model || o->allow || o->no_default_allow)
            return tk_error_set(err, TK_ERR_USAGE, "--threshold, --model, --allow and "
                                "--no-default-allow go with --detect");
        return TK_OK;
    }
    if ((rc = tk_psl_init(err)) || (rc = tk_detector_load(o->model, &det->detector, err)))
        return rc;
    det->threshold = tk_detector_threshold(det->detector);
    if (o->threshold >= 0)
        det->threshold = o->threshold;
    if ((rc = tk_allowlist_new(!o->no_default_allow, &det->allow, err))
        || (o->allow && (rc = tk_allowlist_add_file(det->allow, o->allow, err))))
        return rc;
    return TK_OK;
}

/* --index: the index file; else the window and sources the index of the queried names will
 * be built from, once every input is read. */
static int open_index_or_sources(const struct match_options *o, struct tk_index **index,
                                 struct tk_source_list *list, tk_day *from, tk_day *to,
                                 struct tk_error *err)
{
    int rc;
    if (o->index) {
        if (o->from || o->families || o->seeds_file)
            return tk_error_set(err, TK_ERR_USAGE, "--index fixes the window, families and "
                                "seeds: drop --from, --families and --seeds-file");
        if ((rc = tk_index_open(o->index, index, err)))
            return rc;
        tk_index_window(*index, from, to);
        return TK_OK;
    }
    if ((rc = window_of(o, from, to, err)))
        return rc;
    return load_sources(o, *from, list, err);
}

static int run_files(const struct match_options *o, enum match_format format, FILE *out,
                     struct tk_error *err)
{
    enum tk_log_format input_format = TK_LOG_AUTO;
    struct detection det = {0};
    struct tk_index *index = NULL;
    struct tk_source_list list = {0};
    struct tk_match_input *inputs = NULL;
    struct tk_match_report report = {0};
    struct tk_allowlist *exclude = NULL;
    struct query_sink q = {0};
    int rc, any_failed = 0;

    if (o->file_count == 0)
        return tk_error_set(err, TK_ERR_USAGE, "no input: give log files, - for standard input, "
                            "or --domain NAME (see `takedown match --help`)");
    if (o->input_format && (rc = tk_log_format_parse(o->input_format, &input_format, err)))
        return rc;
    report.date_slack = o->any_date ? -1
                        : o->date_slack >= 0 ? o->date_slack : TK_MATCH_DATE_SLACK;
    if ((rc = exclude_option_load(!o->no_default_exclude, o->exclude, &exclude, err)))
        return rc;
    q.rules.exclude = exclude;
    q.rules.date_slack = report.date_slack;
    q.report = &report;
    if ((rc = load_detection(o, &det, err)) == TK_OK
        && (rc = open_index_or_sources(o, &index, &list, &report.from, &report.to, err))
               == TK_OK) {
        q.rules.index = index;
        q.rules.detector = det.detector;
        q.rules.allow = det.allow;
        q.rules.threshold = det.threshold;
        if (index)
            q.hunt = tk_hunt_new(index);
        else
            q.store = tk_query_store_new();
        inputs = calloc(o->file_count, sizeof *inputs);
        if ((q.hunt == NULL && q.store == NULL) || inputs == NULL)
            rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < o->file_count && rc == TK_OK; i++) {
        inputs[i].path = o->files[i];
        if (read_input(o, input_format, &q, &inputs[i]))
            rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory");
        any_failed |= inputs[i].failed;
    }
    if (rc == TK_OK && q.store)
        rc = attribute_stored(o, &list, &q, &index, err);
    if (rc == TK_OK && tk_hunt_finish(q.hunt))
        rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    if (rc == TK_OK) {
        report.index = index;
        report.index_path = o->index;
        report.hunt = q.hunt;
        report.inputs = inputs;
        report.input_count = o->file_count;
        report.detect = o->detect;
        report.threshold = det.threshold;
        if (format == MATCH_JSON)
            tk_match_write_json(out, &report);
        else if (format == MATCH_CSV)
            tk_match_write_csv(out, &report, o->by_client);
        else
            tk_match_write_table(out, &report);
        if (fflush(out) != 0)
            rc = tk_error_set(err, TK_ERR_IO, "standard output: write failed: %s", strerror(errno));
        else if (any_failed)
            rc = tk_error_set(err, TK_ERR_IO, "some inputs could not be read (see above)");
    }
    free(inputs);
    tk_hunt_free(q.hunt);
    tk_query_store_free(q.store);
    tk_index_close(index);
    tk_sources_free(&list);
    tk_detector_free(det.detector);
    tk_allowlist_free(det.allow);
    tk_allowlist_free(exclude);
    return rc;
}

int cmd_match(int argc, char **argv, FILE *out)
{
    struct match_options o = {0};
    struct tk_error err = {0};
    int rc = parse_options(argc, argv, &o);

    if (rc < 0) {
        free(o.files);
        return EXIT_OK;
    }
    if (rc) {
        free(o.files);
        return rc;
    }
    if (o.discover) {
        struct match_discover_options d = {0};
        char command[1024];
        d.families = o.discover;
        d.seeds_file = o.seeds_file;
        d.exclude = o.exclude;
        d.no_local_seeds = o.no_local_seeds;
        d.no_known_seeds = o.no_known_seeds;
        d.per_candidate = o.per_candidate;
        d.no_default_exclude = o.no_default_exclude;
        d.command = command_line(argc, argv, command, sizeof command);
        d.from = o.from;
        d.to = o.to;
        d.days = o.days;
        d.range = o.range;
        d.save = o.save;
        d.min_names = o.min_names ? o.min_names : 1;
        d.threads = o.threads;
        d.quiet = o.quiet;
        d.format = (enum match_format)o.format;
        d.files = o.files;
        d.file_count = o.file_count;
        if (o.input_format && tk_log_format_parse(o.input_format, &d.input_format, &err)) {
            free(o.files);
            return cli_fail(&err);
        }
        if (o.domain_count || o.index || o.detect) {
            cli_error("match: --discover-seeds takes input files, not --domain, --index or --detect");
            free(o.files);
            return EXIT_USAGE;
        }
        rc = match_discover(&d, out);
        free(o.files);
        return rc;
    }
    if (o.save || o.range || o.min_names || o.no_known_seeds || o.per_candidate) {
        cli_error("match: --save, --save-to, --range, --min-names, --no-known-seeds and "
                  "--per-candidate go with --discover-seeds");
        free(o.files);
        return EXIT_USAGE;
    }
    if (o.domain_count)
        rc = run_domains(&o, (enum match_format)o.format, out, &err);
    else
        rc = run_files(&o, (enum match_format)o.format, out, &err);
    free(o.files);
    return rc == TK_OK ? EXIT_OK : cli_fail(&err);
}
