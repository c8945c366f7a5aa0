/* p2p_gen.h - a seeded, reproducible P2P botnet (Zeus P2P / Kelihos / Sality-like), observed
 * the way a crawler and its sensors would observe it, for tests, demos and benchmarks.
 *
 * Most bots sit behind NAT: they cannot accept connections, so they never appear in a peer
 * list; they only contact routable bots (the super-nodes, peers with public addresses), and
 * are seen only when they contact one of our sensors. Every bot keeps a bounded peer list
 * (peer_list entries, 50 as in Zeus) of routable endpoints, seeded from its build's
 * hard-coded list and refreshed every hour by exchanging lists with a peer: the entries most
 * recently confirmed alive win, so popular super-nodes spread to many lists. Bots join and
 * leave (churn), are online part of each day (diurnal), and many change their address
 * (dynamic IPs), so lists hold stale entries until they age out. A bot whose list has
 * emptied falls back to the DGA and gets a fresh list from the operators. The crawler only
 * reaches online routable bots it has heard of. Addresses follow a fixed plan: 10.0.0.0/8
 * and 2001:db8::/32, split by country and synthetic ASN (64512 and up, RFC 6996), so that no
 * real host is named; tk_p2p_generate_geo writes that plan as country and ASN .mmdb files.
 * docs/p2p.md describes the model, its parameters and where their values come from. */
#ifndef TAKEDOWN_P2P_GEN_H
#define TAKEDOWN_P2P_GEN_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "takedown/error.h"

/* Bots the generator holds in memory (about 500 bytes each with peer_list 50). */
#define TK_P2P_GEN_MAX_NODES 20000000

struct tk_p2p_gen_options {
    size_t nodes;
    uint64_t seed;
    uint64_t observations; /* rows to write; 0: 20 per node */
    unsigned peer_list;    /* entries of a bot's peer list, 50 (Zeus) */
    unsigned builds;       /* builds in the wild, each with its hard-coded list, 4 */
    unsigned reply;        /* entries in one peer-list reply, 10 (Zeus) */
    double nat_share;      /* bots behind NAT, 0.8 */
    double pool_share;     /* routable bots the operators hard-code (static, always on), 0.05 */
    double sensor_share;   /* NAT'd bots that contact our sensors, 0.5 */
    double dynamic_share;  /* bots whose address changes about daily, 0.4 */
    double ipv6_share;     /* bots with an IPv6 endpoint, 0.05 */
    int64_t start;         /* Unix seconds, 2017-05-01T00:00:00Z */
    unsigned days;         /* observation period, 7 */
    int jsonl;             /* JSON lines instead of CSV */
};

void tk_p2p_gen_defaults(struct tk_p2p_gen_options *o);

/* Writes the observations to out and, when truth is not NULL, one CSV row per endpoint that
 * appears in them: endpoint,kind,country,asn,reports,listings,first_seen,last_seen,reached,
 * bot. kind is "super" (a routable bot of the operators' hard-coded pool), "routable" or
 * "nat"; bot numbers the bot, shared by the endpoints of a bot that changed its address. */
int tk_p2p_generate(const struct tk_p2p_gen_options *o, FILE *out, FILE *truth,
                    struct tk_error *err);

/* Writes the address plan's countries and ASNs as two .mmdb files (either path may be
 * NULL). */
int tk_p2p_generate_geo(const char *country_path, const char *asn_path, struct tk_error *err);

#endif
