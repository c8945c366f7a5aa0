/* recover_util.c - what every family's seed recovery shares (include/takedown/recover.h):
 * handing candidates back, splitting a seed range over threads, splitting an observed name
 * into the label the generator chose and the suffix it appended, and walking back from a
 * name to the states its list may have started from. */
#include "takedown/recover.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "util/threads.h"

int tk_recover_candidate(const struct tk_recover_query *query, const char *params, tk_day day)
{
    return query->candidate(query->ctx, query, params, day);
}

/* Slices small enough that threads finish together, large enough to cost nothing. */
enum { SLICES_PER_THREAD = 64 };

struct parallel {
    uint64_t first, last, slice;
    tk_recover_slice_fn work;
    void *ctx;
    atomic_uint_fast64_t next; /* the index of the next slice to take */
    atomic_int status;
};

static void *parallel_worker(void *arg)
{
    struct parallel *p = arg;
    uint64_t slices = (p->last - p->first) / p->slice + 1;
    for (;;) {
        uint64_t index = atomic_fetch_add(&p->next, 1);
        if (index >= slices || atomic_load(&p->status) != 0)
            break;
        uint64_t lo = p->first + index * p->slice;
        uint64_t hi = p->last - lo < p->slice - 1 ? p->last : lo + p->slice - 1;
        int rc = p->work(p->ctx, lo, hi);
        if (rc != 0) {
            int expected = 0;
            atomic_compare_exchange_strong(&p->status, &expected, rc);
        }
    }
    return NULL;
}

int tk_recover_parallel(uint64_t first, uint64_t last, int threads, tk_recover_slice_fn work,
                        void *ctx)
{
    struct parallel p = {first, last, 1, work, ctx, 0, 0};

    if (last < first)
        return 0;
    if (threads < 1)
        threads = 1;
    if (threads > TK_THREADS_MAX)
        threads = TK_THREADS_MAX;
    uint64_t span = last - first;
    uint64_t slices = (uint64_t)threads * SLICES_PER_THREAD;
    p.slice = span / slices + 1;
    tk_threads_run(threads, parallel_worker, &p);
    return atomic_load(&p.status);
}

int tk_recover_split(const struct tk_recover_query *query, size_t *label_len, const char **tld)
{
    const char *tlds = query->variant->tlds ? query->variant->tlds : query->family->tlds;
    size_t best = 0;
    const char *best_tld = NULL;

    for (const char *p = tlds; p && *p;) {
        const char *end = strchr(p, ',');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n > best && n + 1 < query->len && query->name[query->len - n - 1] == '.'
            && memcmp(query->name + query->len - n, p, n) == 0) {
            best = n;
            best_tld = query->name + query->len - n;
        }
        p = end ? end + 1 : NULL;
    }
    if (best_tld == NULL)
        return -1;
    *label_len = query->len - best - 1;
    *tld = best_tld;
    return 0;
}

int tk_recover_walk_back(const struct tk_recover_walk *walk, uint32_t before)
{
    uint32_t *back = malloc((walk->max_back + 1) * sizeof *back);
    int rc = TK_OK;

    if (back == NULL)
        return TK_ERR_NOMEM;
    back[0] = before;
    for (size_t t = 1; t <= walk->max_back; t++)
        back[t] = walk->unstep(back[t - 1]);
    for (size_t t = 0; t <= walk->max_back && rc == TK_OK; t++) {
        size_t at = t; /* draws left before the name, starting from back[t] */
        for (int names = 0; at > 0 && names < walk->max_names; names++) {
            size_t drawn = walk->draws(back[at - 1]);
            if (drawn > at)
                break;
            at -= drawn;
        }
        if (at == 0)
            rc = walk->start(walk->ctx, back[t]);
    }
    free(back);
    return rc;
}
