/* main.c - the takedown executable: dispatches to one subcommand per file in src/cli/. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/interrupt.h"
#include "takedown/text.h"

static const struct tk_command commands[] = {
    {"predict", "generate the names a DGA family will use, as block lists", cmd_predict},
    {"export", "convert a saved name list into RPZ, Unbound, dnsmasq, hosts, CSV", cmd_export},
    {"families", "list the DGA families and describe one", cmd_families},
    {"vectors", "check the generators against reference vectors", cmd_vectors},
    {"sinkhole", "DNS sinkhole for listed names and zones, HTTP/TCP/SMTP contact listeners",
     cmd_sinkhole},
    {"exercise", "run the whole takedown operation end to end on loopback, and check it", cmd_exercise},
    {"events", "print, convert and summarise the sinkhole's event logs (any format)", cmd_events},
    {"simulate", "run a simulated infected population against a loopback sinkhole", cmd_simulate},
    {"p2p", "find P2P super-nodes and simulate takedowns; a synthetic botnet", cmd_p2p},
    {"report", "distinct infected hosts by country, network, day and family; spam per bot", cmd_report},
    {"notify", "one bundle of infected hosts per country (for its CERT) or network", cmd_notify},
    {"index", "build the attribution index that match looks names up in", cmd_index},
    {"match", "find which clients queried which DGA family, seed and date in DNS logs", cmd_match},
    {"detect", "score names by how DGA-like they are (families no generator knows)", cmd_detect},
    {"hunt", "which resolver clients are infected; clusters of unknown DGAs", cmd_hunt},
    {"feed", "serve a live RPZ of predicted names to resolvers: AXFR, IXFR, NOTIFY, TSIG", cmd_feed},
    {"fleet", "a fleet of sinkholes over ClickHouse: the schema, and shipping the logs", cmd_fleet},
    {NULL, NULL, NULL},
};

void cli_error(const char *fmt, ...)
{
    char *message = NULL;
    va_list ap;
    va_start(ap, fmt);
    int length = vasprintf(&message, fmt, ap);
    va_end(ap);
    fputs("takedown: ", stderr);
    /* What a message quotes (file names, values, input lines) cannot drive the terminal. */
    tk_text_put_escaped(stderr, length < 0 ? fmt : message);
    fputc('\n', stderr);
    free(message);
}

int cli_fail(const struct tk_error *err)
{
    cli_error("%s", err->message);
    return err->status == TK_ERR_USAGE ? EXIT_USAGE : EXIT_FAILURE_OP;
}

int cli_is_help(const char *arg)
{
    return strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0;
}

static void usage(FILE *f)
{
    fprintf(f, "usage: takedown COMMAND [OPTIONS]\n\n"
               "Predict, sinkhole, hunt and measure botnets that use domain generation "
               "algorithms.\n\ncommands:\n");
    for (const struct tk_command *c = commands; c->name; c++)
        fprintf(f, "  %-10s %s\n", c->name, c->summary);
    fprintf(f, "  %-10s %s\n", "help", "show this list, or `takedown help COMMAND`");
    fprintf(f, "\nRun `takedown COMMAND --help` for a command's options.\n"
               "Exit status: 0 success, 1 operational failure, 2 usage error.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
        printf("takedown %s\n", TK_VERSION);
        return EXIT_OK;
    }
    if (cli_is_help(argv[1]) || strcmp(argv[1], "help") == 0) {
        /* `help --help` and `help help` describe help itself: the command list. */
        int about_help = argc > 2 && (cli_is_help(argv[2]) || strcmp(argv[2], "help") == 0);
        if (argc > 2 && strcmp(argv[1], "help") == 0 && !about_help) {
            for (const struct tk_command *c = commands; c->name; c++) {
                if (strcmp(c->name, argv[2]) == 0) {
                    char *help_argv[] = {argv[2], "--help", NULL};
                    return c->run(2, help_argv, stdout);
                }
            }
            cli_error("unknown command '%s'", argv[2]);
            return EXIT_USAGE;
        }
        usage(stdout);
        return EXIT_OK;
    }
    /* Commands that stop cleanly on an interrupt install their own handler over this one. */
    interrupt_remove_partial_files();
    for (const struct tk_command *c = commands; c->name; c++)
        if (strcmp(c->name, argv[1]) == 0)
            return c->run(argc - 1, argv + 1, stdout);
    cli_error("unknown command '%s' (try `takedown help`)", argv[1]);
    return EXIT_USAGE;
}
