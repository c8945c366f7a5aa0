/* gen_lists.c - the synthetic botnet's peer lists: who is alive and online, new addresses,
 * and the hourly exchange that replicates lists.
 *
 * Each entry carries the hour at which some bot last confirmed its endpoint alive. When a
 * bot asks a peer for its list, it merges the reply's entries with their times, keeping at
 * most L entries: a full list gives up its least recently confirmed entry for a fresher one
 * (Kelihos orders its list by last-seen time the same way). A routable bot also announces
 * itself to the peer it contacts, which is how a new super-node gets into lists; the
 * entries of super-nodes that are online most of the time are confirmed and copied most
 * often, so they end up in many lists, several times over. An entry whose endpoint is gone
 * for good (the bot left, or its address changed) is dropped when contacted; one that is
 * only offline for the night stays. A bot whose list empties falls back to the DGA: the
 * operators' domains hand it a fresh list from their pool. */
#include <stdlib.h>
#include <string.h>

#include "gen_botnet.h"
#include "gen_plan.h"

int gen_alive(const struct bot *b, int64_t t)
{
    return b->join <= t && t < b->leave;
}

int gen_online(const struct botnet *net, const struct bot *b, int64_t t)
{
    if (!gen_alive(b, t))
        return 0;
    if (b->online_hours >= 24)
        return 1;
    unsigned hour = (unsigned)(((t - net->o->start) / 3600) % 24);
    return (hour + 24 - b->online_from) % 24 < b->online_hours;
}

int gen_endpoint_live(const struct botnet *net, uint32_t e, int64_t t)
{
    const struct bot *b = &net->bots[net->endpoints[e].bot];
    return b->endpoint == e && gen_alive(b, t);
}

int gen_new_endpoint(struct botnet *net, uint32_t b)
{
    struct bot *bot = &net->bots[b];
    struct tk_endpoint ep;

    if (net->endpoint_count == net->endpoint_capacity) {
        size_t cap = net->endpoint_capacity ? 2 * net->endpoint_capacity : 1024;
        void *e = realloc(net->endpoints, cap * sizeof *net->endpoints);
        if (e == NULL)
            return -1;
        net->endpoints = e;
        void *text = realloc(net->text, cap * TK_ENDPOINT_TEXT_MAX);
        if (text == NULL)
            return -1;
        net->text = text;
        if (net->shown) {
            void *s = realloc(net->shown, cap * sizeof *net->shown);
            if (s == NULL)
                return -1;
            net->shown = s;
        }
        net->endpoint_capacity = cap;
    }
    size_t i = net->endpoint_count++;
    plan_address(bot->country, net->per_country[bot->country]++, bot->ipv6, &ep);
    ep.port = bot->port;
    net->endpoints[i] = (struct gen_endpoint){
        .bot = b,
        .asn = plan_asn_of(&ep),
        .text_len = (uint8_t)tk_endpoint_format(&ep, net->text + i * TK_ENDPOINT_TEXT_MAX,
                                                TK_ENDPOINT_TEXT_MAX),
    };
    if (net->shown)
        memset(&net->shown[i], 0, sizeof net->shown[i]);
    bot->endpoint = (uint32_t)i;
    return 0;
}

/* Adds endpoint x, confirmed alive at hour `when`, to bot b's list (see the top). */
static void merge(struct botnet *net, uint32_t b, uint32_t x, uint32_t when)
{
    size_t L = net->o->peer_list, oldest = 0;
    uint32_t *entries = net->list + (size_t)b * L, *fresh = net->fresh + (size_t)b * L;
    uint32_t count = net->bots[b].list_count;

    if (x == net->bots[b].endpoint)
        return;
    for (uint32_t i = 0; i < count; i++) {
        if (entries[i] == x) {
            if (fresh[i] < when)
                fresh[i] = when;
            return;
        }
        if (fresh[i] < fresh[oldest])
            oldest = i;
    }
    if (count < L) {
        entries[count] = x;
        fresh[count] = when;
        net->bots[b].list_count++;
    } else if (fresh[oldest] < when) {
        entries[oldest] = x;
        fresh[oldest] = when;
    }
}

static void drop(struct botnet *net, uint32_t b, uint32_t i)
{
    size_t L = net->o->peer_list;
    uint32_t last = --net->bots[b].list_count;
    net->list[(size_t)b * L + i] = net->list[(size_t)b * L + last];
    net->fresh[(size_t)b * L + i] = net->fresh[(size_t)b * L + last];
}

/* Up to want distinct positions of bot b's list, at random, skipping endpoint skip. */
static size_t sample_positions(struct botnet *net, uint32_t b, size_t want, uint32_t skip,
                               uint32_t *out)
{
    const uint32_t *entries = net->list + (size_t)b * net->o->peer_list;
    uint32_t count = net->bots[b].list_count;
    size_t got = 0;

    for (size_t tries = 0; count && tries < 4 * want && got < want; tries++) {
        uint32_t at = (uint32_t)tk_rng_below(&net->rng, count);
        int repeat = entries[at] == skip;
        for (size_t i = 0; i < got && !repeat; i++)
            repeat = out[i] == at;
        if (!repeat)
            out[got++] = at;
    }
    return got;
}

size_t gen_sample_list(struct botnet *net, uint32_t b, size_t want, uint32_t skip,
                       uint32_t *out)
{
    size_t got = sample_positions(net, b, want, skip, out);
    for (size_t i = 0; i < got; i++)
        out[i] = net->list[(size_t)b * net->o->peer_list + out[i]];
    return got;
}

static void dga_fallback(struct botnet *net, uint32_t b, uint32_t h, int64_t t)
{
    for (size_t i = 0; net->pool_count && i < net->o->peer_list; i++) {
        uint32_t e = net->bots[net->pool[tk_rng_below(&net->rng, net->pool_count)]].endpoint;
        if (gen_endpoint_live(net, e, t))
            merge(net, b, e, h);
    }
}

void gen_exchange_round(struct botnet *net, uint32_t h, int64_t t)
{
    size_t L = net->o->peer_list;
    uint32_t positions[256], entries[256], when[256];

    for (uint32_t b = 0; b < net->n; b++) {
        struct bot *bot = &net->bots[b];
        if (!gen_online(net, bot, t))
            continue;
        if (bot->list_count == 0)
            dga_fallback(net, b, h, t);
        if (bot->list_count == 0)
            continue;
        uint32_t i = (uint32_t)tk_rng_below(&net->rng, bot->list_count);
        uint32_t e = net->list[(size_t)b * L + i], u = net->endpoints[e].bot;
        if (!gen_endpoint_live(net, e, t)) {
            drop(net, b, i);
            continue;
        }
        if (!gen_online(net, &net->bots[u], t))
            continue;
        net->fresh[(size_t)b * L + i] = h;
        size_t got = sample_positions(net, u, net->o->reply, bot->endpoint, positions);
        for (size_t j = 0; j < got; j++) {
            entries[j] = net->list[(size_t)u * L + positions[j]];
            when[j] = net->fresh[(size_t)u * L + positions[j]];
        }
        for (size_t j = 0; j < got; j++)
            merge(net, b, entries[j], when[j]);
        if (bot->kind != BOT_NAT)
            merge(net, u, bot->endpoint, h);
    }
}
