/* recover_harness.c - what the seed-recovery unit tests share (recover_harness.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "recover_harness.h"
#include "takedown/sources.h"

static int collect(void *ctx, const char *name, size_t len)
{
    struct recover_names *n = ctx;
    if (n->count < RECOVER_MAX_NAMES && len < sizeof n->list[0]) {
        memcpy(n->list[n->count], name, len);
        n->list[n->count++][len] = '\0';
    }
    return TK_OK;
}

int recover_generate_status(const char *family, const char *variant, const char *params,
                            tk_day day, struct recover_names *out)
{
    struct tk_source_list list = {0};
    struct tk_error err = {0};
    char date[16];
    const char *keys[] = {"date"}, *values[] = {date};
    struct tk_overrides ov = {keys, values, 1};

    memset(out, 0, sizeof *out);
    if (day != TK_RECOVER_ANY_DAY)
        tk_day_format(day, date);
    assert_int_equal(tk_sources_add(&list, tk_family_find(family), variant,
                                    day == TK_RECOVER_ANY_DAY ? NULL : &ov, params, &err),
                     TK_OK);
    int rc = tk_predict_once(&list.items[0], collect, out, &err);
    tk_sources_free(&list);
    return rc;
}

void recover_generate(const char *family, const char *variant, const char *params, tk_day day,
                      struct recover_names *out)
{
    assert_int_equal(recover_generate_status(family, variant, params, day, out), TK_OK);
}

static int on_candidate(void *ctx, const struct tk_recover_query *query, const char *params,
                        tk_day day)
{
    struct recover_candidates *c = ctx;
    int dated = tk_family_takes_date(query->family);
    pthread_mutex_lock(&c->lock);
    if (dated ? day < query->from || day > query->to : day != TK_RECOVER_ANY_DAY)
        c->bad_day = 1;
    if (c->count < RECOVER_MAX_CANDIDATES) {
        snprintf(c->params[c->count], sizeof c->params[0], "%s", params);
        c->days[c->count] = day;
    }
    c->count++;
    pthread_mutex_unlock(&c->lock);
    return TK_OK;
}

struct recover_candidates *recover_candidates_new(void)
{
    struct recover_candidates *c = calloc(1, sizeof *c);
    assert_non_null(c);
    c->params = calloc(RECOVER_MAX_CANDIDATES, sizeof c->params[0]);
    c->days = calloc(RECOVER_MAX_CANDIDATES, sizeof c->days[0]);
    assert_true(c->params && c->days);
    pthread_mutex_init(&c->lock, NULL);
    return c;
}

void recover_candidates_free(struct recover_candidates *c)
{
    pthread_mutex_destroy(&c->lock);
    free(c->params);
    free(c->days);
    free(c);
}

double recover_run(const char *family, const char *variant, const char *name, tk_day from,
                   tk_day to, struct recover_candidates *c)
{
    const struct tk_family *f = tk_family_find(family);
    struct tk_recover_query q = {0};
    struct tk_error err = {0};

    assert_non_null(f->recover);
    assert_non_null(f->recover_method);
    c->count = 0;
    c->bad_day = 0;
    q.family = f;
    q.variant = tk_family_variant(f, variant);
    q.name = name;
    q.len = strlen(name);
    q.from = from;
    q.to = to;
    q.threads = 2;
    q.candidate = on_candidate;
    q.ctx = c;
    assert_int_equal(f->recover(&q, &err), TK_OK);
    assert_false(c->bad_day);
    return q.covered;
}

int recover_has(const struct recover_candidates *c, const char *params)
{
    for (size_t i = 0; i < c->count && i < RECOVER_MAX_CANDIDATES; i++)
        if (strcmp(c->params[i], params) == 0)
            return 1;
    return 0;
}

uint32_t recover_random32(void)
{
    return (uint32_t)rand() << 16 ^ (uint32_t)rand();
}
