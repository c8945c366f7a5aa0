/* gen_plan.c - countries and the address plan of the synthetic botnet (see gen_plan.h).
 *
 * The shares are illustrative, shaped after published Necurs sightings (India first, then
 * South and South-East Asia, Latin America, North Africa), not a measurement. */
#include "gen_plan.h"

#include <string.h>

const struct plan_country plan_countries[] = {
    {"IN", "India", 20}, {"VN", "Vietnam", 9}, {"ID", "Indonesia", 7},
    {"PK", "Pakistan", 6}, {"BR", "Brazil", 6}, {"TR", "Turkey", 5},
    {"EG", "Egypt", 5}, {"MX", "Mexico", 5}, {"TH", "Thailand", 4},
    {"IR", "Iran", 4}, {"PH", "Philippines", 4}, {"US", "United States", 4},
    {"RU", "Russia", 4}, {"CN", "China", 3}, {"DZ", "Algeria", 3},
    {"MA", "Morocco", 3}, {"CO", "Colombia", 3}, {"AR", "Argentina", 3},
    {"UA", "Ukraine", 2}, {"BD", "Bangladesh", 2},
};
const size_t plan_country_count = sizeof plan_countries / sizeof plan_countries[0];

#define BLOCKS_PER_COUNTRY (PLAN_ASNS_PER_COUNTRY * PLAN_BLOCKS_PER_ASN)
#define IPV4_PER_COUNTRY ((uint64_t)BLOCKS_PER_COUNTRY * 65536)
/* Odd and not a multiple of 3, hence coprime with IPV4_PER_COUNTRY (2^18 * 3): k -> k * M
 * modulo the capacity scatters a country's bots over its blocks without collisions. */
#define SCATTER 40507

uint32_t plan_asn(size_t country, unsigned i)
{
    return PLAN_FIRST_ASN + (uint32_t)(country * PLAN_ASNS_PER_COUNTRY + i);
}

void plan_address(size_t country, uint64_t k, int ipv6, struct tk_endpoint *ep)
{
    memset(ep, 0, sizeof *ep);
    if (!ipv6 && k < IPV4_PER_COUNTRY) {
        uint64_t h = (k * SCATTER + country) % IPV4_PER_COUNTRY;
        ep->family = 4;
        ep->addr[0] = 10;
        ep->addr[1] = (uint8_t)(country * BLOCKS_PER_COUNTRY + h / 65536);
        ep->addr[2] = (uint8_t)(h >> 8);
        ep->addr[3] = (uint8_t)h;
        return;
    }
    /* 2001:db8:CCAA::/48 per country CC and ASN AA, the bot number scattered in the
     * interface identifier. */
    uint64_t host = (k + 1) * 0x9e3779b97f4a7c15ull;
    ep->family = 6;
    ep->addr[0] = 0x20;
    ep->addr[1] = 0x01;
    ep->addr[2] = 0x0d;
    ep->addr[3] = 0xb8;
    ep->addr[4] = (uint8_t)country;
    ep->addr[5] = (uint8_t)(k % PLAN_ASNS_PER_COUNTRY);
    for (int i = 0; i < 8; i++)
        ep->addr[8 + i] = (uint8_t)(host >> (56 - 8 * i));
}

uint32_t plan_asn_of(const struct tk_endpoint *ep)
{
    if (ep->family == 4) {
        unsigned block = ep->addr[1];
        return plan_asn(block / BLOCKS_PER_COUNTRY,
                        (block % BLOCKS_PER_COUNTRY) / PLAN_BLOCKS_PER_ASN);
    }
    return plan_asn(ep->addr[4], ep->addr[5]);
}
