/* cmd_p2p.c - `takedown p2p`: breaking the P2P layer. Dispatches to generate (a synthetic
 * botnet's observations), analyze (super-nodes) and simulate (takedown strategies). */
#include <string.h>

#include "cli/cli.h"
#include "cli/p2p_common.h"

static void p2p_usage(FILE *f)
{
    fprintf(f,
"usage: takedown p2p generate|analyze|simulate [OPTIONS]\n"
"\n"
"Peer-to-peer fallback networks (Necurs-style) from crawler and sensor observations.\n"
"\n"
"  generate --nodes N --seed S --out FILE   a synthetic botnet's observations\n"
"  analyze OBS... [--top K] [--format table|csv|json]   super-nodes and their reasons\n"
"  simulate OBS... --strategy NAME[,NAME...] [--steps K] [--svg FILE]   takedown plans\n"
"\n"
"Run `takedown p2p SUBCOMMAND --help` for its options; docs/p2p.md has the formats.\n");
}

int cmd_p2p(int argc, char **argv, FILE *out)
{
    static const struct {
        const char *name;
        int (*run)(int, char **, FILE *);
    } subcommands[] = {
        {"generate", p2p_generate}, {"analyze", p2p_analyze}, {"simulate", p2p_simulate}};

    if (argc < 2) {
        p2p_usage(stderr);
        return EXIT_USAGE;
    }
    if (cli_is_help(argv[1])) {
        p2p_usage(out);
        return EXIT_OK;
    }
    for (size_t i = 0; i < sizeof subcommands / sizeof subcommands[0]; i++)
        if (strcmp(argv[1], subcommands[i].name) == 0)
            return subcommands[i].run(argc - 1, argv + 1, out);
    cli_error("p2p: unknown subcommand '%s' (generate, analyze or simulate)", argv[1]);
    return EXIT_USAGE;
}
