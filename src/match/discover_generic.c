/* discover_generic.c - the per-candidate seed search, for families that have a numeric seed
 * but no recover function: every seed value of the range runs through the family's own
 * generator, once per period of the window, and a value that generates an observed name is
 * nominated. Slow (the generator per candidate) but needs nothing from the family. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "match/discover_internal.h"
#include "takedown/args.h"
#include "takedown/domain.h"

int nominate(void *ctx, int64_t value, const struct tk_variant *variant)
{
    struct nominations *n = ctx;
    int rc = 0;
    pthread_mutex_lock(&n->lock);
    if (n->count == n->cap) {
        size_t cap = n->cap ? n->cap * 2 : 16;
        int64_t *values = realloc(n->values, cap * sizeof *values);
        const struct tk_variant **variants = values ? realloc(n->variants, cap * sizeof *variants)
                                                    : NULL;
        if (values)
            n->values = values;
        if (variants)
            n->variants = variants;
        if (values && variants)
            n->cap = cap;
        else
            rc = -1;
    }
    if (rc == 0) {
        n->values[n->count] = value;
        n->variants[n->count++] = variant;
    }
    pthread_mutex_unlock(&n->lock);
    return rc;
}

void search_progress_report(struct search_progress *p)
{
    if (p->options->progress && p->total)
        p->options->progress(p->options->progress_ctx,
                             (double)atomic_load(&p->done) / (double)p->total);
}

const struct tk_param_def *discover_seed_param(const struct tk_family *family)
{
    if (family->seed_param == NULL)
        return NULL;
    for (const struct tk_param_def *p = family->params; p && p->name; p++)
        if (strcmp(p->name, family->seed_param) == 0)
            return p;
    return NULL;
}

static void seed_text(const struct tk_param_def *p, int64_t value, char out[32])
{
    if (p->type == TK_PARAM_HEX32)
        snprintf(out, 32, "%08llX", (unsigned long long)(uint32_t)value);
    else
        snprintf(out, 32, "%lld", (long long)value);
}

void discover_seed_params(const struct tk_family *family, int64_t value, char *out, size_t size)
{
    char text[32];
    seed_text(discover_seed_param(family), value, text);
    snprintf(out, size, "%s=%s", family->seed_param, text);
}

struct generic_search {
    const struct tk_seed_search *options;
    const struct tk_param_def *param;
    const struct intern_strings *observed;
    struct search_progress progress;
    atomic_int_fast64_t next;  /* the next block of candidates to take */
    int failed;
};

enum { BLOCK = 64 };

struct emit_check {
    const struct intern_strings *observed;
    int hit;
};

static int emit_check(void *ctx, const char *name, size_t len)
{
    struct emit_check *c = ctx;
    char lower[256];
    if (len == 0 || len > 253)
        return TK_OK;
    tk_domain_lower(name, len, lower);
    if (intern_string_find(c->observed, lower, len) >= 0) {
        c->hit = 1;
        return TK_ERR_STOP;
    }
    return TK_OK;
}

/* The first day of each period of the window, for one variant's arguments. */
static tk_day *period_starts(const struct tk_family *family, const struct tk_variant *variant,
                             const struct tk_args *args, tk_day from, tk_day to, size_t *count)
{
    size_t cap = (size_t)(to - from) + 1, n = 0;
    tk_day *days = malloc(cap * sizeof *days);
    struct tk_gen gen = {family, variant, args};
    if (days == NULL)
        return NULL;
    if (!tk_family_takes_date(family)) {
        days[n++] = from;
    } else {
        int64_t previous = 0;
        for (tk_day d = from; d <= to; d++) {
            int64_t key = family->period ? family->period(&gen, d) : d;
            if (d == from || key != previous)
                days[n++] = d;
            previous = key;
        }
    }
    *count = n;
    return days;
}

static void *generic_worker(void *arg)
{
    struct generic_search *s = arg;
    const struct tk_seed_search *o = s->options;
    const struct tk_family *f = o->family;
    int reporter = 0;

    for (;;) {
        int64_t start = atomic_fetch_add(&s->next, BLOCK);
        if (start > o->last_seed || s->failed)
            break;
        if (start == o->first_seed)
            reporter = 1;
        int64_t end = start + BLOCK - 1 < o->last_seed ? start + BLOCK - 1 : o->last_seed;
        for (const struct tk_variant *v = f->variants; v->name; v++) {
            struct tk_args *args = NULL;
            struct tk_error ignored = {0};
            char date[11];
            tk_day_format(o->from, date);
            if (tk_args_new(f, v, &args, &ignored) || !tk_args_accepts(args, f->seed_param)
                || (tk_family_takes_date(f) && tk_args_set(args, "date", date, &ignored))) {
                tk_args_free(args);
                continue;
            }
            size_t ndays = 0;
            tk_day *days = period_starts(f, v, args, o->from, o->to, &ndays);
            if (days == NULL) {
                s->failed = 1;
                tk_args_free(args);
                break;
            }
            for (int64_t value = start; value <= end; value++) {
                char text[32];
                seed_text(s->param, value, text);
                if (tk_args_set(args, f->seed_param, text, &ignored) || tk_args_check(args, &ignored))
                    continue;
                struct emit_check check = {s->observed, 0};
                for (size_t i = 0; i < ndays && !check.hit; i++) {
                    struct tk_gen gen = {f, v, args};
                    if (tk_family_takes_date(f))
                        tk_args_set_day(args, "date", days[i]);
                    f->generate(&gen, emit_check, &check, &ignored);
                }
                if (check.hit && o->nominate(o->nominate_ctx, value, v) != 0)
                    s->failed = 1;
            }
            free(days);
            tk_args_free(args);
        }
        atomic_fetch_add(&s->progress.done, (uint64_t)(end - start + 1));
        if (reporter)
            search_progress_report(&s->progress);
    }
    return NULL;
}

int discover_generic(const struct tk_seed_search *o, const struct intern_strings *observed,
                     uint64_t *tried, struct tk_error *err)
{
    struct generic_search s = {0};
    pthread_t tids[64];
    int threads = o->threads > 0 ? o->threads : (int)sysconf(_SC_NPROCESSORS_ONLN), started = 0;

    if (threads < 1)
        threads = 1;
    if (threads > 64)
        threads = 64;
    s.options = o;
    s.param = discover_seed_param(o->family);
    s.observed = observed;
    s.progress.total = (uint64_t)(o->last_seed - o->first_seed + 1);
    s.progress.options = o;
    atomic_init(&s.next, o->first_seed);
    for (int t = 1; t < threads; t++, started++)
        if (pthread_create(&tids[started], NULL, generic_worker, &s) != 0)
            break;
    generic_worker(&s);
    for (int t = 0; t < started; t++)
        pthread_join(tids[t], NULL);
    *tried = s.progress.total;
    return s.failed ? tk_error_set(err, TK_ERR_NOMEM, "out of memory") : TK_OK;
}

