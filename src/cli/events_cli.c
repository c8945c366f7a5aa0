/* events_cli.c - options, globs and the scan shared by `report` and `notify` (see
 * events_cli.h). */
#include "cli/events_cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/geo_option.h"
#include "cli/progress.h"

const char events_options_help[] =
"Events (EVENTS...): the sinkholes' JSON-lines and binary logs, dnstap files (BIND, Unbound,\n"
"Knot, the sinkhole) and CSV of time,address[,tag]; plain, gzip or zstd, recognised by content.\n"
"Quoted globs are expanded ('logs/events-*.jsonl.gz'); '-' reads standard input.\n"
"  --from DAY, --to DAY   only events of these UTC days (inclusive, YYYY-MM-DD)\n"
"  --window Nd            N days: from --from, or up to --to, or else the N days to today\n"
"  --input-format F       auto (default), jsonl, csv, dnstap, binary\n"
"  --geo-db FILE          country database (.mmdb: GeoLite2/GeoIP2 Country, DB-IP)\n"
"  --asn-db FILE          ASN database (.mmdb: GeoLite2 ASN or one takedown built)\n"
"  --geo-dir DIR          country.mmdb and asn.mmdb (or the ASN CSVs) in DIR; default\n"
"                         $TAKEDOWN_GEO_DIR, else the data/geo/ that scripts/fetch-geo.sh fills\n"
"  --no-geo               no countries or networks\n"
"  --max-errors N         bad records listed on stderr (default 10; all are counted)\n"
"  --strict               exit 1 when any record was bad or a file was cut short\n"
"  --quiet                no progress bar\n";

void events_options_init(struct events_options *o)
{
    memset(o, 0, sizeof *o);
    o->input_format = TK_EVENTS_AUTO;
    o->max_errors = 10;
}

void events_options_free(struct events_options *o)
{
    for (size_t i = 0; i < o->path_count; i++)
        free(o->paths[i]);
    free(o->paths);
    free(o->patterns);
}

static int parse_count(const char *option, const char *text, unsigned long *out)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(text, &end, 10);
    if (errno || end == text || *end || text[0] == '-') {
        cli_error("%s: expected a number, got '%s'", option, text);
        return -1;
    }
    *out = v;
    return 0;
}

static int parse_window(const char *text, long *days)
{
    char *end;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (errno || end == text || v < 1 || v > 36600 || (*end && strcmp(end, "d") != 0)) {
        cli_error("--window: expected a number of days such as 7d, got '%s'", text);
        return -1;
    }
    *days = v;
    return 0;
}

static int parse_day(const char *option, const char *text, tk_day *day)
{
    struct tk_error err;
    if (tk_day_parse(text, day, &err)) {
        cli_error("%s: %s", option, err.message);
        return -1;
    }
    return 0;
}

int events_parse_option(struct events_options *o, int argc, char **argv, int *i)
{
    const char *a = argv[*i];
    const char *value = *i + 1 < argc ? argv[*i + 1] : NULL;
    struct tk_error err;
    static const char *const with_value[] = {"--from", "--to", "--window", "--input-format",
                                             "--geo-db", "--asn-db", "--geo-dir", "--max-errors",
                                             NULL};

    if (a[0] != '-' || strcmp(a, "-") == 0) {
        char **grown = realloc(o->patterns, (o->pattern_count + 1) * sizeof *grown);
        if (grown == NULL) {
            cli_error("out of memory");
            return -1;
        }
        o->patterns = grown;
        o->patterns[o->pattern_count++] = argv[*i];
        return 1;
    }
    if (strcmp(a, "--no-geo") == 0)
        return o->no_geo = 1;
    if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0)
        return o->quiet = 1;
    if (strcmp(a, "--strict") == 0)
        return o->strict = 1;
    for (const char *const *w = with_value; *w; w++) {
        if (strcmp(a, *w) != 0)
            continue;
        if (value == NULL) {
            cli_error("%s needs a value", a);
            return -1;
        }
        ++*i;
        if (strcmp(a, "--from") == 0)
            return parse_day(a, value, &o->from) ? -1 : (o->has_from = 1);
        if (strcmp(a, "--to") == 0)
            return parse_day(a, value, &o->to) ? -1 : (o->has_to = 1);
        if (strcmp(a, "--window") == 0)
            return parse_window(value, &o->window_days) ? -1 : 1;
        if (strcmp(a, "--input-format") == 0) {
            if (tk_event_format_parse(value, &o->input_format, &err)) {
                cli_error("%s", err.message);
                return -1;
            }
            return 1;
        }
        if (strcmp(a, "--max-errors") == 0)
            return parse_count(a, value, &o->max_errors) ? -1 : 1;
        if (strcmp(a, "--geo-db") == 0)
            o->geo_db = value;
        else if (strcmp(a, "--asn-db") == 0)
            o->asn_db = value;
        else
            o->geo_dir = value;
        return 1;
    }
    return 0;
}

