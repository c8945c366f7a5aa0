/* cmd_report.c - `takedown report`: distinct infected addresses overall and by country,
 * network, day, family and seed, each with its share of the total; spam per bot; as a
 * table, CSV, JSON and a self-contained HTML page. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/events_cli.h"
#include "cli/fleet_cli.h"
#include "cli/options.h"
#include "takedown/atomic_file.h"
#include "takedown/fleet_report.h"
#include "takedown/hash64.h"
#include "takedown/read_file.h"
#include "takedown/report.h"
#include "takedown/tally.h"

#define DEFAULT_EXACT_LIMIT 1000000
#define TABLE_TOP 20

enum report_format { FORMAT_TABLE, FORMAT_CSV, FORMAT_JSON };

static void report_usage(FILE *f)
{
    fprintf(f,
"usage: takedown report EVENTS... [--from DAY --to DAY | --window Nd] [--by GROUPING ...]\n"
"                       [--format table|csv|json] [--html FILE] [--geo-db FILE] [--asn-db FILE]\n"
"\n"
"Counts the distinct source addresses of sinkhole events, overall and per group, each as a\n"
"share of the total (\"13.59 %% of the distinct infected addresses were in India\"), and\n"
"the spam each bot sent (messages, distinct recipients). Counts are exact up to\n"
"--exact-limit and HyperLogLog estimates beyond it; every output says which.\n"
"\n"
"  --by GROUPING          country, asn, day, family, seed, protocol; repeat or separate with\n"
"                         commas (default: country)\n"
"  --format F             table (default), csv, json; --json is --format json\n"
"  --out FILE             write the report to FILE (atomically) instead of standard output;\n"
"                         files (--out, --html, --save-counts) are written only when the\n"
"                         whole run succeeds\n"
"  --html FILE            also write one self-contained HTML page with charts\n"
"  --top N                groups listed per grouping (table: 20; csv and json: all); 0: all\n"
"  --exact-limit N        largest count kept exact (default %d); 0 estimates everything\n"
"  --save-counts FILE     also save the counts (exact sets, HyperLogLog sketches) to FILE\n"
"  --counts FILE          add counts saved by another run, e.g. at another sinkhole\n"
"                         (repeatable; EVENTS are then optional)\n"
"  --source clickhouse://HOST:PORT/DB   count in a fleet's ClickHouse cluster instead of\n"
"                         files (docs/fleet.md): the same report, computed there\n"
"  --approx               with --source: HyperLogLog counts (uniqCombined, about 0.3 %%\n"
"                         standard error), marked as estimates\n"
"  --user NAME, --password-file FILE   ClickHouse credentials (or the environment\n"
"                         variable TAKEDOWN_CLICKHOUSE_PASSWORD)\n"
"\n%s"
"\nExit status: 0 success (bad records are reported on stderr and counted in the report),\n"
"1 a file could not be read or written, 2 usage error.\n",
            DEFAULT_EXACT_LIMIT, events_options_help);
}

struct report_options {
    struct events_options events;
    unsigned dimensions;
    int format;                /* enum report_format */
    const char *out_path, *html_path;
    long top;                  /* -1: the format's default */
    long exact_limit;
    const char *save_counts;
    const char **counts;
    size_t counts_count;
    const char *source;
    int approx;
    struct fleet_credentials cred;
};

static int parse_by(struct report_options *o, const char *value)
{
    char copy[256], *save = NULL;
    struct tk_error err;

    if (strlen(value) >= sizeof copy) {
        cli_error("--by: too long");
        return -1;
    }
    strcpy(copy, value);
    for (char *name = strtok_r(copy, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
        enum tk_dimension d;
        if (tk_dimension_parse(name, &d, &err)) {
            cli_error("--by: %s", err.message);
            return -1;
        }
        o->dimensions |= 1u << d;
    }
    return 0;
}

/* Returns -1 after a usage error, 1 for --help, 0 otherwise. */
static int parse_options(struct report_options *o, int argc, char **argv)
{
    const struct cli_opt table[] = {
        {.name = "--format", .type = CLI_OPT_CHOICE, .value = &o->format,
         .choices = "table|csv|json"},
        {.name = "--json", .type = CLI_OPT_SET, .value = &o->format, .set = FORMAT_JSON},
        {.name = "--out", .type = CLI_OPT_TEXT, .value = &o->out_path},
        {.name = "--html", .type = CLI_OPT_TEXT, .value = &o->html_path},
        {.name = "--save-counts", .type = CLI_OPT_TEXT, .value = &o->save_counts},
        {.name = "--top", .type = CLI_OPT_LONG, .value = &o->top, .max = 1000000000},
        {.name = "--exact-limit", .type = CLI_OPT_LONG, .value = &o->exact_limit,
         .max = 1000000000},
        {.name = "--source", .type = CLI_OPT_TEXT, .value = &o->source},
        {.name = "--approx", .type = CLI_OPT_FLAG, .value = &o->approx},
    };
    static const char *const valued[] = {"--by", "--counts", NULL};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *value = i + 1 < argc ? argv[i + 1] : NULL;
        int taken;
        if (cli_is_help(a))
            return 1;
        if ((taken = events_parse_option(&o->events, argc, argv, &i)) == 0)
            taken = cli_opt_parse(table, sizeof table / sizeof *table, "report", argc, argv, &i);
        if (taken < 0)
            return -1;
        if (taken)
            continue;
        if ((taken = fleet_credentials_option(&o->cred, a, value)) != 0) {
            if (taken < 0)
                return -1;
            i++;
            continue;
        }
        if (events_command_option(a, value, valued))
            return -1;
        i++;
        if (strcmp(a, "--by") == 0) {
            if (parse_by(o, value))
                return -1;
        } else {
            const char **grown = realloc(o->counts, (o->counts_count + 1) * sizeof *grown);
            if (grown == NULL) {
                cli_error("out of memory");
                return -1;
            }
            o->counts = grown;
            o->counts[o->counts_count++] = value;
            o->events.events_optional = 1;
        }
    }
    if (o->source)
        o->events.events_optional = 1; /* the events come from the cluster */
    return 0;
}

