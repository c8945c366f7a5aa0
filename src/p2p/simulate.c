/* simulate.c - takedown strategies applied step by step to the peer graph. */
#include "takedown/p2p_sim.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "replicate.h"
#include "rng.h"

void tk_p2p_sim_defaults(struct tk_p2p_sim_options *o)
{
    o->seed = 1;
    o->rounds = 12;
    o->peer_list = 50;
    o->reply = 10;
}

int tk_p2p_strategy_parse(const char *text, struct tk_p2p_strategy *s, struct tk_error *err)
{
    const char *target = text;
    char *end;

    memset(s, 0, sizeof *s);
    if (strncmp(text, "remove-", 7) == 0) {
        target += 7;
    } else if (strncmp(text, "sinkhole-", 9) == 0) {
        s->action = TK_ACTION_SINKHOLE;
        target += 9;
    }
    if (strcmp(target, "random") == 0) {
        s->target = TK_TARGET_RANDOM;
    } else if (strncmp(target, "country=", 8) == 0) {
        const char *cc = target + 8;
        if (strlen(cc) != 2 || cc[0] < 'A' || cc[0] > 'Z' || cc[1] < 'A' || cc[1] > 'Z')
            return tk_error_set(err, TK_ERR_USAGE, "strategy '%s': expected country=CC with a "
                                "two-letter upper-case code", text);
        s->target = TK_TARGET_COUNTRY;
        memcpy(s->country, cc, 3);
    } else if (strncmp(target, "asn=", 4) == 0) {
        unsigned long asn = strtoul(target + 4, &end, 10);
        if (target[4] < '0' || target[4] > '9' || *end != '\0' || asn == 0 || asn > UINT32_MAX)
            return tk_error_set(err, TK_ERR_USAGE, "strategy '%s': expected asn=NUMBER", text);
        s->target = TK_TARGET_ASN;
        s->asn = (uint32_t)asn;
    } else if (tk_p2p_measure_parse(target, &s->measure, NULL) == TK_OK) {
        s->target = TK_TARGET_MEASURE;
    } else {
        return tk_error_set(err, TK_ERR_USAGE, "unknown strategy '%s' (expected [remove-|"
                            "sinkhole-] followed by pagerank, in-degree, out-degree, listings, "
                            "betweenness, random, country=CC or asn=N)", text);
    }
    snprintf(s->name, sizeof s->name, "%s-%s",
             s->action == TK_ACTION_SINKHOLE ? "sinkhole" : "remove", target);
    return TK_OK;
}

int tk_p2p_strategy_order(const struct tk_p2p_graph *g, const struct tk_p2p_measures *m,
                          const struct tk_p2p_place *places, const struct tk_p2p_strategy *s,
                          uint64_t seed, uint32_t **order, size_t *count, struct tk_error *err)
{
    size_t n = g->node_count, kept = 0;
    int rc;

    if (s->target == TK_TARGET_MEASURE && s->measure == TK_MEASURE_BETWEENNESS
        && m->betweenness == NULL)
        return tk_error_set(err, TK_ERR_USAGE, "strategy %s needs betweenness, which was "
                            "skipped", s->name);
    if ((s->target == TK_TARGET_COUNTRY || s->target == TK_TARGET_ASN) && places == NULL)
        return tk_error_set(err, TK_ERR_USAGE, "strategy %s needs a %s database (--geo-dir)",
                            s->name, s->target == TK_TARGET_ASN ? "ASN" : "country");
    if ((rc = tk_p2p_rank(g, m, s->target == TK_TARGET_MEASURE ? s->measure
                                                                : TK_MEASURE_PAGERANK,
                          order, err)))
        return rc;
    if (s->target == TK_TARGET_RANDOM) {
        struct tk_rng rng;
        tk_rng_seed(&rng, seed);
        for (size_t i = 0; i + 1 < n; i++) {
            size_t j = i + (size_t)tk_rng_below(&rng, n - i);
            uint32_t t = (*order)[i];
            (*order)[i] = (*order)[j];
            (*order)[j] = t;
        }
        kept = n;
    } else if (s->target == TK_TARGET_COUNTRY || s->target == TK_TARGET_ASN) {
        for (size_t i = 0; i < n; i++) {
            const struct tk_p2p_place *p = &places[(*order)[i]];
            if (s->target == TK_TARGET_ASN ? p->asn == s->asn
                                           : strcmp(p->country, s->country) == 0)
                (*order)[kept++] = (*order)[i];
        }
    } else {
        kept = n;
    }
    *count = kept;
    return TK_OK;
}

int tk_p2p_simulate(const struct tk_p2p_graph *g, const struct tk_p2p_measures *m,
                    const struct tk_p2p_place *places, const struct tk_p2p_strategy *s,
                    const size_t *ks, size_t count, const struct tk_p2p_sim_options *o,
                    struct tk_p2p_sim_point *points, struct tk_error *err)
{
    size_t n = g->node_count, available = 0, taken = 0;
    uint32_t *order = NULL;
    uint8_t *removed;
    struct p2p_first_lists first;
    int rc;

    if ((rc = tk_p2p_strategy_order(g, m, places, s, o->seed, &order, &available, err)))
        return rc;
    removed = calloc(n ? n : 1, 1);
    if (removed == NULL || p2p_first_lists(g, o->peer_list, &first)) {
        free(order);
        free(removed);
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < count && rc == TK_OK; i++) {
        struct tk_p2p_sim_point *p = &points[i];
        size_t want = ks[i] < available ? ks[i] : available;
        while (taken < want)
            removed[order[taken++]] = 1;
        memset(p, 0, sizeof *p);
        p->k = ks[i];
        p->taken = taken;
        p->alive = n - taken;
        rc = tk_p2p_components(g, removed, &p->components, &p->largest, err);
        if (rc == TK_OK)
            rc = p2p_replicate(g, &first, removed, s->action == TK_ACTION_SINKHOLE, order,
                               taken, o, p, err);
    }
    free(order);
    free(removed);
    p2p_first_lists_free(&first);
    return rc;
}
