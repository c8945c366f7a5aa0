/* discover_verify.c - every candidate seed, whichever search nominated it, is re-run through
 * the family's own generator: first on the one day the search named (cheap, and most
 * candidates of an over-reporting search fail it), then over the whole window, which lists
 * the observed names it explains, on which days, and how many names it generates. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "match/discover_internal.h"
#include "takedown/domain.h"
#include "takedown/predict.h"
#include "takedown/recover.h"
#include "util/grow.h"

static int add_source(struct tk_source_list *list, const struct tk_family *family,
                      const struct tk_variant *variant, const char *params, tk_day day,
                      struct tk_error *err)
{
    char date[11];
    const char *keys[] = {"date"}, *values[] = {date};
    struct tk_overrides ov = {keys, values, tk_family_takes_date(family) ? 1 : 0};
    tk_day_format(day, date);
    return tk_sources_add(list, family, variant->name, &ov, params, err);
}

struct find_one {
    const char *name;
    size_t len;
    int found;
};

static int find_one(void *ctx, size_t source, tk_day first, tk_day last, const char *name,
                    size_t len)
{
    struct find_one *f = ctx;
    (void)source, (void)first, (void)last;
    if (len == f->len && strncasecmp(name, f->name, len) == 0) {
        f->found = 1;
        return TK_ERR_STOP;
    }
    return TK_OK;
}

int verify_on_day(const struct tk_family *family, const struct tk_variant *variant,
                  const char *params, tk_day day, const char *name, struct tk_error *err)
{
    struct tk_source_list list = {0};
    struct tk_predict_options po = {.threads = 1};
    struct find_one f = {name, strlen(name), 0};
    struct tk_error ignored = {0};

    if (day == TK_RECOVER_ANY_DAY)
        day = 0;
    /* A candidate the family's own parameters refuse is no seed: not an error. */
    if (add_source(&list, family, variant, params, day, &ignored) != TK_OK)
        return 0;
    int rc = tk_predict_window(list.items, 1, day, day, &po, find_one, &f, err);
    tk_sources_free(&list);
    if (rc != TK_OK && rc != TK_ERR_STOP)
        return rc == TK_ERR_NOMEM ? tk_error_set(err, TK_ERR_NOMEM, "out of memory") : rc;
    return f.found;
}

struct record {
    const struct intern_strings *observed;
    struct tk_discover_seed *seed;
};

static int record_match(void *ctx, size_t source, tk_day first, tk_day last, const char *name,
                        size_t len)
{
    struct record *r = ctx;
    struct tk_discover_seed *seed = r->seed;
    char lower[256];
    (void)source;
    if (len == 0 || len > 253)
        return TK_OK;
    tk_domain_lower(name, len, lower);
    long id = intern_string_find(r->observed, lower, len);
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
    if (tk_grow((void **)&seed->matches, &seed->cap, seed->match_count + 1,
                sizeof *seed->matches))
        return TK_ERR_NOMEM;
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

int verify_over_window(const struct tk_family *family, const struct tk_variant *variant,
                       const char *params, tk_day from, tk_day to, int threads,
                       const struct intern_strings *observed, const struct name_filter *filter,
                       struct tk_discover_seed *seed, struct tk_error *err)
{
    struct tk_source_list list = {0};
    struct tk_predict_options po = {.threads = threads, .filter = name_filter_has,
                                    .filter_ctx = filter, .emitted = &seed->generated};
    struct record r = {observed, seed};

    seed->family = family;
    seed->variant = variant;
    snprintf(seed->params, sizeof seed->params, "%s", params);
    int rc = add_source(&list, family, variant, params, from, err);
    if (rc == TK_OK)
        rc = tk_predict_window(list.items, 1, from, to, &po, record_match, &r, err);
    tk_sources_free(&list);
    if (rc == TK_ERR_NOMEM)
        tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    if (seed->match_count > 1) /* no matches: no array to sort */
        qsort(seed->matches, seed->match_count, sizeof *seed->matches, by_first_day);
    return rc;
}