struct counting {
    struct tk_tally *tally;
    uint64_t recipients[TK_CONTACT_MAX_RECIPIENTS];
};

static int count_contact(void *arg, const struct tk_located *l, struct tk_error *err)
{
    struct counting *c = arg;
    const struct tk_contact *contact = l->contact;
    struct tk_tally_event ev = {
        .address = l->address,
        .addr_family = contact->addr_family,
        .addr = contact->addr,
        .day = l->day,
        .time_sec = contact->time_sec,
        .asn = l->asn,
        .as_org = l->as_org,
        .family = contact->family.ptr,
        .family_len = contact->family.len,
        .seed = l->seed_key,
        .seed_len = l->seed_key_len,
        .protocol = contact->protocol,
        .messages = contact->messages,
        .recipients = c->recipients,
        .recipient_count = contact->recipient_count,
    };
    memcpy(ev.country, l->country, sizeof ev.country);
    if (l->resolver_family
        && tk_tally_add_resolver(c->tally, l->resolver_family, l->resolver_addr,
                                 l->resolver_country, l->resolver_asn, !l->from_resolver, err))
        return (int)err->status;
    if (l->from_resolver)
        return TK_OK; /* a resolver's own query: no host known */
    for (size_t i = 0; i < contact->recipient_count; i++)
        c->recipients[i] = tk_hash_bytes(contact->recipients[i].ptr, contact->recipients[i].len);
    return tk_tally_add(c->tally, &ev, err);
}

static int write_report(FILE *out, enum report_format format, const struct tk_report *r,
                        struct tk_error *err)
{
    switch (format) {
    case FORMAT_CSV: return tk_report_write_csv(out, r, err);
    case FORMAT_JSON: return tk_report_write_json(out, r, err);
    default: return tk_report_write_table(out, r, err);
    }
}

static int merge_counts(const struct report_options *o, struct tk_tally *tally)
{
    for (size_t i = 0; i < o->counts_count; i++) {
        struct tk_error err = {0};
        char *data;
        size_t len;
        if (tk_read_file(o->counts[i], &data, &len, &err))
            return cli_fail(&err);
        int status = tk_tally_merge_counts(tally, (const uint8_t *)data, len, o->counts[i], &err);
        free(data);
        if (status)
            return cli_fail(&err);
    }
    return EXIT_OK;
}

/* The files a run writes: --save-counts and --html when asked for, and --out (standard
 * output without it). All are written first and committed only when every one was, so that
 * a failed run replaces none of them. */
struct outputs {
    struct tk_atomic_file counts, html, report;
};

static int open_output(struct tk_atomic_file *file, const char *path, struct tk_error *err)
{
    return path ? tk_atomic_open(file, path, err) : TK_OK;
}

/* Commits every open file while all goes well; aborts the rest. */
static void close_outputs(struct outputs *w, struct tk_error *err, int *rc)
{
    struct tk_atomic_file *files[] = {&w->counts, &w->html, &w->report};
    for (size_t i = 0; i < 3; i++) {
        if (files[i]->fp == NULL)
            continue;
        if (*rc == TK_OK)
            *rc = tk_atomic_commit(files[i], err);
        else
            tk_atomic_abort(files[i]);
    }
}

static int write_outputs(const struct report_options *o, const struct tk_tally *tally,
                         const struct tk_report *r)
{
    struct outputs w = {0};
    struct tk_error err = {0};
    int rc = open_output(&w.counts, o->save_counts, &err);

    if (rc == TK_OK)
        rc = open_output(&w.html, o->html_path, &err);
    if (rc == TK_OK)
        rc = open_output(&w.report, o->out_path ? o->out_path : "-", &err);
    if (rc == TK_OK && o->save_counts)
        rc = tk_tally_save(tally, w.counts.fp, &err);
    if (rc == TK_OK && o->html_path)
        rc = tk_report_write_html(w.html.fp, r, &err);
    if (rc == TK_OK)
        rc = write_report(w.report.fp, o->format, r, &err);
    close_outputs(&w, &err, &rc);
    return rc ? cli_fail(&err) : EXIT_OK;
}

