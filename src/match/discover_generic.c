/* discover_generic.c - the per-candidate seed search, for families that have a numeric seed
 * but no recover function: every seed value of the range runs through the family's own
 * generator, once per period of the window, and a value that generates an observed name is
 * nominated. Slow (the generator per candidate) but needs nothing from the family. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* One variant's candidates first..last, each run over the periods of the window. */
static int run_variant(const struct generic_search *s, const struct tk_variant *v,
                       int64_t first, int64_t last)
{
    const struct tk_seed_search *o = s->options;
    const struct tk_family *f = o->family;
    struct tk_args *args = NULL;
    struct tk_error ignored = {0};
    char date[11];
    int failed = 0;

    tk_day_format(o->from, date);
    if (tk_args_new(f, v, &args, &ignored) || !tk_args_accepts(args, f->seed_param)
        || (tk_family_takes_date(f) && tk_args_set(args, "date", date, &ignored))) {
        tk_args_free(args);
        return 0;
    }
    size_t ndays = 0;
    tk_day *days = period_starts(f, v, args, o->from, o->to, &ndays);
    if (days == NULL) {
        tk_args_free(args);
        return -1;
    }
    for (int64_t value = first; value <= last; value++) {
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
            failed = -1;
    }
    free(days);
    tk_args_free(args);
    return failed;
}

static int run_block(void *ctx, void *scratch, int64_t first, int64_t last)
{
    const struct generic_search *s = ctx;
    (void)scratch;
    for (const struct tk_variant *v = s->options->family->variants; v->name; v++)
        if (run_variant(s, v, first, last))
            return -1;
    return 0;
}

int discover_generic(const struct tk_seed_search *o, const struct intern_strings *observed,
                     uint64_t *tried, struct tk_error *err)
{
    struct generic_search s = {o, discover_seed_param(o->family), observed};
    struct tk_seed_blocks blocks = {BLOCK, run_block, NULL, NULL, &s};

    *tried = (uint64_t)(o->last_seed - o->first_seed + 1);
    if (tk_seed_search_blocks(o, &blocks))
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    return TK_OK;
}
