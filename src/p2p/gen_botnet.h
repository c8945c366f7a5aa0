/* gen_botnet.h - the synthetic botnet's state, shared by the generator's files: the bots,
 * the endpoints they have had (a bot on a dynamic IP gets a new one about daily), their
 * bounded peer lists, and what the observations showed of each endpoint. */
#ifndef TAKEDOWN_P2P_GEN_BOTNET_H
#define TAKEDOWN_P2P_GEN_BOTNET_H

#include <stdint.h>
#include <stdio.h>

#include "rng.h"
#include "takedown/p2p_gen.h"
#include "takedown/p2p_obs.h"

enum bot_kind { BOT_ROUTABLE, BOT_NAT, BOT_SUPER };

struct bot {
    int64_t join, leave;  /* alive in [join, leave) */
    int64_t next_move;    /* when its address changes next; INT64_MAX for a static one */
    uint32_t endpoint;    /* its current endpoint */
    uint32_t list_count;  /* entries in its peer list */
    uint16_t port;
    uint8_t kind;
    uint8_t sensor;       /* a NAT'd bot that contacts our sensors */
    uint8_t build;
    uint8_t country;
    uint8_t ipv6;
    uint8_t online_from;  /* hour of the day it comes online */
    uint8_t online_hours; /* hours a day it stays online; 24: always */
};

/* One address:port a bot had; its text is at text + index * TK_ENDPOINT_TEXT_MAX. */
struct gen_endpoint {
    uint32_t bot;
    uint32_t asn;
    uint8_t text_len;
    uint8_t known; /* the crawler has seen it listed (or it is on a hard-coded list) */
};

/* What the observations showed of an endpoint, for the truth file. */
struct shown {
    uint64_t reports, listings;
    int64_t first, last;
    uint8_t reached;
};

struct botnet {
    const struct tk_p2p_gen_options *o;
    struct tk_rng rng;
    size_t n;
    struct bot *bots;
    struct gen_endpoint *endpoints;
    char *text;
    struct shown *shown; /* NULL without a truth file */
    size_t endpoint_count, endpoint_capacity;
    uint64_t per_country[256]; /* addresses handed out in each country */
    /* Peer lists: bot b's entries are list[b * L .. b * L + count), each an endpoint, with
     * fresh[] the hour at which someone last confirmed it alive. */
    uint32_t *list, *fresh;
    uint32_t *pool, *builds; /* the hard-coded pool, and each build's list (L entries) */
    size_t pool_count, build_len;
    uint32_t *observable;    /* routable bots and NAT'd bots that contact sensors */
    size_t observable_count;
    int64_t end;
};

/* Whether bot b is running at time t, and online (its diurnal window) then. */
int gen_alive(const struct bot *b, int64_t t);
int gen_online(const struct botnet *net, const struct bot *b, int64_t t);

/* Whether endpoint e still answers for a bot alive at t (not left, address unchanged). */
int gen_endpoint_live(const struct botnet *net, uint32_t e, int64_t t);

/* Gives bot b a new endpoint (its first, or the next after an address change). Returns -1
 * when out of memory. */
int gen_new_endpoint(struct botnet *net, uint32_t b);

/* One hour of peer-list maintenance at hour h (time t): every online bot exchanges lists
 * with one of its peers; see gen_lists.c. */
void gen_exchange_round(struct botnet *net, uint32_t h, int64_t t);

/* Up to want distinct entries of bot b's list, at random, skipping `skip` (an endpoint).
 * Returns how many were put in out. */
size_t gen_sample_list(struct botnet *net, uint32_t b, size_t want, uint32_t skip,
                       uint32_t *out);

/* Writes the observations: see gen_rows.c. Returns -1 on a write error. */
int gen_write_observations(struct botnet *net, FILE *out);

#endif
