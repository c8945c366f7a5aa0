/* population.h - a simulated infected population: bots with addresses drawn from the
 * networks of a geo database in a chosen country mix, the days each is switched on, the
 * resolver each asks, and the spam each sends.
 *
 * The mix is "CC=PERCENT,CC=PERCENT,..."; what the listed shares leave goes to addresses of
 * any other country. Addresses are drawn from the database's own IPv4 networks of each
 * country, weighted by their size, so the report's geolocation finds them where they were
 * put. The same spec and database give the same population. */
#ifndef TAKEDOWN_POPULATION_H
#define TAKEDOWN_POPULATION_H

#include <stddef.h>
#include <stdint.h>

#include "takedown/client_wire.h"
#include "takedown/error.h"
#include "takedown/geo.h"

/* The default mix: India's 13.59 % of distinct infected addresses is the published Necurs
 * figure (Microsoft, March 2020); the other shares are illustrative, led by the countries
 * that announcement named among the most affected, then a long tail of 31 more; the other
 * 4.3 % go to the rest of the world. */
#define TK_DEFAULT_COUNTRY_MIX                                                              \
    "IN=13.59,ID=9,TR=7,VN=6,MX=5,TH=4.5,IR=4,PH=4,BR=4,CO=3,PK=3,EG=2.5,DZ=2.2,MA=2,"      \
    "SA=1.8,BD=1.8,UA=1.6,RU=1.6,CN=1.5,US=1.5,AR=1.4,PE=1.3,MY=1.2,IQ=1.1,NG=1,ZA=1,"      \
    "KZ=0.9,RO=0.8,IT=0.8,ES=0.8,PL=0.7,CL=0.7,TW=0.7,KR=0.6,DE=0.6,FR=0.6,GB=0.5,VE=0.5,"  \
    "TN=0.5,EC=0.41"

#define TK_POPULATION_MAX_DAYS 31

struct tk_country_share {
    char code[3]; /* "" for the rest of the world */
    double share; /* 0..1 */
};

struct tk_bot_plan {
    struct tk_address address;
    char country[3];
    uint8_t resolver;       /* which simulated resolver its DNS queries go through */
    uint32_t days;          /* bit d: switched on on day d */
    uint32_t spam_messages; /* over the whole run; 0: not a spam bot */
};

struct tk_population_spec {
    const char *mix;
    size_t bots;
    int days;               /* 1..TK_POPULATION_MAX_DAYS */
    int resolvers;          /* 1..255 */
    double spam_share;      /* 0..1 */
    double spam_alpha;      /* Pareto shape of messages per spam bot, > 1 */
    uint32_t spam_min;      /* the Pareto scale: the fewest messages a spam bot sends */
    uint32_t spam_max;      /* the most */
    uint64_t seed;
};

struct tk_population {
    struct tk_bot_plan *bots;
    size_t count;
    struct tk_country_share mix[64];
    size_t mix_count;
    int days;
};

/* Parses a mix; the rest (1 - sum) becomes the "" entry. Shares must be positive and sum
 * to at most 100. */
int tk_country_mix_parse(const char *text, struct tk_country_share *out, size_t max,
                         size_t *count, struct tk_error *err);

/* Checks a spec without building anything: TK_ERR_USAGE saying what is wrong. */
int tk_population_spec_check(const struct tk_population_spec *spec, struct tk_error *err);

/* Draws the bots: distinct addresses in the mix; each switched on each day with a chance of
 * its own between 0.3 and 0.95 (and on at least one day); spam_share of them (rounded) spam
 * bots, with messages drawn from a Pareto distribution (spam_min, spam_alpha) cut at
 * spam_max. */
int tk_population_build(const struct tk_geo *geo, const struct tk_population_spec *spec,
                        struct tk_population *out, struct tk_error *err);
void tk_population_free(struct tk_population *population);

/* A small, fast, seeded generator (splitmix64) for reproducible simulations. */
uint64_t tk_sim_random(uint64_t *state);
/* Uniform in [0, 1). */
double tk_sim_uniform(uint64_t *state);

#endif
