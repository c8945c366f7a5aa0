/* botsim.h - run a simulated population against a sinkhole on loopback: each bot resolves
 * names of the day over UDP with an EDNS Client Subnet option, checks in over HTTP, and spam
 * bots deliver messages over SMTP; HTTP and SMTP connections open with a PROXY protocol
 * header (v1 and v2 alternately) that presents the bot's own address.
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
    int queries_per_bot;            /* DNS lookups per bot */
    int checkins_per_bot;           /* HTTP requests per bot, on one keep-alive connection */
    int messages_per_spammer;
    int recipients_per_message;
    size_t recipient_pool;          /* distinct addresses the spam goes to */
    double rate;                    /* bots started per second; 0: as fast as possible */
    double deadline;                /* seconds; bots not started by then are skipped */
    int threads;
    uint64_t seed;
    int ecs_prefix;                 /* source prefix of the Client Subnet option (24) */
    const volatile sig_atomic_t *stop; /* when it becomes non-zero, no further bot starts */
};

struct tk_country_truth {
    char code[3];
    size_t bots;       /* bots of this country that made at least one HTTP or SMTP contact */
};

struct tk_botsim_truth {
    size_t bots_started;
    size_t bots_contacted;        /* at least one accepted HTTP or SMTP contact */
    uint64_t dns_queries, dns_answers, dns_timeouts; /* timeouts: no answer, for any reason */
    uint64_t http_requests, http_ok;
    uint64_t smtp_messages;       /* accepted (250 after DATA) */
    uint64_t smtp_recipients;     /* accepted RCPT TO, all messages */
    uint64_t distinct_recipients; /* of the accepted messages */
    size_t spam_bots;
    struct tk_country_truth countries[256];
    size_t country_count;
    double seconds;
};

int tk_botsim_run(const struct tk_population *population, const struct tk_botsim_options *o,
                  struct tk_botsim_truth *truth, struct tk_error *err);

/* The recipient address of pool index i ("victim-<i>@example.net": a reserved domain). */
void tk_botsim_recipient(uint64_t i, char *buf, size_t size);

#endif
