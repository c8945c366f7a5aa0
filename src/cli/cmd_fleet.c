/* cmd_fleet.c - `takedown fleet`: a fleet of sinkholes over ClickHouse (docs/fleet.md).
 * `fleet schema` prints (or runs) the CREATE statements; `fleet ship` follows a sinkhole's
 * logs into the shard's local table. Reports read the cluster with `report --source`. */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/fleet_cli.h"
#include "cli/options.h"
#include "takedown/fleet.h"

void fleet_usage(FILE *f)
{
    fprintf(f,
"usage: takedown fleet schema [--cluster NAME] [--database DB] [--ttl-days N]\n"
"                             [--apply http://HOST:PORT ...]\n"
"       takedown fleet ship --to http://HOST:PORT[/DB] [--sensor ID] [--spool DIR] [--once]\n"
"                           [--password-file FILE] [--user NAME] [--batch N] LOGDIR\n"
"\n"
"A fleet of sinkholes over one ClickHouse cluster (docs/fleet.md).\n"
"\n"
"schema: the CREATE statements of the database, the local events table of each shard\n"
"(ReplacingMergeTree, one partition a day, deduplicated on (sensor, seq)) and the\n"
"Distributed table over the cluster that `report --source clickhouse://...` reads.\n"
"  --cluster NAME         the cluster in the servers' remote_servers (default fleet)\n"
"  --database DB          default takedown\n"
"  --ttl-days N           drop events older than N days (needs ClickHouse 19.6 or later)\n"
"  --apply URL            run the statements on this server (repeat for every shard)\n"
"\n"
"ship: follows the sinkhole's rotated logs in LOGDIR (events-*.tkev preferred, *.jsonl\n"
"accepted) and inserts their events in batches into the local table of the shard at --to.\n"
"Offsets are kept in SPOOL/fleet-offsets (default LOGDIR); ClickHouse being down or slow\n"
"is retried with backoff, the logs being the spool. A batch retried after a timeout is\n"
"never counted twice: rows carry (sensor, seq) and the shard is asked what it holds.\n"
"  --to URL               the shard (its HTTP port); DB defaults to takedown\n"
"  --sensor ID            the sensor id (default: the offsets file's, else the logs')\n"
"  --spool DIR            where the offsets file is kept\n"
"  --once                 ship what is there and exit (default: follow until SIGTERM)\n"
"  --user NAME            ClickHouse user (default default)\n"
"  --password-file FILE   the password, first line of FILE; or the environment variable\n"
"                         TAKEDOWN_CLICKHOUSE_PASSWORD (never on the command line)\n"
"  --batch N              events per INSERT at most (default 100000)\n"
"  --poll-ms N            how often the newest log is looked at (default 500)\n"
"  --retry-max-ms N       the longest wait between attempts (default 10000)\n"
"  --geo-db, --asn-db, --geo-dir, --no-geo   the databases that place addresses, as for\n"
"                         `takedown report` (the same files must be used)\n"
"\nExit status: 0 success, 1 a log, the offsets or ClickHouse failed, 2 usage error.\n");
}

/* ---- schema ---- */

static int apply_schema(const char *url, char **statements, size_t count,
                        struct fleet_credentials *cred)
{
    struct tk_fleet_server server = {0};
    struct tk_fleet_buf answer = {0};
    struct tk_error err = {0};
    int rc;

    if ((rc = fleet_server_open(url, cred, &server)))
        return rc;
    for (size_t i = 0; i < count && err.status == TK_OK; i++)
        tk_fleet_http(&server, statements[i], NULL, 0, &answer, &err);
    tk_fleet_buf_free(&answer);
    return err.status ? cli_fail(&err) : EXIT_OK;
}

static int fleet_schema(int argc, char **argv, FILE *out)
{
    struct tk_fleet_schema_options o = {.database = "takedown", .cluster = "fleet"};
    struct fleet_credentials cred = {0};
    const char *apply[16];
    size_t apply_count = 0;
    char **statements;
    size_t count;
    struct tk_error err = {0};
    int rc = EXIT_OK;

    const struct cli_opt table[] = {
        {.name = "--cluster", .type = CLI_OPT_TEXT, .value = &o.cluster},
        {.name = "--database", .type = CLI_OPT_TEXT, .value = &o.database},
        {.name = "--ttl-days", .type = CLI_OPT_UINT, .value = &o.ttl_days, .min = 1,
         .max = 100000},
    };
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        if (cli_is_help(a)) {
            fleet_usage(out);
            return EXIT_OK;
        }
        int taken = fleet_credentials_option(&cred, a, i + 1 < argc ? argv[i + 1] : NULL);
        if (taken > 0) {
            i++;
            continue;
        }
        if (taken == 0 && strcmp(a, "--apply") == 0) {
            if (i + 1 == argc || apply_count == sizeof apply / sizeof *apply) {
                cli_error("fleet schema: --apply %s", i + 1 == argc ? "needs a value"
                                                                    : "given too many times");
                return EXIT_USAGE;
            }
            apply[apply_count++] = argv[++i];
            continue;
        }
        if (taken == 0)
            taken = cli_opt_parse(table, sizeof table / sizeof *table, "fleet schema", argc,
                                  argv, &i);
        if (taken < 0)
            return EXIT_USAGE;
        if (taken == 0) {
            cli_error("fleet schema: unknown argument '%s'", a);
            return EXIT_USAGE;
        }
    }
    if (tk_fleet_schema(&o, &statements, &count, &err))
        return cli_fail(&err);
    for (size_t i = 0; i < apply_count && rc == EXIT_OK; i++)
        rc = apply_schema(apply[i], statements, count, &cred);
    if (apply_count == 0)
        for (size_t i = 0; i < count; i++)
            fprintf(out, "%s;\n\n", statements[i]);
    tk_fleet_schema_free(statements, count);
    fleet_credentials_free(&cred);
    return rc;
}

int cmd_fleet(int argc, char **argv, FILE *out)
{
    if (argc < 2 || cli_is_help(argv[1])) {
        fleet_usage(argc < 2 ? stderr : out);
        return argc < 2 ? EXIT_USAGE : EXIT_OK;
    }
    if (strcmp(argv[1], "schema") == 0)
        return fleet_schema(argc, argv, out);
    if (strcmp(argv[1], "ship") == 0)
        return fleet_ship(argc, argv, out);
    cli_error("fleet: unknown subcommand '%s' (expected schema or ship)", argv[1]);
    return EXIT_USAGE;
}
