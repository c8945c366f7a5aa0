/* botsim.h - run a simulated population against a sinkhole on loopback, one wave per
 * simulated day: each bot switched on that day resolves names of the day over UDP through
 * its simulated resolver, checks in over HTTP, and spam bots deliver their day's share of
 * messages over SMTP. HTTP and SMTP connections open with a PROXY protocol header (v1 and
 * v2 alternately) that presents the bot's own address. The resolvers are loopback source
 * addresses (127.0.0.10 and up); some pass the bot's address on as an EDNS Client Subnet
 * option, the others do not, as resolvers do.
 *
 * Only loopback targets are accepted. Every run is bounded by the population size and by a
 * deadline, and every socket operation by a timeout. The result is the ground truth a report
 * must reproduce: what was sent, and what the sinkhole accepted. */
#ifndef TAKEDOWN_BOTSIM_H
#define TAKEDOWN_BOTSIM_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "takedown/client_wire.h"
#include "takedown/error.h"
#include "takedown/population.h"

struct tk_botsim_options {
    const struct tk_address *dns;   /* NULL: no DNS */
    const struct tk_address *http;  /* NULL: no HTTP */
    const struct tk_address *smtp;  /* NULL: no spam */
    const char *const *names;       /* names the bots look up and check in with */
    size_t name_count;
    int queries_per_day;            /* DNS lookups per bot and day switched on */
    int checkins_per_day;           /* HTTP requests per bot and day, on one connection */
    int recipients_per_message;     /* the mean; each message has 1 to 2 x mean - 1 */
    size_t recipient_pool;          /* distinct addresses the spam goes to */
    int resolvers;                  /* simulated resolvers (1..255) */
    int ecs_resolvers;              /* how many of them send Client Subnet (the first ones) */
    int ecs_prefix;                 /* source prefix of the Client Subnet option */
    double rate;                    /* bot-days started per second; 0: as fast as possible */
    double deadline;                /* seconds; bot-days not started by then are skipped */
    int threads;
    uint64_t seed;
    const volatile sig_atomic_t *stop; /* when it becomes non-zero, no further bot starts */
    /* The sinkhole's /metrics (NULL: none): new bot-days wait while its event log's backlog
     * (takedown_sinkhole_log_backlog) is above log_backlog_max, so that no event is dropped
     * for want of queue room. */
    const struct tk_address *metrics;
    double log_backlog_max;
    /* Called before each day after the first (day 1..days-1); non-zero stops the run. */
    int (*next_day)(void *arg, int day);
    /* Called about ten times a second from the calling thread. */
    void (*progress)(void *arg, int day, size_t done, size_t total);
    void *arg;
};

struct tk_country_truth {
    char code[3];
    size_t bots;       /* bots of this country seen (see bots_seen) */
};

struct tk_botsim_truth {
    size_t bots_started;
    /* Bots the sinkhole saw as themselves: an accepted HTTP or SMTP contact, or an answered
     * DNS query that carried their address as Client Subnet. */
    size_t bots_seen;
    size_t bots_seen_day[TK_POPULATION_MAX_DAYS];
    int days;
    uint64_t bot_days;            /* bot-days run */
    uint64_t dns_queries, dns_answers, dns_timeouts; /* timeouts: no answer, for any reason */
    uint64_t dns_answers_ecs;     /* answered queries that carried a Client Subnet */
    size_t resolvers_seen;        /* resolvers with at least one answered query */
    uint64_t dns_answers_plain;   /* answered queries without Client Subnet */
    uint64_t http_requests, http_ok;
    uint64_t smtp_messages;       /* accepted (250 after DATA) */
    uint64_t smtp_recipients;     /* accepted RCPT TO, all messages */
    uint64_t distinct_recipients; /* of the accepted messages */
    size_t spam_bots;             /* spam bots with at least one accepted message */
    /* The spam bot with the most accepted messages. */
    struct tk_address top_spam_bot;
    char top_spam_country[3];
    uint64_t top_spam_messages, top_spam_recipients, top_spam_distinct;
    struct tk_country_truth countries[256];
    size_t country_count;
    double seconds;
};

int tk_botsim_run(const struct tk_population *population, const struct tk_botsim_options *o,
                  struct tk_botsim_truth *truth, struct tk_error *err);

/* The recipient address of pool index i ("victim-<i>@example.net": a reserved domain). */
void tk_botsim_recipient(uint64_t i, char *buf, size_t size);

#endif
