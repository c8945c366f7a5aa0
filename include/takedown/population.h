/* population.h - a simulated infected population: bots with addresses drawn from the
 * networks of a geo database in a chosen country mix, some of them spam bots.
 *
 * The mix is "CC=PERCENT,CC=PERCENT,..."; what the listed shares leave goes to addresses of
 * any other country. Addresses are drawn by sampling the public IPv4 space with a seeded
 * generator and keeping an address for the country the database gives it, so the same
 * seed, mix and database give the same population. */
#ifndef TAKEDOWN_POPULATION_H
#define TAKEDOWN_POPULATION_H

#include <stddef.h>
#include <stdint.h>

#include "takedown/client_wire.h"
#include "takedown/error.h"
#include "takedown/geo.h"

/* The default mix: India's 13.59 % of distinct infected addresses is the published Necurs
 * figure (Microsoft, March 2020); the other shares are illustrative, over countries that
 * announcement named among the most affected. */
#define TK_DEFAULT_COUNTRY_MIX "IN=13.59,ID=9,TR=7,VN=6,MX=5,TH=4.5,IR=4,PH=4,BR=4"

struct tk_country_share {
    char code[3]; /* "" for the rest of the world */
    double share; /* 0..1 */
};

struct tk_bot {
    struct tk_address address;
    char country[3];
    int spammer;
};

struct tk_population {
    struct tk_bot *bots;
    size_t count;
    struct tk_country_share mix[64];
    size_t mix_count;
};

/* Parses a mix; the rest (1 - sum) becomes the "" entry. Shares must be positive and sum
 * to at most 100. */
int tk_country_mix_parse(const char *text, struct tk_country_share *out, size_t max,
                         size_t *count, struct tk_error *err);

/* Draws bots addresses (distinct) for the mix; spam_share of them (rounded) send spam. */
int tk_population_build(const struct tk_geo *geo, const char *mix, size_t bots,
                        double spam_share, uint64_t seed, struct tk_population *out,
                        struct tk_error *err);
void tk_population_free(struct tk_population *population);

/* A small, fast, seeded generator (splitmix64) for reproducible simulations. */
uint64_t tk_sim_random(uint64_t *state);

#endif
