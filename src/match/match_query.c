/* match_query.c - one resolver query attributed, or scored as an unknown DGA (see
 * include/takedown/match.h). */
#include "takedown/date.h"
#include "takedown/domain.h"
#include "takedown/error.h"
#include "takedown/match.h"

/* True when some source generates the name within slack days of day (a family without a
 * date generates it every day). */
static int on_its_days(const struct tk_index *index, const struct tk_index_hit *hit, tk_day day,
                       int slack)
{
    for (size_t i = 0; i < hit->range_count; i++) {
        const struct tk_index_range *r = &hit->ranges[i];
        if (!tk_index_source_at(index, r->source).dated
            || (day >= r->first - slack && day <= r->last + slack))
            return 1;
    }
    return 0;
}

/* The exact attribution of name into hit, unless excluded or off its days (counted). */
static int exact_match(const struct tk_match_rules *m, struct tk_match_counts *counts,
                       const char *name, size_t name_len, int64_t time, struct tk_index_hit *hit)
{
    if (!tk_index_lookup(m->index, name, name_len, hit))
        return 0;
    if (m->exclude && tk_allowlist_contains(m->exclude, hit->name, hit->name_len)) {
        counts->excluded++;
        return 0;
    }
    if (m->date_slack >= 0 && time != INT64_MIN
        && !on_its_days(m->index, hit, tk_day_from_unix(time), m->date_slack)) {
        counts->off_days++;
        return 0;
    }
    return 1;
}

int tk_match_query(const struct tk_match_rules *m, struct tk_hunt *hunt,
                   struct tk_match_counts *counts, const char *name, size_t name_len,
                   const char *client, size_t client_len, int64_t time)
{
    struct tk_index_hit hit;
    counts->queries++;
    if (exact_match(m, counts, name, name_len, time, &hit)) {
        counts->matched++;
        return tk_hunt_add(hunt, hit.name, hit.name_len, &hit, 0, client, client_len, time);
    }
    if (m->detector == NULL)
        return TK_OK;
    char lower[256];
    size_t len = tk_domain_key(name, name_len, lower);
    if (len == 0)
        return TK_OK;
    double score = tk_detector_score(m->detector, lower, len);
    if (score < m->threshold || (m->allow && tk_allowlist_contains(m->allow, lower, len)))
        return TK_OK;
    counts->unknown++;
    return tk_hunt_add(hunt, lower, len, NULL, score, client, client_len, time);
}
