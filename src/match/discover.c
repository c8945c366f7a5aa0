/* discover.c - the seed search (see include/takedown/discover.h): the generic searcher
 * that runs a family's generator per candidate seed, and the verification every nominated
 * seed goes through, whichever searcher nominated it. */
#include "takedown/discover.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "match/discover_internal.h"
#include "takedown/args.h"
#include "takedown/attribute.h"
#include "takedown/domain.h"
#include "takedown/predict.h"
#include "takedown/sources.h"

int nominate(struct nominations *n, int64_t value, const struct tk_variant *variant)
{
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

static const struct tk_param_def *seed_param(const struct tk_family *family)
{
    if (family->seed_param == NULL)
        return NULL;
    for (const struct tk_param_def *p = family->params; p && p->name; p++)
        if (strcmp(p->name, family->seed_param) == 0)
            return p;
    return NULL;
}

int tk_discover_default_range(const struct tk_family *family, int64_t *first, int64_t *last,
                              struct tk_error *err)
{
    const struct tk_param_def *p = seed_param(family);
    if (p == NULL || (p->type != TK_PARAM_INT && p->type != TK_PARAM_HEX32))
        return tk_error_set(err, TK_ERR_USAGE, "family %s has no numeric seed parameter to "
                            "search (its seed is %s)", family->name,
                            p ? "text or a key" : "fixed");
    *first = 0;
    *last = (1 << 16) - 1;
    return TK_OK;
}

static void seed_text(const struct tk_param_def *p, int64_t value, char out[32])
{
    if (p->type == TK_PARAM_HEX32)
        snprintf(out, 32, "%08llX", (unsigned long long)(uint32_t)value);
    else
        snprintf(out, 32, "%lld", (long long)value);
}

/* ---- the generic searcher ---- */

struct generic_search {
    const struct tk_discover_options *options;
    const struct tk_param_def *param;
    const struct intern_strings *observed;
    struct nominations *out;
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
    const struct tk_discover_options *o = s->options;
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
                if (check.hit && nominate(s->out, value, v) != 0)
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

static int discover_generic(const struct tk_discover_options *o, const struct intern_strings *observed,
                            struct nominations *out, uint64_t *tried, struct tk_error *err)
{
    struct generic_search s = {0};
    pthread_t tids[64];
    int threads = o->threads > 0 ? o->threads : (int)sysconf(_SC_NPROCESSORS_ONLN), started = 0;

    if (threads < 1)
        threads = 1;
    if (threads > 64)
        threads = 64;
    s.options = o;
    s.param = seed_param(o->family);
    s.observed = observed;
    s.out = out;
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

/* ---- verification ---- */

struct verify {
    const struct intern_strings *observed;
    struct tk_discover_seed *seed;
    int failed;
};

static int record_match(void *ctx, size_t source, tk_day first, tk_day last, const char *name,
                        size_t len)
{
    struct verify *v = ctx;
    struct tk_discover_seed *seed = v->seed;
    char lower[256];
    (void)source;
    if (len == 0 || len > 253)
        return TK_OK;
    tk_domain_lower(name, len, lower);
    long id = intern_string_find(v->observed, lower, len);
    if (id < 0)
        return TK_OK;
    for (size_t i = 0; i < seed->match_count; i++) {
        struct tk_discover_match *m = &seed->matches[i];
        if (m->name == (size_t)id) {
            if (first < m->first)
                m->first = first;
            if (last > m->last)
                m->last = last;
            return TK_OK;
        }
    }
    if (seed->match_count == seed->cap) {
        size_t cap = seed->cap ? seed->cap * 2 : 16;
        struct tk_discover_match *grown = realloc(seed->matches, cap * sizeof *grown);
        if (grown == NULL)
            return TK_ERR_NOMEM;
        seed->matches = grown;
        seed->cap = cap;
    }
    seed->matches[seed->match_count++] = (struct tk_discover_match){(size_t)id, first, last};
    return TK_OK;
}

static int by_first_day(const void *a, const void *b)
{
    const struct tk_discover_match *x = a, *y = b;
    if (x->first != y->first)
        return x->first < y->first ? -1 : 1;
    return x->name < y->name ? -1 : x->name > y->name;
}

static int is_known(const struct tk_family *f, const struct tk_variant *v, const char *param,
                    int64_t value, const struct tk_param_def *def)
{
    for (const struct tk_seed *s = f->known_seeds; s && s->params; s++) {
        const char *sv = s->variant && *s->variant ? s->variant : f->variants[0].name;
        size_t n = strlen(param);
        if (strcmp(sv, v->name) != 0 || strncmp(s->params, param, n) != 0 || s->params[n] != '=')
            continue;
        char *end;
        int hex = def->type == TK_PARAM_HEX32;
        long long known = strtoll(s->params + n + 1, &end, hex ? 16 : 0);
        if ((*end == '\0' || *end == ';') && known == value)
            return 1;
    }
    return 0;
}

/* Runs one nominated seed through the family's generator over the window. */
static int verify_seed(const struct tk_discover_options *o, const struct intern_strings *observed,
                       int64_t value, const struct tk_variant *variant,
                       struct tk_discover_seed *seed, struct tk_error *err)
{
    const struct tk_family *f = o->family;
    const struct tk_param_def *def = seed_param(f);
    struct tk_source_list list = {0};
    char date[11], spec[64];
    const char *keys[] = {"date"}, *values[] = {date};
    struct tk_overrides ov = {keys, values, 1};
    struct tk_predict_options po = {o->threads, NULL, NULL, NULL, NULL, NULL};

    memset(seed, 0, sizeof *seed);
    seed->value = value;
    seed->variant = variant;
    seed_text(def, value, seed->text);
    seed->known = is_known(f, variant, f->seed_param, value, def);
    tk_day_format(o->from, date);
    snprintf(spec, sizeof spec, "%s=%s", f->seed_param, seed->text);
    int rc = tk_sources_add(&list, f, variant->name, &ov, spec, err);
    struct verify v = {observed, seed, 0};
    if (rc == TK_OK)
        rc = tk_predict_window(list.items, list.count, o->from, o->to, &po, record_match, &v, err);
    tk_sources_free(&list);
    if (rc == TK_ERR_NOMEM)
        tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    qsort(seed->matches, seed->match_count, sizeof *seed->matches, by_first_day);
    return rc;
}

static int by_names_explained(const void *a, const void *b)
{
    const struct tk_discover_seed *x = a, *y = b;
    if (x->match_count != y->match_count)
        return x->match_count > y->match_count ? -1 : 1;
    return x->value < y->value ? -1 : x->value > y->value;
}

/* True when any variant of the family could have generated name. */
static int family_could_generate(const struct tk_family *f, const char *name, size_t len)
{
    for (const struct tk_variant *v = f->variants; v->name; v++) {
        struct tk_source s = {f, v, NULL, (char *)""};
        struct tk_error ignored = {0};
        if (tk_args_new(f, v, &s.args, &ignored) != TK_OK)
            continue;
        int could = tk_source_could_generate(&s, name, len);
        tk_args_free(s.args);
        if (could)
            return 1;
    }
    return 0;
}

int tk_discover_seeds(const struct tk_discover_options *o, const char *const *names, size_t count,
                      struct tk_discover_result *out, struct tk_error *err)
{
    struct intern_strings observed = {0};
    struct nominations nominated = {PTHREAD_MUTEX_INITIALIZER, NULL, NULL, 0, 0};
    const struct tk_param_def *def = seed_param(o->family);
    int rc = TK_OK;

    memset(out, 0, sizeof *out);
    if (def == NULL || (def->type != TK_PARAM_INT && def->type != TK_PARAM_HEX32)) {
        int64_t first, last;
        return tk_discover_default_range(o->family, &first, &last, err);
    }
    if (o->first_seed > o->last_seed || o->to < o->from)
        return tk_error_set(err, TK_ERR_USAGE, "empty seed range or window");
    if (def->type == TK_PARAM_HEX32 && (o->first_seed < 0 || o->last_seed > UINT32_MAX))
        return tk_error_set(err, TK_ERR_USAGE, "%s seeds are 32-bit: 0 to FFFFFFFF",
                            o->family->name);
    /* The observed names are the ids of this table, in the caller's order: the caller's
     * index of a match is its id. Names the family cannot produce are kept out of the
     * search but keep their place. */
    for (size_t i = 0; i < count && rc == TK_OK; i++) {
        if (intern_string(&observed, names[i], strlen(names[i]), NULL) < 0)
            rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory");
        else if (family_could_generate(o->family, names[i], strlen(names[i])))
            out->eligible++;
    }
    if (rc == TK_OK && observed.count != count)
        rc = tk_error_set(err, TK_ERR_USAGE, "the observed names must be distinct");
    if (rc == TK_OK && strcmp(o->family->name, "necurs") == 0) {
        out->method = "necurs: the magic-independent mix per period, then length and "
                      "three-letter prefix filters in vectorized lockstep";
        rc = discover_necurs(o, &observed, &nominated, &out->candidates, err);
    } else if (rc == TK_OK) {
        out->method = "generic: the family's generator per candidate seed, per period";
        rc = discover_generic(o, &observed, &nominated, &out->candidates, err);
    }
    if (rc == TK_OK && nominated.count) {
        out->seeds = calloc(nominated.count, sizeof *out->seeds);
        if (out->seeds == NULL)
            rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < nominated.count && rc == TK_OK; i++) {
        struct tk_discover_seed *s = &out->seeds[out->count];
        rc = verify_seed(o, &observed, nominated.values[i], nominated.variants[i], s, err);
        if (rc == TK_OK && s->match_count >= (o->min_names ? o->min_names : 1))
            out->count++;
        else
            free(s->matches);
    }
    if (rc == TK_OK)
        qsort(out->seeds, out->count, sizeof *out->seeds, by_names_explained);
    free(nominated.values);
    free(nominated.variants);
    intern_strings_free(&observed);
    if (rc)
        tk_discover_result_free(out);
    return rc;
}

void tk_discover_result_free(struct tk_discover_result *r)
{
    for (size_t i = 0; i < r->count; i++)
        free(r->seeds[i].matches);
    free(r->seeds);
    memset(r, 0, sizeof *r);
}
