/* gen_plan.h - the synthetic botnet's geography: countries with their share of bots, and
 * the address plan that puts each country's bots in its own blocks of 10.0.0.0/8 and
 * 2001:db8::/32, each block belonging to one of three synthetic ASNs per country. */
#ifndef TAKEDOWN_P2P_GEN_PLAN_H
#define TAKEDOWN_P2P_GEN_PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "takedown/p2p_obs.h"

struct plan_country {
    const char *code;
    const char *name;
    double weight;
};

#define PLAN_ASNS_PER_COUNTRY 3
#define PLAN_BLOCKS_PER_ASN 4 /* /16s of 10.0.0.0/8 */
#define PLAN_FIRST_ASN 64512

extern const struct plan_country plan_countries[];
extern const size_t plan_country_count;

/* The ASN of the i-th ASN (0..2) of country c. */
uint32_t plan_asn(size_t country, unsigned i);

/* The endpoint address of the k-th bot (0-based) of country c; IPv6 when ipv6 is set or the
 * country's IPv4 blocks are full. Port left 0. */
void plan_address(size_t country, uint64_t k, int ipv6, struct tk_endpoint *ep);

/* The ASN of an endpoint of the plan. */
uint32_t plan_asn_of(const struct tk_endpoint *ep);

#endif
