/* seed_search.c - the candidates of a per-candidate seed search in blocks over threads (see
 * seed_search.h): the one loop that Necurs's searcher and discovery's generic one share. */
#include "dga/seed_search.h"

#include <stdatomic.h>
#include <unistd.h>

#include "util/threads.h"

struct blocks_run {
    const struct tk_seed_search *search;
    const struct tk_seed_blocks *blocks;
    atomic_int_fast64_t next; /* the first candidate of the next block */
    atomic_uint_fast64_t done;
    uint64_t total;
    atomic_int failed;
};

static void report(const struct blocks_run *r, uint64_t done)
{
    if (r->search->progress && r->total)
        r->search->progress(r->search->progress_ctx, (double)done / (double)r->total);
}

static void *blocks_worker(void *arg)
{
    struct blocks_run *r = arg;
    const struct tk_seed_search *o = r->search;
    const struct tk_seed_blocks *b = r->blocks;
    void *scratch = b->scratch_new ? b->scratch_new(b->ctx) : NULL;
    int reporter = 0;

    if (b->scratch_new && scratch == NULL) {
        r->failed = 1;
        return NULL;
    }
    for (;;) {
        int64_t start = atomic_fetch_add(&r->next, b->block);
        if (start > o->last_seed || r->failed)
            break;
        if (start == o->first_seed)
            reporter = 1;
        int64_t end = start + b->block - 1 < o->last_seed ? start + b->block - 1 : o->last_seed;
        if (b->run(b->ctx, scratch, start, end))
            r->failed = 1;
        uint64_t count = (uint64_t)(end - start + 1);
        uint64_t done = atomic_fetch_add(&r->done, count) + count;
        if (reporter)
            report(r, done);
    }
    if (scratch)
        b->scratch_free(scratch);
    return NULL;
}

int tk_seed_search_blocks(const struct tk_seed_search *search,
                          const struct tk_seed_blocks *blocks)
{
    struct blocks_run r = {search, blocks, 0, 0, 0, 0};
    int threads = search->threads > 0 ? search->threads : (int)sysconf(_SC_NPROCESSORS_ONLN);

    r.total = (uint64_t)(search->last_seed - search->first_seed + 1);
    atomic_init(&r.next, search->first_seed);
    tk_threads_run(threads, blocks_worker, &r);
    return r.failed ? -1 : 0;
}
