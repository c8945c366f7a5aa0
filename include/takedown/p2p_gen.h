/* p2p_gen.h - a seeded, reproducible Necurs-like P2P botnet, observed the way a crawler and
 * its sensors would observe it, for tests, demos and benchmarks.
 *
 * Bots join and leave over the observation period (churn). Most sit behind NAT: they never
 * appear in a peer list, and are seen only when they contact one of our sensors. Routable
 * bots can be crawled. The operators pick a pool of stable routable bots; each build of the
 * malware hard-codes a peer list of up to peer_list of them (about 2,000 for Necurs), and
 * every bot runs one build and also learns a few routable peers at random. Each report (a
 * crawl of a routable bot, or a sensor contact from any bot) lists up to `reply` peers
 * drawn from the reporter's list among those alive at that moment. Addresses follow a fixed
 * plan: 10.0.0.0/8 and 2001:db8::/32, split by country and synthetic ASN (64512 and up,
 * RFC 6996), so that no real host is named; tk_p2p_generate_geo writes that plan as
 * country and ASN .mmdb files. docs/p2p.md lists the model's constants. */
#ifndef TAKEDOWN_P2P_GEN_H
#define TAKEDOWN_P2P_GEN_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "takedown/error.h"

/* Bots the generator holds in memory (about 150 bytes each). */
#define TK_P2P_GEN_MAX_NODES 20000000

struct tk_p2p_gen_options {
    size_t nodes;
    uint64_t seed;
    uint64_t observations; /* rows to write; 0: 20 per node */
    unsigned peer_list;    /* entries of a build's hard-coded peer list, 2000 */
    unsigned builds;       /* builds in the wild, 4 */
    unsigned learned;      /* peers each bot learns besides its build's list, 8 */
    unsigned reply;        /* peers listed in one report, 10 */
    double nat_share;      /* bots behind NAT, 0.6 */
    double pool_share;     /* routable bots the operators hard-code, 0.02 */
    double sensor_share;   /* NAT'd bots that ever contact a sensor, 0.5 */
    double ipv6_share;     /* bots with an IPv6 endpoint, 0.05 */
    int64_t start;         /* Unix seconds, 2017-05-01T00:00:00Z */
    unsigned days;         /* observation period, 7 */
    int jsonl;             /* JSON lines instead of CSV */
};

void tk_p2p_gen_defaults(struct tk_p2p_gen_options *o);

/* Writes the observations to out and, when truth is not NULL, one CSV row per bot that
 * appears in them: endpoint,kind (super, routable or nat),country,asn,reports,listings,
 * first_seen,last_seen,reached; "super" marks the bots on some build's hard-coded list. */
int tk_p2p_generate(const struct tk_p2p_gen_options *o, FILE *out, FILE *truth,
                    struct tk_error *err);

/* Writes the address plan's countries and ASNs as two .mmdb files (either path may be
 * NULL). */
int tk_p2p_generate_geo(const char *country_path, const char *asn_path, struct tk_error *err);

#endif
