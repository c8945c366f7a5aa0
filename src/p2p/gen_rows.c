/* gen_rows.c - the synthetic botnet as a crawler and its sensors record it, hour by hour.
 *
 * Each hour, addresses that are due change, the bots exchange peer lists, then the hour's
 * share of the rows is written at evenly spaced, so ascending, times. A report is a crawl
 * of an online routable bot whose current endpoint the crawler has heard of (listed in an
 * earlier row, or on a hard-coded list), or a sensor contact from an online NAT'd bot; it
 * lists up to `reply` distinct entries of the reporter's peer list, stale ones included,
 * and a report with an empty list is a row with an empty peer. */
#include <string.h>

#include "gen_botnet.h"

static size_t put_u64(char *out, uint64_t v)
{
    char tmp[24];
    size_t n = 0, i = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        out[i++] = tmp[--n];
    return i;
}

static size_t put_endpoint(const struct botnet *net, uint32_t e, char *out)
{
    memcpy(out, net->text + (size_t)e * TK_ENDPOINT_TEXT_MAX, net->endpoints[e].text_len);
    return net->endpoints[e].text_len;
}

static void note(struct shown *s, int64_t t)
{
    if (s->reports + s->listings == 0 || t < s->first)
        s->first = t;
    if (s->reports + s->listings == 0 || t > s->last)
        s->last = t;
}

/* One observation row; peer is -1 for a report that listed no peer. */
static int write_row(struct botnet *net, FILE *out, int64_t t, uint32_t reporter, long peer)
{
    char row[256];
    size_t n;
    int crawled = net->bots[net->endpoints[reporter].bot].kind != BOT_NAT;
    const char *source = crawled ? "crawler" : "sensor";

    if (net->o->jsonl) {
        memcpy(row, "{\"time\":", 8);
        n = 8 + put_u64(row + 8, (uint64_t)t);
        memcpy(row + n, ",\"reporter\":\"", 13);
        n += 13;
        n += put_endpoint(net, reporter, row + n);
        if (peer >= 0) {
            memcpy(row + n, "\",\"peer\":\"", 10);
            n += 10;
            n += put_endpoint(net, (uint32_t)peer, row + n);
            row[n++] = '"';
        } else {
            memcpy(row + n, "\",\"peer\":null", 13);
            n += 13;
        }
        n += (size_t)sprintf(row + n, ",\"source\":\"%s\"}\n", source);
    } else {
        n = put_u64(row, (uint64_t)t);
        row[n++] = ',';
        n += put_endpoint(net, reporter, row + n);
        row[n++] = ',';
        if (peer >= 0)
            n += put_endpoint(net, (uint32_t)peer, row + n);
        row[n++] = ',';
        memcpy(row + n, source, strlen(source));
        n += strlen(source);
        row[n++] = '\n';
    }
    if (peer >= 0)
        net->endpoints[peer].known = 1;
    if (net->shown) {
        struct shown *s = &net->shown[reporter];
        note(s, t);
        s->reports++;
        s->reached |= (uint8_t)crawled;
        if (peer >= 0) {
            note(&net->shown[peer], t);
            net->shown[peer].listings++;
        }
    }
    return fwrite(row, 1, n, out) == n ? 0 : -1;
}

/* A bot that can be observed at t: online, and either NAT'd (it contacts a sensor) or
 * routable at an endpoint the crawler knows. UINT32_MAX when 64 draws find none. */
static uint32_t pick_reporter(struct botnet *net, int64_t t)
{
    for (int tries = 0; tries < 64; tries++) {
        uint32_t b = net->observable[tk_rng_below(&net->rng, net->observable_count)];
        const struct bot *bot = &net->bots[b];
        if (gen_online(net, bot, t)
            && (bot->kind == BOT_NAT || net->endpoints[bot->endpoint].known))
            return b;
    }
    return UINT32_MAX;
}

/* One report of bot b at t: up to reply rows, fewer when the rows run out. */
static int report(struct botnet *net, FILE *out, int64_t t, uint32_t b, uint64_t *rows)
{
    uint32_t chosen[256];
    uint32_t own = net->bots[b].endpoint;
    size_t count = gen_sample_list(net, b, net->o->reply, own, chosen);

    if (count == 0) {
        (*rows)++;
        return write_row(net, out, t, own, -1);
    }
    for (size_t i = 0; i < count && *rows < net->o->observations; i++, (*rows)++)
        if (write_row(net, out, t, own, chosen[i]))
            return -1;
    return 0;
}

static int move_addresses(struct botnet *net, int64_t t)
{
    for (uint32_t b = 0; b < net->n; b++) {
        struct bot *bot = &net->bots[b];
        if (bot->next_move > t)
            continue;
        /* A lease of 12 to 36 hours. */
        bot->next_move = t + 43200 + (int64_t)tk_rng_below(&net->rng, 86400);
        if (gen_alive(bot, t) && gen_new_endpoint(net, b))
            return -1;
    }
    return 0;
}

int gen_write_observations(struct botnet *net, FILE *out)
{
    const struct tk_p2p_gen_options *o = net->o;
    uint32_t hours = o->days * 24;
    uint64_t rows = 0;

    if (!o->jsonl && fputs("time,reporter,peer,source\n", out) == EOF)
        return -1;
    for (uint32_t h = 0; h < hours; h++) {
        int64_t t0 = o->start + (int64_t)h * 3600;
        if (move_addresses(net, t0))
            return -2;
        gen_exchange_round(net, h, t0);
        uint64_t target = (uint64_t)((unsigned __int128)o->observations * (h + 1) / hours);
        uint64_t quota = target > rows ? target - rows : 0, first = rows;
        while (rows < target) {
            int64_t t = t0 + (int64_t)((rows - first) * 3600 / quota);
            uint32_t b = pick_reporter(net, t);
            if (b == UINT32_MAX)
                break;
            if (report(net, out, t, b, &rows))
                return -1;
        }
    }
    /* Rows left over when too few bots were ever observable: reports at the last second,
     * from any observable bot, so that every configuration ends with the rows asked for. */
    while (rows < o->observations) {
        uint32_t b = net->observable[tk_rng_below(&net->rng, net->observable_count)];
        if (report(net, out, net->end - 1, b, &rows))
            return -1;
    }
    return 0;
}
