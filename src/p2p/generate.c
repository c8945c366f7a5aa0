/* generate.c - the synthetic P2P botnet (see p2p_gen.h): its bots, the operators' pool and
 * hard-coded lists, and the truth file. gen_lists.c runs the peer lists, gen_rows.c writes
 * what the crawler and the sensors see. */
#include "takedown/p2p_gen.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gen_botnet.h"
#include "gen_plan.h"

void tk_p2p_gen_defaults(struct tk_p2p_gen_options *o)
{
    memset(o, 0, sizeof *o);
    o->nodes = 1000;
    o->seed = 1;
    o->peer_list = 50;
    o->builds = 4;
    o->reply = 10;
    o->nat_share = 0.8;
    o->pool_share = 0.05;
    o->sensor_share = 0.5;
    o->dynamic_share = 0.4;
    o->ipv6_share = 0.05;
    o->start = 1493596800;
    o->days = 7;
}

static size_t pick_country(struct tk_rng *rng)
{
    double total = 0, x;
    for (size_t c = 0; c < plan_country_count; c++)
        total += plan_countries[c].weight;
    x = tk_rng_unit(rng) * total;
    for (size_t c = 0; c < plan_country_count; c++) {
        if (x < plan_countries[c].weight)
            return c;
        x -= plan_countries[c].weight;
    }
    return plan_country_count - 1;
}

/* Bots, their first endpoints, lifetimes and daily hours online. */
static int make_bots(struct botnet *net)
{
    const struct tk_p2p_gen_options *o = net->o;
    int64_t period = (int64_t)o->days * 86400;

    net->bots = calloc(net->n, sizeof *net->bots);
    net->observable = malloc(net->n * sizeof *net->observable);
    if (!net->bots || !net->observable)
        return -1;
    for (uint32_t i = 0; i < net->n; i++) {
        struct bot *b = &net->bots[i];
        b->country = (uint8_t)pick_country(&net->rng);
        b->ipv6 = tk_rng_unit(&net->rng) < o->ipv6_share;
        b->kind = tk_rng_unit(&net->rng) < o->nat_share ? BOT_NAT : BOT_ROUTABLE;
        b->sensor = b->kind == BOT_NAT && tk_rng_unit(&net->rng) < o->sensor_share;
        b->build = (uint8_t)tk_rng_below(&net->rng, o->builds);
        b->port = (uint16_t)(1024 + tk_rng_below(&net->rng, 64512));
        /* A fifth are always on (servers, machines never switched off); the rest are online
         * 6 to 18 hours a day from some hour. */
        b->online_from = (uint8_t)tk_rng_below(&net->rng, 24);
        b->online_hours = tk_rng_unit(&net->rng) < 0.2
                              ? 24 : (uint8_t)(6 + tk_rng_below(&net->rng, 13));
        /* Half are there from the start, the rest join during the period; lifetimes are
         * exponential with the period as mean, at least an hour. */
        b->join = o->start;
        if (tk_rng_unit(&net->rng) >= 0.5)
            b->join += (int64_t)tk_rng_below(&net->rng, (uint64_t)period);
        double life = -log(1 - tk_rng_unit(&net->rng)) * (double)period;
        b->leave = b->join + (life < 3600 ? 3600 : (int64_t)life);
        if (b->leave > net->end)
            b->leave = net->end;
        b->next_move = INT64_MAX;
        if (tk_rng_unit(&net->rng) < o->dynamic_share)
            b->next_move = b->join + 43200 + (int64_t)tk_rng_below(&net->rng, 86400);
        if (gen_new_endpoint(net, i))
            return -1;
        if (b->kind != BOT_NAT || b->sensor)
            net->observable[net->observable_count++] = i;
    }
    return 0;
}

/* The operators' pool of stable routable bots (static addresses, always on, there for the
 * whole period), each build's hard-coded list drawn from it, and every bot's first list. */
static int make_peer_lists(struct botnet *net)
{
    const struct tk_p2p_gen_options *o = net->o;
    size_t L = o->peer_list;

    net->pool = malloc(net->n * sizeof *net->pool);
    net->list = malloc(net->n * L * sizeof *net->list);
    net->fresh = malloc(net->n * L * sizeof *net->fresh);
    if (!net->pool || !net->list || !net->fresh)
        return -1;
    for (uint32_t i = 0; i < net->n; i++)
        if (net->bots[i].kind == BOT_ROUTABLE && tk_rng_unit(&net->rng) < o->pool_share)
            net->pool[net->pool_count++] = i;
    for (uint32_t i = 0; net->pool_count == 0 && i < net->n; i++)
        if (net->bots[i].kind == BOT_ROUTABLE)
            net->pool[net->pool_count++] = i;
    for (size_t i = 0; i < net->pool_count; i++) {
        struct bot *b = &net->bots[net->pool[i]];
        b->kind = BOT_SUPER;
        b->join = o->start;
        b->leave = net->end;
        b->next_move = INT64_MAX;
        b->online_hours = 24;
        net->endpoints[b->endpoint].known = 1;
    }
    net->build_len = net->pool_count < L ? net->pool_count : L;
    net->builds = malloc((o->builds * net->build_len + 1) * sizeof *net->builds);
    if (net->builds == NULL)
        return -1;
    for (unsigned b = 0; b < o->builds; b++) {
        uint32_t *build = net->builds + b * net->build_len;
        /* A partial shuffle of the pool, done in place: the pool's order does not matter. */
        for (size_t i = 0; i < net->build_len; i++) {
            size_t j = i + (size_t)tk_rng_below(&net->rng, net->pool_count - i);
            uint32_t t = net->pool[i];
            net->pool[i] = net->pool[j];
            net->pool[j] = t;
            build[i] = net->bots[net->pool[i]].endpoint;
        }
    }
    for (uint32_t i = 0; i < net->n; i++) {
        struct bot *b = &net->bots[i];
        const uint32_t *build = net->builds + b->build * net->build_len;
        for (size_t j = 0; j < net->build_len; j++) {
            if (build[j] == b->endpoint)
                continue;
            net->list[(size_t)i * L + b->list_count] = build[j];
            net->fresh[(size_t)i * L + b->list_count++] = 0;
        }
    }
    return 0;
}

