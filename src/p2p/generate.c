/* generate.c - the synthetic Necurs-like botnet and its observations (see p2p_gen.h). */
#include "takedown/p2p_gen.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gen_plan.h"
#include "rng.h"

enum bot_kind { BOT_ROUTABLE, BOT_NAT, BOT_SUPER };

struct bot {
    int64_t join, leave; /* alive in [join, leave) */
    uint32_t text_at;    /* its endpoint's text in the botnet's text arena */
    uint8_t text_len;
    uint8_t kind;
    uint8_t sensor;      /* a NAT'd bot that contacts our sensors */
    uint8_t build;
    uint8_t country;
};

/* What the observations showed of a bot, for the truth file. */
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
    struct tk_endpoint *endpoints;
    char *text;
    uint32_t *routable, *pool, *builds, *learned, *reporters;
    size_t routable_count, pool_count, build_len, reporter_count;
    struct shown *shown;
    int64_t end;
};

void tk_p2p_gen_defaults(struct tk_p2p_gen_options *o)
{
    memset(o, 0, sizeof *o);
    o->nodes = 1000;
    o->seed = 1;
    o->peer_list = 2000;
    o->builds = 4;
    o->learned = 8;
    o->reply = 10;
    o->nat_share = 0.6;
    o->pool_share = 0.02;
    o->sensor_share = 0.5;
    o->ipv6_share = 0.05;
    o->start = 1493596800;
    o->days = 7;
}

