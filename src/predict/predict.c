/* predict.c - generators over windows of days, spread over threads, delivered in order
 * (see include/takedown/predict.h).
 *
 * The window is cut into units: one source over one run of days that share a period.
 * Units are planned one after the other as worker threads take them, into a ring of
 * buffers at most a bounded number ahead, while the calling thread hands finished units to
 * the callback in unit order: generation and consumption (de-duplication, writing) overlap,
 * memory stays bounded however long the window, and the output does not depend on the
 * thread count. A filter (the names of a match) runs in the workers, so only the names it
 * keeps are buffered and delivered. */
#include "takedown/predict.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct unit {
    const struct tk_predict_options *options; /* its filter */
    size_t source;
    tk_day first;
    tk_day last;
    char *names; /* names, each followed by '\n'; the buffer is kept for the slot's next unit */
    size_t len;
    size_t cap;
    uint64_t emitted; /* names the generator emitted, kept or filtered out */
    int status;
    struct tk_error err;
    int ready;   /* generated; guarded by the pipeline lock */
};

/* Cuts the window into units, one after the other: source by source, each run of
 * consecutive days in the same period. */
struct planner {
    const struct tk_source *sources;
    size_t source_count;
    tk_day from, to;
    size_t source; /* the next unit's */
    tk_day day;
};

struct pipeline {
    const struct tk_source *sources;
    struct planner planner;
    struct unit *ring; /* unit number n lives in ring[n % ahead] */
    size_t count;      /* units in all */
    size_t next;      /* next unit a worker takes */
    size_t delivered; /* units handed to the callback so far */
    size_t ahead;     /* how far past `delivered` workers may generate */
    int stop;         /* the consumer gave up: workers finish */
    pthread_mutex_t lock;
    pthread_cond_t unit_done;    /* a worker finished a unit */
    pthread_cond_t room;         /* the consumer made room ahead */
};

static int collect(void *ctx, const char *name, size_t len)
{
    struct unit *u = ctx;
    const struct tk_predict_options *o = u->options;
    u->emitted++;
    if (o && o->filter && !o->filter(o->filter_ctx, name, len))
        return TK_OK;
    if (u->cap - u->len < len + 1) {
        size_t cap = u->cap ? u->cap : 4096;
        while (cap - u->len < len + 1)
            cap *= 2;
        char *grown = realloc(u->names, cap);
        if (grown == NULL)
            return tk_error_set(&u->err, TK_ERR_NOMEM, "out of memory");
        u->names = grown;
        u->cap = cap;
    }
    memcpy(u->names + u->len, name, len);
    u->names[u->len + len] = '\n';
    u->len += len + 1;
    return TK_OK;
}

static void generate_unit(const struct tk_source *src, struct unit *u)
{
    struct tk_args *args = tk_args_clone(src->args);
    if (args == NULL || (tk_args_accepts(args, "date") && tk_args_set_day(args, "date", u->first))) {
        u->status = tk_error_set(&u->err, TK_ERR_NOMEM, "out of memory");
        tk_args_free(args);
        return;
    }
    struct tk_gen gen = {src->family, src->variant, args};
    u->status = src->family->generate(&gen, collect, u, &u->err);
    if (u->status == TK_OK && u->err.status == TK_ERR_NOMEM)
        u->status = TK_ERR_NOMEM;
    tk_args_free(args);
}

/* Plans the next unit into u (its buffer kept); 0 when every source is planned. */
static int plan_next(struct planner *pl, struct unit *u)
{
    if (pl->day > pl->to) {
        pl->source++;
        pl->day = pl->from;
    }
    if (pl->source >= pl->source_count)
        return 0;
    const struct tk_source *src = &pl->sources[pl->source];
    struct tk_gen gen = {src->family, src->variant, src->args};
    tk_day end = pl->to;
    if (tk_args_accepts(src->args, "date")) {
        int64_t key = src->family->period ? src->family->period(&gen, pl->day) : pl->day;
        end = pl->day;
        while (end < pl->to && src->family->period && src->family->period(&gen, end + 1) == key)
            end++;
    }
    u->source = pl->source;
    u->first = pl->day;
    u->last = end;
    u->len = 0;
    u->emitted = 0;
    u->status = TK_OK;
    u->err.status = TK_OK;
    u->err.message[0] = '\0';
    u->ready = 0;
    pl->day = end + 1;
    return 1;
}

