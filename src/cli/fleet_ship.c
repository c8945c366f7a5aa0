/* fleet_ship.c - `takedown fleet ship`: its options, and the shipper (src/fleet/fleet_ship.c)
 * run until SIGTERM, printing its notes (a failure and the retry, a bad record) on stderr. */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/events_cli.h"
#include "cli/fleet_cli.h"
#include "cli/interrupt.h"

struct ship_cli {
    const char *to, *sensor, *spool, *log_dir;
    unsigned long batch, poll_ms, retry_max_ms;
    int once;
    struct fleet_credentials cred;
    struct events_options geo;
};

static int take_number(const char *a, const char *value, unsigned long *out)
{
    if (strcmp(a, "--batch") == 0)
        return fleet_parse_count(a, value, 1, 1000000, out);
    return fleet_parse_count(a, value, 1, 3600000, out);
}

/* The geo options, as `report` reads them. 1 taken, 0 not one, -1 error. */
static int geo_option(struct events_options *g, const char *a, const char *value)
{
    if (strcmp(a, "--no-geo") == 0) {
        g->no_geo = 1;
        return 0;
    }
    if (strcmp(a, "--geo-db") == 0)
        g->geo_db = value;
    else if (strcmp(a, "--asn-db") == 0)
        g->asn_db = value;
    else if (strcmp(a, "--geo-dir") == 0)
        g->geo_dir = value;
    else
        return 0;
    if (value == NULL) {
        cli_error("%s needs a value", a);
        return -1;
    }
    return 1;
}

static int parse(struct ship_cli *c, int argc, char **argv)
{
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i], *value = i + 1 < argc ? argv[i + 1] : NULL;
        unsigned long *number = strcmp(a, "--batch") == 0       ? &c->batch
                                : strcmp(a, "--poll-ms") == 0      ? &c->poll_ms
                                : strcmp(a, "--retry-max-ms") == 0 ? &c->retry_max_ms
                                                                   : NULL;
        int taken;
        if (cli_is_help(a))
            return 1;
        if ((taken = fleet_credentials_option(&c->cred, a, value)) != 0
            || (taken = geo_option(&c->geo, a, value)) != 0) {
            if (taken < 0)
                return -1;
            i++;
        } else if (strcmp(a, "--once") == 0 || strcmp(a, "--no-geo") == 0) {
            c->once |= strcmp(a, "--once") == 0;
        } else if (a[0] == '-' && a[1] != '\0') {
            if (value == NULL) {
                cli_error("%s needs a value", a);
                return -1;
            }
            i++;
            if (number) {
                if (take_number(a, value, number))
                    return -1;
            } else if (strcmp(a, "--to") == 0) {
                c->to = value;
            } else if (strcmp(a, "--sensor") == 0) {
                c->sensor = value;
            } else if (strcmp(a, "--spool") == 0) {
                c->spool = value;
            } else {
                cli_error("fleet ship: unknown option '%s'", a);
                return -1;
            }
        } else if (c->log_dir == NULL) {
            c->log_dir = a;
        } else {
            cli_error("fleet ship: one LOGDIR per shipper (one sensor's log stream); got '%s'", a);
            return -1;
        }
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
    o.batch_rows = c->batch;
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