static int add_path(struct events_options *o, const char *path)
{
    char **grown = realloc(o->paths, (o->path_count + 1) * sizeof *grown);
    if (grown == NULL)
        return -1;
    o->paths = grown;
    if ((o->paths[o->path_count] = strdup(path)) == NULL)
        return -1;
    o->path_count++;
    return 0;
}

/* A pattern that names an existing file (or '-') is that file; else it is a glob. */
static int expand(struct events_options *o, const char *pattern)
{
    struct stat st;
    glob_t g;
    int rc;

    if (strcmp(pattern, "-") == 0 || stat(pattern, &st) == 0 || strpbrk(pattern, "*?[") == NULL)
        return add_path(o, pattern) ? EXIT_FAILURE_OP : EXIT_OK;
    rc = glob(pattern, 0, NULL, &g);
    if (rc == GLOB_NOMATCH) {
        cli_error("%s: no file matches", pattern);
        return EXIT_FAILURE_OP;
    }
    if (rc != 0) {
        cli_error("%s: cannot expand the pattern", pattern);
        return EXIT_FAILURE_OP;
    }
    for (size_t i = 0; i < g.gl_pathc; i++) {
        if (add_path(o, g.gl_pathv[i])) {
            globfree(&g);
            cli_error("out of memory");
            return EXIT_FAILURE_OP;
        }
    }
    globfree(&g);
    return EXIT_OK;
}

int events_command_option(const char *a, const char *value, const char *const *names)
{
    while (*names && strcmp(a, *names) != 0)
        names++;
    if (*names == NULL) {
        cli_error("unknown option '%s' (see --help)", a);
        return -1;
    }
    if (value == NULL) {
        cli_error("%s needs a value", a);
        return -1;
    }
    return 0;
}

int events_finish_options(struct events_options *o)
{
    int rc;

    if (o->pattern_count == 0 && !o->events_optional) {
        cli_error("no events file given (see --help)");
        return EXIT_USAGE;
    }
    if (o->window_days) {
        if (o->has_from && o->has_to) {
            cli_error("--window with both --from and --to: give two of the three");
            return EXIT_USAGE;
        }
        if (o->has_from) {
            o->to = o->from + (tk_day)o->window_days - 1;
        } else {
            if (!o->has_to)
                o->to = tk_day_from_unix((int64_t)time(NULL));
            o->from = o->to - (tk_day)o->window_days + 1;
        }
        o->has_from = o->has_to = 1;
    }
    if (o->has_from && o->has_to && o->to < o->from) {
        cli_error("the window ends before it starts (--to is before --from)");
        return EXIT_USAGE;
    }
    for (size_t i = 0; i < o->pattern_count; i++)
        if ((rc = expand(o, o->patterns[i])))
            return rc;
    return EXIT_OK;
}

