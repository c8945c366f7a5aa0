/* cmd_notify.c - `takedown notify`: one bundle per country (for its national CERT) or per
 * network (for its abuse desk): a Shadowserver-style CSV of the infected hosts and a short
 * summary, named so that each recipient sees at once which bundle is theirs. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/events_cli.h"
#include "cli/fleet_cli.h"
#include "cli/options.h"
#include "cli/json.h"
#include "takedown/fleet_report.h"
#include "takedown/notify.h"

#define DEFAULT_EXACT_LIMIT 1000000

static void notify_usage(FILE *f)
{
    fprintf(f,
"usage: takedown notify EVENTS... --by country|asn --out DIR [--from DAY --to DAY | --window Nd]\n"
"                       [--min-addresses N] [--json] [--geo-db FILE] [--asn-db FILE]\n"
"\n"
"Sorts the infected hosts of sinkhole events into one bundle per country or per network:\n"
"DIR/IN-India-CERT-In/ (or DIR/AS9829-BSNL/) holds IN-India-CERT-In.csv, one row per\n"
"address, family, tag and UTC day in the Shadowserver column order (timestamp, ip, port,\n"
"asn, geo, family, tag), and summary.txt, what the recipient needs to know in a few lines.\n"
"DIR/index.csv lists the bundles, largest first; so does standard output (--json: as JSON).\n"
"Hosts without a country or network go to DIR/unlocated/.\n"
"\n"
"  --by country|asn       one bundle per country or per autonomous system (required)\n"
"  --out DIR              where the bundles go (created with its parents; required); an\n"
"                         earlier run's DIR is replaced as a whole, anything else refused\n"
"  --min-addresses N      leave out bundles with fewer distinct addresses (default 1)\n"
"  --json                 the list of bundles as JSON\n"
"  --source clickhouse://HOST:PORT/DB   the hosts of a fleet's ClickHouse cluster instead\n"
"                         of files (docs/fleet.md); --user, --password-file FILE or\n"
"                         TAKEDOWN_CLICKHOUSE_PASSWORD for its credentials\n"
"\n%s"
"\nExit status: 0 success, 1 a file could not be read or written, 2 usage error.\n",
            events_options_help);
}

struct notify_options {
    struct events_options events;
    int by;                    /* enum tk_notify_by; -1 until given */
    const char *out_dir;
    long min_addresses;
    int json;
    const char *source;
    struct fleet_credentials cred;
};

static int parse_options(struct notify_options *o, int argc, char **argv)
{
    const struct cli_opt table[] = {
        {.name = "--by", .type = CLI_OPT_CHOICE, .value = &o->by, .choices = "country|asn"},
        {.name = "--out", .type = CLI_OPT_TEXT, .value = &o->out_dir},
        {.name = "--min-addresses", .type = CLI_OPT_LONG, .value = &o->min_addresses,
         .max = 1e15},
        {.name = "--json", .type = CLI_OPT_FLAG, .value = &o->json},
        {.name = "--source", .type = CLI_OPT_TEXT, .value = &o->source},
    };
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int taken;
        if (cli_is_help(a))
            return 1;
        if ((taken = events_parse_option(&o->events, argc, argv, &i)) != 0) {
            if (taken < 0)
                return -1;
            continue;
        }
        taken = fleet_credentials_option(&o->cred, a, i + 1 < argc ? argv[i + 1] : NULL);
        if (taken > 0) {
            i++;
            continue;
        }
        if (taken == 0)
            taken = cli_opt_parse(table, sizeof table / sizeof *table, "notify", argc, argv, &i);
        if (taken < 0)
            return -1;
        if (taken == 0) {
            cli_error("notify: unknown option '%s' (see --help)", a);
            return -1;
        }
    }
    if (o->source)
        o->events.events_optional = 1; /* the hosts come from the cluster */
    if (o->by < 0 || o->out_dir == NULL) {
        cli_error("notify needs --by country|asn and --out DIR (see --help)");
        return -1;
    }
    return 0;
}

static int add_contact(void *arg, const struct tk_located *l, struct tk_error *err)
{
    return tk_notify_add(arg, l, err);
}

/* The hosts of a fleet's ClickHouse cluster (--source) into n; the scan read no file. */
static int notify_from_source(struct notify_options *o, struct tk_notify *n,
                              struct tk_scan **scan)
{
    static const struct tk_scan_callbacks none = {0};
    struct tk_scan_options scan_options = {0};
    struct tk_fleet_report_query q = {
        .has_from = o->events.has_from, .has_to = o->events.has_to,
        .from = o->events.from, .to = o->events.to,
    };
    struct tk_fleet_server server;
    struct tk_error err = {0};
    int status = fleet_server_open(o->source, &o->cred, &server);