static void *worker(void *arg)
{
    struct pipeline *p = arg;
    pthread_mutex_lock(&p->lock);
    for (;;) {
        while (!p->stop && p->next < p->count && p->next >= p->delivered + p->ahead)
            pthread_cond_wait(&p->room, &p->lock);
        if (p->stop || p->next >= p->count)
            break;
        struct unit *u = &p->ring[p->next++ % p->ahead];
        plan_next(&p->planner, u);
        pthread_mutex_unlock(&p->lock);
        generate_unit(&p->sources[u->source], u);
        pthread_mutex_lock(&p->lock);
        u->ready = 1;
        pthread_cond_broadcast(&p->unit_done);
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

static int deliver(struct unit *u, tk_predict_fn fn, void *ctx)
{
    const char *p = u->names, *end = u->names + u->len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        int rc = fn(ctx, u->source, u->first, u->last, p, (size_t)(nl - p));
        if (rc)
            return rc;
        p = nl + 1;
    }
    return TK_OK;
}

int tk_predict_window(const struct tk_source *sources, size_t source_count, tk_day from,
                      tk_day to, const struct tk_predict_options *options, tk_predict_fn fn,
                      void *ctx, struct tk_error *err)
{
    int threads = options && options->threads > 0 ? options->threads
                                                   : (int)sysconf(_SC_NPROCESSORS_ONLN);
    uint64_t emitted = 0;
    int rc = TK_OK;

    if (to < from)
        return tk_error_set(err, TK_ERR_USAGE, "the window ends before it starts");
    if (threads < 1)
        threads = 1;
    if (threads > 64)
        threads = 64;
    struct planner counting = {sources, source_count, from, to, 0, from};
    struct unit scratch = {0};
    size_t count = 0;
    while (plan_next(&counting, &scratch))
        count++;

    struct pipeline p = {sources, {sources, source_count, from, to, 0, from}, NULL, count, 0, 0,
                         (size_t)threads * 8, 0, PTHREAD_MUTEX_INITIALIZER,
                         PTHREAD_COND_INITIALIZER, PTHREAD_COND_INITIALIZER};
    p.ring = calloc(p.ahead, sizeof *p.ring);
    if (p.ring == NULL)
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < p.ahead; i++)
        p.ring[i].options = options;
    pthread_t tids[64];
    int started = 0;
    for (int t = 0; t < threads; t++, started++)
        if (pthread_create(&tids[t], NULL, worker, &p) != 0)
            break;
    if (started == 0) {
        free(p.ring);
        return tk_error_set(err, TK_ERR_NOMEM, "cannot start a thread");
    }
    for (size_t i = 0; i < count; i++) {
        struct unit *u = &p.ring[i % p.ahead];
        pthread_mutex_lock(&p.lock);
        while (!u->ready)
            pthread_cond_wait(&p.unit_done, &p.lock);
        pthread_mutex_unlock(&p.lock);
        if (rc == TK_OK && u->status != TK_OK) {
            rc = u->status;
            if (err)
                *err = u->err;
        }
        emitted += u->emitted;
        if (rc == TK_OK)
            rc = deliver(u, fn, ctx);
        pthread_mutex_lock(&p.lock);
        u->ready = 0;
        p.delivered = i + 1;
        p.stop = rc != TK_OK;
        pthread_cond_broadcast(&p.room);
        pthread_mutex_unlock(&p.lock);
        if (rc != TK_OK)
            break;
        if (options && options->progress)
            options->progress(options->progress_ctx, (double)(i + 1) / (double)count);
    }
    for (int t = 0; t < started; t++)
        pthread_join(tids[t], NULL);
    if (options && options->emitted)
        *options->emitted = emitted;
    for (size_t i = 0; i < p.ahead; i++)
        free(p.ring[i].names);
    free(p.ring);
    if (rc != TK_OK && err && err->status == TK_OK)
        tk_error_set(err, rc, "stopped");
    return rc;
}

int tk_predict_once(const struct tk_source *source, tk_emit_fn emit, void *ctx,
                    struct tk_error *err)
{
    struct tk_gen gen = {source->family, source->variant, source->args};
    return source->family->generate(&gen, emit, ctx, err);
}