static int alive(const struct bot *b, int64_t t)
{
    return b->join <= t && t < b->leave;
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

/* Bots, their endpoints and lifetimes. */
static int make_bots(struct botnet *net)
{
    const struct tk_p2p_gen_options *o = net->o;
    uint64_t per_country[256] = {0};
    int64_t period = (int64_t)o->days * 86400;

    net->bots = calloc(net->n, sizeof *net->bots);
    net->endpoints = calloc(net->n, sizeof *net->endpoints);
    net->text = malloc(net->n * TK_ENDPOINT_TEXT_MAX);
    net->routable = malloc(net->n * sizeof *net->routable);
    if (!net->bots || !net->endpoints || !net->text || !net->routable)
        return -1;
    for (size_t i = 0; i < net->n; i++) {
        struct bot *b = &net->bots[i];
        size_t c = pick_country(&net->rng);
        int ipv6 = tk_rng_unit(&net->rng) < o->ipv6_share;
        b->country = (uint8_t)c;
        b->kind = tk_rng_unit(&net->rng) < o->nat_share ? BOT_NAT : BOT_ROUTABLE;
        b->sensor = b->kind == BOT_NAT && tk_rng_unit(&net->rng) < o->sensor_share;
        b->build = (uint8_t)tk_rng_below(&net->rng, o->builds);
        plan_address(c, per_country[c]++, ipv6, &net->endpoints[i]);
        net->endpoints[i].port = (uint16_t)(1024 + tk_rng_below(&net->rng, 64512));
        b->text_at = (uint32_t)(i * TK_ENDPOINT_TEXT_MAX);
        b->text_len = (uint8_t)tk_endpoint_format(&net->endpoints[i], net->text + b->text_at,
                                                  TK_ENDPOINT_TEXT_MAX);
        /* Half are there from the start, the rest join during the period; lifetimes are
         * exponential with the period as mean, at least an hour. */
        b->join = o->start;
        if (tk_rng_unit(&net->rng) >= 0.5)
            b->join += (int64_t)tk_rng_below(&net->rng, (uint64_t)period);
        double life = -log(1 - tk_rng_unit(&net->rng)) * (double)period;
        b->leave = b->join + (life < 3600 ? 3600 : (int64_t)life);
        if (b->leave > net->end)
            b->leave = net->end;
        if (b->kind == BOT_ROUTABLE)
            net->routable[net->routable_count++] = (uint32_t)i;
    }
    return 0;
}

/* The operators' pool of stable routable bots and each build's hard-coded list. */
static int make_peer_lists(struct botnet *net)
{
    const struct tk_p2p_gen_options *o = net->o;
    uint32_t *shuffled;

    net->pool = malloc((net->routable_count ? net->routable_count : 1) * sizeof *net->pool);
    if (net->pool == NULL)
        return -1;
    for (size_t i = 0; i < net->routable_count; i++)
        if (tk_rng_unit(&net->rng) < o->pool_share)
            net->pool[net->pool_count++] = net->routable[i];
    if (net->pool_count == 0 && net->routable_count > 0)
        net->pool[net->pool_count++] = net->routable[0];
    for (size_t i = 0; i < net->pool_count; i++) {
        struct bot *b = &net->bots[net->pool[i]];
        b->join = o->start;
        b->leave = net->end;
    }
    net->build_len = net->pool_count < o->peer_list ? net->pool_count : o->peer_list;
    net->builds = malloc((o->builds * net->build_len + 1) * sizeof *net->builds);
    shuffled = malloc((net->pool_count + 1) * sizeof *shuffled);
    if (net->builds == NULL || shuffled == NULL) {
        free(shuffled);
        return -1;
    }
    memcpy(shuffled, net->pool, net->pool_count * sizeof *shuffled);
    for (unsigned b = 0; b < o->builds; b++) {
        for (size_t i = 0; i < net->build_len; i++) {
            size_t j = i + (size_t)tk_rng_below(&net->rng, net->pool_count - i);
            uint32_t t = shuffled[i];
            shuffled[i] = shuffled[j];
            shuffled[j] = t;
            net->builds[b * net->build_len + i] = shuffled[i];
            net->bots[shuffled[i]].kind = BOT_SUPER;
        }
    }
    free(shuffled);

    net->learned = malloc((net->n * o->learned + 1) * sizeof *net->learned);
    if (net->learned == NULL)
        return -1;
    /* Without routable bots there is nothing to learn: each bot's entries name itself,
     * which a report never lists. */
    for (size_t i = 0; i < net->n * o->learned; i++)
        net->learned[i] = net->routable_count
                              ? net->routable[tk_rng_below(&net->rng, net->routable_count)]
                              : (uint32_t)(i / o->learned);
    return 0;
}

static int make_reporters(struct botnet *net)
{
    net->reporters = malloc(net->n * sizeof *net->reporters);
    if (net->reporters == NULL)
        return -1;
    for (size_t i = 0; i < net->n; i++)
        if (net->bots[i].kind != BOT_NAT || net->bots[i].sensor)
            net->reporters[net->reporter_count++] = (uint32_t)i;
    return 0;
}

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

static void note(struct shown *s, int64_t t)
{
    if (s->reports + s->listings == 0 || t < s->first)
        s->first = t;
    if (s->reports + s->listings == 0 || t > s->last)
        s->last = t;
}

/* One observation row; peer is -1 for a report that listed no live peer. */
static int write_row(struct botnet *net, FILE *out, int64_t t, uint32_t reporter, long peer)
{
    char row[256];
    size_t n = 0;
    const struct bot *r = &net->bots[reporter];
    const char *source = r->kind == BOT_NAT ? "sensor" : "crawler";

    if (net->o->jsonl) {
        memcpy(row, "{\"time\":", 8);
        n = 8;
        n += put_u64(row + n, (uint64_t)t);
        memcpy(row + n, ",\"reporter\":\"", 13);
        n += 13;
        memcpy(row + n, net->text + r->text_at, r->text_len);
        n += r->text_len;
        if (peer >= 0) {
            const struct bot *p = &net->bots[peer];
            memcpy(row + n, "\",\"peer\":\"", 10);
            n += 10;
            memcpy(row + n, net->text + p->text_at, p->text_len);
            n += p->text_len;
            row[n++] = '"';
        } else {
            memcpy(row + n, "\",\"peer\":null", 13);
            n += 13;
        }
        n += (size_t)sprintf(row + n, ",\"source\":\"%s\"}\n", source);
    } else {
        n = put_u64(row, (uint64_t)t);
        row[n++] = ',';
        memcpy(row + n, net->text + r->text_at, r->text_len);
        n += r->text_len;
        row[n++] = ',';
        if (peer >= 0) {
            const struct bot *p = &net->bots[peer];
            memcpy(row + n, net->text + p->text_at, p->text_len);
            n += p->text_len;
        }
        row[n++] = ',';
        memcpy(row + n, source, strlen(source));
        n += strlen(source);
        row[n++] = '\n';
    }
    if (net->shown) {
        struct shown *s = &net->shown[reporter];
        note(s, t);
        s->reports++;
        s->reached |= r->kind != BOT_NAT;
        if (peer >= 0) {
            note(&net->shown[peer], t);
            net->shown[peer].listings++;
        }
    }
    return fwrite(row, 1, n, out) == n ? 0 : -1;
}

/* Reports at exponentially spaced, hence ascending, times until the rows are written. The
 * spacing is recomputed from the rows still to write and the rows a report has given so
 * far, so that the reports spread over the whole period; a step never takes more than half
 * the time left, so the clock stays inside it. When no reporter is alive for many reports
 * in a row (bots that all left early), the clock starts a new pass from the start, so that
 * every configuration ends. */
static int write_observations(struct botnet *net, FILE *out)
{
    const struct tk_p2p_gen_options *o = net->o;
    uint64_t rows = 0, reports = 0;
    unsigned misses = 0;
    double clock = (double)o->start;
    size_t list_len = net->build_len + o->learned;
    uint32_t chosen[256];

    if (!o->jsonl && fputs("time,reporter,peer,source\n", out) == EOF)
        return -1;
    while (rows < o->observations) {
        double per_report = reports ? (double)rows / (double)reports : (double)o->reply;
        double left = (double)(o->observations - rows) / per_report;
        double spacing = ((double)net->end - clock) / (left > 1 ? left : 1);
        double step = -log(1 - tk_rng_unit(&net->rng)) * spacing;
        double room = (double)net->end - clock;
        clock += step < room / 2 ? step : room / 2;
        int64_t t = (int64_t)clock;
        uint32_t reporter = UINT32_MAX;
        for (int tries = 0; tries < 64 && reporter == UINT32_MAX; tries++) {
            uint32_t v = net->reporters[tk_rng_below(&net->rng, net->reporter_count)];
            if (alive(&net->bots[v], t))
                reporter = v;
        }
        if (reporter == UINT32_MAX) {
            if (++misses == 1000) {
                clock = (double)o->start;
                misses = 0;
            }
            continue;
        }
        misses = 0;
        reports++;
        const uint32_t *build = net->builds + net->bots[reporter].build * net->build_len;
        const uint32_t *learned = net->learned + (size_t)reporter * o->learned;
        size_t count = 0;
        for (unsigned tries = 0; list_len && tries < 4 * o->reply && count < o->reply; tries++) {
            size_t at = (size_t)tk_rng_below(&net->rng, list_len);
            uint32_t peer = at < net->build_len ? build[at] : learned[at - net->build_len];
            int repeat = peer == reporter || !alive(&net->bots[peer], t);
            for (size_t i = 0; i < count && !repeat; i++)
                repeat = chosen[i] == peer;
            if (!repeat)
                chosen[count++] = peer;
        }
        if (count == 0 && write_row(net, out, t, reporter, -1))
            return -1;
        for (size_t i = 0; i < count && rows + i < o->observations; i++)
            if (write_row(net, out, t, reporter, chosen[i]))
                return -1;
        rows += count ? count : 1;
    }
    return 0;
}

static int write_truth(const struct botnet *net, FILE *truth)
{
    static const char *const kinds[] = {"routable", "nat", "super"};
    fputs("endpoint,kind,country,asn,reports,listings,first_seen,last_seen,reached\n", truth);
    for (size_t i = 0; i < net->n; i++) {
        const struct shown *s = &net->shown[i];
        const struct bot *b = &net->bots[i];
        char first[32], last[32];
        if (s->reports + s->listings == 0)
            continue;
        tk_obs_format_time(s->first, first);
        tk_obs_format_time(s->last, last);
        fprintf(truth, "%.*s,%s,%s,%u,%llu,%llu,%s,%s,%d\n", (int)b->text_len,
                net->text + b->text_at, kinds[b->kind], plan_countries[b->country].code,
                plan_asn_of(&net->endpoints[i]), (unsigned long long)s->reports,
                (unsigned long long)s->listings, first, last, s->reached);
    }
    return ferror(truth) ? -1 : 0;
}

static void free_botnet(struct botnet *net)
{
    free(net->bots);
    free(net->endpoints);
    free(net->text);
    free(net->routable);
    free(net->pool);
    free(net->builds);
    free(net->learned);
    free(net->reporters);
    free(net->shown);
}

int tk_p2p_generate(const struct tk_p2p_gen_options *o, FILE *out, FILE *truth,
                    struct tk_error *err)
{
    struct botnet net = {0};
    struct tk_p2p_gen_options opts = *o;
    int rc = TK_OK;

    if (opts.nodes < 2 || opts.nodes > TK_P2P_GEN_MAX_NODES)
        return tk_error_set(err, TK_ERR_USAGE, "--nodes must be between 2 and %d",
                            TK_P2P_GEN_MAX_NODES);
    if (opts.builds < 1 || opts.builds > 255)
        return tk_error_set(err, TK_ERR_USAGE, "--builds must be between 1 and 255");
    if (opts.reply < 1 || opts.reply > 256)
        return tk_error_set(err, TK_ERR_USAGE, "--reply must be between 1 and 256");
    if (opts.days < 1 || opts.days > 3650)
        return tk_error_set(err, TK_ERR_USAGE, "--days must be between 1 and 3650");
    if (!(opts.nat_share >= 0 && opts.nat_share <= 1) || !(opts.pool_share >= 0
        && opts.pool_share <= 1) || !(opts.ipv6_share >= 0 && opts.ipv6_share <= 1)
        || !(opts.sensor_share >= 0 && opts.sensor_share <= 1))
        return tk_error_set(err, TK_ERR_USAGE, "shares must be between 0 and 1");
    if (opts.observations == 0)
        opts.observations = 20 * (uint64_t)opts.nodes;
    net.o = &opts;
    net.n = opts.nodes;
    net.end = opts.start + (int64_t)opts.days * 86400;
    tk_rng_seed(&net.rng, opts.seed);
    if (truth && (net.shown = calloc(net.n, sizeof *net.shown)) == NULL)
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    if (make_bots(&net) || make_peer_lists(&net) || make_reporters(&net))
        rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory for %zu bots", net.n);
    else if (net.reporter_count == 0)
        rc = tk_error_set(err, TK_ERR_USAGE, "no bot can be observed: every bot is behind NAT "
                          "and none contacts a sensor");
    else if (write_observations(&net, out) || fflush(out))
        rc = tk_error_set(err, TK_ERR_IO, "writing observations: %s", strerror(errno));
    else if (truth && write_truth(&net, truth))
        rc = tk_error_set(err, TK_ERR_IO, "writing the truth file: %s", strerror(errno));
    free_botnet(&net);
    return rc;
}
