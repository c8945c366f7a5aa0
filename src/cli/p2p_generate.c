/* p2p_generate.c - `takedown p2p generate`: a seeded synthetic P2P botnet, written
 * as the observations a crawler and its sensors would record. */
#include <string.h>

#include "cli/cli.h"
#include "cli/p2p_common.h"
#include "takedown/atomic_file.h"
#include "takedown/p2p_gen.h"

static void generate_usage(FILE *f)
{
    fprintf(f,
"usage: takedown p2p generate --nodes N --seed S --out FILE [OPTIONS]\n"
"\n"
"Writes the observations of a synthetic P2P botnet: a NAT'd majority that only reaches\n"
"routable super-nodes and is seen only by sensors, bounded peer lists replicated hourly\n"
"between peers, churn (diurnal hours, lifetimes, dynamic addresses), the DGA as fallback.\n"
"The same options and seed give the same bytes. Addresses come from 10.0.0.0/8 and\n"
"2001:db8::/32 (no real host). docs/p2p.md describes the model.\n"
"\n"
"  --nodes N             bots (1000)\n"
"  --seed S              seed (1)\n"
"  --out FILE            observations file ('-' or absent: standard output)\n"
"  --format csv|jsonl    CSV with a header (default) or JSON lines\n"
"  --observations M      rows to write (20 per bot)\n"
"  --peer-list L         entries of a bot's peer list (50, as Zeus)\n"
"  --builds B            builds in the wild, each with its own hard-coded list (4)\n"
"  --reply R             entries in one peer-list reply, and per report (10, as Zeus)\n"
"  --nat-share X         bots behind NAT (0.8)\n"
"  --pool-share X        routable bots the operators hard-code (0.05)\n"
"  --sensor-share X      NAT'd bots that contact a sensor (0.5)\n"
"  --dynamic-share X     bots whose address changes every 12-36 hours (0.4)\n"
"  --ipv6-share X        bots with an IPv6 endpoint (0.05)\n"
"  --days D              observation period in days (7), from --start\n"
"  --start UNIX          start of the period (1493596800, 2017-05-01T00:00:00Z)\n"
"  --truth FILE          the endpoints that appear, with kind (super, routable, nat),\n"
"                        country, ASN, what the observations show of them and the bot, as CSV\n"
"  --geo-out DIR         the address plan as DIR/country.mmdb and DIR/asn.mmdb\n");
}

static int parse_share(const char *option, const char *text, double *out)
{
    if (p2p_parse_double("generate", option, text, out))
        return -1;
    if (*out > 1) {
        cli_error("p2p generate: %s must be between 0 and 1", option);
        return -1;
    }
    return 0;
}

static int parse_count(const char *option, const char *text, uint64_t max, uint64_t *out)
{
    if (p2p_parse_size("generate", option, text, out))
        return -1;
    if (*out > max) {
        cli_error("p2p generate: %s must be at most %llu", option, (unsigned long long)max);
        return -1;
    }
    return 0;
}

static int write_geo(const char *dir)
{
    char country[4096], asn[4096];
    struct tk_error err = {0};
    if (tk_make_dirs(dir, 0755, &err))
        return cli_fail(&err);
    snprintf(country, sizeof country, "%s/country.mmdb", dir);
    snprintf(asn, sizeof asn, "%s/asn.mmdb", dir);
    return tk_p2p_generate_geo(country, asn, &err) ? cli_fail(&err) : EXIT_OK;
}

int p2p_generate(int argc, char **argv, FILE *out)
{
    struct tk_p2p_gen_options o;
    const char *path = NULL, *truth_path = NULL, *geo_dir = NULL;
    struct tk_atomic_file file = {0}, truth = {0};
    struct tk_error err = {0};
    uint64_t v;
    int rc;

    tk_p2p_gen_defaults(&o);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
        int bad = 0;
        if (cli_is_help(a)) {
            generate_usage(out);
            return EXIT_OK;
        }
        if (val == NULL) {
            cli_error("p2p generate: unexpected argument '%s' (see `takedown p2p generate "
                      "--help`)", a);
            return EXIT_USAGE;
        }
        i++;
        if (strcmp(a, "--nodes") == 0) {
            bad = parse_count(a, val, TK_P2P_GEN_MAX_NODES, &v);
            o.nodes = (size_t)v;
        } else if (strcmp(a, "--seed") == 0) {
            bad = p2p_parse_size("generate", a, val, &o.seed);
        } else if (strcmp(a, "--out") == 0) {
            path = strcmp(val, "-") == 0 ? NULL : val;
        } else if (strcmp(a, "--format") == 0) {
            if (strcmp(val, "csv") == 0 || strcmp(val, "jsonl") == 0) {
                o.jsonl = val[0] == 'j';
            } else {
                cli_error("p2p generate: unknown format '%s' (csv or jsonl)", val);
                bad = 1;
            }
        } else if (strcmp(a, "--observations") == 0) {
            bad = parse_count(a, val, UINT64_MAX / 2, &o.observations);
        } else if (strcmp(a, "--peer-list") == 0) {
            bad = parse_count(a, val, 10000, &v);
            o.peer_list = (unsigned)v;
        } else if (strcmp(a, "--builds") == 0) {
            bad = parse_count(a, val, 255, &v);
            o.builds = (unsigned)v;
        } else if (strcmp(a, "--reply") == 0) {
            bad = parse_count(a, val, 256, &v);
            o.reply = (unsigned)v;
        } else if (strcmp(a, "--days") == 0) {
            bad = parse_count(a, val, 3650, &v);
            o.days = (unsigned)v;
        } else if (strcmp(a, "--start") == 0) {
            bad = parse_count(a, val, 100000000000ull, &v);
            o.start = (int64_t)v;
        } else if (strcmp(a, "--nat-share") == 0) {
            bad = parse_share(a, val, &o.nat_share);
        } else if (strcmp(a, "--pool-share") == 0) {
            bad = parse_share(a, val, &o.pool_share);
        } else if (strcmp(a, "--sensor-share") == 0) {
            bad = parse_share(a, val, &o.sensor_share);
        } else if (strcmp(a, "--dynamic-share") == 0) {
            bad = parse_share(a, val, &o.dynamic_share);
        } else if (strcmp(a, "--ipv6-share") == 0) {
            bad = parse_share(a, val, &o.ipv6_share);
        } else if (strcmp(a, "--truth") == 0) {
            truth_path = val;
        } else if (strcmp(a, "--geo-out") == 0) {
            geo_dir = val;
        } else {
            cli_error("p2p generate: unexpected argument '%s' (see `takedown p2p generate "
                      "--help`)", a);
            return EXIT_USAGE;
        }
        if (bad)
            return EXIT_USAGE;
    }

    if (path && tk_atomic_open(&file, path, &err))
        return cli_fail(&err);
    if (truth_path && tk_atomic_open(&truth, truth_path, &err)) {
        if (path)
            tk_atomic_abort(&file);
        return cli_fail(&err);
    }
    FILE *sink = path ? file.fp : out;
    setvbuf(sink, NULL, _IOFBF, 1 << 20);
    rc = tk_p2p_generate(&o, sink, truth_path ? truth.fp : NULL, &err);
    if (rc == TK_OK && path)
        rc = tk_atomic_commit(&file, &err);
    else if (path)
        tk_atomic_abort(&file);
    if (rc == TK_OK && truth_path)
        rc = tk_atomic_commit(&truth, &err);
    else if (truth_path)
        tk_atomic_abort(&truth);
    if (rc)
        return cli_fail(&err);
    return geo_dir ? write_geo(geo_dir) : EXIT_OK;
}
