/* test_recover_inv3.c - seed recovery by inversion for dated families (locky): a seed and a
 * day drawn at random at test time generate a list, and recover on one of its names over a
 * window around the day hands back the seed, with a day of the right period, among few
 * candidates. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "takedown/recover.h"
#include "takedown/sources.h"

#define MAX_NAMES 64
#define MAX_CANDIDATES 4096

struct names {
    char list[MAX_NAMES][64];
    size_t count;
};

static int collect(void *ctx, const char *name, size_t len)
{
    struct names *n = ctx;
    if (n->count < MAX_NAMES && len < sizeof n->list[0]) {
        memcpy(n->list[n->count], name, len);
        n->list[n->count++][len] = '\0';
    }
    return TK_OK;
}

/* The names family:variant generates with params on day. */
static void generate(const char *family, const char *variant, const char *params, tk_day day,
                     struct names *out)
{
    struct tk_source_list list = {0};
    struct tk_error err = {0};
    char with_date[160], date[16];

    tk_day_format(day, date);
    snprintf(with_date, sizeof with_date, "%s;date=%s", params, date);
    memset(out, 0, sizeof *out);
    assert_int_equal(tk_sources_add(&list, tk_family_find(family), variant, NULL, with_date,
                                    &err), TK_OK);
    assert_int_equal(tk_predict_once(&list.items[0], collect, out, &err), TK_OK);
    tk_sources_free(&list);
}

struct candidates {
    pthread_mutex_t lock;
    char params[MAX_CANDIDATES][64];
    tk_day days[MAX_CANDIDATES];
    size_t count;
};

static int on_candidate(void *ctx, const struct tk_recover_query *query, const char *params,
                        tk_day day)
{
    struct candidates *c = ctx;
    (void)query;
    pthread_mutex_lock(&c->lock);
    if (c->count < MAX_CANDIDATES) {
        snprintf(c->params[c->count], sizeof c->params[0], "%s", params);
        c->days[c->count] = day;
    }
    c->count++;
    pthread_mutex_unlock(&c->lock);
    return TK_OK;
}

/* Runs family:variant's recover on name over from..to; the candidates stay in c. */
static double recover(const char *family, const char *variant, const char *name, tk_day from,
                      tk_day to, struct candidates *c)
{
    const struct tk_family *f = tk_family_find(family);
    struct tk_recover_query q = {0};
    struct tk_error err = {0};

    assert_non_null(f->recover);
    assert_non_null(f->recover_method);
    c->count = 0;
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
    return q.covered;
}

/* True when a candidate is params with a day in from..to on which params generates name. */
static int has(const struct candidates *c, const char *family, const char *variant,
               const char *params, const char *name, tk_day from, tk_day to)
{
    for (size_t i = 0; i < c->count && i < MAX_CANDIDATES; i++) {
        if (strcmp(c->params[i], params) != 0 || c->days[i] < from || c->days[i] > to)
            continue;
        struct names n;
        generate(family, variant, params, c->days[i], &n);
        for (size_t k = 0; k < n.count; k++)
            if (strcmp(n.list[k], name) == 0)
                return 1;
    }
    return 0;
}

static struct candidates *new_candidates(void)
{
    struct candidates *c = calloc(1, sizeof *c);
    assert_non_null(c);
    pthread_mutex_init(&c->lock, NULL);
    return c;
}

static void free_candidates(struct candidates *c)
{
    pthread_mutex_destroy(&c->lock);
    free(c);
}

/* A day in 2012-2020 and a window of 20 days holding it. */
static tk_day random_day(tk_day *from, tk_day *to)
{
    tk_day first = tk_day_from_civil(2012, 1, 1);
    tk_day day = first + rand() % (tk_day_from_civil(2020, 12, 31) - first - 20);
    *from = day - rand() % 20;
    *to = *from + 20;
    return day;
}

/* One name of a random seed (and v2 rotation) on a random day gives the seed back with a
 * day of the window that generates the name. */
static void check_locky(const char *variant, uint32_t seeds, const char *shift)
{
    struct candidates *c = new_candidates();
    struct names n;
    char params[64];
    tk_day from, to, day = random_day(&from, &to);

    snprintf(params, sizeof params, "seed=%u%s", (unsigned)(rand() % seeds), shift);
    generate("locky", variant, params, day, &n);
    assert_true(n.count >= 8);
    const char *name = n.list[rand() % 8];
    double covered = recover("locky", variant, name, from, to, c);
    print_message("locky:%s %s %s: %zu candidates\n", variant, params, name, c->count);
    assert_true(covered >= seeds);
    assert_true(has(c, "locky", variant, params, name, from, to));
    assert_true(c->count <= 4);
    free_candidates(c);
}

static void locky_seed_found(void **state)
{
    (void)state;
    check_locky("v2", 1u << 22, rand() % 2 ? ";shift=5" : "");
    check_locky("v3", 1u << 16, "");
}

/* Names of no shape the family draws give nothing. */
static void foreign_names_give_nothing(void **state)
{
    struct candidates *c = new_candidates();
    tk_day day = tk_day_from_civil(2016, 3, 1);
    (void)state;
    recover("locky", "v2", "abcz.ru", day, day, c);
    assert_int_equal(c->count, 0);
    recover("locky", "v3", "abcdefghij.tf", day, day, c);
    assert_int_equal(c->count, 0);
    free_candidates(c);
}

int main(void)
{
    unsigned seed = (unsigned)time(NULL);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(locky_seed_found),
        cmocka_unit_test(foreign_names_give_nothing),
    };
    printf("random seed %u\n", seed);
    srand(seed);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