/* The groupings counted: those asked for, and every one the HTML page draws. */
static unsigned counted_dimensions(const struct report_options *o)
{
    unsigned d = o->dimensions;
    if (o->html_path)
        d |= 1u << TK_BY_COUNTRY | 1u << TK_BY_ASN | 1u << TK_BY_DAY | 1u << TK_BY_FAMILY;
    return d;
}

/* The counts of a fleet's ClickHouse cluster (--source) into tally and r; scan is an empty
 * one, as no file is read here. Returns an exit status. */
static int report_from_source(struct report_options *o, struct tk_tally *tally,
                              struct tk_scan **scan, struct tk_report *r)
{
    static const struct tk_scan_callbacks none = {0};
    struct tk_scan_options scan_options = {0};
    struct tk_fleet_report_query q = {
        .has_from = o->events.has_from, .has_to = o->events.has_to,
        .from = o->events.from, .to = o->events.to,
        .dimensions = counted_dimensions(o), .approx = o->approx,
    };
    struct tk_fleet_server server;
    struct tk_error err = {0};
    int status = fleet_server_open(o->source, &o->cred, &server);

    if (status)
        return status;
    if (tk_scan_new(scan, &scan_options, &none, &err)
        || tk_fleet_report(&server, &q, tally, *scan, r, &err))
        return cli_fail(&err);
    return EXIT_OK;
}

int cmd_report(int argc, char **argv, FILE *out)
{
    struct report_options o = {.exact_limit = DEFAULT_EXACT_LIMIT, .top = -1};
    struct tk_tally_options tally_options;
    struct counting *counting = NULL;
    struct tk_scan *scan = NULL;
    struct tk_geo *geo = NULL;
    struct tk_report report = {0};
    struct tk_error err = {0};
    int status, parsed, need_places;

    events_options_init(&o.events);
    parsed = parse_options(&o, argc, argv);
    if (parsed) {
        events_options_free(&o.events);
        free(o.counts);
        if (parsed > 0) {
            report_usage(out);
            return EXIT_OK;
        }
        return EXIT_USAGE;
    }
    if (o.dimensions == 0)
        o.dimensions = 1u << TK_BY_COUNTRY;
    if ((status = events_finish_options(&o.events)))
        goto done;
    if (o.source && (o.events.pattern_count || o.counts_count || o.save_counts)) {
        cli_error("report: --source counts in ClickHouse; no EVENTS, --counts or --save-counts");
        status = EXIT_USAGE;
        goto done;
    }
    need_places = (counted_dimensions(&o) & (1u << TK_BY_COUNTRY | 1u << TK_BY_ASN)) != 0
                  && o.events.pattern_count > 0;
    if ((status = events_open_geo(&o.events, need_places && !o.events.no_geo, &geo)))
        goto done;
    tally_options.exact_limit = (unsigned long)o.exact_limit;
    tally_options.dimensions = counted_dimensions(&o);
    if ((counting = calloc(1, sizeof *counting)) == NULL
        || tk_tally_new(&counting->tally, &tally_options, &err)) {
        status = cli_fail(&err);
        goto done;
    }
    if (o.source) {
        if ((status = report_from_source(&o, counting->tally, &scan, &report)))
            goto done;
    } else {
        if ((status = merge_counts(&o, counting->tally)))
            goto done;
        status = events_scan(&o.events, geo, count_contact, counting, &scan);
        if (scan == NULL)
            goto done;
        if (tk_scan_contacts(scan) == 0 && tk_scan_file_count(scan) > 0 && status == EXIT_OK
            && tk_scan_bad_records(scan) > 0)
            cli_error("warning: no readable contact in the input");
        if (tk_report_init(&report, counting->tally, scan, geo, &err)) {
            status = cli_fail(&err);
            goto done;
        }
    }
    report.has_from = o.events.has_from;
    report.has_to = o.events.has_to;
    report.from = o.events.from;
    report.to = o.events.to;
    report.generator = "takedown " TK_VERSION;
    report.generated = time(NULL);
    report.dimensions = o.dimensions;
    report.top = o.top >= 0 ? (unsigned long)o.top : o.format == FORMAT_TABLE ? TABLE_TOP : 0;
    report.counts_files = o.counts;
    report.counts_file_count = o.counts_count;
    if (status == EXIT_OK) {
        status = write_outputs(&o, counting->tally, &report);
    } else if (o.out_path || o.html_path || o.save_counts) {
        cli_error("report: the run failed; no file written or replaced");
    } else if (tk_scan_contacts(scan) > 0) {
        struct tk_error write_err = {0};
        if (write_report(out, o.format, &report, &write_err))
            cli_fail(&write_err);
    }
done:
    tk_report_free(&report);
    if (counting)
        tk_tally_free(counting->tally);
    free(counting);
    tk_scan_free(scan);
    tk_geo_close(geo);
    events_options_free(&o.events);
    free(o.counts);
    fleet_credentials_free(&o.cred);
    return status;
}