int events_open_geo(const struct events_options *o, int need_places, struct tk_geo **geo)
{
    struct tk_error err = {0};

    *geo = NULL;
    if (o->no_geo)
        return EXIT_OK;
    if (o->geo_db || o->asn_db)
        return tk_geo_open(geo, o->geo_db, o->asn_db, &err) ? cli_fail(&err) : EXIT_OK;
    if (tk_geo_open_dir(geo, o->geo_dir ? o->geo_dir : cli_default_geo_dir(), &err) == TK_OK)
        return EXIT_OK;
    if (err.status != TK_ERR_IO || o->geo_dir || need_places)
        return cli_fail(&err);
    return EXIT_OK;
}

struct scan_context {
    struct events_options *options;
    struct progress bar;
    size_t file_index;
    int (*contact)(void *arg, const struct tk_located *l, struct tk_error *err);
    void *arg;
};

static int on_contact(void *arg, const struct tk_located *l, struct tk_error *err)
{
    struct scan_context *ctx = arg;
    return ctx->contact(ctx->arg, l, err);
}

static void on_bad_record(void *arg, const struct tk_error *err)
{
    struct scan_context *ctx = arg;
    if (ctx->options->errors_shown++ < ctx->options->max_errors) {
        progress_done(&ctx->bar);
        cli_error("warning: %s", err->message);
    }
}

static void on_progress(void *arg, const char *path, uint64_t done, uint64_t size,
                        uint64_t contacts)
{
    struct scan_context *ctx = arg;
    char detail[512];
    double fraction = size ? (double)done / (double)size : 0.0;

    snprintf(detail, sizeof detail, "file %zu/%zu, %llu contacts, %s", ctx->file_index + 1,
             ctx->options->path_count, (unsigned long long)contacts, path);
    progress_update(&ctx->bar, fraction > 1.0 ? 1.0 : fraction, detail);
}

int events_scan(struct events_options *o, const struct tk_geo *geo,
                int (*contact)(void *arg, const struct tk_located *l, struct tk_error *err),
                void *arg, struct tk_scan **scan)
{
    struct tk_scan_options options = {
        .has_from = o->has_from, .has_to = o->has_to, .from = o->from, .to = o->to,
        .format = o->input_format, .geo = geo,
    };
    struct scan_context ctx = {.options = o, .contact = contact, .arg = arg};
    struct tk_scan_callbacks callbacks = {
        .contact = on_contact, .bad_record = on_bad_record, .progress = on_progress, .arg = &ctx,
    };
    struct tk_error err = {0};
    int status = EXIT_OK, cut = 0;

    if (tk_scan_new(scan, &options, &callbacks, &err))
        return cli_fail(&err);
    progress_start(&ctx.bar, "reading", o->quiet);
    for (ctx.file_index = 0; ctx.file_index < o->path_count; ctx.file_index++) {
        const char *path = o->paths[ctx.file_index];
        const struct tk_scan_file *f;
        int rc = tk_scan_file(*scan, path, &err);
        f = tk_scan_file_at(*scan, tk_scan_file_count(*scan) - 1);
        if (rc == TK_ERR_NOMEM || (rc && !f->failed)) {
            progress_done(&ctx.bar);
            return cli_fail(&err);
        }
        if (rc) {
            progress_done(&ctx.bar);
            cli_error("%s", err.message);
            status = EXIT_FAILURE_OP;
        }
        if (f->stats.truncated) {
            progress_done(&ctx.bar);
            cli_error("warning: %s: %s", path, f->stats.truncation);
            cut = 1;
        }
    }
    progress_done(&ctx.bar);
    if (o->errors_shown > o->max_errors)
        cli_error("warning: %llu bad records in all (the first %lu shown)",
                  (unsigned long long)tk_scan_bad_records(*scan), o->max_errors);
    if (o->strict && status == EXIT_OK && (tk_scan_bad_records(*scan) > 0 || cut)) {
        cli_error("--strict: %llu bad records%s", (unsigned long long)tk_scan_bad_records(*scan),
                  cut ? ", and a file was cut short" : "");
        status = EXIT_FAILURE_OP;
    }
    return status;
}
