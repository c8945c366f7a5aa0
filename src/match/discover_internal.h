/* discover_internal.h - what the seed search's generic part and its family-specific
 * searchers share: the observed names and the list of nominated seed values. */
#ifndef TAKEDOWN_MATCH_DISCOVER_INTERNAL_H
#define TAKEDOWN_MATCH_DISCOVER_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

#include "match/intern.h"
#include "takedown/discover.h"

/* Seed values (of one variant) that generated at least one observed name. */
struct nominations {
    pthread_mutex_t lock;
    int64_t *values;
    const struct tk_variant **variants;
    size_t count, cap;
};

int nominate(struct nominations *n, int64_t value, const struct tk_variant *variant);

/* Shared progress: candidates done out of total, reported by whoever calls report. */
struct search_progress {
    atomic_uint_fast64_t done;
    uint64_t total;
    const struct tk_discover_options *options;
};

void search_progress_report(struct search_progress *p);

/* The Necurs searcher: nominates magic numbers in the options' range whose names over the
 * window include an observed name. *tried receives the number of values tried. */
int discover_necurs(const struct tk_discover_options *options, const struct intern_strings *observed,
                    struct nominations *out, uint64_t *tried, struct tk_error *err);

#endif
