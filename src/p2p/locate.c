/* locate.c - countries and ASNs of the nodes, and super-nodes tallied per country and ASN. */
#include "takedown/p2p_analysis.h"

#include <stdlib.h>
#include <string.h>

#include "util/grow.h"

int tk_p2p_locate(const struct tk_p2p_graph *g, const struct tk_geo *geo,
                  struct tk_p2p_place *places, struct tk_error *err)
{
    struct tk_geo_result r;
    int rc;
    for (size_t v = 0; v < g->node_count; v++) {
        memset(&places[v], 0, sizeof places[v]);
        if (geo == NULL)
            continue;
        if ((rc = tk_geo_lookup(geo, g->nodes[v].ep.family, g->nodes[v].ep.addr, &r, err)))
            return rc;
        memcpy(places[v].country, r.country, sizeof places[v].country);
        places[v].asn = r.asn;
    }
    return TK_OK;
}

static int compare_groups(const void *pa, const void *pb)
{
    const struct tk_p2p_group *a = pa, *b = pb;
    if (a->super_nodes != b->super_nodes)
        return a->super_nodes > b->super_nodes ? -1 : 1;
    if (a->nodes != b->nodes)
        return a->nodes > b->nodes ? -1 : 1;
    if (a->asn != b->asn)
        return a->asn < b->asn ? -1 : 1;
    return strcmp(a->country, b->country);
}

/* Groups are few next to nodes (countries, ASNs): a sorted array searched by bisection,
 * with an insertion when a new key appears, is enough. */
struct group_table {
    struct tk_p2p_group *items;
    size_t count, cap;
};

static long find_group(const struct group_table *t, const struct tk_p2p_place *p, int by_asn)
{
    size_t lo = 0, hi = t->count;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const struct tk_p2p_group *x = &t->items[mid];
        int c = by_asn ? (x->asn < p->asn ? -1 : x->asn > p->asn)
                       : strcmp(x->country, p->country);
        if (c == 0)
            return (long)mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -(long)lo - 1;
}

int tk_p2p_group(const struct tk_p2p_graph *g, const struct tk_p2p_measures *m,
                 const struct tk_p2p_place *places, int by_asn, struct tk_p2p_group **groups,
                 size_t *count, struct tk_error *err)
{
    struct group_table t = {0};
    for (size_t v = 0; v < g->node_count; v++) {
        const struct tk_p2p_place *p = &places[v];
        long at = find_group(&t, p, by_asn);
        if (at < 0) {
            size_t insert = (size_t)(-at - 1);
            if (tk_grow((void **)&t.items, &t.cap, t.count + 1, sizeof *t.items)) {
                free(t.items);
                return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
            }
            memmove(&t.items[insert + 1], &t.items[insert], (t.count - insert) * sizeof *t.items);
            memset(&t.items[insert], 0, sizeof *t.items);
            if (by_asn)
                t.items[insert].asn = p->asn;
            else
                memcpy(t.items[insert].country, p->country, sizeof p->country);
            t.items[insert].example = (uint32_t)v;
            t.count++;
            at = (long)insert;
        }
        struct tk_p2p_group *grp = &t.items[at];
        grp->nodes++;
        grp->super_nodes += m->super[v];
        grp->reached += g->nodes[v].reached;
        if (m->pagerank[v] > m->pagerank[grp->example])
            grp->example = (uint32_t)v;
    }
    qsort(t.items, t.count, sizeof *t.items, compare_groups);
    *groups = t.items;
    *count = t.count;
    return TK_OK;
}
