/* match.h - attributing one resolver query (docs/match.md): exactly, through the index of
 * generated names, unless its name is on the exclude list or it was asked more than the
 * date slack away from every day that generates it; else, with the detector, as an unknown
 * DGA when its score reaches the threshold and the allow-list does not cover it. */
#ifndef TAKEDOWN_MATCH_H
#define TAKEDOWN_MATCH_H

#include <stddef.h>
#include <stdint.h>

#include "takedown/detect.h"
#include "takedown/hunt.h"
#include "takedown/index.h"

/* How many days from the days that generate a name a query of it is still attributed. */
#define TK_MATCH_DATE_SLACK 7

struct tk_match_rules {
    const struct tk_index *index;
    const struct tk_allowlist *exclude;   /* names never attributed, or NULL */
    int date_slack;                       /* days; -1: query times are not compared */
    const struct tk_detector *detector;   /* NULL: no unknown DGAs */
    const struct tk_allowlist *allow;     /* names the detector never reports, or NULL */
    double threshold;
};

/* What happened to the queries. */
struct tk_match_counts {
    uint64_t queries;  /* queries seen */
    uint64_t matched;  /* attributed exactly */
    uint64_t off_days; /* of indexed names, asked far from their days */
    uint64_t excluded; /* of indexed names on the exclude list */
    uint64_t unknown;  /* reported as unknown DGAs */
};

/* Attributes one query (time: Unix seconds or INT64_MIN) into hunt and counts it. Returns
 * TK_OK or TK_ERR_NOMEM. */
int tk_match_query(const struct tk_match_rules *rules, struct tk_hunt *hunt,
                   struct tk_match_counts *counts, const char *name, size_t name_len,
                   const char *client, size_t client_len, int64_t time);

#endif
