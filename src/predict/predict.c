/* predict.c - generators over windows of days, spread over threads, delivered in order
 * (see include/takedown/predict.h).
 *
 * The window is cut into units: one source over one run of days that share a period.
 * Worker threads generate units into per-unit buffers, at most a bounded window ahead,
 * while the calling thread hands finished units to the callback in unit order: generation
 * and consumption (de-duplication, writing) overlap, memory stays bounded, and the output
 * does not depend on the thread count. A filter (the names of a match) runs in the workers,
 * so only the names it keeps are buffered and delivered. */
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
    char *names; /* names, each followed by '\n' */
    size_t len;
    size_t cap;
    uint64_t emitted; /* names the generator emitted, kept or filtered out */
    int status;
    struct tk_error err;
    int ready;   /* generated; guarded by the pipeline lock */
};

struct pipeline {
    const struct tk_source *sources;
    struct unit *units;
    size_t count;
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

static void *worker(void *arg)
{
    struct pipeline *p = arg;
    pthread_mutex_lock(&p->lock);
    for (;;) {
        while (!p->stop && p->next < p->count && p->next >= p->delivered + p->ahead)
            pthread_cond_wait(&p->room, &p->lock);
        if (p->stop || p->next >= p->count)
            break;
        struct unit *u = &p->units[p->next++];
        pthread_mutex_unlock(&p->lock);
        generate_unit(&p->sources[u->source], u);
        pthread_mutex_lock(&p->lock);
        u->ready = 1;
        pthread_cond_broadcast(&p->unit_done);
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

/* Appends the units of one source: one per run of consecutive days in the same period. */
static int plan_source(const struct tk_source *src, size_t index, tk_day from, tk_day to,
                       const struct tk_predict_options *options, struct unit **units,
                       size_t *count, size_t *cap)
{
    struct tk_gen gen = {src->family, src->variant, src->args};
    int dated = tk_args_accepts(src->args, "date");
    tk_day day = from;

    while (day <= to) {
        tk_day end = to;
        if (dated) {
            int64_t key = src->family->period ? src->family->period(&gen, day) : day;
            end = day;
            while (end < to && src->family->period && src->family->period(&gen, end + 1) == key)
                end++;
        }
        if (*count == *cap) {
            size_t grown_cap = *cap ? *cap * 2 : 256;
            struct unit *grown = realloc(*units, grown_cap * sizeof *grown);
            if (grown == NULL)
                return TK_ERR_NOMEM;
            *units = grown;
            *cap = grown_cap;
        }
        memset(&(*units)[*count], 0, sizeof **units);
        (*units)[*count].options = options;
        (*units)[*count].source = index;
        (*units)[*count].first = day;
        (*units)[*count].last = end;
        (*count)++;
        day = end + 1;
    }
    return TK_OK;
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
    struct unit *units = NULL;
    size_t count = 0, cap = 0;
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
    for (size_t s = 0; s < source_count; s++)
        if (plan_source(&sources[s], s, from, to, options, &units, &count, &cap) != TK_OK) {
            free(units);
            return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
        }

    struct pipeline p = {sources, units, count, 0, 0, (size_t)threads * 8, 0,
                         PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER,
                         PTHREAD_COND_INITIALIZER};
    pthread_t tids[64];
    int started = 0;
    for (int t = 0; t < threads; t++, started++)
        if (pthread_create(&tids[t], NULL, worker, &p) != 0)
            break;
    if (started == 0) {
        free(units);
        return tk_error_set(err, TK_ERR_NOMEM, "cannot start a thread");
    }
    for (size_t i = 0; i < count; i++) {
        struct unit *u = &units[i];
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
        free(u->names);
        u->names = NULL;
        pthread_mutex_lock(&p.lock);
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
    for (size_t i = 0; i < count; i++)
        free(units[i].names);
    free(units);
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
