/* fleet_ship.c - `takedown fleet ship`: its options, and the shipper (src/fleet/fleet_ship.c)
 * run until SIGTERM, printing its notes (a failure and the retry, a bad record) on stderr. */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/events_cli.h"
#include "cli/fleet_cli.h"
#include "cli/interrupt.h"
#include "cli/options.h"

struct ship_cli {
    const char *to, *sensor, *spool, *log_dir;
    long batch, poll_ms, retry_max_ms;
    int once;
    struct fleet_credentials cred;
    struct events_options geo;
};

static int parse(struct ship_cli *c, int argc, char **argv)
{
    const struct cli_opt table[] = {
        {.name = "--to", .type = CLI_OPT_TEXT, .value = &c->to},
        {.name = "--sensor", .type = CLI_OPT_TEXT, .value = &c->sensor},
        {.name = "--spool", .type = CLI_OPT_TEXT, .value = &c->spool},
        {.name = "--batch", .type = CLI_OPT_LONG, .value = &c->batch, .min = 1, .max = 1000000},
        {.name = "--poll-ms", .type = CLI_OPT_LONG, .value = &c->poll_ms, .min = 1,
         .max = 3600000},
        {.name = "--retry-max-ms", .type = CLI_OPT_LONG, .value = &c->retry_max_ms, .min = 1,
         .max = 3600000},
        {.name = "--once", .type = CLI_OPT_FLAG, .value = &c->once},
        /* the geo options, as `report` reads them */
        {.name = "--no-geo", .type = CLI_OPT_FLAG, .value = &c->geo.no_geo},
        {.name = "--geo-db", .type = CLI_OPT_TEXT, .value = &c->geo.geo_db},
        {.name = "--asn-db", .type = CLI_OPT_TEXT, .value = &c->geo.asn_db},
        {.name = "--geo-dir", .type = CLI_OPT_TEXT, .value = &c->geo.geo_dir},
    };
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        int taken;
        if (cli_is_help(a))
            return 1;
        taken = fleet_credentials_option(&c->cred, a, i + 1 < argc ? argv[i + 1] : NULL);
        if (taken > 0) {
            i++;
            continue;
        }
        if (taken == 0)
            taken = cli_opt_parse(table, sizeof table / sizeof *table, "fleet ship", argc, argv,
                                  &i);
        if (taken < 0)
            return -1;
        if (taken)
            continue;
        if (a[0] == '-' && a[1] != '\0') {
            cli_error("fleet ship: unknown option '%s'", a);
            return -1;
        }
        if (c->log_dir != NULL) {
            cli_error("fleet ship: one LOGDIR per shipper (one sensor's log stream); got '%s'", a);
            return -1;
        }
        c->log_dir = a;
    }
    if (c->to == NULL || c->log_dir == NULL) {
        cli_error("fleet ship: needs --to URL and a LOGDIR");
        return -1;
    }
    return 0;
}

static void print_note(void *arg, const char *message)
{
    (void)arg;
    cli_error("fleet ship: %s", message);
}

static int stop_requested(void *arg)
{
    (void)arg;
    return interrupt_requested != 0;
}

static int run(struct ship_cli *c, FILE *out)
{
    struct tk_fleet_ship_options o = {0};
    struct tk_fleet_ship_stats stats;
    struct tk_geo *geo = NULL;
    struct tk_error err = {0};
    char offsets[4096];
    int rc;

    if ((rc = fleet_server_open(c->to, &c->cred, &o.server))
        || (rc = events_open_geo(&c->geo, 0, &geo)))
        return rc;
    snprintf(offsets, sizeof offsets, "%s/fleet-offsets", c->spool ? c->spool : c->log_dir);
    o.log_dir = c->log_dir;
    o.offsets_path = offsets;
    o.sensor = c->sensor;
    o.geo = geo;
    o.batch_rows = (size_t)c->batch;
    o.poll_ms = (unsigned)c->poll_ms;
    o.retry_max_ms = (unsigned)c->retry_max_ms;
    o.follow = !c->once;
    o.note = print_note;
    o.stop = stop_requested;
    interrupt_catch();
    rc = tk_fleet_ship(&o, &stats, &err);
    fprintf(out,
            "shipped %llu events in %llu batches (%llu already there, %llu bad records, "
            "%llu failed attempts retried, %llu files finished)\n",
            (unsigned long long)stats.shipped, (unsigned long long)stats.batches,
            (unsigned long long)stats.skipped, (unsigned long long)stats.bad,
            (unsigned long long)stats.failures, (unsigned long long)stats.files);
    tk_geo_close(geo);
    return rc ? cli_fail(&err) : EXIT_OK;
}

int fleet_ship(int argc, char **argv, FILE *out)
{
    struct ship_cli c = {.batch = 100000, .poll_ms = 500, .retry_max_ms = 10000};
    int rc;

    events_options_init(&c.geo);
    rc = parse(&c, argc, argv);
    if (rc > 0) {
        fleet_usage(out);
        rc = EXIT_OK;
    } else if (rc == 0)
        rc = run(&c, out);
    else
        rc = EXIT_USAGE;
    fleet_credentials_free(&c.cred);
    events_options_free(&c.geo);
    return rc;
}