    if (status)
        return status;
    if (o->events.pattern_count) {
        cli_error("notify: --source reads the cluster; no EVENTS");
        return EXIT_USAGE;
    }
    if (tk_scan_new(scan, &scan_options, &none, &err) || tk_fleet_notify(&server, &q, n, &err))
        return cli_fail(&err);
    return EXIT_OK;
}

static void print_bundles(FILE *out, const struct notify_options *o, const struct tk_notify *n,
                          const struct tk_notify_bundle *bundles, size_t count)
{
    uint64_t total = tk_notify_total(n);

    if (o->json) {
        fprintf(out, "{\"dir\":");
        json_string(out, o->out_dir);
        fprintf(out, ",\"total\":{\"distinct\":%" PRIu64 ",\"exact\":%s},\"bundles\":[", total,
                tk_notify_total_exact(n) ? "true" : "false");
        for (size_t i = 0; i < count; i++) {
            const struct tk_notify_bundle *b = &bundles[i];
            fputs(i ? ",\n {\"bundle\":" : "\n {\"bundle\":", out);
            json_string(out, b->name);
            fputs(",\"key\":", out);
            json_string(out, b->key);
            fputs(",\"name\":", out);
            json_string(out, b->label);
            fputs(",\"recipient\":", out);
            json_string(out, b->recipient);
            fprintf(out, ",\"addresses\":%" PRIu64 ",\"share\":%.6f,\"rows\":%" PRIu64
                         ",\"events\":%" PRIu64 "}",
                    b->addresses, total ? (double)b->addresses / (double)total : 0.0, b->rows,
                    b->events);
        }
        fputs("]}\n", out);
        return;
    }
    fprintf(out, "%zu bundles in %s (%" PRIu64 " distinct addresses in all)\n", count, o->out_dir,
            total);
    for (size_t i = 0; i < count; i++)
        fprintf(out, "  %-48s %10" PRIu64 " addresses %6.2f %%  for %s\n", bundles[i].name,
                bundles[i].addresses,
                total ? 100.0 * (double)bundles[i].addresses / (double)total : 0.0,
                bundles[i].recipient);
}

int cmd_notify(int argc, char **argv, FILE *out)
{
    struct notify_options o = {.by = -1, .min_addresses = 1};
    struct tk_notify *n = NULL;
    struct tk_notify_bundle *bundles = NULL;
    struct tk_scan *scan = NULL;
    struct tk_geo *geo = NULL;
    struct tk_error err = {0};
    size_t count = 0;
    int status, parsed;

    events_options_init(&o.events);
    parsed = parse_options(&o, argc, argv);
    if (parsed) {
        events_options_free(&o.events);
        if (parsed > 0) {
            notify_usage(out);
            return EXIT_OK;
        }
        return EXIT_USAGE;
    }
    if ((status = events_finish_options(&o.events))
        || (!o.source && (status = events_open_geo(&o.events, !o.events.no_geo, &geo))))
        goto done;
    if (tk_notify_new(&n, (enum tk_notify_by)o.by, DEFAULT_EXACT_LIMIT, &err)) {
        status = cli_fail(&err);
        goto done;
    }
    if (o.source)
        status = notify_from_source(&o, n, &scan);
    else
        status = events_scan(&o.events, geo, add_contact, n, &scan);
    if (scan == NULL || (status && tk_scan_contacts(scan) == 0))
        goto done;
    {
        struct tk_notify_context ctx = {
            .has_from = o.events.has_from, .has_to = o.events.has_to,
            .from = o.events.from, .to = o.events.to, .geo = geo,
            .generator = "takedown " TK_VERSION, .generated = time(NULL),
            .min_addresses = (unsigned long)o.min_addresses,
        };
        if (tk_notify_write(n, o.out_dir, &ctx, &bundles, &count, &err)) {
            status = cli_fail(&err);
            goto done;
        }
    }
    print_bundles(out, &o, n, bundles, count);
done:
    free(bundles);
    tk_notify_free(n);
    tk_scan_free(scan);
    tk_geo_close(geo);
    events_options_free(&o.events);
    fleet_credentials_free(&o.cred);
    return status;
}
