/* report.c - the figures every report output shares (see include/takedown/report.h). */
#include "takedown/report.h"

#include <stdlib.h>
#include <string.h>

#include "takedown/country.h"

int tk_report_init(struct tk_report *r, const struct tk_tally *tally, const struct tk_scan *scan,
                   const struct tk_geo *geo, struct tk_error *err)
{
    const struct tk_distinct *total = tk_tally_total(tally);

    r->tally = tally;
    r->scan = scan;
    r->geo = geo;
    r->total = tk_distinct_count(total);
    r->total_exact = tk_distinct_is_exact(total);
    r->dimensions = tk_tally_dimensions(tally);
    for (int d = 0; d < TK_DIMENSIONS; d++) {
        r->by[d].groups = NULL;
        r->by[d].count = 0;
        if (!(tk_tally_dimensions(tally) & 1u << d))
            continue;
        r->by[d].groups = tk_tally_groups(tally, (enum tk_dimension)d, &r->by[d].count);
        if (r->by[d].groups == NULL && r->by[d].count == 0 && tk_tally_events(tally) > 0) {
            tk_report_free(r);
            return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
        }
    }
    r->bots = tk_tally_bots(tally, &r->bot_count);
    r->resolvers = tk_tally_resolvers(tally, &r->resolver_count);
    if ((r->bots == NULL && tk_tally_bot_count(tally) > 0)
        || (r->resolvers == NULL && tk_tally_resolver_count(tally) > 0)) {
        tk_report_free(r);
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    }
    r->resolver_queries = r->resolver_queries_subnet = 0;
    for (size_t i = 0; i < r->resolver_count; i++) {
        r->resolver_queries += r->resolvers[i]->queries;
        r->resolver_queries_subnet += r->resolvers[i]->with_subnet;
    }
    return TK_OK;
}

void tk_report_free(struct tk_report *r)
{
    for (int d = 0; d < TK_DIMENSIONS; d++) {
        free(r->by[d].groups);
        r->by[d].groups = NULL;
        r->by[d].count = 0;
    }
    free(r->bots);
    r->bots = NULL;
    r->bot_count = 0;
    free(r->resolvers);
    r->resolvers = NULL;
    r->resolver_count = 0;
}

double tk_report_share(const struct tk_report *r, uint64_t distinct)
{
    return r->total ? (double)distinct / (double)r->total : 0.0;
}

const char *tk_report_group_name(const struct tk_report *r, enum tk_dimension d,
                                 const struct tk_group *g)
{
    char buf[16];
    const struct tk_country *country;

    switch (d) {
    case TK_BY_COUNTRY:
        country = tk_country_find(tk_tally_group_key(r->tally, d, g, buf));
        return country ? country->name : g->key == 0 ? "unknown" : "";
    case TK_BY_ASN:
        return g->key == 0 ? "unknown" : tk_tally_label(r->tally, g->label);
    case TK_BY_FAMILY:
    case TK_BY_SEED:
        return g->key && tk_tally_label(r->tally, g->label)[0] ? "" : "untagged";
    case TK_BY_DAY:
    case TK_BY_PROTOCOL:
    case TK_DIMENSIONS:
        break;
    }
    return "";
}

size_t tk_report_listed(const struct tk_report *r, enum tk_dimension d)
{
    size_t n = r->by[d].count;
    /* Days stay whole: a calendar cut at the busiest days would mislead. */
    return d != TK_BY_DAY && r->top && r->top < n ? r->top : n;
}