static int write_truth(const struct botnet *net, FILE *truth)
{
    static const char *const kinds[] = {"routable", "nat", "super"};
    fputs("endpoint,kind,country,asn,reports,listings,first_seen,last_seen,reached,bot\n",
          truth);
    for (size_t i = 0; i < net->endpoint_count; i++) {
        const struct shown *s = &net->shown[i];
        const struct gen_endpoint *e = &net->endpoints[i];
        const struct bot *b = &net->bots[e->bot];
        char first[32], last[32];
        if (s->reports + s->listings == 0)
            continue;
        tk_obs_format_time(s->first, first);
        tk_obs_format_time(s->last, last);
        fprintf(truth, "%.*s,%s,%s,%u,%llu,%llu,%s,%s,%d,%u\n", (int)e->text_len,
                net->text + i * TK_ENDPOINT_TEXT_MAX, kinds[b->kind],
                plan_countries[b->country].code, e->asn, (unsigned long long)s->reports,
                (unsigned long long)s->listings, first, last, s->reached, e->bot);
    }
    return ferror(truth) ? -1 : 0;
}

static void free_botnet(struct botnet *net)
{
    free(net->bots);
    free(net->endpoints);
    free(net->text);
    free(net->shown);
    free(net->list);
    free(net->fresh);
    free(net->pool);
    free(net->builds);
    free(net->observable);
}

static int check_options(const struct tk_p2p_gen_options *o, struct tk_error *err)
{
    if (o->nodes < 2 || o->nodes > TK_P2P_GEN_MAX_NODES)
        return tk_error_set(err, TK_ERR_USAGE, "--nodes must be between 2 and %d",
                            TK_P2P_GEN_MAX_NODES);
    if (o->builds < 1 || o->builds > 255)
        return tk_error_set(err, TK_ERR_USAGE, "--builds must be between 1 and 255");
    if (o->reply < 1 || o->reply > 256)
        return tk_error_set(err, TK_ERR_USAGE, "--reply must be between 1 and 256");
    if (o->peer_list < 1 || o->peer_list > 10000)
        return tk_error_set(err, TK_ERR_USAGE, "--peer-list must be between 1 and 10000");
    if (o->days < 1 || o->days > 3650)
        return tk_error_set(err, TK_ERR_USAGE, "--days must be between 1 and 3650");
    const double shares[] = {o->nat_share, o->pool_share, o->ipv6_share, o->sensor_share,
                             o->dynamic_share};
    for (size_t i = 0; i < sizeof shares / sizeof shares[0]; i++)
        if (!(shares[i] >= 0 && shares[i] <= 1))
            return tk_error_set(err, TK_ERR_USAGE, "shares must be between 0 and 1");
    return TK_OK;
}

int tk_p2p_generate(const struct tk_p2p_gen_options *o, FILE *out, FILE *truth,
                    struct tk_error *err)
{
    struct botnet net = {0};
    struct tk_p2p_gen_options opts = *o;
    int rc;

    if ((rc = check_options(&opts, err)))
        return rc;
    if (opts.observations == 0)
        opts.observations = 20 * (uint64_t)opts.nodes;
    net.o = &opts;
    net.n = opts.nodes;
    net.end = opts.start + (int64_t)opts.days * 86400;
    tk_rng_seed(&net.rng, opts.seed);
    if (truth && (net.shown = calloc(1, sizeof *net.shown)) == NULL)
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    if (make_bots(&net) || make_peer_lists(&net)) {
        rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory for %zu bots", net.n);
    } else if (net.observable_count == 0) {
        rc = tk_error_set(err, TK_ERR_USAGE, "no bot can be observed: every bot is behind NAT "
                          "and none contacts a sensor");
    } else if ((rc = gen_write_observations(&net, out)) == -2) {
        rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory for new addresses");
    } else if (rc || fflush(out)) {
        rc = tk_error_set(err, TK_ERR_IO, "writing observations: %s", strerror(errno));
    } else if (truth && write_truth(&net, truth)) {
        rc = tk_error_set(err, TK_ERR_IO, "writing the truth file: %s", strerror(errno));
    }
    free_botnet(&net);
    return rc;
}
